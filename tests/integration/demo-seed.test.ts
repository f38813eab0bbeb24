// The demo data (app/demo): a center's last ~3 months told through the desk's own services on a
// story clock. What a newcomer sees first must look like a real, mostly well-run center — and
// every clock in it must be one the engine itself would have produced.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { login } from "../../app/auth/session.server";
import { DEMO_DAYS, DEMO_PASSWORD, DEMO_STAFF, seedDemoData, type DemoSummary } from "../../app/demo/seed.server";
import { planContacts } from "../../app/demo/plan";
import { complianceSection } from "../../app/reports/dashboard.server";
import { last12Months } from "../../app/reports/period";
import { currentCalendar } from "../../app/sla/calendar.server";
import { deadlineOf } from "../../app/sla/timer-math";
import { basisOf, type TimerRow } from "../../app/sla/timers.server";
import { slaTimers } from "../../db/schema";
import { useTestDatabase } from "../support/db";

useTestDatabase();

let summary: DemoSummary;
let seededAt: number;

beforeAll(async () => {
  summary = await seedDemoData();
  seededAt = Date.now();
  console.log(
    `[demo-seed] ${summary.tickets} tickets, ${summary.steps} steps, ${summary.guaranteeCases} guarantee cases in ${summary.ms} ms`,
  );
}, 180_000);

const rows = async <T>(query: ReturnType<typeof sql>) => (await db().execute(query)) as unknown as T[];

