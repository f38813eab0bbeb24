// Two units of work that lock the same rows in opposite orders deadlock; PostgreSQL rolls one
// back. A staff action must not answer 5xx for that: the rolled-back unit runs again and both
// finish (found as a 500 on "나에게 배정" while the deadline watch settled the same clocks).
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { executor, inTransaction } from "../../db/connection";
import { useTestDatabase } from "../support/db";

useTestDatabase();

describe("inTransaction", () => {
  it("runs a unit of work again when PostgreSQL chose it as a deadlock victim", async () => {
    await executor().execute(sql`create table lock_pair (id int primary key, n int not null default 0)`);
    await executor().execute(sql`insert into lock_pair (id) values (1), (2)`);
    let attempts = 0;
    let bothHoldFirst!: () => void;
    const firstLocks = new Promise<void>((resolve) => (bothHoldFirst = resolve));
    let held = 0;
    const unit = (first: number, second: number) =>
      inTransaction(async (tx) => {
        attempts += 1;
        await tx.execute(sql`update lock_pair set n = n + 1 where id = ${first}`);
        held += 1;
        if (held === 2) bothHoldFirst();
        await Promise.race([firstLocks, new Promise((r) => setTimeout(r, 2_000))]);
        await tx.execute(sql`update lock_pair set n = n + 1 where id = ${second}`);
      });
    await Promise.all([unit(1, 2), unit(2, 1)]);
    expect(attempts).toBe(3);
    const rows = await executor().execute<{ id: number; n: number }>(sql`select id, n from lock_pair order by id`);
    expect(rows.map((r) => Number(r.n))).toEqual([2, 2]);
  });

  it("does not run again on other errors", async () => {
    let attempts = 0;
    await expect(
      inTransaction(async (tx) => {
        attempts += 1;
        await tx.execute(sql`select 1 / 0`);
      }),
    ).rejects.toThrow();
    expect(attempts).toBe(1);
  });
});
