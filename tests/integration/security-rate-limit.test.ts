// Rate limits kept in PostgreSQL: exact under concurrency, within a process and across processes,
// fixed windows, and applied per API token (429 problem+json), per client on /inquiry (the form
// comes back with what was typed) and on the Twilio webhooks.
import { spawn } from "node:child_process";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import * as portalLimits from "~/portal/rate-limit.server";
import { hit, rateLimitKey, SECURITY_LIMITS } from "~/security/rate-limit.server";
import { action as inquiryAction } from "~/routes/inquiry";
import { loader as listLoader } from "~/routes/api.v1.tickets";
import { action as smsWebhook } from "~/routes/webhooks.twilio.sms";
import { useTestDatabase } from "../support/db";

useTestDatabase();

describe("the counter", () => {
  it("counts every one of 200 concurrent hits exactly once", async () => {
    const rule = { name: "concurrency-test", limit: 150, windowSeconds: 3600 };
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 200 }, () => hit(rule, "same subject", now)));
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(150);
    console.log(
      `[rate-limit] concurrent hits tried 200, counted ${new Set(results.map((r) => r.count)).size}, allowed ${results.filter((r) => r.allowed).length} of limit 150`,
    );
  });

  it("counts the concurrent hits of several processes exactly once, across processes", async () => {
    // Each process takes its own concurrent hits to the row together (one statement for many);
    // the row in PostgreSQL orders the statements of every process.
    const rule = { name: "process-test", limit: 200, windowSeconds: 3600 };
    const processes = 3;
    const each = 90;
    const now = Date.now();
    const children = Array.from({ length: processes }, () => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "tests/support/rate-limit-hits.ts", rule.name, String(rule.limit), "same subject", String(each), String(now)],
        {
          env: process.env,
          stdio: ["pipe", "pipe", "inherit"],
        },
      );
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
      const line = (n: number) =>
        new Promise<string>((resolve, reject) => {
          const check = () => {
            const lines = out.split("\n");
            if (lines.length > n) resolve(lines[n - 1]);
          };
          child.stdout!.on("data", check);
          child.on("exit", (code) => reject(new Error(`hit process exited (${code}): ${out}`)));
          check();
        });
      return { child, line };
    });
    try {
      expect(await Promise.all(children.map((c) => c.line(1)))).toEqual(Array(processes).fill("ready"));
      for (const c of children) c.child.stdin!.write("go\n");
      const results = (await Promise.all(children.map((c) => c.line(2)))).flatMap(
        (l) => JSON.parse(l) as Array<{ count: number; allowed: boolean }>,
      );
      expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: processes * each }, (_, i) => i + 1));
      expect(results.filter((r) => r.allowed)).toHaveLength(rule.limit);
      const [row] = await db().execute<{ count: number }>(
        sql`select count from rate_limits where key = ${rateLimitKey(rule, "same subject")}`,
      );
      expect(Number(row.count)).toBe(processes * each);
      console.log(
        `[rate-limit] ${processes} processes × ${each} concurrent hits: counted ${results.length} distinct, allowed ${results.filter((r) => r.allowed).length} of limit ${rule.limit}`,
      );
    } finally {
      for (const c of children) c.child.kill();
    }
  }, 120_000);

  it("starts a new count in the next window and says how long to wait", async () => {
    const rule = { name: "window-test", limit: 2, windowSeconds: 60 };
    const t = new Date("2026-05-04T00:00:10Z");
    await hit(rule, "x", t);
    await hit(rule, "x", t);
    const third = await hit(rule, "x", t);
    expect(third).toEqual({ allowed: false, count: 3, retryAfterSeconds: 50 });
    expect((await hit(rule, "x", new Date("2026-05-04T00:01:00Z"))).count).toBe(1);
  });

  it("stores no subject in the clear, and the portal uses the same counters", async () => {
    await hit(SECURITY_LIMITS.inquiryPerIp, "203.0.113.77");
    const rows = await db().execute<{ key: string }>(sql`select key from rate_limits where key like 'inquiry-ip:%'`);
    expect(rows.map((r) => r.key)).toEqual([rateLimitKey(SECURITY_LIMITS.inquiryPerIp, "203.0.113.77")]);
    expect(rows[0].key).not.toContain("203.0.113.77");
    expect(portalLimits.hit).toBe(hit);
  });
});

