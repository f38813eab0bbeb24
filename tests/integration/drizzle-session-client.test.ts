// jobs/tx.ts reads drizzle's private `session.client` of a postgres-js transaction to run pg-boss's
// SQL in our transaction; drizzle-orm is pinned exactly for it (ADR 0017). This fails when an
// upgrade changes that field.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { inTransaction } from "../../db/connection";
import { bossDbFor } from "../../app/core/jobs/tx";
import { useTestDatabase } from "../support/db";

useTestDatabase();

describe("drizzle's transaction session.client (jobs/tx.ts)", () => {
  it("is the postgres.js TransactionSql of the transaction", async () => {
    await inTransaction(async (tx) => {
      const client = (tx as unknown as { session: { client: { unsafe: unknown; savepoint: unknown } } }).session.client;
      expect(typeof client).toBe("function"); // a postgres.js Sql is a tagged-template function
      expect(typeof client.unsafe).toBe("function");
      expect(typeof client.savepoint).toBe("function"); // only a TransactionSql has savepoint
      const [{ txid: ours }] = await tx.execute<{ txid: string }>(sql`select txid_current()::text as txid`);
      const { rows } = await bossDbFor(tx).executeSql("select txid_current()::text as txid, $1::text as unset", [undefined]);
      expect(rows).toEqual([{ txid: ours, unset: null }]);
    });
  });
});
