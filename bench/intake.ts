// Bench 2 — intake: POST /api/v1/tickets through the real server (server/start.ts as a child
// process, WORKERS=1, a worker process beside it) at 50 connections with autocannon, against a
// trivial JSON route of the same server; peak memory of both processes under that load.
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createApiToken } from "../app/auth/tokens.server";
import { refreshSlaReport } from "../app/reports/rollup.server";
import type { Bench, BenchContext, Recorder } from "./lib/context";
import { memoryOf, startNode, stopChild } from "./lib/children";
import { fmt } from "./lib/results";
import { resetStatements, statementCalls, topStatements } from "./lib/statements";
import { sampleActivity } from "./lib/activity";
import { pidCpuSeconds, postgresCpuSeconds, processCpuSeconds } from "./lib/cpu";
import { freePort } from "../db/embedded";
import { profileByKind, profileTable, PROFILE_KINDS, type CpuProfile } from "./lib/profile";

const CONNECTIONS = 50;
const SECONDS = 20;
/** A light load, where the trivial route's own latency is low: what one intake takes when the machine is not the queue. */
const LIGHT_CONNECTIONS = 4;
const LIGHT_SECONDS = 10;
/** The profiled runs (web process, V8 sampling profiler), after the measured ones. */
const PROFILE_SECONDS = 10;
/** The steady (open-loop) load: requests sent at this rate whatever the answers, latency per request. */
const STEADY_RATE = 50;
const STEADY_SECONDS = 20;

const CHANNELS = ["web", "email", "phone", "sms", "visit"] as const;
const CATEGORIES = ["general", "kyc", "certificate", "account", "fees", "auto_debit"];

/** A different, valid contact every time: new customers mostly, some returning. */
function contact(n: number) {
  const channel = CHANNELS[n % CHANNELS.length];
  const customerNo = n % 10 === 0 ? n - 10 : n;
  const email = channel === "phone" || channel === "sms" ? undefined : `intake-${process.pid}-${customerNo}@example.com`;
  const phone =
    channel === "email" || channel === "web"
      ? undefined
      : `010-${String(2000 + (customerNo % 7000)).padStart(4, "0")}-${String(customerNo % 10000).padStart(4, "0")}`;
  return JSON.stringify({
    channel,
    category: CATEGORIES[n % CATEGORIES.length],
    subject: "공동인증서 등록 오류 문의",
    body: "은행 앱에서 발급받은 인증서를 등록하려고 하면 '인증서를 찾을 수 없습니다'라고 나옵니다. 확인 부탁드립니다.",
    customer: { name: "김하늘", email, phone, preferredContact: email ? "email" : "sms" },
    callbackRequested: channel === "phone" && n % 2 === 0,
  });
}

type Load = {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  errors: number;
  statuses: Record<string, number>;
  cpu?: CpuUse;
};
type CpuUse = { web: number; worker: number; postgres: number; loadgen: number };

/** CPU seconds used by each side during fn (web, worker, PostgreSQL, the load generator). */
async function withCpuOf<T extends Load>(pids: { web: number; worker: number; pgdata: string | null }, fn: () => Promise<T>): Promise<T> {
  const a = {
    web: pidCpuSeconds(pids.web) ?? 0,
    worker: pidCpuSeconds(pids.worker) ?? 0,
    postgres: postgresCpuSeconds(pids.pgdata) ?? 0,
    loadgen: processCpuSeconds(),
  };
  const out = await fn();
  out.cpu = {
    web: (pidCpuSeconds(pids.web) ?? 0) - a.web,
    worker: (pidCpuSeconds(pids.worker) ?? 0) - a.worker,
    postgres: (postgresCpuSeconds(pids.pgdata) ?? 0) - a.postgres,
    loadgen: processCpuSeconds() - a.loadgen,
  };
  return out;
}

/** A load run with the web process's CPU profiler on for as long (POST /bench/profile). */
async function profiled(url: string, run: (seconds: number) => Promise<Load>): Promise<{ load: Load; profile: CpuProfile }> {
  const answer = fetch(`${url}/bench/profile?seconds=${PROFILE_SECONDS}`, { method: "POST" });
  // The profiler starts as the request arrives; the load right after it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const [load, response] = await Promise.all([run(PROFILE_SECONDS), answer]);
  if (!response.ok) throw new Error(`POST /bench/profile answered ${response.status}: ${await response.text()}`);
  return { load, profile: (await response.json()) as CpuProfile };
}

