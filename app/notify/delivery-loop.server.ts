// The outbox delivery loop (ADR 0005): every worker process runs one, started and stopped by
// jobs/runtime.ts. A round (deliver.server.ts) claims a batch of due notifications and sends it;
// a full batch runs the next round at once, otherwise the loop polls again after the interval.
// Queued rows wake it as soon as their transaction commits, whichever process queued them
// (LISTEN/NOTIFY, wake.server.ts); the interval is the fallback when a notice is lost.
import { startPollLoop, type PollLoop } from "~/core/jobs/poll-loop";
import { deliverDueNotifications, DELIVERY_BATCH_SIZE, type DeliveryRoundOptions } from "./deliver.server";
import { registerDeliveryWaker } from "./wake.server";

/** How soon a notification queued by another process (or due after a backoff) is picked up. */
export const DELIVERY_INTERVAL_MS = 1_000;

export type DeliveryLoopOptions = DeliveryRoundOptions & { intervalMs?: number; name?: string };

export function startDeliveryLoop(options: DeliveryLoopOptions = {}): PollLoop {
  const batchSize = options.batchSize ?? DELIVERY_BATCH_SIZE;
  const loop = startPollLoop({
    name: options.name ?? "notify.delivery",
    intervalMs: options.intervalMs ?? DELIVERY_INTERVAL_MS,
    run: async () => (await deliverDueNotifications({ ...options, batchSize })).claimed >= batchSize,
  });
  const unregister = registerDeliveryWaker(loop.wake);
  return {
    wake: loop.wake,
    stop: async () => {
      unregister();
      await loop.stop();
    },
  };
}
