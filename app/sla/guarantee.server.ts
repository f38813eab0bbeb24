// 서비스 보증제 (SERVICE-STANDARDS §4): a case opens when a promise is broken, the customer hears
// the fact-check result within 1 day, and a case where the desk was at fault stays open until
// the staff member concerned has apologised and the customer confirms being satisfied.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { guaranteeCases, slaTimers, staff, tickets, type GuaranteeTrigger } from "../../db/schema";
import { executor, inTransaction, type Transaction } from "../../db/connection";
import { queueCustomerNotification } from "~/notify/queue.server";
import { actorLabel, actorStaffId, type Actor } from "~/tickets/actor";
import { DeskError, invalidTransition, notFound } from "~/tickets/errors";
import { appendEvent, appendEvents } from "~/tickets/events.server";
import { REFERENCE_PATTERN } from "~/tickets/reference.server";
import { currentCalendar } from "./calendar.server";
import { activePolicies, targetsFor } from "./policies.server";
import { scheduleTimerMoments } from "./schedule.server";
import { deadlineOf, warnAtOf } from "./timer-math";

export type GuaranteeCase = typeof guaranteeCases.$inferSelect;

/**
 * Opens the ticket's guarantee case or adds the triggers to the open one (the partial unique
 * index makes "at most one open case per ticket" hold under any concurrency).
 */
export async function openOrJoinCase(
  tx: Transaction,
  ticketId: string,
  triggers: GuaranteeTrigger[],
  actor: Actor,
  now = new Date(),
): Promise<{ id: string; inserted: boolean }> {
  const [row] = await openOrJoinCases(tx, [{ ticketId, triggers }], actor, now);
  return { id: row.id, inserted: row.inserted };
}

/**
 * openOrJoinCase for many tickets at once, in a fixed number of statements whatever their number
 * (the sweep breaches up to a batch of 1,000 timers per transaction): one upsert for the cases,
 * one insert for their events, one for the new cases' fact-check clocks, one for those clocks'
 * events and one for their jobs. One entry per ticket (the triggers of a ticket together).
 */
export async function openOrJoinCases(
  tx: Transaction,
  items: Array<{ ticketId: string; triggers: GuaranteeTrigger[] }>,
  actor: Actor,
  now = new Date(),
): Promise<Array<{ id: string; ticketId: string; inserted: boolean }>> {
  // One row per ticket: an upsert may not touch the same case twice.
  const merged = new Map<string, GuaranteeTrigger[]>();
  for (const i of items) merged.set(i.ticketId, [...(merged.get(i.ticketId) ?? []), ...i.triggers]);
  const ticketIds = [...merged.keys()];
  if (ticketIds.length === 0) return [];
  const rows = await tx.execute<{ id: string; ticket_id: string; inserted: boolean }>(sql`
    insert into guarantee_cases (ticket_id, triggers, opened_at)
    select v.ticket_id, (${JSON.stringify([...merged.values()])}::jsonb) -> (v.n - 1)::int, ${now.toISOString()}::timestamptz
    from unnest(${`{${ticketIds.join(",")}}`}::uuid[]) with ordinality as v(ticket_id, n)
    on conflict (ticket_id) where status = 'open'
    do update set triggers = guarantee_cases.triggers || excluded.triggers
    returning id, ticket_id, (xmax = 0) as inserted`);
  const byTicket = new Map(rows.map((r) => [r.ticket_id, r]));
  const label = actorLabel(actor);
  await appendEvents(
    tx,
    ticketIds.map((ticketId) => {
      const row = byTicket.get(ticketId)!;
      return {
        ticketId,
        type: row.inserted ? "guarantee.opened" : "guarantee.trigger_added",
        actor: label,
        at: now,
        data: { caseId: row.id, triggers: merged.get(ticketId)!.map((t) => (t.kind === "breach" ? t.metric : t.kind)) },
      };
    }),
  );
  const opened = rows.filter((r) => r.inserted).map((r) => ({ caseId: r.id, ticketId: r.ticket_id }));
  if (opened.length) await startFactCheckTimers(tx, opened, now);
  return items.map((i) => {
    const row = byTicket.get(i.ticketId)!;
    return { id: row.id, ticketId: i.ticketId, inserted: row.inserted };
  });
}

/** The case's own clock: the fact-check result reaches the customer within 1 day (8 working h). */
export async function startFactCheckTimer(tx: Transaction, ticketId: string, caseId: string, now: Date) {
  await startFactCheckTimers(tx, [{ ticketId, caseId }], now);
}

