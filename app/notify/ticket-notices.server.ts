// What the customer is sent when staff act on a ticket, called by the ticket service inside its
// transaction (one line per action in app/tickets/tickets.server.ts).
import type { Transaction } from "~/db/connection";
import type { Actor } from "~/core/actor";
import { queueCustomerNotification, type QueuedRoute } from "./queue.server";

type TicketFacts = { id: string; reference: string; subject: string; requestedReplyBy: string | null };
type Sendable = "email" | "sms";

const sendable = (via: string): via is Sendable => via === "email" || via === "sms";
const staffName = (actor: Actor) => (actor.kind === "staff" ? actor.name : undefined);

/**
 * A reply (or the final answer) given by email or SMS goes out as that; by phone or post the
 * customer already has it. Dedupe key `reply:<messageId>`. Returns where it went (the channel may
 * differ from the one asked for when the customer cannot be reached on it), or null when nothing is sent.
 */
export async function notifyReply(
  tx: Transaction,
  ticket: TicketFacts,
  message: { id: string; body: string; via: string; final?: boolean },
  actor: Actor,
): Promise<QueuedRoute | null> {
  if (!sendable(message.via)) return null;
  return queueCustomerNotification(
    tx,
    ticket.id,
    "reply",
    {
      reference: ticket.reference,
      subject: ticket.subject,
      body: message.body,
      final: message.final ?? false,
      staffName: staffName(actor),
    },
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
): Promise<QueuedRoute | null> {
  if (!sendable(notice.via)) return null;
  const key = `interim:${notice.messageId}`;
  if (notice.via === "sms" && ticket.requestedReplyBy) {
    return queueCustomerNotification(
      tx,
      ticket.id,
      "renegotiation_sms",
      { reference: ticket.reference, expectedBy: notice.expectedBy, reason: notice.reason },
      key,
      { channel: "sms" },
    );
  }
  return queueCustomerNotification(
    tx,
    ticket.id,
    "interim_notice",
    { reference: ticket.reference, subject: ticket.subject, reason: notice.reason, expectedBy: notice.expectedBy },
    key,
    { channel: notice.via },
  );
}

/**
 * 보완 요청: what the desk needs, sent on the customer's preferred channel (email or text; a
 * customer reachable by neither hears it by phone or post from staff). Dedupe key `info-request:<messageId>`.
 */
export async function notifyInfoRequest(
  tx: Transaction,
  ticket: TicketFacts,
  request: { messageId: string; text: string },
): Promise<QueuedRoute> {
  return queueCustomerNotification(
    tx,
    ticket.id,
    "info_request",
    { reference: ticket.reference, subject: ticket.subject, request: request.text },
    `info-request:${request.messageId}`,
  );
}
