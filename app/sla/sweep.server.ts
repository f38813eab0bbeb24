// The enforcement pass: breaches, warnings and escalations, set-based and exactly once.
// Each batch is one transaction: timers claimed with FOR UPDATE SKIP LOCKED change state,
// their events, guarantee cases and notifications are written, and it all commits together —
// so several workers, retries and crashes can neither skip nor repeat an effect.
import { and, eq, inArray, sql } from "drizzle-orm";
import { staff } from "~/db/schema";
import { allowGenericPlans, db, type Transaction } from "~/db/connection";
import { uuidArray } from "~/db/sql-arrays";
import { clockLabelsOf } from "./clock-labels.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { currentCalendar } from "./calendar.server";
import { alertsPerPerson, breachConsequences, clocksByTicket, escalationAt, type BreachedClock } from "./breach.server";
import { handOverAbsentWork } from "./handover.server";
import { announceAfterCommit, OUTBOX_CHANNEL, TICKET_CHANNEL, type Notice } from "~/core/announce.server";

export { GUARANTEE_METRICS } from "./breach.server";

export type SweepResult = {
  breached: number;
  guaranteeCasesOpened: number;
  guaranteeTriggersAdded: number;
  warned: number;
  escalated: number;
  notificationsQueued: number;
  /** Tickets of absent assignees handed to a deputy (./handover.server.ts). */
  handedOver: number;
};

const empty = (): SweepResult => ({
  breached: 0,
  guaranteeCasesOpened: 0,
  guaranteeTriggersAdded: 0,
  warned: 0,
  escalated: 0,
  notificationsQueued: 0,
  handedOver: 0,
});

function add(a: SweepResult, b: SweepResult): SweepResult {
  return {
    breached: a.breached + b.breached,
    guaranteeCasesOpened: a.guaranteeCasesOpened + b.guaranteeCasesOpened,
    guaranteeTriggersAdded: a.guaranteeTriggersAdded + b.guaranteeTriggersAdded,
    warned: a.warned + b.warned,
    escalated: a.escalated + b.escalated,
    notificationsQueued: a.notificationsQueued + b.notificationsQueued,
    handedOver: a.handedOver + b.handedOver,
  };
}

type Options = {
  now?: Date;
  batchSize?: number;
  timerIds?: string[];
  maxBatches?: number;
  lanes?: number;
  /**
   * Told the earliest moment still ahead (ms; null when no clock has one) when the probe found
   * nothing due: the deadline watch sleeps until then instead of a whole interval.
   */
  onNothingDue?: (nextAtMs: number | null) => void;
};

export const SWEEP_BATCH = 1_000;
/**
 * Batches in flight at once once a first batch came back full. Most of a batch's time is
 * PostgreSQL writing rows, and while one batch's rows are written the other's are claimed or
 * prepared in Node: on two cores two lanes do nearly twice the work. The claims (FOR UPDATE SKIP
 * LOCKED) keep the lanes apart, as they keep worker processes apart.
 */
export const SWEEP_LANES = 2;

/**
 * One full pass: repeats batches until nothing is due (or maxBatches). It starts with the
 * deadline watch's probe, so that a pass with nothing to do is one cheap statement rather than
 * three transactions.
 */
