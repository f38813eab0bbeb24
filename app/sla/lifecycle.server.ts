// Hook points through which the ticket service tells the SLA engine what happened.
// (Filled in by the SLA engine: timers, guarantee cases and notifications.)
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "~/tickets/actor";
import type { Executor, Tx } from "~/tickets/events.server";
import type { tickets } from "../../db/schema";

type Ticket = typeof tickets.$inferSelect;

export const ticketLifecycle = {
  async created(_tx: Tx, _ticket: Ticket, _actor: Actor) {},
  async assigned(_tx: Tx, _ticket: Ticket, _actor: Actor) {},
  async replied(_tx: Tx, _ticket: Ticket, _actor: Actor, _reply: { messageId: string; via: string }) {},
  async checkExpectedDate(_tx: Tx, _ticket: Ticket, _actor: Actor, _input: { expectedBy: string; managerApproval?: boolean }) {},
  async interimNotice(_tx: Tx, _ticket: Ticket, _actor: Actor, _input: { reason: string; expectedBy: string }) {},
  async callbackLogged(_tx: Tx, _ticket: Ticket, _actor: Actor, _input: { outcome: string }) {},
  async paused(_tx: Tx, _ticket: Ticket, _actor: Actor) {},
  async resumed(_tx: Tx, _ticket: Ticket, _actor: Actor) {},
  async resolved(_tx: Tx, _ticket: Ticket, _actor: Actor) {},
  async reopened(_tx: Tx, _ticket: Ticket, _actor: Actor, _input: { reason: string }) {},
  async describe(_ex: Executor, _ticket: Ticket) {
    return { timers: [] as Array<Record<string, unknown>>, guaranteeCases: [] as Array<Record<string, unknown>>, notifications: [] as Array<Record<string, unknown>> };
  },
  breachedFilter(): SQL {
    return sql`false`;
  },
};
