// The benches measure writes and undo them: the work must be rolled back whatever it returned,
// its value handed back, and a real failure must still reach the bench.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { explainAnalyze, rolledBack } from "../../bench/lib/rolled-back";
import { useTestDatabase } from "../support/db";

describe("the benches' rolled-back work", () => {
  const db = useTestDatabase();
  let sql: postgres.Sql;
  beforeAll(async () => {
    sql = postgres(db.url(), { max: 2, onnotice: () => {} });
    await sql`create table if not exists bench_rolled_back (n int)`;
  });
  afterAll(async () => {
    await sql`drop table if exists bench_rolled_back`;
    await sql.end({ timeout: 5 });
  });
  const count = async () => Number((await sql<{ n: string }[]>`select count(*) as n from bench_rolled_back`)[0].n);

  it("returns what the work returned and keeps none of its writes", async () => {
    const inside = await rolledBack(sql, async (tx) => {
      await tx`insert into bench_rolled_back select generate_series(1, 5)`;
      return Number((await tx<{ n: string }[]>`select count(*) as n from bench_rolled_back`)[0].n);
    });
    expect({ inside, after: await count() }).toEqual({ inside: 5, after: 0 });
  });

  it("passes a failure of the work on, and still keeps nothing", async () => {
    await expect(
      rolledBack(sql, async (tx) => {
        await tx`insert into bench_rolled_back values (1)`;
        await tx`select 1 / 0`;
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await count()).toBe(0);
  });

  it("explains a writing query with its execution time, without its writes", async () => {
    const plan = await explainAnalyze(sql, "insert into bench_rolled_back select generate_series(1, $1::int)", [3]);
    expect(plan.text).toMatch(/Insert on bench_rolled_back/);
    expect(plan.ms).toBeGreaterThan(0);
    expect(await count()).toBe(0);
  });
});
