// Masking what is already stored (ADR 0013): raw personal numbers written straight into every
// free-text column with SQL — as a desk from before the masking has them — are masked by
// `maskStored` / `npm run desk -- privacy:mask-stored`; a second run changes nothing; a run
// interrupted midway resumes and completes; the history's trigger still refuses everything else.
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { seedDemoData } from "../../app/demo/seed.server";
import { createBoss } from "../../jobs/runtime";
import { MASK_TARGETS, MASKED_EVENT, maskStored, maskStoredComplete } from "~/privacy/mask-stored.server";
import { columnsHoldingRaw } from "../support/privacy-scan";
import { useTestDatabase } from "../support/db";

const database = useTestDatabase();

const RRN = "7311031234567";
const CARD = "5409123487651234";
const ACCOUNT = "333987612345";
const RAW = [RRN, CARD, ACCOUNT];
const TYPED = [
  `주민 731103—1234567 카드 5409 1234 8765 1234 계좌 333-9876-12345`,
  `７３１１０３－１２３４５６７ / 5409.1234.8765.1234 / 333 9876 12345`,
  `731103_1234567, 5409123487651234, 333987612345`,
];
const typed = (i: number) => TYPED[i % TYPED.length];
const jsonValue = (i: number) => JSON.stringify({ note: typed(i), list: [typed(i + 1)], nested: { [RRN]: typed(i + 2) } });

async function columnType(schema: string, table: string, column: string): Promise<string> {
  const [row] = await db().execute<{ type: string }>(sql`
    select format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
    where a.attrelid = ${`"${schema}"."${table}"`}::regclass and a.attname = ${column}`);
  return row.type;
}

/** A row in each table the demo data leaves empty (their text columns are overwritten next). */
async function fillEmptyTables(): Promise<void> {
  const [ticket] = await db().execute<{ id: string }>(sql`select id from tickets order by id limit 1`);
  const statements = [
    sql`insert into attachments (ticket_id, filename, content_type, size, sha256, data) values (${ticket.id}, 'a.png', 'image/png', 1, ${"0".repeat(64)}, '\\x00'::bytea)`,
    sql`insert into satisfaction_ratings (ticket_id, source, score, recorded_by) values (${ticket.id}, 'portal', 5, 'customer')`,
    sql`insert into disclosure_requests (ticket_id) values (${ticket.id})`,
    sql`insert into remote_sessions (ticket_id, problem) values (${ticket.id}, 'x')`,
    sql`insert into visit_appointments (ticket_id, visit_at, help) values (${ticket.id}, now(), array['other'])`,
    sql`insert into idempotency_keys (scope, key, request_hash) values ('t', 'k', 'h')`,
    sql`insert into calendar_recomputations (version, state) select max(version), 'failed' from calendar_versions`,
    sql`insert into outages (service, description, started_at, eta_notice_due_at, recovery_due_at, created_by) values ('web', 'x', now(), now(), now(), 'system')`,
    sql`insert into outage_updates (outage_id, message, created_by) select id, 'x', 'system' from outages limit 1`,
    sql`insert into maintenance_windows (service, description, starts_at, ends_at, notice_violation, created_by) values ('web', 'x', now(), now() + interval '1 hour', false, 'system')`,
    sql`insert into compliance_reports (period_start, period_end, data, created_by) values ('2026-01-01', '2026-01-31', '{}'::jsonb, 'system')`,
    sql`insert into survey_campaigns (name, launched_by, closes_at) values ('x', 'system', now() + interval '7 days')`,
    sql`insert into saved_queue_views (staff_id, name, query) select id, 'x', 'tab=active' from staff limit 1`,
  ];
  for (const statement of statements) await db().execute(statement);
}

/** Raw numbers into every target column of every row (the append-only tables get new rows). */
async function writeRawEverywhere(): Promise<void> {
  let i = 0;
  for (const target of MASK_TARGETS) {
    const table = sql.raw(`"${target.schema}"."${target.table}"`);
    if (target.history) continue;
    const [{ n }] = await db().execute<{ n: number }>(sql`select count(*)::int as n from ${table}`);
    expect(n, `${target.name} has rows to mask`).toBeGreaterThan(0);
    for (const column of target.columns) {
      const type = await columnType(target.schema, target.table, column);
      const value = type === "json" || type === "jsonb" ? sql`${jsonValue(i++)}::${sql.raw(type)}` : sql`${typed(i++)}`;
      await db().execute(sql`update ${table} set ${sql.raw(`"${column}"`)} = ${value}`);
    }
  }
  const [ticket] = await db().execute<{ id: string }>(sql`select id from tickets order by id limit 1`);
  for (let k = 0; k < 5; k++) {
    await db().execute(
      sql`insert into ticket_events (ticket_id, type, actor, data) values (${ticket.id}, 'note.added', 'system:legacy', ${jsonValue(k)}::jsonb)`,
    );
    await db().execute(
      sql`insert into audit_log (actor, action, target_type, target_id, details) values ('system:legacy', 'ticket.read', 'ticket', ${typed(k)}, ${jsonValue(k)}::jsonb)`,
    );
  }
}

