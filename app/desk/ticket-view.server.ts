// What the ticket page shows, as plain strings and numbers (instants as ISO strings), so the
// loader's data looks the same on the server, in the browser and in the types.
import { listActiveStaff } from "~/staff/staff.server";
import { awayNow } from "~/staff/absence.server";
import { getTicketDetail, type TicketDetail } from "~/tickets/tickets.server";
import { errorCode } from "~/notify/address.server";
import { allowedIntents } from "~/tickets/constants";

/** Dates become ISO strings, everything else stays as it is (for the SLA engine's records). */
export function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

export type PlainRecord = Record<string, unknown>;

function plainRecords(rows: unknown): PlainRecord[] {
  if (!Array.isArray(rows)) return [];
  return rows.filter((r) => r && typeof r === "object").map((r) => plain(r) as PlainRecord);
}

export async function loadTicketView(reference: string) {
  const detail = await getTicketDetail(reference);
  if (!detail) return null;
  const [staff, away] = await Promise.all([listActiveStaff(), awayNow()]);
  return toView(detail, staff, away);
}

type StaffRow = Awaited<ReturnType<typeof listActiveStaff>>[number];

export function toView(detail: TicketDetail, staff: StaffRow[], away: Map<string, string> = new Map()) {
  const { ticket, customer } = detail;
  return {
    ticket: {
      id: ticket.id,
      reference: ticket.reference,
      subject: ticket.subject,
      status: ticket.status,
      channel: ticket.channel,
      category: ticket.category,
      receivedAt: ticket.receivedAt.toISOString(),
      requestedReplyBy: ticket.requestedReplyBy,
      callbackRequested: ticket.callbackRequested,
      resolvedOnContact: ticket.resolvedOnContact,
      resolvedAt: ticket.resolvedAt?.toISOString() ?? null,
      closedAt: ticket.closedAt?.toISOString() ?? null,
    },
    customer: {
      name: customer.name,
      email: customer.email,
      phone: customer.phone,
      preferredContact: customer.preferredContact,
      /** Where a postal answer goes (this ticket's, as the customer gave it). */
      postalAddress: ticket.postalAddress,
      privacyConsent: ticket.privacyConsentVersion
        ? { version: ticket.privacyConsentVersion, at: ticket.privacyConsentedAt?.toISOString() ?? null }
        : null,
    },
    assignee: detail.assignee ? { id: detail.assignee.id, name: detail.assignee.name, email: detail.assignee.email } : null,
    team: detail.team ? { id: detail.team.id, name: detail.team.name } : null,
    messages: detail.messages.map((m) => ({
      id: m.id,
      direction: m.direction,
      via: m.via,
      kind: m.kind,
      body: m.body,
      authorName: m.authorName,
      createdAt: m.createdAt.toISOString(),
      delivery: m.direction === "outbound" ? deliveryOf(m, detail) : null,
    })),
    attachments: detail.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      messageId: a.messageId,
      createdAt: a.createdAt.toISOString(),
    })),
    events: detail.events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: e.actor,
      data: (plain(e.data ?? {}) ?? {}) as PlainRecord,
    })),
    timers: plainRecords(detail.timers),
    guaranteeCases: plainRecords(detail.guaranteeCases),
    notifications: detail.notifications.map((n) => ({
      id: n.id,
      audience: n.audience,
      channel: n.channel,
      template: n.template,
      status: n.status,
      errorKind: n.error ? (errorCode(n.error) ?? "unknown") : null,
      createdAt: n.createdAt.toISOString(),
      sentAt: n.sentAt?.toISOString() ?? null,
    })),
    staff: staff.map((s) => ({
      id: s.id,
      name: s.name,
      email: s.email,
      role: s.role,
      teamId: s.teamId,
      teamName: s.teamName,
      awayUntil: away.get(s.id) ?? null,
    })),
    allowed: allowedIntents(ticket.status, ticket.channel, ticket.callbackRequested),
  };
}

export type TicketView = ReturnType<typeof toView>;

/** The customer notices a message of each kind goes out as (the SMS renegotiation and the disclosure extension are interim notices). */
const TEMPLATES_OF_KIND: Record<string, string[]> = {
  reply: ["reply"],
  final_answer: ["reply"],
  interim_notice: ["interim_notice", "renegotiation_sms", "disclosure_extended"],
  info_request: ["info_request"],
  remote_session: ["remote_session"],
};

export type Delivery = {
  status: "queued" | "sent" | "failed" | "unsent";
  channel: "email" | "sms";
  sentAt: string | null;
  /** Why it was not sent (an error kind with words: words.notifyError.<kind>), or null. */
  errorKind: string | null;
};

/**
 * Whether the customer was sent this outgoing message: the customer notification queued in the same
 * transaction as the message (same creation instant, a template of the message's kind); when an
 * administrator sent it once more, the newest copy's state. Null when nothing was to be sent (a
 * phone call or a letter) or no notice exists.
 */
function deliveryOf(m: TicketDetail["messages"][number], detail: TicketDetail): Delivery | null {
  const templates = TEMPLATES_OF_KIND[m.kind];
  if (!templates || (m.via !== "email" && m.via !== "sms")) return null;
  const at = m.createdAt.getTime();
  let notice = detail.notifications.find(
    (n) => n.audience === "customer" && templates.includes(n.template) && n.createdAt.getTime() === at,
  );
  if (!notice) return null;
  // Follow "sent once more" copies (notification.resent: { notificationId, originalId }).
  for (let hops = 0; hops < 10; hops++) {
    const current: typeof notice = notice;
    const resent = detail.events
      .filter((e) => e.type === "notification.resent" && (e.data as Record<string, unknown>)?.originalId === current.id)
      .map((e) => (e.data as Record<string, unknown>).notificationId)
      .map((id) => detail.notifications.find((n) => n.id === id))
      .filter((n): n is NonNullable<typeof n> => !!n)
      .pop();
    if (!resent) break;
    notice = resent;
  }
  return {
    status: notice.status,
    channel: notice.channel,
    sentAt: notice.sentAt?.toISOString() ?? null,
    errorKind: notice.error ? (errorCode(notice.error) ?? "unknown") : null,
  };
}
