// SLA compliance figures against hand-built timer sets: what counts as met, breached and
// running, period edges at KST midnight, grouping, team scope, and the roll-up staying exact
// (refreshed or not) while tickets change through the ticket service and the sweep.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { customers, satisfactionRatings, slaTimers, tickets, type SlaMetric } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { classifyTimer, complianceRate } from "~/reports/aggregate";
import { breachedOpenSection, ratingTickets, satisfactionSection } from "~/reports/dashboard.server";
import { addDaysIso, addMonthsIso, last12Months, lastMonth, periodInstants, thisMonth } from "~/reports/period";
import { refreshSlaReport } from "~/reports/rollup.server";
import { rollupBuckets, slaCube, slaDrill, slaReportRows, wholeWeeks, type SlaCube } from "~/reports/sla-report.server";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { sweepOnce } from "~/sla/sweep.server";
import { createStaffMember, ensureTeam } from "~/staff/staff.server";
import {
  assignTicket,
  recordHappyCall,
  closeTicket,
  createTicket,
  getTicketDetail,
  pauseTicket,
  reopenTicket,
  replyToCustomer,
  resolveTicket,
} from "~/tickets/tickets.server";
import { kstDate } from "~/lib/time";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
let seq = 0;

type TimerSpec = {
  metric?: SlaMetric;
  state: "running" | "paused" | "met" | "breached" | "cancelled";
  dueAt: Date;
  metAt?: Date | null;
  breachedAt?: Date | null;
};

/** A ticket row and its timers written directly: full control over states and instants. */
async function handBuilt(
  dims: { channel?: "web" | "email" | "phone"; category?: string; teamId?: string | null; assigneeId?: string | null },
  timers: TimerSpec[],
) {
  await ensureDefaultCalendar();
  const [customer] = await db().insert(customers).values({ name: "홍길동" }).returning();
  seq++;
  const [ticket] = await db()
    .insert(tickets)
    .values({
      reference: `990101-${String(seq).padStart(4, "0")}`,
      channel: dims.channel ?? "web",
      category: dims.category ?? "general",
      subject: `보고서 시험 ${seq}`,
      body: "내용",
      customerId: customer.id,
      teamId: dims.teamId ?? null,
      assigneeId: dims.assigneeId ?? null,
      receivedAt: kst("2026-05-01T09:00:00"),
    })
    .returning();
  for (const t of timers) {
    await db()
      .insert(slaTimers)
      .values({
        ticketId: ticket.id,
        metric: t.metric ?? "first_reply",
        state: t.state,
        startedAt: new Date(t.dueAt.getTime() - 3_600_000),
        dueAt: t.dueAt,
        metAt: t.metAt ?? null,
        breachedAt: t.breachedAt ?? null,
        cancelledAt: t.state === "cancelled" ? t.dueAt : null,
        calendarVersion: 1,
      });
  }
  return ticket;
}

const totals = (cube: SlaCube) => cube.total;
const rowOf = (cube: SlaCube, dim: "metric" | "channel" | "category" | "assignee", key: string) =>
  cube.byDimension[dim]?.find((r) => r.key === key) ?? { key, met: 0, breached: 0, running: 0 };

