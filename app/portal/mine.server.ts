// "나의 민원" (issue 21): once a customer proved an email address or mobile number with the one-time
// code of /lookup, this browser may list every ticket filed under it for a short while. The proof
// is a signed, httpOnly cookie scoped to /track holding the verified contact and its expiry (the
// customer's own address, in their own browser; never readable by scripts).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { customers, slaTimers, tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { normalizePhone } from "~/tickets/phone";
import type { LookupContact } from "./lookup.server";
import { customerDue, type CustomerDue } from "./portal.server";
import { PORTAL_GRANT_MS, trackCookie } from "./session.server";

const mineCookie = () => trackCookie("__portal_mine");

/** Set-Cookie after a verified code: this browser may list the contact's tickets for 30 minutes. */
export function grantMine(contact: LookupContact, now = Date.now()): Promise<string> {
  return mineCookie().serialize({ k: contact.kind, v: contact.value, e: now + PORTAL_GRANT_MS });
}

export function endMine(): Promise<string> {
  return mineCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

export async function verifiedContact(request: Request, now = Date.now()): Promise<LookupContact | null> {
  const value: unknown = await mineCookie().parse(request.headers.get("Cookie"));
  if (typeof value !== "object" || value === null) return null;
  const { k, v, e } = value as Record<string, unknown>;
  if ((k !== "email" && k !== "phone") || typeof v !== "string" || !v || typeof e !== "number" || e <= now) return null;
  return { kind: k, value: v };
}

export type MineItem = { reference: string; subject: string; kind: string; status: string; receivedAt: string; due: CustomerDue };

/** The contact's tickets, newest first (anonymised ones have no contact left and drop out). */
export async function listMine(contact: LookupContact, now = new Date()): Promise<MineItem[]> {
  const match =
    contact.kind === "email"
      ? sql`lower(${customers.email}) = ${contact.value.toLowerCase()}`
      : eq(customers.phone, normalizePhone(contact.value));
  const rows = await executor()
    .select({
      id: tickets.id,
      reference: tickets.reference,
      subject: tickets.subject,
      kind: tickets.kind,
      status: tickets.status,
      receivedAt: tickets.receivedAt,
      resolvedAt: tickets.resolvedAt,
      closedAt: tickets.closedAt,
    })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(match)
    .orderBy(sql`${tickets.receivedAt} desc`)
    .limit(100);
  if (!rows.length) return [];
  const timers = await executor()
    .select({
      ticketId: slaTimers.ticketId,
      metric: slaTimers.metric,
      state: slaTimers.state,
      dueAt: slaTimers.dueAt,
      metAt: slaTimers.metAt,
      guaranteeCaseId: slaTimers.guaranteeCaseId,
    })
    .from(slaTimers)
    .where(
      inArray(
        slaTimers.ticketId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(slaTimers.dueAt));
  return rows.map((r) => ({
    reference: r.reference,
    subject: r.subject,
    kind: r.kind,
    status: r.status,
    receivedAt: r.receivedAt.toISOString(),
    due: customerDue(
      r,
      timers.filter((t) => t.ticketId === r.id),
      now,
    ),
  }));
}

/** Whether the verified contact filed this ticket (to open its track page from the list). */
export async function ownsTicket(contact: LookupContact, reference: string): Promise<boolean> {
  const match =
    contact.kind === "email"
      ? sql`lower(${customers.email}) = ${contact.value.toLowerCase()}`
      : eq(customers.phone, normalizePhone(contact.value));
  const [row] = await executor()
    .select({ id: tickets.id })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(and(eq(tickets.reference, reference), match))
    .limit(1);
  return Boolean(row);
}
