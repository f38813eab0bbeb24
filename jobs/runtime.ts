// pg-boss 10 in the desk's own PostgreSQL (schema "pgboss"). Any number of processes on any
// number of machines may run workers: pg-boss coordinates them through the database.
import PgBoss from "pg-boss";
import { runningBoss, setRunningBoss } from "./boss-holder";
import { DEAD_LETTER_QUEUE, queues, type QueueDefinition } from "./queues";

export type JobsRuntime = { boss: PgBoss; stop: () => Promise<void> };


export function createBoss(url = process.env.DATABASE_URL!): PgBoss {
  return new PgBoss({ connectionString: url, schema: "pgboss", max: 4, application_name: "desk-jobs" });
}

export { runningBoss };

async function register(boss: PgBoss, q: QueueDefinition) {
  await boss.createQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
  await boss.updateQueue(q.name, { name: q.name, ...q.options, deadLetter: DEAD_LETTER_QUEUE });
  await boss.work<unknown>(q.name, { batchSize: q.batchSize ?? 1 }, async (jobs) => {
    for (const job of jobs) {
      const parsed = q.payload.safeParse(job.data);
      if (!parsed.success) {
        // A malformed payload will never succeed: send it to the dead letters with the reason.
        await boss.send(DEAD_LETTER_QUEUE, { queue: q.name, jobId: job.id, data: job.data, reason: parsed.error.message });
        continue;
      }
      await q.handle(parsed.data);
    }
  });
  if (q.schedule) await boss.schedule(q.name, q.schedule.cron, {}, { tz: q.schedule.tz ?? "Asia/Seoul" });
}

export async function startJobs(options: { log?: (line: string) => void; work?: boolean } = {}): Promise<JobsRuntime> {
  const boss = createBoss();
  boss.on("error", (error) => options.log?.(`jobs: ${error.message}`));
  await boss.start();
  await boss.createQueue(DEAD_LETTER_QUEUE, { name: DEAD_LETTER_QUEUE, retryLimit: 0, expireInSeconds: 900 });
  if (options.work !== false) for (const q of queues) await register(boss, q);
  setRunningBoss(boss);
  options.log?.(`Job workers started (${queues.length} queues)`);
  return {
    boss,
    stop: async () => {
      setRunningBoss(undefined);
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}
