// Who may see and work a ticket (complaints are confidential: SERVICE-STANDARDS §5).
//   agent   — tickets assigned to them, their team's, and tickets not yet routed to any team
//   lead    — their team's and tickets not yet routed to any team
//   manager, admin — every ticket
// An API token bound to a staff member acts as that person; an unbound integration token acts
// with its role and no team. Customers reach a ticket only through its own tracking token or a
// one-time code (the portal), and the system (jobs) everywhere.
import type { Actor } from "./actor";
import { hasRole } from "./actor";

export type TicketScope = { all: true } | { all: false; staffId: string | null; teamId: string | null };

export function scopeOf(actor: Actor): TicketScope {
  if (actor.kind === "system" || actor.kind === "customer") return { all: true };
  if (hasRole(actor, "manager")) return { all: true };
  if (actor.kind === "staff") return { all: false, staffId: actor.staffId, teamId: actor.teamId };
  return { all: false, staffId: actor.staffId, teamId: actor.teamId ?? null };
}

export function canAccessTicket(actor: Actor, ticket: { assigneeId: string | null; teamId: string | null }): boolean {
  const scope = scopeOf(actor);
  if (scope.all) return true;
  if (ticket.teamId === null) return true; // not yet routed: any staff member may pick it up
  if (scope.staffId && ticket.assigneeId === scope.staffId) return true;
  return scope.teamId !== null && ticket.teamId === scope.teamId;
}
