// Hook points through which the ticket service tells the SLA engine what happened, inside the
// same transaction as the change itself.
import { asc, eq, sql, type SQL } from "drizzle-orm";
import { guaranteeCases, notifications, slaTimers, tickets } from "~/db/schema";
import type { Actor } from "~/core/actor";
import type { Executor, Tx } from "~/core/events.server";
import * as timers from "./timers.server";

type Ticket = typeof tickets.$inferSelect;

export const ticketLifecycle = {
  created: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onCreated(tx, ticket, actor),
  assigned: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onAssigned(tx, ticket, actor),
  replied: (tx: Tx, ticket: Ticket, actor: Actor, reply: { messageId: string; via: string }) =>
    timers.onReplied(tx, ticket, actor, reply.via),
  checkExpectedDate: (tx: Tx, ticket: Ticket, actor: Actor, input: { expectedBy: string; managerApproval?: boolean }) =>
    timers.checkExpectedDate(tx, ticket, actor, input),
  interimNotice: (tx: Tx, ticket: Ticket, actor: Actor, input: { reason: string; expectedBy: string; via?: string }) =>
    timers.onInterimNotice(tx, ticket, actor, input),
  callbackLogged: (tx: Tx, ticket: Ticket, actor: Actor, input: { outcome: string }) =>
    timers.onCallbackLogged(tx, ticket, actor, input.outcome),
  paused: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onPaused(tx, ticket, actor),
  resumed: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onResumed(tx, ticket, actor),
  resolved: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onResolved(tx, ticket, actor),
  reopened: (tx: Tx, ticket: Ticket, actor: Actor, input: { reason: string; dissatisfied?: boolean }) =>
    timers.onReopened(tx, ticket, actor, input),
  happyCall: (tx: Tx, ticket: Ticket, actor: Actor) => timers.onHappyCall(tx, ticket, actor),
  closed: (tx: Tx, ticket: Ticket, actor: Actor, input: { skipHappyCallReason?: string } = {}) => timers.onClosed(tx, ticket, actor, input),
  /** Before any change to a ticket: its overdue clocks are breached first (ADR 0007). */
  catchUp: (tx: Tx, ticket: Ticket) => timers.catchUpClocks(tx, ticket),

  /** What the API and the ticket page show besides the ticket itself. */
  async describe(ex: Executor, ticket: Ticket) {
    const [rows, cases, sent] = await Promise.all([
      timers.timersOf(ex, ticket.id),
      ex.select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, ticket.id)).orderBy(asc(guaranteeCases.openedAt)),
      ex
        .select({
          id: notifications.id,
          audience: notifications.audience,
          channel: notifications.channel,
          template: notifications.template,
          status: notifications.status,
          error: notifications.error,
          toAddress: notifications.toAddress,
          createdAt: notifications.createdAt,
          sentAt: notifications.sentAt,
        })
        .from(notifications)
        .where(eq(notifications.ticketId, ticket.id))
        .orderBy(asc(notifications.createdAt)),
    ]);
    return { timers: rows, guaranteeCases: cases, notifications: sent };
  },

  /** Tickets with at least one breached timer. */
  breachedFilter(): SQL {
    return sql`exists (select 1 from ${slaTimers} where ${slaTimers.ticketId} = ${tickets.id} and ${slaTimers.breachedAt} is not null)`;
  },
};