export async function sweepOnce(options: Options = {}): Promise<SweepResult> {
  // Absent assignees' callbacks and due-soon clocks go to a deputy first, so that the warnings
  // below reach someone who is here (its claim is as cheap as the probe when no one is away).
  const handover = await handOverAbsentWork({ now: options.now, timerIds: options.timerIds });
  const handed = { ...empty(), handedOver: handover.handedOver, notificationsQueued: handover.notificationsQueued };
  const now = options.now ?? new Date();
  const moments = await nextMoments();
  const come = (at: number | null) => at !== null && at <= now.getTime();
  if (!come(moments.due) && !come(moments.warn) && !come(moments.escalate)) {
    options.onNothingDue?.(earliest(moments));
    return handed;
  }
  const batchSize = options.batchSize ?? SWEEP_BATCH;
  const lanes = Math.max(1, options.lanes ?? SWEEP_LANES);
  let total = handed;
  let budget = options.maxBatches ?? 1_000;
  const run = async (batch: (tx: Transaction, options: Options) => Promise<SweepResult>, count: (r: SweepResult) => number) => {
    const once = async (announceAfter: boolean) => {
      budget--;
      const step = await db().transaction(async (tx) => {
        // A batch writes thousands of rows, each with its foreign keys checked by a cached query:
        // under the pool's force_custom_plan every one of those checks was planned anew.
        await allowGenericPlans(tx, { announceAfterCommit: announceAfter });
        return batch(tx, options);
      });
      total = add(total, step);
      if (announceAfter) void announceAfterCommit(batchNotices(step));
      return count(step) >= batchSize && budget > 0;
    };
    if (budget <= 0 || !(await once(false))) return;
    // A burst (the first batch came back full): the lanes' batches announce themselves after their
    // commits (ADR 0027), so that the two lanes' commits do not wait for each other's disk flush.
    const lane = async () => {
      while (await once(true));
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  };
  // Only the kinds whose moment has come (the probe read all three): a burst of breaches then
  // costs one transaction per round, not three. A warning whose clock is breached first no
  // longer needs one; a breach found late escalates in the breach write (ADR 0016).
  if (come(moments.due)) await run(breachBatch, (r) => r.breached);
  if (come(moments.warn)) await run(warnBatch, (r) => r.warned);
  if (come(moments.escalate)) await run(escalateBatch, (r) => r.escalated);
  return total;
}

/** What the triggers would have announced for a batch this large: "many tickets changed", and new deliverable notifications. */
function batchNotices(step: SweepResult): Notice[] {
  const changed = step.breached + step.warned + step.escalated;
  if (changed === 0) return [];
  return [
    { channel: TICKET_CHANNEL, payload: JSON.stringify({ bulk: changed }) },
    ...(step.notificationsQueued > 0 ? [{ channel: OUTBOX_CHANNEL, payload: "" }] : []),
  ];
}

type Moments = { due: number | null; warn: number | null; escalate: number | null };

function earliest(m: Moments): number | null {
  const all = [m.due, m.warn, m.escalate].filter((x): x is number => x !== null);
  return all.length ? Math.min(...all) : null;
}

/**
 * The earliest due, warning and escalation moments — what the deadline watch asks every second
 * before it runs a sweep. Each is the earliest entry of the partial index its claim uses
 * (running-due, warn, escalate), read as min() so that the plan is always one index descent:
 * written as EXISTS (… due_at <= now), the planner — which sees that most timers ever are due in
 * the past, not that the running ones are not — chose a full scan. A
 * warning whose clock is also due counts (the sweep breaches it); an escalation whose ticket is
 * no longer open counts once (the sweep clears its escalate_at).
 */
export async function nextMoments(): Promise<Moments> {
  const [row] = await db().execute<{ due: number | null; warn: number | null; escalate: number | null }>(sql`
    select ceil(extract(epoch from (select min(due_at) from sla_timers where state = 'running')) * 1000)::float8 as due,
           ceil(extract(epoch from (select min(warn_at) from sla_timers where state = 'running' and warned_at is null)) * 1000)::float8 as warn,
           ceil(extract(epoch from (select min(escalate_at) from sla_timers where state = 'breached' and escalated_at is null)) * 1000)::float8 as escalate`);
  const ms = (v: number | string | null) => (v === null ? null : Number(v));
  return { due: ms(row.due), warn: ms(row.warn), escalate: ms(row.escalate) };
}

/** Whether any moment the sweep acts on has come (nextMoments). */
export async function somethingDue(now = new Date()): Promise<boolean> {
  const at = earliest(await nextMoments());
  return at !== null && at <= now.getTime();
}

function timerFilter(options: Options, alias = "") {
  return options.timerIds?.length ? sql`and ${sql.raw(alias)}id = any(${uuidArray(options.timerIds)})` : sql``;
}

/** An instant as the ISO text JavaScript writes (milliseconds, Z), for event data and payloads. */
const isoMs = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/** A timer changed by a batch, with what its ticket's alerts say. */
type SweptTimer = BreachedClock;

async function breachBatch(tx: Transaction, options: Options): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? SWEEP_BATCH;
  const detected = now.toISOString();
  // Claim (lock) the due timers — the earliest due, with the other due clocks of their tickets, so
  // that a ticket's breaches open its case together (one apology naming them all) and concurrent
  // batches seldom share a ticket.
  const claimed = await tx.execute<{ id: string; due_ms: number }>(sql`
    with earliest as (
      select id, ticket_id, due_at from sla_timers
      where state = 'running' and due_at <= ${detected}::timestamptz ${timerFilter(options)}
      order by due_at
      limit ${batchSize}
      for update skip locked
    ), siblings as (
      select s.id, s.due_at from sla_timers s
      where s.ticket_id in (select ticket_id from earliest) and s.state = 'running' and s.due_at <= ${detected}::timestamptz
        and s.id not in (select id from earliest) ${timerFilter(options, "s.")}
      for update of s skip locked
    )
    select id, floor(extract(epoch from due_at) * 1000)::float8 as due_ms from earliest
    union all select id, floor(extract(epoch from due_at) * 1000)::float8 from siblings`);
  const result = empty();
  if (claimed.length === 0) return result;
  // Escalation is counted from each breach itself (its deadline), not from when it was noticed.
  const cal = await currentCalendar(tx);
  const escalateOf = new Map<number, string>();
  for (const c of claimed) if (!escalateOf.has(c.due_ms)) escalateOf.set(c.due_ms, escalationAt(cal.calendar, c.due_ms).toISOString());
  const json = JSON.stringify(claimed.map((c) => ({ id: c.id, escalate_at: escalateOf.get(c.due_ms) })));
  // Change each claimed timer once (state, breach and escalation moment in one write), append
  // the breach events, and read what the alerts need from their tickets. A breach found after
  // its escalation moment (a worker down, a backlog) escalates in the same write when its ticket
  // is open — as escalateBatch would a moment later, but without claiming and rewriting every
  // row a second time; one whose ticket is not open never will.
  const breached = await tx.execute<BreachedClock & { escalated: boolean }>(sql`
    with claimed as (
      select * from jsonb_to_recordset(${json}::jsonb) as x(id uuid, escalate_at timestamptz)
    ), decided as (
      select c.id, c.escalate_at, c.escalate_at <= ${detected}::timestamptz as late, k.status in ('new', 'open', 'waiting') as open,
             k.reference, k.subject, k.assignee_id, k.team_id, k.channel, k.category
      from claimed c join sla_timers t on t.id = c.id
      -- The ticket read once per timer, by its key (OFFSET 0 keeps it a lookup: as a plain join
      -- the planner scanned every ticket).
      cross join lateral (
        select k.status, k.reference, k.subject, k.assignee_id, k.team_id, k.channel, k.category from tickets k where k.id = t.ticket_id offset 0
      ) k
    ), breached as (
      update sla_timers t set state = 'breached', breached_at = t.due_at, breach_detected_at = ${detected}::timestamptz, updated_at = ${detected}::timestamptz,
        escalate_at = case when t.metric = 'fact_check' or (d.late and not d.open) then null else d.escalate_at end,
        escalated_at = case when t.metric <> 'fact_check' and d.late and d.open then ${detected}::timestamptz end
      from decided d
      where t.id = d.id
      returning t.id, t.ticket_id, t.metric, t.period, ${isoMs("t.due_at")} as due_at, t.escalated_at is not null as escalated,
        d.reference, d.subject, d.assignee_id, d.team_id, d.channel, d.category
    ), events as (
      insert into ticket_events (ticket_id, type, actor, at, data)
      select e.ticket_id, e.type, 'system:sla', ${detected}::timestamptz, e.data
      from (
        select b.ticket_id, 'sla.timer_breached' as type, jsonb_build_object('timerId', b.id, 'metric', b.metric, 'dueAt', b.due_at, 'detectedAt', ${detected}::text) as data, 1 as part, b.due_at, b.id
        from breached b
        union all
        select b.ticket_id, 'sla.escalated', jsonb_build_object('timerId', b.id, 'metric', b.metric, 'dueAt', b.due_at, 'to', 'manager'), 2, b.due_at, b.id
        from breached b where b.escalated
      ) e
      order by e.part, e.due_at, e.id
    )
    select * from breached order by due_at, id`);
  result.breached = breached.length;
  const escalated = breached.filter((b) => b.escalated);
  result.escalated = escalated.length;
  const managerAlerts = escalated.length ? escalationRequests(escalated, await activeManagers(tx)) : [];
  const effects = await breachConsequences(tx, breached, now, { kind: "system", name: "sla" }, managerAlerts);
  result.guaranteeCasesOpened = effects.guaranteeCasesOpened;
  result.guaranteeTriggersAdded = effects.guaranteeTriggersAdded;
  result.notificationsQueued = effects.notificationsQueued;
  return result;
}

