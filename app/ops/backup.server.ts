// Logical backup and restore of the whole desk, without pg_dump (the embedded PostgreSQL ships
// none; a machine's own may be older than the server). ADR 0011 says why it is built this way.
//
// The file: gzip of
//   {"format":"service-standards-desk-backup","formatVersion":1,…header…}\n
//   per table, in foreign-key order:
//     {"table":"tickets","columns":["id",…]}\n
//     the table's rows in COPY text format (one line per row)
//     \.\n
//   {"end":true,"rows":{"tickets":123,…}}\n
// A line that is exactly `\.` never occurs in COPY text data (a backslash in a value is written
// `\\`), so it ends a table's rows unambiguously. The trailer makes a cut-off file fail whole.
//
// Backup: every table read in ONE `REPEATABLE READ, READ ONLY` transaction — one snapshot while
// the desk keeps working. Restore: into a migrated database whose tables are all empty, in ONE
// transaction with the tables locked: all of it or nothing.
//
// Both use a plain postgres.js connection of their own, never the desk's pool: the pool's guarded
// socket has no pause/resume, which COPY streams need for backpressure.
import { createReadStream, createWriteStream } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import postgres from "postgres";
import { runMigrations } from "~/db/migrate";

export const BACKUP_FORMAT = "service-standards-desk-backup";
export const BACKUP_FORMAT_VERSION = 1;

/** A backup or restore that cannot be done, with a message meant for the operator (no stack). */
export class BackupError extends Error {
  override name = "BackupError";
}

type Migration = { hash: string; createdAt: string };
type TableInfo = { name: string; columns: string[] };
type SequenceState = { name: string; lastValue: string; isCalled: boolean };

export type BackupHeader = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  serverVersion: string;
  /** The schema version: drizzle's applied migrations, oldest first. */
  migrations: Migration[];
  tables: TableInfo[];
  sequences: SequenceState[];
};

export type BackupResult = { file: string; bytes: number; tables: number; rows: Record<string, number> };
export type RestoreResult = { tables: number; rows: Record<string, number> };

/** Session settings under which COPY text is written and read back the same everywhere. */
const TEXT_SETTINGS = [
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local timezone = 'UTC'",
  "set local extra_float_digits = 3",
  "set local bytea_output = 'hex'",
];

function connection(url: string): postgres.Sql {
  return postgres(url, { max: 1, onnotice: () => {}, connection: { application_name: "desk-backup" }, idle_timeout: 5 });
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The desk's tables (schema public), parents before children (deferrable keys aside), with their stored columns. */
async function tablesInForeignKeyOrder(tx: postgres.TransactionSql): Promise<TableInfo[]> {
  const tables = await tx<{ name: string; columns: string[] }[]>`
    select c.relname as name,
           array_agg(a.attname::text order by a.attnum) as columns
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    group by c.relname
    order by c.relname`;
  const edges = await tx<{ child: string; parent: string }[]>`
    select distinct ch.relname as child, pa.relname as parent
    from pg_constraint k
    join pg_class ch on ch.oid = k.conrelid
    join pg_class pa on pa.oid = k.confrelid
    join pg_namespace n on n.oid = ch.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and ch.oid <> pa.oid and not k.condeferrable`;
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t.name) && [...parents.get(t.name)!].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new BackupError(`The foreign keys of these tables form a cycle, which this backup cannot order: ${left.join(", ")}`);
    }
    for (const t of ready) {
      ordered.push({ name: t.name, columns: t.columns });
      placed.add(t.name);
    }
  }
  return ordered;
}

