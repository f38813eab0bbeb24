// The link a customer follows to their ticket (/track/:reference): the plain form carries the
// random token tickets/tracking.server.ts keeps the hash of; emails carry a signed one. Here and
// not in tickets because notify signs the links it sends and the portal checks them.
import { createHmac, timingSafeEqual } from "node:crypto";
import { publicUrl, sessionSecret } from "~/config/env.server";
import { REFERENCE_PATTERN } from "./reference.server";

/** The link a customer follows to see their ticket. */
export function trackingUrl(reference: string, token?: string): string {
  const base = `${publicUrl()}/track/${encodeURIComponent(reference)}`;
  return token ? `${base}?t=${encodeURIComponent(token)}` : base;
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
  if (prefix !== SIGNED_PREFIX || rest.length > 0 || !/^\d{1,12}$/.test(expires ?? "") || !sig || !REFERENCE_PATTERN.test(reference))
    return "invalid";
  const expiresAtSeconds = Number(expires);
  if (!safeEqual(signature(reference, expiresAtSeconds), sig)) return "invalid";
  return expiresAtSeconds * 1000 <= now.getTime() ? "expired" : "ok";
}
