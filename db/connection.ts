// One postgres.js pool per process. Kept on globalThis because the Remix server build and
// the server/CLI/worker entry points load their own copies of these modules.
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
type Connection = { sql: postgres.Sql; db: Database; url: string };

const holder = globalThis as unknown as { __deskConnection?: Connection };

export function connect(url = process.env.DATABASE_URL, options: { max?: number } = {}): Connection {
  if (!url) throw new Error("DATABASE_URL is not set (the start script sets it for the embedded database)");
  if (holder.__deskConnection && holder.__deskConnection.url === url) return holder.__deskConnection;
  const sql = postgres(url, {
    max: options.max ?? Number(process.env.DATABASE_POOL_SIZE ?? 10),
    onnotice: () => {},
    connection: { TimeZone: "UTC", application_name: "service-standards-desk" },
  });
  const db = drizzle(sql, { schema });
  holder.__deskConnection = { sql, db, url };
  return holder.__deskConnection;
}

export function db(): Database {
  return connect().db;
}

export function sqlClient(): postgres.Sql {
  return connect().sql;
}

export async function disconnect(): Promise<void> {
  const current = holder.__deskConnection;
  holder.__deskConnection = undefined;
  if (current) await current.sql.end({ timeout: 5 });
}

// ---------------------------------------------------------------- ambient transactions
// A unit of work (an API request with an Idempotency-Key, a job) can open a transaction that
// the services below it join, so that all of it commits or none of it does.
import { AsyncLocalStorage } from "node:async_hooks";

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
const ambient = new AsyncLocalStorage<Transaction>();

/** Runs fn in the caller's transaction if there is one, else in a new one. */
export function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  if (current) return fn(current);
  return db().transaction((tx) => ambient.run(tx, () => fn(tx)));
}

/** The ambient transaction, or the pool: for reads that must see the caller's uncommitted work. */
export function executor(): Database | Transaction {
  return ambient.getStore() ?? db();
}
