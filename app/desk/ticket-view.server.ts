// What the ticket page shows, as plain strings and numbers (instants as ISO strings), so the
// loader's data looks the same on the server, in the browser and in the types.
import { listActiveStaff } from "~/staff/staff.server";
import { getTicketDetail, type TicketDetail } from "~/tickets/tickets.server";
import { allowedIntents } from "./constants";

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
  const staff = await listActiveStaff();
  return toView(detail, staff);
}

type StaffRow = Awaited<ReturnType<typeof listActiveStaff>>[number];

export function toView(detail: TicketDetail, staff: StaffRow[]) {
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
    notifications: plainRecords(detail.notifications),
    staff: staff.map((s) => ({ id: s.id, name: s.name, email: s.email, role: s.role, teamId: s.teamId, teamName: s.teamName })),
    allowed: allowedIntents(ticket.status, ticket.channel),
  };
}

export type TicketView = ReturnType<typeof toView>;