async function activeManagers(tx: Transaction): Promise<Array<{ id: string }>> {
  return tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, "manager"), eq(staff.active, true)));
}

/**
 * The managers' alerts for a batch's escalated clocks (in due order): every manager hears of every
 * ticket — one alert per ticket, naming every clock of it that escalated, or one summary when more
 * than a handful escalate together (ADR 0028).
 */
function escalationRequests(clocks: SweptTimer[], managers: Array<{ id: string }>): NotificationRequest[] {
  const groups = [...clocksByTicket(clocks).values()];
  return alertsPerPerson(new Map(managers.map((m) => [m.id, groups])), {
    alert: "manager_alert",
    alertKey: "escalate",
    summary: "manager_digest",
    summaryKey: "escalate-digest",
  });
}

async function warnBatch(tx: Transaction, options: Options): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  // Claim, mark, append the events and read the tickets in one statement (as breachBatch).
  const warned = await tx.execute<SweptTimer>(sql`
    with claimed as (
      select id from sla_timers
      where state = 'running' and warned_at is null and warn_at <= ${at}::timestamptz and due_at > ${at}::timestamptz ${timerFilter(options)}
      order by warn_at
      limit ${options.batchSize ?? SWEEP_BATCH}
      for update skip locked
    ), warned as (
      update sla_timers t set warned_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      from claimed c
      where t.id = c.id
      returning t.id, t.ticket_id, t.metric, t.period, ${isoMs("t.due_at")} as due_at, t.warn_at
    ), events as (
      insert into ticket_events (ticket_id, type, actor, at, data)
      select w.ticket_id, 'sla.timer_warned', 'system:sla', ${at}::timestamptz,
             jsonb_build_object('timerId', w.id, 'metric', w.metric, 'dueAt', w.due_at)
      from warned w
      order by w.warn_at, w.id
    )
    select w.id, w.ticket_id, w.metric, w.period, w.due_at, k.reference, k.subject, k.assignee_id, k.team_id, k.channel, k.category
    from warned w join tickets k on k.id = w.ticket_id
    order by w.warn_at, w.id`);
  const result = empty();
  if (warned.length === 0) return result;
  result.warned = warned.length;
  // Unassigned tickets: the warning goes to the team lead(s), or to the managers.
  const leads = await tx
    .select({ id: staff.id, teamId: staff.teamId, role: staff.role })
    .from(staff)
    .where(and(inArray(staff.role, ["lead", "manager"]), eq(staff.active, true)));
  const requests: NotificationRequest[] = [];
  for (const w of warned) {
    const recipients = w.assignee_id
      ? [w.assignee_id]
      : leads.filter((l) => (w.team_id ? l.role === "lead" && l.teamId === w.team_id : l.role === "manager")).map((l) => l.id);
    for (const staffId of recipients) {
      requests.push({
        dedupeKey: `warn:${w.id}:${Date.parse(w.due_at)}:${staffId}`,
        ticketId: w.ticket_id,
        audience: "staff",
        recipientStaffId: staffId,
        template: "staff_warning",
        payload: { reference: w.reference, subject: w.subject, metric: w.metric, dueAt: w.due_at, clockLabels: clockLabelsOf([w]) },
      });
    }
  }
  if (requests.length) {
    await queueNotifications(tx, requests);
    result.notificationsQueued = requests.length;
  }
  return result;
}