beforeAll(async () => {
  await seedDemoData();
  // pg-boss's own tables, with a job and an archived one whose payload holds raw numbers.
  const boss = createBoss(database.url());
  await boss.start();
  await boss.createQueue("privacy-probe");
  await boss.send("privacy-probe", { note: typed(0) });
  await boss.stop({ graceful: false, wait: true });
  await db()
    .execute(sql`insert into pgboss.archive select *, now() from pgboss.job`)
    .catch(async () => {
      await db().execute(sql`insert into pgboss.archive select * from pgboss.job`);
    });
  await fillEmptyTables();
  await writeRawEverywhere();
}, 120_000);

describe("privacy:mask-stored", () => {
  it("finds the raw numbers first (the detector works), masks them all across interruptions, and a second run changes nothing", async () => {
    const before = await columnsHoldingRaw(RAW);
    for (const target of MASK_TARGETS)
      for (const column of target.columns) expect(before).toContain(`${target.schema}.${target.table}.${column}`);

    // Interrupted midway: three small batches, then the process "dies".
    const partial = await maskStored({ batchSize: 3, maxBatches: 3 });
    expect(partial.complete).toBe(false);
    expect(partial.changed).toBeGreaterThan(0);
    expect(await maskStoredComplete()).toBe(false);
    expect((await columnsHoldingRaw(RAW)).length).toBeGreaterThan(0);

    // Resumed: it continues from the recorded key and completes.
    const resumed = await maskStored({ batchSize: 7 });
    expect(resumed.complete).toBe(true);
    expect(await maskStoredComplete()).toBe(true);
    expect(await columnsHoldingRaw(RAW)).toEqual([]);
    const firstKeys = await db().execute<{ target: string; rows_seen: string }>(
      sql`select target, rows_seen::text from privacy_mask_progress`,
    );
    const [{ count: tableRows }] = await db().execute<{ count: string }>(sql`select count(*)::text as count from customers`);
    expect(firstKeys.find((r) => r.target === "customers")!.rows_seen).toBe(tableRows); // each row read once across the interruption

    // The history says where masking happened, and never what was there.
    const events = await db().execute<{ data: Record<string, unknown> }>(sql`select data from ticket_events where type = ${MASKED_EVENT}`);
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((e) => e.data.table)).toEqual(
      expect.arrayContaining(["tickets", "messages", "customers", "ticket_events", "notifications"]),
    );

    // Twice: nothing to do; walking again from the start (same rules) changes nothing either.
    const snapshot = async () =>
      db().execute<{ n: number; h: string }>(
        sql`select count(*)::int as n, md5(string_agg(data::text, '|' order by id)) as h from ticket_events`,
      );
    const eventsBefore = await snapshot();
    const again = await maskStored();
    expect(again.changed).toBe(0);
    expect(again.batches).toBe(0);
    const restarted = await maskStored({ restart: true, batchSize: 50 });
    expect(restarted.complete).toBe(true);
    expect(restarted.changed).toBe(0);
    expect(restarted.events).toBe(0);
    expect(await snapshot()).toEqual(eventsBefore);
  }, 120_000);

  it("leaves the history append-only for everything but the masking exception", async () => {
    const [event] = await db().execute<{ id: number }>(sql`select id from ticket_events order by id limit 1`);
    const refused = async (work: Promise<unknown>) => {
      const error = await work.then(
        () => null,
        (e: Error & { cause?: Error }) => e,
      );
      expect(error, "refused").not.toBeNull();
      expect(String(error!.cause?.message ?? error!.message)).toMatch(/append-only/);
    };
    await refused(db().execute(sql`update ticket_events set data = '{}'::jsonb where id = ${event.id}`));
    await refused(db().execute(sql`delete from audit_log`));
    await refused(
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('desk.masking_stored', 'on', true)`);
        await tx.execute(sql`update ticket_events set type = 'ticket.closed' where id = ${event.id}`);
      }),
    );
    await refused(
      db().transaction(async (tx) => {
        await tx.execute(sql`select set_config('desk.masking_stored', 'on', true)`);
        await tx.execute(sql`delete from ticket_events where id = ${event.id}`);
      }),
    );
    // The setting lasts for its own transaction only.
    await db().transaction(async (tx) => {
      await tx.execute(sql`select set_config('desk.masking_stored', 'on', true)`);
    });
    await refused(db().execute(sql`update ticket_events set data = '{}'::jsonb where id = ${event.id}`));
  });

  it("runs as `npm run desk -- privacy:mask-stored`", async () => {
    await db().execute(sql`update messages set body = ${typed(1)} where id = (select id from messages order by id limit 1)`);
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "privacy:mask-stored", ...args], {
          env: { ...process.env, DATABASE_URL: database.url() },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
      });
    const done = await run([]);
    expect(done).toMatch(/messages\s+already done/);
    // (the first test finished the walk; a row written raw afterwards waits for new rules or --restart)
    expect(await columnsHoldingRaw(RAW)).toEqual(["public.messages.body"]);
    const again = await run(["--restart", "--batch", "100"]);
    expect(again).toMatch(/messages\s+\d+ rows read, 1 masked/);
    expect(await columnsHoldingRaw(RAW)).toEqual([]);
  }, 90_000);
});
