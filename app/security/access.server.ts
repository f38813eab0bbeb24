// Pieces for object-level access control (issue 7, item 1), applied per route by the lead:
//   agents see their team's tickets and those assigned to them; leads their team; managers and
//   admins everything; only admins change settings, users and tokens.
// `canSeeTicket` is the rule; `ticketVisibility` the same rule as a SQL condition for lists;
// `denyAccess` records the refusal in the audit log and throws the 403.
import { eq, or, sql, type SQL } from "drizzle-orm";
import { tickets, type StaffRole } from "../../db/schema";
import type { StaffUser } from "~/auth/session.server";
import type { Actor } from "~/tickets/actor";
import { auditPermissionDenied } from "./audit.server";

export type AccessSubject = { role: StaffRole; staffId: string | null; teamId: string | null };

/** The subject of a signed-in staff member, or of an actor (API tokens act with their own role). */
export function accessSubject(who: StaffUser | Actor): AccessSubject | null {
  if ("kind" in who) {
    if (who.kind === "staff") return { role: who.role, staffId: who.staffId, teamId: who.teamId };
    if (who.kind === "integration") return { role: who.role, staffId: who.staffId, teamId: null };
    return null;
  }
  return { role: who.role, staffId: who.id, teamId: who.teamId };
}

export type TicketScope = { teamId: string | null; assigneeId: string | null };

/** Whether the subject may read (and work on) the ticket. */
export function canSeeTicket(subject: AccessSubject | null, ticket: TicketScope): boolean {
  if (!subject) return false;
  switch (subject.role) {
    case "admin":
    case "manager":
      return true;
    case "lead":
      return subject.teamId !== null && ticket.teamId === subject.teamId;
    case "agent":
      return (subject.teamId !== null && ticket.teamId === subject.teamId) || (subject.staffId !== null && ticket.assigneeId === subject.staffId);
  }
}

/** Only administrators change settings, users and tokens. */
export function canChangeSettings(subject: AccessSubject | null): boolean {
  return subject?.role === "admin";
}

/** `canSeeTicket` as a condition on `tickets` (undefined: everything), for list queries. */
export function ticketVisibility(subject: AccessSubject | null): SQL | undefined {
  if (!subject) return sql`false`;
  if (subject.role === "admin" || subject.role === "manager") return undefined;
  const team = subject.teamId ? eq(tickets.teamId, subject.teamId) : undefined;
  if (subject.role === "lead") return team ?? sql`false`;
  const mine = subject.staffId ? eq(tickets.assigneeId, subject.staffId) : undefined;
  return team && mine ? or(team, mine) : (team ?? mine ?? sql`false`);
}

/** Records the denial (who, what, from where) and throws the 403 the route's ErrorBoundary shows. */
export async function denyAccess(request: Request, who: StaffUser | Actor | null, target: { type: string; id: string }, details?: Record<string, unknown>): Promise<never> {
  await auditPermissionDenied(request, who, target, details);
  throw new Response("Forbidden", { status: 403 });
}

/** For a loader or action: the ticket when the subject may see it, else the audited 403. */
export async function requireTicketAccess<T extends TicketScope>(request: Request, who: StaffUser | Actor, ticket: T, id: string): Promise<T> {
  if (canSeeTicket(accessSubject(who), ticket)) return ticket;
  return denyAccess(request, who, { type: "ticket", id }, { reason: "not_in_scope" });
}
