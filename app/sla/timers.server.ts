// Timers in the database: started, met, cancelled, paused and resumed as the ticket moves.
// Every change is an event in the ticket's history; a deadline only moves with an event saying why.
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { slaTimers, type MetricTarget, type SlaMetric, type TimerPause, type tickets } from "~/db/schema";
import type { Database, Transaction } from "~/db/connection";
import { appendEvent } from "~/core/events.server";
import { actorLabel, hasRole, type Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import { kstDate } from "~/lib/time";
import { uuidV7 } from "~/lib/uuid-v7";
import type { WorkingCalendar } from "./calendar";
import { calendarVersion, currentCalendar, type VersionedCalendar } from "./calendar.server";
import type { Period } from "./counting";
import { activePolicies, policyById, targetsFor, type ResolvedTarget } from "./policies.server";
import { DEFAULT_WARNING, fallbackTargetOf } from "./policy-defaults";
import { deadlineOf, explainTimerDeadline, warnAtOf, type TimerBasis } from "./timer-math";
import { breachConsequences, escalationAt, type BreachedClock } from "./breach.server";
import { clockStartOf, explainDeadline } from "./explain";
import { isFeasibleDate } from "./reply-dates";

type Executor = Database | Transaction;
type Ticket = typeof tickets.$inferSelect;
export type TimerRow = typeof slaTimers.$inferSelect;

const LIVE = ["running", "paused"] as const;

export function basisOf(timer: Pick<TimerRow, "metric" | "startedAt" | "period" | "basisDate" | "pauses">): TimerBasis {
  return {
    metric: timer.metric,
    startedAtMs: timer.startedAt.getTime(),
    period: timer.period,
    basisDate: timer.basisDate,
    pauses: timer.pauses.filter((p) => p.to !== null).map((p) => ({ fromMs: Date.parse(p.from), toMs: Date.parse(p.to!) })),
  };
}

type StartSpec = {
  metric: SlaMetric;
  startedAt: Date;
  resolved: ResolvedTarget;
  basisDate?: string | null;
  reason?: string;
};

async function startTimer(tx: Transaction, ticket: Ticket, actor: Actor, cal: VersionedCalendar, spec: StartSpec): Promise<TimerRow> {
  const [id] = await startTimers(tx, ticket, actor, cal, [spec]);
  const [timer] = await tx.select().from(slaTimers).where(eq(slaTimers.id, id));
  return timer;
}

/** The rows of clocks to start (ids time-ordered, ADR 0006) and their sla.timer_started events' data. */
function timerRowsOf(ticketId: string, cal: VersionedCalendar, specs: StartSpec[], now: Date) {
  return specs.map((spec) => {
    const period: Period | null = spec.basisDate ? null : spec.resolved.target.period;
    if (!period && !spec.basisDate) throw new Error(`metric ${spec.metric} needs a period or a date`);
    const basis: TimerBasis = {
      metric: spec.metric,
      startedAtMs: spec.startedAt.getTime(),
      period,
      basisDate: spec.basisDate ?? null,
      pauses: [],
    };
    const dueAtMs = deadlineOf(cal.calendar, basis);
    const warnAtMs = warnAtOf(cal.calendar, basis.startedAtMs, dueAtMs, period, spec.resolved.target);
    const id = uuidV7(now.getTime());
    const dueAt = new Date(dueAtMs).toISOString();
    return {
      timer: {
        id,
        ticket_id: ticketId,
        metric: spec.metric,
        started_at: spec.startedAt.toISOString(),
        period,
        basis_date: spec.basisDate ?? null,
        due_at: dueAt,
        warn_at: warnAtMs === null ? null : new Date(warnAtMs).toISOString(),
        policy_id: spec.resolved.policyId,
      },
      event: {
        timerId: id,
        metric: spec.metric,
        dueAt,
        policy: spec.resolved.policyKey,
        calendarVersion: cal.version,
        ...(spec.basisDate ? { basisDate: spec.basisDate } : {}),
        ...(spec.reason ? { reason: spec.reason } : {}),
      },
    };
  });
}

/**
 * Starts clocks with their sla.timer_started events, all in one statement (intake starts two to
 * five: one round trip instead of two per clock). Ids are made here (time-ordered, ADR 0006) so
 * that the events can name their timers in the same statement.
 */
async function startTimers(tx: Transaction, ticket: Ticket, actor: Actor, cal: VersionedCalendar, specs: StartSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const now = new Date();
  const rows = timerRowsOf(ticket.id, cal, specs, now);
  const timers = JSON.stringify(rows.map((r) => r.timer));
  const events = JSON.stringify(rows.map((r) => r.event));
  await tx.execute(sql`
    with started as (
      insert into sla_timers (id, ticket_id, metric, state, started_at, period, basis_date, due_at, warn_at, policy_id, calendar_version)
      select x.id, x.ticket_id, x.metric, 'running', x.started_at, x.period, x.basis_date, x.due_at, x.warn_at, x.policy_id, ${cal.version}::int
      from jsonb_to_recordset(${timers}::jsonb) as x(id uuid, ticket_id uuid, metric text, started_at timestamptz, period jsonb, basis_date date,
        due_at timestamptz, warn_at timestamptz, policy_id int)
    )
    insert into ticket_events (ticket_id, type, actor, at, data)
    select ${ticket.id}::uuid, 'sla.timer_started', ${actorLabel(actor)}, ${now.toISOString()}::timestamptz, e.data
    from jsonb_array_elements(${events}::jsonb) with ordinality as e(data, n)
    order by e.n`);
  return rows.map((r) => r.timer.id);
}

/**
 * Intake's clocks as whole rows and their sla.timer_started events, made in Node (ids, deadlines,
 * times) for the one intake call (ADR 0020): what onCreated starts, with the same refusal of a
 * reply date that cannot be kept. `targets` from the policies in force, `cal` the newest calendar.
 */
export function intakeTimers(
  ticket: Pick<
    Ticket,
    "id" | "channel" | "category" | "kind" | "receivedAt" | "createdAt" | "requestedReplyBy" | "callbackRequested" | "resolvedOnContact"
  >,
  cal: VersionedCalendar,
  targets: Map<SlaMetric, ResolvedTarget>,
  now: Date,
): { rows: TimerRow[]; events: Array<Record<string, unknown>> } {
  if (ticket.requestedReplyBy && !isFeasibleDate(cal.calendar, ticket.requestedReplyBy, ticket.receivedAt.getTime(), "requested")) {
    throw new DeskError(422, "error.requestedTooSoon", { requestedReplyBy: "error.requestedTooSoon" });
  }
  const startedAt = ticket.resolvedOnContact ? ticket.createdAt : ticket.receivedAt;
  const built = timerRowsOf(
    ticket.id,
    cal,
    intakeTimerPlan(ticket, targets).map((planned) => ({ ...planned, startedAt })),
    now,
  );
  const rows: TimerRow[] = built.map(({ timer }) => ({
    id: timer.id,
    ticketId: timer.ticket_id,
    metric: timer.metric,
    state: "running",
    startedAt: new Date(timer.started_at),
    period: timer.period,
    basisDate: timer.basis_date,
    pauses: [],
    dueAt: new Date(timer.due_at),
    warnAt: timer.warn_at === null ? null : new Date(timer.warn_at),
    warnedAt: null,
    metAt: null,
    breachedAt: null,
    breachDetectedAt: null,
    escalateAt: null,
    escalatedAt: null,
    guaranteeCaseId: null,
    cancelledAt: null,
    policyId: timer.policy_id,
    calendarVersion: cal.version,
    createdAt: now,
    updatedAt: now,
  }));
  // As timersOf reads them back: by creation time (the same for all), then id.
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows, events: built.map((b) => b.event) };
}

