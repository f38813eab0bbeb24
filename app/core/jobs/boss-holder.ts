// The pg-boss instance of this process, on globalThis: the Remix build's copy of the app code
// and the entry point's copy (tsx) must see the same one.
import type PgBoss from "pg-boss";

const holder = globalThis as unknown as { __deskBoss?: PgBoss };

export function runningBoss(): PgBoss | undefined {
  return holder.__deskBoss;
}

export function setRunningBoss(boss: PgBoss | undefined): void {
  holder.__deskBoss = boss;
}