describe("per API token", () => {
  it("answers 429 problem+json with Retry-After past the limit, per token", async () => {
    const before = process.env.API_RATE_LIMIT_PER_MINUTE;
    process.env.API_RATE_LIMIT_PER_MINUTE = "5";
    try {
      const a = await createApiToken({ name: "busy", role: "agent" });
      const b = await createApiToken({ name: "quiet", role: "agent" });
      const get = (token: string) =>
        listLoader({
          request: new Request("http://desk.test/api/v1/tickets", { headers: { Authorization: `Bearer ${token}` } }),
          params: {},
          context: {},
        }) as Promise<Response>;
      const statuses: number[] = [];
      let last: Response | undefined;
      // The window is the clock's minute: seven requests that straddled a new minute would be
      // counted in two windows (and all allowed). Start well inside one.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      for (let i = 0; i < 7; i++) {
        last = await get(a.token);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(last!.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
      expect(Number(last!.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(await last!.json()).toMatchObject({ status: 429, title: "Too many requests" });
      expect((await get(b.token)).status).toBe(200);
    } finally {
      if (before === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
      else process.env.API_RATE_LIMIT_PER_MINUTE = before;
    }
  });
});

describe("per client on public endpoints", () => {
  it("/inquiry: past 60 posts in 15 minutes one address gets 429, the message, and what was typed", async () => {
    const post = (subject: string) => {
      const form = new FormData();
      form.set("subject", subject);
      form.set("name", "홍길동");
      return inquiryAction({
        request: new Request("http://desk.test/inquiry", { method: "POST", body: form }),
        params: {},
        context: { clientIp: "198.51.100.30" },
      });
    };
    for (let i = 0; i < SECURITY_LIMITS.inquiryPerIp.limit; i++) {
      const res = (await post(`시도 ${i}`)) as { init: ResponseInit | null };
      expect(res.init?.status).toBe(422); // the form is incomplete: counted all the same
    }
    const limited = (await post("마지막 시도")) as {
      data: { errors: Record<string, string>; values: Record<string, string> };
      init: ResponseInit | null;
    };
    expect(limited.init?.status).toBe(429);
    expect(new Headers(limited.init?.headers).get("Retry-After")).toMatch(/^\d+$/);
    expect(limited.data.errors._).toMatch(/^요청이 너무 많습니다\. \d+(분|초) 후에 다시 시도해 주세요\.$/);
    expect(limited.data.values).toMatchObject({ subject: "마지막 시도", name: "홍길동" });
    // Another client is not affected.
    const other = inquiryAction({
      request: new Request("http://desk.test/inquiry", { method: "POST", body: new FormData() }),
      params: {},
      context: { clientIp: "198.51.100.31" },
    });
    expect(((await other) as { init: ResponseInit | null }).init?.status).toBe(422);
  });

  it("Twilio webhooks: 429 before the signature is even read", async () => {
    const ip = "198.51.100.40";
    const rule = SECURITY_LIMITS.webhookPerIp;
    const windowMs = rule.windowSeconds * 1000;
    const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
    await db().execute(
      sql`insert into rate_limits (key, window_start, count) values (${rateLimitKey(rule, ip)}, ${windowStart.toISOString()}::timestamptz, ${rule.limit})`,
    );
    const res = (await smsWebhook({
      request: new Request("http://desk.test/webhooks/twilio/sms", {
        method: "POST",
        body: "From=%2B821012345678&Body=hi",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: {},
      context: { clientIp: ip },
    })) as Response;
    expect(res.status).toBe(429);
    expect(res.headers.get("Retry-After")).toMatch(/^\d+$/);
  });
});
