import type { StaffUser } from "~/core/staff-user";
import { requireTicketAccess } from "~/security/access.server";
import { ticketAccessFacts } from "~/tickets/tickets.server";
import { notFoundResponse } from "~/ui/form-errors.server";

/** The ticket's access facts when this staff member may see it: 404 unknown, audited 403 otherwise. */
export async function requireVisibleTicket(request: Request, user: StaffUser, reference: string) {
  const facts = await ticketAccessFacts(reference);
  if (!facts) throw notFoundResponse();
  return requireTicketAccess(request, user, facts, reference);
}
