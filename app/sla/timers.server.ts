// Timers in the database: started, met, cancelled, paused and resumed as the ticket moves.
// Every change is an event in the ticket's history; a deadline only moves with an event saying why.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { slaTimers, type MetricTarget, type SlaMetric, type TimerPause, type tickets } from "../../db/schema";
import type { Database, Transaction } from "../../db/connection";
import { appendEvent } from "~/tickets/events.server";
import { actorLabel, hasRole, type Actor } from "~/tickets/actor";
import { DeskError } from "~/tickets/errors";
import { kstDate } from "~/lib/time";
import { uuidV7 } from "~/lib/uuid-v7";
import type { WorkingCalendar } from "./calendar";
import { calendarVersion, currentCalendar, type VersionedCalendar } from "./calendar.server";
import type { Period } from "./counting";
import { activePolicies, policyById, targetsFor, type ResolvedTarget } from "./policies.server";
import { deadlineOf, explainTimerDeadline, warnAtOf, type TimerBasis } from "./timer-math";
import { explainDeadline } from "./explain";

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

/**
 * Starts clocks with their sla.timer_started events, all in one statement (intake starts two to
 * five: one round trip instead of two per clock). Ids are made here (time-ordered, ADR 0006) so
 * that the events can name their timers in the same statement.
 */
async function startTimers(tx: Transaction, ticket: Ticket, actor: Actor, cal: VersionedCalendar, specs: StartSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const now = new Date();
  const rows = specs.map((spec) => {
    const period: Period | null = spec.basisDate ? null : spec.resolved.target.period;
    if (!period && !spec.basisDate) throw new Error(`metric ${spec.metric} needs a period or a date`);
    const basis: TimerBasis = { metric: spec.metric, startedAtMs: spec.startedAt.getTime(), period, basisDate: spec.basisDate ?? null, pauses: [] };
    const dueAtMs = deadlineOf(cal.calendar, basis);
    const warnAtMs = warnAtOf(cal.calendar, basis.startedAtMs, dueAtMs, period, spec.resolved.target);
    const id = uuidV7(now.getTime());
    const dueAt = new Date(dueAtMs).toISOString();
    return {
      timer: {
        id,
        ticket_id: ticket.id,
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

async function context(tx: Executor, ticket: Ticket) {
  const [cal, policies] = await Promise.all([currentCalendar(tx), activePolicies(tx)]);
  return { cal, targets: targetsFor(policies, ticket.channel, ticket.category) };
}

/** Live timers of the given metrics become `met` (or `cancelled`), with an event each. */
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
  const finished = await tx
    .update(slaTimers)
    .set(outcome === "met" ? { state: "met", metAt: now, updatedAt: now } : { state: "cancelled", cancelledAt: now, updatedAt: now })
    .where(and(eq(slaTimers.ticketId, ticket.id), inArray(slaTimers.metric, metrics), inArray(slaTimers.state, [...LIVE])))
    .returning();
  for (const t of finished) {
    await appendEvent(tx, ticket.id, outcome === "met" ? "sla.timer_met" : "sla.timer_cancelled", actor, {
      timerId: t.id,
      metric: t.metric,
      dueAt: t.dueAt.toISOString(),
      reason,
    }, now);
  }
  if (outcome === "met") {
    // A breach stays a breach; the late completion is recorded beside it.
    const late = await tx
      .update(slaTimers)
      .set({ metAt: now, escalateAt: null, updatedAt: now })
      .where(and(eq(slaTimers.ticketId, ticket.id), inArray(slaTimers.metric, metrics), eq(slaTimers.state, "breached"), isNull(slaTimers.metAt)))
      .returning();
    for (const t of late) {
      await appendEvent(tx, ticket.id, "sla.timer_completed_late", actor, { timerId: t.id, metric: t.metric, dueAt: t.dueAt.toISOString(), reason }, now);
    }
  }
  return finished;
}

export async function liveTimer(ex: Executor, ticketId: string, metric: SlaMetric): Promise<TimerRow | null> {
  const [row] = await ex
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), eq(slaTimers.metric, metric), inArray(slaTimers.state, [...LIVE])))
    .limit(1);
  return row ?? null;
}

export type IntakeFacts = Pick<Ticket, "channel" | "category" | "receivedAt" | "requestedReplyBy" | "callbackRequested" | "resolvedOnContact">;
export type PlannedTimer = { metric: SlaMetric; resolved: ResolvedTarget; basisDate?: string | null; reason?: string };

/** Which timers a contact gets at intake (SERVICE-STANDARDS §3); shared by intake and preview. */
export function intakeTimerPlan(contact: IntakeFacts, targets: Map<SlaMetric, ResolvedTarget>): PlannedTimer[] {
  const plan: PlannedTimer[] = [];
  const add = (metric: SlaMetric, extra: Partial<PlannedTimer> = {}) => {
    const resolved = targets.get(metric);
    if (resolved) plan.push({ metric, resolved, ...extra });
  };
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
  // Answered on the spot, the happy call counts from now; every other clock from receipt.
  const startedAt = ticket.resolvedOnContact ? ticket.createdAt : ticket.receivedAt;
  await startTimers(tx, ticket, actor, cal, intakeTimerPlan(ticket, targets).map((planned) => ({ ...planned, startedAt })));
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
  options: { startedAt?: Date; reason?: string } = {},
): Promise<TimerRow | null> {
  const { cal, targets } = await context(tx, ticket);
  const resolved = targets.get(metric);
  if (!resolved) return null;
  return startTimer(tx, ticket, actor, cal, { metric, startedAt: options.startedAt ?? new Date(), resolved, reason: options.reason });
}

/** Meets the live clocks of these metrics (e.g. `apology` once the apology is recorded). */
export async function meetMetrics(tx: Transaction, ticket: Ticket, metrics: SlaMetric[], actor: Actor, reason: string) {
  return finishTimers(tx, ticket, actor, metrics, "met", reason);
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
  const resolution = await liveTimer(tx, ticket.id, "resolution");
  if (!resolution) return;
  const cal = await currentCalendar(tx);
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
    await startTimer(tx, ticket, actor, cal, { metric: "promised_date", startedAt: new Date(), resolved, basisDate: input.expectedBy, reason: "interim_notice" });
  }
}

