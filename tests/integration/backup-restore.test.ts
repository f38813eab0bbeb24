// db:backup / db:restore: a seeded desk, backed up and restored into a new empty database on the
// same server, is the same desk table by table (row counts and a checksum of every row); restore
// refuses a database that holds rows; a backup taken while tickets are being filed restores.
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readdir, utimes } from "node:fs/promises";
import { seedDemoData } from "../../app/demo/seed.server";
import { BackupError, createBackup, restoreBackup } from "~/ops/backup.server";
import { createTicket } from "~/tickets/tickets.server";
import { latestBackup, runScheduledBackup } from "~/ops/backup-schedule.server";
import { scrape } from "~/ops/metrics.server";
import { useTestDatabase, withDatabase } from "../support/db";

const run = promisify(execFile);
const source = useTestDatabase();
const made: string[] = [];
let dir = "";

async function newEmptyDatabase(): Promise<string> {
  const name = `desk_t_${process.ppid}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(inject("adminUrl"), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  made.push(name);
  return withDatabase(inject("adminUrl"), name);
}

/** Every table of the desk (and drizzle's record of migrations): its row count and an md5 of its rows. */
async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ schema: string; name: string }[]>`
      select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'drizzle') and c.relkind in ('r', 'p') order by 1, 2`;
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const t of tables) {
      const q = `"${t.schema}"."${t.name}"`;
      const [r] = await sql.unsafe<{ rows: number; md5: string }[]>(
        `select count(*)::int as rows, md5(coalesce(string_agg(x::text, E'\\n' order by x::text collate "C"), '')) as md5 from ${q} x`,
      );
      out[`${t.schema}.${t.name}`] = r;
    }
    const seqs = await sql<
      { name: string }[]
    >`select relname as name from pg_class where relkind = 'S' and relnamespace = 'public'::regnamespace`;
    for (const s of seqs) {
      const [r] = await sql.unsafe<{ v: string }[]>(`select last_value::text || '/' || is_called::text as v from public."${s.name}"`);
      out[`sequence ${s.name}`] = { rows: 1, md5: r.v };
    }
    return out;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** The desk's CLI, as an operator runs it (`npm run desk -- …`). */
async function cli(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "server/cli.ts", ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "desk-backup-test-"));
  await seedDemoData();
  // Text that COPY must escape (tabs, newlines, backslashes, a line that is just `\.`) and an
  // attachment holding every byte value, NULs included.
  const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(4096)]);
  await createTicket(
    {
      channel: "web",
      category: "general",
      subject: "탭\t과 역슬래시 \\ 문의",
      body: "첫 줄\n\\.\n둘째 줄 \\N 그리고 \r 끝",
      customer: { name: "백업 시험", email: "backup@example.com" },
      callbackRequested: false,
      resolvedOnContact: false,
    },
    { kind: "customer" },
    {
      attachments: [
        {
          filename: "모든 바이트.pdf",
          contentType: "application/pdf",
          size: bytes.length,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          data: bytes,
        },
      ],
    },
  );
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  const admin = postgres(inject("adminUrl"), { max: 1, onnotice: () => {} });
  try {
    for (const name of made) await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
});

describe("db:backup and db:restore", () => {
  it("restores a seeded desk into a new empty database, every table the same", async () => {
    const file = path.join(dir, "desk.backup.gz");
    const backedUp = await cli(["db:backup", file], source.url());
    expect(backedUp.stderr).toBe("");
    expect(backedUp.code).toBe(0);
    expect(backedUp.stdout).toMatch(/tickets/);

    // A readable format: a JSON header with the schema version, then the tables' COPY sections.
    const text = gunzipSync(await readFile(file)).toString("utf8");
    const header = JSON.parse(text.slice(0, text.indexOf("\n")));
    expect(header.format).toBe("service-standards-desk-backup");
    expect(header.migrations.length).toBeGreaterThan(10);
    expect(header.tables.map((t: { name: string }) => t.name)).toContain("attachments");

    const target = await newEmptyDatabase();
    const restored = await restoreBackup(target, file);
    expect(restored.rows.tickets).toBeGreaterThan(50);
    expect(restored.rows.attachments).toBe(1);

    const before = await fingerprint(source.url());
    const after = await fingerprint(target);
    expect(Object.keys(before).length).toBeGreaterThan(40);
    expect(before["public.ticket_events"].rows).toBeGreaterThan(50);
    expect(after).toEqual(before);
  }, 180_000);

  it("refuses a database that is not empty, with a plain message and a failing exit code", async () => {
    const file = path.join(dir, "refuse.backup.gz");
    await createBackup(source.url(), file);
    const before = await fingerprint(source.url());
    await expect(restoreBackup(source.url(), file)).rejects.toThrow(BackupError);
    await expect(restoreBackup(source.url(), file)).rejects.toThrow(/not empty/);

    const refused = await cli(["db:restore", file], source.url());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Refusing to restore: the database is not empty/);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await fingerprint(source.url())).toEqual(before);
  }, 180_000);

  it("refuses a file that is not a whole backup, and restores nothing from it", async () => {
    const file = path.join(dir, "whole.backup.gz");
    await createBackup(source.url(), file);
    const cut = path.join(dir, "cut.backup.gz");
    const whole = await readFile(file);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
    const target = await newEmptyDatabase();
    await expect(restoreBackup(target, cut)).rejects.toThrow(BackupError);
    const after = await fingerprint(target);
    expect(after["public.tickets"].rows).toBe(0);
    expect(after["public.ticket_events"].rows).toBe(0);
  }, 180_000);

  it("takes a consistent backup while tickets are being filed", async () => {
    const file = path.join(dir, "busy.backup.gz");
    const count = async () => {
      const sql = postgres(source.url(), { max: 1, onnotice: () => {} });
      try {
        const [r] = await sql<{ n: number }[]>`select count(*)::int as n from tickets`;
        return r.n;
      } finally {
        await sql.end({ timeout: 5 });
      }
    };
    const startCount = await count();
    let writing = true;
    let filed = 0;
    const writer = (async () => {
      while (writing) {
        await createTicket(
          {
            channel: "web",
            category: "general",
            subject: `동시 접수 ${filed}`,
            body: "백업 중에 들어온 문의",
            customer: { name: "동시 고객", email: `busy${filed}@example.com` },
            callbackRequested: false,
            resolvedOnContact: false,
          },
          { kind: "customer" },
        );
        filed++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const during = await createBackup(source.url(), file);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writing = false;
    await writer;
    const endCount = await count();
    expect(filed).toBeGreaterThan(2);

    // Restore checks every foreign key: children copied after their parents but from a later
    // moment would not load. The tickets in it are a count between the start and the end.
    const target = await newEmptyDatabase();
    const restored = await restoreBackup(target, file);
    expect(restored.rows.tickets).toBe(during.rows.tickets);
    expect(restored.rows.tickets).toBeGreaterThan(startCount);
    expect(restored.rows.tickets).toBeLessThan(endCount);
    const sql = postgres(target, { max: 1, onnotice: () => {} });
    try {
      // One snapshot: every ticket has its created event and first message, and nothing more.
      const [r] = await sql<{ tickets: number; created: number; orphans: number }[]>`
        select (select count(*)::int from tickets) as tickets,
               (select count(distinct ticket_id)::int from ticket_events where type = 'ticket.created') as created,
               (select count(*)::int from tickets t where not exists (select 1 from messages m where m.ticket_id = t.id)) as orphans`;
      expect(r.created).toBe(r.tickets);
      expect(r.orphans).toBe(0);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }, 180_000);

  it("scheduled backups: a file a day in BACKUP_DIR, the newest BACKUP_KEEP kept, shown on /metrics", async () => {
    const backups = path.join(dir, "scheduled");
    const saved = { dir: process.env.BACKUP_DIR, keep: process.env.BACKUP_KEEP };
    try {
      delete process.env.BACKUP_DIR;
      expect(await runScheduledBackup()).toEqual({ skipped: true });
      expect(await scrape().then((m) => m.body)).toMatch(/^desk_backup_last_success_timestamp_seconds 0$/m);

      process.env.BACKUP_DIR = backups;
      process.env.BACKUP_KEEP = "2";
      const days = ["2030-01-01T16:30:00Z", "2030-01-02T16:30:00Z", "2030-01-03T16:30:00Z"].map((d) => new Date(d));
      for (const now of days) await runScheduledBackup({ now });
      const names = (await readdir(backups)).sort();
      expect(names).toEqual(["desk-backup-20300102T163000Z.gz", "desk-backup-20300103T163000Z.gz"]);

      const latest = await latestBackup();
      expect(latest?.file).toBe(path.join(backups, "desk-backup-20300103T163000Z.gz"));
      await utimes(latest!.file, new Date("2030-01-03T16:31:00Z"), new Date("2030-01-03T16:31:00Z"));
      const body = (await scrape()).body;
      expect(body).toMatch(new RegExp(`^desk_backup_last_success_timestamp_seconds ${Date.parse("2030-01-03T16:31:00Z") / 1000}$`, "m"));
      expect(body).toMatch(new RegExp(`^desk_backup_last_size_bytes ${latest!.bytes}$`, "m"));
      expect(latest!.bytes).toBeGreaterThan(1000);

      // A scheduled file restores like any other.
      const target = await newEmptyDatabase();
      const restored = await restoreBackup(target, latest!.file);
      expect(restored.rows.tickets).toBeGreaterThan(50);
    } finally {
      if (saved.dir === undefined) delete process.env.BACKUP_DIR;
      else process.env.BACKUP_DIR = saved.dir;
      if (saved.keep === undefined) delete process.env.BACKUP_KEEP;
      else process.env.BACKUP_KEEP = saved.keep;
    }
  }, 180_000);
});
