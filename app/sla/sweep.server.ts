// The enforcement pass: breaches, warnings and escalations, set-based and exactly once.
// Each batch is one transaction: timers claimed with FOR UPDATE SKIP LOCKED change state,
// their events, guarantee cases and notifications are written, and it all commits together —
// so several workers, retries and crashes can neither skip nor repeat an effect.
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  staff,
  tickets,
  type GuaranteeTrigger,
  type SlaMetric,
} from "../../db/schema";
import { db, type Transaction } from "../../db/connection";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { currentCalendar } from "./calendar.server";
import { openOrJoinCases } from "./guarantee.server";
import { appendEvents } from "~/tickets/events.server";

/** Breaking these is breaking a promise to the customer: a service guarantee case opens. */
export const GUARANTEE_METRICS: SlaMetric[] = ["first_reply", "resolution", "callback", "requested_reply", "promised_date"];
const ESCALATE_AFTER_WORKING_MS = 8 * 3_600_000; // 1 working day after the breach

export type SweepResult = {
  breached: number;
  guaranteeCasesOpened: number;
  guaranteeTriggersAdded: number;
  warned: number;
  escalated: number;
  notificationsQueued: number;
};

const empty = (): SweepResult => ({ breached: 0, guaranteeCasesOpened: 0, guaranteeTriggersAdded: 0, warned: 0, escalated: 0, notificationsQueued: 0 });

function add(a: SweepResult, b: SweepResult): SweepResult {
  return {
    breached: a.breached + b.breached,
    guaranteeCasesOpened: a.guaranteeCasesOpened + b.guaranteeCasesOpened,
    guaranteeTriggersAdded: a.guaranteeTriggersAdded + b.guaranteeTriggersAdded,
    warned: a.warned + b.warned,
    escalated: a.escalated + b.escalated,
    notificationsQueued: a.notificationsQueued + b.notificationsQueued,
  };
}

type Options = { now?: Date; batchSize?: number; timerIds?: string[]; maxBatches?: number };

/** One full pass: repeats batches until nothing is due (or maxBatches). */
export async function sweepOnce(options: Options = {}): Promise<SweepResult> {
  let total = empty();
  const maxBatches = options.maxBatches ?? 1_000;
  for (let i = 0; i < maxBatches; i++) {
    const step = await db().transaction((tx) => breachBatch(tx, options));
    total = add(total, step);
    if (step.breached < (options.batchSize ?? 1_000)) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const step = await db().transaction((tx) => warnBatch(tx, options));
    total = add(total, step);
    if (step.warned < (options.batchSize ?? 1_000)) break;
  }
  for (let i = 0; i < maxBatches; i++) {
    const step = await db().transaction((tx) => escalateBatch(tx, options));
    total = add(total, step);
    if (step.escalated < (options.batchSize ?? 1_000)) break;
  }
  return total;
}

function timerFilter(options: Options) {
  return options.timerIds?.length ? sql`and id = any(${`{${options.timerIds.join(",")}}`}::uuid[])` : sql``;
}

type ClaimedTimer = { id: string; ticket_id: string; metric: SlaMetric; due_at: Date; guarantee_case_id: string | null };

