// The SLA report roll-up's jobs, registered by jobs/runtime.ts through jobs/queues.ts:
// every minute the tickets that changed; every Sunday night a full rebuild (a safety net for changes
// made outside the desk's services, e.g. by hand in SQL); every minute the dashboard pages being
// looked at, recomputed before viewers find them past their freshness limit (ADR 0026).
import { z } from "zod";
import { defineQueue, type QueueDefinition } from "~/core/jobs/define";
import { refreshDashboardSnapshots } from "./dashboard-snapshot.server";
import { refreshSlaReport } from "./rollup.server";

export const SLA_REPORT_REFRESH_QUEUE = "reports.sla-refresh";
export const SLA_REPORT_REBUILD_QUEUE = "reports.sla-rebuild";
export const DASHBOARD_REFRESH_QUEUE = "reports.dashboard-refresh";

export const slaReportQueues: QueueDefinition[] = [
  defineQueue({
    name: SLA_REPORT_REFRESH_QUEUE,
    payload: z.object({}).passthrough(),
    options: { retryLimit: 2, retryDelay: 10, retryBackoff: true, expireInSeconds: 600, policy: "singleton" },
    schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
    handle: async () => refreshSlaReport(),
  }),
  defineQueue({
    name: SLA_REPORT_REBUILD_QUEUE,
    payload: z.object({}).passthrough(),
    options: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 3600, policy: "singleton" },
    schedule: { cron: "40 3 * * 0", tz: "Asia/Seoul" },
    handle: async () => refreshSlaReport({ full: true }),
  }),
  defineQueue({
    name: DASHBOARD_REFRESH_QUEUE,
    payload: z.object({}).passthrough(),
    options: { retryLimit: 1, retryDelay: 10, retryBackoff: false, expireInSeconds: 600, policy: "singleton" },
    schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
    handle: async () => refreshDashboardSnapshots(),
  }),
];
