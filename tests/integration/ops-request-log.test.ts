// The request log (server/request-log.ts) on a real Express app: one JSON line per request with
// its id, route id, status, duration and staff id and nothing a person typed; the id comes back
// as X-Request-Id and is written into the audit entries the request makes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import express from "express";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { noteStaff } from "~/core/request-context.server";
import { recordAudit } from "~/security/audit.server";
import { logError } from "~/core/log.server";
import { requestLog, routeMatcher } from "../../server/request-log";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const STAFF_ID = "0190a0a0-0000-7000-8000-000000000001";
let lines: Array<Record<string, unknown>> = [];
let server: http.Server;
let port = 0;

const routes = {
  root: { id: "root", path: "" },
  "routes/_index": { id: "routes/_index", parentId: "root", index: true },
  "routes/track.$code": { id: "routes/track.$code", parentId: "root", path: "track/:code" },
  "routes/api.v1.tickets.$id": { id: "routes/api.v1.tickets.$id", parentId: "root", path: "api/v1/tickets/:id" },
};

beforeAll(async () => {
  // The desk's logger, writing into this test instead of stdout (same library, same options).
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  (globalThis as Record<symbol, unknown>)[Symbol.for("desk.logger")] = pino(
    { level: "info", timestamp: pino.stdTimeFunctions.isoTime },
    sink,
  );
  const app = express();
  app.use(requestLog(routeMatcher(routes)));
  app.get("/api/v1/tickets/:id", async (_req, res) => {
    noteStaff(STAFF_ID);
    await recordAudit({ actor: "token:CTI", action: "ticket.read", targetType: "ticket", targetId: "T-1" });
    res.status(200).json({ ok: true });
  });
  app.get("/track/:code", (_req, res) => res.status(404).send("no"));
  app.get("/boom", (_req, res) => {
    logError("boom: something failed", new Error("broken"));
    res.status(500).send("x");
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("desk.logger")];
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  lines = [];
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function requestLines() {
  // The line is written when the response finishes, which the client may see first.
  for (let i = 0; i < 50 && !lines.some((l) => l.msg === "request"); i++) await new Promise((r) => setTimeout(r, 10));
  return lines.filter((l) => l.msg === "request");
}

describe("request log", () => {
  it("one JSON line with id, route id, status, duration and staff id; the same id in X-Request-Id and the audit entry", async () => {
    const reply = await get("/api/v1/tickets/T-1");
    expect(reply.status).toBe(200);
    const id = String(reply.headers["x-request-id"]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [line, ...more] = await requestLines();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      level: 30,
      requestId: id,
      route: "routes/api.v1.tickets.$id",
      status: 200,
      staffId: STAFF_ID,
      method: "GET",
    });
    expect(typeof line.durationMs).toBe("number");
    expect(typeof line.time).toBe("string");
    const rows = await db().execute(sql`select details->>'requestId' as request_id from audit_log where action = 'ticket.read'`);
    expect(rows.map((r) => r.request_id)).toEqual([id]);
  });

  it("names the route, never the path: a customer's tracking code stays out of the log", async () => {
    const reply = await get("/track/SECRETCODE123");
    expect(reply.status).toBe(404);
    const [line] = await requestLines();
    expect(line).toMatchObject({ route: "routes/track.$code", status: 404 });
    expect(JSON.stringify(lines)).not.toContain("SECRETCODE123");
    expect(line.staffId).toBeUndefined();
  });

  it("names the route of single-fetch data requests (path.data, _root.data), not the 404 catch-all", () => {
    const withSplat = { ...routes, "routes/$": { id: "routes/$", parentId: "root", path: "*" } };
    const match = routeMatcher(withSplat);
    expect(match("/track/ABC.data")).toBe("routes/track.$code");
    expect(match("/api/v1/tickets/T-1.data")).toBe("routes/api.v1.tickets.$id");
    expect(match("/_root.data")).toBe("routes/_index");
    expect(match("/.data")).not.toBe("routes/$");
    expect(match("/nowhere")).toBe("routes/$");
    expect(match("/build/entry.client-X.js")).toBe("static");
  });

  it("keeps a well-formed X-Request-Id from a proxy and replaces one that could forge log content", async () => {
    const kept = await get("/track/x", { "X-Request-Id": "proxy-abc-12345678" });
    expect(kept.headers["x-request-id"]).toBe("proxy-abc-12345678");
    for (const forged of ['a"} {"level":60', "short", "x".repeat(101)]) {
      const reply = await get("/track/x", { "X-Request-Id": forged });
      expect(reply.headers["x-request-id"]).not.toBe(forged);
      expect(String(reply.headers["x-request-id"])).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("a 5xx is an error line, and an error logged while serving carries the request id", async () => {
    const reply = await get("/boom");
    const id = String(reply.headers["x-request-id"]);
    const [line] = await requestLines();
    expect(line).toMatchObject({ level: 50, status: 500, route: "unmatched", requestId: id });
    const error = lines.find((l) => l.msg === "boom: something failed");
    expect(error).toMatchObject({ level: 50, requestId: id });
    expect(String(error?.err)).toContain("broken");
  });
});
