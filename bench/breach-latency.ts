// Bench 4 — breach latency under a burst: 10,000 timers due within one minute, with a worker process running
// (server/worker.ts: the deadline watch, a poll loop that probes for due clocks every second and
// sweeps when one is, and the every-minute sweep behind it). Latency of a breach =
// breach_detected_at − due_at. Baseline: another 10,000 with only the every-minute sweep running.
import path from "node:path";
import { mkdirSync } from "node:fs";
import type postgres from "postgres";
import { currentCalendar } from "../app/sla/calendar.server";
import { activePolicies, targetsFor } from "../app/sla/policies.server";
import { sweepOnce } from "../app/sla/sweep.server";
import { deadlineOf } from "../app/sla/timer-math";
import type { SlaMetric } from "../db/schema";
import { inTransaction } from "../db/connection";
import type { Bench, BenchContext, Recorder } from "./lib/context";
import { memoryOf, startNode, stopChild } from "./lib/children";
import { uuid } from "./lib/fast";
import { createBoss } from "../jobs/runtime";
import { fmt, summarize } from "./lib/results";
import { ensureBenchStaff } from "./seed";

const COUNT = 10_000;
const WINDOW_S = 60;
/** Seconds between planting and the first deadline: planting 10,000 rows must be over by then. */
const LEAD_S = 40;

type Planted = { ids: string[]; firstDue: number; lastDue: number };

/**
 * COUNT open tickets, each with one running timer due at an evenly spread moment of the WINDOW_S
 * seconds that start LEAD_S seconds from now (first_reply and handoff alternately). The period is
 * the timer's own — one calendar hour from a start one hour before the chosen moment — so
 * deadlineOf() lands on it.
 * Nothing else is written for them: the deadline watch finds them through the running-due index.
 */
async function plant(sql: postgres.Sql, staff: Awaited<ReturnType<typeof ensureBenchStaff>>, tag: string): Promise<Planted> {
  const cal = await currentCalendar();
  const policies = await activePolicies();
  const agents = staff.filter((s) => s.role === "agent" && s.teamId);
  const start = Date.now() + LEAD_S * 1000;
  const period = { kind: "calendar_hours", amount: 1 } as const;
  const rows: Array<{
    ticket: string;
    timer: string;
    metric: SlaMetric;
    due: number;
    startedAt: number;
    assignee: (typeof agents)[number];
    policyId: number;
  }> = [];
  for (let i = 0; i < COUNT; i++) {
    const due = start + Math.floor((WINDOW_S * 1000 * i) / COUNT);
    const startedAt = due - 3_600_000;
    const metric: SlaMetric = i % 2 === 0 ? "first_reply" : "handoff";
    const computed = deadlineOf(cal.calendar, { metric, startedAtMs: startedAt, period, basisDate: null, pauses: [] });
    if (computed !== due) throw new Error("deadlineOf disagrees with the planted deadline");
    const policyId = targetsFor(policies, "email", "general").get(metric)!.policyId;
    rows.push({ ticket: uuid(), timer: uuid(), metric, due, startedAt, assignee: agents[i % agents.length], policyId });
  }
  const [{ last }] = await sql<{ last: number }[]>`
    insert into reference_counters (day, last) values (${cal.calendar.dateOf(Date.now())}, ${COUNT})
    on conflict (day) do update set last = reference_counters.last + ${COUNT} returning last`;
  const day = cal.calendar.dateOf(Date.now()).replace(/-/g, "").slice(2);
  const iso = (ms: number) => new Date(ms).toISOString();
  const json = (v: unknown) => JSON.stringify(v);
  await inTransaction(async (tx) => {
    const { sql: dsql } = await import("drizzle-orm");
    const customers = rows.map((r, i) => ({ id: uuid(), name: "박민지", email: `latency-${tag}-${i}@example.com` }));
    await tx.execute(dsql`insert into customers (id, name, email, preferred_contact)
      select * , 'email' from jsonb_to_recordset(${json(customers)}::jsonb) as x(id uuid, name text, email text)`);
    const tickets = rows.map((r, i) => ({
      id: r.ticket,
      reference: `${day}-${Number(last) - COUNT + 1 + i}`,
      customer_id: customers[i].id,
      assignee_id: r.assignee.id,
      team_id: r.assignee.teamId,
      received_at: iso(r.startedAt),
    }));
    await tx.execute(dsql`insert into tickets (id, reference, channel, category, subject, body, status, customer_id, assignee_id, team_id, received_at, created_at, updated_at)
      select x.id, x.reference, 'email', 'general', '인증서 재발급 문의', '인증서 재발급 절차를 알려 주세요.', 'open', x.customer_id, x.assignee_id, x.team_id, x.received_at, x.received_at, x.received_at
      from jsonb_to_recordset(${json(tickets)}::jsonb) as x(id uuid, reference text, customer_id uuid, assignee_id uuid, team_id uuid, received_at timestamptz)`);
    const timers = rows.map((r) => ({
      id: r.timer,
      ticket_id: r.ticket,
      metric: r.metric,
      started_at: iso(r.startedAt),
      due_at: iso(r.due),
      policy_id: r.policyId,
    }));
    await tx.execute(dsql`insert into sla_timers (id, ticket_id, metric, state, started_at, period, due_at, warn_at, warned_at, policy_id, calendar_version)
      select x.id, x.ticket_id, x.metric, 'running', x.started_at, ${json(period)}::jsonb, x.due_at, null, null, x.policy_id, ${cal.version}
      from jsonb_to_recordset(${json(timers)}::jsonb) as x(id uuid, ticket_id uuid, metric text, started_at timestamptz, due_at timestamptz, policy_id int)`);
  });
  if (Date.now() > start) throw new Error(`planting took longer than ${LEAD_S} s: the first clocks were due before they were committed`);
  return { ids: rows.map((r) => r.timer), firstDue: rows[0].due, lastDue: rows[rows.length - 1].due };
}

