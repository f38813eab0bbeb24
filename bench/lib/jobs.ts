// pg-boss in the bench process: queues created as the runtime creates them, without workers,
// so that the code under test enqueues whatever jobs it enqueues (the notification outbox) as in production.
import PgBoss from "pg-boss";
import { setRunningBoss } from "../../app/core/jobs/boss-holder";
import { DEAD_LETTER_QUEUE, queues } from "../../jobs/queues";

export async function ensureQueues(boss: PgBoss) {
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0, expireInSeconds: 900 });
  for (const q of queues) {
    await boss.createQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
    await boss.updateQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
  }
}

/** Runs fn with a started pg-boss (no workers, no maintenance) that this process's code enqueues into. */
export async function withBoss<T>(url: string, fn: (boss: PgBoss) => Promise<T>, options: { register?: boolean } = {}): Promise<T> {
  // As jobs/runtime.ts createBoss(), minus maintenance and cron: the bench process only enqueues.
  const boss = new PgBoss({
    connectionString: url,
    schema: "pgboss",
    max: 4,
    application_name: "desk-bench",
    supervise: false,
    schedule: false,
  });
  boss.on("error", () => {});
  await boss.start();
  await ensureQueues(boss);
  if (options.register) setRunningBoss(boss);
  try {
    return await fn(boss);
  } finally {
    if (options.register) setRunningBoss(undefined);
    await boss.stop({ graceful: true, timeout: 5_000, wait: true });
  }
}
