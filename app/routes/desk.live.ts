// GET /desk/live[?ticket=<reference>] — server-sent events for the signed-in staff member: changes
// to the tickets they may see (the queue), or to one ticket and who else has it open (its page).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { openLiveStream } from "~/live/stream.server";
import { requireTicketAccess } from "~/security/access.server";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { ticketAccessFacts } from "~/tickets/tickets.server";
import { notFoundResponse } from "~/ui/form-errors.server";

const querySchema = z.object({ ticket: z.string().regex(REFERENCE_PATTERN).optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw notFoundResponse();
  let ticketId: string | null = null;
  if (parsed.data.ticket) {
    const facts = await ticketAccessFacts(parsed.data.ticket);
    if (!facts) throw notFoundResponse();
    ticketId = (await requireTicketAccess(request, user, facts, parsed.data.ticket)).id;
  }
  return openLiveStream(request, user, ticketId);
}