async function appliedMigrations(sql: postgres.Sql | postgres.TransactionSql): Promise<Migration[]> {
  const [{ present }] = await sql<{ present: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as present`;
  if (!present) return [];
  const rows = await sql<{ hash: string; created_at: string }[]>`
    select hash, created_at::text from drizzle.__drizzle_migrations order by created_at, id`;
  return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }));
}

async function sequences(tx: postgres.TransactionSql): Promise<SequenceState[]> {
  const names = await tx<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'S' order by c.relname`;
  const out: SequenceState[] = [];
  for (const { name } of names) {
    const [s] = await tx.unsafe<{ last_value: string; is_called: boolean }[]>(
      `select last_value::text, is_called from public.${ident(name)}`,
    );
    out.push({ name, lastValue: s.last_value, isCalled: s.is_called });
  }
  return out;
}

/** Writes, honouring backpressure; a destination that failed rejects instead of hanging. */
async function put(out: Writable, chunk: Buffer | string): Promise<void> {
  if (out.write(chunk)) return;
  await once(out, "drain");
}

function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Reads a `COPY … TO STDOUT` to its end. postgres.js 3.4.9 pauses its socket when the stream's
 * buffer is full and resumes it only from the stream's read(); when the last rows and the end of
 * the copy arrive together, the stream ends with the socket paused and the connection never
 * hears the next answer (porsager/postgres#1016, the stall a first attempt at this met). Calling
 * the stream's read once more after its end resumes the socket.
 */
async function drainCopy(stream: Readable, onChunk: (chunk: Buffer) => Promise<void>): Promise<void> {
  try {
    for await (const chunk of stream) await onChunk(chunk as Buffer);
  } finally {
    (stream as unknown as { _read: (n: number) => void })._read(0);
  }
}

/**
 * Writes a backup of the whole desk to `file` (first to `file.partial`, renamed when complete:
 * a file under the final name is always a whole backup). The desk may keep running.
 */
export async function createBackup(url: string, file: string): Promise<BackupResult> {
  const partial = `${file}.partial`;
  const gzip = createGzip({ level: 6 });
  const output = createWriteStream(partial, { mode: 0o600 });
  gzip.pipe(output);
  const written = finished(output);
  written.catch(() => {}); // awaited below; an early failure also fails the next write
  let failed: Error | null = null;
  output.on("error", (e) => (failed ??= e));
  gzip.on("error", (e) => (failed ??= e));
  const sql = connection(url);
  const rows: Record<string, number> = {};
  let tableCount = 0;
  try {
    await sql.begin("isolation level repeatable read read only", async (tx) => {
      for (const setting of TEXT_SETTINGS) await tx.unsafe(setting);
      const tables = await tablesInForeignKeyOrder(tx);
      tableCount = tables.length;
      const [{ version }] = await tx<{ version: string }[]>`select current_setting('server_version') as version`;
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        serverVersion: version,
        migrations: await appliedMigrations(tx),
        tables,
        sequences: await sequences(tx),
      };
      await put(gzip, `${JSON.stringify(header)}\n`);
      for (const table of tables) {
        await put(gzip, `${JSON.stringify({ table: table.name, columns: table.columns })}\n`);
        let n = 0;
        const columns = table.columns.map(ident).join(", ");
        const stream = (await tx.unsafe(`copy public.${ident(table.name)} (${columns}) to stdout`).readable()) as unknown as Readable;
        await drainCopy(stream, async (chunk) => {
          if (failed) throw failed;
          n += countLines(chunk);
          await put(gzip, chunk);
        });
        await put(gzip, "\\.\n");
        rows[table.name] = n;
      }
      await put(gzip, `${JSON.stringify({ end: true, rows })}\n`);
    });
    gzip.end();
    await written;
    if (failed) throw failed;
    const handle = await open(partial, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, tables: tableCount, rows };
  } catch (error) {
    gzip.destroy();
    output.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// ---------------------------------------------------------------- reading a backup file

type Section = { kind: "json"; value: Record<string, unknown> } | { kind: "rows"; chunk: Buffer } | { kind: "rows-end" };

const TERMINATOR = Buffer.from("\n\\.\n");
const MAX_JSON_LINE = 64 * 1024 * 1024;

/** The file's parts in order: JSON lines, and between a table's line and its `\.` its rows. */
async function* sections(input: AsyncIterable<Buffer>): AsyncGenerator<Section> {
  let pending: Buffer = Buffer.alloc(0);
  let inRows = false;
  for await (const chunk of input) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      if (!inRows) {
        const nl = pending.indexOf(10);
        if (nl === -1) {
          if (pending.length > MAX_JSON_LINE) throw new BackupError("This is not a desk backup (no header line found).");
          break;
        }
        const line = pending.subarray(0, nl).toString("utf8");
        pending = pending.subarray(nl + 1);
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new BackupError("This is not a desk backup, or it is damaged (a section line is not readable).");
        }
        if (typeof value !== "object" || value === null) throw new BackupError("This is not a desk backup, or it is damaged.");
        yield { kind: "json", value: value as Record<string, unknown> };
        if (typeof (value as { table?: unknown }).table === "string") inRows = true;
        continue;
      }
      // Rows: everything up to the line `\.` (pending always starts at the beginning of a line).
      let end = -1;
      if (pending.length >= 3 && pending[0] === 0x5c && pending[1] === 0x2e && pending[2] === 10) end = 0;
      else {
        const at = pending.indexOf(TERMINATOR);
        if (at !== -1) end = at + 1;
      }
      if (end !== -1) {
        if (end > 0) yield { kind: "rows", chunk: pending.subarray(0, end) };
        yield { kind: "rows-end" };
        pending = pending.subarray(end + 3);
        inRows = false;
        continue;
      }
      // No end yet: pass on whole lines, keep a partial line (it may be the start of `\.`).
      const lastNl = pending.lastIndexOf(10);
      if (lastNl !== -1) {
        yield { kind: "rows", chunk: pending.subarray(0, lastNl + 1) };
        pending = pending.subarray(lastNl + 1);
      }
      break;
    }
  }
  if (inRows || pending.length > 0) throw new BackupError("The backup file is incomplete (it ends in the middle of a table).");
}

