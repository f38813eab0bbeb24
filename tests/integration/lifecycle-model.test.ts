// A model-based property test of the whole ticket lifecycle (issue: every broken promise caught,
// whichever path finishes the clock). fast-check draws sequences of intake over every channel
// (past receipts included), staff actions, customer claims and guarantee steps, with the clock
// jumping across lunch, nights, weekends and holidays and sweeps that run on time, late, twice or
// not at all. After every step the real desk (PostgreSQL) is held to a small model of what must
// always hold, independent of how the desk computes it:
//  - a clock finished after its deadline is breached; a met clock was finished by its deadline;
//    a breach is never recorded before its deadline
//  - no finished clock ever changes (a breach may get its late completion once)
//  - every broken promise (a breached guarantee metric) is a trigger of a guarantee case of its
//    ticket; at most one open case per ticket; one apology per case a breach opened; every breach
//    named in a staff alert
//  - after a sweep at t, no running clock is due at or before t
//  - the SLA report's totals equal the clocks' states
// Runs: LIFECYCLE_RUNS (default 6 in `npm test`), `npm run test:lifecycle -- --runs=5000 [--seed=N]`.
// On failure fast-check prints the seed and the shrunk command list to replay.
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { DeskError } from "~/core/errors";
import type { TicketIntake } from "~/tickets/schemas";
import { CHANNELS } from "../../db/schema";
import {
  assignTicket,
  closeTicket,
  createTicket,
  logCallback,
  pauseTicket,
  recordHappyCall,
  reopenTicket,
  replyToCustomer,
  resolveTicket,
  resumeTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import { openClaimCase, recordFactCheck } from "~/sla/guarantee.server";
import { sweepOnce } from "~/sla/sweep.server";
import { slaCube } from "~/reports/sla-report.server";
import { kstDate } from "~/lib/time";
import type { Actor } from "~/core/actor";
import { db } from "../../db/connection";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

const RUNS = Number(process.env.LIFECYCLE_RUNS ?? 6);
const SEED = process.env.LIFECYCLE_SEED ? Number(process.env.LIFECYCLE_SEED) : undefined;
const MINUTE = 60_000;

type Ticket = { id: string; reference: string };
type Finished = { state: string; due: number; breached: number | null; met: number | null; cancelled: number | null };
type Model = { now: number; tickets: Ticket[]; finished: Map<string, Finished>; lastSweep: number | null; actions: number };
type Real = { manager: Actor; agentEmail: string };

type TimerRow = {
  id: string;
  ticket_id: string;
  metric: string;
  state: string;
  due: number;
  met: number | null;
  breached: number | null;
  detected: number | null;
  cancelled: number | null;
  case_id: string | null;
};

const ms = (column: string) => `floor(extract(epoch from ${column}) * 1000)::float8`;

async function timers(): Promise<TimerRow[]> {
  return db().execute<TimerRow>(
    sql.raw(`select id, ticket_id, metric, state, ${ms("due_at")} as due, ${ms("met_at")} as met, ${ms("breached_at")} as breached,
      ${ms("breach_detected_at")} as detected, ${ms("cancelled_at")} as cancelled, guarantee_case_id as case_id from sla_timers`),
  );
}

const GUARANTEE = ["first_reply", "resolution", "callback", "requested_reply", "promised_date"];

/** Everything that must hold after any step. */
async function checkInvariants(m: Model) {
  const rows = await timers();
  for (const t of rows) {
    const where = `${t.metric} ${t.id}`;
    if (t.met !== null && t.met > t.due) expect(t.state, `finished late must be breached: ${where}`).toBe("breached");
    if (t.state === "met") expect(t.met!, `met on time: ${where}`).toBeLessThanOrEqual(t.due);
    if (t.state === "breached") {
      expect(t.breached, `breached at its deadline: ${where}`).toBe(t.due);
      expect(t.detected!, `never breached before its deadline: ${where}`).toBeGreaterThanOrEqual(t.due);
    }
    const before = m.finished.get(t.id);
    if (before) {
      expect(t.state, `a finished clock keeps its state: ${where}`).toBe(before.state);
      expect(t.due, where).toBe(before.due);
      expect(t.breached, where).toBe(before.breached);
      expect(t.cancelled, where).toBe(before.cancelled);
      if (before.met !== null) expect(t.met, `met instant kept: ${where}`).toBe(before.met);
    }
    if (["met", "breached", "cancelled"].includes(t.state)) {
      m.finished.set(t.id, { state: t.state, due: t.due, breached: t.breached, met: t.met, cancelled: t.cancelled });
    }
  }
  // Guarantee cases: one open per ticket; every broken promise is a trigger of one of its cases.
  const cases = await db().execute<{ id: string; ticket_id: string; status: string; triggers: Array<{ kind: string; timerId?: string }> }>(
    sql`select id, ticket_id, status, triggers from guarantee_cases`,
  );
  const open = new Map<string, number>();
  const triggered = new Set<string>();
  for (const c of cases) {
    if (c.status === "open") open.set(c.ticket_id, (open.get(c.ticket_id) ?? 0) + 1);
    for (const t of c.triggers) if (t.timerId) triggered.add(t.timerId);
  }
  for (const [ticket, count] of open) expect(count, `open cases of ${ticket}`).toBe(1);
  for (const t of rows) {
    if (t.state === "breached" && GUARANTEE.includes(t.metric))
      expect(triggered.has(t.id), `broken promise without a case: ${t.metric} ${t.id}`).toBe(true);
  }
  // Exactly one apology per case a breach opened, none for other cases.
  const apologies = await db().execute<{ case_id: string; n: number }>(
    sql`select guarantee_case_id as case_id, count(*)::int as n from notifications where template = 'breach_apology' group by 1`,
  );
  const apologyOf = new Map(apologies.map((a) => [a.case_id, a.n]));
  for (const c of cases) expect(apologyOf.get(c.id) ?? 0, `apologies of case ${c.id}`).toBe(c.triggers[0]?.kind === "breach" ? 1 : 0);
  // Every breach is named in a staff alert of its ticket (a manager exists, so someone is told).
  // A summary of a burst to one person (ADR 0029) names each ticket it covers, listed or not.
  const alerts = await db().execute<{ ticket_id: string; metrics: string[] | null; metric: string }>(
    sql`select ticket_id::text, payload->'metrics' as metrics, payload->>'metric' as metric from notifications where template = 'staff_breach_alert'
        union all
        select c->>'ticketId', c->'metrics', null from notifications, jsonb_array_elements(payload->'covered') c
        where template = 'staff_breach_summary'`,
  );
  const alerted = new Set(alerts.flatMap((a) => (a.metrics ?? [a.metric]).map((x) => `${a.ticket_id}:${x}`)));
  for (const t of rows)
    if (t.state === "breached")
      expect(alerted.has(`${t.ticket_id}:${t.metric}`), `breach without an alert: ${t.metric} ${t.id}`).toBe(true);
}

/** The report's totals against the clocks themselves, at the model's time. */
async function checkReport(m: Model) {
  const rows = (await timers()).filter((t) => t.state !== "cancelled");
  if (rows.length === 0) return;
  const dues = rows.map((t) => t.due);
  const period = { from: kstDate(Math.min(...dues)), to: kstDate(Math.max(...dues)) };
  const cube = await slaCube({ period, teamId: null, now: new Date(m.now), live: true });
  const breached = rows.filter((t) => t.state === "breached" || (t.state === "running" && t.due <= m.now)).length;
  const met = rows.filter((t) => t.state === "met").length;
  expect(cube.total.breached, "report: breached").toBe(breached);
  expect(cube.total.met, "report: met").toBe(met);
}

/** Runs a desk action at the model's time; refusals (a transition that does not apply, a date not allowed) are part of the game. */
async function act(m: Model, fn: () => Promise<unknown>) {
  try {
    await atTime(new Date(m.now), fn);
    m.actions++;
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
  }
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  abstract get label(): string;
  check(m: Readonly<Model>) {
    return m.tickets.length > 0;
  }
  abstract apply(m: Model, r: Real): Promise<void>;
  async run(m: Model, r: Real) {
    await this.apply(m, r);
    await checkInvariants(m);
  }
  toString() {
    return this.label;
  }
}

class Advance extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  get label() {
    return `advance(${this.minutes}min)`;
  }
  check() {
    return true;
  }
  async apply(m: Model) {
    m.now += this.minutes * MINUTE;
  }
}

