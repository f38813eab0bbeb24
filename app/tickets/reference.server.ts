import postgres from "postgres";
import { kst } from "~/lib/time";
import { connect } from "../../db/connection";
import type { Executor } from "./events.server";

// The day's counter is taken by a statement of its own that commits at once, on a small pool of
// its own. Taken inside the intake transaction, its row lock was held until that transaction
// committed, so every intake of the day waited for the one before it (docs/PERFORMANCE.md,
// intake). A separate pool, because taking a second connection from the main pool while holding
// one could exhaust it. An intake that rolls back leaves a gap in the day's sequence, as a
// database sequence would.
const holder = globalThis as unknown as { __deskReferencePool?: { url: string; sql: postgres.Sql } };

function counterPool(): postgres.Sql {
  const url = connect().url;
  const current = holder.__deskReferencePool;
  if (current?.url === url) return current.sql;
  void current?.sql.end({ timeout: 1 }).catch(() => {});
  const sql = postgres(url, {
    max: 2,
    idle_timeout: 5,
    onnotice: () => {},
    connection: { TimeZone: "UTC", application_name: "service-standards-desk" },
  });
  holder.__deskReferencePool = { url, sql };
  return sql;
}

/**
 * A reference a person can read out on the phone: the KST date of receipt and a daily
 * sequence, digits only ("260430-0042"; the sequence grows past four digits if it must).
 * `_tx` is not used: the number is taken outside the caller's transaction (see above).
 */
export async function nextReference(_tx: Executor, createdAt: Date): Promise<string> {
  const day = kst(createdAt);
  const [row] = await counterPool()<{ last: number }[]>`
    insert into reference_counters (day, last) values (${day.toISODate()!}, 1)
    on conflict (day) do update set last = reference_counters.last + 1
    returning last`;
  const n = Number(row.last);
  return `${day.toFormat("yyMMdd")}-${String(n).padStart(4, "0")}`;
}

export const REFERENCE_PATTERN = /^\d{6}-\d{4,}$/;