async function breachBatch(tx: Transaction, options: Options): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 1_000;
  // Claim (lock) the due timers first, then change each of them once: state, breach and — when the
  // manager hears of it if the ticket is still unresolved, 1 working day after detection — the
  // escalation moment in one write (a second UPDATE would write every row version twice).
  const claimed = await tx.execute<ClaimedTimer>(sql`
    select id, ticket_id, metric, due_at, guarantee_case_id from sla_timers
    where state = 'running' and due_at <= ${now.toISOString()} ${timerFilter(options)}
    order by due_at
    limit ${batchSize}
    for update skip locked`);
  const result = empty();
  if (claimed.length === 0) return result;
  result.breached = claimed.length;
  const cal = await currentCalendar(tx);
  const detected = now.toISOString();
  const escalateAt = new Date(cal.calendar.addWorkingTime(now.getTime(), ESCALATE_AFTER_WORKING_MS)).toISOString();
  await tx.execute(sql`
    update sla_timers set state = 'breached', breached_at = due_at, breach_detected_at = ${detected}, updated_at = ${detected},
      escalate_at = case when metric <> 'fact_check' then ${escalateAt}::timestamptz end
    where id = any(${`{${claimed.map((c) => c.id).join(",")}}`}::uuid[])`);

  await appendEvents(
    tx,
    claimed.map((c) => ({
      ticketId: c.ticket_id,
      type: "sla.timer_breached",
      actor: "system:sla",
      at: now,
      data: { timerId: c.id, metric: c.metric, dueAt: new Date(c.due_at).toISOString(), detectedAt: detected },
    })),
  );

  // Service guarantee: one open case per ticket (partial unique index); more triggers join it.
  const byTicket = new Map<string, GuaranteeTrigger[]>();
  for (const c of claimed) {
    if (!GUARANTEE_METRICS.includes(c.metric)) continue;
    const trigger: GuaranteeTrigger = { kind: "breach", metric: c.metric, timerId: c.id, dueAt: new Date(c.due_at).toISOString(), at: detected };
    byTicket.set(c.ticket_id, [...(byTicket.get(c.ticket_id) ?? []), trigger]);
  }
  // All of the batch's tickets at once: a fixed number of statements per batch (openOrJoinCases).
  const opened = await openOrJoinCases(tx, [...byTicket].map(([ticketId, triggers]) => ({ ticketId, triggers })), { kind: "system", name: "sla" }, now);
  const cases: Array<{ id: string; ticket_id: string; inserted: boolean; triggers: GuaranteeTrigger[] }> = opened.map((o) => ({
    id: o.id,
    ticket_id: o.ticketId,
    inserted: o.inserted,
    triggers: byTicket.get(o.ticketId)!,
  }));
  for (const c of cases) {
    if (c.inserted) result.guaranteeCasesOpened++;
    else result.guaranteeTriggersAdded += c.triggers.length;
  }

  // Alerts: assignee and team lead on every breach; the customer gets an apology per case.
  const ticketIds = [...new Set(claimed.map((c) => c.ticket_id))];
  const ticketRows = await tx
    .select({ id: tickets.id, reference: tickets.reference, subject: tickets.subject, assigneeId: tickets.assigneeId, teamId: tickets.teamId })
    .from(tickets)
    .where(inArray(tickets.id, ticketIds));
  const byId = new Map(ticketRows.map((t) => [t.id, t]));
  const teamIds = [...new Set(ticketRows.map((t) => t.teamId).filter((x): x is string => !!x))];
  const leads = teamIds.length
    ? await tx.select({ id: staff.id, teamId: staff.teamId }).from(staff).where(and(inArray(staff.teamId, teamIds), eq(staff.role, "lead"), eq(staff.active, true)))
    : [];
  const requests: NotificationRequest[] = [];
  for (const c of claimed) {
    const t = byId.get(c.ticket_id)!;
    const payload = { reference: t.reference, subject: t.subject, metric: c.metric, dueAt: new Date(c.due_at).toISOString() };
    const recipients = new Set<string>();
    if (t.assigneeId) recipients.add(t.assigneeId);
    for (const lead of leads) if (lead.teamId === t.teamId) recipients.add(lead.id);
    for (const staffId of recipients) {
      requests.push({
        dedupeKey: `breach:${c.id}:${staffId}`,
        ticketId: t.id,
        audience: "staff",
        recipientStaffId: staffId,
        template: "staff_breach_alert",
        payload,
      });
    }
  }
  for (const c of cases) {
    if (!c.inserted) continue;
    const t = byId.get(c.ticket_id)!;
    requests.push({
      dedupeKey: `breach-apology:${c.id}`,
      ticketId: t.id,
      guaranteeCaseId: c.id,
      audience: "customer",
      template: "breach_apology",
      payload: { reference: t.reference, subject: t.subject, metrics: c.triggers.map((x) => (x.kind === "breach" ? x.metric : x.kind)) },
    });
  }
  if (requests.length) {
    await queueNotifications(tx, requests);
    result.notificationsQueued = requests.length;
  }
  return result;
}

