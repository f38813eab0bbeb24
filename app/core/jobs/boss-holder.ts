// The pg-boss instance of this process, on globalThis: the Remix build's copy of the app code
// and the entry point's copy (tsx) must see the same one.
import type PgBoss from "pg-boss";
import { processSlot } from "~/lib/process-global";

const boss = processSlot<PgBoss>("boss");

export function runningBoss(): PgBoss | undefined {
  return boss.get();
}

export function setRunningBoss(running: PgBoss | undefined): void {
  boss.set(running);
}