class Sweep extends Step {
  get label() {
    return "sweep";
  }
  check() {
    return true;
  }
  async apply(m: Model) {
    await sweepOnce({ now: new Date(m.now) });
    m.lastSweep = m.now;
    const left = (await timers()).filter((t) => t.state === "running" && t.due <= m.now);
    expect(
      left.map((t) => `${t.metric} ${t.id}`),
      `running clocks due at a sweep at ${new Date(m.now).toISOString()}`,
    ).toEqual([]);
  }
}

class Intake extends Step {
  constructor(
    readonly channel: TicketIntake["channel"],
    readonly pastMinutes: number,
    readonly callback: boolean,
    readonly onSpot: boolean,
    readonly requestInDays: number | null,
  ) {
    super();
  }
  get label() {
    return `intake(${this.channel}, -${this.pastMinutes}min${this.callback ? ", callback" : ""}${this.onSpot ? ", on the spot" : ""}${this.requestInDays !== null ? `, reply by +${this.requestInDays}d` : ""})`;
  }
  check() {
    return true;
  }
  async apply(m: Model, r: Real) {
    const receivedAt = new Date(m.now - this.pastMinutes * MINUTE);
    const intake: TicketIntake = {
      channel: this.channel,
      category: "general",
      subject: "모델 문의",
      body: "내용",
      customer: { name: "모델고객", email: "model@example.com", phone: "010-1234-5678" },
      receivedAt,
      callbackRequested: this.callback && this.channel === "phone",
      resolvedOnContact: this.onSpot && (this.channel === "phone" || this.channel === "visit"),
      ...(this.requestInDays !== null ? { requestedReplyBy: kstDate(m.now + this.requestInDays * 86_400_000) } : {}),
    };
    await act(m, async () => {
      const t = await createTicket(intake, r.manager);
      m.tickets.push({ id: t.id, reference: t.reference });
    });
  }
}