describe("the demo center", () => {
  it("keeps its promises about nine times in ten, as the dashboard counts them", async () => {
    const compliance = await complianceSection(last12Months(), { team: null, locked: false });
    const { met, breached } = compliance.total;
    const rate = met / (met + breached);
    console.log(`[demo-seed] compliance ${(rate * 100).toFixed(1)} % (${met} met, ${breached} breached)`);
    expect(met + breached).toBeGreaterThan(500);
    expect(rate).toBeGreaterThanOrEqual(0.85);
    expect(rate).toBeLessThanOrEqual(0.95);
  });

  it("has some, but few, open guarantee cases, at different steps, and more closed ones", async () => {
    const cases = await rows<{ status: string; fact_checked: boolean; apologised: boolean }>(sql`
      select status, fact_checked_at is not null as fact_checked, apology_at is not null as apologised from guarantee_cases`);
    const open = cases.filter((c) => c.status === "open");
    expect(open.length).toBeGreaterThanOrEqual(1);
    expect(open.length).toBeLessThanOrEqual(6);
    // One waits for its fact check, one for the customer after the apology.
    expect(open.some((c) => !c.fact_checked)).toBe(true);
    expect(open.some((c) => c.fact_checked && c.apologised)).toBe(true);
    expect(cases.filter((c) => c.status === "closed").length).toBeGreaterThan(open.length);
  });

  it("lies wholly in the past: no contact, event, message or record after the seed", async () => {
    const [future] = await rows<Record<string, number>>(sql`
      select (select count(*) from tickets where received_at > ${new Date(seededAt).toISOString()}::timestamptz or created_at > now())::int as tickets,
             (select count(*) from ticket_events where at > now())::int as events,
             (select count(*) from messages where created_at > now())::int as messages,
             (select count(*) from sla_timers where created_at > now() or started_at > now())::int as timers,
             (select count(*) from notifications where created_at > now())::int as notifications,
             (select count(*) from guarantee_cases where opened_at > now())::int as cases,
             (select count(*) from tickets where received_at < now() - make_interval(days => ${DEMO_DAYS + 1}))::int as too_old`);
    expect(future).toEqual({ tickets: 0, events: 0, messages: 0, timers: 0, notifications: 0, cases: 0, too_old: 0 });
    // A reply is written when its event says, not when the seed ran (database defaults are story time too).
    const [skew] = await rows<{ n: number }>(sql`
      select count(*)::int as n from ticket_events e join messages m on m.id = (e.data->>'messageId')::uuid
      where e.type = 'reply.sent' and abs(extract(epoch from m.created_at - e.at)) > 1`);
    expect(skew.n).toBe(0);
  });

  it("holds only clocks the engine would have: deadlines by its own arithmetic, late means breached", async () => {
    const cal = (await currentCalendar()).calendar;
    const timers: TimerRow[] = await db().select().from(slaTimers);
    expect(timers.length).toBeGreaterThan(1000);
    const wrong: string[] = [];
    for (const t of timers) {
      const label = `${t.metric} ${t.id} ${t.state}`;
      // A paused clock's open pause is not counted yet; every other deadline is the engine's.
      if (t.state !== "paused" && deadlineOf(cal, basisOf(t)) !== t.dueAt.getTime()) wrong.push(`${label}: deadline`);
      const due = t.dueAt.getTime();
      if (t.state === "met" && t.metAt!.getTime() > due) wrong.push(`${label}: met after its deadline`);
      if (t.state === "cancelled" && t.cancelledAt!.getTime() > due) wrong.push(`${label}: cancelled after its deadline`);
      if (t.state === "breached") {
        if (t.breachedAt?.getTime() !== due) wrong.push(`${label}: breached at another instant than its deadline`);
        if (t.metAt && t.metAt.getTime() <= due) wrong.push(`${label}: breached though finished in time`);
        if (!t.breachDetectedAt || t.breachDetectedAt.getTime() < due) wrong.push(`${label}: breach found before it happened`);
      }
      // The story's deadline watch ran to its end (10 minutes ago): nothing overdue is left running.
      if (t.state === "running" && due < seededAt - 15 * 60_000) wrong.push(`${label}: overdue but running`);
    }
    expect(wrong).toEqual([]);
    expect(summary.refused).toBe(0);
  });

  it("is busy on weekdays and quiet on weekends and holidays, over every channel and the CMS category", async () => {
    const cal = (await currentCalendar()).calendar;
    const tickets = await rows<{ channel: string; category: string; kind: string; received_at: Date | string }>(
      sql`select channel, category, kind, received_at from tickets`,
    );
    const closedDay = tickets.filter((t) => !cal.isWorkingDay(cal.dateOf(new Date(t.received_at).getTime())));
    const workingDay = tickets.length - closedDay.length;
    expect(closedDay.every((t) => ["web", "email", "sms"].includes(t.channel))).toBe(true);
    expect(closedDay.length).toBeLessThan(workingDay / 5);
    expect(new Set(tickets.map((t) => t.channel))).toEqual(new Set(["web", "email", "phone", "sms", "mail", "fax", "visit"]));
    expect(tickets.filter((t) => t.category === "auto_debit").length).toBeGreaterThan(5);
    expect(new Set(tickets.map((t) => t.kind))).toEqual(new Set(["inquiry", "complaint", "suggestion", "praise"]));
  });

  it("shows the work of a real desk: interim notices, waiting on customers, happy calls, praise, and a live queue", async () => {
    const [counts] = await rows<Record<string, number>>(sql`
      select (select count(*) from ticket_events where type = 'interim_notice.sent')::int as interim,
             (select count(*) from ticket_events where type = 'sla.deadline_moved')::int as moved,
             (select count(*) from ticket_events where type = 'ticket.paused')::int as paused,
             (select count(*) from satisfaction_ratings)::int as ratings,
             (select count(*) from ticket_events where type = 'ticket.reopened')::int as reopened,
             (select count(*) from staff_praises)::int as praise,
             (select count(*) from tickets where status in ('new', 'open', 'waiting'))::int as open,
             (select count(*) from tickets where status = 'closed')::int as closed,
             (select count(*) from notifications where status = 'queued')::int as queued`);
    expect(counts.interim).toBeGreaterThan(5);
    expect(counts.moved).toBeGreaterThan(0);
    expect(counts.paused).toBeGreaterThan(0);
    expect(counts.ratings).toBeGreaterThan(100);
    expect(counts.reopened).toBeGreaterThan(0);
    expect(counts.praise).toBeGreaterThan(0);
    expect(counts.open).toBeGreaterThan(5);
    expect(counts.open).toBeLessThan(counts.closed / 5);
    // What the story sent went out back then: nothing is left to send to demo customers today.
    expect(counts.queued).toBe(0);
    // The queue has work due today or later and work already late.
    const [queue] = await rows<{ later: number; late: number }>(sql`
      select count(*) filter (where s.state = 'running' and s.due_at > now())::int as later,
             count(*) filter (where s.state = 'breached' and t.status in ('new', 'open', 'waiting'))::int as late
      from sla_timers s join tickets t on t.id = s.ticket_id`);
    expect(queue.later).toBeGreaterThan(0);
    expect(queue.late).toBeGreaterThan(0);
  });

  it("keeps the demo staff and their password", async () => {
    for (const person of DEMO_STAFF) {
      const user = await login(person.email, DEMO_PASSWORD);
      expect(user?.name, person.email).toBe(person.name);
      expect(user?.mustChangePassword, person.email).toBeFalsy();
    }
  });
});

describe("the demo plan", () => {
  it("is the same plan for the same day, and lies between its dates", async () => {
    const cal = (await currentCalendar()).calendar;
    const end = Date.UTC(2026, 5, 15, 3);
    const a = planContacts(cal, "2026-03-16", end);
    const b = planContacts(cal, "2026-03-16", end);
    expect(a).toEqual(b);
    expect(a.every((c, i) => c.index === i && c.receivedAt < end && c.receivedAt >= cal.startOfDay("2026-03-16"))).toBe(true);
    expect(a.every((c, i) => i === 0 || a[i - 1].receivedAt <= c.receivedAt)).toBe(true);
  });
});
