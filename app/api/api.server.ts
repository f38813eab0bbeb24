// The shell of every /api/v1 route: authenticate → read JSON (≤ 1 MiB) → validate → call a
// service → respond; every failure becomes problem+json, never a 5xx for bad input.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { noteStaff } from "~/core/request-context.server";
import { idempotencyKeys } from "~/db/schema";
import { inTransaction, db } from "~/db/connection";
import { authenticateBearer } from "~/auth/tokens.server";
import type { Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import { logError } from "~/core/log.server";
import { apiTokenRule, hit } from "~/security/rate-limit.server";
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
  noteStaff(actor.kind === "staff" || actor.kind === "integration" ? actor.staffId : null);
  // Per token, in PostgreSQL (every process counts together): 600 requests a minute by default.
  const subject = actor.kind === "integration" ? actor.tokenId : actor.kind === "staff" ? actor.staffId : "anonymous";
  const rule = apiTokenRule();
  const limit = await hit(rule, subject);
  if (!limit.allowed) {
    throw new ProblemResponse(
      problem(429, `This token made more than ${rule.limit} requests in a minute; retry after ${limit.retryAfterSeconds} seconds.`, {
        headers: { "Retry-After": String(limit.retryAfterSeconds) },
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
  try {
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
  } catch (error) {
    if (error instanceof ProblemResponse) throw error;
    // The client went away or sent a broken stream: its fault, not ours.
    throw new ProblemResponse(problem(400, "The request body could not be read."));
  }
  const bytes = Buffer.concat(chunks);
  try {
    // Invalid UTF-8 is refused rather than silently turned into U+FFFD and stored.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ProblemResponse(problem(400, "The request body is not valid UTF-8."));
  }
}

/**
 * JSON bodies only: `application/json` or any `application/*+json`, in UTF-8. A request without
 * a Content-Type is read as JSON (some phone systems send none); anything else is 415.
 */
export function requireJsonContentType(request: Request): void {
  const header = request.headers.get("Content-Type");
  if (header === null || header.trim() === "") return;
  const [mediaType, ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  const isJson = mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/^"|"$/g, "");
  if (!isJson || (charset !== undefined && charset !== "utf-8" && charset !== "utf8")) {
    throw new ProblemResponse(
      problem(415, "Send the request body as JSON (Content-Type: application/json; charset=utf-8).", {
        headers: { "Accept-Post": "application/json" },
      }),
    );
  }
}

/**
 * The body of a JSON POST: ≤ 1 MiB, JSON content type when there is a body, valid UTF-8.
 * Returns the raw text (the Idempotency-Key fingerprint is taken over it).
 */
export async function readJsonRequestText(request: Request): Promise<string> {
  const text = await readBodyText(request);
  if (text !== "") requireJsonContentType(request);
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
    // "_" is the body itself (an array or a scalar where an object belongs); not "body",
    // which is a field of several requests.
    const path = issue.path.map(String).join(".") || "_";
    if (!(path in errors)) errors[path] = issue.message;
  }
  throw new ProblemResponse(problem(422, "Some values in the request are missing or invalid; `errors` says which.", { errors }));
}

/** Maps what a handler threw to a response: problem+json for anything the caller caused. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ProblemResponse) return error.response;
  if (error instanceof DeskError) return problemFromKey(error.status, error.messageKey, error.fieldErrors);
  if (error instanceof Response) return error;
  const pgCode = postgresErrorCode(error);
  // Data exceptions (class 22) come from values the caller sent that slipped past validation.
  if (typeof pgCode === "string" && pgCode.startsWith("22")) return problem(422, "A value in the request could not be stored.");
  logError("api: unexpected error", error);
  return problem(503, "The desk could not complete the request right now. Please retry.", { headers: { "Retry-After": "5" } });
}

/** The SQLSTATE of a PostgreSQL error, also when drizzle wrapped it (as `cause`). */
export function postgresErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.code === "string" ? e.code : e?.cause?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * For methods a route does not serve: OPTIONS → 204 with Allow, anything else → 405 problem.
 * Returns null when the method is one of `allow` (HEAD counts as GET).
 */
export function checkMethod(request: Request, allow: readonly string[]): Response | null {
  const method = request.method.toUpperCase();
  if (allow.includes(method) || (method === "HEAD" && allow.includes("GET"))) return null;
  return methodNotAllowed(request, allow);
}

export function methodNotAllowed(request: Request, allow: readonly string[]): Response {
  const method = request.method.toUpperCase();
  const header = [...allow, ...(allow.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: header, "Cache-Control": "no-store" } });
  return problem(405, `${method} is not supported here; use ${allow.join(" or ")}.`, { headers: { Allow: header } });
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

export type StoredResponse = { status: number; body: unknown };

export function jsonText(text: string, status: number, headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("Content-Type", "application/json; charset=utf-8");
  h.set("Cache-Control", "no-store");
  return new Response(text, { status, headers: h });
}

/** The Idempotency-Key of a request, checked (422 when malformed), with its scope and the request's fingerprint; null without one. */
export function idempotencyOf(request: Request, actor: Actor, bodyText: string): { scope: string; key: string; hash: string } | null {
  const key = request.headers.get("Idempotency-Key");
  if (key === null) return null;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ProblemResponse(
      problem(422, "Idempotency-Key must be 1–255 visible ASCII characters.", { errors: { "Idempotency-Key": "error.invalid" } }),
    );
  }
  const scope = actor.kind === "integration" ? actor.tokenId : actor.kind === "staff" ? actor.staffId : "anonymous";
  return { scope, key, hash: requestHash(request, bodyText) };
}

type StoredKey = { requestHash: string | null; status: number | null; text: string | null };

/** The answer already stored under a key (committed), or null: read without a lock or a transaction. */
export async function storedIdempotentAnswer(id: { scope: string; key: string }): Promise<StoredKey | null> {
  const rows = await db().execute<{ request_hash: string; status: number | null; text: string | null }>(sql`
    select request_hash, status, response #>> '{}' as text from idempotency_keys where scope = ${id.scope} and key = ${id.key}`);
  const row = rows[0];
  return row ? { requestHash: row.request_hash, status: row.status, text: row.text } : null;
}

/** What a request whose key was used already is answered: the stored response, or why not. */
export function replayResponse(stored: StoredKey | undefined, hash: string): Response {
  if (!stored || stored.status === null || stored.text === null) {
    // Gone between the conflict and the read (expired meanwhile): let the client retry.
    return problem(409, "A request with this Idempotency-Key is being processed; please retry.", { headers: { "Retry-After": "1" } });
  }
  if (stored.requestHash !== hash) {
    return problem(422, "This Idempotency-Key was already used with a different request body.", {
      errors: { "Idempotency-Key": "error.invalid" },
    });
  }
  return jsonText(stored.text, stored.status, { "Idempotent-Replayed": "true" });
}

/**
 * Runs a POST once per Idempotency-Key: the handler, its effects and the stored response
 * commit together, so a retry after any failure either replays the response or runs anew.
 * The same key with a different body is refused (422). A handler that fails (4xx problem)
 * rolls back and stores nothing, so the key can be retried.
 */
export async function withIdempotency(
  request: Request,
  actor: Actor,
  bodyText: string,
  handler: () => Promise<StoredResponse>,
): Promise<Response> {
  const id = idempotencyOf(request, actor, bodyText);
  if (id === null) {
    const result = await inTransaction(handler);
    return json(result.body, result.status);
  }
  const { scope, key, hash } = id;
  const outcome = await inTransaction(async (tx) => {
    // Concurrent requests with the same key wait here for the first one to commit.
    const inserted = await tx
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash: hash })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 0) {
      // The response is stored as its exact JSON text inside a jsonb string (a jsonb object
      // would reorder the keys), so a replay is byte-identical; `#>> '{}'` unwraps it.
      const [stored] = await tx
        .select({
          requestHash: idempotencyKeys.requestHash,
          status: idempotencyKeys.status,
          text: sql<string | null>`${idempotencyKeys.response} #>> '{}'`,
        })
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return { replay: true as const, stored };
    }
    const result = await handler();
    const text = JSON.stringify(result.body);
    await tx
      .update(idempotencyKeys)
      .set({ status: result.status, response: sql`${JSON.stringify(text)}::jsonb` })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return { replay: false as const, status: result.status, text };
  });
  if (!outcome.replay) return jsonText(outcome.text, outcome.status);
  return replayResponse(outcome.stored, hash);
}
