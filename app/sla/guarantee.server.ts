// 서비스 보증제 (SERVICE-STANDARDS §4): a case opens when a promise is broken, the customer hears
// the fact-check result within 1 day, and a case where the desk was at fault stays open until
// the staff member concerned has apologised and the customer confirms being satisfied.
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { guaranteeCases, slaTimers, staff, tickets } from "~/db/schema";
import { executor, inTransaction, type Transaction } from "~/db/connection";
import { queueCustomerNotification } from "~/notify/queue.server";
import { actorLabel, actorStaffId, type Actor } from "~/core/actor";
import { DeskError, invalidTransition, notFound } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { openOrJoinCase } from "./guarantee-cases.server";
import { finishCaseClocks, lockLiveClocks } from "./timers.server";

export { openOrJoinCase, openOrJoinCases } from "./guarantee-cases.server";

export type GuaranteeCase = typeof guaranteeCases.$inferSelect;

/**
 * Locks a case for a workflow step, in the order every path takes — the ticket, its live clocks,
 * then the case — so that a step and the sweep (clocks, then the case) never wait on each other
 * in a cycle.
 */
async function lockCase(tx: Transaction, caseId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(caseId)) throw notFound();
  const [peek] = await tx.select({ ticketId: guaranteeCases.ticketId }).from(guaranteeCases).where(eq(guaranteeCases.id, caseId));
  if (!peek) throw notFound();
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, peek.ticketId)).for("update");
  await lockLiveClocks(tx, ticket.id);
  const [row] = await tx.select().from(guaranteeCases).where(eq(guaranteeCases.id, caseId)).for("update");
  return { gcase: row, ticket };
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
    await finishCaseClocks(tx, ticket, caseId, actor, "fact_check_sent", now);
    await queueCustomerNotification(
      tx,
      ticket.id,
      "guarantee_result",
      { reference: ticket.reference, result: input.result, deskAtFault: input.deskAtFault },
      `guarantee-result:${caseId}`,
    );
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
    await tx
      .update(guaranteeCases)
      .set({ apology: input.apology, apologyById: staffId, apologyAt: now })
      .where(eq(guaranteeCases.id, caseId));
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
    return openOrJoinCase(
      tx,
      ticket.id,
      [{ kind: "repeat_visit", note: input.note, at: now.toISOString(), by: actorLabel(actor) }],
      actor,
      now,
    );
  });
}

/** A customer's claim from the portal ("약속한 기한이 지켜지지 않았어요"). */
export function openClaimCase(ticketId: string, input: { note: string; promise?: string }, actor: Actor) {
  return inTransaction(async (tx) => {
    const now = new Date();
    const trigger = {
      kind: "claim" as const,
      note: input.note,
      at: now.toISOString(),
      ...(input.promise ? { promise: input.promise } : {}),
    };
    return openOrJoinCase(tx, ticketId, [trigger], actor, now);
  });
}

export async function casesOfTicket(ticketId: string) {
  return executor().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, ticketId)).orderBy(desc(guaranteeCases.openedAt));
}

/** Managers see every case: open first, fact check overdue flagged. */
/** `visible`: a condition on the case's ticket (the access rule, ~/security/access.server ticketVisibility). */
export async function listCases(filter: { status?: "open" | "closed"; limit?: number; visible?: SQL } = {}) {
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
    .where(and(filter.status ? eq(guaranteeCases.status, filter.status) : undefined, filter.visible))
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