/** CPU milliseconds per successful request, the server's side only (web + worker + PostgreSQL). */
const cpuPerRequest = (l: Load) => (l.cpu ? ((l.cpu.web + l.cpu.worker + l.cpu.postgres) * 1000) / Math.max(1, l.ok) : NaN);

/**
 * Open loop, evenly paced: request i is sent at start + i / rate whatever the answers (one
 * keep-alive pool), and its latency counts from that scheduled moment, so a late answer or a late
 * send is never hidden. (autocannon's overallRate gives each connection its own timer, started
 * together, so its 50 connections at 1 request a second each sent bursts of 50 at once.)
 */
async function paced(
  url: string,
  options: { method: "POST"; headers?: Record<string, string>; body: (n: number) => string; seconds: number; rate: number },
): Promise<Load> {
  const total = Math.round(options.rate * options.seconds);
  const gapMs = 1000 / options.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let other = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const at = start + i * gapMs;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body = options.body(i);
    inFlight.push(
      fetch(url, { method: options.method, headers: { "content-type": "application/json", ...options.headers }, body })
        .then(async (res) => {
          await res.arrayBuffer();
          latencies.push(performance.now() - at);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status >= 200 && res.status < 300) ok++;
          else other++;
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(inFlight);
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { rps: ok / options.seconds, p50: Math.round(at(0.5)), p99: Math.round(at(0.99)), ok, other, errors, statuses };
}

async function load(
  url: string,
  options: {
    method: "GET" | "POST";
    headers?: Record<string, string>;
    body?: (n: number) => string;
    seconds: number;
    connections: number;
    overallRate?: number;
  },
): Promise<Load> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: options.connections,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    duration: options.seconds,
    method: options.method,
    headers: { "content-type": "application/json", ...options.headers },
    requests: options.body
      ? [
          {
            setupRequest: (req: Record<string, unknown>) => {
              req.body = options.body!(n++);
              return req;
            },
          },
        ]
      : undefined,
  } as autocannon.Options);
  const statuses: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = Number((v as { count: number }).count);
  const ok = result["2xx"];
  return {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    other: result.non2xx,
    errors: result.errors,
    statuses,
  };
}

