// Looking a ticket up by reference + email or phone: a 6-digit one-time code is sent to the
// customer's address on file; entered within 10 minutes (5 tries at most) it opens the track page.
//
// Nothing here tells whether a ticket exists: a request for a guessed reference or a wrong
// address does the same work (the same hashing, the same code row, one query for the ticket) and
// gets the same answer; only the message itself is not sent. Codes are kept as HMACs under the
// server secret, never in the clear; counters live in PostgreSQL so they hold across processes.
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { customers, oneTimeCodes, tickets } from "~/db/schema";
import { inTransaction } from "~/db/connection";
import { sessionSecret } from "~/config/env.server";
import type { Lang } from "~/i18n/i18n";
import { queueCustomerNotification } from "~/notify/queue.server";
import { appendEvent } from "~/core/events.server";
import { normalizePhone } from "~/tickets/phone";
import { hitAll, PORTAL_LIMITS, type RateLimitRule } from "./rate-limit.server";

export const CODE_TTL_MINUTES = 10;
export const CODE_MAX_ATTEMPTS = 5;

export type LookupContact = { kind: "email"; value: string } | { kind: "phone"; value: string };

/** What the customer typed in the one "email or mobile number" field. */
export function parseContact(input: string): LookupContact {
  const trimmed = input.trim();
  if (trimmed.includes("@")) return { kind: "email", value: trimmed.toLowerCase() };
  return { kind: "phone", value: normalizePhone(trimmed) };
}

function secretKey(purpose: string): Buffer {
  return createHmac("sha256", sessionSecret()).update(`portal:${purpose}`).digest();
}

/** Names the pair (reference, contact) without storing either. */
export function lookupHashOf(reference: string, contact: LookupContact): string {
  return createHmac("sha256", secretKey("lookup")).update(`${reference}\u0000${contact.kind}:${contact.value}`).digest("hex");
}

function codeHashOf(lookupHash: string, code: string): string {
  return createHmac("sha256", secretKey("code")).update(`${lookupHash}\u0000${code}`).digest("hex");
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** `ip`: the client's address for the per-client limits (null when unknown: only the per-reference limits apply). */
export type LookupRequest = { reference: string; contact: string; ip: string | null; lang: Lang; now?: Date };
export type RequestCodeResult = { status: "sent" } | { status: "limited"; retryAfterSeconds: number };

/**
 * Issues a code for the pair. The answer is "sent" whether or not the pair matches a ticket
 * (the code only reaches the customer when it does); earlier codes of the pair stop working.
 */
export async function requestLookupCode(input: LookupRequest): Promise<RequestCodeResult> {
  const now = input.now ?? new Date();
  const limited = await hitAll(
    [
      ...(input.ip ? [[PORTAL_LIMITS.codeRequestPerIp, input.ip] as [RateLimitRule, string]] : []),
      [PORTAL_LIMITS.codeRequestPerReference, input.reference],
    ],
    now,
  );
  if (!limited.allowed) return { status: "limited", retryAfterSeconds: limited.retryAfterSeconds };

  const contact = parseContact(input.contact);
  const lookupHash = lookupHashOf(input.reference, contact);
  const code = newCode();
  const codeHash = codeHashOf(lookupHash, code);
  const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);

  await inTransaction(async (tx) => {
    const [row] = await tx
      .select({ id: tickets.id, email: customers.email, phone: customers.phone })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .where(eq(tickets.reference, input.reference))
      .limit(1);
    const matches =
      row !== undefined &&
      (contact.kind === "email"
        ? (row.email ?? "").toLowerCase() === contact.value
        : row.phone !== null && normalizePhone(row.phone) === contact.value);
    const ticketId = matches ? row.id : null;
    // Only the newest code of a pair works.
    await tx
      .update(oneTimeCodes)
      .set({ consumedAt: now })
      .where(and(eq(oneTimeCodes.lookupHash, lookupHash), isNull(oneTimeCodes.consumedAt)));
    const [issued] = await tx
      .insert(oneTimeCodes)
      .values({ ticketId, lookupHash, codeHash, expiresAt, createdAt: now })
      .returning({ id: oneTimeCodes.id });
    if (!ticketId) return;
    await queueCustomerNotification(
      tx,
      ticketId,
      "one_time_code",
      { reference: input.reference, code, expiresAt: expiresAt.toISOString(), minutes: CODE_TTL_MINUTES },
      `otc:${issued.id}`,
      { channel: contact.kind === "email" ? "email" : "sms", locale: input.lang },
    );
    await appendEvent(tx, ticketId, "portal.code_sent", { kind: "customer" }, { channel: contact.kind === "email" ? "email" : "sms" }, now);
  });
  return { status: "sent" };
}

export type VerifyCodeResult =
  { status: "ok"; reference: string } | { status: "invalid" } | { status: "limited"; retryAfterSeconds: number };

/**
 * Checks a code. Wrong, expired, used up, or for a pair that matched no ticket: all "invalid".
 * Every try counts against the code (5 at most) and against the client and the reference.
 */
export async function verifyLookupCode(input: LookupRequest & { code: string }): Promise<VerifyCodeResult> {
  const now = input.now ?? new Date();
  const limited = await hitAll(
    [
      ...(input.ip ? [[PORTAL_LIMITS.codeVerifyPerIp, input.ip] as [RateLimitRule, string]] : []),
      [PORTAL_LIMITS.codeVerifyPerReference, input.reference],
    ],
    now,
  );
  if (!limited.allowed) return { status: "limited", retryAfterSeconds: limited.retryAfterSeconds };

  const contact = parseContact(input.contact);
  const lookupHash = lookupHashOf(input.reference, contact);
  const presented = Buffer.from(codeHashOf(lookupHash, input.code.trim()), "hex");

  return inTransaction(async (tx): Promise<VerifyCodeResult> => {
    const [row] = await tx
      .select()
      .from(oneTimeCodes)
      .where(and(eq(oneTimeCodes.lookupHash, lookupHash), isNull(oneTimeCodes.consumedAt), gt(oneTimeCodes.expiresAt, now)))
      .orderBy(desc(oneTimeCodes.createdAt))
      .limit(1)
      .for("update");
    // The same comparison work when there is no code to compare with.
    const stored = Buffer.from(row?.codeHash ?? "0".repeat(64), "hex");
    const same = stored.length === presented.length && timingSafeEqual(stored, presented);
    if (!row || row.attempts >= CODE_MAX_ATTEMPTS) return { status: "invalid" };
    const attempts = row.attempts + 1;
    const success = same && row.ticketId !== null;
    await tx
      .update(oneTimeCodes)
      .set({ attempts: sql`${oneTimeCodes.attempts} + 1`, ...(success || attempts >= CODE_MAX_ATTEMPTS ? { consumedAt: now } : {}) })
      .where(eq(oneTimeCodes.id, row.id));
    if (!success) return { status: "invalid" };
    const [ticket] = await tx.select({ id: tickets.id, reference: tickets.reference }).from(tickets).where(eq(tickets.id, row.ticketId!));
    await appendEvent(tx, ticket.id, "portal.code_verified", { kind: "customer" }, {}, now);
    return { status: "ok", reference: ticket.reference };
  });
}
