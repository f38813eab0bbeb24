// Operations jobs: outage deadline alerts, the monthly compliance review and survey invitations.
import { z } from "zod";
import { alertOutageDeadlines } from "~/outages/outages.server";
import { buildComplianceReport } from "~/reviews/compliance.server";
import { previousMonth } from "~/reviews/report-data";
import { inviteAll, SURVEY_INVITE_QUEUE } from "~/surveys/surveys.server";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";

export const reportsQueues: QueueDefinition[] = [
  defineQueue({
    // Managers hear once per outage and deadline (eta_notice 3 h, recovery 48 h) when it passes.
    name: "outages.deadlines",
    payload: z.object({}).passthrough(),
    options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 120, policy: "singleton" },
    schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
    handle: async () => alertOutageDeadlines(),
  }),
  defineQueue({
    // 이행표준 점검: the previous month's report, built and sent to all staff once. Scheduled every
    // morning at 08:00 KST rather than only on the 1st, so a worker that was down on the 1st
    // catches up the next day; on every other day it finds the report already sent and does nothing.
    name: "reviews.monthly-compliance",
    payload: z
      .object({
        month: z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
          .optional(),
      })
      .passthrough(),
    options: { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 1800, policy: "singleton" },
    schedule: { cron: "0 8 * * *", tz: "Asia/Seoul" },
    handle: async ({ month }) => {
      const result = await buildComplianceReport(month ?? previousMonth(new Date()), "system:compliance-review");
      return { reportId: result.report.id, created: result.created, sentTo: result.sentTo };
    },
  }),
  defineQueue({
    // A launched survey campaign's invitations, in batches (resumable: it skips who is invited).
    name: SURVEY_INVITE_QUEUE,
    payload: z.object({ campaignId: z.string().uuid() }),
    options: { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 },
    handle: async ({ campaignId }) => ({ invited: await inviteAll(campaignId) }),
  }),
];
