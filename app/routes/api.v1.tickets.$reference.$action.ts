// POST /api/v1/tickets/{reference}/{action}: assign | replies | interim-notice | callbacks |
// pause | resume | resolve. Each answers 200 with the updated ticket (API-CONTRACT.md).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  handleApi,
  methodNotAllowed,
  parseJsonText,
  ProblemResponse,
  readJsonRequestText,
  requireApiActor,
  validate,
  withIdempotency,
} from "~/api/api.server";
import { problem } from "~/api/problem.server";
import { auditTicketChange } from "~/security/audit.server";
import { loadTicketJson, ticketNotFound } from "~/api/ticket-json.server";
import type { Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import {
  assignSchema,
  callbackSchema,
  interimNoticeSchema,
  pauseSchema,
  replySchema,
  resolveSchema,
  resumeSchema,
} from "~/tickets/schemas";
import {
  assignTicket,
  logCallback,
  pauseTicket,
  replyToCustomer,
  resolveTicket,
  resumeTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";

type Perform = (reference: string, input: unknown, actor: Actor) => Promise<unknown>;

const ACTIONS: Record<string, { perform: Perform; emptyBodyAllowed?: boolean }> = {
  assign: { perform: (ref, input, actor) => assignTicket(ref, validate(assignSchema, input).assignee, actor) },
  replies: { perform: (ref, input, actor) => replyToCustomer(ref, validate(replySchema, input), actor) },
  "interim-notice": { perform: (ref, input, actor) => sendInterimNotice(ref, validate(interimNoticeSchema, input), actor) },
  callbacks: { perform: (ref, input, actor) => logCallback(ref, validate(callbackSchema, input), actor) },
  pause: { perform: (ref, input, actor) => pauseTicket(ref, validate(pauseSchema, input), actor) },
  resume: {
    perform: (ref, input, actor) => {
      validate(resumeSchema, input);
      return resumeTicket(ref, actor);
    },
    emptyBodyAllowed: true,
  },
  resolve: { perform: (ref, input, actor) => resolveTicket(ref, validate(resolveSchema, input), actor) },
};

const METHODS = ["POST"] as const;

function unknownAction(name: string): Response {
  return problem(404, `There is no ticket action "${name}". Use one of: ${Object.keys(ACTIONS).join(", ")}.`);
}

function lookup(name: string | undefined) {
  return name !== undefined && Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  return lookup(params.action) ? methodNotAllowed(request, METHODS) : unknownAction(params.action ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handleApi(async () => {
    const name = params.action ?? "";
    const act = lookup(name);
    if (!act) return unknownAction(name);
    if (request.method.toUpperCase() !== "POST") return methodNotAllowed(request, METHODS);
    const actor = await requireApiActor(request);
    const reference = params.reference ?? "";
    const text = await readJsonRequestText(request);
    let changed = false;
    const response = await withIdempotency(request, actor, text, async () => {
      const input = text.trim() === "" && act.emptyBodyAllowed ? {} : parseJsonText(text);
      try {
        await act.perform(reference, input, actor);
      } catch (error) {
        if (error instanceof DeskError && error.status === 404) throw ticketNotFoundError(reference);
        throw error;
      }
      const body = await loadTicketJson(reference);
      if (!body) throw ticketNotFoundError(reference);
      changed = true;
      return { status: 200, body };
    });
    // After the commit, and only when this request made the change (a replayed answer did not).
    if (changed) await auditTicketChange(request, actor, reference, name);
    return response;
  });
}

function ticketNotFoundError(reference: string) {
  return new ProblemResponse(ticketNotFound(reference));
}
