// GET /api/v1/tickets/{reference}: one ticket with its timers, guarantee cases,
// notifications and history.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { checkMethod, handleApi, json, methodNotAllowed, requireApiActor } from "~/api/api.server";
import { loadTicketJson, ticketNotFound } from "~/api/ticket-json.server";
import { problem } from "~/api/problem.server";
import { auditPermissionDenied, auditTicketRead } from "~/security/audit.server";
import { canAccessTicket } from "~/core/access";
import { ticketAccessFacts } from "~/tickets/tickets.server";

const METHODS = ["GET"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = checkMethod(request, METHODS);
    if (refused) return refused;
    const actor = await requireApiActor(request);
    const reference = params.reference ?? "";
    const facts = await ticketAccessFacts(reference);
    if (!facts) return ticketNotFound(reference);
    if (!canAccessTicket(actor, facts)) {
      await auditPermissionDenied(request, actor, { type: "ticket", id: reference }, { reason: "not_in_scope" });
      return problem(403, "This token may not read this ticket.");
    }
    const body = await loadTicketJson(reference);
    if (body) await auditTicketRead(request, actor, reference);
    return body ? json(body) : ticketNotFound(reference);
  });
}

/** Every other method (the actions live under /{reference}/{action}). */
export async function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, METHODS);
}
