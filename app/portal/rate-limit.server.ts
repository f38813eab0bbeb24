// Fixed-window rate limits kept in PostgreSQL (`rate_limits`), so every web process shares the
// same counters. A hit is counted whether or not the thing it asked for exists: the limit itself
// reveals nothing.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { executor } from "../../db/connection";

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

/** The limits of the customer portal. */
export const PORTAL_LIMITS = {
  /** Asking for a one-time code: per client address and per reference typed. */
  codeRequestPerIp: { name: "otc-request-ip", limit: 10, windowSeconds: 15 * 60 },
  codeRequestPerReference: { name: "otc-request-ref", limit: 5, windowSeconds: 60 * 60 },
  /** Entering a code (each code also allows only 5 attempts). */
  codeVerifyPerIp: { name: "otc-verify-ip", limit: 20, windowSeconds: 15 * 60 },
  codeVerifyPerReference: { name: "otc-verify-ref", limit: 10, windowSeconds: 15 * 60 },
  /** Presenting a tracking link. */
  trackingLinkPerIp: { name: "track-link-ip", limit: 60, windowSeconds: 15 * 60 },
  /** What a customer sends on the track page, per ticket. */
  portalPostPerTicket: { name: "portal-post-ticket", limit: 30, windowSeconds: 60 * 60 },
  claimPerTicket: { name: "portal-claim-ticket", limit: 5, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, RateLimitRule>;

export type RateLimitResult = { allowed: boolean; count: number; retryAfterSeconds: number };

/** The subject of a limit is hashed: no address or reference is stored in the clear. */
function keyOf(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${createHash("sha256").update(subject.trim().toLowerCase()).digest("base64url").slice(0, 32)}`;
}

/** Counts one hit against the rule for this subject and says whether it is within the limit. */
export async function hit(rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await executor().execute<{ count: number }>(sql`
    insert into rate_limits (key, window_start, count) values (${keyOf(rule, subject)}, ${windowStart.toISOString()}::timestamptz, 1)
    on conflict (key, window_start) do update set count = rate_limits.count + 1
    returning count`);
  const count = Number(rows[0]?.count ?? 1);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  if (Math.random() < 0.01) await sweepOldWindows(now);
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

/** Counts a hit against every rule (all of them, so a blocked caller keeps counting) and combines them. */
export async function hitAll(checks: Array<[RateLimitRule, string]>, now = new Date()): Promise<RateLimitResult> {
  const results: RateLimitResult[] = [];
  for (const [rule, subject] of checks) results.push(await hit(rule, subject, now));
  const blocked = results.filter((r) => !r.allowed);
  return {
    allowed: blocked.length === 0,
    count: Math.max(0, ...results.map((r) => r.count)),
    retryAfterSeconds: blocked.length ? Math.max(...blocked.map((r) => r.retryAfterSeconds)) : 0,
  };
}

/** Windows older than two days are of no use to any rule. */
export async function sweepOldWindows(now = new Date()): Promise<void> {
  await executor().execute(sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 2 * 24 * 3600 * 1000).toISOString()}::timestamptz`);
}