async function run(ctx: BenchContext, rec: Recorder) {
  const base = path.join(ctx.dir ?? path.resolve(".data", "bench", String(process.pid)), "processes");
  mkdirSync(base, { recursive: true });
  const [staffRow] = await ctx.sql<{ id: string }[]>`select id from staff where email = 'bench-manager1@desk.example'`;
  const { token } = await createApiToken({ name: "bench-intake", role: "manager", staffId: staffRow?.id ?? null });
  const port = await freePort();
  const env = {
    DATABASE_URL: ctx.url,
    PORT: String(port),
    HOST: "127.0.0.1",
    WORKERS: "1",
    SEED_DEMO: "never",
    DATA_DIR: base,
    NODE_ENV: "production",
    BENCH_TRIVIAL_ROUTE: "1",
    SESSION_SECRET: "bench-session-secret-not-for-production",
    // The per-token limit (600/min by default) would answer 429 long before the server is busy;
    // an operator raises it the same way for a bulk import.
    API_RATE_LIMIT_PER_MINUTE: "10000000",
  };
  rec.method.push(
    `The server: \`node --import tsx server/start.ts\` as a child process (what \`npm start\` runs, without the tsx wrapper, so that its pid is the server's) with WORKERS=1 (pg-boss workers in the web process, the shipped default), SEED_DEMO=never, DATABASE_URL = the bench database, HOST=127.0.0.1, BENCH_TRIVIAL_ROUTE=1 and API_RATE_LIMIT_PER_MINUTE=10,000,000 (the per-token limit of 600 a minute would otherwise answer 429 from the 11th request a second; the limiter's counter is still hit on every request); beside it one \`server/worker.ts\` process. Both use the desk's default pool of 10 connections.`,
    `Load: autocannon in the bench process, ${CONNECTIONS} connections, ${SECONDS} s per run, after a 5 s warm-up at 10 connections. Intake = POST /api/v1/tickets with a bearer token (manager role), each request a different valid contact (web, email, phone, sms, visit; new customers except every tenth; callbacks on half the phone calls) — every ticket goes through createTicket(): customer, reference, ticket, message, events, the acknowledgment in the outbox, SLA timers — and the response is the ticket as the API returns it. Baseline = POST /bench/trivial with the same kind of body (app/routes/bench.trivial.ts: reads and parses the JSON, answers a constant; only with BENCH_TRIVIAL_ROUTE=1), measured before and after the intake run and averaged. Throughput counts 2xx answers only.`,
    `Memory: VmHWM (peak resident set) of the web and worker processes from /proc/<pid>/status after the runs, and VmRSS sampled every 500 ms during the intake run.`,
    `Statements: pg_stat_statements calls during the intake run (every process on the bench database, the bench's own pg_stat_activity sampling left out) per created ticket; BEGIN and COMMIT count as statements.`,
    `Steady state first: the benches before this one changed hundreds of thousands of clocks (the recomputation alone moves 200,000), which the SLA roll-up's per-minute refresh would otherwise catch up with inside the timed run (in one record run it took 16 of PostgreSQL's 25 CPU seconds there). The bench therefore runs refreshSlaReport() until it finds little to do, and VACUUM (ANALYZE) on the tables those benches churned, before the server starts; the worker's own per-minute refresh still runs during the measurement, on what intake itself changes.`,
    `Steady load: after the 50-connection runs, the trivial route and then intake at a steady ${STEADY_RATE} requests a second for ${STEADY_SECONDS} s each (open loop, evenly paced: request i is sent at start + i/${STEADY_RATE} s whatever the answers, over a keep-alive pool — fetch — and its latency counts from that scheduled moment; autocannon's overallRate was not used because it starts one timer per connection at once, which sent bursts of 50), far below saturation: the latency an integration sending at that rate sees. Target p99 ≤ 50 ms (issue 23).`,
    `Light load: after the 50-connection runs, the trivial route and then intake at ${LIGHT_CONNECTIONS} connections for ${LIGHT_SECONDS} s each — the latency of one intake when requests do not queue for the machine's two cores.`,
    `Profile: last, the trivial route and intake once more at ${CONNECTIONS} connections for ${PROFILE_SECONDS} s each, with the web process's V8 sampling profiler on for the same ${PROFILE_SECONDS} s (POST /bench/profile, app/routes/bench.profile.ts, only with BENCH_TRIVIAL_ROUTE=1; 1 ms interval). Each sample's own frame is sorted into a kind of work (bench/lib/profile.ts) and divided by the requests answered in the run; these runs are not the measured ones (the profiler costs a few per cent).`,
  );

  const t0 = performance.now();
  let refreshes = 0;
  for (; refreshes < 5; refreshes++) {
    const r = await refreshSlaReport();
    if (r.skipped || r.tickets < 1_000) break;
  }
  await ctx.sql.unsafe("vacuum (analyze) sla_timers, tickets, ticket_events, notifications, guarantee_cases, sla_report_facts");
  ctx.log(`  steady state: ${refreshes + 1} roll-up refresh(es) and VACUUM in ${fmt((performance.now() - t0) / 1000, 1)} s`);

  const web = startNode("server/start.ts", env, "web process");
  const worker = startNode("server/worker.ts", { ...env, PORT: "0" }, "worker process");
  try {
    await web.waitFor(/The desk is ready on/, 600_000);
    await worker.waitFor(/Job workers started/, 120_000);
    const url = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    const body = (n: number) => contact(n);
    // Warm-up: JIT, pools, caches.
    await load(`${url}/api/v1/tickets`, { method: "POST", headers: auth, body, seconds: 5, connections: 10 });
    await load(`${url}/bench/trivial`, { method: "POST", body, seconds: 3, connections: 10 });

    const pids = { web: web.child.pid!, worker: worker.child.pid!, pgdata: ctx.dir ? `${ctx.dir}/pg` : null };
    const trivial1 = await withCpuOf(pids, () =>
      load(`${url}/bench/trivial`, { method: "POST", body, seconds: SECONDS, connections: CONNECTIONS }),
    );
    ctx.log(`  trivial: ${fmt(trivial1.rps)} req/s, p50 ${trivial1.p50} ms, p99 ${trivial1.p99} ms`);
    await resetStatements(ctx.sql);
    const samples: Array<{ web: number; worker: number }> = [];
    const sampler = setInterval(() => {
      const w = memoryOf(web.child.pid!);
      const k = memoryOf(worker.child.pid!);
      if (w && k) samples.push({ web: w.rssMiB, worker: k.rssMiB });
    }, 500);
    const activity = sampleActivity(ctx.sql);
    let offset = 1_000_000;
    const intake = await withCpuOf(pids, () =>
      load(`${url}/api/v1/tickets`, {
        method: "POST",
        headers: auth,
        body: (n) => contact(offset + n),
        seconds: SECONDS,
        connections: CONNECTIONS,
      }),
    ).finally(() => clearInterval(sampler));
    rec.detail("What the PostgreSQL backends were doing during the intake run", await activity.stop());
    offset += 1_000_000;
    ctx.log(
      `  intake: ${fmt(intake.rps)} tickets/s, p50 ${intake.p50} ms, p99 ${intake.p99} ms, statuses ${JSON.stringify(intake.statuses)}`,
    );
    const top = await topStatements(ctx.sql, 12);
    const calls = await statementCalls(ctx.sql);
    const trivial2 = await withCpuOf(pids, () =>
      load(`${url}/bench/trivial`, { method: "POST", body, seconds: SECONDS, connections: CONNECTIONS }),
    );
    ctx.log(`  trivial again: ${fmt(trivial2.rps)} req/s, p50 ${trivial2.p50} ms, p99 ${trivial2.p99} ms`);
    const health = await load(`${url}/healthz`, { method: "GET", seconds: 10, connections: CONNECTIONS });
    const lightTrivial = await load(`${url}/bench/trivial`, {
      method: "POST",
      body,
      seconds: LIGHT_SECONDS,
      connections: LIGHT_CONNECTIONS,
    });
    const lightIntake = await load(`${url}/api/v1/tickets`, {
      method: "POST",
      headers: auth,
      body: (n) => contact(offset + n),
      seconds: LIGHT_SECONDS,
      connections: LIGHT_CONNECTIONS,
    });
    // Open loop, evenly paced, far below saturation: the latency a steady integration sees.
    const steadyTrivial = await paced(`${url}/bench/trivial`, {
      method: "POST",
      body,
      seconds: STEADY_SECONDS,
      rate: STEADY_RATE,
    });
    const steadyIntake = await paced(`${url}/api/v1/tickets`, {
      method: "POST",
      headers: auth,
      body: (n) => contact(offset + 300_000 + n),
      seconds: STEADY_SECONDS,
      rate: STEADY_RATE,
    });
    ctx.log(
      `  steady ${STEADY_RATE} req/s: trivial p99 ${steadyTrivial.p99} ms; intake p50 ${steadyIntake.p50} ms, p99 ${steadyIntake.p99} ms (${fmt(steadyIntake.rps)} tickets/s)`,
    );
    ctx.log(
      `  at ${LIGHT_CONNECTIONS} connections: trivial p50 ${lightTrivial.p50} ms, p99 ${lightTrivial.p99} ms; intake ${fmt(lightIntake.rps)} tickets/s, p50 ${lightIntake.p50} ms, p99 ${lightIntake.p99} ms`,
    );

    const trivialRps = (trivial1.rps + trivial2.rps) / 2;
    rec.figure({
      label: `POST /api/v1/tickets at ${CONNECTIONS} connections: tickets created per second (${fmt(intake.ok)} in ${SECONDS} s${intake.other ? `, ${fmt(intake.other)} non-2xx` : ""}${intake.errors ? `, ${fmt(intake.errors)} errors` : ""})`,
      value: intake.rps,
      unit: "req/s",
      baseline: { label: "POST /bench/trivial, same server (mean of before and after)", value: trivialRps, unit: "req/s" },
      target: "≥ 0.4× trivial",
      pass: intake.rps >= 0.4 * trivialRps && intake.other === 0,
      note: `${(intake.rps / trivialRps).toFixed(2)}× the trivial route`,
    });
    rec.figure({
      label: `POST /api/v1/tickets latency p99 at ${CONNECTIONS} connections`,
      value: intake.p99,
      unit: "ms",
      baseline: { label: "trivial route p99", value: Math.max(trivial1.p99, trivial2.p99), unit: "ms" },
      // Issue 23 sets the 50 ms target at a steady 50 requests/s (figure below), not at saturation.
      note: `p50 ${intake.p50} ms (trivial p50 ${trivial1.p50}/${trivial2.p50} ms)`,
    });
    const cpuIntake = cpuPerRequest(intake);
    const cpuTrivial = (cpuPerRequest(trivial1) + cpuPerRequest(trivial2)) / 2;
    if (Number.isFinite(cpuIntake)) {
      rec.figure({
        label: "server CPU per created ticket (web + worker + PostgreSQL processes)",
        value: cpuIntake,
        unit: "ms",
        baseline: { label: "per trivial request", value: cpuTrivial, unit: "ms" },
        note: `intake costs ${fmt(cpuIntake / cpuTrivial, 1)}× the trivial route's CPU (so ${(cpuTrivial / cpuIntake).toFixed(2)}× its rate if CPU were all that limited it); during intake: web ${fmt(intake.cpu!.web, 1)} s, worker ${fmt(intake.cpu!.worker, 1)} s, PostgreSQL ${fmt(intake.cpu!.postgres, 1)} s, autocannon ${fmt(intake.cpu!.loadgen, 1)} s of CPU in ${SECONDS} s`,
      });
    }
    if (calls !== null) {
      rec.figure({
        label: "statements per created ticket (every process; BEGIN and COMMIT included)",
        value: calls / Math.max(1, intake.ok),
        unit: "",
        note: `${fmt(calls)} statements for ${fmt(intake.ok)} tickets; by statement in the details below`,
      });
    }
    rec.figure({
      label: `POST /api/v1/tickets latency p99 at ${LIGHT_CONNECTIONS} connections (light load)`,
      value: lightIntake.p99,
      unit: "ms",
      baseline: { label: `trivial route p99 at ${LIGHT_CONNECTIONS} connections`, value: lightTrivial.p99, unit: "ms" },
      note: `p50 ${lightIntake.p50} ms (trivial ${lightTrivial.p50} ms); ${fmt(lightIntake.rps)} tickets/s (trivial ${fmt(lightTrivial.rps)} req/s)${lightIntake.other ? `; ${fmt(lightIntake.other)} non-2xx` : ""}`,
    });
    rec.figure({
      label: `POST /api/v1/tickets latency p99 at a steady ${STEADY_RATE} requests/s (open loop, ${STEADY_SECONDS} s)`,
      value: steadyIntake.p99,
      unit: "ms",
      baseline: { label: `trivial route p99 at the same rate`, value: steadyTrivial.p99, unit: "ms" },
      target: "≤ 50 ms",
      pass: steadyIntake.ok > 0 && steadyIntake.other === 0 && steadyIntake.p99 <= 50,
      note: `p50 ${steadyIntake.p50} ms (trivial ${steadyTrivial.p50} ms); ${fmt(steadyIntake.ok)} tickets${steadyIntake.other ? `; ${fmt(steadyIntake.other)} non-2xx` : ""}`,
    });
    const trivialProfiled = await profiled(url, (seconds) =>
      load(`${url}/bench/trivial`, { method: "POST", body, seconds, connections: CONNECTIONS }),
    );
    const intakeProfiled = await profiled(url, (seconds) =>
      load(`${url}/api/v1/tickets`, {
        method: "POST",
        headers: auth,
        body: (n) => contact(offset + 500_000 + n),
        seconds,
        connections: CONNECTIONS,
      }),
    );
    rec.detail(
      `Where the web process's time goes: V8 CPU profile, ${PROFILE_SECONDS} s at ${CONNECTIONS} connections per route`,
      profileTable([
        { label: "POST /bench/trivial", profile: trivialProfiled.profile, requests: trivialProfiled.load.ok },
        { label: "POST /api/v1/tickets", profile: intakeProfiled.profile, requests: intakeProfiled.load.ok },
      ]),
    );
    rec.note(profileFinding(trivialProfiled, intakeProfiled, intake));
    // Little's law for a closed loop of N connections: mean latency = N / throughput. The trivial
    // route's own throughput bounds how low any route's latency can be at 50 connections.
    const trivialMeanMs = (CONNECTIONS / trivialRps) * 1000;
    rec.note(
      `What the machine allows at ${CONNECTIONS} connections: every connection always has a request waiting, so the mean latency is ${CONNECTIONS} ÷ throughput (Little's law). The trivial route's own ${fmt(trivialRps)} req/s put its mean at ${fmt(trivialMeanMs)} ms (its p99: ${Math.max(trivial1.p99, trivial2.p99)} ms); a p99 of 50 ms at ${CONNECTIONS} connections needs well over ${fmt((CONNECTIONS / 50) * 1000)} req/s — ${trivialMeanMs > 50 ? "more than this server answers for a route that does nothing, so on this machine the target cannot be met by any route" : "within what the trivial route reaches here"}. At ${LIGHT_CONNECTIONS} connections (figure above) one intake takes p50 ${lightIntake.p50} ms, p99 ${lightIntake.p99} ms.`,
    );
    rec.figure({
      label: "GET /healthz (one SELECT 1) at 50 connections",
      value: health.rps,
      unit: "req/s",
      note: `p50 ${health.p50} ms, p99 ${health.p99} ms`,
    });
    const wm = memoryOf(web.child.pid!);
    const km = memoryOf(worker.child.pid!);
    const peakWeb = Math.max(0, ...samples.map((s) => s.web));
    const peakWorker = Math.max(0, ...samples.map((s) => s.worker));
    if (wm)
      rec.figure({
        label: "web process peak RSS (VmHWM) after the runs",
        value: wm.hwmMiB,
        unit: "MiB",
        note: `highest VmRSS sampled during intake: ${fmt(peakWeb, 0)} MiB`,
      });
    if (km)
      rec.figure({
        label: "worker process peak RSS (VmHWM) after the runs",
        value: km.hwmMiB,
        unit: "MiB",
        note: `highest VmRSS sampled during intake: ${fmt(peakWorker, 0)} MiB`,
      });
    if (intake.other)
      rec.note(`Non-2xx answers during intake: ${JSON.stringify(intake.statuses)}; server output tail: ${web.output().slice(-500)}`);
    if (top) rec.detail("Server time per statement during the intake run (pg_stat_statements)", top);
  } finally {
    await Promise.all([stopChild(web.child), stopChild(worker.child)]);
  }
}

