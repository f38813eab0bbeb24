// Tracking links (SERVICE-STANDARDS, issue 5): a 32-byte random token goes into the link the
// customer gets; the desk keeps only its SHA-256. A link is checked by hashing what was presented
// and looking the hash up, so a wrong token and an unknown reference cost the same work.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { publicUrl } from "~/config/env.server";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { sessionSecret } from "~/auth/session.server";

/** base64url of 32 random bytes: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashTrackingToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new token and the hash to store. The token itself is never written anywhere by the desk. */
export function newTrackingToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashTrackingToken(token) };
}

/** The link a customer follows to see their ticket. */
export function trackingUrl(reference: string, token?: string): string {
  const base = `${publicUrl()}/track/${encodeURIComponent(reference)}`;
  return token ? `${base}?t=${encodeURIComponent(token)}` : base;
}

/**
 * The ticket a tracking link opens, or null. Always hashes and always queries (a malformed
 * token is hashed and looked up like any other), then compares the reference in constant time.
 */
export async function ticketForTrackingToken(reference: string, token: string): Promise<{ id: string; reference: string } | null> {
  const presented = TOKEN_PATTERN.test(token) ? token : `invalid:${token.slice(0, 100)}`;
  const hash = hashTrackingToken(presented);
  const rows = await executor()
    .select({ id: tickets.id, reference: tickets.reference })
    .from(tickets)
    .where(eq(tickets.trackingTokenHash, hash))
    .limit(1);
  const row = rows[0];
  const wanted = REFERENCE_PATTERN.test(reference) ? reference : "";
  const same = safeEqual(row?.reference ?? "\u0000", wanted);
  return row && same && TOKEN_PATTERN.test(token) ? row : null;
}

/** Constant-time comparison of two strings (compared as HMACs so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const key = "portal-compare";
  const ha = createHmac("sha256", key).update(a).digest();
  const hb = createHmac("sha256", key).update(b).digest();
  return timingSafeEqual(ha, hb);
}

// Signed tracking links (issue 21): the emails sent after filing (reply, final answer, …) cannot
// carry the random token — the desk keeps only its hash — so they carry a signature over the
// reference and an expiry instead. Nothing is stored; a changed reference or date breaks it.
const SIGNED_PREFIX = "s1";
/** How long a link in an email opens the ticket without a code. */
export const SIGNED_LINK_DAYS = 30;

function signature(reference: string, expiresAtSeconds: number): string {
  return createHmac("sha256", sessionSecret()).update(`track:${reference}:${expiresAtSeconds}`).digest("base64url");
}

export function signedTrackingToken(reference: string, now = new Date(), days = SIGNED_LINK_DAYS): string {
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + days * 86_400;
  return `${SIGNED_PREFIX}.${expiresAtSeconds}.${signature(reference, expiresAtSeconds)}`;
}

/** The link put into emails and texts: opens the ticket directly until it expires. */
export function signedTrackingUrl(reference: string, now = new Date()): string {
  return trackingUrl(reference, signedTrackingToken(reference, now));
}

export function isSignedTrackingToken(token: string): boolean {
  return token.startsWith(`${SIGNED_PREFIX}.`);
}

/** ok, expired (signed by us, too old) or invalid (not ours or altered). */
export function checkSignedTrackingToken(reference: string, token: string, now = new Date()): "ok" | "expired" | "invalid" {
  const [prefix, expires, sig, ...rest] = token.split(".");
  if (prefix !== SIGNED_PREFIX || rest.length > 0 || !/^\d{1,12}$/.test(expires ?? "") || !sig || !REFERENCE_PATTERN.test(reference)) return "invalid";
  const expiresAtSeconds = Number(expires);
  if (!safeEqual(signature(reference, expiresAtSeconds), sig)) return "invalid";
  return expiresAtSeconds * 1000 <= now.getTime() ? "expired" : "ok";
}
