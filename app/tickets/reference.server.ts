import { sql } from "drizzle-orm";
import { kst } from "~/lib/time";
import type { Executor } from "./events.server";

/**
 * A reference a person can read out on the phone: the KST date of receipt and a daily
 * sequence, digits only ("260430-0042"; the sequence grows past four digits if it must).
 */
export async function nextReference(tx: Executor, createdAt: Date): Promise<string> {
  const day = kst(createdAt);
  const rows = await tx.execute<{ last: number }>(sql`
    insert into reference_counters (day, last) values (${day.toISODate()}, 1)
    on conflict (day) do update set last = reference_counters.last + 1
    returning last`);
  const n = Number(rows[0].last);
  return `${day.toFormat("yyMMdd")}-${String(n).padStart(4, "0")}`;
}

export const REFERENCE_PATTERN = /^\d{6}-\d{4,}$/;
