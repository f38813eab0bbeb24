// Prometheus metrics (prom-client): what the desk promised and how it keeps up, for a center's
// monitoring. Figures held in the database are computed when Prometheus scrapes, with one cheap
// aggregate query each, so every web process answers the same numbers; the request-duration
// histogram is this process's own. One registry per process, on globalThis (server/ and the Remix
// build each hold a copy of this module).
import { sql } from "drizzle-orm";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { db } from "~/db/connection";
import { latestBackup } from "./backup-schedule.server";
import { singleton } from "~/lib/process-global";

type DeskMetrics = { registry: Registry; httpDuration: Histogram<"route" | "status_class"> };

async function rows<T extends Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await db().execute<T>(query)) as unknown as T[];
}

function build(): DeskMetrics {
  const registry = new Registry();
  const httpDuration = new Histogram({
    name: "desk_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by Remix route id and status class (2xx, 4xx, 5xx…).",
    labelNames: ["route", "status_class"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: "desk_sla_timers_running",
    help: "Clocks running now (not paused, met, breached or cancelled), by metric.",
    labelNames: ["metric"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await rows<{ metric: string; n: number }>(
        sql`select metric, count(*)::int as n from sla_timers where state = 'running' group by metric`,
      )) {
        this.set({ metric: r.metric }, r.n);
      }
    },
  });
  new Counter({
    name: "desk_sla_breaches_total",
    help: "Clocks that ran out (broken promises) since the desk began, by metric and the ticket's channel. A breach is never undone.",
    labelNames: ["metric", "channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const found = await rows<{ metric: string; channel: string; n: number }>(sql`
        select t.metric, k.channel, count(*)::int as n
        from sla_timers t join tickets k on k.id = t.ticket_id
        where t.state = 'breached' group by t.metric, k.channel`);
      for (const r of found) this.inc({ metric: r.metric, channel: r.channel }, r.n);
    },
  });
  new Gauge({
    name: "desk_guarantee_cases_open",
    help: "Service guarantee cases not yet closed.",
    registers: [registry],
    async collect() {
      const [r] = await rows<{ n: number }>(sql`select count(*)::int as n from guarantee_cases where status <> 'closed'`);
      this.set(r?.n ?? 0);
    },
  });
  const outbox = async (): Promise<Array<{ channel: string; status: string; n: number }>> =>
    rows(sql`select channel, status, count(*)::int as n from notifications where status in ('queued', 'failed') group by channel, status`);
  new Gauge({
    name: "desk_outbox_pending",
    help: "Notifications waiting to be delivered (including retries), by channel.",
    labelNames: ["channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const channel of ["email", "sms"]) this.set({ channel }, 0);
      for (const r of await outbox()) if (r.status === "queued") this.set({ channel: r.channel }, r.n);
    },
  });
  new Gauge({
    name: "desk_outbox_failed",
    help: "Notifications that failed after every retry (the dead letters), by channel.",
    labelNames: ["channel"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const channel of ["email", "sms"]) this.set({ channel }, 0);
      for (const r of await outbox()) if (r.status === "failed") this.set({ channel: r.channel }, r.n);
    },
  });
  new Gauge({
    name: "desk_sweep_lag_seconds",
    help: "Now minus the oldest deadline that has passed on a clock still running (0 when none): how far enforcement is behind.",
    registers: [registry],
    async collect() {
      const [r] = await rows<{ lag: number | null }>(sql`
        select extract(epoch from now() - min(due_at))::float8 as lag from sla_timers where state = 'running' and due_at <= now()`);
      this.set(Math.max(0, Number(r?.lag ?? 0)));
    },
  });
  new Gauge({
    name: "desk_job_queue_depth",
    help: "Jobs waiting in each pg-boss queue (created or waiting to retry), as pg-boss's getQueueSize counts them.",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const exists = await rows<{ ok: boolean }>(sql`select to_regclass('pgboss.job') is not null as ok`);
      if (!exists[0]?.ok) return;
      const found = await rows<{ name: string; n: number }>(sql`
        select q.name, count(j.id)::int as n from pgboss.queue q
        left join pgboss.job j on j.name = q.name and j.state < 'active'
        group by q.name`);
      for (const r of found) this.set({ queue: r.name }, r.n);
    },
  });
  // The newest whole backup in BACKUP_DIR, read from the files (0 when there is none).
  new Gauge({
    name: "desk_backup_last_success_timestamp_seconds",
    help: "When the newest whole backup in BACKUP_DIR was written (Unix seconds); 0 when there is none or BACKUP_DIR is not set.",
    registers: [registry],
    async collect() {
      const latest = await latestBackup().catch(() => null);
      this.set(latest ? Math.floor(latest.at.getTime() / 1000) : 0);
    },
  });
  new Gauge({
    name: "desk_backup_last_size_bytes",
    help: "Size of the newest whole backup in BACKUP_DIR (gzip'd), in bytes; 0 when there is none.",
    registers: [registry],
    async collect() {
      const latest = await latestBackup().catch(() => null);
      this.set(latest?.bytes ?? 0);
    },
  });
  return { registry, httpDuration };
}

function metrics(): DeskMetrics {
  return singleton("metrics", build);
}

/** Records one answered request (called by the request log middleware). */
export function observeRequest(routeId: string, status: number, durationMs: number): void {
  metrics().httpDuration.observe({ route: routeId, status_class: `${Math.floor(status / 100)}xx` }, durationMs / 1000);
}

/** The exposition text and its content type. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