async function context(tx: Executor, ticket: Ticket) {
  const [cal, policies] = await Promise.all([currentCalendar(tx), activePolicies(tx)]);
  return { cal, targets: targetsFor(policies, ticket.channel, ticket.category) };
}

/** Every live clock of the ticket, locked for the rest of the transaction (ticket → clocks → case). */
export async function lockLiveClocks(tx: Transaction, ticketId: string): Promise<TimerRow[]> {
  return tx
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), inArray(slaTimers.state, [...LIVE])))
    .orderBy(asc(slaTimers.id))
    .for("update");
}

const SLA_ACTOR: Actor = { kind: "system", name: "sla" };

/** What the clock's deadline is at `nowMs`: a paused clock's open pause counts until then. */
function effectiveDeadline(cal: WorkingCalendar, t: TimerRow, nowMs: number): { dueAtMs: number; pauses: TimerPause[] } {
  if (t.state !== "paused") return { dueAtMs: t.dueAt.getTime(), pauses: t.pauses };
  const pauses = t.pauses.map((p) => (p.to === null ? { ...p, to: new Date(nowMs).toISOString() } : p));
  return { dueAtMs: deadlineOf(cal, basisOf({ ...t, pauses })), pauses };
}

type Finish = { pick: (t: TimerRow) => boolean; outcome: "met" | "cancelled"; reason: string; actor: Actor };

