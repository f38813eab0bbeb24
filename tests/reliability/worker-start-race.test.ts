// Fault test: two worker processes start at the same moment on a database where pg-boss's
// queues do not exist yet (a first start, or a release that adds queues). pg-boss 10's
// createQueue creates and attaches a partition per queue without a lock of its own, so two
// processes registering at once could deadlock and one of them exit ("deadlock detected").
// startJobs registers under an advisory lock (jobs/runtime.ts): both come up, and both work —
// each is shown to take a job while the other is paused (SIGSTOP).
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { useTestDatabase } from "../support/db";
import { jobSender, startWorker, waitFor, type WorkerProcess } from "./support/processes";

const database = useTestDatabase();
const ROUNDS = 3;
// A queue whose job is harmless here: it removes idempotency records older than a day.
const PROBE_QUEUE = "maintenance.purge-idempotency-keys";

const workers: WorkerProcess[] = [];
let sender: PgBoss | undefined;

afterAll(async () => {
  for (const w of workers) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill("SIGCONT");
    await w.kill();
  }
  await sender?.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => {});
});

/** A job sent to the probe queue is completed while `paused` cannot fetch: `other` worked it. */
async function workedWhilePaused(paused: WorkerProcess): Promise<number> {
  paused.child.kill("SIGSTOP");
  try {
    // A fetch already on its way from the paused process is answered before the job exists.
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const id = await sender!.send(PROBE_QUEUE, {});
    if (!id) throw new Error("the probe job was not queued");
    await waitFor(
      "the probe job to be completed",
      async () => ((await sender!.getJobById(PROBE_QUEUE, id))?.state === "completed" ? true : null),
      30_000,
      100,
    );
    return Date.now() - started;
  } finally {
    paused.child.kill("SIGCONT");
  }
}

describe("two worker processes starting at the same moment", () => {
  it("both register their queues, come up and work", async () => {
    const lines: string[] = [];
    const failures: string[] = [];
    let cameUp = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      // A database pg-boss has never seen: its schema and every queue are created by the two.
      await db().execute(sql`drop schema if exists pgboss cascade`);
      const pair = [startWorker(database.url()), startWorker(database.url())];
      workers.push(...pair);
      const started = Date.now();
      const outcome = await Promise.allSettled(pair.map((w) => w.ready));
      const readyMs = Date.now() - started;
      cameUp += outcome.filter((o) => o.status === "fulfilled").length;
      failures.push(...outcome.flatMap((o) => (o.status === "rejected" ? [String(o.reason).slice(0, 2_000)] : [])));
      if (failures.length > 0) {
        await Promise.all(pair.map((w) => w.kill()));
        break;
      }

      sender = await jobSender(database.url());
      const [queue] = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.queue`);
      const firstWorked = await workedWhilePaused(pair[1]);
      const secondWorked = await workedWhilePaused(pair[0]);
      lines.push(
        `round ${round}: both ready ${readyMs} ms after starting together (${queue.n} queues); ` +
          `the first worker took a job in ${firstWorked} ms, the second in ${secondWorked} ms`,
      );
      for (const w of pair) expect(w.child.exitCode, w.output().slice(-2_000)).toBeNull();
      await Promise.all(pair.map((w) => w.kill("SIGTERM")));
      await sender.stop({ graceful: false, wait: true, timeout: 5_000 });
      sender = undefined;
    }
    for (const line of lines) console.log(`[worker-start-race] ${line}`);
    const deadlocks = failures.filter((f) => /deadlock/i.test(f)).length;
    console.log(
      `[worker-start-race] cases tried ${ROUNDS} simultaneous starts of 2 workers on a new pgboss schema; ` +
        `came up ${cameUp}; failed to start ${failures.length} (deadlocks ${deadlocks})`,
    );
    expect(failures, "workers that did not come up").toEqual([]);
    expect(cameUp).toBe(ROUNDS * 2);
  }, 600_000);
});
