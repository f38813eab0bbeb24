// Alerts in a burst (ADRs 0028, 0029): when one sweep batch escalates more than a handful of
// tickets, each manager gets one summary listing them instead of an email per ticket; when it
// breaks deadlines on more than a handful of one person's tickets, that person gets one summary.
// A handful still arrive one per ticket. The escalation rule holds on both paths that escalate — a
// breach found after its escalation moment (the breach write) and the escalation sweep — and every
// clock keeps its own history entry.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, slaTimers, ticketEvents } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { SUMMARY_AFTER, SUMMARY_LIST } from "~/sla/breach.server";
import { sweepOnce } from "~/sla/sweep.server";
import { renderEmail, renderSms } from "~/notify/render.server";
import { deliverDueNotifications } from "~/notify/deliver.server";
import { assignTicket, createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { atTime } from "../support/clock";

useTestDatabase();
process.env.PUBLIC_URL = "https://desk.test.example";
process.env.MAIL_FROM = "고객만족센터 <desk@test.example>";

// The summaries go out through the real delivery round and SMTP client, to a local mail server.
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => {
  await sink?.stop();
});

async function deliverAll() {
  while ((await deliverDueNotifications({ batchSize: 500 })).claimed > 0);
}

const kst = (local: string) => new Date(`${local}+09:00`);
const CODE = /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/;

type DigestPayload = {
  count: number;
  clocks: number;
  earliestDueAt: string;
  tickets: Array<{ reference: string; subject?: string; metrics: string[]; dueAt: string }>;
  covered: Array<{ ticketId: string; metrics: string[] }>;
};

let seq = 0;
/** `count` assigned tickets received on `day` at 09:00 KST (their clocks, running). */
async function tickets(count: number, day: string, agentEmail: string, actor: Parameters<typeof assignTicket>[2]) {
  const made: Array<{ reference: string; id: string }> = [];
  for (let i = 0; i < count; i++) {
    const n = ++seq;
    const receivedAt = kst(`${day}T09:00:00`);
    const t = await createTicket(
      intake({ subject: `지연 문의 ${n}`, customer: { name: "홍길동", email: `digest${n}@example.com` }, receivedAt }),
      {
        kind: "customer",
      },
    );
    await atTime(kst(`${day}T09:05:00`), () => assignTicket(t.reference, agentEmail, actor));
    made.push({ reference: t.reference, id: t.id });
  }
  // Their first-reply clocks: all due at the same moment.
  const timers = await db()
    .select({ id: slaTimers.id, dueAt: slaTimers.dueAt })
    .from(slaTimers)
    .where(
      and(
        inArray(
          slaTimers.ticketId,
          made.map((m) => m.id),
        ),
        eq(slaTimers.state, "running"),
        eq(slaTimers.metric, "first_reply"),
      ),
    );
  expect(timers).toHaveLength(count);
  return { made, timerIds: timers.map((t) => t.id), dueAt: Math.max(...timers.map((t) => t.dueAt.getTime())) };
}

async function managerRows(managerId: string, ticketIds: string[], firstClock: string[]) {
  const rows = await db().select().from(notifications).where(eq(notifications.recipientStaffId, managerId));
  return {
    perTicket: rows.filter((n) => n.template === "manager_alert" && n.ticketId !== null && ticketIds.includes(n.ticketId)),
    digests: rows.filter((n) => n.template === "manager_digest" && firstClock.some((id) => n.dedupeKey.includes(id))),
  };
}

/** The history entries of one type on these tickets. */
const eventsOf = (ticketIds: string[], type: string) =>
  db()
    .select()
    .from(ticketEvents)
    .where(and(inArray(ticketEvents.ticketId, ticketIds), eq(ticketEvents.type, type)));

/**
 * A summary's data — its count of tickets and clocks, the listed tickets by deadline up to the cap —
 * and its email and SMS in Korean and English: every listed reference, the overdue-queue link, the
 * count of the rest, no internal codes.
 */