/**
 * The one rule for ending a clock (ADR 0007), taken by every path that touches a ticket's clocks:
 * the instant is compared with each live clock's deadline (an open pause counted up to now) in
 * the same transaction, with the clocks locked.
 * - A running clock whose deadline has passed is breached at its deadline — with the consequences
 *   the sweep gives a breach (breachConsequences) — whether or not this action finishes it.
 * - The clocks `finish` picks end: on time → `met` or `cancelled`; late → `breached` at the
 *   deadline with the finishing instant kept beside it (met_at for a completion); a clock the
 *   sweep breached before gets its late completion recorded once.
 * Exactly once with any number of workers: the sweep claims running clocks with SKIP LOCKED, this
 * waits for their locks and then sees them breached.
 */
async function settleClocks(tx: Transaction, ticket: Ticket, now: Date, finish?: Finish): Promise<TimerRow[]> {
  const live = await lockLiveClocks(tx, ticket.id);
  const nowMs = now.getTime();
  const needCalendar = live.some((t) => t.state === "paused" && finish?.pick(t));
  const cal = live.length ? await currentCalendar(tx) : null;
  const breached: Array<{ t: TimerRow; dueAtMs: number; pauses: TimerPause[]; finish?: Finish }> = [];
  const finished: TimerRow[] = [];
  for (const t of live) {
    const picked = finish?.pick(t) ?? false;
    // A paused clock is only re-read when it ends now; the others keep their recorded deadline.
    const { dueAtMs, pauses } =
      picked && needCalendar && cal ? effectiveDeadline(cal.calendar, t, nowMs) : { dueAtMs: t.dueAt.getTime(), pauses: t.pauses };
    const late = nowMs > dueAtMs && (t.state === "running" || picked);
    if (late) {
      breached.push({ t, dueAtMs, pauses, finish: picked ? finish : undefined });
      continue;
    }
    if (!picked || !finish) continue;
    if (dueAtMs !== t.dueAt.getTime()) await recordPauseClosed(tx, ticket, t, dueAtMs, pauses, cal!.version, finish.actor, now);
    const [row] = await tx
      .update(slaTimers)
      .set({
        ...(finish.outcome === "met" ? { state: "met" as const, metAt: now } : { state: "cancelled" as const, cancelledAt: now }),
        pauses,
        dueAt: new Date(dueAtMs),
        updatedAt: now,
      })
      .where(eq(slaTimers.id, t.id))
      .returning();
    finished.push(row);
    await appendEvent(
      tx,
      ticket.id,
      finish.outcome === "met" ? "sla.timer_met" : "sla.timer_cancelled",
      finish.actor,
      {
        timerId: t.id,
        metric: t.metric,
        dueAt: new Date(dueAtMs).toISOString(),
        reason: finish.reason,
      },
      now,
    );
  }
  if (breached.length) {
    breached.sort((a, b) => a.dueAtMs - b.dueAtMs || a.t.id.localeCompare(b.t.id));
    const clocks: BreachedClock[] = [];
    for (const b of breached) {
      if (b.dueAtMs !== b.t.dueAt.getTime())
        await recordPauseClosed(tx, ticket, b.t, b.dueAtMs, b.pauses, cal!.version, b.finish?.actor ?? SLA_ACTOR, now);
      const completed = b.finish?.outcome === "met";
      const dueAt = new Date(b.dueAtMs);
      const [row] = await tx
        .update(slaTimers)
        .set({
          state: "breached",
          pauses: b.pauses,
          dueAt,
          breachedAt: dueAt,
          breachDetectedAt: now,
          metAt: completed ? now : null,
          // A clock that is still not done escalates 1 working day after its breach; one finished now, never.
          escalateAt: b.finish || b.t.metric === "fact_check" ? null : escalationAt(cal!.calendar, b.dueAtMs),
          updatedAt: now,
        })
        .where(eq(slaTimers.id, b.t.id))
        .returning();
      if (b.finish) finished.push(row);
      await appendEvent(
        tx,
        ticket.id,
        "sla.timer_breached",
        SLA_ACTOR,
        {
          timerId: b.t.id,
          metric: b.t.metric,
          dueAt: dueAt.toISOString(),
          detectedAt: now.toISOString(),
          ...(b.finish ? { finishedAt: now.toISOString(), finish: b.finish.outcome, reason: b.finish.reason } : {}),
        },
        now,
      );
      if (completed) {
        await appendEvent(
          tx,
          ticket.id,
          "sla.timer_completed_late",
          b.finish!.actor,
          { timerId: b.t.id, metric: b.t.metric, dueAt: dueAt.toISOString(), reason: b.finish!.reason },
          now,
        );
      }
      clocks.push({
        id: b.t.id,
        ticket_id: ticket.id,
        metric: b.t.metric,
        period: b.t.period,
        due_at: dueAt.toISOString(),
        reference: ticket.reference,
        subject: ticket.subject,
        assignee_id: ticket.assigneeId,
        team_id: ticket.teamId,
        channel: ticket.channel,
        category: ticket.category,
      });
    }
    await breachConsequences(tx, clocks, now, SLA_ACTOR);
  }
  if (finish?.outcome === "met") {
    // Breached earlier (by the sweep or another action): the late completion is recorded beside it, once.
    const candidates = await tx
      .select()
      .from(slaTimers)
      .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.state, "breached"), isNull(slaTimers.metAt)));
    const late = candidates.filter((t) => finish.pick(t));
    if (late.length) {
      await tx
        .update(slaTimers)
        .set({ metAt: now, escalateAt: null, updatedAt: now })
        .where(
          inArray(
            slaTimers.id,
            late.map((t) => t.id),
          ),
        );
    }
    for (const t of late) {
      await appendEvent(
        tx,
        ticket.id,
        "sla.timer_completed_late",
        finish.actor,
        { timerId: t.id, metric: t.metric, dueAt: t.dueAt.toISOString(), reason: finish.reason },
        now,
      );
    }
  }
  return finished;
}

