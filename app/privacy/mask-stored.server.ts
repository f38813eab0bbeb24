// Masking what is already stored (issue 17, ADR 0013): the text written before masking reached
// every write path — or before the masking rules learnt a new spelling — is walked table by
// table in primary-key batches and masked with the same function as the parse boundaries
// (`maskText` / `maskJson`). One transaction per batch records how far the walk got in
// `privacy_mask_progress` (per MASK_VERSION and table), so an interrupted walk resumes where it
// stopped and a finished one is not walked again until the rules change. Every ticket whose
// stored text changed gets a `privacy.masked` event in its history, in the same transaction.
//
// The append-only history (ticket_events.data) and audit log (details, target_id) are updated
// through the one exception their trigger allows: a transaction-local `desk.masking_stored`
// setting that permits changing those columns and nothing else (migration 0030).
import { sql, type SQL } from "drizzle-orm";
import { db, type Transaction } from "~/db/connection";
import { appendEvents } from "~/core/events.server";
import { MASK_VERSION, maskJson, maskText } from "~/core/mask";

export const MASKED_EVENT = "privacy.masked";
export const MASKING_ACTOR = "system:privacy-masking";

/** Where a changed row's ticket is found: its own id, a ticket_id column, or the customer's tickets. */
type TicketLink = { column: string } | { customer: string } | null;

export type MaskTarget = {
  /** Schema-qualified name as shown in progress and output. */
  name: string;
  schema: string;
  table: string;
  /** Free-text columns (text, json or jsonb): what people typed, or what was made from it. */
  columns: string[];
  ticket: TicketLink;
  /** An append-only table: updated through the trigger's masking exception. */
  history?: boolean;
};

const t = (
  table: string,
  columns: string[],
  ticket: TicketLink = { column: "ticket_id" },
  extra: Partial<MaskTarget> = {},
): MaskTarget => ({
  name: table,
  schema: "public",
  table,
  columns,
  ticket,
  ...extra,
});

/**
 * Every column where a person's words (or text made from them) are stored. Columns that hold
 * what the desk needs to reach a customer (email, phone), hashes, codes, enums and numbers are
 * not walked. tests/integration/privacy-mask-stored.test.ts finds every text/json column of the
 * database from information_schema and fails if one outside this list holds a raw number.
 */
export const MASK_TARGETS: MaskTarget[] = [
  t("customers", ["name"], { customer: "id" }),
  t("tickets", ["subject", "body", "postal_address"], { column: "id" }),
  t("messages", ["body"]),
  t("attachments", ["filename"]),
  t("ticket_events", ["data"], { column: "ticket_id" }, { history: true }),
  t("notifications", ["payload", "error"]),
  t("satisfaction_ratings", ["comment"]),
  t("guarantee_cases", ["triggers", "fact_check_result", "apology"]),
  t("disclosure_requests", ["extension_reason", "decision_reason", "objection_guide"]),
  t("remote_sessions", ["problem", "join_info", "outcome_note"]),
  t("visit_appointments", ["help_other", "department", "outcome_note"]),
  t("idempotency_keys", ["response"], null),
  t("calendar_versions", ["change"], null),
  t("calendar_recomputations", ["error"], null),
  t("sla_policies", ["name", "description"], null),
  t("outages", ["description"], null),
  t("outage_updates", ["message"], null),
  t("maintenance_windows", ["description"], null),
  t("compliance_reports", ["data"], null),
  t("survey_campaigns", ["name"], null),
  t("canned_replies", ["title", "body"], null),
  t("saved_queue_views", ["name", "query"], null),
  t("audit_log", ["details", "target_id"], null, { history: true }),
  // pg-boss keeps job payloads and results (and archives them): the desk's jobs carry ids, but a
  // dead letter keeps a failed payload whole.
  { name: "pgboss.job", schema: "pgboss", table: "job", columns: ["data", "output"], ticket: null },
  { name: "pgboss.archive", schema: "pgboss", table: "archive", columns: ["data", "output"], ticket: null },
];

