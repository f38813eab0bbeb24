// Running the recomputation of deadlines after a calendar change WITHOUT blocking the request
// that made the change. The recomputation itself (app/sla/calendar-admin.server.ts) is
// idempotent and resumable; this module only decides when it runs in this process:
//
// - one at a time, in the order the versions were made (a later version's scan then sees the
//   deadlines an earlier one already moved — two quick changes never race each other);
// - errors are logged, never thrown at anyone: the row in calendar_recomputations says
//   "failed" with the message, and an administrator can resume it from the calendar page
//   (or the sweep picks it up through unfinishedRecomputations()).
import { logError } from "~/core/log.server";
import { recomputeForVersion } from "~/sla/calendar-admin.server";
import { singleton } from "~/lib/process-global";

type Runner = {
  /** The tail of the in-process queue: resolves when everything queued so far has finished. */
  tail: Promise<void>;
  /** Versions queued or running in this process. */
  pending: Set<number>;
  /** The version being recomputed right now, if any. */
  current: number | null;
};

// On globalThis: the Remix build and the server entry may load their own copies of modules.

function runner(): Runner {
  return singleton<Runner>("recomputeRunner", () => ({ tail: Promise.resolve(), pending: new Set(), current: null }));
}

/**
 * Queues the recomputation of `version` in the background and returns at once. A version that
 * is already queued or running here is not queued twice. The returned promise (which callers
 * normally do not await) settles when this version's run has finished, and never rejects.
 */
export function startRecomputation(version: number): Promise<void> {
  const r = runner();
  if (r.pending.has(version)) return r.tail;
  r.pending.add(version);
  r.tail = r.tail.then(async () => {
    r.current = version;
    try {
      await recomputeForVersion(version);
    } catch (error) {
      logError(`calendar: recomputation of version ${version} failed`, error);
    } finally {
      r.current = null;
      r.pending.delete(version);
    }
  });
  return r.tail;
}

/** "running" (being recomputed here now), "queued" (waiting here), or null (not in this process). */
export function localRecomputationState(version: number): "running" | "queued" | null {
  const r = runner();
  if (r.current === version) return "running";
  return r.pending.has(version) ? "queued" : null;
}

/** Resolves when every recomputation queued in this process so far has finished (tests, shutdown). */
export function waitForRecomputations(): Promise<void> {
  return runner().tail;
}
