// Who may see and work a ticket (complaints are confidential: SERVICE-STANDARDS §5).
//   agent   — tickets assigned to them, their team's, and tickets not yet routed to any team
//   lead    — their team's, those assigned to them, and tickets not yet routed to any team
//   manager, admin — every ticket
// An API token bound to a staff member acts as that person (with their team); an unbound
// integration token acts with its role and no team. Customers reach a ticket only through its
// own tracking token or a one-time code (the portal), and the system (jobs) everywhere.
// Unrouted tickets (no team yet) are open to every staff member so that someone can pick them up.
import type { StaffRole } from "~/db/schema";
import type { Actor } from "./actor";

export type AccessSubject = { role: StaffRole; staffId: string | null; teamId: string | null };
export type TicketScope = { all: true } | { all: false; staffId: string | null; teamId: string | null };

/** The staff-side subject of an actor; null for customers and the system (not staff-scoped). */
export function subjectOfActor(actor: Actor): AccessSubject | null {
  if (actor.kind === "staff") return { role: actor.role, staffId: actor.staffId, teamId: actor.teamId };
  if (actor.kind === "integration") return { role: actor.role, staffId: actor.staffId, teamId: actor.teamId ?? null };
  return null;
}

export function scopeOfSubject(subject: AccessSubject): TicketScope {
  if (subject.role === "manager" || subject.role === "admin") return { all: true };
  return { all: false, staffId: subject.staffId, teamId: subject.teamId };
}

export function scopeOf(actor: Actor): TicketScope {
  const subject = subjectOfActor(actor);
  return subject ? scopeOfSubject(subject) : { all: true };
}

export function subjectCanAccess(subject: AccessSubject, ticket: { assigneeId: string | null; teamId: string | null }): boolean {
  const scope = scopeOfSubject(subject);
  if (scope.all) return true;
  if (ticket.teamId === null) return true;
  if (scope.staffId && ticket.assigneeId === scope.staffId) return true;
  return scope.teamId !== null && ticket.teamId === scope.teamId;
}

export function canAccessTicket(actor: Actor, ticket: { assigneeId: string | null; teamId: string | null }): boolean {
  const subject = subjectOfActor(actor);
  return subject ? subjectCanAccess(subject, ticket) : true;
}