/** A paused clock ends (or breaks) now: its open pause closes and its deadline moves by it, with an event. */
async function recordPauseClosed(
  tx: Transaction,
  ticket: Ticket,
  t: TimerRow,
  dueAtMs: number,
  pauses: TimerPause[],
  calendarVersion: number,
  actor: Actor,
  now: Date,
) {
  await appendEvent(
    tx,
    ticket.id,
    "sla.deadline_moved",
    actor,
    {
      timerId: t.id,
      metric: t.metric,
      from: t.dueAt.toISOString(),
      to: new Date(dueAtMs).toISOString(),
      reason: "pause",
      pausedFrom: pauses[pauses.length - 1]?.from,
      pausedTo: now.toISOString(),
      calendarVersion,
    },
    now,
  );
}

/** Live timers of the given metrics end now by the rule above. */
async function finishTimers(
  tx: Transaction,
  ticket: Ticket,
  actor: Actor,
  metrics: SlaMetric[],
  outcome: "met" | "cancelled",
  reason: string,
  now = new Date(),
) {
  if (metrics.length === 0) return [];
  return settleClocks(tx, ticket, now, { pick: (t) => metrics.includes(t.metric) && t.guaranteeCaseId === null, outcome, reason, actor });
}

/**
 * Every action on a ticket starts here (the ticket row already locked): its live clocks are locked
 * and any whose deadline has passed is breached now, as the sweep would — so a late action can
 * never record a broken promise as kept, with the workers running or not.
 */