/** The kinds of work that make intake's web-side cost, beside the trivial route's, in one sentence. */
function profileFinding(trivial: { load: Load; profile: CpuProfile }, intake: { load: Load; profile: CpuProfile }, measured: Load): string {
  const per = (p: { load: Load; profile: CpuProfile }) => {
    const { totalMs, byKind } = profileByKind(p.profile);
    const n = Math.max(1, p.load.ok);
    return { total: totalMs / n, kinds: new Map([...byKind].map(([k, ms]) => [k, ms / n])) };
  };
  const t = per(trivial);
  const i = per(intake);
  const busy = (x: typeof t) => x.total - (x.kinds.get("idle (waiting for I/O)") ?? 0);
  const extra = PROFILE_KINDS.filter((k) => k !== "idle (waiting for I/O)")
    .map((k) => ({ k, ms: (i.kinds.get(k) ?? 0) - (t.kinds.get(k) ?? 0) }))
    .sort((a, b) => b.ms - a.ms);
  const top = extra
    .slice(0, 4)
    .map((e) => `${e.k} ${fmt(e.ms, 2)} ms`)
    .join(", ");
  const pgPerTicket = measured.cpu ? (measured.cpu.postgres * 1000) / Math.max(1, measured.ok) : NaN;
  const cpu = measured.cpu;
  const used = cpu ? cpu.web + cpu.worker + cpu.postgres + cpu.loadgen : NaN;
  const cores = availableParallelism();
  return `Where intake's cost lies (profile in the details below): the web process is busy ${fmt(busy(i), 2)} ms per created ticket against ${fmt(busy(t), 2)} ms per trivial request; of the difference the largest parts are ${top}. PostgreSQL adds ${fmt(pgPerTicket, 2)} ms of CPU per ticket (measured run; its statements in the details below). In the measured run the web process used ${fmt(cpu?.web ?? NaN, 1)} s of CPU in ${SECONDS} s — its JavaScript runs on one thread, so it can use at most ${SECONDS} s — and all processes together ${fmt(used, 1)} of the ${fmt(cores * SECONDS)} CPU seconds of the machine's ${cores} cores.`;
}

export const intakeBench: Bench = { name: "intake", title: "Intake: POST /api/v1/tickets at 50 connections", needsSeed: true, run };
