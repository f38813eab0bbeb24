// The SLA engine's jobs: the deadline watch (a poll loop in every worker process), the
// every-minute sweep behind it, and calendar recomputations.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "~/db/connection";
import { recomputeForVersion, unfinishedRecomputations } from "~/sla/calendar-admin.server";
import { sweepOnce } from "~/sla/sweep.server";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";
import { startPollLoop, type PollLoop } from "~/core/jobs/poll-loop";

const RECOMPUTE_LOCK = 727_277;

/** Finishes recomputations a crash or restart interrupted; one process at a time. */
export async function resumeRecomputations(): Promise<number> {
  const versions = await unfinishedRecomputations();
  if (versions.length === 0) return 0;
  return db().transaction(async (tx) => {
    const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${RECOMPUTE_LOCK}) as locked`);
    if (!locked) return 0;
    for (const version of versions) await recomputeForVersion(version);
    return versions.length;
  });
}

export const DEADLINE_WATCH_INTERVAL_MS = 1_000;

/**
 * The deadline watch (docs/decisions/0005-poll-loops-for-row-work.md): an index probe asks whether
 * any clock's due, warning or escalation moment has come, and only then runs the set-based sweep.
 * A round that did something probes again at once: more may have come due while it ran, and the
 * probe is one index lookup. A round that found nothing sleeps until the earliest moment the
 * probe saw ahead, or a whole interval if that is later (ADR 0021): a clock falls due and is
 * breached within the time of one sweep, not up to a second later.
 */
export function startDeadlineWatch(options: { intervalMs?: number } = {}): PollLoop {
  return startPollLoop({
    name: "sla.deadline-watch",
    intervalMs: options.intervalMs ?? DEADLINE_WATCH_INTERVAL_MS,
    // sweepOnce starts with the probe (nextMoments) and returns at once when nothing is due.
    run: async () => {
      const seen: { nextAt: number | null } = { nextAt: null };
      const done = await sweepOnce({ onNothingDue: (at) => (seen.nextAt = at) });
      if (done.breached + done.warned + done.escalated + done.handedOver > 0) return true;
      // +1 ms: the moment is rounded up to the millisecond, and the claim asks due_at <= now.
      return seen.nextAt === null ? false : { waitMs: seen.nextAt - Date.now() + 1 };
    },
  });
}

/**
 * Retired (the deadline watch does its work); kept registered one more release so older processes
 * and their queued jobs do not fail during a rolling deploy (ADR 0017). Then delete it.
 */
export const RETIRED_TIMER_MOMENT_QUEUE = "sla.timer-moment";

export const slaQueues: QueueDefinition[] = [
  defineQueue({
    name: "sla.sweep",
    payload: z.object({}).passthrough(),
    options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300, policy: "singleton" },
    // The safety net behind the deadline watch, and the sweep of processes that run no loops.
    schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
    handle: async () => {
      const result = await sweepOnce();
      const resumed = await resumeRecomputations();
      return { ...result, recomputationsResumed: resumed };
    },
  }),
  defineQueue({
    name: RETIRED_TIMER_MOMENT_QUEUE,
    // Any payload: these jobs are only completed.
    payload: z.unknown(),
    options: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 120 },
    batchSize: 50,
    handle: async () => undefined,
  }),
  defineQueue({
    name: "sla.recompute",
    payload: z.object({ version: z.number().int().positive() }),
    options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
    handle: async ({ version }) => recomputeForVersion(version),
  }),
];
