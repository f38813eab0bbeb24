// A loop that keeps one kind of work moving in every worker process: it runs `run` again at once
// while there is more to do, and waits `intervalMs` when there is not. Many processes on many
// machines may run the same loop; the work itself must be safe to run concurrently (claims with
// FOR UPDATE SKIP LOCKED), so PostgreSQL, not the loop, decides who does what.
//
// Why a loop beside pg-boss: work that is a set of rows in our own tables (due clocks, queued
// notifications) is cheaper to claim in batches straight from those rows than through one pg-boss
// job per row (docs/decisions/0005-poll-loops-for-row-work.md).
import { logError } from "../log.server";

export type PollLoopOptions = {
  /** For logs. */
  name: string;
  /** Wait between runs that found nothing (or less than a full batch) to do. */
  intervalMs: number;
  /**
   * One round of work. Returns true when it may have left more to do (a full batch), so the
   * loop runs again at once instead of waiting; or `{ waitMs }` when it knows when the next work
   * comes (the loop then waits that long, at most intervalMs).
   */
  run: () => Promise<boolean | { waitMs: number }>;
  /** First wait after a failed round; doubled per failure in a row, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
};

export type PollLoop = {
  /** Runs a round as soon as the current one (if any) ends, without waiting for the interval. */
  wake: () => void;
  /** Stops the loop; resolves when the round in progress (if any) has finished. */
  stop: () => Promise<void>;
};

export function startPollLoop(options: PollLoopOptions): PollLoop {
  const backoff0 = options.backoffMs ?? 1_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let wakeNow: (() => void) | null = null;
  let wakeRequested = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || wakeRequested) {
        wakeRequested = false;
        return resolve();
      }
      wakeNow = () => {
        if (timer) clearTimeout(timer);
        timer = null;
        wakeNow = null;
        resolve();
      };
      timer = setTimeout(() => wakeNow?.(), ms);
      timer.unref?.();
    });

  const done = (async () => {
    while (!stopped) {
      let more: boolean | { waitMs: number } = false;
      try {
        more = await options.run();
        failures = 0;
      } catch (error) {
        failures++;
        logError(`${options.name}: round failed (${failures} in a row)`, error);
      }
      if (stopped) break;
      if (failures > 0) await sleep(Math.min(maxBackoff, backoff0 * 2 ** (failures - 1)));
      else if (typeof more === "object") await sleep(Math.max(0, Math.min(options.intervalMs, more.waitMs)));
      else if (!more) await sleep(options.intervalMs);
    }
  })();

  return {
    wake: () => {
      if (wakeNow) wakeNow();
      else wakeRequested = true;
    },
    stop: async () => {
      stopped = true;
      wakeNow?.();
      await done;
    },
  };
}