/** Waits until every planted timer is breached or `deadline` passes; returns latencies in ms. */
async function latencies(sql: postgres.Sql, p: Planted, deadline: number): Promise<{ ms: number[]; missing: number }> {
  for (;;) {
    const [{ n }] = await sql<
      { n: string }[]
    >`select count(*) as n from sla_timers where id = any(${p.ids}::uuid[]) and state = 'breached'`;
    if (Number(n) === p.ids.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rows = await sql<{ ms: number | null }[]>`
    select extract(epoch from (breach_detected_at - due_at)) * 1000 as ms from sla_timers where id = any(${p.ids}::uuid[])`;
  const ms = rows.filter((r) => r.ms !== null).map((r) => Number(r.ms));
  return { ms, missing: rows.length - ms.length };
}

/**
 * The baseline's sweeper: what a worker was before the deadline watch — pg-boss running the
 * every-minute sla.sweep cron (schedule already in the database) and a worker for it, here in the
 * bench process, with no poll loop.
 */
async function startCronOnlySweeper(url: string): Promise<{ stop: () => Promise<void> }> {
  const boss = createBoss(url);
  boss.on("error", () => {});
  await boss.start();
  await boss.work("sla.sweep", async () => {
    await sweepOnce();
  });
  return { stop: () => boss.stop({ graceful: true, timeout: 10_000, wait: true }) };
}

async function run(ctx: BenchContext, rec: Recorder) {
  const staff = await ensureBenchStaff(ctx.sql);
  rec.method.push(
    `Workers: one \`node --import tsx server/worker.ts\` child process — its deadline watch (a poll loop: every second three LIMIT-1 index probes for a due clock, warning or escalation, and sweepOnce() when one is, again at once while a round found work) and pg-boss with the every-minute sla.sweep — on the bench database with its ${fmt(ctx.tickets)} tickets. Before planting, one sweepOnce() in the bench process breaches whatever came due since the seed, so that the worker starts from a desk that is up to date.`,
    `Planted: ${fmt(COUNT)} open, assigned e-mail tickets, each with one running timer due at an evenly spread moment of one minute (${LEAD_S}–${LEAD_S + WINDOW_S} s ahead: one clock every ${fmt((WINDOW_S * 1000) / COUNT, 1)} ms) (first_reply and handoff alternately: half of them open a guarantee case with its notifications when breached), inserted in one transaction — nothing but the rows, as the ticket service writes them. Latency = breach_detected_at − due_at, read back once all are breached (or ${WINDOW_S + 90} s after the last deadline).`,
    `Baseline: the worker is stopped and another ${fmt(COUNT)} are planted the same way, with only the every-minute sweep running (pg-boss in the bench process: the sla.sweep cron * * * * * and a worker for it, no deadline watch) — what the desk did for clocks without a job of their own.`,
  );
  const dataDir = path.join(ctx.dir ?? path.resolve(".data", "bench", String(process.pid)), "processes");
  mkdirSync(dataDir, { recursive: true });
  const caught = await sweepOnce({ now: new Date() });
  rec.note(
    `Catch-up sweep before planting: ${fmt(caught.breached)} breaches, ${fmt(caught.warned)} warnings, ${fmt(caught.escalated)} escalations that had come due since the seed.`,
  );
  const worker = startNode(
    "server/worker.ts",
    { DATABASE_URL: ctx.url, DATA_DIR: dataDir, SESSION_SECRET: "bench-session-secret-not-for-production", NODE_ENV: "production" },
    "worker process",
  );
  let s: ReturnType<typeof summarize>;
  let a: { ms: number[]; missing: number };
  let rss: number | null = null;
  try {
    await worker.waitFor(/Job workers started/, 120_000);
    const watched = await plant(ctx.sql, staff, `w${Date.now()}`);
    a = await latencies(ctx.sql, watched, watched.lastDue + (WINDOW_S + 90) * 1000);
    s = summarize(a.ms);
    ctx.log(`  deadline watch: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms, ${a.missing} not breached`);
    rss = memoryOf(worker.child.pid!)?.hwmMiB ?? null;
  } finally {
    await stopChild(worker.child);
  }
  const sweeper = await startCronOnlySweeper(ctx.url);
  let t: ReturnType<typeof summarize>;
  try {
    const sweepOnly = await plant(ctx.sql, staff, `s${Date.now()}`);
    const b = await latencies(ctx.sql, sweepOnly, sweepOnly.lastDue + (WINDOW_S + 90) * 1000);
    t = summarize(b.ms);
    ctx.log(`  sweep only: p50 ${fmt(t.p50)} ms, p99 ${fmt(t.p99)} ms, max ${fmt(t.max)} ms, ${b.missing} not breached`);
  } finally {
    await sweeper.stop();
  }
  rec.figure({
    label: `burst of ${fmt(COUNT)} timers due within ${WINDOW_S} s, worker running: p99 of breach_detected_at − due_at (p50 ${fmt(s.p50 / 1000, 2)} s, max ${fmt(s.max / 1000, 2)} s${a.missing ? `, ${a.missing} never breached` : ""})`,
    value: s.p99 / 1000,
    unit: "s",
    baseline: { label: "the every-minute sweep alone, p99", value: t.p99 / 1000, unit: "s" },
    target: "≤ 1 s",
    pass: a.missing === 0 && s.p99 <= 1_000,
  });
  if (rss !== null) rec.figure({ label: "worker process peak RSS (VmHWM) after the run", value: rss, unit: "MiB" });
}

export const breachLatencyBench: Bench = { name: "breach-latency", title: "Breach latency with workers running", needsSeed: true, run };