describe("definitions (pure)", () => {
  const now = kst("2026-05-20T12:00:00");
  const due = kst("2026-05-20T10:00:00");
  const later = kst("2026-05-21T10:00:00");
  it("classifies every state", () => {
    expect(classifyTimer({ state: "met", dueAt: due, metAt: kst("2026-05-20T09:00:00"), breachedAt: null }, now)).toBe("met");
    expect(classifyTimer({ state: "met", dueAt: due, metAt: due, breachedAt: null }, now)).toBe("met");
    // Met after the deadline before the sweep noticed: the deadline passed first.
    expect(classifyTimer({ state: "met", dueAt: due, metAt: kst("2026-05-20T10:01:00"), breachedAt: null }, now)).toBe("breached");
    expect(classifyTimer({ state: "breached", dueAt: due, metAt: null, breachedAt: due }, now)).toBe("breached");
    // A breach is permanent, even when completed later.
    expect(classifyTimer({ state: "breached", dueAt: due, metAt: later, breachedAt: due }, now)).toBe("breached");
    expect(classifyTimer({ state: "running", dueAt: later, metAt: null, breachedAt: null }, now)).toBe("running");
    expect(classifyTimer({ state: "running", dueAt: due, metAt: null, breachedAt: null }, now)).toBe("breached");
    // A paused clock is stopped: not breached while paused, whatever dueAt says.
    expect(classifyTimer({ state: "paused", dueAt: due, metAt: null, breachedAt: null }, now)).toBe("running");
    expect(classifyTimer({ state: "cancelled", dueAt: due, metAt: null, breachedAt: null }, now)).toBeNull();
  });
  it("computes the compliance rate", () => {
    expect(complianceRate(0, 0)).toBeNull();
    expect(complianceRate(3, 1)).toBe(0.75);
    expect(complianceRate(0, 2)).toBe(0);
  });
  it("finds the whole weeks (Monday to Sunday) inside a period", () => {
    expect(wholeWeeks({ from: "2026-05-01", to: "2026-05-31" })).toEqual({ first: "2026-05-04", last: "2026-05-25" }); // 31 May is a Sunday
    expect(wholeWeeks({ from: "2026-05-04", to: "2026-05-10" })).toEqual({ first: "2026-05-04", last: "2026-05-04" });
    expect(wholeWeeks({ from: "2026-05-05", to: "2026-05-10" })).toBeNull();
    expect(wholeWeeks({ from: "2026-05-04", to: "2026-05-09" })).toBeNull();
  });
  it("reads a period as whole months, then whole weeks, then days, each day exactly once", () => {
    const days = (p: { from: string; to: string }, months: boolean) => {
      const b = rollupBuckets(p, { months });
      const covered = [...b.days];
      for (const w of b.weeks) for (let i = 0; i < 7; i++) covered.push(addDaysIso(w, i));
      for (const m of b.months) for (let d = m; d < addMonthsIso(m, 1); d = addDaysIso(d, 1)) covered.push(d);
      return covered.sort();
    };
    const every = (p: { from: string; to: string }) => {
      const out: string[] = [];
      for (let d = p.from; d <= p.to; d = addDaysIso(d, 1)) out.push(d);
      return out;
    };
    const periods = [
      { from: "2025-11-23", to: "2026-11-22" },
      { from: "2026-05-01", to: "2026-05-31" },
      { from: "2026-05-31", to: "2026-05-31" },
      { from: "2026-05-05", to: "2026-05-10" },
      { from: "2026-01-31", to: "2026-03-01" },
      { from: "2024-02-01", to: "2024-02-29" },
    ];
    for (const p of periods) for (const months of [true, false]) expect(days(p, months), `${p.from}…${p.to} ${months}`).toEqual(every(p));
    expect(rollupBuckets({ from: "2026-05-01", to: "2026-05-31" }, { months: true })).toEqual({
      months: ["2026-05-01"],
      weeks: [],
      days: [],
    });
    // 2026-05-04 is the first Monday and 31 May a Sunday: 1–3 May are the days before the weeks.
    expect(rollupBuckets({ from: "2026-05-01", to: "2026-05-31" }, { months: false })).toEqual({
      months: [],
      weeks: ["2026-05-04", "2026-05-11", "2026-05-18", "2026-05-25"],
      days: ["2026-05-01", "2026-05-02", "2026-05-03"],
    });
    expect(rollupBuckets({ from: "2025-11-23", to: "2026-11-22" }, { months: true }).months).toHaveLength(11);
  });
  it("periods run from 00:00 KST of the first day to 00:00 KST after the last", () => {
    const { start, end } = periodInstants({ from: "2026-05-01", to: "2026-05-31" });
    expect(start.toISOString()).toBe("2026-04-30T15:00:00.000Z");
    expect(end.toISOString()).toBe("2026-05-31T15:00:00.000Z");
  });
});

