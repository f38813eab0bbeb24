// Operations jobs: the daily backup (does nothing unless BACKUP_DIR is set). Spread into `queues`
// (jobs/queues.ts).
import { z } from "zod";
import { runScheduledBackup } from "~/ops/backup-schedule.server";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";

export const BACKUP_QUEUE = "ops.backup";

export const opsQueues: QueueDefinition[] = [
  defineQueue({
    // Every night at 01:30 KST, before the night's maintenance jobs (retention 02:40, housekeeping
    // 04:23). Singleton: two workers never write two backups at once.
    name: BACKUP_QUEUE,
    payload: z.object({}).passthrough(),
    options: { retryLimit: 2, retryDelay: 600, retryBackoff: true, expireInSeconds: 6 * 3600, policy: "singleton" },
    schedule: { cron: "30 1 * * *", tz: "Asia/Seoul" },
    handle: async () => {
      const result = await runScheduledBackup();
      if ("skipped" in result) return result;
      return { file: result.file, bytes: result.bytes, tables: result.tables, removed: result.removed.length };
    },
  }),
];