export async function startFactCheckTimers(tx: Transaction, cases: Array<{ ticketId: string; caseId: string }>, now: Date) {
  const ticketRows = await tx
    .select({ id: tickets.id, channel: tickets.channel, category: tickets.category })
    .from(tickets)
    .where(inArray(tickets.id, [...new Set(cases.map((c) => c.ticketId))]));
  const ticketOf = new Map(ticketRows.map((t) => [t.id, t]));
  const [cal, policies] = await Promise.all([currentCalendar(tx), activePolicies(tx)]);
  const values: Array<typeof slaTimers.$inferInsert> = [];
  const policyKey = new Map<string, string>();
  for (const c of cases) {
    const ticket = ticketOf.get(c.ticketId);
    if (!ticket) continue;
    const resolved = targetsFor(policies, ticket.channel, ticket.category).get("fact_check");
    if (!resolved?.target.period) continue;
    const period = resolved.target.period;
    const dueAtMs = deadlineOf(cal.calendar, { metric: "fact_check", startedAtMs: now.getTime(), period, basisDate: null, pauses: [] });
    const warnAtMs = warnAtOf(cal.calendar, now.getTime(), dueAtMs, period, resolved.target);
    policyKey.set(c.caseId, resolved.policyKey);
    values.push({
      ticketId: c.ticketId,
      metric: "fact_check",
      state: "running",
      startedAt: now,
      period,
      dueAt: new Date(dueAtMs),
      warnAt: warnAtMs === null ? null : new Date(warnAtMs),
      policyId: resolved.policyId,
      calendarVersion: cal.version,
      guaranteeCaseId: c.caseId,
    });
  }
  if (values.length === 0) return;
  // One statement for the batch (a JSON parameter); a ticket that already has a live fact-check
  // clock keeps it (the partial unique index on live clocks).
  const json = JSON.stringify(
    values.map((v) => ({
      ticket_id: v.ticketId,
      period: v.period,
      due_at: (v.dueAt as Date).toISOString(),
      warn_at: v.warnAt ? (v.warnAt as Date).toISOString() : null,
      policy_id: v.policyId,
      guarantee_case_id: v.guaranteeCaseId,
    })),
  );
  const started = await tx.execute<{ id: string; ticket_id: string; due_at: string; warn_at: string | null; guarantee_case_id: string }>(sql`
    insert into sla_timers (ticket_id, metric, state, started_at, period, due_at, warn_at, policy_id, calendar_version, guarantee_case_id)
    select x.ticket_id, 'fact_check', 'running', ${now.toISOString()}::timestamptz, x.period, x.due_at, x.warn_at, x.policy_id, ${cal.version}, x.guarantee_case_id
    from jsonb_to_recordset(${json}::jsonb) as x(ticket_id uuid, period jsonb, due_at timestamptz, warn_at timestamptz, policy_id integer, guarantee_case_id uuid)
    on conflict do nothing
    returning id, ticket_id, ${isoOf(sql`due_at`)} as due_at, ${isoOf(sql`warn_at`)} as warn_at, guarantee_case_id`);
  if (started.length === 0) return;
  await scheduleTimerMoments(
    tx,
    started.map((t) => ({ id: t.id, dueAt: new Date(t.due_at), warnAt: t.warn_at ? new Date(t.warn_at) : null })),
  );
  await appendEvents(
    tx,
    started.map((timer) => ({
      ticketId: timer.ticket_id,
      type: "sla.timer_started",
      actor: actorLabel({ kind: "system", name: "sla" }),
      at: now,
      data: {
        timerId: timer.id,
        metric: "fact_check",
        dueAt: new Date(timer.due_at).toISOString(),
        policy: policyKey.get(timer.guarantee_case_id),
        calendarVersion: cal.version,
        caseId: timer.guarantee_case_id,
      },
    })),
  );
}

/** An instant column as ISO text (microseconds kept), whatever the driver does with timestamptz. */
const isoOf = (column: ReturnType<typeof sql>) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

async function lockCase(tx: Transaction, caseId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
  const [row] = await tx.select().from(guaranteeCases).where(eq(guaranteeCases.id, caseId)).for("update");
  if (!row) throw notFound();
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, row.ticketId));
  return { gcase: row, ticket };
}

async function meetFactCheck(tx: Transaction, ticketId: string, caseId: string, actor: Actor, now: Date) {
  const met = await tx
    .update(slaTimers)
    .set({ state: "met", metAt: now, updatedAt: now })
    .where(and(eq(slaTimers.guaranteeCaseId, caseId), eq(slaTimers.metric, "fact_check"), eq(slaTimers.state, "running")))
    .returning();
  for (const t of met) await appendEvent(tx, ticketId, "sla.timer_met", actor, { timerId: t.id, metric: "fact_check", reason: "fact_check_sent" }, now);
  const late = await tx
    .update(slaTimers)
    .set({ metAt: now, escalateAt: null, updatedAt: now })
    .where(and(eq(slaTimers.guaranteeCaseId, caseId), eq(slaTimers.metric, "fact_check"), eq(slaTimers.state, "breached"), sql`${slaTimers.metAt} is null`))
    .returning();
  for (const t of late) await appendEvent(tx, ticketId, "sla.timer_completed_late", actor, { timerId: t.id, metric: "fact_check" }, now);
}

