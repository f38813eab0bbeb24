// The shell of every /api/v1 route: authenticate → read JSON (≤ 1 MiB) → validate → call a
// service → respond; every failure becomes problem+json, never a 5xx for bad input.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { idempotencyKeys } from "../../db/schema";
import { inTransaction } from "../../db/connection";
import { authenticateBearer } from "~/auth/tokens.server";
import type { Actor } from "~/tickets/actor";
import { DeskError } from "~/tickets/errors";
import { problem, problemFromKey } from "./problem.server";

export const MAX_BODY_BYTES = 1024 * 1024;

export class ProblemResponse extends Error {
  constructor(readonly response: Response) {
    super(`problem ${response.status}`);
  }
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(JSON.stringify(data), { status, headers: h });
}

export async function requireApiActor(request: Request): Promise<Actor> {
  const actor = await authenticateBearer(request.headers.get("Authorization"));
  if (!actor) {
    throw new ProblemResponse(
      problem(401, "A valid bearer token is required (Authorization: Bearer <token>).", {
        headers: { "WWW-Authenticate": 'Bearer realm="desk"' },
      }),
    );
  }
  return actor;
}

/** Reads the body as text, refusing more than 1 MiB even when no Content-Length was sent. */
export async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new ProblemResponse(problem(413, "The request body is larger than 1 MiB."));
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new ProblemResponse(problem(413, "The request body is larger than 1 MiB."));
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return text;
}

export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new ProblemResponse(problem(400, "The request body must be a JSON object."));
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ProblemResponse(problem(400, `The request body is not valid JSON: ${(error as Error).message}`));
  }
}

/** Validates with the shared zod schema; errors map field paths to messages (422). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join(".") || "body";
    if (!(path in errors)) errors[path] = issue.message;
  }
  throw new ProblemResponse(problemFromKey(422, "error.invalid", errors));
}

/** Maps what a handler threw to a response: problem+json for anything the caller caused. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ProblemResponse) return error.response;
  if (error instanceof DeskError) return problemFromKey(error.status, error.messageKey, error.fieldErrors);
  if (error instanceof Response) return error;
  const pgCode = postgresErrorCode(error);
  // Data exceptions (class 22) come from values the caller sent that slipped past validation.
  if (typeof pgCode === "string" && pgCode.startsWith("22")) return problem(422, "A value in the request could not be stored.");
  console.error("api: unexpected error", error instanceof Error ? error.stack : error);
  return problem(503, "The desk could not complete the request right now. Please retry.", { headers: { "Retry-After": "5" } });
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wrapped it (as `cause`). */
export function postgresErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === "string" ? e.code : e?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export async function handleApi(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    return errorResponse(error);
  }
}

function requestHash(request: Request, bodyText: string): string {
  const url = new URL(request.url);
  return createHash("sha256").update(`${request.method} ${url.pathname}\n${bodyText}`).digest("hex");
}

type StoredResponse = { status: number; body: unknown };

/**
 * Runs a POST once per Idempotency-Key: the handler, its effects and the stored response
 * commit together, so a retry after any failure either replays the response or runs anew.
 * The same key with a different body is refused (422).
 */
export async function withIdempotency(
  request: Request,
  actor: Actor,
  bodyText: string,
  handler: () => Promise<StoredResponse>,
): Promise<Response> {
  const key = request.headers.get("Idempotency-Key");
  if (key === null) {
    const result = await inTransaction(handler);
    return json(result.body, result.status);
  }
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ProblemResponse(problem(422, "Idempotency-Key must be 1–255 visible ASCII characters.", { errors: { "Idempotency-Key": "error.invalid" } }));
  }
  const scope = actor.kind === "integration" ? actor.tokenId : actor.kind === "staff" ? actor.staffId : "anonymous";
  const hash = requestHash(request, bodyText);
  const outcome = await inTransaction(async (tx) => {
    // Concurrent requests with the same key wait here for the first one to commit.
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash: hash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      const [stored] = await tx
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return { replay: true as const, stored };
    }
    const result = await handler();
    await tx
      .update(idempotencyKeys)
      .set({ status: result.status, response: sql`${JSON.stringify(result.body)}::jsonb` })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return { replay: false as const, result };
  });
  if (!outcome.replay) return json(outcome.result.body, outcome.result.status);
  if (outcome.stored.requestHash !== hash) {
    return problem(422, "This Idempotency-Key was already used with a different request body.", {
      errors: { "Idempotency-Key": "error.invalid" },
    });
  }
  return json(outcome.stored.response, outcome.stored.status ?? 200, { "Idempotent-Replayed": "true" });
}
