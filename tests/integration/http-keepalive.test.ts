// An answer given before the request body was read (a 413, a refusal) must not break the client's
// next request on the same keep-alive connection: the desk closes such a connection instead.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityMiddleware } from "../../server/http";

let server: http.Server;
let port = 0;

beforeAll(async () => {
  const app = express();
  app.use(securityMiddleware);
  // Like the API's body limit: refuse by Content-Length without reading the body.
  app.post("/api/v1/tickets", (req, res) => {
    res
      .status(413)
      .type("application/problem+json")
      .send(JSON.stringify({ status: 413, title: "Payload Too Large" }));
  });
  app.get("/healthz", (_req, res) => {
    res.send("ok");
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function send(agent: http.Agent, method: string, path: string, body?: Buffer): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: body ? { "Content-Type": "application/json", "Content-Length": String(body.length), Authorization: "Bearer x" } : {},
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

describe("keep-alive after an early answer", () => {
  it("an oversized body answered 413, then two normal requests on one keep-alive agent: all answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(8 * 1024 * 1024, 0x61);
      const refused = await send(agent, "POST", "/api/v1/tickets", big);
      expect(refused.status).toBe(413);
      expect(refused.connection).toBe("close");
      expect((await send(agent, "GET", "/healthz")).status).toBe(200);
      expect((await send(agent, "GET", "/healthz")).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it("a request whose body was read keeps its connection", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(agent, "GET", "/healthz");
      expect(first.connection).toBe("keep-alive");
    } finally {
      agent.destroy();
    }
  });
});
