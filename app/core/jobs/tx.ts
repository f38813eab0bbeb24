// Enqueueing pg-boss jobs inside the desk's own transaction: the job exists if and only if the
// change that asked for it committed (pg-boss's `db` option runs its SQL on our connection).
import type PgBoss from "pg-boss";
import type { Transaction } from "~/db/connection";

type SqlClient = { unsafe: (text: string, values?: unknown[]) => Promise<unknown[]> };

export function bossDbFor(tx: Transaction): PgBoss.Db {
  // drizzle's postgres-js transaction keeps postgres.js's TransactionSql as session.client.
  const client = (tx as unknown as { session: { client: SqlClient } }).session.client;
  return {
    // pg-boss passes unset settings (expireIn, keepUntil, retry…) as undefined, which node-postgres
    // sends as NULL but postgres.js refuses: send NULL here too.
    executeSql: async (text, values) => ({
      rows: (await client.unsafe(
        text,
        (values ?? []).map((v) => (v === undefined ? null : v)),
      )) as unknown[] as any[],
    }),
  };
}