function isHeader(value: Record<string, unknown>): value is BackupHeader {
  return value.format === BACKUP_FORMAT && Array.isArray(value.migrations) && Array.isArray(value.tables) && Array.isArray(value.sequences);
}

/** Reads only the header of a backup file (what `db:restore` checks before touching anything). */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const input = openBackup(file);
  try {
    for await (const part of sections(input)) {
      if (part.kind === "json" && isHeader(part.value)) return part.value;
      break;
    }
  } finally {
    input.destroy();
  }
  throw new BackupError(`${file} is not a desk backup.`);
}

function openBackup(file: string): Readable {
  const raw = createReadStream(file);
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

function describeFileError(error: unknown, file: string): Error {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return new BackupError(`No such file: ${file}`);
  if (code === "EACCES") return new BackupError(`Cannot read ${file} (permission denied).`);
  if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
    return new BackupError(`${file} is not a desk backup, or it is damaged (${(error as Error).message}).`);
  return error as Error;
}

/** Tables of the database that hold rows (the first few), or [] when it is empty. */
/** Rows the migrations themselves insert (starter canned replies): a new desk has them, the backup brings its own. */
const MIGRATION_ROWS: Record<string, string> = { canned_replies: "created_by = 'system:seed'" };

async function nonEmptyTables(tx: postgres.TransactionSql, tables: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const name of tables) {
    const own = MIGRATION_ROWS[name] ? ` where not (${MIGRATION_ROWS[name]})` : "";
    const [{ any }] = await tx.unsafe<{ any: boolean }[]>(`select exists (select 1 from public.${ident(name)}${own}) as any`);
    if (any) found.push(name);
  }
  return found;
}

/**
 * Loads a backup into the database at `url`: migrates it first (to this code's schema), then
 * refuses unless every table is empty and the backup was made at the same schema version, then
 * loads every table in one transaction and sets the sequences.
 *
 * Rows go in with COPY … FROM STDIN, parents before children, with every constraint checked. The
 * append-only and finished-clock triggers (ticket_events, audit_log, sla_timers) refuse UPDATE,
 * DELETE and TRUNCATE only: a load inserts, so they never fire and need no switching off (no
 * `session_replication_role`, which needs a superuser and would skip the foreign-key checks).
 */