/** Staff record the fact check; the result is sent to the customer (meets `fact_check`). */
export function recordFactCheck(caseId: string, input: { result: string; deskAtFault: boolean }, actor: Actor) {
  return inTransaction(async (tx) => {
    const { gcase, ticket } = await lockCase(tx, caseId);
    if (gcase.status !== "open" || gcase.factCheckedAt) throw invalidTransition();
    const now = new Date();
    const closes = !input.deskAtFault; // not our fault: the result closes the case
    await tx
      .update(guaranteeCases)
      .set({
        factCheckResult: input.result,
        factCheckedAt: now,
        factCheckedById: actorStaffId(actor),
        deskAtFault: input.deskAtFault,
        ...(closes ? { status: "closed" as const, closedAt: now, closedBy: actorLabel(actor) } : {}),
      })
      .where(eq(guaranteeCases.id, caseId));
    await appendEvent(tx, ticket.id, "guarantee.fact_checked", actor, { caseId, deskAtFault: input.deskAtFault }, now);
    await meetFactCheck(tx, ticket.id, caseId, actor, now);
    await queueCustomerNotification(tx, ticket.id, "guarantee_result", { reference: ticket.reference, result: input.result, deskAtFault: input.deskAtFault }, `guarantee-result:${caseId}`);
    if (closes) await appendEvent(tx, ticket.id, "guarantee.closed", actor, { caseId, reason: "not_at_fault" }, now);
  });
}

/** The staff member concerned apologises (the desk was at fault). */
export function recordApology(caseId: string, input: { apology: string }, actor: Actor) {
  return inTransaction(async (tx) => {
    const { gcase, ticket } = await lockCase(tx, caseId);
    if (gcase.status !== "open" || !gcase.deskAtFault) throw invalidTransition();
    const staffId = actorStaffId(actor);
    if (!staffId) throw new DeskError(403, "common.forbidden");
    const now = new Date();
    await tx.update(guaranteeCases).set({ apology: input.apology, apologyById: staffId, apologyAt: now }).where(eq(guaranteeCases.id, caseId));
    await appendEvent(tx, ticket.id, "guarantee.apology_recorded", actor, { caseId }, now);
  });
}

/** The customer confirms being satisfied: the case closes. */
export function confirmCustomerSatisfied(caseId: string, actor: Actor) {
  return inTransaction(async (tx) => {
    const { gcase, ticket } = await lockCase(tx, caseId);
    if (gcase.status !== "open" || !gcase.factCheckedAt || (gcase.deskAtFault && !gcase.apologyAt)) throw invalidTransition();
    const now = new Date();
    await tx
      .update(guaranteeCases)
      .set({ status: "closed", customerConfirmedAt: now, closedAt: now, closedBy: actorLabel(actor) })
      .where(eq(guaranteeCases.id, caseId));
    await appendEvent(tx, ticket.id, "guarantee.closed", actor, { caseId, reason: "customer_satisfied" }, now);
  });
}

/** Staff record that the customer had to visit twice or more because of a staff error. */
export function openRepeatVisitCase(reference: string, input: { note: string }, actor: Actor) {
  return inTransaction(async (tx) => {
    if (!REFERENCE_PATTERN.test(reference)) throw notFound();
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.reference, reference)).for("update");
    if (!ticket) throw notFound();
    const now = new Date();
    return openOrJoinCase(tx, ticket.id, [{ kind: "repeat_visit", note: input.note, at: now.toISOString(), by: actorLabel(actor) }], actor, now);
  });
}

/** A customer's claim from the portal ("약속한 기한이 지켜지지 않았어요"). */
export function openClaimCase(ticketId: string, input: { note: string }, actor: Actor) {
  return inTransaction(async (tx) => {
    const now = new Date();
    return openOrJoinCase(tx, ticketId, [{ kind: "claim", note: input.note, at: now.toISOString() }], actor, now);
  });
}

export async function casesOfTicket(ticketId: string) {
  return executor().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, ticketId)).orderBy(desc(guaranteeCases.openedAt));
}

/** Managers see every case: open first, fact check overdue flagged. */
export async function listCases(filter: { status?: "open" | "closed"; limit?: number } = {}) {
  return executor()
    .select({
      gcase: guaranteeCases,
      reference: tickets.reference,
      subject: tickets.subject,
      assigneeName: staff.name,
      factCheckDueAt: slaTimers.dueAt,
      factCheckState: slaTimers.state,
    })
    .from(guaranteeCases)
    .innerJoin(tickets, eq(tickets.id, guaranteeCases.ticketId))
    .leftJoin(staff, eq(staff.id, tickets.assigneeId))
    .leftJoin(slaTimers, and(eq(slaTimers.guaranteeCaseId, guaranteeCases.id), eq(slaTimers.metric, "fact_check")))
    .where(filter.status ? eq(guaranteeCases.status, filter.status) : undefined)
    .orderBy(sql`${guaranteeCases.status} = 'closed'`, desc(guaranteeCases.openedAt))
    .limit(Math.min(filter.limit ?? 200, 500));
}

export async function caseDetail(caseId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
  const [row] = await executor()
    .select({ gcase: guaranteeCases, ticket: tickets })
    .from(guaranteeCases)
    .innerJoin(tickets, eq(tickets.id, guaranteeCases.ticketId))
    .where(eq(guaranteeCases.id, caseId));
  if (!row) return null;
  const timers = await executor().select().from(slaTimers).where(eq(slaTimers.guaranteeCaseId, caseId));
  return { ...row, factCheckTimer: timers[0] ?? null };
}
