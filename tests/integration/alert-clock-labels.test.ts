// Staff warnings, breach alerts and manager alerts name a clock with the period of the policy the
// clock counts with: a CMS 부당인출 complaint (14 working days) is never "(최대 7영업일)".
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { notifications } from "../../db/schema";
import { staffActor } from "~/auth/session.server";
import { renderEmail, renderSms } from "~/notify/render.server";
import type { TemplateName } from "~/notify/templates";
import { createStaffMember } from "~/staff/staff.server";
import { sweepOnce } from "~/sla/sweep.server";
import { assignTicket, createTicket, getTicketDetail } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);

describe("clock labels in staff alerts", () => {
  it("a 14-working-day resolution clock is called so in the warning, the breach alert and the manager alert", async () => {
    await createStaffMember({ email: "mgr@labels.test", name: "관리자", role: "manager" });
    await createStaffMember({ email: "lead@labels.test", name: "팀장", role: "lead", team: "labels" });
    const agent = await createStaffMember({ email: "agent@labels.test", name: "상담", role: "agent", team: "labels" });
    const received = kst("2026-06-01T09:00:00");
    const { reference } = await createTicket(
      {
        channel: "web",
        category: "auto_debit",
        subject: "자동이체 부당인출",
        body: "동의하지 않은 출금이 있었습니다.",
        customer: { name: "홍길동", email: "hong@example.com" },
        receivedAt: received,
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    await atTime(kst("2026-06-01T09:10:00"), () => assignTicket(reference, agent.email, staffActor({ ...agent, locale: "ko" })));
    const resolution = (await getTicketDetail(reference))!.timers.find((t) => t.metric === "resolution")!;
    expect(resolution.period).toEqual({ kind: "days", amount: 14 });
    const due = resolution.dueAt.getTime();
    const ids = [resolution.id];
    expect((await sweepOnce({ now: new Date(due - 60_000), timerIds: ids })).warned).toBe(1);
    expect((await sweepOnce({ now: new Date(due + 60_000), timerIds: ids })).breached).toBe(1);
    expect((await sweepOnce({ now: new Date(due + 7 * 86_400_000), timerIds: ids })).escalated).toBe(1);

    const templates: TemplateName[] = ["staff_warning", "staff_breach_alert", "manager_alert"];
    const rows = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.audience, "staff"), inArray(notifications.template, templates)));
    expect(new Set(rows.map((r) => r.template))).toEqual(new Set(templates));
    for (const row of rows) {
      const ko = await renderEmail(row.template as TemplateName, row.payload as Record<string, unknown>, "ko");
      const en = await renderEmail(row.template as TemplateName, row.payload as Record<string, unknown>, "en");
      const sms = renderSms(row.template as TemplateName, row.payload as Record<string, unknown>, "ko");
      expect(ko.text, row.template).toContain("14영업일");
      // The subject and the text message may leave the clock unnamed, never misnamed.
      for (const [what, text] of [
        ["ko subject", ko.subject],
        ["ko text", ko.text],
        ["sms", JSON.stringify(sms)],
      ] as const) {
        expect(text, `${row.template} ${what}`).not.toContain("7영업일");
      }
      expect(en.text, row.template).toContain("14 working days");
      expect(en.text, row.template).not.toMatch(/\b7 working days/);
    }
  });
});
