// pg_restore's order for the seed's load: the loaded tables lose their foreign keys, keys and
// indexes before the data and get them back afterwards, from their own definitions — one sorted
// build per index instead of millions of random insertions, and one validating anti-join per
// foreign key instead of a lookup per row. Their triggers are dropped too and made again after the
// data: PostgreSQL keeps every inserted row for a trigger's transition table even while the
// trigger is disabled. The schema is compared before and after.
import { availableParallelism } from "node:os";
import postgres from "postgres";

type Definition = { table: string; name: string; def: string };

export type Deferred = {
  /** Foreign keys touching the loaded tables (either side). */
  foreignKeys: Definition[];
  /** Primary keys and unique constraints of the loaded tables. */
  constraints: Definition[];
  /** Other indexes of the loaded tables (CREATE INDEX statements). */
  indexes: Definition[];
  /** The loaded tables' own triggers (CREATE TRIGGER statements; none is disabled in the desk's schema). */
  triggers: Definition[];
};

export async function schemaOf(sql: postgres.Sql, tables: readonly string[]): Promise<Deferred> {
  const names = [...tables];
  const foreignKeys = await sql<Definition[]>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      and (c.conrelid::regclass::text = any(${names}) or c.confrelid::regclass::text = any(${names}))
    order by 1, 2`;
  const constraints = await sql<Definition[]>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.contype in ('p', 'u') and c.connamespace = 'public'::regnamespace and c.conrelid::regclass::text = any(${names})
    order by (c.contype = 'p') desc, 1, 2`;
  const indexes = await sql<Definition[]>`
    select t.relname as table, ic.relname as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i join pg_class t on t.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
    where t.relnamespace = 'public'::regnamespace and t.relname = any(${names})
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid and c.contype in ('p', 'u', 'x'))
    order by 1, 2`;
  const triggers = await sql<Array<Definition & { enabled: boolean }>>`
    select c.relname as table, t.tgname as name, pg_get_triggerdef(t.oid) as def, t.tgenabled = 'O' as enabled
    from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where not t.tgisinternal and c.relnamespace = 'public'::regnamespace and c.relname = any(${names})
    order by 1, 2`;
  // Made again from CREATE TRIGGER, a trigger comes back enabled: any other state would be lost.
  const other = triggers.filter((t) => !t.enabled);
  if (other.length) throw new Error(`triggers not simply enabled: ${other.map((t) => `${t.table}.${t.name}`).join(", ")}`);
  return { foreignKeys, constraints, indexes, triggers: triggers.map(({ table, name, def }) => ({ table, name, def })) };
}

/** Drops the loaded tables' foreign keys, keys, indexes and triggers; returns what was dropped. */
export async function dropForLoad(sql: postgres.Sql, tables: readonly string[]): Promise<Deferred> {
  const d = await schemaOf(sql, tables);
  for (const fk of d.foreignKeys) await sql.unsafe(`alter table ${fk.table} drop constraint ${fk.name}`);
  for (const c of d.constraints) await sql.unsafe(`alter table ${c.table} drop constraint ${c.name}`);
  for (const i of d.indexes) await sql.unsafe(`drop index ${i.name}`);
  for (const t of d.triggers) await sql.unsafe(`drop trigger ${t.name} on ${t.table}`);
  return d;
}

/** Makes the loaded tables' triggers again, from their own definitions. */
export async function restoreTriggers(sql: postgres.Sql, d: Deferred) {
  for (const t of d.triggers) await sql.unsafe(t.def);
}

const BIG = ["ticket_events", "notifications", "sla_timers", "messages", "tickets", "customers"];

/** Two sessions build at once; parallel workers for each only from the cores they leave. */
const SESSIONS = 2;
const WORKERS_PER_SESSION = Math.max(0, Math.floor(availableParallelism() / SESSIONS) - 1);

/** Largest tables first: their builds start first when two sessions share the work. */
export const rank = (table: string) => (BIG.includes(table) ? BIG.indexOf(table) : BIG.length);

/** Keys and indexes on two sessions at once (largest tables first), then the foreign keys, validated. */
export async function restoreAfterLoad(url: string, d: Deferred) {
  const keys = [...d.constraints].sort((a, b) => rank(a.table) - rank(b.table));
  const indexes = [...d.indexes].sort((a, b) => rank(a.table) - rank(b.table));
  const builds: string[] = [...keys.map((c) => `alter table ${c.table} add constraint ${c.name} ${c.def}`), ...indexes.map((i) => i.def)];
  const validations = d.foreignKeys.map((fk) => `alter table ${fk.table} validate constraint ${fk.name}`);
  const session = async (queue: string[]) => {
    const conn = postgres(url, { max: 1, onnotice: () => {} });
    try {
      // Each sort in memory; parallel workers only where the two sessions leave cores idle: on two
      // cores they tripled the processes and spilled each worker's sorted run to temporary files
      // (one 1,000,000-ticket rebuild, alternating: 34–36 s serial against 38–42 s with workers).
      await conn`set maintenance_work_mem = '3GB'`;
      await conn.unsafe(
        `set max_parallel_maintenance_workers = ${WORKERS_PER_SESSION}; set max_parallel_workers_per_gather = ${WORKERS_PER_SESSION}`,
      );
      for (let next = queue.shift(); next; next = queue.shift()) await conn.unsafe(next);
    } finally {
      await conn.end({ timeout: 5 });
    }
  };
  // Primary keys first (the others wait for none of them, but foreign keys need them all).
  await Promise.all(Array.from({ length: SESSIONS }, () => session(builds)));
  // NOT VALID is instant; VALIDATE takes locks that let two validations run side by side.
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const fk of d.foreignKeys) await admin.unsafe(`alter table ${fk.table} add constraint ${fk.name} ${fk.def} not valid`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  await Promise.all(Array.from({ length: SESSIONS }, () => session(validations)));
}

/** What differs between two readings of the schema ("missing: …", "extra: …"). */
export function sameSchema(a: Deferred, b: Deferred): string[] {
  const key = (d: Deferred) => new Set(Object.values(d).flatMap((list: Definition[]) => list.map((x) => `${x.table} ${x.name} ${x.def}`)));
  const before = key(a);
  const after = key(b);
  return [
    ...[...before].filter((x) => !after.has(x)).map((x) => `missing: ${x}`),
    ...[...after].filter((x) => !before.has(x)).map((x) => `extra: ${x}`),
  ];
}
