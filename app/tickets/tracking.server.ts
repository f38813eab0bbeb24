// Tracking links (SERVICE-STANDARDS, issue 5): a 32-byte random token goes into the link the
// customer gets; the desk keeps only its SHA-256. A link is checked by hashing what was presented
// and looking the hash up, so a wrong token and an unknown reference cost the same work.
import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { safeEqual } from "~/core/tracking-link.server";

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
