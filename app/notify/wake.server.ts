// Waking this process's delivery loops when a notification it queued has committed, so that an
// acknowledgment goes out at once rather than at the loop's next poll. Other processes find the
// row within their poll interval.
//
// The queueing code runs inside the caller's transaction and cannot see the commit, so it hands
// over its transaction id; a small watcher asks PostgreSQL (pg_xact_status) every few
// milliseconds, while anything is pending, whether those transactions ended, and wakes the loops
// when one committed. Without a delivery loop in this process nothing is recorded.
//
// State lives on globalThis: the Remix build's copy of this module (routes queue notifications)
// and the entry point's copy (the runtime starts the loops) must share it.
import { sql } from "drizzle-orm";
import { db } from "~/db/connection";
import { logError } from "~/core/log.server";
import { singleton } from "~/lib/process-global";

const WATCH_EVERY_MS = 15;
/** A transaction still open after this long (a long sweep) is left to the loops' own polling. */
const GIVE_UP_AFTER_MS = 10_000;

type WakeState = {
  wakers: Set<() => void>;
  /** Transaction id (xid8 as text) → when it was handed over. */
  pending: Map<string, number>;
  watching: boolean;
};



function state(): WakeState {
  return singleton<WakeState>("deliveryWake", () => ({ wakers: new Set(), pending: new Map(), watching: false }));
}

/** Called by a delivery loop of this process; returns the function that unregisters it. */
export function registerDeliveryWaker(wake: () => void): () => void {
  const s = state();
  s.wakers.add(wake);
  return () => {
    s.wakers.delete(wake);
    if (s.wakers.size === 0) s.pending.clear();
  };
}

/** Wakes every delivery loop of this process. */
function wakeDelivery(): void {
  for (const wake of state().wakers) wake();
}

/** Wakes this process's delivery loops once the transaction `xid` (pg_current_xact_id()) commits. */
export function wakeDeliveryAfterCommit(xid: string): void {
  const s = state();
  if (s.wakers.size === 0 || !/^\d+$/.test(xid)) return;
  if (!s.pending.has(xid)) s.pending.set(xid, Date.now());
  if (!s.watching) {
    s.watching = true;
    setTimeout(() => void watch(), WATCH_EVERY_MS).unref?.();
  }
}

async function watch(): Promise<void> {
  const s = state();
  try {
    const xids = [...s.pending.keys()];
    if (xids.length === 0 || s.wakers.size === 0) return;
    const rows = await db().execute<{ xid: string; status: string | null }>(
      sql`select x::text as xid, pg_xact_status(x) as status from unnest(${`{${xids.join(",")}}`}::xid8[]) as x`,
    );
    let committed = false;
    const now = Date.now();
    for (const r of rows) {
      if (r.status === "in progress" && now - (s.pending.get(r.xid) ?? now) < GIVE_UP_AFTER_MS) continue;
      if (r.status === "committed") committed = true;
      s.pending.delete(r.xid); // committed, aborted, too old to know, or waited for long enough
    }
    if (committed) wakeDelivery();
  } catch (error) {
    // The loops still poll: losing a wake-up costs at most one interval.
    s.pending.clear();
    logError("notify: waking the delivery loop failed", error);
  } finally {
    s.watching = false;
    if (s.pending.size > 0 && s.wakers.size > 0) {
      s.watching = true;
      setTimeout(() => void watch(), WATCH_EVERY_MS).unref?.();
    }
  }
}