async function warnBatch(tx: Transaction, options: Options): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const warned = await tx.execute<{ id: string; ticket_id: string; metric: SlaMetric; due_at: Date }>(sql`
    update sla_timers t set warned_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
    from (
      select id from sla_timers
      where state = 'running' and warned_at is null and warn_at <= ${now.toISOString()} and due_at > ${now.toISOString()} ${timerFilter(options)}
      order by warn_at
      limit ${options.batchSize ?? 1_000}
      for update skip locked
    ) w
    where t.id = w.id
    returning t.id, t.ticket_id, t.metric, t.due_at`);
  const result = empty();
  if (warned.length === 0) return result;
  result.warned = warned.length;
  await appendEvents(
    tx,
    warned.map((w) => ({
      ticketId: w.ticket_id,
      type: "sla.timer_warned",
      actor: "system:sla",
      at: now,
      data: { timerId: w.id, metric: w.metric, dueAt: new Date(w.due_at).toISOString() },
    })),
  );
  const rows = await tx
    .select({ id: tickets.id, reference: tickets.reference, subject: tickets.subject, assigneeId: tickets.assigneeId, teamId: tickets.teamId })
    .from(tickets)
    .where(inArray(tickets.id, [...new Set(warned.map((w) => w.ticket_id))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  // Unassigned tickets: the warning goes to the team lead(s), or to the managers.
  const leads = await tx.select({ id: staff.id, teamId: staff.teamId, role: staff.role }).from(staff).where(and(inArray(staff.role, ["lead", "manager"]), eq(staff.active, true)));
  const requests: NotificationRequest[] = [];
  for (const w of warned) {
    const t = byId.get(w.ticket_id)!;
    const recipients = t.assigneeId
      ? [t.assigneeId]
      : leads.filter((l) => (t.teamId ? l.role === "lead" && l.teamId === t.teamId : l.role === "manager")).map((l) => l.id);
    for (const staffId of recipients) {
      requests.push({
        dedupeKey: `warn:${w.id}:${new Date(w.due_at).getTime()}:${staffId}`,
        ticketId: t.id,
        audience: "staff",
        recipientStaffId: staffId,
        template: "staff_warning",
        payload: { reference: t.reference, subject: t.subject, metric: w.metric, dueAt: new Date(w.due_at).toISOString() },
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
  // A breach escalates only if its ticket is still open at escalate_at; one that is no longer open
  // then never will. Its escalate_at is cleared once, so that the claim below does not read it
  // again on every sweep (they would pile up with the years: docs/PERFORMANCE.md, sweep).
  await tx.execute(sql`
    update sla_timers t set escalate_at = null
    from (
      select s.id from sla_timers s join tickets k on k.id = s.ticket_id
      where s.state = 'breached' and s.escalated_at is null and s.escalate_at <= ${now.toISOString()}::timestamptz
        and k.status not in ('new', 'open', 'waiting') ${options.timerIds?.length ? sql`and s.id = any(${`{${options.timerIds.join(",")}}`}::uuid[])` : sql``}
      for update of s skip locked
    ) gone
    where t.id = gone.id`);
  const escalated = await tx.execute<{ id: string; ticket_id: string; metric: SlaMetric; due_at: Date }>(sql`
    update sla_timers t set escalated_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
    from (
      select s.id from sla_timers s join tickets k on k.id = s.ticket_id
      where s.state = 'breached' and s.escalated_at is null and s.escalate_at <= ${now.toISOString()}
        and k.status in ('new', 'open', 'waiting') ${options.timerIds?.length ? sql`and s.id = any(${`{${options.timerIds.join(",")}}`}::uuid[])` : sql``}
      order by s.escalate_at
      limit ${options.batchSize ?? 1_000}
      for update of s skip locked
    ) e
    where t.id = e.id
    returning t.id, t.ticket_id, t.metric, t.due_at`);
  const result = empty();
  if (escalated.length === 0) return result;
  result.escalated = escalated.length;
  await appendEvents(
    tx,
    escalated.map((e) => ({
      ticketId: e.ticket_id,
      type: "sla.escalated",
      actor: "system:sla",
      at: now,
      data: { timerId: e.id, metric: e.metric, dueAt: new Date(e.due_at).toISOString(), to: "manager" },
    })),
  );
  const managers = await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.role, "manager"), eq(staff.active, true)));
  const rows = await tx
    .select({ id: tickets.id, reference: tickets.reference, subject: tickets.subject })
    .from(tickets)
    .where(inArray(tickets.id, [...new Set(escalated.map((e) => e.ticket_id))]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const requests: NotificationRequest[] = escalated.flatMap((e) =>
    managers.map((m) => ({
      dedupeKey: `escalate:${e.id}:${m.id}`,
      ticketId: e.ticket_id,
      audience: "staff" as const,
      recipientStaffId: m.id,
      template: "manager_alert" as const,
      payload: { reference: byId.get(e.ticket_id)!.reference, subject: byId.get(e.ticket_id)!.subject, metric: e.metric, dueAt: new Date(e.due_at).toISOString() },
    })),
  );
  if (requests.length) {
    await queueNotifications(tx, requests);
    result.notificationsQueued = requests.length;
  }
  return result;
}
