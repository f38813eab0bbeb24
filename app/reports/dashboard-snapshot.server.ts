// The manager dashboard as served: a snapshot per period and team, at most
// DASHBOARD_SNAPSHOT_SECONDS old, shared by every web process through PostgreSQL (ADR 0026).
// Computing the page adds up fifteen sections; serving it reads one row. One process computes
// a page at a time (an advisory lock per key); the others serve what it stored.
import { sql } from "drizzle-orm";
import { db, type Transaction } from "~/db/connection";
import { setting } from "~/config/env.server";
import { isCalendarDate } from "~/lib/time";
import { loadDashboard, type DashboardData } from "./dashboard.server";
import type { Period } from "./period";
import { teamById, type ReportScope } from "./scope.server";

export type DashboardSnapshot = { data: DashboardData; computedAt: Date };

type Stored = DashboardSnapshot & { viewedAt: Date };

/** A view records itself at most this often: the job needs to know a page is looked at, not each look. */
const VIEW_BUMP_MS = 5_000;

/** The refresh job's rules (reports.dashboard-refresh). */
export const SNAPSHOT_REFRESH = {
  /** The job's round: once a minute. */
  everyMs: 60_000,
  /** Pages viewed this recently are kept fresh. */
  viewedWithinMs: 15 * 60_000,
  /** Pages nobody looked at for this long are dropped. */
  dropAfterMs: 24 * 3_600_000,
};

/**
 * The age from which the job counts a page again: any page that would pass the limit before the
 * next round (with a few seconds to spare), so that viewers find it fresh. With the default limit
 * of a minute that is every viewed page, but one counted in the last few seconds (a refresh button).
 */
export function refreshAfterMs(limitMs: number): number {
  return Math.max(5_000, limitMs - SNAPSHOT_REFRESH.everyMs - 5_000);
}

/** The period's dates and the team's id ('' for every team): a new day or month is a new key. */
export function snapshotKey(period: Period, scope: ReportScope): string {
  return `${period.from}/${period.to}/${scope.team?.id ?? ""}`;
}

function keyParts(key: string): { period: Period; teamId: string | null } | null {
  const [from, to, team, ...rest] = key.split("/");
  if (rest.length > 0 || team === undefined || !isCalendarDate(from) || !isCalendarDate(to)) return null;
  return { period: { from, to }, teamId: team === "" ? null : team };
}

/** The freshness limit in milliseconds, read now (0: every view computes the page). */
export function snapshotLimitMs(): number {
  return setting("DASHBOARD_SNAPSHOT_SECONDS") * 1000;
}

/** A stored snapshot is served as it is exactly when 0 ≤ its age < the limit. */
export function servable(computedAt: Date, now: Date, limitMs: number): boolean {
  const age = now.getTime() - computedAt.getTime();
  return age >= 0 && age < limitMs;
}

const lockOf = (key: string) => sql`hashtext(${`dashboard-snapshot:${key}`})`;

async function read(ex: Pick<Transaction, "execute">, key: string): Promise<Stored | null> {
  const [row] = await ex.execute<{ computed_ms: number; viewed_ms: number; data: string }>(sql`
    select extract(epoch from computed_at)::float8 * 1000 as computed_ms, extract(epoch from viewed_at)::float8 * 1000 as viewed_ms,
           data::text as data
    from dashboard_snapshots where key = ${key}`);
  if (!row) return null;
  return { computedAt: new Date(Math.round(row.computed_ms)), viewedAt: new Date(Math.round(row.viewed_ms)), data: JSON.parse(row.data) };
}

type Mode = "view" | "refresh" | "job";

// Pages being computed by this process, with the moment each count is of: a second view of the
// same page joins the first.
const flights = new Map<string, { at: Date; result: Promise<DashboardSnapshot | null> }>();
// At most this many pages computed at once per process: each holds a pooled connection for its
// lock while its sections need others from the same pool.
const MAX_COMPUTING = 2;
let computing = 0;
const queued: Array<() => void> = [];
/** How often a view waiting for another process's computation looks for its result. */
const WAIT_MS = 100;

async function inSlot<T>(fn: () => Promise<T>): Promise<T> {
  while (computing >= MAX_COMPUTING) await new Promise<void>((resolve) => queued.push(resolve));
  computing += 1;
  try {
    return await fn();
  } finally {
    computing -= 1;
    queued.shift()?.();
  }
}

const newer = (current: Stored | null, seen: Stored | null): current is Stored =>
  current !== null && (!seen || current.computedAt > seen.computedAt);

