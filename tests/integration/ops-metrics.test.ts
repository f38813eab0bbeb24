// GET /metrics: refused without a token of role admin or metrics (problem+json), the Prometheus
// text with the desk's figures with one, and a breach counted the moment the sweep records it.
import { describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { authenticateBearer } from "~/auth/tokens.server";
import { observeRequest } from "~/ops/metrics.server";
import { sweepOnce } from "~/sla/sweep.server";
import { createTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { loader } from "~/routes/metrics";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const scrapeWith = (token?: string) =>
  loader({ request: new Request("http://desk.test/metrics", { headers: token ? { Authorization: `Bearer ${token}` } : {} }) });

function intake(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자격증 발급 문의",
    body: "발급 일정이 궁금합니다.",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-2222-3333" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

/** The value of one sample line (`name{labels} value`), or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (.+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(",") : [];
    if (wanted.every((w) => have.includes(w)) && (wanted.length > 0 || have.length === 0)) return Number(m[3]);
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("401 problem+json without a token, with a malformed one, and with an agent's token; a metrics token opens nothing else", async () => {
    const agent = await createApiToken({ name: "CTI", role: "agent" });
    const metricsToken = await createApiToken({ name: "Prometheus", role: "metrics" });
    for (const token of [undefined, "not a token", agent.token]) {
      const reply = await scrapeWith(token);
      expect(reply.status).toBe(401);
      expect(reply.headers.get("Content-Type")).toContain("application/problem+json");
      expect((await reply.json()).status).toBe(401);
    }
    expect(await authenticateBearer(`Bearer ${metricsToken.token}`)).toBeNull();
  });

  it("with an admin or metrics token: the named figures, and a breach increments its count", async () => {
    const admin = await createApiToken({ name: "ops", role: "admin" });
    const metricsToken = await createApiToken({ name: "Prometheus", role: "metrics" });
    observeRequest("routes/healthz", 200, 12);
    await createTicket(intake({ receivedAt: kst("2026-06-09T09:00:00") }), { kind: "customer" });

    const before = await scrapeWith(metricsToken.token);
    expect(before.status).toBe(200);
    expect(before.headers.get("Content-Type")).toContain("text/plain");
    const text = await before.text();
    for (const name of [
      "desk_sla_timers_running",
      "desk_sla_breaches_total",
      "desk_guarantee_cases_open",
      "desk_outbox_pending",
      "desk_outbox_failed",
      "desk_sweep_lag_seconds",
      "desk_http_request_duration_seconds",
      "desk_job_queue_depth",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain("# TYPE desk_sla_breaches_total counter");
    expect(sample(text, "desk_http_request_duration_seconds_count", { route: "routes/healthz", status_class: "2xx" })).toBe(1);
    const running = sample(text, "desk_sla_timers_running", { metric: "first_reply" }) ?? 0;
    expect(running).toBeGreaterThan(0);
    expect(sample(text, "desk_sla_breaches_total", { metric: "first_reply", channel: "web" }) ?? 0).toBe(0);
    // The reply deadline (1 working day) passed long ago and nothing swept it: the lag shows it.
    expect(sample(text, "desk_sweep_lag_seconds")).toBeGreaterThan(24 * 3600);

    await sweepOnce();
    const after = await (await scrapeWith(admin.token)).text();
    expect(sample(after, "desk_sla_breaches_total", { metric: "first_reply", channel: "web" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "desk_sla_timers_running", { metric: "first_reply" }) ?? 0).toBeLessThan(running);
    expect(sample(after, "desk_guarantee_cases_open")).toBeGreaterThanOrEqual(1);
    expect(sample(after, "desk_sweep_lag_seconds")).toBe(0);
    expect(sample(after, "desk_outbox_pending", { channel: "email" })).toBeGreaterThanOrEqual(1);
  });
});
