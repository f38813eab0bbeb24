// One postgres.js pool per process. Kept on globalThis because the Remix server build and
// the server/CLI/worker entry points load their own copies of these modules.
//
// The pool heals itself after losing the server (a PostgreSQL restart, a failover, a killed
// backend): its sockets are guarded (db/guarded-socket.ts) so that postgres.js never writes to a
// socket it has dropped, and once any established session is lost the whole pool is retired —
// ended with a short grace for the work still running on healthy connections — and the next
// caller gets a new one. Callers take `db()` / `sqlClient()` per unit of work, never keep them.
import { AsyncLocalStorage } from "node:async_hooks";
import { sql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { setting } from "../app/config/env.server";
import { guardedSocketFactory } from "./guarded-socket";
import * as schema from "./schema";

export type Database = PostgresJsDatabase<typeof schema>;
type Connection = { sql: postgres.Sql; db: Database; url: string };

/** Seconds a retired pool's healthy connections get to finish what they are doing. */
const RETIRE_GRACE_SECONDS = 5;

export type PoolOptions = {
  max: number;
  idle_timeout?: number;
  /** Told once per retirement, with the error that lost the session. */
  onRetire?: (error: Error) => void;
};

/** A postgres.js pool that replaces itself when a session to the server is lost. */
export class SelfHealingPool {
  private live: postgres.Sql | null = null;
  private readonly retiring = new Set<Promise<void>>();
  /** The server's array types, as a retired pool learnt them (see open()). */
  private arrayTypes: ArrayTypes | null = null;
  /** How many pools were retired: a restart shows up here. */
  retirements = 0;

  constructor(
    readonly url: string,
    private readonly options: PoolOptions,
  ) {}

  /** The pool to use now (take it per unit of work: after a loss it is a new one). */
  get sql(): postgres.Sql {
    return (this.live ??= this.open());
  }

  private open(): postgres.Sql {
    const settings = {
      max: this.options.max,
      idle_timeout: this.options.idle_timeout,
      onnotice: () => {},
      // Prepared statements (preparingRecurrent, below) without generic plans: a plan made once
      // for unknown parameters scans all of sla_timers where the actual values need a few rows
      // (recomputation chunks, dashboard drills). Every call is planned for its own values; what
      // prepared statements save is the parse and a round trip.
      connection: { TimeZone: "UTC", application_name: "service-standards-desk", plan_cache_mode: "force_custom_plan" },
      connect_timeout: 10,
      // postgres.js waits 3^n/100 s (up to 20 s) before reconnecting after n failed attempts of
      // the pool: after a restart requests would wait that long for a server that is back.
      backoff: (attempts: number) => Math.min(0.05 * 2 ** attempts, 1),
      // Every new connection of a pool first asks for the server's array types, and postgres.js
      // drops that query's promise: lost with its connection, it is an unhandled rejection that
      // ends the process (porsager/postgres#1192). A replacement pool — made after a loss, when
      // connections come and go — is given the types its predecessor learnt instead.
      fetch_types: this.arrayTypes === null,
    };
    // TLS exactly as postgres.js would negotiate it (sslmode in the URL, PGSSL…), done by the
    // guarded socket: postgres.js's own TLS upgrade would replace the socket it holds.
    const { ssl, sslnegotiation } = postgres(this.url, settings).options as unknown as { ssl: unknown; sslnegotiation?: string | null };
    let sql: postgres.Sql | null = null;
    const socket = guardedSocketFactory({ ssl, sslnegotiation }, (error) => {
      if (sql) this.retire(sql, error);
    });
    sql = postgres(this.url, { ...settings, ssl: false, socket } as postgres.Options<{}>);
    if (this.arrayTypes) teachArrayTypes(sql, this.arrayTypes);
    return sql;
  }

  private retire(sql: postgres.Sql, error: Error): void {
    if (this.live !== sql) return; // already retired (every socket of a pool reports the loss)
    this.live = null;
    this.retirements++;
    this.arrayTypes ??= learntArrayTypes(sql);
    const ending: Promise<void> = sql
      .end({ timeout: RETIRE_GRACE_SECONDS })
      .catch(() => {})
      .then(() => {
        this.retiring.delete(ending);
      });
    this.retiring.add(ending);
    this.options.onRetire?.(error);
  }

  /** Ends the pool in use and waits for retired ones to finish ending. */
  async end(timeoutSeconds = 5): Promise<void> {
    const live = this.live;
    this.live = null;
    await Promise.all([live?.end({ timeout: timeoutSeconds }), ...this.retiring]);
  }
}

/** postgres.js's parsed options, the parts that hold what fetch_types learnt. */
type TypeOptions = {
  parsers: Record<number, unknown>;
  serializers: Record<number, unknown>;
  shared: { typeArrayMap: Record<number, number> };
};
type ArrayTypes = { typeArrayMap: Record<number, number>; parsers: Record<number, unknown>; serializers: Record<number, unknown> };

function learntArrayTypes(sql: postgres.Sql): ArrayTypes | null {
  const options = sql.options as unknown as TypeOptions;
  const typeArrayMap = { ...options.shared.typeArrayMap };
  if (Object.keys(typeArrayMap).length === 0) return null; // no connection got that far
  const parsers: ArrayTypes["parsers"] = {};
  const serializers: ArrayTypes["serializers"] = {};
  for (const typarray of Object.values(typeArrayMap)) {
    parsers[typarray] = options.parsers[typarray];
    serializers[typarray] = options.serializers[typarray];
  }
  return { typeArrayMap, parsers, serializers };
}

function teachArrayTypes(sql: postgres.Sql, types: ArrayTypes): void {
  const options = sql.options as unknown as TypeOptions;
  Object.assign(options.shared.typeArrayMap, types.typeArrayMap);
  Object.assign(options.parsers, types.parsers);
  Object.assign(options.serializers, types.serializers);
}

type DeskDatabase = { pool: SelfHealingPool; current?: Connection };

const database = processSlot<DeskDatabase>("database");

/** The process's database: `url`'s (DATABASE_URL's by default), on one pool per process. */
export function connect(url = setting("DATABASE_URL"), options: { max?: number } = {}): Connection {
  let desk = database.get();
  if (!url) throw new Error("DATABASE_URL is not set (the start script sets it for the embedded database)");
  if (!desk || desk.pool.url !== url) {
    const max = options.max ?? setting("DATABASE_POOL_SIZE");
    desk = {
      pool: new SelfHealingPool(url, {
        max,
        onRetire: (error) => console.warn(`database: a connection to the server was lost (${describe(error)}); the pool is replaced`),
      }),
    };
    database.set(desk);
  }
  const sql = desk.pool.sql;
  if (desk.current?.sql !== sql) desk.current = { sql, db: drizzle(preparingRecurrent(sql), { schema }), url };
  return desk.current;
}

// ---------------------------------------------------------------- prepared statements
// drizzle runs every query as an unnamed statement, and postgres.js sends an unnamed statement
// with parameters in two round trips (Parse + Describe, then Bind + Execute), parsed and planned
// anew each time, which for a short statement costs as much as running it. Statements whose text recurs are prepared instead — postgres.js keeps them per connection and
// sends Bind + Execute only; PostgreSQL reuses the parse (and plans each call for its values:
// plan_cache_mode above). Only recurring texts, and at most MAX_PREPARED_TEXTS of them per
// process, so that texts built once (a list of a new length, a one-off report) do not pile up in
// every connection's cache.

/** A text is prepared from its PREPARE_FROM-th use on. */
const PREPARE_FROM = 2;
const MAX_PREPARED_TEXTS = 400;
/** Texts seen fewer than PREPARE_FROM times are counted here, up to a bound (then forgotten). */
const MAX_COUNTED_TEXTS = 5_000;
const preparedTexts = new Set<string>();
const textUses = new Map<string, number>();

/** Whether to prepare this use of a statement text. */
export function shouldPrepare(text: string): boolean {
  if (preparedTexts.has(text)) return true;
  if (preparedTexts.size >= MAX_PREPARED_TEXTS) return false;
  const uses = (textUses.get(text) ?? 0) + 1;
  if (uses >= PREPARE_FROM) {
    textUses.delete(text);
    preparedTexts.add(text);
    return true;
  }
  if (textUses.size >= MAX_COUNTED_TEXTS) textUses.clear();
  textUses.set(text, uses);
  return false;
}

type UnsafeOptions = { prepare?: boolean };

/**
 * Put first in a statement (sql.raw) whose best plan depends on its values: it is never prepared,
 * so PostgreSQL plans each call for the values it is given even in a transaction that allows
 * generic plans (allowGenericPlans) for the rest — an unnamed statement is planned afresh.
 */
export const PLANNED_PER_CALL = "/* planned per call */";

/** The pool (or a transaction of it) as drizzle sees it: recurring statements prepared. */
function preparingRecurrent<T extends postgres.Sql | postgres.TransactionSql>(target: T): T {
  return new Proxy(target, {
    get(t, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, args?: unknown[], options?: UnsafeOptions) =>
          t.unsafe(query, args as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: args && args.length > 0 && !query.startsWith(PLANNED_PER_CALL) ? shouldPrepare(query) : (options?.prepare ?? false),
          });
      }
      if (prop === "begin" || prop === "savepoint") {
        const original = Reflect.get(t, prop, receiver) as (...a: unknown[]) => unknown;
        return (...a: unknown[]) => {
          const last = a.length - 1;
          const body = a[last] as (tx: postgres.TransactionSql) => unknown;
          a[last] = (tx: postgres.TransactionSql) => body(preparingRecurrent(tx));
          return original.apply(t, a);
        };
      }
      return Reflect.get(t, prop, receiver);
    },
  });
}