/** An action on one of the tickets (chosen by index). */
class OnTicket extends Step {
  constructor(
    readonly name: string,
    readonly pick: number,
    readonly fn: (t: Ticket, m: Model, r: Real) => Promise<unknown>,
  ) {
    super();
  }
  get label() {
    return `${this.name}(#${this.pick})`;
  }
  async apply(m: Model, r: Real) {
    const t = m.tickets[this.pick % m.tickets.length];
    await act(m, () => this.fn(t, m, r));
  }
}

const pick = fc.nat(50);
const ticketStep = (
  name: string,
  fn: (t: Ticket, m: Model, r: Real, x: number) => Promise<unknown>,
  extra: fc.Arbitrary<number> = fc.constant(0),
) => fc.tuple(pick, extra).map(([p, x]) => new OnTicket(name, p, (t, m, r) => fn(t, m, r, x)) as Step);

const openCaseOf = async (ticketId: string) =>
  (
    await db().execute<{ id: string }>(
      sql`select id from guarantee_cases where ticket_id = ${ticketId} and status = 'open' and fact_checked_at is null`,
    )
  )[0]?.id;

const baseSteps: Array<fc.Arbitrary<Step>> = [
  // The clock: minutes (lunch), hours (nights), days (weekends, holidays).
  fc
    .oneof(
      fc.integer({ min: 1, max: 90 }),
      fc.integer({ min: 60, max: 20 * 60 }),
      fc.integer({ min: 1, max: 5 }).map((d) => d * 24 * 60),
    )
    .map((min) => new Advance(min)),
  fc.constant(new Sweep()),
  fc
    .tuple(
      fc.constantFrom(...CHANNELS),
      fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 * 24 * 6 })),
      fc.boolean(),
      fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
      fc.option(fc.integer({ min: 0, max: 12 }), { freq: 3 }),
    )
    .map(([channel, past, callback, onSpot, request]) => new Intake(channel, past, callback, onSpot, request)),
  ticketStep("assign", (t, _m, r) => assignTicket(t.reference, r.agentEmail, r.manager)),
  ticketStep(
    "reply",
    (t, _m, r, via) => replyToCustomer(t.reference, { body: "답변", via: (["email", "sms", "phone", "mail"] as const)[via] }, r.manager),
    fc.integer({ min: 0, max: 3 }),
  ),
  ticketStep(
    "interim notice",
    (t, m, r, days) =>
      sendInterimNotice(
        t.reference,
        { reason: "확인 중", expectedBy: kstDate(m.now + days * 86_400_000), via: days % 2 ? "sms" : "email", managerApproval: true },
        r.manager,
      ),
    fc.integer({ min: 0, max: 10 }),
  ),
  ticketStep("callback", (t, _m, r) => logCallback(t.reference, { outcome: "reached" }, r.manager)),
  ticketStep("pause", (t, _m, r) => pauseTicket(t.reference, { reason: "자료 요청" }, r.manager)),
  ticketStep("resume", (t, _m, r) => resumeTicket(t.reference, r.manager)),
  ticketStep("resolve", (t, _m, r) => resolveTicket(t.reference, { answer: "처리했습니다" }, r.manager)),
  ticketStep(
    "reopen",
    (t, _m, r, d) => reopenTicket(t.reference, { reason: "불만족", dissatisfied: d === 1 }, r.manager),
    fc.integer({ min: 0, max: 1 }),
  ),
  ticketStep(
    "close",
    (t, _m, r, skip) => closeTicket(t.reference, r.manager, skip ? { skipHappyCallReason: "통화 거절" } : {}),
    fc.integer({ min: 0, max: 1 }),
  ),
  ticketStep(
    "satisfaction",
    (t, _m, r, s) => recordHappyCall(t.reference, { satisfied: s > 2, score: s }, r.manager),
    fc.integer({ min: 1, max: 5 }),
  ),
  ticketStep("claim", (t) => openClaimCase(t.id, { note: "약속한 날짜가 지났어요" }, { kind: "customer" })),
  ticketStep(
    "fact check",
    async (t, _m, r, fault) => {
      const caseId = await openCaseOf(t.id);
      if (caseId) await recordFactCheck(caseId, { result: "확인 결과", deskAtFault: fault === 1 }, r.manager);
    },
    fc.integer({ min: 0, max: 1 }),
  ),
];

