// The benchmarks' own PostgreSQL: an embedded server under .data/bench/<pid> (removed afterwards
// unless --keep), or BENCH_DATABASE_URL. Migrated with the desk's own migrations.
import { rm } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedDatabase } from "../../db/embedded";
import { runMigrations } from "../../db/migrate";

export type BenchDatabase = {
  url: string;
  /** The data directory of the embedded server, or null for BENCH_DATABASE_URL. */
  dir: string | null;
  embedded: boolean;
  /** Server settings changed for the run (shown in PERFORMANCE.md). */
  settings: Record<string, string>;
  stop: (options: { keep: boolean }) => Promise<void>;
};

/**
 * Settings of the embedded server for a 1,000,000-ticket data set on a 24 GiB machine. Only memory
 * and checkpoint spacing change: durability (fsync, synchronous_commit) stays as shipped.
 */
export const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: "6GB",
  effective_cache_size: "12GB",
  maintenance_work_mem: "512MB",
  max_wal_size: "8GB",
  checkpoint_timeout: "15min",
  // Per-statement totals, to say what limits a figure (bench/lib/statements.ts).
  shared_preload_libraries: "pg_stat_statements",
  "pg_stat_statements.track_planning": "on",
};

/**
 * The embedded server under `dir` (default .data/bench/<pid>), with EMBEDDED_SETTINGS applied
 * (a restart when they are not yet), migrated; or BENCH_DATABASE_URL.
 */