function describe(error: Error): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === "string" ? cause.code : (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error.message;
}

export function db(): Database {
  return connect().db;
}

export function sqlClient(): postgres.Sql {
  return connect().sql;
}

/** The process's pool itself (tests look at its retirements). */
export function databasePool(): SelfHealingPool | undefined {
  return database.get()?.pool;
}

export async function disconnect(): Promise<void> {
  const current = database.get();
  database.set(undefined);
  if (current) await current.pool.end(5);
}

// ---------------------------------------------------------------- ambient transactions
// A unit of work (an API request with an Idempotency-Key, a job) can open a transaction that
// the services below it join, so that all of it commits or none of it does.
import { processSlot } from "../app/lib/process-global";

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
const ambient = new AsyncLocalStorage<Transaction>();

/** Errors after which PostgreSQL has rolled the whole transaction back and running it again is safe. */
const RETRYABLE = new Set(["40P01", "40001"]); // deadlock detected, serialization failure
const MAX_ATTEMPTS = 4;

function retryable(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if (RETRYABLE.has((e as { code?: string }).code ?? "")) return true;
  }
  return false;
}

/**
 * Runs fn in the caller's transaction if there is one, else in a new one. A new transaction that
 * PostgreSQL chose as a deadlock or serialization victim runs again (nothing of it was kept), so a
 * busy desk never answers 5xx for contention between a staff action and a job.
 */
