// Every queue of the desk in one place: its name, payload schema, retry/expiry settings,
// schedule (if any) and handler. The runtime (jobs/runtime.ts) registers them all.
import { lt, sql } from "drizzle-orm";
import { z } from "zod";
import { idempotencyKeys } from "~/db/schema";
import { db } from "~/db/connection";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";
import { slaQueues } from "./sla-queues";
import { reportsQueues } from "./reports-queues";
import { securityQueues } from "./security-queues";
import { opsQueues } from "./ops-queues";
import { slaReportQueues } from "~/reports/jobs.server";

export { defineQueue, type QueueDefinition };

export const DEAD_LETTER_QUEUE = "dead-letters";

/** Idempotency records are kept for 24 hours, then removed daily. */
const purgeIdempotencyKeys: QueueDefinition = {
  name: "maintenance.purge-idempotency-keys",
  payload: z.object({}).passthrough(),
  options: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600, policy: "singleton" },
  schedule: { cron: "17 3 * * *", tz: "Asia/Seoul" },
  handle: async () => {
    const removed = await db()
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, sql`now() - interval '24 hours'`))
      .returning({ key: idempotencyKeys.key });
    return { removed: removed.length };
  },
};

export const queues: QueueDefinition[] = [
  purgeIdempotencyKeys,
  ...slaQueues,
  ...reportsQueues,
  ...securityQueues,
  ...slaReportQueues,
  ...opsQueues,
];
