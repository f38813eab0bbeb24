// Fault test (a): a worker process (server/worker.ts, run by tsx) is killed with SIGKILL in the
// middle of a sweep of 5,000 due timers — the sweep its deadline watch (ADR 0005) starts as soon as
// it finds them due. After a new worker process's deadline watch finishes the sweep, every
// timer is breached exactly once, every ticket has exactly one guarantee case, and no
// notification exists twice (ADR 0004: one transaction per batch, claims with SKIP LOCKED,
// partial unique index on open cases, unique dedupe keys).
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { useTestDatabase } from "../support/db";
import { startWorker, waitFor, type WorkerProcess } from "./support/processes";
import { seedDueTimers, sweepOutcome } from "./support/timers";

const database = useTestDatabase();
const TIMERS = 5_000;

const workers: WorkerProcess[] = [];

afterAll(async () => {
  for (const w of workers) await w.kill();
});

const breached = async () =>
  Number(
    (
      await db().execute<{ n: number }>(sql`select count(*)::int as n from sla_timers where metric = 'first_reply' and state = 'breached'`)
    )[0].n,
  );

describe("a worker killed with SIGKILL in the middle of a sweep", () => {
  it(
    "after a restart every timer is breached once, one guarantee case per ticket, no duplicated notification",
    async () => {
      const seeded = Date.now();
      await seedDueTimers(TIMERS);
      console.log(`[worker-crash] seeded ${TIMERS} due timers in ${Date.now() - seeded} ms`);

      // Its deadline watch finds the due timers within a second of starting and sweeps them.
      const first = startWorker(database.url());
      workers.push(first);
      await first.ready;

      // Kill once at least one batch (1,000 timers) has committed and the sweep is still going.
      const atKill = await waitFor(
        "the first batches to commit",
        async () => {
          const n = await breached();
          return n >= 1_000 ? n : null;
        },
        300_000,
      );
      await first.kill("SIGKILL");
      const afterKill = await breached();
      console.log(`[worker-crash] SIGKILL with ${atKill} of ${TIMERS} timers breached (${afterKill} after the kill settled)`);
      expect(afterKill).toBeLessThan(TIMERS); // the crash really interrupted the sweep

      // A new worker process picks up: its deadline watch finds what is still due (the dead
      // worker's uncommitted batch was rolled back with its connection) and sweeps it.
      const second = startWorker(database.url());
      workers.push(second);
      await second.ready;
      const resumed = Date.now();
      await waitFor("the sweep to finish after the restart", async () => ((await breached()) === TIMERS ? true : null), 450_000, 200);
      // The sweep's own transactions are done when the count is complete; give the last one a moment to settle.
      await new Promise((r) => setTimeout(r, 300));
      console.log(`[worker-crash] the restarted worker finished the sweep in ${Date.now() - resumed} ms`);

      const outcome = await sweepOutcome();
      const lost = TIMERS - outcome.breachedTimers + outcome.ticketsWithoutCase;
      const duplicated =
        outcome.timersBreachedTwice + outcome.ticketsWithSeveralCases + outcome.ticketsWithSeveralApologies + outcome.duplicateDedupeKeys;
      console.log(
        `[worker-crash] cases tried ${TIMERS} timers; breached ${outcome.breachedTimers}, breach events ${outcome.breachEvents}, ` +
          `guarantee cases ${outcome.guaranteeCases}, fact-check clocks ${outcome.factCheckTimers}, apologies queued ${outcome.apologies}; lost ${lost}, duplicated ${duplicated}`,
      );
      expect(outcome).toEqual({
        tickets: TIMERS,
        breachedTimers: TIMERS,
        breachEvents: TIMERS,
        timersBreachedTwice: 0,
        guaranteeCases: TIMERS,
        ticketsWithoutCase: 0,
        ticketsWithSeveralCases: 0,
        caseOpenedEvents: TIMERS,
        factCheckTimers: TIMERS,
        apologies: TIMERS,
        ticketsWithSeveralApologies: 0,
        duplicateDedupeKeys: 0,
      });
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
    },
    // About 30 s on two idle cores; far longer when the machine is shared (see the report).
    900_000,
  );
});
