// pg-boss 10 in the desk's own PostgreSQL (schema "pgboss"). Any number of processes on any
// number of machines may run workers: pg-boss coordinates them through the database.
import { createRequire } from "node:module";
import PgBoss from "pg-boss";
import postgres from "postgres";
import { runningBoss, setRunningBoss } from "~/core/jobs/boss-holder";
import { DEAD_LETTER_QUEUE, queues, type QueueDefinition } from "./queues";
import type { PollLoop } from "~/core/jobs/poll-loop";
import { startDeadlineWatch } from "./sla-queues";
import { startDeliveryLoop } from "~/notify/delivery-loop.server";
import { logError, safeErrorText } from "~/core/log.server";
import { logger } from "~/core/logger.server";
import { MASK_VERSION } from "~/core/mask";
import { maskStoredComplete } from "~/privacy/mask-stored.server";
import { MASK_STORED_QUEUE } from "./security-queues";
import { databaseUrl } from "~/config/env.server";

export type JobsRuntime = { boss: PgBoss; stop: () => Promise<void> };

export function createBoss(url = databaseUrl()): PgBoss {
  handleCompletionRejections();
  return new PgBoss({ connectionString: url, schema: "pgboss", max: 4, application_name: "desk-jobs" });
}

// pg-boss 10.4 marks a worked job completed (or failed) without awaiting the statement
// (manager.js watch(); timgit/pg-boss#577): when the database goes away at that moment — a
// restart — the rejection is unhandled, and an unhandled rejection ends the process. Those two
// methods of pg-boss's Manager get a handler that logs the error; a caller awaiting them still
// gets it. The job whose completion was lost is worked again once it expires.
const handled = Symbol.for("desk.pgboss-completion-handled");
function handleCompletionRejections(): void {
  const manager = createRequire(import.meta.url)("pg-boss/src/manager.js") as { prototype: Record<string, unknown> };
  const prototype = manager.prototype as Record<string, unknown> & { [handled]?: true };
  if (prototype[handled]) return;
  prototype[handled] = true;
  for (const [name, what] of [
    ["complete", "completion"],
    ["fail", "failure"],
  ]) {
    const original = prototype[name] as (...args: unknown[]) => Promise<unknown>;
    const patched = function (this: unknown, ...args: unknown[]) {
      const settled = original.apply(this, args);
      settled.catch((error: unknown) => logError(`jobs: a job's ${what} could not be recorded (it runs again when it expires)`, error));
      return settled;
    };
    // PgBoss exposes Manager methods under their function name (boss.complete, boss.fail).
    Object.defineProperty(patched, "name", { value: name });
    prototype[name] = patched;
  }
}

export { runningBoss };

/** Runs one job with its log line (queue, job id, outcome, duration — never its payload). */
export async function loggedJob<T>(queue: string, jobId: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    logger().info({ queue, jobId, outcome: "done", durationMs: Math.round(performance.now() - started) }, "job");
    return result;
  } catch (error) {
    logger().error(
      { queue, jobId, outcome: "failed", durationMs: Math.round(performance.now() - started), err: safeErrorText(error) },
      "job",
    );
    throw error;
  }
}

async function register(boss: PgBoss, q: QueueDefinition) {
  await boss.createQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
  await boss.updateQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
  await boss.work<unknown>(q.name, { batchSize: q.batchSize ?? 1 }, async (jobs) => {
    for (const job of jobs) {
      const parsed = q.payload.safeParse(job.data);
      if (!parsed.success) {
        // A malformed payload will never succeed: send it to the dead letters with the reason.
        await boss.send(DEAD_LETTER_QUEUE, { queue: q.name, jobId: job.id, data: job.data, reason: parsed.error.message });
        logger().warn({ queue: q.name, jobId: job.id, outcome: "dead-letter" }, "job");
        continue;
      }
      await loggedJob(q.name, job.id, () => q.handle(parsed.data));
    }
  });
  if (q.schedule) await boss.schedule(q.name, q.schedule.cron, {}, { tz: q.schedule.tz ?? "Asia/Seoul" });
}

// pg-boss's start (its schema, its own queues) and the registration of ours run in one process
// at a time: pg-boss 10's createQueue creates and attaches a partition per queue without a lock
// of its own, and two processes starting at once where a queue is new deadlocked and one exited
// (tests/reliability/worker-start-race.test.ts). A session-level advisory lock on a connection
// of its own; a process that dies releases it with its session.
const QUEUE_REGISTRATION_LOCK = 727275; // db/migrate.ts takes 727274

async function registeringAlone(url: string, log: ((line: string) => void) | undefined, registration: () => Promise<void>): Promise<void> {
  const session = postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "desk-jobs-register" } });
  try {
    const [{ locked }] = await session<{ locked: boolean }[]>`select pg_try_advisory_lock(${QUEUE_REGISTRATION_LOCK}) as locked`;
    if (!locked) {
      log?.("Another process is registering the job queues; waiting for it");
      await session`select pg_advisory_lock(${QUEUE_REGISTRATION_LOCK})`;
    }
    await registration();
  } finally {
    await session`select pg_advisory_unlock(${QUEUE_REGISTRATION_LOCK})`.catch(() => {});
    await session.end({ timeout: 5 });
  }
}

/**
 * Queues the masking of stored text once (ADR 0013) unless this masking version's walk is already
 * finished. Never stops a start: a failure is logged and the next start tries again.
 */
async function queueMaskStored(boss: PgBoss, log?: (line: string) => void): Promise<void> {
  try {
    if (await maskStoredComplete()) return;
    await boss.send(MASK_STORED_QUEUE, {}, { singletonKey: `v${MASK_VERSION}` });
    log?.("Masking of stored personal numbers queued (runs once in the background)");
  } catch (error) {
    logError("jobs: the masking of stored text could not be queued", error);
  }
}

export async function startJobs(
  options: { log?: (line: string) => void; work?: boolean; maskStored?: boolean } = {},
): Promise<JobsRuntime> {
  const boss = createBoss();
  boss.on("error", (error) => options.log?.(`jobs: ${error.message}`));
  await registeringAlone(databaseUrl(), options.log, async () => {
    await boss.start();
    await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0, expireInSeconds: 900 });
    if (options.work !== false) for (const q of queues) await register(boss, q);
  });
  setRunningBoss(boss);
  if (options.maskStored) await queueMaskStored(boss, options.log);
  // Row work is claimed by poll loops (docs/decisions/0005-poll-loops-for-row-work.md), in the
  // processes that work; they are stopped before pg-boss, whose instance their rounds still use.
  const loops: PollLoop[] = [];
  if (options.work !== false) loops.push(startDeadlineWatch());
  if (options.work !== false) loops.push(startDeliveryLoop());
  options.log?.(`Job workers started (${queues.length} queues)`);
  return {
    boss,
    stop: async () => {
      await Promise.all(loops.map((loop) => loop.stop()));
      setRunningBoss(undefined);
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}
