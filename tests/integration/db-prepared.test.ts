// Recurring statements are prepared (db/connection.ts): after its first use a statement text is
// parsed once per connection and then only bound and executed; one-off texts are not prepared.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { teams } from "../../db/schema";
import { allowGenericPlans, db, inTransaction, PLANNED_PER_CALL, shouldPrepare } from "../../db/connection";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const preparedLike = (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0], marker: string) =>
  tx.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and statement not like '%pg_prepared_statements%'`,
  );

describe("prepared statements", () => {
  it("prepares a statement text from its second use on, in transactions as on the pool, and answers the same", async () => {
    await db().insert(teams).values({ key: "prep", name: "준비팀" });
    await db().transaction(async (tx) => {
      const marker = "recurring_marker_7f3a";
      const query = () => tx.execute<{ name: string }>(sql`select name as ${sql.raw(marker)} from teams where key = ${"prep"}`);
      const first = await query();
      expect((await preparedLike(tx, marker))[0].n).toBe(0);
      const second = await query();
      const third = await query();
      expect((await preparedLike(tx, marker))[0].n).toBe(1); // one statement, reused
      expect([first, second, third].map((r) => Object.values(r[0])[0])).toEqual(["준비팀", "준비팀", "준비팀"]);
      // The query builder goes through the same path.
      for (let i = 0; i < 3; i++)
        expect((await tx.select({ name: teams.name }).from(teams).where(eq(teams.key, "prep")))[0].name).toBe("준비팀");
      // Each call is planned for its own values: no generic plan (db/connection.ts).
      const [mode] = await tx.execute<{ plan_cache_mode: string }>(sql`show plan_cache_mode`);
      expect(mode.plan_cache_mode).toBe("force_custom_plan");
    });
  });

  it("lets one transaction use generic plans, and gives the connection back with per-call plans", async () => {
    const mode = async (ex: { execute: ReturnType<typeof db>["execute"] }) =>
      (await ex.execute<{ plan_cache_mode: string }>(sql`show plan_cache_mode`))[0].plan_cache_mode;
    await inTransaction(async (tx) => {
      expect(await mode(tx)).toBe("force_custom_plan");
      await allowGenericPlans(tx);
      expect(await mode(tx)).toBe("auto");
    });
    // SET LOCAL: gone with the transaction, on every connection of the pool.
    const after = await Promise.all(Array.from({ length: 12 }, () => db().transaction((tx) => mode(tx))));
    expect(new Set(after)).toEqual(new Set(["force_custom_plan"]));
  });

  it("never prepares a statement marked as planned per call, however often it recurs", async () => {
    await db().transaction(async (tx) => {
      await allowGenericPlans(tx);
      const marker = "per_call_marker_5c1d";
      for (let i = 0; i < 8; i++) {
        const [row] = await tx.execute<{ n: number }>(sql`${sql.raw(PLANNED_PER_CALL)} select ${i}::int as ${sql.raw(marker)}`);
        expect(Object.values(row)[0]).toBe(i);
      }
      expect((await preparedLike(tx, marker))[0].n).toBe(0);
    });
  });

  it("stops preparing new texts past its bound, so that one-off texts cannot fill every connection", () => {
    let prepared = 0;
    for (let i = 0; i < 1_000; i++) {
      const text = `select ${i} as one_off_${i}`;
      shouldPrepare(text);
      if (shouldPrepare(text)) prepared++;
    }
    expect(prepared).toBeGreaterThan(0);
    expect(prepared).toBeLessThanOrEqual(400);
    expect(shouldPrepare("select 1 as one_off_0")).toBe(false); // never seen: counted, not prepared
  });
});