async function expectSummary(
  template: "manager_digest" | "staff_breach_summary",
  payload: DigestPayload,
  expected: { count: number; clocks: number; references: string[] },
) {
  const { count } = expected;
  expect(payload.count).toBe(count);
  expect(payload.clocks).toBe(expected.clocks);
  expect(payload.tickets).toHaveLength(Math.min(count, SUMMARY_LIST));
  const dues = payload.tickets.map((t) => t.dueAt);
  expect(dues).toEqual(dues.toSorted());
  expect(payload.earliestDueAt).toBe(dues[0]);
  for (const t of payload.tickets) expect(expected.references).toContain(t.reference);
  for (const locale of ["ko", "en"] as const) {
    const mail = await renderEmail(template, payload, locale);
    expect(mail.subject).toContain(String(count));
    for (const t of payload.tickets) expect(mail.text).toContain(t.reference);
    expect(mail.text).toContain("/desk?tab=overdue");
    if (count > SUMMARY_LIST) expect(mail.text).toContain(String(count - SUMMARY_LIST));
    expect(mail.subject).not.toMatch(CODE);
    expect(mail.text.replace(/https?:\/\/\S+/g, "")).not.toMatch(CODE);
    const sms = renderSms(template, payload, locale);
    expect(sms.text).toContain(String(count));
    expect(sms.text).not.toMatch(CODE);
  }
}

/** Delivers the outbox, then each summary has arrived once at its person: in Korean, with the count and the queue link. */
async function expectDelivered(sent: Array<{ id: string; email: string; count: number }>) {
  await deliverAll();
  for (const { id, email, count } of sent) {
    const mails = sink.messages.filter((mail) => mail.headers.get("x-desk-notification") === id);
    expect(mails).toHaveLength(1);
    expect(mails[0].to.join(" ")).toContain(email);
    expect(mails[0].subject).toContain(`${count}건`);
    expect(mails[0].text).toContain("https://desk.test.example/desk?tab=overdue");
  }
}

describe("managers' escalation alerts", () => {
  // Around the threshold, and past the list's length.
  const sizes = [1, SUMMARY_AFTER, SUMMARY_AFTER + 1, SUMMARY_LIST + 3];

  it.each(["found late (the breach write)", "the escalation sweep"] as const)(
    "%s: a handful of tickets reach each manager one by one, a burst in one summary",
    async (path) => {
      const managers = [
        await createStaffMember({ email: `m1-${path.length}@t.kr`, name: "관리자가", role: "manager" }),
        await createStaffMember({ email: `m2-${path.length}@t.kr`, name: "관리자나", role: "manager" }),
      ];
      const agent = await createStaffMember({ email: `a-${path.length}@t.kr`, name: "상담원", role: "agent", team: `d${path.length}` });
      const actor = staffActor({ ...agent, locale: "ko" });
      for (const [i, size] of sizes.entries()) {
        const day = ["2026-04-07", "2026-05-12", "2026-06-09", "2026-07-07"][i];
        const { made, timerIds, dueAt } = await tickets(size, day, agent.email, actor);
        if (path === "the escalation sweep") {
          // Breached on time (a minute after the deadline), escalated weeks later.
          const breach = await sweepOnce({ now: new Date(dueAt + 60_000), timerIds });
          expect(breach).toMatchObject({ breached: timerIds.length, escalated: 0 });
        }
        const result = await sweepOnce({ now: new Date(dueAt + 20 * 86_400_000), timerIds });
        expect(result.escalated).toBe(timerIds.length);

        // Every escalated clock keeps its own history entry.
        const escalatedEvents = await eventsOf(
          made.map((m) => m.id),
          "sla.escalated",
        );
        expect(escalatedEvents).toHaveLength(timerIds.length);

        const sent: Array<{ id: string; email: string; count: number }> = [];
        for (const m of managers) {
          const { perTicket, digests } = await managerRows(
            m.id,
            made.map((t) => t.id),
            timerIds,
          );
          if (size <= SUMMARY_AFTER) {
            expect({ size, perTicket: perTicket.length, digests: digests.length }).toEqual({ size, perTicket: size, digests: 0 });
            continue;
          }
          expect({ size, perTicket: perTicket.length, digests: digests.length }).toEqual({ size, perTicket: 0, digests: 1 });
          const digest = digests[0];
          expect(digest.ticketId).toBeNull();
          expect(digest.status).toBe("queued");
          sent.push({ id: digest.id, email: m.email, count: size });
          await expectSummary("manager_digest", digest.payload as DigestPayload, {
            count: size,
            clocks: timerIds.length,
            references: made.map((x) => x.reference),
          });
        }
        // As each manager receives it.
        await expectDelivered(sent);
      }
    },
  );
});