describe("hand-built timer sets", () => {
  const now = kst("2026-06-15T12:00:00");
  const may = { from: "2026-05-01", to: "2026-05-31" };
  const june = { from: "2026-06-01", to: "2026-06-30" };

  it("counts each timer in the period of its deadline, split at KST midnight", async () => {
    const t1 = await ensureTeam("edge-team");
    await handBuilt({ teamId: t1.id }, [
      { state: "met", dueAt: kst("2026-05-31T23:30:00"), metAt: kst("2026-05-31T20:00:00") }, // May
      { metric: "resolution", state: "breached", dueAt: kst("2026-06-01T00:10:00"), breachedAt: kst("2026-06-01T00:10:00") }, // June
      { metric: "handoff", state: "met", dueAt: kst("2026-05-01T00:00:00"), metAt: kst("2026-04-30T23:00:00") }, // May (first instant)
      { metric: "callback", state: "met", dueAt: kst("2026-04-30T23:59:59"), metAt: kst("2026-04-30T23:00:00") }, // April: outside
    ]);
    const m = await slaCube({ period: may, teamId: t1.id, now });
    expect(totals(m)).toEqual({ met: 2, breached: 0, running: 0 });
    const j = await slaCube({ period: june, teamId: t1.id, now });
    expect(totals(j)).toEqual({ met: 0, breached: 1, running: 0 });
    expect(rowOf(j, "metric", "resolution")).toMatchObject({ met: 0, breached: 1 });
    // A one-day period: 2026-05-31 only.
    const day = await slaCube({ period: { from: "2026-05-31", to: "2026-05-31" }, teamId: t1.id, now });
    expect(totals(day)).toEqual({ met: 1, breached: 0, running: 0 });

    // The same through the roll-up (days and whole weeks), then back to live figures: the rows
    // these tests write by hand have no events, so later tests must not read stale facts.
    await refreshSlaReport({ full: true });
    const viaRollup = await slaCube({ period: may, teamId: t1.id, now });
    expect(viaRollup.fromRollup).toBe(true);
    expect(totals(viaRollup)).toEqual({ met: 2, breached: 0, running: 0 });
    expect(totals(await slaCube({ period: june, teamId: t1.id, now }))).toEqual({ met: 0, breached: 1, running: 0 });
    expect(totals(await slaCube({ period: { from: "2026-05-31", to: "2026-05-31" }, teamId: t1.id, now }))).toEqual({
      met: 1,
      breached: 0,
      running: 0,
    });
    await db().execute(sql`delete from sla_report_state`);
  });

  it("met, breached (even if later met), met late, running, paused, overdue and cancelled", async () => {
    const team = await ensureTeam("states-team");
    const d = (day: number, h = 18) => kst(`2026-06-${String(day).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00`);
    await handBuilt({ teamId: team.id }, [
      { metric: "first_reply", state: "met", dueAt: d(2), metAt: d(2, 10) },
      { metric: "resolution", state: "met", dueAt: d(10), metAt: d(10) }, // met exactly at the deadline
    ]);
    await handBuilt({ teamId: team.id }, [
      { metric: "first_reply", state: "breached", dueAt: d(3), breachedAt: d(3) },
      { metric: "resolution", state: "breached", dueAt: d(11), breachedAt: d(11), metAt: d(12) }, // completed late: still breached
    ]);
    await handBuilt({ teamId: team.id }, [
      { metric: "first_reply", state: "met", dueAt: d(4), metAt: d(4, 19) }, // met after the deadline, sweep never ran
      { metric: "resolution", state: "running", dueAt: d(20) }, // not yet due
    ]);
    await handBuilt({ teamId: team.id }, [
      { metric: "first_reply", state: "running", dueAt: d(5) }, // past due at `now`, not yet swept
      { metric: "resolution", state: "paused", dueAt: d(8) }, // paused: the clock is stopped
      { metric: "callback", state: "cancelled", dueAt: d(6) },
    ]);
    const cube = await slaCube({ period: june, teamId: team.id, now });
    expect(totals(cube)).toEqual({ met: 2, breached: 4, running: 2 });
    expect(rowOf(cube, "metric", "first_reply")).toMatchObject({ met: 1, breached: 3, running: 0 });
    expect(rowOf(cube, "metric", "resolution")).toMatchObject({ met: 1, breached: 1, running: 2 });
    expect(cube.byDimension.metric?.find((r) => r.key === "callback")).toBeUndefined();
    const rows = await slaReportRows({ period: june, groupBy: "metric", teamId: team.id, now });
    expect(rows.find((r) => r.key === "first_reply")).toEqual({
      key: "first_reply",
      met: 1,
      breached: 3,
      running: 0,
      complianceRate: 0.25,
    });
    expect(rows.find((r) => r.key === "resolution")?.complianceRate).toBe(0.5);
  });

  it("a metric with only running timers has a null rate", async () => {
    const team = await ensureTeam("running-team");
    await handBuilt({ teamId: team.id }, [{ metric: "happy_call", state: "running", dueAt: kst("2026-06-29T18:00:00") }]);
    const rows = await slaReportRows({ period: june, groupBy: "metric", teamId: team.id, now });
    expect(rows).toEqual([{ key: "happy_call", met: 0, breached: 0, running: 1, complianceRate: null }]);
  });

  it("groups by channel, category and assignee (by email; unassigned) and scopes to a team", async () => {
    const a = await ensureTeam("group-a");
    const b = await ensureTeam("group-b");
    const kim = await createStaffMember({ email: "kim@report.test", name: "김하늘", role: "agent", team: "group-a" });
    const due = kst("2026-06-09T18:00:00");
    await handBuilt({ teamId: a.id, channel: "email", category: "kyc", assigneeId: kim.id }, [
      { state: "met", dueAt: due, metAt: due },
      { metric: "resolution", state: "breached", dueAt: due, breachedAt: due },
    ]);
    await handBuilt({ teamId: a.id, channel: "phone", category: "kyc" }, [{ state: "met", dueAt: due, metAt: due }]);
    await handBuilt({ teamId: b.id, channel: "email", category: "general" }, [{ state: "breached", dueAt: due, breachedAt: due }]);

    const byChannel = await slaReportRows({ period: june, groupBy: "channel", teamId: a.id, now });
    expect(byChannel).toEqual([
      { key: "email", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
      { key: "phone", met: 1, breached: 0, running: 0, complianceRate: 1 },
    ]);
    const byCategory = await slaReportRows({ period: june, groupBy: "category", teamId: a.id, now });
    expect(byCategory).toEqual([{ key: "kyc", met: 2, breached: 1, running: 0, complianceRate: 2 / 3 }]);
    const byAssignee = await slaReportRows({ period: june, groupBy: "assignee", teamId: a.id, now });
    expect(byAssignee).toEqual([
      { key: "kim@report.test", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
      { key: "unassigned", met: 1, breached: 0, running: 0, complianceRate: 1 },
    ]);
    const teamB = await slaReportRows({ period: june, groupBy: "channel", teamId: b.id, now });
    expect(teamB).toEqual([{ key: "email", met: 0, breached: 1, running: 0, complianceRate: 0 }]);

    // Every team: both teams' timers, and the per-team totals.
    const all = await slaCube({ period: { from: "2026-06-09", to: "2026-06-09" }, teamId: null, now, byTeam: true });
    expect(all.byTeam.find((r) => r.key === a.id)).toMatchObject({ met: 2, breached: 1 });
    expect(all.byTeam.find((r) => r.key === b.id)).toMatchObject({ met: 0, breached: 1 });
  });

  it("the drill-down lists exactly the timers behind a number", async () => {
    const team = await ensureTeam("drill-team");
    const due = kst("2026-06-16T18:00:00");
    const t1 = await handBuilt({ teamId: team.id, channel: "email" }, [
      { state: "breached", dueAt: due, breachedAt: due },
      { metric: "resolution", state: "met", dueAt: due, metAt: due },
    ]);
    const t2 = await handBuilt({ teamId: team.id, channel: "web" }, [
      { state: "breached", dueAt: kst("2026-06-17T18:00:00"), breachedAt: due },
    ]);
    const breachedEmail = await slaDrill({
      period: june,
      teamId: team.id,
      dimension: "channel",
      key: "email",
      outcome: "breached",
      now: kst("2026-06-30T00:00:00"),
    });
    expect(breachedEmail.rows.map((r) => [r.reference, r.metric, r.outcome])).toEqual([[t1.reference, "first_reply", "breached"]]);
    const allBreached = await slaDrill({ period: june, teamId: team.id, dimension: "total", key: "", outcome: "breached", now, limit: 1 });
    expect(allBreached.rows.map((r) => r.reference)).toEqual([t1.reference]);
    expect(allBreached.nextCursor).not.toBeNull();
    const next = await slaDrill({
      period: june,
      teamId: team.id,
      dimension: "total",
      key: "",
      outcome: "breached",
      now,
      limit: 1,
      cursor: allBreached.nextCursor,
    });
    expect(next.rows.map((r) => r.reference)).toEqual([t2.reference]);
    expect(next.nextCursor).toBeNull();
  });
});

describe("tickets through the service and the sweep; the roll-up stays exact", () => {
  type Flow = {
    period: { from: string; to: string };
    leadTeam: string;
    refs: Record<string, string>;
    actor: ReturnType<typeof staffActor>;
    other: string;
  };
  let flow: Flow;
  const check = async (label: string, expected: Record<string, { met: number; breached: number; running: number }>, teamTotal: object) => {
    const cube = await slaCube({ period: flow.period, teamId: null, now: new Date() });
    expect(cube.total, label).toEqual(expected.total);
    for (const [metric, counts] of Object.entries(expected)) {
      if (metric === "total") continue;
      expect(rowOf(cube, "metric", metric), `${label}: ${metric}`).toMatchObject(counts);
    }
    const team = await slaCube({ period: flow.period, teamId: flow.leadTeam, now: new Date() });
    expect(team.total, `${label}: team`).toEqual(teamTotal);
    return cube;
  };

  it("counts met, breached, completed-late, reopened, paused and cancelled clocks", async () => {
    const lead = await createStaffMember({ email: "lead@flow.test", name: "박서연", role: "lead", team: "flow-1" });
    const agent = await createStaffMember({ email: "agent@flow.test", name: "김하늘", role: "agent", team: "flow-1" });
    const other = await createStaffMember({ email: "agent@flow2.test", name: "한지민", role: "agent", team: "flow-2" });
    // A manager works every team's tickets (a lead only their own).
    const manager = await createStaffMember({ email: "manager@flow.test", name: "최민수", role: "manager", team: null });
    const actor = staffActor({ ...manager, locale: "ko" });
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);

    // A: never answered, assigned a month late: the assignment finds both clocks past their
    // deadlines and breaches them (a guarantee case opens, its fact check runs).
    const a = await createTicket(intake({ receivedAt: monthAgo }), { kind: "customer" });
    await assignTicket(a.reference, agent.email, actor);
    // F: never touched since it was logged a month late: overdue but not yet swept (the report
    // counts it breached all the same).
    const f = await createTicket(intake({ receivedAt: monthAgo }), { kind: "customer" });
    // B: answered a month late: the late finish breaches (case + fact check); the happy call starts.
    const b = await createTicket(intake({ receivedAt: monthAgo }), { kind: "customer" });
    await assignTicket(b.reference, agent.email, actor);
    await replyToCustomer(b.reference, { body: "늦어서 죄송합니다.", via: "email" }, actor);
    await resolveTicket(b.reference, { answer: "처리했습니다." }, actor);
    // C: answered in time, resolved, reopened as dissatisfied → happy call met, correction runs.
    const c = await createTicket(intake(), { kind: "customer" });
    await assignTicket(c.reference, agent.email, actor);
    await replyToCustomer(c.reference, { body: "답변드립니다.", via: "email" }, actor);
    await resolveTicket(c.reference, { answer: "처리했습니다." }, actor);
    await reopenTicket(c.reference, { reason: "불만족", dissatisfied: true }, actor);
    // D: waiting on the customer: both clocks paused (another team).
    const d = await createTicket(intake(), { kind: "customer" });
    await assignTicket(d.reference, other.email, actor);
    await pauseTicket(d.reference, { reason: "서류 보완 요청" }, actor);
    // E: resolved and closed with the reason the happy call will not be made: it is cancelled.
    const e = await createTicket(intake(), { kind: "customer" });
    await assignTicket(e.reference, agent.email, actor);
    await resolveTicket(e.reference, { answer: "바로 처리했습니다." }, actor);
    await closeTicket(e.reference, actor, { skipHappyCallReason: "고객이 만족도 확인 전화를 원하지 않음" });

    const all = await Promise.all([a, b, c, d, e, f].map((t) => getTicketDetail(t.reference)));
    expect(all[4]!.timers.find((x) => x.metric === "happy_call")?.state).toBe("cancelled");
    const dues = all.flatMap((t) => t!.timers.map((x) => x.dueAt.getTime()));
    // A month either side: the fact-check and happy-call clocks started later fall inside too.
    const span = 40 * 86_400_000;
    flow = {
      period: { from: kstDate(new Date(Math.min(...dues))), to: kstDate(new Date(Math.max(...dues) + span)) },
      leadTeam: lead.teamId!,
      refs: { a: a.reference, b: b.reference, c: c.reference, d: d.reference, e: e.reference, f: f.reference },
      actor,
      other: other.email,
    };
    const expected = {
      // A: 2 breached + fact check running; B: 2 breached (late) + fact check and happy call
      // running; C: first_reply, resolution, happy_call met + correction running; D: 2 paused
      // (running); E: 2 met, happy call cancelled; F: 2 overdue (breached). Team flow-1: A B C E.
      total: { met: 5, breached: 6, running: 6 },
      first_reply: { met: 2, breached: 3, running: 1 },
      resolution: { met: 2, breached: 3, running: 1 },
      happy_call: { met: 1, breached: 0, running: 1 },
      correction: { met: 0, breached: 0, running: 1 },
      fact_check: { met: 0, breached: 0, running: 2 },
    };
    const live = await check("live", expected, { met: 5, breached: 4, running: 4 });
    expect(live.fromRollup).toBe(false);
    expect(await refreshSlaReport()).toMatchObject({ skipped: false, mode: "full" });
    const rolled = await check("roll-up", expected, { met: 5, breached: 4, running: 4 });
    expect(rolled.fromRollup).toBe(true);
  });

  it("the sweep's breaches and fact-check clocks show at once, refreshed or not", async () => {
    // The sweep over this flow's clocks (the other tests' tickets have overdue clocks of their own).
    const flowTimers = await Promise.all(
      Object.values(flow.refs).map(async (ref) => (await getTicketDetail(ref))!.timers.map((t) => t.id)),
    );
    await sweepOnce({ now: new Date(), timerIds: flowTimers.flat() });
    const detail = (await getTicketDetail(flow.refs.f))!;
    expect(
      detail.timers
        .filter((t) => t.state === "breached")
        .map((t) => t.metric)
        .sort(),
    ).toEqual(["first_reply", "resolution"]);
    // F's guarantee case adds a running fact check; A's and B's were caught before the sweep.
    const expected = {
      total: { met: 5, breached: 6, running: 7 },
      first_reply: { met: 2, breached: 3, running: 1 },
      fact_check: { met: 0, breached: 0, running: 3 },
    };
    await check("after sweep, not refreshed", expected, { met: 5, breached: 4, running: 4 });
    expect(await refreshSlaReport()).toMatchObject({ skipped: false, mode: "incremental" });
    await check("after sweep, refreshed", expected, { met: 5, breached: 4, running: 4 });
  });

  it("changes after a refresh are corrected by readers, then by the next refresh", async () => {
    const { actor, period } = flow;
    await replyToCustomer(flow.refs.d, { body: "보완 서류 확인했습니다.", via: "email" }, actor); // resumes D
    await resolveTicket(flow.refs.d, { answer: "처리했습니다." }, actor); // D: 2 met + a happy call
    await assignTicket(flow.refs.a, flow.other, actor); // A moves to team flow-2
    const afterLive = await slaCube({ period, teamId: null, now: new Date(), live: true, byTeam: true });
    const afterRolled = await slaCube({ period, teamId: null, now: new Date(), byTeam: true });
    expect(afterRolled.fromRollup).toBe(true);
    expect(afterLive.fromRollup).toBe(false);
    expect(afterRolled.total).toEqual(afterLive.total);
    expect(afterRolled.byDimension).toEqual(afterLive.byDimension);
    expect(afterRolled.byTeam).toEqual(afterLive.byTeam);
    expect(afterLive.total).toEqual({ met: 7, breached: 6, running: 6 });
    const teamLive = await slaCube({ period, teamId: flow.leadTeam, now: new Date(), live: true });
    const teamRolled = await slaCube({ period, teamId: flow.leadTeam, now: new Date() });
    expect(teamRolled.byDimension).toEqual(teamLive.byDimension);
    expect(teamLive.total).toEqual({ met: 5, breached: 2, running: 3 }); // B, C, E

    expect(await refreshSlaReport()).toMatchObject({ skipped: false, mode: "incremental" });
    expect((await slaCube({ period, teamId: null, now: new Date(), byTeam: true })).byDimension).toEqual(afterLive.byDimension);
    expect(await refreshSlaReport()).toMatchObject({ mode: "incremental" }); // nothing new: same figures
    expect((await slaCube({ period, teamId: null, now: new Date() })).byDimension).toEqual(afterLive.byDimension);

    // The incrementally kept roll-ups equal a full rebuild; the weekly one sums the daily one.
    const daily = () =>
      db().execute(sql`select day::text, dimension, team, key, met, breached, running from sla_report_daily order by 1, 2, 3, 4`);
    const weekly = () =>
      db().execute(sql`select week::text, dimension, team, key, met, breached, running from sla_report_weekly order by 1, 2, 3, 4`);
    const weeklyFromDaily = () =>
      db().execute(sql`
        select date_trunc('week', day::timestamp)::date::text as week, dimension, team, key,
               sum(met)::int as met, sum(breached)::int as breached, sum(running)::int as running
        from sla_report_daily group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
    const monthly = () =>
      db().execute(sql`select month::text, dimension, team, key, met, breached, running from sla_report_monthly order by 1, 2, 3, 4`);
    const monthlyFromDaily = () =>
      db().execute(sql`
        select date_trunc('month', day::timestamp)::date::text as month, dimension, team, key,
               sum(met)::int as met, sum(breached)::int as breached, sum(running)::int as running
        from sla_report_daily group by 1, 2, 3, 4 order by 1, 2, 3, 4`);
    const incrementalRows = await daily();
    const incrementalWeeks = await weekly();
    const incrementalMonths = await monthly();
    expect(incrementalWeeks).toEqual(await weeklyFromDaily());
    expect(incrementalMonths).toEqual(await monthlyFromDaily());
    expect(incrementalMonths.length).toBeGreaterThan(0);
    await refreshSlaReport({ full: true });
    expect(await daily()).toEqual(incrementalRows);
    expect(await weekly()).toEqual(incrementalWeeks);
    expect(await monthly()).toEqual(incrementalMonths);

    // Periods read as whole months, whole weeks and days (this month, the last 12 months, the
    // flow's own period, the 12-week trend) give the live figures, with and without a team.
    for (const p of [thisMonth(), lastMonth(), last12Months(), period]) {
      for (const teamId of [null, flow.leadTeam]) {
        const rolled = await slaCube({ period: p, teamId, now: new Date(), byTeam: true });
        const live = await slaCube({ period: p, teamId, now: new Date(), byTeam: true, live: true });
        expect(rolled.fromRollup).toBe(true);
        expect({ total: rolled.total, byDimension: rolled.byDimension, byTeam: rolled.byTeam }, `${p.from}…${p.to} ${teamId}`).toEqual({
          total: live.total,
          byDimension: live.byDimension,
          byTeam: live.byTeam,
        });
        const trendRolled = await slaCube({ period: p, teamId, now: new Date(), dimensions: ["total"], byWeek: true });
        const trendLive = await slaCube({ period: p, teamId, now: new Date(), dimensions: ["total"], byWeek: true, live: true });
        expect(trendRolled.byWeek).toEqual(trendLive.byWeek);
      }
    }

    // The drill-down reads the same timers from the roll-up side as live.
    for (const outcome of ["met", "breached", "running", "all"] as const) {
      const viaFacts = await slaDrill({ period, teamId: null, dimension: "total", key: "", outcome, limit: 100 });
      const viaLive = await slaDrill({ period, teamId: null, dimension: "total", key: "", outcome, limit: 100, live: true });
      expect(viaFacts.rows).toEqual(viaLive.rows);
    }
    // Breached and still open: A (team flow-2 now) and F, nothing else; from the facts as live.
    const scopeAll = { team: null, locked: false };
    const openBefore = await breachedOpenSection(scopeAll, { limit: 100 });
    expect(openBefore).toEqual(await breachedOpenSection(scopeAll, { limit: 100, live: true }));
    const ours = (rows: Array<{ reference: string }>) => rows.map((r) => r.reference).filter((r) => Object.values(flow.refs).includes(r));
    expect(ours(openBefore.rows).sort()).toEqual([flow.refs.a, flow.refs.f].sort());
    await resolveTicket(flow.refs.a, { answer: "늦었지만 처리했습니다." }, actor); // not refreshed: readers correct it
    const openAfter = await breachedOpenSection(scopeAll, { limit: 100 });
    expect(openAfter).toEqual(await breachedOpenSection(scopeAll, { limit: 100, live: true }));
    expect(ours(openAfter.rows)).toEqual([flow.refs.f]);
    expect(openAfter.count).toBe(openBefore.count - 1);
    const teamDrill = await slaDrill({ period, teamId: flow.leadTeam, dimension: "metric", key: "first_reply", outcome: "breached" });
    const teamDrillLive = await slaDrill({
      period,
      teamId: flow.leadTeam,
      dimension: "metric",
      key: "first_reply",
      outcome: "breached",
      live: true,
    });
    expect(teamDrill.rows).toEqual(teamDrillLive.rows);
    expect(teamDrill.rows.map((r) => r.reference)).toEqual([flow.refs.b]);
  });

  it("many tickets read live at once (clocks past due, not yet swept) count the same as the timers", async () => {
    const team = await ensureTeam("many-dirty");
    const now = new Date();
    const due = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    const made: Array<{ reference: string }> = [];
    for (let i = 0; i < 12; i++) {
      made.push(
        await handBuilt({ teamId: team.id, channel: i % 2 ? "email" : "web" }, [
          { metric: "first_reply", state: "running", dueAt: due(10 + i) },
          { metric: "resolution", state: "met", dueAt: due(5), metAt: due(6) },
        ]),
      );
    }
    // Built now: the facts say "running"; readers find the clocks past due and read them live.
    await refreshSlaReport();
    const period = { from: kstDate(due(60)), to: kstDate(now) };
    const rolled = await slaCube({ period, teamId: team.id, now });
    const live = await slaCube({ period, teamId: team.id, now, live: true });
    expect(rolled.fromRollup).toBe(true);
    expect(rolled.total).toEqual({ met: 12, breached: 12, running: 0 });
    expect(rolled.byDimension).toEqual(live.byDimension);
    const drill = await slaDrill({ period, teamId: team.id, dimension: "channel", key: "web", outcome: "breached", now, limit: 100 });
    expect(drill.rows).toEqual(
      (await slaDrill({ period, teamId: team.id, dimension: "channel", key: "web", outcome: "breached", now, limit: 100, live: true }))
        .rows,
    );
    expect(drill.rows).toHaveLength(6);
    // Oldest deadline first: the web tickets are the even ones, due 10, 12, 14 … minutes ago.
    expect(drill.rows.map((r) => r.reference)).toEqual([10, 8, 6, 4, 2, 0].map((i) => made[i].reference));
    const scope = { team: { id: team.id, key: team.key, name: team.name }, locked: true };
    const open = await breachedOpenSection(scope, { now, limit: 5 });
    expect(open).toEqual(await breachedOpenSection(scope, { now, limit: 5, live: true }));
    expect(open.count).toBe(12);
    expect(open.rows.map((r) => r.reference)).toEqual([11, 10, 9, 8, 7].map((i) => made[i].reference));
  });

  it("satisfaction counts from the roll-up equal the ratings, refreshed or not, after a team change too", async () => {
    await refreshSlaReport();
    const manager = staffActor({
      ...(await createStaffMember({ email: "mgr@sat.test", name: "관리자", role: "manager", team: null })),
      locale: "ko",
    });
    const inX = await createStaffMember({ email: "x@sat.test", name: "엑스", role: "agent", team: "sat-x" });
    const inY = await createStaffMember({ email: "y@sat.test", name: "와이", role: "agent", team: "sat-y" });
    const rated: string[] = [];
    for (const [score, satisfied] of [
      [5, true],
      [4, true],
      [1, false],
    ] as const) {
      const t = await createTicket(intake({ subject: `만족도 ${score}` }), { kind: "customer" });
      await assignTicket(t.reference, inX.email, manager);
      await resolveTicket(t.reference, { answer: "처리했습니다." }, manager);
      await recordHappyCall(t.reference, { satisfied, score }, manager);
      rated.push(t.reference);
    }
    // A yearly-survey answer belongs to no ticket: every team's figure counts it, no team's does.
    await db().insert(satisfactionRatings).values({ ticketId: null, source: "survey", score: 3, recordedBy: "test" });
    const period = thisMonth();
    const scopeOf = (teamId: string | null) => ({ team: teamId ? { id: teamId, key: "k", name: "n" } : null, locked: false });
    const same = async (label: string, expected: Record<string, number>) => {
      for (const [name, teamId] of [
        ["all", null],
        ["x", inX.teamId],
        ["y", inY.teamId],
      ] as const) {
        const rolled = await satisfactionSection(period, scopeOf(teamId));
        const live = await satisfactionSection(period, scopeOf(teamId), { live: true });
        expect(rolled, `${label}: ${name}`).toEqual(live);
        expect(rolled.total, `${label}: ${name}`).toBe(expected[name]);
        // The drill-down behind a score counts the same ratings.
        for (const score of [1, 5, null]) {
          const list = await ratingTickets(period, scopeOf(teamId), score);
          expect(list, `${label}: ${name}, score ${score}`).toEqual(await ratingTickets(period, scopeOf(teamId), score, { live: true }));
          expect(list.count).toBe(score === null ? rolled.total : rolled.distribution[score as 1 | 5]);
          expect(list.rows).toHaveLength(list.count);
        }
      }
    };
    await same("rated, not refreshed", { all: 4, x: 3, y: 0 });
    await refreshSlaReport();
    await same("refreshed", { all: 4, x: 3, y: 0 });
    expect((await satisfactionSection(period, scopeOf(inX.teamId))).distribution).toEqual({ 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 });
    await assignTicket(rated[0], inY.email, manager); // its rating moves to team Y with it
    await same("moved, not refreshed", { all: 4, x: 2, y: 1 });
    await refreshSlaReport();
    await same("moved, refreshed", { all: 4, x: 2, y: 1 });
    const counts = () =>
      db().execute(sql`select day::text, team, source, score, ratings from satisfaction_report_daily order by 1, 2, 3, 4`);
    const months = () =>
      db().execute(sql`select month::text, team, source, score, ratings from satisfaction_report_monthly order by 1, 2, 3, 4`);
    const incremental = [await counts(), await months()];
    await refreshSlaReport({ full: true });
    expect([await counts(), await months()]).toEqual(incremental);
    await same("rebuilt", { all: 4, x: 2, y: 1 });
  });

  it("a running timer that passes its deadline counts as breached before the sweep records it", async () => {
    await refreshSlaReport();
    const solo = await createStaffMember({ email: "solo@overdue.test", name: "오세훈", role: "agent", team: "overdue-team" });
    const manager = staffActor({
      ...(await createStaffMember({ email: "mgr@overdue.test", name: "관리자", role: "manager", team: null })),
      locale: "ko",
    });
    const t = await createTicket(intake({ subject: "기한 경과 시험" }), { kind: "customer" });
    await assignTicket(t.reference, solo.email, manager);
    await refreshSlaReport();
    const detail = (await getTicketDetail(t.reference))!;
    const firstReply = detail.timers.find((x) => x.metric === "first_reply")!;
    const day = kstDate(firstReply.dueAt);
    const at = async (now: Date) =>
      rowOf(await slaCube({ period: { from: day, to: day }, teamId: solo.teamId, now, dimensions: ["metric"] }), "metric", "first_reply");
    expect(await at(new Date(firstReply.dueAt.getTime() - 60_000))).toMatchObject({ met: 0, breached: 0, running: 1 });
    expect(await at(new Date(firstReply.dueAt.getTime() + 60_000))).toMatchObject({ met: 0, breached: 1, running: 0 });
  });
});
