// Fixed-window rate limits and temporary locks kept in PostgreSQL (`rate_limits`), so every web
// process and every machine shares the same counters. A hit is counted whether or not the thing
// it asked for exists: the limit itself reveals nothing. Subjects (addresses, emails, references,
// token ids) are hashed: none is stored in the clear.
//
// Hits are counted exactly, across processes, by `insert … on conflict do update … returning` on
// the window's row. The row lock serialises the statements, so a busy key (one API token at 50
// concurrent requests) queued every request behind the one before it, each holding the lock
// until its commit had been flushed to disk. Two things keep that off the request path:
// - concurrent hits on one key in this process go to the row together (CounterBatcher): one
//   statement adds them all, and each hit still gets its own exact count;
// - the counting statement commits without waiting for the WAL flush (synchronous_commit off,
//   for that statement only). A PostgreSQL crash can forget the hits of its last moment
//   (≤ 3 × wal_writer_delay, 600 ms by default): a window then counts a few hits fewer.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { db, executor } from "~/db/connection";
import { setting } from "~/config/env.server";
import { CounterBatcher } from "~/lib/counter-batch";

export type RateLimitRule = { name: string; limit: number; windowSeconds: number };

export type RateLimitResult = {
  allowed: boolean;
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window ends (≥ 1): what to put in Retry-After. */
  retryAfterSeconds: number;
};

/** Limits of the desk's own endpoints (the portal's are in app/portal/rate-limit.server.ts). */
export const SECURITY_LIMITS = {
  /** Failed staff logins per email typed: the 5th failure within 15 minutes locks it. */
  loginFailuresPerEmail: { name: "login-fail-email", limit: 5, windowSeconds: 15 * 60 },
  /** Failed staff logins per client address (many emails from one place). */
  loginFailuresPerIp: { name: "login-fail-ip", limit: 20, windowSeconds: 15 * 60 },
  /** Every /api/v1 request, per bearer token. */
  apiPerToken: { name: "api-token", limit: 600, windowSeconds: 60 },
  /** Public inquiry form posts, per client address (generous: mobile carriers put many customers behind one address). */
  inquiryPerIp: { name: "inquiry-ip", limit: 60, windowSeconds: 15 * 60 },
  /** Twilio webhook posts, per client address (Twilio sends from a pool of addresses). */
  webhookPerIp: { name: "webhook-ip", limit: 600, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * The per-token API limit: API_RATE_LIMIT_PER_MINUTE (default 600), read at the moment of use so
 * an operator can raise it for a bulk import by restarting with a new value.
 */
export function apiTokenRule(source?: Record<string, string | undefined>): RateLimitRule {
  // Validated by the configuration schema (a bad value stops the desk at start, never a silent default).
  return { ...SECURITY_LIMITS.apiPerToken, limit: setting("API_RATE_LIMIT_PER_MINUTE", source) };
}

/** How long a login stays locked after too many failures. */
export const LOGIN_LOCK_SECONDS = 15 * 60;

function digest(subject: string): string {
  return createHash("sha256").update(subject.trim().toLowerCase()).digest("base64url").slice(0, 32);
}

/** The stored key of a rule and subject. */
export function rateLimitKey(rule: Pick<RateLimitRule, "name">, subject: string): string {
  return `${rule.name}:${digest(subject)}`;
}

/**
 * Counts one hit against `key` in its fixed window of `windowSeconds` and says whether the count
 * is within `limit`. The key is used as given (callers that hold personal data hash it first —
 * `hit(rule, subject)` does).
 */
export async function hitKey(key: string, limit: number, windowSeconds: number, now = new Date()): Promise<RateLimitResult> {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const count = await countHit(key, windowStart.toISOString());
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000));
  // Not awaited: a request should not wait for the clean-up (the security job sweeps too).
  if (Math.random() < 0.01) void sweepOldWindows(now).catch(() => {});
  return { allowed: count <= limit, count, retryAfterSeconds };
}

const pendingHits = new CounterBatcher();

/** The window's count after this hit. */
async function countHit(key: string, windowStart: string): Promise<number> {
  const ex = executor();
  if (ex !== db()) {
    // Inside a caller's transaction the hit is part of it (and commits as that transaction does).
    const rows = await ex.execute<{ count: number }>(sql`
      insert into rate_limits (key, window_start, count) values (${key}, ${windowStart}::timestamptz, 1)
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning count`);
    return Number(rows[0].count);
  }
  return pendingHits.take(`${key}\u0000${windowStart}`, async (n) => {
    // set_config(…, true) lasts until the end of this statement's own transaction, whose commit
    // then does not wait for the flush.
    const rows = await db().execute<{ count: number }>(sql`
      insert into rate_limits (key, window_start, count)
      select ${key}, ${windowStart}::timestamptz, ${n}::int from (select set_config('synchronous_commit', 'off', true)) as async_commit
      on conflict (key, window_start) do update set count = rate_limits.count + excluded.count
      returning count`);
    return Number(rows[0].count);
  });
}

/** Counts one hit against the rule for this subject (hashed) and says whether it is within the limit. */
export function hit(rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  return hitKey(rateLimitKey(rule, subject), rule.limit, rule.windowSeconds, now);
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

/** Forgets the counts of a rule for a subject (e.g. failed logins after a successful one). */
export async function resetHits(rule: RateLimitRule, subject: string): Promise<void> {
  await db().execute(sql`delete from rate_limits where key = ${rateLimitKey(rule, subject)}`);
}

// ---------------------------------------------------------------- temporary locks
// A lock is a row `lock:<name>:<hash>` whose window_start is when it began and whose count is
// its length in seconds; it holds while now < window_start + count seconds.

function lockKey(name: string, subject: string): string {
  return `lock:${name}:${digest(subject)}`;
}

/** Locks the subject under `name` for `seconds` from now. */
export async function lock(name: string, subject: string, seconds: number, now = new Date()): Promise<void> {
  await db().execute(sql`
    insert into rate_limits (key, window_start, count) values (${lockKey(name, subject)}, ${now.toISOString()}::timestamptz, ${Math.round(seconds)})
    on conflict (key, window_start) do update set count = greatest(rate_limits.count, excluded.count)`);
}

/** Seconds left on the longest lock of these subjects under `name` (0: not locked). */
export async function lockedSeconds(name: string, subjects: string[], now = new Date()): Promise<number> {
  if (subjects.length === 0) return 0;
  const keys = subjects.map((s) => lockKey(name, s));
  const rows = await db().execute<{ until: Date | string | null }>(sql`
    select max(window_start + make_interval(secs => count)) as until
    from rate_limits
    where key in (${sql.join(
      keys.map((k) => sql`${k}`),
      sql`, `,
    )})
      and window_start > ${new Date(now.getTime() - 2 * 24 * 3600 * 1000).toISOString()}::timestamptz`);
  const until = rows[0]?.until ? new Date(rows[0].until).getTime() : 0;
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Windows and locks older than two days are of no use to any rule. */
export async function sweepOldWindows(now = new Date()): Promise<number> {
  const rows = await db().execute<{ key: string }>(
    sql`delete from rate_limits where window_start < ${new Date(now.getTime() - 2 * 24 * 3600 * 1000).toISOString()}::timestamptz returning key`,
  );
  return rows.length;
}