// Intake and the clock twice as often as any single action, so that sequences have tickets to work and time to pass.
const steps = [...baseSteps, baseSteps[0], baseSteps[2]];

describe("the ticket lifecycle against its model", () => {
  const real = {} as Real;
  beforeAll(async () => {
    const manager = await createStaffMember({ email: "model-manager@test.kr", name: "모델관리", role: "manager" });
    const agent = await createStaffMember({ email: "model-agent@test.kr", name: "모델상담", role: "agent", team: "model-team" });
    await createStaffMember({ email: "model-lead@test.kr", name: "모델팀장", role: "lead", team: "model-team" });
    real.manager = staffActor({ ...manager, locale: "ko" });
    real.agentEmail = agent.email;
  });

  it(
    `random sequences over every channel keep every promise accounted for (${RUNS} runs)`,
    async () => {
      // Starts drawn over two years of the Korean calendar (holidays, election days included).
      const start = fc.integer({
        min: Date.parse("2026-01-02T00:00:00+09:00") / MINUTE,
        max: Date.parse("2027-11-30T00:00:00+09:00") / MINUTE,
      });
      await fc.assert(
        fc.asyncProperty(start, fc.commands(steps, { maxCommands: 40, size: "large" }), async (startMinute, commands) => {
          // The runs share the database: the invariants hold over all of it, whatever each run's time line.
          const model: Model = { now: startMinute * MINUTE, tickets: [], finished: new Map(), lastSweep: null, actions: 0 };
          await fc.asyncModelRun(() => ({ model, real }), commands);
          await checkReport(model);
          if (process.env.LIFECYCLE_DEBUG)
            console.log(`run: ${commands.toString()} → ${model.tickets.length} tickets, ${model.actions} actions`);
        }),
        { numRuns: RUNS, seed: SEED, verbose: 1, endOnFailure: true },
      );
    },
    Math.max(120_000, RUNS * 30_000),
  );
});
