// The running clocks of an absent assignee go to a deputy (issue 19, ADR 0012), through the real
// sweep on a real database. One rule over every combination of: the clock (a callback, or a reply
// clock), where it stands (early, or due soon), the assignee's absence (none, in force, cancelled,
// not yet begun) and the deputy (here; away with a deputy of their own who is here; away with no
// one present down the chain, so the team lead takes it):
//   handed over ⇔ the absence is in force and (the clock is a callback or it is due soon);
//   then the ticket is the deputy's (else the lead's), with one `assignment.handed_over` event and
//   one alert to them, a due-soon warning reaches them and not the absent person, and a second
//   sweep changes nothing.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { notifications, slaTimers, ticketEvents, tickets, type SlaMetric } from "../../db/schema";
import { db } from "../../db/connection";
import type { StaffUser } from "~/auth/session.server";
import { staffActor } from "~/auth/session.server";
import { describeEvent, staffNames } from "~/desk/history";
import { translator } from "~/i18n/i18n";
import { sweepOnce } from "~/sla/sweep.server";
import { cancelAbsence, recordAbsence } from "~/staff/absence.server";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const CLOCKS = ["callback", "first_reply"] as const;
const PHASES = ["early", "dueSoon"] as const;
const ABSENCES = ["none", "inForce", "cancelled", "future"] as const;
const DEPUTIES = ["here", "awayWithChain", "awayNoChain"] as const;

type Case = {
  clock: (typeof CLOCKS)[number];
  phase: (typeof PHASES)[number];
  absence: (typeof ABSENCES)[number];
  deputy: (typeof DEPUTIES)[number];
};

const cases: Case[] = CLOCKS.flatMap((clock) =>
  PHASES.flatMap((phase) => ABSENCES.flatMap((absence) => DEPUTIES.map((deputy) => ({ clock, phase, absence, deputy })))),
);

const HOUR = 3_600_000;
let manager: StaffUser;

beforeAll(async () => {
  const m = await createStaffMember({ email: "handover-manager@desk.test", name: "최관리", role: "manager", team: null });
  manager = { id: m.id, email: m.email, name: m.name, role: "manager", teamId: null, locale: "ko" };
});

let serial = 0;
async function people() {
  const n = ++serial;
  const team = `handover-${n}`;
  const make = (who: string, role: "agent" | "lead") =>
    createStaffMember({ email: `${who}-${n}@desk.test`, name: `${who}${n}`, role, team });
  const [absent, deputy, second, lead] = [
    await make("absent", "agent"),
    await make("deputy", "agent"),
    await make("second", "agent"),
    await make("lead", "lead"),
  ];
  return { absent, deputy, second, lead };
}

async function ticketFor(clock: Case["clock"]) {
  return createTicket(
    {
      channel: clock === "callback" ? "phone" : "web",
      kind: "inquiry",
      category: "general",
      subject: "대출 상환 문의",
      body: "상환 일정을 바꾸고 싶습니다.",
      customer: { name: "홍길동", email: `c${serial}@example.com`, phone: "010-1111-2222" },
      callbackRequested: clock === "callback",
      resolvedOnContact: false,
    },
    { kind: "customer" },
  );
}

describe("running clocks of an absent assignee are handed to a deputy", () => {
  it.each(cases)("%o", async (c) => {
    const p = await people();
    const created = await ticketFor(c.clock);
    await assignTicket(created.reference, p.absent.id, staffActor(manager));
    const timers = await db().select().from(slaTimers).where(eq(slaTimers.ticketId, created.id));
    const clock = timers.find((t) => t.metric === (c.clock as SlaMetric) && t.state === "running")!;
    expect(clock, "the case's clock runs").toBeTruthy();
    // Early: just after the clock started (before any warning moment of this ticket); due soon: just past its warning.
    const earliestWarn = Math.min(...timers.filter((t) => t.state === "running" && t.warnAt).map((t) => t.warnAt!.getTime()));
    const now = new Date(
      c.phase === "early" ? Math.min(clock.startedAt.getTime() + 60_000, earliestWarn - 60_000) : clock.warnAt!.getTime() + 1_000,
    );
    expect(now.getTime()).toBeLessThan(clock.dueAt.getTime());

    const period =
      c.absence === "future"
        ? { startsAt: new Date(now.getTime() + HOUR), endsAt: new Date(now.getTime() + 48 * HOUR) }
        : { startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 48 * HOUR) };
    if (c.absence !== "none") {
      const row = await recordAbsence({ staffId: p.absent.id, deputyId: p.deputy.id, kind: "leave", ...period }, manager);
      if (c.absence === "cancelled") await cancelAbsence(row.id, manager);
    }
    const away = { startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + 48 * HOUR) };
    // The deputy away too: with someone of their own who is here, or naming the absent person (a circle).
    if (c.deputy === "awayWithChain")
      await recordAbsence({ staffId: p.deputy.id, deputyId: p.second.id, kind: "training", ...away }, manager);
    if (c.deputy === "awayNoChain")
      await recordAbsence({ staffId: p.deputy.id, deputyId: p.absent.id, kind: "training", ...away }, manager);

    const timerIds = timers.map((t) => t.id);
    const first = await sweepOnce({ now, timerIds });

    const handedOver = c.absence === "inForce" && (c.clock === "callback" || c.phase === "dueSoon");
    const taker = c.deputy === "here" ? p.deputy : c.deputy === "awayWithChain" ? p.second : p.lead;
    const expected = handedOver ? taker : p.absent;

    const [ticket] = await db().select().from(tickets).where(eq(tickets.id, created.id));
    expect(ticket.assigneeId).toBe(expected.id);
    expect(first.handedOver).toBe(handedOver ? 1 : 0);
    const events = await db()
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, created.id), eq(ticketEvents.type, "assignment.handed_over")));
    expect(events).toHaveLength(handedOver ? 1 : 0);
    const alerts = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, created.id), eq(notifications.template, "staff_handover")));
    expect(alerts.map((a) => a.recipientStaffId)).toEqual(handedOver ? [taker.id] : []);
    if (handedOver) {
      expect(events[0].data).toMatchObject({
        absentStaffId: p.absent.id,
        deputyId: taker.id,
        via: c.deputy === "awayNoChain" ? "lead" : "deputy",
      });
      expect((events[0].data as { clocks: Array<{ timerId: string }> }).clocks.map((k) => k.timerId)).toContain(clock.id);
      // The history says it in words, naming both people.
      const line = describeEvent(
        translator("ko"),
        events[0] as { type: string; data: Record<string, unknown> },
        staffNames([p.absent, taker]),
      );
      expect(line.title).not.toMatch(/[a-z]+\.[a-z_]+/);
      expect(line.details.join(" ")).toContain(taker.name);
      expect(line.details.join(" ")).toContain(p.absent.name);
    }
    // A due-soon warning reaches whoever holds the ticket now — never only the absent person.
    if (c.phase === "dueSoon") {
      const warnings = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.ticketId, created.id), eq(notifications.template, "staff_warning")));
      expect(warnings.map((w) => w.recipientStaffId)).toContain(expected.id);
      if (handedOver) expect(warnings.map((w) => w.recipientStaffId)).not.toContain(p.absent.id);
    }

    // Exactly once: the next pass finds nothing more to hand over.
    const second = await sweepOnce({ now: new Date(now.getTime() + 1_000), timerIds });
    expect(second.handedOver).toBe(0);
    const again = await db()
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, created.id), eq(ticketEvents.type, "assignment.handed_over")));
    expect(again).toHaveLength(handedOver ? 1 : 0);
  });
});
