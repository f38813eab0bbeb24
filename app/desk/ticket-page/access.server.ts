import type { StaffUser } from "~/core/staff-user";
import { requireTicketAccess } from "~/security/access.server";
import { ticketAccessFacts } from "~/tickets/tickets.server";

/** The ticket's access facts when this staff member may see it: 404 unknown, audited 403 otherwise. */
export async function requireVisibleTicket(request: Request, user: StaffUser, reference: string) {
  const facts = await ticketAccessFacts(reference);
  if (!facts) throw new Response("Not found", { status: 404 });
  return requireTicketAccess(request, user, facts, reference);
}
