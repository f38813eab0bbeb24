// Bench 6 — reports: every query of the manager dashboard (app/reports) at 1,000,000 tickets, p95
// over repeated runs, for the whole desk and for one team, this month and the last 12 months; and
// the page as a viewer gets it (its snapshot, ADR 0026) while the refresh job runs on its schedule.
// The module is another engineer's work in progress: whatever it does not export yet is reported
// as "not available yet" rather than guessed at.
import { existsSync } from "node:fs";
import { sql as dsql } from "drizzle-orm";
import { executor } from "../db/connection";
import type { Bench, BenchContext, Recorder } from "./lib/context";
import { timeRepeated } from "./lib/context";
import { fmt, summarize } from "./lib/results";
import { sampleActivity } from "./lib/activity";
import { resetStatements, topStatements } from "./lib/statements";
import { withAutoExplain } from "./lib/database";

const RUNS = 20;
const MAX_MS_PER_QUERY = 15_000;
const SLOW_MS = 3_000;
const TARGET_MS = 200;
/** The page as served (issue 23): from its snapshot, at most a minute old. */
const PAGE_TARGET_MS = 100;
/** Counting the whole page (every section, in parallel): what the refresh job does once a minute per viewed page. */
const COUNT_TARGET_MS = 1_000;
/** The served page is viewed for this long, the job running at 30 s and 90 s (its second round meets a minute-old snapshot). */
const SERVED_WINDOW_MS = 95_000;
const JOB_FIRST_MS = 30_000;
const JOB_EVERY_MS = 60_000;
/** A viewer's pause between two views. */
const VIEW_GAP_MS = 100;

type Period = { from: string; to: string };
type Scope = { team: { id: string; key: string; name: string } | null; locked: boolean };
type Case = { name: string; run: (period: Period, scope: Scope, now: Date) => Promise<unknown>; targetMs?: number };
type Snapshots = {
  dashboardSnapshot: (period: Period, scope: Scope, now?: Date) => Promise<{ computedAt: Date }>;
  refreshDashboardSnapshots: () => Promise<{ refreshed: number; dropped: number }>;
  snapshotLimitMs: () => number;
};