export async function restoreBackup(url: string, file: string): Promise<RestoreResult> {
  try {
    await stat(file);
  } catch (error) {
    throw describeFileError(error, file);
  }
  const header = await readBackupHeader(file).catch((error) => {
    throw describeFileError(error, file);
  });
  if (header.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `This backup was written in format ${header.formatVersion}, newer than this desk reads (${BACKUP_FORMAT_VERSION}): restore it with the desk version that made it.`,
    );
  }
  await runMigrations(url);
  const sql = connection(url);
  const rows: Record<string, number> = {};
  try {
    await sql.begin(async (tx) => {
      for (const setting of TEXT_SETTINGS) await tx.unsafe(setting);
      const present = await tablesInForeignKeyOrder(tx);
      const presentNames = new Set(present.map((t) => t.name));
      // Nobody writes while the load runs (a desk started on this database waits).
      await tx.unsafe(`lock table ${present.map((t) => `public.${ident(t.name)}`).join(", ")} in access exclusive mode`);
      const busy = await nonEmptyTables(
        tx,
        present.map((t) => t.name),
      );
      if (busy.length > 0) {
        throw new BackupError(
          `Refusing to restore: the database is not empty (${busy.length} table${busy.length === 1 ? "" : "s"} hold rows: ${busy.slice(0, 5).join(", ")}${busy.length > 5 ? ", …" : ""}). ` +
            `Restore only into a new, empty database, before the desk is started on it.`,
        );
      }
      const mine = await appliedMigrations(tx);
      const same = mine.length === header.migrations.length && mine.every((m, i) => m.hash === header.migrations[i].hash);
      if (!same) {
        const relation = header.migrations.length < mine.length ? "older" : "newer or different";
        throw new BackupError(
          `Refusing to restore: the backup's schema version (${header.migrations.length} migrations) is ${relation} than this desk's (${mine.length}). ` +
            `Restore it with the desk version that made it, then upgrade.`,
        );
      }
      for (const t of header.tables) {
        if (!presentNames.has(t.name)) throw new BackupError(`The backup has a table this database lacks: ${t.name}`);
      }

      for (const [name, where] of Object.entries(MIGRATION_ROWS)) {
        if (presentNames.has(name)) await tx.unsafe(`delete from public.${ident(name)} where ${where}`);
      }
      // A deferrable key (teams.lead_id ↔ staff.team_id form a cycle) is checked at commit, when every row is in.
      await tx.unsafe("set constraints all deferred");
      const input = openBackup(file);
      let table: TableInfo | null = null;
      let copy: Writable | null = null;
      let copyFailed: Error | null = null;
      let n = 0;
      let trailer: Record<string, unknown> | null = null;
      let first = true;
      try {
        for await (const part of sections(input)) {
          if (part.kind === "json") {
            if (first) {
              first = false; // the header, read above
              continue;
            }
            if (part.value.end === true) {
              trailer = part.value;
              continue;
            }
            const name = part.value.table as string;
            const columns = part.value.columns as string[];
            if (!Array.isArray(columns) || !presentNames.has(name))
              throw new BackupError(`The backup names a table this database lacks: ${String(name)}`);
            table = { name, columns };
            n = 0;
            copyFailed = null;
            copy = (await tx
              .unsafe(`copy public.${ident(name)} (${columns.map(ident).join(", ")}) from stdin`)
              .writable()) as unknown as Writable;
            copy.on("error", (e) => (copyFailed ??= e));
          } else if (part.kind === "rows") {
            if (!copy) throw new BackupError("The backup file is damaged (rows outside a table).");
            if (copyFailed) throw copyFailed;
            n += countLines(part.chunk);
            if (!copy.write(part.chunk)) await Promise.race([once(copy, "drain"), once(copy, "error")]);
            if (copyFailed) throw copyFailed;
          } else {
            if (!copy || !table) throw new BackupError("The backup file is damaged (a table's end without its start).");
            await endCopy(tx, copy, table.name, n, () => copyFailed);
            rows[table.name] = n;
            copy = null;
          }
        }
      } catch (error) {
        // A COPY still open is failed first (CopyFail): until then the connection takes no
        // statement, not even the ROLLBACK.
        copy?.destroy(error instanceof Error ? error : new Error(String(error)));
        throw describeFileError(error, file);
      } finally {
        input.destroy();
      }
      if (!trailer) throw new BackupError("The backup file is incomplete (its closing line is missing); nothing was restored.");
      const expected = (trailer.rows ?? {}) as Record<string, number>;
      for (const [name, count] of Object.entries(expected)) {
        if (rows[name] !== count)
          throw new BackupError(
            `The backup file is damaged: ${name} should have ${count} rows, ${rows[name] ?? 0} were read; nothing was restored.`,
          );
      }
      for (const s of header.sequences) {
        const [{ present: exists }] = await tx<
          { present: boolean }[]
        >`select to_regclass(${`public.${ident(s.name)}`}) is not null as present`;
        if (!exists) continue;
        await tx`select setval(${`public.${ident(s.name)}`}::regclass, ${s.lastValue}::bigint, ${s.isCalled})`;
      }
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { tables: Object.keys(rows).length, rows };
}

/**
 * Ends one table's COPY and makes sure it went in. postgres.js 3.4.9 reports an error that the
 * server raises after the end of the data (a foreign key checked at the end of the statement) to
 * nobody, and the stream then never finishes: so a count of the table follows on the same
 * connection as soon as the stream has handed over its end (before that postgres.js refuses any
 * statement, and a refused statement fails the whole transaction). The count answers after the
 * COPY's own answer — the copy went in and the count must match — or fails because the COPY's
 * error aborted the transaction.
 */
async function endCopy(
  tx: postgres.TransactionSql,
  copy: Writable,
  table: string,
  expected: number,
  failed: () => Error | null,
): Promise<void> {
  type Final = (callback: (error?: Error | null) => void) => void;
  const writable = copy as Writable & { _final: Final };
  const original = writable._final;
  let handedOver!: () => void;
  const ended = new Promise<void>((resolve) => (handedOver = resolve));
  writable._final = function (this: Writable, callback) {
    original.call(this, callback);
    handedOver();
  } as Final;
  const error = new Promise<never>((_, reject) => {
    const e = failed();
    if (e) reject(e);
    copy.once("error", reject);
  });
  error.catch(() => {});
  const finish = new Promise<void>((resolve) => copy.end(() => resolve()));
  await Promise.race([ended, error]);
  let count: number;
  try {
    const [row] = await tx.unsafe<{ n: string }[]>(`select count(*)::text as n from public.${ident(table)}`);
    count = Number(row.n);
  } catch (cause) {
    const first = failed();
    if (first) throw first;
    throw new BackupError(
      `Loading ${table} failed at the end of its rows (a foreign key or another check was not met); nothing was restored. (${(cause as Error).message})`,
    );
  }
  await Promise.race([finish, error]);
  if (count !== expected) throw new BackupError(`Loading ${table}: ${expected} rows were sent, ${count} are there; nothing was restored.`);
}
