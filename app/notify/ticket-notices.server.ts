// What the customer is sent when staff act on a ticket, called by the ticket service inside its
// transaction (one line per action in app/tickets/tickets.server.ts).
import type { Transaction } from "../../db/connection";
import type { Actor } from "~/tickets/actor";
import { queueCustomerNotification } from "./queue.server";

type TicketFacts = { id: string; reference: string; subject: string; requestedReplyBy: string | null };
type Sendable = "email" | "sms";

const sendable = (via: string): via is Sendable => via === "email" || via === "sms";
const staffName = (actor: Actor) => (actor.kind === "staff" ? actor.name : undefined);

/**
 * A reply (or the final answer) given by email or SMS goes out as that; by phone or post the
 * customer already has it. Dedupe key `reply:<messageId>`.
 */
export async function notifyReply(
  tx: Transaction,
  ticket: TicketFacts,
  message: { id: string; body: string; via: string; final?: boolean },
  actor: Actor,
): Promise<void> {
  if (!sendable(message.via)) return;
  await queueCustomerNotification(
    tx,
    ticket.id,
    "reply",
    { reference: ticket.reference, subject: ticket.subject, body: message.body, final: message.final ?? false, staffName: staffName(actor) },
    `reply:${message.id}`,
    { channel: message.via },
  );
}

/**
 * An interim notice (reason + expected date). By SMS on a ticket where the customer asked for a
 * reply by a date, it is the renegotiation text (회신일 재안내, always SMS); otherwise the interim
 * notice on the chosen channel. Dedupe key `interim:<messageId>`.
 */
export async function notifyInterimNotice(
  tx: Transaction,
  ticket: TicketFacts,
  notice: { messageId: string; reason: string; expectedBy: string; via: string },
): Promise<void> {
  if (!sendable(notice.via)) return;
  const key = `interim:${notice.messageId}`;
  if (notice.via === "sms" && ticket.requestedReplyBy) {
    await queueCustomerNotification(tx, ticket.id, "renegotiation_sms", { reference: ticket.reference, expectedBy: notice.expectedBy, reason: notice.reason }, key, { channel: "sms" });
    return;
  }
  await queueCustomerNotification(
    tx,
    ticket.id,
    "interim_notice",
    { reference: ticket.reference, subject: ticket.subject, reason: notice.reason, expectedBy: notice.expectedBy },
    key,
    { channel: notice.via },
  );
}