type Column = { name: string; type: string };
type TableShape = { key: Column[]; columns: Column[] };

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The table's primary key and the target's columns with their types, or null when it does not exist (yet). */
async function shapeOf(target: MaskTarget): Promise<TableShape | null> {
  const qualified = `${ident(target.schema)}.${ident(target.table)}`;
  const [exists] = await db().execute<{ oid: string | null }>(sql`select to_regclass(${qualified})::text as oid`);
  if (!exists?.oid) return null;
  const key = await db().execute<{ name: string; type: string }>(sql`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_index i
    join lateral unnest(i.indkey) with ordinality as k(attnum, n) on true
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indrelid = ${qualified}::regclass and i.indisprimary
    order by k.n`);
  if (key.length === 0) throw new Error(`${target.name} has no primary key to walk by`);
  const columns = await db().execute<{ name: string; type: string }>(sql`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
    from pg_attribute a
    where a.attrelid = ${qualified}::regclass and a.attnum > 0 and not a.attisdropped
      and a.attname in (${sql.join(
        target.columns.map((c) => sql`${c}`),
        sql`, `,
      )})`);
  const known = new Set(columns.map((c) => c.name));
  const missing = target.columns.filter((c) => !known.has(c));
  if (missing.length > 0) throw new Error(`${target.name} has no column ${missing.join(", ")}`);
  return { key: [...key], columns: [...columns] };
}

export type TargetResult = { target: string; seen: number; changed: number; done: boolean; skipped?: "missing" | "done" };
export type MaskStoredResult = {
  version: number;
  complete: boolean;
  batches: number;
  seen: number;
  changed: number;
  events: number;
  targets: TargetResult[];
};

export type MaskStoredOptions = {
  batchSize?: number;
  /** Stop after this many batches in all (the rest is done by the next run). */
  maxBatches?: number;
  /** Walk again from the start even where this version's walk finished. */
  restart?: boolean;
  onBatch?: (target: string, progress: { seen: number; changed: number }) => void;
};

/** Walks every target, masking what is stored; resumable, idempotent. */
export async function maskStored(options: MaskStoredOptions = {}): Promise<MaskStoredResult> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, 5_000));
  const maxBatches = options.maxBatches ?? Number.POSITIVE_INFINITY;
  const result: MaskStoredResult = { version: MASK_VERSION, complete: true, batches: 0, seen: 0, changed: 0, events: 0, targets: [] };
  if (options.restart) await db().execute(sql`delete from privacy_mask_progress where mask_version = ${MASK_VERSION}`);
  for (const target of MASK_TARGETS) {
    const shape = await shapeOf(target);
    if (!shape) {
      result.targets.push({ target: target.name, seen: 0, changed: 0, done: true, skipped: "missing" });
      continue;
    }
    const row: TargetResult = { target: target.name, seen: 0, changed: 0, done: false };
    result.targets.push(row);
    for (;;) {
      if (result.batches >= maxBatches) break;
      const step = await db().transaction((tx) => maskBatch(tx, target, shape, batchSize));
      if (step.alreadyDone) {
        row.done = true;
        if (row.seen === 0) row.skipped = "done";
        break;
      }
      result.batches++;
      row.seen += step.seen;
      row.changed += step.changed;
      result.seen += step.seen;
      result.changed += step.changed;
      result.events += step.events;
      options.onBatch?.(target.name, { seen: row.seen, changed: row.changed });
      if (step.done) {
        row.done = true;
        break;
      }
    }
    if (!row.done) result.complete = false;
  }
  return result;
}

/** Whether this version's walk has finished for every table (cheap: read at start). */
export async function maskStoredComplete(): Promise<boolean> {
  const rows = await db().execute<{ target: string }>(sql`
    select target from privacy_mask_progress where mask_version = ${MASK_VERSION} and done_at is not null`);
  const done = new Set(rows.map((r) => r.target));
  return MASK_TARGETS.every((target) => done.has(target.name));
}

type BatchResult = { alreadyDone: boolean; done: boolean; seen: number; changed: number; events: number };