export async function catchUpClocks(tx: Transaction, ticket: Ticket, now = new Date()): Promise<void> {
  await settleClocks(tx, ticket, now);
}

/** A guarantee case's own clocks (the fact check) end when the case's step is done. */
export async function finishCaseClocks(tx: Transaction, ticket: Ticket, caseId: string, actor: Actor, reason: string, now = new Date()) {
  return settleClocks(tx, ticket, now, { pick: (t) => t.guaranteeCaseId === caseId, outcome: "met", reason, actor });
}

export async function liveTimer(ex: Executor, ticketId: string, metric: SlaMetric): Promise<TimerRow | null> {
  const [row] = await ex
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), eq(slaTimers.metric, metric), inArray(slaTimers.state, [...LIVE])))
    .limit(1);
  return row ?? null;
}

/** The ticket's most recent clock of a metric, whatever its state. */
export async function latestTimer(ex: Executor, ticketId: string, metric: SlaMetric): Promise<TimerRow | null> {
  const [row] = await ex
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), eq(slaTimers.metric, metric)))
    .orderBy(desc(slaTimers.startedAt), desc(slaTimers.id))
    .limit(1);
  return row ?? null;
}

export type IntakeFacts = Pick<
  Ticket,
  "channel" | "category" | "receivedAt" | "requestedReplyBy" | "callbackRequested" | "resolvedOnContact"
> &
  Partial<Pick<Ticket, "kind">>;
export type PlannedTimer = { metric: SlaMetric; resolved: ResolvedTarget; basisDate?: string | null; reason?: string };

/** Which timers a contact gets at intake (SERVICE-STANDARDS §3); shared by intake and preview. */
export function intakeTimerPlan(contact: IntakeFacts, targets: Map<SlaMetric, ResolvedTarget>): PlannedTimer[] {
  const plan: PlannedTimer[] = [];
  const add = (metric: SlaMetric, extra: Partial<PlannedTimer> = {}) => {
    const resolved = targets.get(metric);
    if (resolved) plan.push({ metric, resolved, ...extra });
  };
  // An announced visit (app/visits) is a promise to be ready at the counter, not a reply: no clock.
  if (contact.kind === "visit") return plan;
  // The charter promises the apology "알려주신 즉시": from the report's arrival, whoever it names.
  if (contact.kind === "unkindness") add("apology", { reason: "unkindness_report" });
  // An information-disclosure request runs on its own period (a decision, not a reply), handed
  // to its officer at once like any paper contact.
  if (contact.kind === "disclosure") {
    add("handoff");
    add("disclosure_decision", { reason: "disclosure_request" });
    return plan;
  }
  if (contact.resolvedOnContact) {
    add("happy_call", { reason: "resolved_on_contact" });
    return plan;
  }
  add("handoff");
  add("first_reply");
  add("resolution");
  if (contact.callbackRequested) add("callback");
  if (contact.requestedReplyBy) add("requested_reply", { basisDate: contact.requestedReplyBy });
  return plan;
}

/** At intake: one timer per metric that applies to the contact. */
export async function onCreated(tx: Transaction, ticket: Ticket, actor: Actor) {
  const { cal, targets } = await context(tx, ticket);
  // A reply date that cannot be kept from the moment of receipt is refused, never an instant breach.
  if (ticket.requestedReplyBy && !isFeasibleDate(cal.calendar, ticket.requestedReplyBy, ticket.receivedAt.getTime(), "requested")) {
    throw new DeskError(422, "error.requestedTooSoon", { requestedReplyBy: "error.requestedTooSoon" });
  }
  // Answered on the spot, the happy call counts from now; every other clock from receipt.
  const startedAt = ticket.resolvedOnContact ? ticket.createdAt : ticket.receivedAt;
  await startTimers(
    tx,
    ticket,
    actor,
    cal,
    intakeTimerPlan(ticket, targets).map((planned) => ({ ...planned, startedAt })),
  );
}