export async function onCallbackLogged(tx: Transaction, ticket: Ticket, actor: Actor, outcome: string) {
  await finishTimers(tx, ticket, actor, ["callback"], "met", `callback:${outcome}`);
}

/** 보완 요청: every running clock stops. */
export async function onPaused(tx: Transaction, ticket: Ticket, actor: Actor, now = new Date()) {
  const paused = await tx
    .update(slaTimers)
    .set({
      state: "paused",
      pauses: sql`${slaTimers.pauses} || ${JSON.stringify([{ from: now.toISOString(), to: null } satisfies TimerPause])}::jsonb`,
      updatedAt: now,
    })
    .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.state, "running")))
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
    await appendEvent(tx, ticket.id, "sla.deadline_moved", actor, {
      timerId: t.id,
      metric: t.metric,
      from: t.dueAt.toISOString(),
      to: new Date(dueAtMs).toISOString(),
      reason: "pause",
      pausedFrom: pauses[pauses.length - 1]?.from,
      pausedTo: now.toISOString(),
      calendarVersion: cal.version,
    }, now);
  }
}

async function targetOf(ex: Executor, t: TimerRow): Promise<MetricTarget> {
  const policy = t.policyId ? await policyById(t.policyId, ex) : null;
  return policy?.targets[t.metric] ?? { period: t.period, warnRatio: 0.75, warnBeforeMinutes: 60 };
}

export async function onResolved(tx: Transaction, ticket: Ticket, actor: Actor) {
  await finishTimers(tx, ticket, actor, ["handoff", "first_reply", "resolution", "requested_reply", "promised_date", "correction"], "met", "final_answer");
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

export async function onClosed(tx: Transaction, ticket: Ticket, actor: Actor) {
  const live = await tx
    .select({ metric: slaTimers.metric })
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticket.id), inArray(slaTimers.state, [...LIVE])));
  await finishTimers(tx, ticket, actor, live.map((l) => l.metric), "cancelled", "closed");
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
  return explainTimerDeadline(calendar, basis).flatMap((trace) => explainDeadline(trace, lang));
}
