// The SLA engine's jobs: the every-minute sweep, per-timer moments and calendar recomputations.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { db } from "../db/connection";
import { recomputeForVersion, unfinishedRecomputations } from "../app/sla/calendar-admin.server";
import { TIMER_MOMENT_QUEUE } from "../app/sla/schedule.server";
import { sweepOnce } from "../app/sla/sweep.server";
import { defineQueue, type QueueDefinition } from "./define";

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

export const slaQueues: QueueDefinition[] = [
  defineQueue({
    name: "sla.sweep",
    payload: z.object({}).passthrough(),
    options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 300, policy: "singleton" },
    schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
    handle: async () => {
      const result = await sweepOnce();
      const resumed = await resumeRecomputations();
      return { ...result, recomputationsResumed: resumed };
    },
  }),
  defineQueue({
    name: TIMER_MOMENT_QUEUE,
    payload: z.object({ timerId: z.string().uuid(), kind: z.enum(["due", "warn"]) }),
    options: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
    batchSize: 50,
    handle: async ({ timerId }) => sweepOnce({ timerIds: [timerId] }),
  }),
  defineQueue({
    name: "sla.recompute",
    payload: z.object({ version: z.number().int().positive() }),
    options: { retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 3600 },
    handle: async ({ version }) => recomputeForVersion(version),
  }),
];