/**
 * Starts a clock the ticket's events call for outside intake (e.g. `apology` for an unkindness
 * report), with the target the policies give it. Returns null when no policy sets the metric.
 */
export async function startMetric(
  tx: Transaction,
  ticket: Ticket,
  metric: SlaMetric,
  actor: Actor,
  options: { startedAt?: Date; reason?: string; basisDate?: string } = {},
): Promise<TimerRow | null> {
  const { cal, targets } = await context(tx, ticket);
  const resolved = targets.get(metric);
  if (!resolved) return null;
  return startTimer(tx, ticket, actor, cal, {
    metric,
    startedAt: options.startedAt ?? new Date(),
    resolved,
    reason: options.reason,
    basisDate: options.basisDate ?? null,
  });
}

/**
 * Extends a running clock by its own period once more (an information-disclosure decision: 10
 * days, then 10 more), before its deadline only; the move is an event with its reason, never silent.
 */
export async function extendByOwnPeriod(
  tx: Transaction,
  ticket: Ticket,
  metric: SlaMetric,
  actor: Actor,
  reason: string,
  now = new Date(),
): Promise<{ from: Date; to: Date }> {
  const [t] = await tx
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.metric, metric), inArray(slaTimers.state, ["running", "breached"])))
    .orderBy(desc(slaTimers.startedAt))
    .limit(1)
    .for("update");
  // Past its deadline (breached by now, or about to be) an extension would be a silent move.
  if (t && (t.state === "breached" || t.dueAt.getTime() <= now.getTime())) throw new DeskError(409, "disclosure.error.tooLateToExtend");
  if (!t || !t.period || t.period.kind === "immediately") throw new DeskError(409, "error.badTransition");
  const { cal, targets } = await context(tx, ticket);
  const period = { ...t.period, amount: t.period.amount * 2 };
  const dueAtMs = deadlineOf(cal.calendar, basisOf({ ...t, period }));
  const target = targets.get(metric)?.target ?? DEFAULT_WARNING;
  const warnAtMs = warnAtOf(cal.calendar, t.startedAt.getTime(), dueAtMs, period, target);
  await tx
    .update(slaTimers)
    .set({
      period,
      dueAt: new Date(dueAtMs),
      warnAt: warnAtMs === null ? null : new Date(warnAtMs),
      // A warning moved into the future may be given again.
      warnedAt: warnAtMs !== null && warnAtMs > now.getTime() ? null : t.warnedAt,
      calendarVersion: cal.version,
      updatedAt: now,
    })
    .where(eq(slaTimers.id, t.id));
  await appendEvent(
    tx,
    ticket.id,
    "sla.deadline_moved",
    actor,
    {
      timerId: t.id,
      metric,
      from: t.dueAt.toISOString(),
      to: new Date(dueAtMs).toISOString(),
      reason: "extension",
      note: reason,
      calendarVersion: cal.version,
    },
    now,
  );
  return { from: t.dueAt, to: new Date(dueAtMs) };
}

/** Meets the live clocks of these metrics (e.g. `apology` once the apology is recorded). */
export async function meetMetrics(tx: Transaction, ticket: Ticket, metrics: SlaMetric[], actor: Actor, reason: string) {
  return finishTimers(tx, ticket, actor, metrics, "met", reason);
}

/** Cancels the live clocks of these metrics with the reason (a clock already past due is breached instead). */
export async function cancelMetrics(tx: Transaction, ticket: Ticket, metrics: SlaMetric[], actor: Actor, reason: string) {
  return finishTimers(tx, ticket, actor, metrics, "cancelled", reason);
}

export async function onAssigned(tx: Transaction, ticket: Ticket, actor: Actor) {
  await finishTimers(tx, ticket, actor, ["handoff"], "met", "assigned");
}

export async function onReplied(tx: Transaction, ticket: Ticket, actor: Actor, via: string) {
  const metrics: SlaMetric[] = ["first_reply", "requested_reply", "correction"];
  await finishTimers(tx, ticket, actor, metrics, "met", `reply:${via}`);
}

/**
 * An expected date may not lie past the resolution deadline without a manager's recorded
 * approval (the approving manager is the actor, and the approval is in the event).
 */
