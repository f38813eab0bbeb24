import type postgres from "postgres";
import { CounterBatcher } from "~/lib/counter-batch";
import { kst } from "~/lib/time";
import { connect, SelfHealingPool } from "~/db/connection";
import type { Executor } from "./events.server";
import { processSlot } from "~/lib/process-global";

// The day's counter commits at once, outside the intake transaction, on a small self-healing pool
// of its own, batched and without waiting for the WAL flush: safe because a ticket carrying the
// number commits later and flushes it (ADR 0017, "the reference counter"). Rollbacks leave gaps.
const referencePool = processSlot<SelfHealingPool>("referencePool");

function counterPool(): postgres.Sql {
  const url = connect().url;
  const current = referencePool.get();
  if (current?.url === url) return current.sql;
  void current?.end(1).catch(() => {});
  const pool = new SelfHealingPool(url, { max: 2, idle_timeout: 5 });
  referencePool.set(pool);
  return pool.sql;
}

/**
 * A reference a person can read out on the phone: the KST date of receipt and a daily
 * sequence, digits only ("260430-0042"; the sequence grows past four digits if it must).
 * `_tx` is not used: the number is taken outside the caller's transaction (see above).
 */
export async function nextReference(_tx: Executor, createdAt: Date): Promise<string> {
  const day = kst(createdAt);
  const isoDay = day.toISODate()!;
  const n = await takenTogether.take(`${connect().url}\u0000${isoDay}`, async (count) => {
    // The pool is looked up for every statement: after a restart it is a new one.
    const [row] = await counterPool()<{ last: number }[]>`
      insert into reference_counters (day, last)
      select ${isoDay}::date, ${count}::int from (select set_config('synchronous_commit', 'off', true)) as async_commit
      on conflict (day) do update set last = reference_counters.last + excluded.last
      returning last`;
    return Number(row.last);
  });
  return `${day.toFormat("yyMMdd")}-${String(n).padStart(4, "0")}`;
}

const takenTogether = new CounterBatcher();

export const REFERENCE_PATTERN = /^\d{6}-\d{4,}$/;