describe("breach alerts to the people working the tickets", () => {
  const sizes = [1, SUMMARY_AFTER, SUMMARY_AFTER + 1, SUMMARY_LIST + 3];

  it("a handful of one person's tickets reach them one by one, a burst in one summary naming every ticket", async () => {
    const team = "breach-summary";
    const agent = await createStaffMember({ email: "bs-agent@t.kr", name: "김상담", role: "agent", team });
    const other = await createStaffMember({ email: "bs-other@t.kr", name: "이상담", role: "agent", team });
    const lead = await createStaffMember({ email: "bs-lead@t.kr", name: "박팀장", role: "lead", team });
    const actor = staffActor({ ...lead, locale: "ko" });
    for (const [i, size] of sizes.entries()) {
      const day = ["2026-04-14", "2026-05-19", "2026-06-16", "2026-07-14"][i];
      // In the same batch: `size` tickets of one agent, two of another.
      const mine = await tickets(size, day, agent.email, actor);
      const theirs = await tickets(2, day, other.email, actor);
      const timerIds = [...mine.timerIds, ...theirs.timerIds];
      const result = await sweepOnce({ now: new Date(Math.max(mine.dueAt, theirs.dueAt) + 60_000), timerIds });
      expect(result.breached).toBe(timerIds.length);

      // Every breach keeps its own history entry.
      const breachEvents = await eventsOf(
        [...mine.made, ...theirs.made].map((m) => m.id),
        "sla.timer_breached",
      );
      expect(breachEvents).toHaveLength(timerIds.length);

      const rowsOf = async (staffId: string) =>
        (await db().select().from(notifications).where(eq(notifications.recipientStaffId, staffId))).filter((n) =>
          timerIds.some((id) => n.dedupeKey.includes(id)),
        );
      const expectations = [
        { person: agent, count: size, made: mine.made },
        { person: other, count: 2, made: theirs.made },
        // The team lead hears of every ticket of the batch.
        { person: lead, count: size + 2, made: [...mine.made, ...theirs.made] },
      ];
      const sent: Array<{ id: string; email: string; count: number }> = [];
      for (const { person, count, made } of expectations) {
        const rows = await rowsOf(person.id);
        const perTicket = rows.filter((n) => n.template === "staff_breach_alert");
        const summaries = rows.filter((n) => n.template === "staff_breach_summary");
        if (count <= SUMMARY_AFTER) {
          expect({ count, perTicket: perTicket.length, summaries: summaries.length }).toEqual({ count, perTicket: count, summaries: 0 });
          expect(perTicket.map((n) => n.ticketId).toSorted()).toEqual(made.map((m) => m.id).toSorted());
          continue;
        }
        expect({ count, perTicket: perTicket.length, summaries: summaries.length }).toEqual({ count, perTicket: 0, summaries: 1 });
        const summary = summaries[0];
        expect(summary.ticketId).toBeNull();
        sent.push({ id: summary.id, email: person.email, count });
        const payload = summary.payload as DigestPayload;
        await expectSummary("staff_breach_summary", payload, { count, clocks: count, references: made.map((m) => m.reference) });
        // Every ticket is named, listed or not, with the clock that broke.
        expect(payload.covered.map((c) => c.ticketId).toSorted()).toEqual(made.map((m) => m.id).toSorted());
        for (const c of payload.covered) expect(c.metrics).toEqual(["first_reply"]);
        // A broken first reply is a broken promise: the guarantee case is mentioned.
        for (const locale of ["ko", "en"] as const)
          expect((await renderEmail("staff_breach_summary", payload, locale)).text).toContain(
            locale === "ko" ? "서비스 보증" : "service guarantee",
          );
      }
      // As each person receives it.
      await expectDelivered(sent);
    }
  });
});