async function maskBatch(tx: Transaction, target: MaskTarget, shape: TableShape, batchSize: number): Promise<BatchResult> {
  // One walker per table at a time (the CLI and the background job may both run): the progress
  // is read under the lock, so no batch is walked twice.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`privacy-mask:${target.name}`}))`);
  const [progress] = await tx.execute<{ last_key: string[] | null; done_at: Date | null }>(sql`
    select last_key, done_at from privacy_mask_progress where mask_version = ${MASK_VERSION} and target = ${target.name}`);
  if (progress?.done_at) return { alreadyDone: true, done: true, seen: 0, changed: 0, events: 0 };
  const lastKey = progress?.last_key ?? null;
  if (target.history) await tx.execute(sql`select set_config('desk.masking_stored', 'on', true)`);

  const table = sql.raw(`${ident(target.schema)}.${ident(target.table)}`);
  const keyList = sql.raw(shape.key.map((k) => ident(k.name)).join(", "));
  const keyValues = (values: string[]) =>
    sql.join(
      shape.key.map((k, i) => sql`${values[i]}::${sql.raw(k.type)}`),
      sql`, `,
    );
  const after = lastKey ? sql`where (${keyList}) > (${keyValues(lastKey)})` : sql``;
  const keySelect = sql.raw(shape.key.map((k, i) => `${ident(k.name)}::text as "k${i}"`).join(", "));
  const columnSelect = sql.raw(shape.columns.map((c, i) => `${ident(c.name)} as "c${i}"`).join(", "));
  const ticketSelect: SQL =
    target.ticket && "column" in target.ticket
      ? sql.raw(`, ${ident(target.ticket.column)}::text as "ticket"`)
      : target.ticket
        ? sql.raw(`, ${ident(target.ticket.customer)}::text as "customer"`)
        : sql``;
  const rows = await tx.execute<Record<string, unknown>>(sql`
    select ${keySelect}, ${columnSelect}${ticketSelect} from ${table} ${after}
    order by ${keyList} limit ${batchSize} for update`);

  let changed = 0;
  const touched = new Map<string, Set<string>>(); // ticket or customer id → columns changed
  for (const r of rows) {
    const sets: SQL[] = [];
    const changedColumns: string[] = [];
    shape.columns.forEach((c, i) => {
      const value = r[`c${i}`];
      if (value === null || value === undefined) return;
      const json = c.type === "json" || c.type === "jsonb";
      if (json) {
        const masked = maskJson(value);
        if (JSON.stringify(masked) === JSON.stringify(value)) return;
        sets.push(sql`${sql.raw(ident(c.name))} = ${JSON.stringify(masked)}::${sql.raw(c.type)}`);
      } else {
        if (typeof value !== "string") return;
        const masked = maskText(value);
        if (masked === value) return;
        sets.push(sql`${sql.raw(ident(c.name))} = ${masked}`);
      }
      changedColumns.push(c.name);
    });
    if (sets.length === 0) continue;
    const keys = shape.key.map((_, i) => String(r[`k${i}`]));
    await tx.execute(sql`update ${table} set ${sql.join(sets, sql`, `)} where (${keyList}) = (${keyValues(keys)})`);
    changed++;
    const owner = (r.ticket ?? r.customer) as string | null | undefined;
    if (owner) {
      const set = touched.get(owner) ?? new Set<string>();
      changedColumns.forEach((c) => set.add(c));
      touched.set(owner, set);
    }
  }

  // The history says that (and where) stored text was masked — never what it was.
  let tickets: Array<{ ticketId: string; columns: string[] }> = [...touched].map(([id, columns]) => ({
    ticketId: id,
    columns: [...columns],
  }));
  if (target.ticket && "customer" in target.ticket && tickets.length > 0) {
    const owned = await tx.execute<{ id: string; customer_id: string }>(sql`
      select id::text, customer_id::text from tickets
      where customer_id in (${sql.join(
        tickets.map((x) => sql`${x.ticketId}::uuid`),
        sql`, `,
      )})`);
    tickets = owned.map((o) => ({ ticketId: o.id, columns: tickets.find((x) => x.ticketId === o.customer_id)!.columns }));
  }
  const now = new Date();
  await appendEvents(
    tx,
    tickets.map((x) => ({
      ticketId: x.ticketId,
      type: MASKED_EVENT,
      actor: MASKING_ACTOR,
      at: now,
      data: { table: target.name, columns: x.columns.sort(), maskVersion: MASK_VERSION },
    })),
  );

  const done = rows.length < batchSize;
  const last = rows.length > 0 ? shape.key.map((_, i) => String(rows[rows.length - 1][`k${i}`])) : lastKey;
  await tx.execute(sql`
    insert into privacy_mask_progress (mask_version, target, last_key, rows_seen, rows_changed, done_at)
    values (${MASK_VERSION}, ${target.name}, ${last ? JSON.stringify(last) : null}::jsonb, ${rows.length}, ${changed}, ${done ? now.toISOString() : null}::timestamptz)
    on conflict (mask_version, target) do update set
      last_key = excluded.last_key,
      rows_seen = privacy_mask_progress.rows_seen + excluded.rows_seen,
      rows_changed = privacy_mask_progress.rows_changed + excluded.rows_changed,
      updated_at = now(),
      done_at = excluded.done_at`);
  return { alreadyDone: false, done, seen: rows.length, changed, events: tickets.length };
}
