// Precise timers: each running timer has a job at its warning and at its due moment, enqueued in
// the same transaction that set them. A moved deadline gets new jobs; the old ones wake up, find
// nothing due and finish. The every-minute sweep catches whatever a job missed.
import { bossDbFor } from "../../jobs/tx";
import { runningBoss } from "../../jobs/boss-holder";
import type { Transaction } from "../../db/connection";

export const TIMER_MOMENT_QUEUE = "sla.timer-moment";

export type TimerMoments = { id: string; dueAt: Date; warnAt: Date | null; state?: string };

export async function scheduleTimerMoments(tx: Transaction, timers: TimerMoments[]): Promise<void> {
  const boss = runningBoss();
  if (!boss || timers.length === 0) return; // no boss in this process: the sweep covers it
  const now = Date.now();
  const jobs = timers
    .filter((t) => !t.state || t.state === "running")
    .flatMap((t) => {
      const moments: Array<{ kind: "due" | "warn"; at: Date }> = [{ kind: "due", at: t.dueAt }];
      if (t.warnAt && t.warnAt.getTime() > now) moments.push({ kind: "warn", at: t.warnAt });
      return moments.map((m) => ({
        name: TIMER_MOMENT_QUEUE,
        data: { timerId: t.id, kind: m.kind },
        startAfter: m.at,
        singletonKey: `${t.id}:${m.kind}:${m.at.getTime()}`,
      }));
    });
  if (jobs.length) await boss.insert(jobs, { db: bossDbFor(tx) });
}
