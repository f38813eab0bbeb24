// Work a bench measures and then undoes: a transaction that is always rolled back, and the plans
// of queries that lock or write (EXPLAIN ANALYZE runs them for real).
import type postgres from "postgres";

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rolled back on purpose");
  }
}

/** Runs `body` in a transaction that is rolled back whatever it did; returns what `body` returned. */
export async function rolledBack<T>(sql: postgres.Sql, body: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  try {
    await sql.begin(async (tx) => {
      throw new Rollback(await body(tx));
    });
  } catch (e) {
    if (e instanceof Rollback) return e.value as T;
    throw e;
  }
  throw new Error("unreachable: the transaction always ends by its rollback");
}

/** EXPLAIN (ANALYZE, BUFFERS) of `query`, rolled back: the plan's text and its execution time in ms. */
export function explainAnalyze(
  sql: postgres.Sql,
  query: string,
  params: Array<string | number> = [],
): Promise<{ text: string; ms: number }> {
  return rolledBack(sql, async (tx) => {
    const rows = await tx.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${query}`, params);
    const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
    return { text, ms: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN) };
  });
}