export async function openBenchDatabase(log: (line: string) => void, options: { dir?: string | null } = {}): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    log(`Using BENCH_DATABASE_URL (${redact(external)})`);
    await runMigrations(external);
    return { url: external, dir: null, embedded: false, settings: {}, stop: async () => {} };
  }
  const dir = path.resolve(options.dir ?? path.join(".data", "bench", String(process.pid)));
  const given = Boolean(options.dir);
  log(`${given ? "Using" : "Starting"} an embedded PostgreSQL under ${path.relative(process.cwd(), dir)}`);
  let db = await startEmbeddedDatabase({ dir, ownSignals: true, log: captureServerLog });
  const admin = postgres(db.url, { max: 1, onnotice: () => {} });
  let restart = false;
  try {
    for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
      // current_setting(…, true): an extension's setting is unknown until its library is loaded.
      const [current] = await admin<{ value: string | null }[]>`select current_setting(${name}, true) as value`;
      if (current.value !== value) {
        await admin.unsafe(`alter system set ${name} = '${value}'`);
        restart = true;
      }
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  if (restart) {
    if (db.reused) throw new Error(`the embedded server under ${dir} is run by another process; stop it to apply the bench settings`);
    // shared_buffers and shared_preload_libraries take a restart.
    await db.stop();
    db = await startEmbeddedDatabase({ dir, ownSignals: true, log: captureServerLog });
  }
  await runMigrations(db.url);
  const current = db;
  return {
    url: current.url,
    dir,
    embedded: true,
    settings: EMBEDDED_SETTINGS,
    stop: async ({ keep }) => {
      await current.stop();
      if (keep || given)
        log(
          `Kept the bench database under ${path.relative(process.cwd(), dir)} (use it again with --dir=${path.relative(process.cwd(), dir)})`,
        );
      else await rm(dir, { recursive: true, force: true });
    },
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

/** A small key/value table of the bench's own bookkeeping (seed parameters, the seed's `now`). */
export async function ensureMetaTable(sql: postgres.Sql) {
  await sql`create table if not exists bench_meta (key text primary key, value jsonb not null)`;
}

export async function readMeta<T>(sql: postgres.Sql, key: string): Promise<T | null> {
  await ensureMetaTable(sql);
  const rows = await sql<{ value: T }[]>`select value from bench_meta where key = ${key}`;
  return rows[0]?.value ?? null;
}

export async function writeMeta(sql: postgres.Sql, key: string, value: unknown) {
  await ensureMetaTable(sql);
  await sql`insert into bench_meta (key, value) values (${key}, ${sql.json(value as never)})
            on conflict (key) do update set value = excluded.value`;
}

/**
 * Loads the relations the benches read and write into shared_buffers (pg_prewarm): the benches
 * measure a server that has been up, not one reading its first pages from disk (this VM also
 * reclaims idle page cache). Returns the MiB loaded, or null without pg_prewarm.
 */
export async function prewarm(sql: postgres.Sql): Promise<number | null> {
  try {
    await sql`create extension if not exists pg_prewarm`;
  } catch {
    return null;
  }
  const rels = await sql<{ rel: string }[]>`
    select c.oid::regclass::text as rel
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'i') and (
      (n.nspname = 'public' and (c.relname in ('sla_timers', 'tickets', 'guarantee_cases', 'customers', 'staff', 'teams', 'calendar_versions', 'sla_policies', 'reference_counters', 'api_tokens')
        or c.oid in (select indexrelid from pg_index where indrelid in ('sla_timers'::regclass, 'tickets'::regclass, 'guarantee_cases'::regclass, 'customers'::regclass, 'ticket_events'::regclass, 'notifications'::regclass, 'messages'::regclass)))))`;
  let blocks = 0;
  for (const { rel } of rels) {
    const [row] = await sql<{ n: number }[]>`select pg_prewarm(${rel}::regclass) as n`;
    blocks += Number(row.n);
  }
  return (blocks * 8) / 1024;
}

/**
 * Indexes declared in db/schema.ts that the committed migrations do not create yet (the lead
 * generates the migration): created here so that the benches measure the schema as declared.
 * A no-op once the migration exists.
 */
export const PENDING_INDEXES = [`create index if not exists "guarantee_cases_ticket_idx" on "guarantee_cases" using btree ("ticket_id")`];

export async function createPendingIndexes(sql: postgres.Sql): Promise<string[]> {
  const created: string[] = [];
  for (const statement of PENDING_INDEXES) {
    const name = statement.match(/exists "([^"]+)"/)![1];
    const [row] = await sql<{ exists: boolean }[]>`select to_regclass(${name}) is not null as exists`;
    if (!row.exists) {
      await sql.unsafe(statement);
      created.push(name);
    }
  }
  return created;
}

// ------------------------------------------------------------------ the server's log
// The embedded server's stderr (slow-statement plans from auto_explain end up here).
const serverLog: string[] = [];
function captureServerLog(chunk: string) {
  for (const line of chunk.split("\n")) serverLog.push(line);
  if (serverLog.length > 5_000) serverLog.splice(0, serverLog.length - 4_000);
}

/**
 * Runs fn with auto_explain logging the plan (EXPLAIN ANALYZE, buffers) of every statement slower
 * than `minMs` in new sessions of this database, and returns those plans. The desk's pool is
 * reconnected before and after so that its sessions pick the setting up and drop it again.
 * Embedded server only (its log is ours); null otherwise.
 */
export async function withAutoExplain(
  sql: postgres.Sql,
  embedded: boolean,
  minMs: number,
  fn: () => Promise<unknown>,
): Promise<string | null> {
  if (!embedded) return null;
  const { disconnect, connect } = await import("../../db/connection");
  const [{ db }] = await sql<{ db: string }[]>`select current_database() as db`;
  const settings: Record<string, string> = {
    session_preload_libraries: "auto_explain",
    "auto_explain.log_min_duration": `${minMs}ms`,
    "auto_explain.log_analyze": "on",
    "auto_explain.log_buffers": "on",
    "auto_explain.log_nested_statements": "on",
    "auto_explain.log_triggers": "on",
    // The batch statements' parameters are long JSON arrays: the plans without them.
    "auto_explain.log_parameter_max_length": "0",
  };
  for (const [k, v] of Object.entries(settings)) await sql.unsafe(`alter database "${db}" set ${k} = '${v}'`);
  const mark = serverLog.length;
  try {
    await disconnect();
    connect(process.env.DATABASE_URL);
    await fn();
    await new Promise((r) => setTimeout(r, 500));
    const text = serverLog
      .slice(mark)
      .filter((l) => !/checkpoint|automatic (vacuum|analyze)|^\s*$/i.test(l))
      .join("\n");
    return text.length > 20_000 ? `${text.slice(0, 20_000)}\n…` : text;
  } finally {
    for (const k of Object.keys(settings)) await sql.unsafe(`alter database "${db}" reset ${k}`);
    await disconnect();
    connect(process.env.DATABASE_URL);
  }
}
