// The notification queues, registered by jobs/runtime.ts through jobs/queues.ts.
import { z } from "zod";
import { defineQueue, type QueueDefinition } from "../../jobs/define";
import { notifyConfig } from "./config.server";
import { runDeliveryJob, sweepNotifications } from "./deliver.server";
import { NOTIFY_DELIVER_QUEUE, NOTIFY_SWEEP_QUEUE } from "./names";

const deliverPayload = z.object({
  notificationId: z.string().uuid(),
  /** The row's attempt count when this job was enqueued (its own tries are counted from there). */
  baseAttempts: z.number().int().min(0).default(0),
});

const deliver = defineQueue({
  name: NOTIFY_DELIVER_QUEUE,
  payload: deliverPayload,
  // Read when the runtime registers the queue: NOTIFY_RETRY_LIMIT / NOTIFY_RETRY_DELAY_SECONDS.
  get options() {
    const c = notifyConfig();
    return { retryLimit: c.retryLimit, retryDelay: c.retryDelaySeconds, retryBackoff: true, expireInSeconds: 120 };
  },
  handle: (payload) => runDeliveryJob(payload),
});

const sweep = defineQueue({
  name: NOTIFY_SWEEP_QUEUE,
  payload: z.object({}).passthrough(),
  options: { retryLimit: 1, retryDelay: 15, retryBackoff: false, expireInSeconds: 120, policy: "singleton" },
  schedule: { cron: "* * * * *", tz: "Asia/Seoul" },
  handle: () => sweepNotifications(),
});

export const notifyQueues: QueueDefinition[] = [deliver, sweep];
