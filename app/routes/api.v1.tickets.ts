// GET /api/v1/tickets (list, newest first) and POST /api/v1/tickets (log a contact).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CHANNELS, TICKET_STATUSES } from "~/db/schema";
import {
  checkMethod,
  handleApi,
  idempotencyOf,
  json,
  jsonText,
  parseJsonText,
  ProblemResponse,
  readJsonRequestText,
  replayResponse,
  requireApiActor,
  storedIdempotentAnswer,
  validate,
} from "~/api/api.server";
import { problem } from "~/api/problem.server";
import { ticketSummaryJson, ticketJson } from "~/api/ticket-json.server";
import { ticketChangeEntry } from "~/security/audit.server";
import { subjectOfActor } from "~/core/access";
import { apiCreateTicketSchema } from "~/tickets/schemas";
import { listTickets, fileTicket } from "~/tickets/tickets.server";
import { decodeCursor, encodeCursor } from "~/core/cursor";

const METHODS = ["GET", "POST"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A cursor is only what this API handed out: decoded, it must re-encode to itself. */
function isValidCursor(cursor: string): boolean {
  const decoded = decodeCursor(cursor);
  if (!decoded || !UUID.test(decoded.id)) return false;
  const year = decoded.createdAt.getUTCFullYear();
  return year >= 2000 && year <= 9999 && encodeCursor(decoded.createdAt, decoded.id) === cursor;
}

const listQuerySchema = z.object({
  status: z.enum([...TICKET_STATUSES, "active"], { error: "error.invalidChoice" }).optional(),
  channel: z.enum(CHANNELS, { error: "error.invalidChoice" }).optional(),
  breached: z.literal("true", { error: "Only breached=true is supported; leave it out to list every ticket." }).optional(),
  cursor: z
    .string()
    .max(200, "This cursor is not one this API gave out.")
    .refine(isValidCursor, "This cursor is not one this API gave out.")
    .optional(),
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/, "Use a whole number from 1 to 200.")
    .transform(Number)
    .pipe(z.number().int().min(1, "Use a whole number from 1 to 200.").max(200, "Use a whole number from 1 to 200."))
    .optional(),
});

/** Query parameters: an empty value counts as absent; a repeated one is refused. */
function readQuery(url: URL): Record<string, string | undefined> {
  const query: Record<string, string | undefined> = {};
  const repeated: Record<string, string> = {};
  for (const name of Object.keys(listQuerySchema.shape)) {
    const values = url.searchParams.getAll(name).filter((v) => v !== "");
    if (values.length > 1) repeated[name] = "Give this parameter at most once.";
    query[name] = values[0];
  }
  if (Object.keys(repeated).length > 0) {
    throw new ProblemResponse(problem(422, "A query parameter was given more than once.", { errors: repeated }));
  }
  return query;
}

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const refused = checkMethod(request, METHODS);
    if (refused) return refused;
    const actor = await requireApiActor(request);
    const query = validate(listQuerySchema, readQuery(new URL(request.url)));
    const subject = subjectOfActor(actor);
    const page = await listTickets({
      subject: subject ?? undefined,
      status: query.status,
      channel: query.channel,
      breached: query.breached === "true",
      cursor: query.cursor,
      limit: query.limit ?? 50,
    });
    return json({ items: page.items.map(ticketSummaryJson), nextCursor: page.nextCursor });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return handleApi(async () => {
    const refused = checkMethod(request, METHODS);
    if (refused) return refused;
    const actor = await requireApiActor(request);
    const text = await readJsonRequestText(request);
    // Intake is one call (ADR 0020): the ticket, its Idempotency-Key record with this answer and
    // the audit entry are written together. A key already answered is replayed before any of it
    // (so a retry takes no reference number); two requests racing with one key meet in the call.
    const idempotency = idempotencyOf(request, actor, text);
    if (idempotency) {
      const stored = await storedIdempotentAnswer(idempotency);
      if (stored) return replayResponse(stored, idempotency.hash);
    }
    const intake = validate(apiCreateTicketSchema, parseJsonText(text));
    const filed = await fileTicket(intake, actor, {
      idempotency: idempotency ?? undefined,
      respond: (detail) => ({ status: 201, body: ticketJson(detail) }),
      audit: (reference) => ticketChangeEntry(request, actor, reference, "create"),
    });
    if (filed.outcome === "replay") {
      const response = replayResponse(filed.stored, idempotency!.hash);
      if (response.status === 201) {
        // A replayed response carries the reference only in its body.
        const { reference } = (await response.clone().json()) as { reference: string };
        response.headers.set("Location", `/api/v1/tickets/${encodeURIComponent(reference)}`);
      }
      return response;
    }
    const response = jsonText(filed.response!.text, filed.response!.status);
    response.headers.set("Location", `/api/v1/tickets/${encodeURIComponent(filed.created.reference)}`);
    return response;
  });
}
