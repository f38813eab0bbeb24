// Inbound texts (Twilio) → tickets: appended to the sender's most recently active open ticket
// (same phone number, new/open/waiting, active in the last 30 days), else a new `sms` ticket.
// Taken once per MessageSid.
import { and, desc, eq, gte, inArray } from "drizzle-orm";
import { customers, tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { normalizePhone } from "~/tickets/phone";
import { DeskError } from "~/core/errors";
import { appendInboundMessage } from "~/tickets/tickets.server";
import {
  cleanText,
  createOnce,
  findByExternalId,
  inboundActor,
  knownNameByPhone,
  limitText,
  MAX_BODY,
  oneLine,
  type InboundOutcome,
} from "./common.server";

export const OPEN_TICKET_WINDOW_DAYS = 30;

export type InboundSms = {
  messageSid: string;
  from: string;
  body: string;
  /** MMS: how many media items came with it (they are not downloaded). */
  mediaCount: number;
  mediaTypes: string[];
};

/** "+821012345678" → "010-1234-5678"; null when there is no usable number. */
export function callerNumber(from: string | undefined): string | null {
  const raw = from?.trim() ?? "";
  if (!/^\+?[\d\s()-]{7,20}$/.test(raw)) return null; // "anonymous", "client:…", alphanumeric sender ids
  const phone = normalizePhone(raw);
  return phone.replace(/\D/g, "").length >= 7 ? phone : null;
}

/** The sender's most recently active open ticket within the window, if any. */
export async function openTicketOf(phone: string, now: Date = new Date()) {
  const since = new Date(now.getTime() - OPEN_TICKET_WINDOW_DAYS * 24 * 3600 * 1000);
  const [row] = await executor()
    .select({ id: tickets.id, reference: tickets.reference })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(and(eq(customers.phone, phone), inArray(tickets.status, ["new", "open", "waiting"]), gte(tickets.updatedAt, since)))
    .orderBy(desc(tickets.updatedAt), desc(tickets.id))
    .limit(1);
  return row ?? null;
}

function composeBody(sms: InboundSms): string {
  const text = limitText(cleanText(sms.body), MAX_BODY - 200) || "(내용 없음)";
  if (sms.mediaCount <= 0) return text;
  const types = sms.mediaTypes.length ? ` (${sms.mediaTypes.join(", ")})` : "";
  return `${text}\n\n---\n첨부 제외: 문자(MMS) 첨부 ${sms.mediaCount}건${types} — 문자로 받은 첨부는 보관하지 않습니다`;
}

export async function takeInboundSms(sms: InboundSms, now: Date = new Date()): Promise<InboundOutcome> {
  const seen = await findByExternalId(sms.messageSid);
  if (seen) return seen;
  const actor = inboundActor("sms");
  const phone = callerNumber(sms.from);
  const body = composeBody(sms);
  if (phone) {
    const open = await openTicketOf(phone, now);
    if (open) {
      try {
        const appended = await appendInboundMessage(open.id, { via: "sms", body, externalId: sms.messageSid }, actor);
        if (appended.duplicate) return (await findByExternalId(sms.messageSid))!;
        return { kind: "appended", reference: appended.reference, ticketId: appended.ticketId, resumed: appended.resumed };
      } catch (error) {
        if (!(error instanceof DeskError && error.status === 409)) throw error; // resolved meanwhile: a new ticket
      }
    }
  }
  const name = phone ? ((await knownNameByPhone(phone)) ?? phone) : "발신번호 미상";
  const firstLine = oneLine(sms.body, 60);
  return createOnce(
    {
      channel: "sms",
      category: "general",
      subject: firstLine ? `문자 문의: ${firstLine}` : "문자 문의",
      body,
      customer: { name, phone: phone ?? undefined },
      receivedAt: now,
      callbackRequested: false,
      resolvedOnContact: false,
    },
    actor,
    sms.messageSid,
    // The webhook's TwiML reply is the receipt: one per inbound message, never a second by the REST API.
    { acknowledgedOnChannel: true },
  );
}
