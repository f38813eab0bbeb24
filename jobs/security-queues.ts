// Security and privacy jobs: the retention anonymisation, and housekeeping of sessions and
// rate-limit counters. Spread into `queues` (jobs/queues.ts).
import { z } from "zod";
import { purgeExpiredSessions } from "~/auth/session.server";
import { anonymiseExpired, retentionReport } from "~/privacy/retention.server";
import { maskStored } from "~/privacy/mask-stored.server";
import { sweepOldWindows } from "~/security/rate-limit.server";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";

export const RETENTION_QUEUE = "privacy.retention";
export const MASK_STORED_QUEUE = "privacy.mask-stored";

export const securityQueues: QueueDefinition[] = [
  defineQueue({
    // Every night at 02:40 KST: first the report (kept as the job's output), then the work, in
    // batches; a crash or a retry resumes where it stopped (done tickets carry their event).
    name: RETENTION_QUEUE,
    payload: z.object({ years: z.number().int().min(1).max(100).optional() }).passthrough(),
    options: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3 * 3600, policy: "singleton" },
    schedule: { cron: "40 2 * * *", tz: "Asia/Seoul" },
    handle: async ({ years }) => {
      const report = await retentionReport({ years });
      if (report.tickets === 0) return { report, anonymised: null };
      const anonymised = await anonymiseExpired({ years });
      return { report, anonymised };
    },
  }),
  defineQueue({
    // Sent once by a starting desk or worker while the masking of stored text (ADR 0013) is not
    // finished for the current masking rules; a crash or retry resumes where the walk stopped.
    name: MASK_STORED_QUEUE,
    payload: z.object({}).passthrough(),
    options: { retryLimit: 5, retryDelay: 300, retryBackoff: true, expireInSeconds: 6 * 3600, policy: "singleton" },
    handle: async () => {
      const result = await maskStored();
      return { complete: result.complete, seen: result.seen, changed: result.changed, events: result.events };
    },
  }),
  defineQueue({
    name: "security.housekeeping",
    payload: z.object({}).passthrough(),
    options: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600, policy: "singleton" },
    schedule: { cron: "23 4 * * *", tz: "Asia/Seoul" },
    handle: async () => ({ sessionsRemoved: await purgeExpiredSessions(), rateLimitRowsRemoved: await sweepOldWindows() }),
  }),
];
