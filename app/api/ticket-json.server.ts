// The JSON shapes of API v1 (API-CONTRACT.md): a ticket (POST/GET/actions) and a list item.
// Fields may be added, never renamed or removed. Instants are sent as UTC ("...Z").
import { problem } from "./problem.server";
import { getTicketForApi, type TicketForApi, type listTickets } from "~/tickets/tickets.server";

type ListItem = Awaited<ReturnType<typeof listTickets>>["items"][number];

export function isoInstant(value: Date | string | null | undefined): string | null {
  if (value == null) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Any value as plain JSON: Dates become UTC ISO strings, everything else is kept as given. */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) return isoInstant(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value.map(toJsonValue) : [];
}

/** What ticketJson reads: a ticket as getTicketForApi reads it, or as intake made it (fileTicket). */
export type TicketJsonSource = Pick<TicketForApi, "ticket" | "assignee" | "team" | "events"> & {
  customer: { name: string; email: string | null; phone: string | null; preferredContact: string | null };
  timers: unknown[];
  guaranteeCases: unknown[];
  notifications: unknown[];
};

/** GET /api/v1/tickets/{reference} and the response of POST /tickets and every action. */
export function ticketJson(detail: TicketJsonSource) {
  const { ticket, customer, assignee, team } = detail;
  return {
    id: ticket.id,
    reference: ticket.reference,
    status: ticket.status,
    channel: ticket.channel,
    category: ticket.category,
    subject: ticket.subject,
    body: ticket.body,
    receivedAt: isoInstant(ticket.receivedAt),
    requestedReplyBy: ticket.requestedReplyBy ?? null,
    /** Where an answer by post (우편) goes, as stored (masked); null when none was given. */
    postalAddress: ticket.postalAddress ?? null,
    callbackRequested: ticket.callbackRequested,
    resolvedOnContact: ticket.resolvedOnContact,
    customer: {
      name: customer.name,
      email: customer.email ?? null,
      phone: customer.phone ?? null,
      preferredContact: customer.preferredContact ?? null,
    },
    assignee: assignee ? { id: assignee.id, name: assignee.name, email: assignee.email } : null,
    team: team ? { id: team.id, key: team.key, name: team.name } : null,
    createdAt: isoInstant(ticket.createdAt),
    updatedAt: isoInstant(ticket.updatedAt),
    resolvedAt: isoInstant(ticket.resolvedAt),
    closedAt: isoInstant(ticket.closedAt),
    timers: list(detail.timers),
    guaranteeCases: list(detail.guaranteeCases),
    notifications: list(detail.notifications),
    events: detail.events.map((e) => ({ type: e.type, at: isoInstant(e.at), actor: e.actor })),
  };
}

export type TicketJson = ReturnType<typeof ticketJson>;

/** One item of GET /api/v1/tickets: the ticket's own fields, without its history. */
export function ticketSummaryJson(item: ListItem) {
  return {
    id: item.id,
    reference: item.reference,
    status: item.status,
    channel: item.channel,
    category: item.category,
    subject: item.subject,
    receivedAt: isoInstant(item.receivedAt),
    createdAt: isoInstant(item.createdAt),
    customer: { name: item.customerName },
    assignee: item.assigneeId ? { id: item.assigneeId, name: item.assigneeName ?? null } : null,
  };
}

/** A ticket as the API sends it, read in the caller's transaction (so it sees uncommitted work). */
export async function loadTicketJson(reference: string): Promise<TicketJson | null> {
  const detail = await getTicketForApi(reference);
  return detail ? ticketJson(detail) : null;
}

export function ticketNotFound(reference: string): Response {
  return problem(404, `There is no ticket with reference "${reference}".`);
}