export async function checkExpectedDate(
  tx: Transaction,
  ticket: Ticket,
  actor: Actor,
  input: { expectedBy: string; managerApproval?: boolean },
): Promise<void> {
  if (input.expectedBy < kstDate(new Date())) throw new DeskError(422, "error.datePast", { expectedBy: "error.datePast" });
  const cal = await currentCalendar(tx);
  // A promise the desk cannot keep (a closed day, or no working hour left) is refused, never made.
  if (!isFeasibleDate(cal.calendar, input.expectedBy, Date.now(), "promise")) {
    throw new DeskError(422, "error.promiseNotFeasible", { expectedBy: "error.promiseNotFeasible" });
  }
  const resolution = await liveTimer(tx, ticket.id, "resolution");
  if (!resolution) return;
  const promisedDue = cal.calendar.endOfWorkingDay(input.expectedBy);
  if (promisedDue <= resolution.dueAt.getTime()) return;
  if (input.managerApproval && hasRole(actor, "manager")) return;
  throw new DeskError(422, "error.expectedPastResolution", { expectedBy: "error.expectedPastResolution" });
}

/**
 * An interim notice gives the reason and an expected date: it meets `first_reply`, and the date
 * becomes a `promised_date` timer (replacing an earlier promise, with an event). Told by SMS
 * before it lapses, it also meets `requested_reply` (the charter's renegotiation).
 */
export async function onInterimNotice(tx: Transaction, ticket: Ticket, actor: Actor, input: { expectedBy: string; via?: string }) {
  await finishTimers(tx, ticket, actor, ["first_reply"], "met", "interim_notice");
  if (input.via === "sms") await finishTimers(tx, ticket, actor, ["requested_reply"], "met", "renegotiated_by_sms");
  await finishTimers(tx, ticket, actor, ["promised_date"], "cancelled", `superseded_by:${input.expectedBy}`);
  const { cal, targets } = await context(tx, ticket);
  const resolved = targets.get("promised_date");
  if (resolved) {
    await startTimer(tx, ticket, actor, cal, {
      metric: "promised_date",
      startedAt: new Date(),
      resolved,
      basisDate: input.expectedBy,
      reason: "interim_notice",
    });
  }
}

export async function onCallbackLogged(tx: Transaction, ticket: Ticket, actor: Actor, outcome: string) {
  await finishTimers(tx, ticket, actor, ["callback"], "met", `callback:${outcome}`);
}

/**
 * 보완 요청: the ticket's running clocks stop — but not a guarantee case's (the customer's guarantee
 * promise keeps running), and not a clock that has already run out (it is breached first).
 */
export async function onPaused(tx: Transaction, ticket: Ticket, actor: Actor, now = new Date()) {
  await settleClocks(tx, ticket, now);
  const paused = await tx
    .update(slaTimers)
    .set({
      state: "paused",
      pauses: sql`${slaTimers.pauses} || ${JSON.stringify([{ from: now.toISOString(), to: null } satisfies TimerPause])}::jsonb`,
      updatedAt: now,
    })
    .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.state, "running"), isNull(slaTimers.guaranteeCaseId)))
    .returning();
  for (const t of paused) {
    await appendEvent(tx, ticket.id, "sla.timer_paused", actor, { timerId: t.id, metric: t.metric, dueAt: t.dueAt.toISOString() }, now);
  }
}