export async function inTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const current = ambient.getStore();
  if (current) return fn(current);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db().transaction((tx) => ambient.run(tx, () => fn(tx)));
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/**
 * Lets the rest of this transaction use generic plans for its prepared statements (PostgreSQL's
 * own choice, plan_cache_mode = auto, after five custom plans per connection). For short
 * statements that find rows by key — a ticket's intake — planning each call costs more than
 * running it; the pool's default stays force_custom_plan (see open()) for statements whose best
 * plan depends on their values (recomputation chunks, report drills). set_config(…, true)
 * is SET LOCAL: it ends with the transaction, so the connection goes back to the pool as it was.
 */
export async function allowGenericPlans(tx: Transaction, options: { announceAfterCommit?: boolean } = {}): Promise<void> {
  // announceAfterCommit: the history and outbox triggers stay quiet; the caller announces after its commit (ADR 0027).
  await tx.execute(
    options.announceAfterCommit
      ? sql`select set_config('plan_cache_mode', 'auto', true), set_config('desk.announce', 'after-commit', true)`
      : sql`select set_config('plan_cache_mode', 'auto', true)`,
  );
}

/** The ambient transaction, or the pool: for reads that must see the caller's uncommitted work. */
export function executor(): Database | Transaction {
  return ambient.getStore() ?? db();
}