/** One try under the key's lock: "busy" when another process holds it. */
function attempt(key: string, period: Period, scope: ReportScope, now: Date, seen: Stored | null, mode: Mode) {
  return inSlot(() =>
    db().transaction(async (tx): Promise<{ done: DashboardSnapshot | null } | "busy"> => {
      const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${lockOf(key)}) as locked`);
      if (!locked) return "busy";
      // Another process may have stored the page since it was read.
      const current = await read(tx, key);
      if (newer(current, seen)) {
        if (mode === "view" && servable(current.computedAt, now, snapshotLimitMs())) return { done: current };
        if (mode === "refresh" && current.computedAt >= now) return { done: current };
      }
      if (mode === "job" && current && now.getTime() - current.computedAt.getTime() < refreshAfterMs(snapshotLimitMs()))
        return { done: null };
      // The sections read through the pool (this transaction only holds the lock), in parallel.
      const json = JSON.stringify(await loadDashboard(period, scope, now));
      await tx.execute(sql`
        insert into dashboard_snapshots as s (key, computed_at, viewed_at, data)
        values (${key}, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${json}::jsonb)
        on conflict (key) do update set computed_at = excluded.computed_at, data = excluded.data,
          viewed_at = ${mode === "job" ? sql`s.viewed_at` : sql`greatest(s.viewed_at, excluded.viewed_at)`}`);
      // What a reader of the stored row gets: the data after its JSON round trip.
      return { done: { data: JSON.parse(json) as DashboardData, computedAt: now } };
    }),
  );
}

/**
 * Computes the page for `key` unless another process is already at it: then a view with a stale
 * snapshot serves that, the job leaves the key alone, and anyone else waits for that result — a
 * refresh only for a count begun at or after its own moment, else it counts again after it.
 * Returns null only for the job when it left the key alone.
 */
function computeOnce(key: string, period: Period, scope: ReportScope, now: Date, seen: Stored | null, mode: Mode) {
  const running = flights.get(key);
  if (running) {
    if (mode === "job") return Promise.resolve(null);
    if (mode === "view") return seen ? Promise.resolve(seen) : running.result;
    // A refresh takes only figures counted from its own moment on: a count begun before the click
    // may have read the data before what the manager wants to see. It waits, then counts.
    if (running.at >= now) return running.result;
    const again = (): Promise<DashboardSnapshot | null> => computeOnce(key, period, scope, now, seen, mode);
    return running.result.then(again, again);
  }
  const result = (async (): Promise<DashboardSnapshot | null> => {
    for (;;) {
      const tried = await attempt(key, period, scope, now, seen, mode);
      if (tried !== "busy") return tried.done;
      if (mode === "job") return null;
      if (mode === "view" && seen) return seen;
      await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
      const current = await read(db(), key);
      if (newer(current, seen) && (mode !== "refresh" || current.computedAt >= now)) return current;
    }
  })().finally(() => flights.delete(key));
  flights.set(key, { at: now, result });
  return result;
}

/**
 * The dashboard of a period and team as served: the stored snapshot while it is younger than the
 * limit, else computed (once across processes) and stored. `refresh` computes it now whatever
 * its age (the page's refresh button). A limit of 0 computes every view and stores nothing.
 */
export async function dashboardSnapshot(
  period: Period,
  scope: ReportScope,
  now = new Date(),
  options: { refresh?: boolean; limitMs?: number } = {},
): Promise<DashboardSnapshot> {
  const limitMs = options.limitMs ?? snapshotLimitMs();
  if (limitMs <= 0) return { data: await loadDashboard(period, scope, now), computedAt: now };
  const key = snapshotKey(period, scope);
  const stored = await read(db(), key);
  if (options.refresh) return (await computeOnce(key, period, scope, now, stored, "refresh"))!;
  if (stored && servable(stored.computedAt, now, limitMs)) {
    if (now.getTime() - stored.viewedAt.getTime() >= VIEW_BUMP_MS)
      await db().execute(sql`
        update dashboard_snapshots set viewed_at = ${now.toISOString()}::timestamptz
        where key = ${key} and viewed_at < ${now.toISOString()}::timestamptz`);
    return { data: stored.data, computedAt: stored.computedAt };
  }
  return (await computeOnce(key, period, scope, now, stored, "view"))!;
}

/**
 * The job's round (reports.dashboard-refresh, every minute): counts again, one after another, the
 * pages viewed in the last 15 minutes that would pass the limit before the next round, and drops
 * those nobody viewed for a day.
 */
export async function refreshDashboardSnapshots(options: { now?: () => Date } = {}): Promise<{ refreshed: number; dropped: number }> {
  const clock = options.now ?? (() => new Date());
  const start = clock();
  const limitMs = snapshotLimitMs();
  const at = (msAgo: number) => new Date(start.getTime() - msAgo).toISOString();
  const gone = await db().execute<{ key: string }>(sql`
    delete from dashboard_snapshots where viewed_at < ${at(SNAPSHOT_REFRESH.dropAfterMs)}::timestamptz returning key`);
  const due =
    limitMs > 0
      ? await db().execute<{ key: string }>(sql`
          select key from dashboard_snapshots
          where viewed_at >= ${at(SNAPSHOT_REFRESH.viewedWithinMs)}::timestamptz and computed_at <= ${at(refreshAfterMs(limitMs))}::timestamptz
          order by viewed_at desc`)
      : [];
  let refreshed = 0;
  let dropped = gone.length;
  for (const { key } of due) {
    const parts = keyParts(key);
    const team = parts?.teamId ? await teamById(parts.teamId) : null;
    if (!parts || (parts.teamId && !team)) {
      // A key this code cannot read back, or a team that no longer exists: nothing to show.
      await db().execute(sql`delete from dashboard_snapshots where key = ${key}`);
      dropped += 1;
      continue;
    }
    if (await computeOnce(key, parts.period, { team, locked: false }, clock(), null, "job")) refreshed += 1;
  }
  return { refreshed, dropped };
}