/** On resume every paused deadline moves later by the working time the pause took. */
export async function onResumed(tx: Transaction, ticket: Ticket, actor: Actor, now = new Date()) {
  const paused = await tx
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.state, "paused")))
    .for("update");
  if (paused.length === 0) return;
  const cal = await currentCalendar(tx);
  for (const t of paused) {
    const pauses = t.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
    const resumed = { ...t, pauses };
    const dueAtMs = deadlineOf(cal.calendar, basisOf(resumed));
    const target = await targetOf(tx, t);
    const warnAtMs = warnAtOf(cal.calendar, t.startedAt.getTime(), dueAtMs, t.period, target);
    await tx
      .update(slaTimers)
      .set({
        state: "running",
        pauses,
        dueAt: new Date(dueAtMs),
        warnAt: warnAtMs === null ? null : new Date(warnAtMs),
        warnedAt: warnAtMs !== null && warnAtMs > now.getTime() ? null : t.warnedAt,
        calendarVersion: cal.version,
        updatedAt: now,
      })
      .where(eq(slaTimers.id, t.id));
    await appendEvent(
      tx,
      ticket.id,
      "sla.deadline_moved",
      actor,
      {
        timerId: t.id,
        metric: t.metric,
        from: t.dueAt.toISOString(),
        to: new Date(dueAtMs).toISOString(),
        reason: "pause",
        pausedFrom: pauses[pauses.length - 1]?.from,
        pausedTo: now.toISOString(),
        calendarVersion: cal.version,
      },
      now,
    );
  }
}

async function targetOf(ex: Executor, t: TimerRow): Promise<MetricTarget> {
  const policy = t.policyId ? await policyById(t.policyId, ex) : null;
  return policy?.targets[t.metric] ?? fallbackTargetOf(t.period);
}

export async function onResolved(tx: Transaction, ticket: Ticket, actor: Actor) {
  await finishTimers(
    tx,
    ticket,
    actor,
    ["handoff", "first_reply", "resolution", "requested_reply", "promised_date", "correction"],
    "met",
    "final_answer",
  );
  await finishTimers(tx, ticket, actor, ["callback"], "cancelled", "resolved");
  const { cal, targets } = await context(tx, ticket);
  const resolved = targets.get("happy_call");
  if (resolved) await startTimer(tx, ticket, actor, cal, { metric: "happy_call", startedAt: new Date(), resolved, reason: "resolved" });
}

/** Reopened because the customer is dissatisfied: a corrected answer is due immediately. */
export async function onReopened(tx: Transaction, ticket: Ticket, actor: Actor, input: { dissatisfied?: boolean }) {
  await finishTimers(tx, ticket, actor, ["happy_call"], input.dissatisfied ? "met" : "cancelled", "reopened");
  if (!input.dissatisfied) return;
  const { cal, targets } = await context(tx, ticket);
  const resolved = targets.get("correction");
  if (resolved) await startTimer(tx, ticket, actor, cal, { metric: "correction", startedAt: new Date(), resolved, reason: "dissatisfied" });
}

export async function onHappyCall(tx: Transaction, ticket: Ticket, actor: Actor) {
  await finishTimers(tx, ticket, actor, ["happy_call"], "met", "satisfaction_recorded");
}

/**
 * Closing ends the ticket's work clocks. A guarantee case's clocks run on until the case closes,
 * and a happy call still due keeps running unless the closer records why it will not be made.
 */
export async function onClosed(tx: Transaction, ticket: Ticket, actor: Actor, input: { skipHappyCallReason?: string } = {}) {
  const kept: SlaMetric[] = input.skipHappyCallReason ? [] : ["happy_call"];
  await settleClocks(tx, ticket, new Date(), {
    pick: (t) => t.guaranteeCaseId === null && !kept.includes(t.metric),
    outcome: "cancelled",
    reason: input.skipHappyCallReason ? `closed: ${input.skipHappyCallReason}` : "closed",
    actor,
  });
}

// ------------------------------------------------------------------------- reading

export async function timersOf(ex: Executor, ticketId: string): Promise<TimerRow[]> {
  return ex.select().from(slaTimers).where(eq(slaTimers.ticketId, ticketId)).orderBy(asc(slaTimers.createdAt), asc(slaTimers.id));
}

/** How a timer's deadline was counted, in Korean or English, under the calendar it used. */
export async function explainTimer(ex: Executor, timer: TimerRow, lang: "ko" | "en"): Promise<string[]> {
  const cal = await calendarVersion(timer.calendarVersion, ex);
  return explainBasis(cal.calendar, basisOf(timer), lang);
}

export function explainBasis(calendar: WorkingCalendar, basis: TimerBasis, lang: "ko" | "en"): string[] {
  const start = clockStartOf(basis.metric);
  return explainTimerDeadline(calendar, basis).flatMap((trace) => explainDeadline(trace, lang, start));
}
