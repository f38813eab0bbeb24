// The desk's pool after losing a session (db/connection.ts, db/guarded-socket.ts): a backend
// killed under a transaction, under a running statement, under a reserved connection, or while
// idle. Each loss is an error its caller can catch — never an uncaught exception, which would end
// the desk's process (postgres.js 3.4.9 writes to a dropped socket: porsager/postgres#1154, #1208)
// — and the next statement runs on a fresh pool. The restart of the whole server is
// db-restart.test.ts; this is the quick, deterministic half.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { databasePool, db, inTransaction, sqlClient } from "../../db/connection";
import { useTestDatabase } from "../support/db";

const database = useTestDatabase();
let killer: postgres.Sql;
const uncaught: string[] = [];
const onUncaught = (error: unknown) =>
  uncaught.push(
    String((error as Error)?.stack ?? error)
      .split("\n")
      .slice(0, 2)
      .join(" "),
  );

beforeAll(() => {
  killer = postgres(database.url(), { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await killer.end({ timeout: 5 });
});
beforeEach(() => {
  uncaught.length = 0;
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);
});
afterEach(async () => {
  // An immediate left behind by the driver would fire now.
  await new Promise((r) => setTimeout(r, 300));
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  expect(uncaught, "exceptions and rejections that would end the desk's process").toEqual([]);
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kill = (pid: number) => killer`select pg_terminate_backend(${pid})`;

async function backendPid(run: (q: ReturnType<typeof sql>) => Promise<Array<{ pid: number }>>): Promise<number> {
  const [{ pid }] = await run(sql`select pg_backend_pid()::int as pid`);
  return pid;
}

/** The pool answers on the first try, and was replaced since `before` retirements. */
async function poolRecovered(before: number) {
  // An array column still comes back as an array: the new pool knows the server's array types
  // without asking for them on each new connection (db/connection.ts, fetch_types).
  const [row] = await db().execute<{ ok: number; list: unknown }>(sql`select 1 as ok, array['a', 'b']::text[] as list`);
  expect(row).toEqual({ ok: 1, list: ["a", "b"] });
  expect(databasePool()!.retirements).toBeGreaterThan(before);
}

describe("a session of the desk's pool is lost", () => {
  it("under a transaction waiting between statements: its next statement fails, catchably", async () => {
    const before = databasePool()!.retirements;
    let nextStatement: unknown = "not reached";
    const outcome = await inTransaction(async (tx) => {
      const pid = await backendPid((q) => tx.execute(q));
      await kill(pid);
      await pause(200); // the server's goodbye arrives while the transaction waits
      try {
        await tx.execute(sql`select 1`);
        nextStatement = "ran";
      } catch (error) {
        nextStatement = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
        throw error;
      }
    }).then(
      () => "committed",
      () => "rejected",
    );
    expect(outcome).toBe("rejected");
    expect(nextStatement).toBe("CONNECTION_CLOSED");
    await poolRecovered(before);
  });

  it("under a running statement: the statement and its transaction fail at once", async () => {
    const before = databasePool()!.retirements;
    const started = Date.now();
    const outcome = inTransaction(async (tx) => {
      const pid = await backendPid((q) => tx.execute(q));
      // (A postgres.js query runs once it is awaited or then'd.)
      setTimeout(() => kill(pid).then(() => {}), 200);
      await tx.execute(sql`select pg_sleep(10)`);
    });
    await expect(outcome).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(8_000);
    await poolRecovered(before);
  });

  it("under a reserved connection: every later statement on it fails, catchably (porsager/postgres#1208)", async () => {
    const before = databasePool()!.retirements;
    const reserved = await sqlClient().reserve();
    try {
      const [{ pid }] = await reserved<{ pid: number }[]>`select pg_backend_pid()::int as pid`;
      await kill(pid);
      await pause(200);
      await expect(reserved`select 1`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      await expect(reserved`select 1`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
    } finally {
      reserved.release();
    }
    await poolRecovered(before);
  });

  it("while idle, every session of the pool: the next request runs on a new pool", async () => {
    await Promise.all(Array.from({ length: 4 }, () => db().execute(sql`select pg_sleep(0.05)`)));
    const before = databasePool()!.retirements;
    await killer`select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and application_name = 'service-standards-desk' and pid <> pg_backend_pid()`;
    await pause(200);
    await poolRecovered(before);
  });
});
