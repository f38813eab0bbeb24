// GET /api/v1/tickets/{reference}: one ticket with its timers, guarantee cases,
// notifications and history.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { checkMethod, handleApi, json, methodNotAllowed, requireApiActor } from "~/api/api.server";
import { loadTicketJson, ticketNotFound } from "~/api/ticket-json.server";

const METHODS = ["GET"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = checkMethod(request, METHODS);
    if (refused) return refused;
    await requireApiActor(request);
    const reference = params.reference ?? "";
    const body = await loadTicketJson(reference);
    return body ? json(body) : ticketNotFound(reference);
  });
}

/** Every other method (the actions live under /{reference}/{action}). */
export async function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, METHODS);
}