async function escalateBatch(tx: Transaction, options: Options): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  // A breach escalates only if its ticket is still open at escalate_at; one that is no longer open
  // then never will. Its escalate_at is cleared once, so that the claim below does not read it
  // again on every sweep (they would pile up with the years).
  await tx.execute(sql`
    update sla_timers t set escalate_at = null
    from (
      -- The ticket read per timer (an index lookup each): as a join the planner scanned every
      -- ticket on each sweep.
      select s.id from sla_timers s
      where s.state = 'breached' and s.escalated_at is null and s.escalate_at <= ${at}::timestamptz
        and (select k.status from tickets k where k.id = s.ticket_id) not in ('new', 'open', 'waiting') ${timerFilter(options, "s.")}
      for update of s skip locked
    ) gone
    where t.id = gone.id`);
  const escalated = await tx.execute<SweptTimer>(sql`
    with claimed as (
      select s.id, k.reference, k.subject, k.assignee_id, k.team_id, k.channel, k.category
      from sla_timers s join tickets k on k.id = s.ticket_id
      where s.state = 'breached' and s.escalated_at is null and s.escalate_at <= ${at}::timestamptz
        and k.status in ('new', 'open', 'waiting') ${timerFilter(options, "s.")}
      order by s.escalate_at
      limit ${options.batchSize ?? SWEEP_BATCH}
      for update of s skip locked
    ), escalated as (
      update sla_timers t set escalated_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
      from claimed c
      where t.id = c.id
      returning t.id, t.ticket_id, t.metric, t.period, ${isoMs("t.due_at")} as due_at, t.escalate_at
    ), events as (
      insert into ticket_events (ticket_id, type, actor, at, data)
      select e.ticket_id, 'sla.escalated', 'system:sla', ${at}::timestamptz,
             jsonb_build_object('timerId', e.id, 'metric', e.metric, 'dueAt', e.due_at, 'to', 'manager')
      from escalated e
      order by e.escalate_at, e.id
    )
    select e.id, e.ticket_id, e.metric, e.period, e.due_at, c.reference, c.subject, c.assignee_id, c.team_id, c.channel, c.category
    from escalated e join claimed c on c.id = e.id
    order by e.escalate_at, e.id`);
  const result = empty();
  if (escalated.length === 0) return result;
  result.escalated = escalated.length;
  const requests = escalationRequests(escalated, await activeManagers(tx));
  if (requests.length) {
    await queueNotifications(tx, requests);
    result.notificationsQueued = requests.length;
  }
  return result;
}