async function importOrNull<T>(path: string): Promise<T | null> {
  if (!existsSync(path.replace(/^\.\.\//, "").replace(/\.js$/, ".ts"))) return null;
  try {
    return (await import(path)) as T;
  } catch {
    return null;
  }
}

async function run(ctx: BenchContext, rec: Recorder) {
  type Dashboard = Record<string, (...args: never[]) => Promise<unknown>>;
  const dashboard = await importOrNull<Dashboard>("../app/reports/dashboard.server.ts");
  const rollup = await importOrNull<{ refreshSlaReport?: (o?: { full?: boolean }) => Promise<unknown> }>("../app/reports/rollup.server.ts");
  const slaReport = await importOrNull<Dashboard>("../app/reports/sla-report.server.ts");
  const periodMod = await importOrNull<{ thisMonth: (now?: Date) => Period; last12Months: (now?: Date) => Period }>(
    "../app/reports/period.ts",
  );
  if (!dashboard || !periodMod) {
    rec.unavailable = "the dashboard queries (app/reports/dashboard.server.ts) are not available yet";
    return;
  }
  const now = new Date();
  const periods: Array<[string, Period]> = [
    ["this month", periodMod.thisMonth(now)],
    ["last 12 months", periodMod.last12Months(now)],
  ];
  const [team] = await ctx.sql<{ id: string; key: string; name: string }[]>`select id, key, name from teams where key = 'bench-1'`;
  const scopes: Array<[string, Scope]> = [
    ["every team (manager)", { team: null, locked: false }],
    [`one team (lead of ${team?.name ?? "?"})`, { team: team ?? null, locked: true }],
  ];
  const [reported] = await ctx.sql<
    { staff_id: string }[]
  >`select staff_id from unkindness_reports group by 1 order by count(*) desc limit 1`;

  // The dashboard's sections and the drill-downs it links to, as the pages call them.
  const call = (name: string, ...args: unknown[]) => {
    const fn = (dashboard[name] ?? slaReport?.[name]) as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (!fn) throw new NotAvailable(name);
    return fn(...args);
  };
  const cases: Case[] = [
    { name: "complianceSection", run: (p, s, n) => call("complianceSection", p, s, n) },
    { name: "trendSection", run: (p, s, n) => call("trendSection", p, s, n) },
    { name: "atRiskSection", run: (_p, s, n) => call("atRiskSection", s, { now: n }) },
    { name: "breachedOpenSection", run: (_p, s, n) => call("breachedOpenSection", s, { now: n }) },
    { name: "guaranteeSection", run: (_p, s, n) => call("guaranteeSection", s, { now: n }) },
    { name: "trainingSection", run: (_p, s, n) => call("trainingSection", s, { now: n }) },
    { name: "satisfactionSection", run: (p, s) => call("satisfactionSection", p, s) },
    { name: "surveySection", run: (_p, _s, n) => call("surveySection", { now: n }) },
    { name: "outageSection", run: (p, _s, n) => call("outageSection", p, { now: n }) },
    { name: "maintenanceSection", run: (p) => call("maintenanceSection", p) },
    { name: "staffVoiceSection", run: (p, s) => call("staffVoiceSection", p, s) },
    { name: "standardTrendSection", run: (p, s, n) => call("standardTrendSection", p, s, n) },
    { name: "openWorkSection", run: (_p, s, n) => call("openWorkSection", s, n) },
    { name: "guaranteeFunnelSection", run: (p, s) => call("guaranteeFunnelSection", p, s) },
    {
      name: "loadDashboard — computing the page (what the refresh job does once a minute per viewed page)",
      run: (p, s, n) => call("loadDashboard", p, s, n),
      targetMs: COUNT_TARGET_MS,
    },
    {
      name: "slaDrill: every timer, first page of 50",
      run: (p, s, n) =>
        call("slaDrill", { period: p, teamId: s.team?.id ?? null, dimension: "total", key: "", outcome: "all", now: n, limit: 50 }),
    },
    {
      name: "slaDrill: breached by channel web, first page",
      run: (p, s, n) =>
        call("slaDrill", {
          period: p,
          teamId: s.team?.id ?? null,
          dimension: "channel",
          key: "web",
          outcome: "breached",
          now: n,
          limit: 50,
        }),
    },
    {
      name: "slaReportRows (GET /api/v1/reports/sla, by category)",
      run: (p, s, n) => call("slaReportRows", { period: p, groupBy: "category", teamId: s.team?.id ?? null, now: n }),
    },
    { name: "ratingTickets (satisfaction drill, score 1)", run: (p, s) => call("ratingTickets", p, s, 1, { limit: 50 }) },
    {
      name: "unkindnessTickets (one staff member)",
      run: (_p, s, n) => call("unkindnessTickets", reported?.staff_id ?? "00000000-0000-0000-0000-000000000000", s, { now: n }),
    },
  ];

  rec.method.push(
    `The functions the dashboard pages call (app/reports/dashboard.server.ts, sla-report.server.ts), in the bench process against the bench database, each ${RUNS} times after two warm-up calls (at most ${MAX_MS_PER_QUERY / 1000} s per query and combination; a query whose first call takes over ${SLOW_MS / 1000} s is timed once more and not repeated), for the whole desk and for one team's lead, over this month and the last 12 months; the figure per query is its worst p95 over those four combinations (all four in the table below). Before: a full build of the SLA roll-up (refreshSlaReport({ full: true })), then one incremental refresh, as the reports.sla-refresh job keeps it, then VACUUM (ANALYZE) of the roll-up tables and a CHECKPOINT (what autovacuum and the checkpointer would do next, kept out of the timings); pg_stat_activity is sampled every 200 ms while the queries run, so that a stall can be traced to what else the server was doing.`,
    `Baseline: SELECT 1 through the same pool, ${RUNS} times — the floor of any query.`,
  );

  if (rollup?.refreshSlaReport) {
    const t0 = performance.now();
    await rollup.refreshSlaReport({ full: true });
    const full = performance.now() - t0;
    const t1 = performance.now();
    await rollup.refreshSlaReport();
    const inc = performance.now() - t1;
    rec.figure({ label: "SLA roll-up: full build (refreshSlaReport({ full: true }))", value: full / 1000, unit: "s" });
    rec.figure({ label: "SLA roll-up: incremental refresh right after", value: inc, unit: "ms" });
    // A full build rewrites every fact: autovacuum would now vacuum and analyze those tables and
    // the checkpointer flush gigabytes, both inside the timings below (one record run saw two
    // calls of an 11 ms query take 1.9 s). Done here, as they would be done before a manager's
    // next look at the dashboard.
    const t2 = performance.now();
    await ctx.sql.unsafe(
      "vacuum (analyze) sla_report_facts, sla_report_daily, sla_report_weekly, sla_report_monthly, satisfaction_report_facts",
    );
    if (ctx.superuser) await ctx.sql.unsafe("checkpoint");
    rec.figure({
      label: "VACUUM (ANALYZE) of the roll-up tables and a CHECKPOINT after the build",
      value: (performance.now() - t2) / 1000,
      unit: "s",
    });
  } else {
    rec.note("refreshSlaReport is not available yet: the queries ran without a roll-up.");
  }

  // What else the server does while the queries are timed (autovacuum, say): a stall shows here.
  const activity = sampleActivity(ctx.sql, 200);
  const floor = summarize(await timeRepeated(() => executor().execute(dsql`select 1`), RUNS, 5_000));
  const table: string[] = [
    `${"query".padEnd(58)} ${"scope".padEnd(28)} ${"period".padEnd(15)} ${"p50".padStart(9)} ${"p95".padStart(9)} ${"max".padStart(9)}`,
  ];
  for (const c of cases) {
    let worst: { p95: number; p50: number; where: string } | null = null;
    let missing = false;
    for (const [scopeName, scope] of scopes) {
      for (const [periodName, period] of periods) {
        try {
          // A first (warm-up) call; a query slower than SLOW_MS is not repeated (its one timed
          // call stands for it), so that the bench stays bounded however slow a query is.
          const t0 = performance.now();
          await c.run(period, scope, now);
          const first = performance.now() - t0;
          let samples: number[];
          if (first > SLOW_MS) {
            const t1 = performance.now();
            await c.run(period, scope, now);
            samples = [performance.now() - t1];
          } else {
            await c.run(period, scope, now);
            samples = await timeRepeated(() => c.run(period, scope, now), RUNS, MAX_MS_PER_QUERY);
          }
          const s = summarize(samples);
          table.push(
            `${c.name.slice(0, 58).padEnd(58)} ${scopeName.slice(0, 28).padEnd(28)} ${periodName.padEnd(15)} ${fmt(s.p50, 1).padStart(9)} ${fmt(s.p95, 1).padStart(9)} ${fmt(s.max, 1).padStart(9)}  (n=${s.n})`,
          );
          if (!worst || s.p95 > worst.p95) worst = { p95: s.p95, p50: s.p50, where: `${scopeName}, ${periodName}` };
        } catch (e) {
          if (e instanceof NotAvailable) {
            missing = true;
            break;
          }
          throw e;
        }
      }
      if (missing) break;
    }
    if (missing || !worst) {
      rec.figure({ label: `${c.name}: not available yet`, value: NaN, unit: "ms", target: `p95 ≤ ${TARGET_MS} ms`, pass: null });
      continue;
    }
    const f = rec.figure({
      label: `${c.name} — p95 (worst of 4: ${worst.where})`,
      value: worst.p95,
      unit: "ms",
      baseline: { label: "SELECT 1, p95", value: floor.p95, unit: "ms" },
      target: `≤ ${(c.targetMs ?? TARGET_MS).toLocaleString("en")} ms`,
      pass: worst.p95 <= (c.targetMs ?? TARGET_MS),
      note: `p50 ${fmt(worst.p50, 1)} ms`,
    });
    if (f.pass === false && !c.name.startsWith("loadDashboard")) {
      // What the slow case spends its time on: its statements' plans (EXPLAIN ANALYZE through
      // auto_explain, every statement over 50 ms of one call).
      const [scopeName, scope] = scopes.find(([n]) => worst!.where.startsWith(n))!;
      const [periodName, period] = periods.find(([n]) => worst!.where.endsWith(n))!;
      await resetStatements(ctx.sql);
      const plans = await withAutoExplain(ctx.sql, ctx.dir !== null, 50, () => c.run(period, scope, now));
      const top = await topStatements(ctx.sql, 6);
      if (plans) rec.detail(`${c.name} (${scopeName}, ${periodName}) — EXPLAIN ANALYZE of its statements over 50 ms (auto_explain)`, plans);
      else if (top) rec.detail(`${c.name} (${scopeName}, ${periodName}) — server time per statement of one call`, top);
    }
  }
  const snapshots = await importOrNull<Snapshots>("../app/reports/dashboard-snapshot.server.ts");
  if (snapshots?.dashboardSnapshot) await servedPage(ctx, rec, snapshots, scopes, periods);
  else
    rec.figure({
      label: "the page as served: not available yet",
      value: NaN,
      unit: "ms",
      target: `p95 ≤ ${PAGE_TARGET_MS} ms`,
      pass: null,
    });
  rec.detail("Every query, scope and period (ms)", table.join("\n"));
  rec.detail(
    "What the PostgreSQL backends were doing while the queries were timed (the bench's own queries included)",
    await activity.stop(20),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a viewer waits for: the page from its snapshot (dashboardSnapshot, as the /dashboard loader
 * calls it), the four pages viewed in turn for SERVED_WINDOW_MS, while the refresh job's round
 * (refreshDashboardSnapshots) runs in the background on its schedule, so that some views meet a
 * count in progress or a snapshot at its limit. Also: how old the figures shown were, at worst.
 */
async function servedPage(
  ctx: BenchContext,
  rec: Recorder,
  mod: Snapshots,
  scopes: Array<[string, Scope]>,
  periods: Array<[string, Period]>,
) {
  const pages = scopes.flatMap(([scopeName, scope]) =>
    periods.map(([periodName, period]) => ({ name: `${scopeName}, ${periodName}`, scope, period })),
  );
  const limitS = mod.snapshotLimitMs() / 1000;
  rec.method.push(
    `The page as served: the snapshots emptied, each of the four pages opened once (counted then, untimed: a first view), then views of the four in turn, ${VIEW_GAP_MS} ms apart, for ${SERVED_WINDOW_MS / 1000} s, timing dashboardSnapshot (what the /dashboard loader calls, limit ${limitS} s); meanwhile the refresh job's round (refreshDashboardSnapshots) runs in the same process ${JOB_FIRST_MS / 1000} s after the start and every ${JOB_EVERY_MS / 1000} s after, as pg-boss would run it, so that views meet its counts and, at its second round, snapshots a minute old. Staleness: the age of the figures when a view returned them.`,
  );
  await ctx.sql`delete from dashboard_snapshots`;
  for (const p of pages) await mod.dashboardSnapshot(p.period, p.scope, new Date());
  const start = performance.now();
  let stop = false;
  const rounds: string[] = [];
  const job = (async () => {
    for (let next = JOB_FIRST_MS; !stop; next += JOB_EVERY_MS) {
      while (!stop && performance.now() < start + next) await sleep(Math.min(200, start + next - performance.now()));
      if (stop) break;
      const t0 = performance.now();
      const r = await mod.refreshDashboardSnapshots();
      rounds.push(`at ${fmt((t0 - start) / 1000, 1)} s: ${r.refreshed} page(s) counted in ${fmt(performance.now() - t0, 0)} ms`);
    }
  })();
  const samples: number[] = [];
  const perPage = new Map<string, number[]>();
  let worstStaleMs = 0;
  let waited = 0;
  for (let i = 0; performance.now() - start < SERVED_WINDOW_MS; i++) {
    const p = pages[i % pages.length];
    const viewAt = Date.now();
    const t0 = performance.now();
    const { computedAt } = await mod.dashboardSnapshot(p.period, p.scope, new Date(viewAt));
    const ms = performance.now() - t0;
    samples.push(ms);
    perPage.set(p.name, [...(perPage.get(p.name) ?? []), ms]);
    worstStaleMs = Math.max(worstStaleMs, Date.now() - computedAt.getTime());
    if (computedAt.getTime() >= viewAt) waited += 1; // counted for this view (or one it waited for)
    await sleep(VIEW_GAP_MS);
  }
  stop = true;
  await job;
  // The bench's viewers leave: no refresh job keeps their pages counted during the benches after this one.
  await ctx.sql`delete from dashboard_snapshots`;
  const s = summarize(samples);
  rec.figure({
    label: `the page as served (snapshot ≤ ${limitS} s, refreshed every minute by the job) — p95 over ${s.n} views of the four pages`,
    value: s.p95,
    unit: "ms",
    target: `≤ ${PAGE_TARGET_MS} ms`,
    pass: s.p95 <= PAGE_TARGET_MS,
    note: `p50 ${fmt(s.p50, 1)} ms, max ${fmt(s.max, 1)} ms; ${waited} view(s) waited for a count`,
  });
  rec.figure({
    label: "the page as served — the oldest figures a view showed",
    value: worstStaleMs / 1000,
    unit: "s",
    target: `≤ ${limitS} s (a view may show the previous snapshot while another process counts the page)`,
    pass: null,
  });
  rec.note(`Refresh job rounds during the views: ${rounds.join("; ") || "none"}.`);
  rec.detail(
    "The page as served, per page (ms)",
    [...perPage]
      .map(([name, xs]) => {
        const q = summarize(xs);
        return `${name.padEnd(50)} p50 ${fmt(q.p50, 1).padStart(8)} p95 ${fmt(q.p95, 1).padStart(8)} max ${fmt(q.max, 1).padStart(8)}  (n=${q.n})`;
      })
      .join("\n"),
  );
}

class NotAvailable extends Error {
  constructor(name: string) {
    super(`${name} is not available yet`);
  }
}

export const reportsBench: Bench = {
  name: "reports",
  title: "Reports: dashboard queries and the page as served at 1,000,000 tickets",
  needsSeed: true,
  run,
};
