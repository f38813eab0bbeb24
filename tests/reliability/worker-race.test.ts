// Fault test (b): two worker processes sweep the same 5,000 due timers at the same time — both
// deadline watches (ADR 0005) find them due within a second of their insertion and sweep them.
// Claims with FOR UPDATE SKIP LOCKED split the work between them; the result is the same as one
// sweep: every timer breached once, one guarantee case per ticket, no duplicated notification.
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

describe("two worker processes sweeping the same timers", () => {
  it(
    "split the work and add nothing twice",
    async () => {
      // One after the other, so that both sweep from a known start; starting two workers at the
      // same moment is worker-start-race.test.ts.
      const a = startWorker(database.url());
      workers.push(a);
      await a.ready;
      const b = startWorker(database.url());
      workers.push(b);
      await b.ready;
      // Both deadline watches are polling: the timers come due for both at once (one statement).
      await seedDueTimers(TIMERS);
      const started = Date.now();
      // Batches commit one by one; how many distinct detection moments there are shows how many
      // batches ran (each batch records its own), whichever process ran them.
      await waitFor("every timer to be breached", async () => ((await breached()) === TIMERS ? true : null), 450_000, 250);
      await new Promise((r) => setTimeout(r, 300));
      const [{ batches }] = await db().execute<{ batches: number }>(
        sql`select count(distinct breach_detected_at)::int as batches from sla_timers where metric = 'first_reply' and state = 'breached'`,
      );
      console.log(`[worker-race] both deadline watches finished the sweep in ${Date.now() - started} ms, in ${batches} batches`);

      const outcome = await sweepOutcome();
      const lost = TIMERS - outcome.breachedTimers + outcome.ticketsWithoutCase;
      const duplicated =
        outcome.timersBreachedTwice + outcome.ticketsWithSeveralCases + outcome.ticketsWithSeveralApologies + outcome.duplicateDedupeKeys;
      console.log(
        `[worker-race] cases tried ${TIMERS} timers, 2 worker processes; breached ${outcome.breachedTimers}, guarantee cases ${outcome.guaranteeCases}, ` +
          `apologies queued ${outcome.apologies}; lost ${lost}, duplicated ${duplicated}`,
      );
      // Whether the two processes' batches overlapped depends on scheduling (on an idle machine one
      // may claim everything before the other probes); the result must be the same either way.
      // Claims racing inside one sweep are also tested in-process (sla-sweep.test.ts).
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
    600_000,
  );
});
