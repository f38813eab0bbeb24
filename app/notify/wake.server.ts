// Waking the delivery loops when a notification becomes deliverable (ADR 0022), so that an
// acknowledgment goes out at once rather than at the loop's next poll.
//
// PostgreSQL says so itself: a trigger on notifications (migration 0039) sends NOTIFY desk_outbox
// when a statement queues a row or makes a queued row due now, and PostgreSQL delivers it at
// commit only — the "committed" signal, for every process and for rows written by any code (the
// sweep's set-based inserts too). A rolled-back transaction announces nothing. One LISTEN
// connection per process, opened with its first delivery loop and closed with its last, wakes
// every loop of the process. A notice can still be lost (a lost connection, a re-listen that fails
// while the server is down): the loops keep their own slow poll, every re-listen wakes them, and a
// self-check every beat replaces a listener that no longer hears its own NOTIFY.
//
// State lives on globalThis: the Remix build's copy of this module and the entry point's copy
// (the runtime starts the loops) must share it.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { sqlClient } from "~/db/connection";
import { logError } from "~/core/log.server";
import { singleton } from "~/lib/process-global";
import { OUTBOX_CHANNEL } from "~/core/announce.server";

export { OUTBOX_CHANNEL };
export const WAKE_LISTENER_APPLICATION_NAME = "service-standards-desk-outbox";
/** The listener checks itself this often (a NOTIFY to itself through the ordinary pool). */
const BEAT_MS = 15_000;
/** A self-check not back within this long means the listener is lost. */
const PING_TIMEOUT_MS = 5_000;

type WakeState = {
  wakers: Set<() => void>;
  listener: postgres.Sql | null;
  starting: Promise<void> | null;
  timer: ReturnType<typeof setInterval> | null;
  /** Outstanding self-checks: nonce → when sent. */
  pings: Map<string, number>;
  /** How often the listener started listening (1 + re-listens); for tests and logs. */
  listens: number;
};

function state(): WakeState {
  return singleton<WakeState>("deliveryWake", () => ({
    wakers: new Set(),
    listener: null,
    starting: null,
    timer: null,
    pings: new Map(),
    listens: 0,
  }));
}

/**
 * Called by a delivery loop of this process; returns the function that unregisters it. The first
 * loop opens the process's listener (in the background: until it listens, the loop's poll does).
 */
export function registerDeliveryWaker(wake: () => void): () => void {
  const s = state();
  s.wakers.add(wake);
  void startListening().catch((error) => logError("notify: listening for queued notifications failed; the delivery loops poll", error));
  ensureBeat();
  return () => {
    s.wakers.delete(wake);
    if (s.wakers.size === 0) void stopListening();
  };
}

/** Resolves once this process listens for queued notifications (tests wait for it). */
export function deliveryWakeListening(): Promise<void> {
  return state().starting ?? (state().listener ? Promise.resolve() : startListening());
}

/** How often this process's listener has started listening. */
export function deliveryWakeListens(): number {
  return state().listens;
}

function wakeDelivery(): void {
  for (const wake of state().wakers) wake();
}

function startListening(): Promise<void> {
  const s = state();
  if (s.listener) return s.starting ?? Promise.resolve();
  const url = process.env.DATABASE_URL;
  if (!url) return Promise.reject(new Error("DATABASE_URL is not set"));
  // A connection of its own (as the live hub's, ADR 0015): postgres.js listens again on a
  // connection it owns after a loss, where the self-healing pool is replaced wholesale.
  const listener = postgres(url, {
    max: 1,
    onnotice: () => {},
    fetch_types: false,
    connect_timeout: 10,
    connection: { application_name: WAKE_LISTENER_APPLICATION_NAME },
  });
  s.listener = listener;
  const onNotice = (payload: string) => {
    if (payload.startsWith("ping:")) {
      s.pings.delete(payload.slice(5));
      return;
    }
    wakeDelivery();
  };
  // Every (re-)listen wakes the loops: whatever was queued while nobody listened is found at once.
  const onListen = () => {
    s.listens++;
    wakeDelivery();
  };
  const starting = listener
    .listen(OUTBOX_CHANNEL, onNotice, onListen)
    .then(() => undefined)
    .catch((error: unknown) => {
      if (s.listener === listener) {
        s.listener = null;
        void listener.end({ timeout: 1 }).catch(() => {});
      }
      throw error;
    })
    .finally(() => {
      if (s.listener === listener) s.starting = null;
    });
  s.starting = starting;
  return starting;
}

async function stopListening(): Promise<void> {
  const s = state();
  const listener = s.listener;
  s.listener = null;
  s.starting = null;
  s.pings.clear();
  if (s.timer) clearInterval(s.timer);
  s.timer = null;
  if (listener) await listener.end({ timeout: 1 }).catch(() => {});
}

function ensureBeat(): void {
  const s = state();
  if (s.timer) return;
  s.timer = setInterval(() => void beat(), BEAT_MS);
  s.timer.unref?.();
}

/** Checks that the listener still hears the database; if not, a new one (which wakes the loops). */
export async function deliveryWakeBeat(): Promise<void> {
  return beat();
}

async function beat(): Promise<void> {
  const s = state();
  if (s.wakers.size === 0) return;
  try {
    const now = Date.now();
    const lost = [...s.pings.values()].some((sent) => now - sent > PING_TIMEOUT_MS);
    if (lost || !s.listener) {
      if (lost) logError("notify: the outbox listener stopped hearing notifications; listening again", new Error("listener lost"));
      await stopListening();
      ensureBeat();
      await startListening();
    }
    const nonce = randomUUID();
    s.pings.set(nonce, now);
    await sqlClient()`select pg_notify(${OUTBOX_CHANNEL}, ${`ping:${nonce}`})`;
  } catch (error) {
    // The loops still poll: losing the wake-up costs at most one interval per notification.
    logError("notify: checking the outbox listener failed", error);
  }
}
