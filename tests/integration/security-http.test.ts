// The HTTP defences of server/http.ts on a real Express app: headers with a fresh CSP nonce per
// request, the client address (spoofing refused), and the Origin check on state-changing requests.
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOrigin, contentSecurityPolicy, getLoadContext, securityMiddleware, trustProxySetting } from "../../server/http";

let server: http.Server;
let port = 0;
let reached: Array<{ method: string; path: string; ip: unknown; context: unknown }> = [];

beforeAll(async () => {
  const app = express();
  app.set("trust proxy", trustProxySetting());
  app.use(securityMiddleware);
  app.all("*", (req, res) => {
    reached.push({ method: req.method, path: req.path, ip: req.headers["x-desk-client-ip"], context: getLoadContext(req, res) });
    res.status(200).send("reached");
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
});

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string };

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const length = body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(body)) };
    const req = http.request(
      { host: "127.0.0.1", port, method, path, headers: { Host: `localhost:${port}`, ...length, ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("security headers", () => {
  it("every response has the CSP with a new nonce, nosniff, referrer and permissions policies, no framing", async () => {
    const a = await send("GET", "/login");
    const b = await send("GET", "/login");
    const csp = String(a.headers["content-security-policy"]);
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(String(b.headers["content-security-policy"])).not.toContain(nonce);
    expect(csp).toBe(contentSecurityPolicy(nonce!));
    for (const directive of [
      "script-src 'self' 'nonce-",
      "style-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(a.headers["x-content-type-options"]).toBe("nosniff");
    expect(a.headers["referrer-policy"]).toBe("same-origin");
    expect(a.headers["x-frame-options"]).toBe("DENY");
    expect(a.headers["permissions-policy"]).toContain("camera=()");
    // Remix gets the same nonce through the load context.
    expect((reached.at(-1)!.context as { cspNonce: string }).cspNonce).toBe(
      /'nonce-([^']+)'/.exec(String(b.headers["content-security-policy"]))![1],
    );
  });

  it("HSTS only when the desk is served over https", async () => {
    expect((await send("GET", "/")).headers["strict-transport-security"]).toBeUndefined();
    const before = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://desk.example.kr";
    try {
      expect((await send("GET", "/")).headers["strict-transport-security"]).toContain("max-age=");
    } finally {
      if (before === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = before;
    }
  });
});

describe("the client's address", () => {
  it("replaces whatever the client sent as x-desk-client-ip", async () => {
    reached = [];
    await send("GET", "/x", { "x-desk-client-ip": "1.2.3.4" });
    expect(reached[0].ip).toBe("127.0.0.1");
    expect((reached[0].context as { clientIp: string }).clientIp).toBe("127.0.0.1");
  });

  it("TRUST_PROXY: loopback only by default, or what the operator says", () => {
    expect(trustProxySetting(undefined)).toBe("loopback");
    // By default a neighbour on the same private network cannot choose its address with X-Forwarded-For.
    const probe = express();
    probe.set("trust proxy", trustProxySetting(undefined));
    const trusts = probe.get("trust proxy fn") as (address: string, hop: number) => boolean;
    expect(trusts("10.1.2.3", 0)).toBe(false);
    expect(trusts("192.168.0.7", 0)).toBe(false);
    expect(trusts("fd00::1", 0)).toBe(false);
    expect(trusts("127.0.0.1", 0)).toBe(true);
    expect(trusts("::1", 0)).toBe(true);
    expect(trustProxySetting("false")).toBe(false);
    expect(trustProxySetting("1")).toBe(1);
    expect(trustProxySetting("10.0.0.0/8")).toBe("10.0.0.0/8");
  });

  it("a forwarded address counts only from a trusted proxy (here: loopback)", async () => {
    reached = [];
    await send("GET", "/x", { "X-Forwarded-For": "203.0.113.9" });
    expect(reached[0].ip).toBe("203.0.113.9");
    // An app that trusts no proxy ignores the header (what TRUST_PROXY=false does when exposed directly).
    const direct = express();
    direct.set("trust proxy", trustProxySetting("false"));
    direct.use(securityMiddleware);
    let seen: unknown;
    direct.get("*", (req, res) => {
      seen = req.headers["x-desk-client-ip"];
      res.end();
    });
    const s = direct.listen(0, "127.0.0.1");
    await new Promise((r) => s.once("listening", r));
    await new Promise<void>((resolve) =>
      http.get(
        { host: "127.0.0.1", port: (s.address() as AddressInfo).port, path: "/", headers: { "X-Forwarded-For": "203.0.113.9" } },
        (res) => res.resume().on("end", resolve),
      ),
    );
    await new Promise((r) => s.close(r));
    expect(seen).toBe("127.0.0.1");
  });
});

describe("CSRF: the Origin check", () => {
  it("refuses cross-origin posts to pages with a plain 403 page, before any route runs", async () => {
    let refused = 0;
    for (const [method, headers] of [
      ["POST", { Origin: "https://evil.example" }],
      ["POST", { Origin: `http://localhost:${port + 1}` }],
      ["PUT", { Origin: "https://evil.example" }],
      ["PATCH", { Origin: "https://evil.example" }],
      ["DELETE", { Origin: "https://evil.example" }],
      ["POST", { Referer: "https://evil.example/form.html" }],
      ["POST", { Origin: "null" }],
      ["POST", { "Sec-Fetch-Site": "cross-site" }],
      ["POST", { Origin: "null", "Sec-Fetch-Site": "same-site" }],
      ["POST", { Origin: "not a url" }],
      ["POST", { Referer: "::garbage::" }],
    ] as const) {
      reached = [];
      const res = await send(method, "/desk/tickets/260101-0001", { ...form, ...headers }, "intent=assign&assignee=me");
      expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
      expect(res.headers["content-type"]).toContain("text/html");
      expect(res.body).toContain("요청을 처리할 수 없습니다");
      expect(res.body).toContain("Request refused");
      expect(reached).toEqual([]);
      refused++;
    }
    console.log(`[security-http] cross-origin form posts tried ${refused}, refused ${refused}, reached a route 0`);
  });

  it("lets same-origin posts, GETs, the bearer-token API and signed webhooks through", async () => {
    const ok = [
      await send("POST", "/login", { ...form, Origin: `http://localhost:${port}` }, "a=1"),
      await send("POST", "/login", { ...form, Referer: `http://localhost:${port}/login` }, "a=1"),
      // A page with Referrer-Policy: no-referrer (the portal's track page) makes browsers send Origin: null.
      await send("POST", "/track/260101-0001", { ...form, Origin: "null", "Sec-Fetch-Site": "same-origin" }, "a=1"),
      await send("GET", "/desk", { Origin: "https://evil.example" }),
      await send("POST", "/api/v1/tickets", { "Content-Type": "application/json", Origin: "https://evil.example" }, "{}"),
      await send("POST", "/webhooks/twilio/sms", { ...form, Origin: "https://evil.example" }, "a=1"),
      // No browser headers at all: a program, which has no victim's cookie to ride on.
      await send("POST", "/login", form, "a=1"),
    ];
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  });

  it("accepts PUBLIC_URL's origin behind a proxy that rewrites Host", () => {
    const before = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://desk.example.kr/";
    try {
      expect(
        checkOrigin({ method: "POST", path: "/login", headers: { host: "127.0.0.1:3000", origin: "https://desk.example.kr" } }),
      ).toMatchObject({ allowed: true });
      expect(
        checkOrigin({ method: "POST", path: "/login", headers: { host: "127.0.0.1:3000", origin: "http://desk.example.kr" } }),
      ).toMatchObject({ allowed: false });
      expect(
        checkOrigin({
          method: "POST",
          path: "/login",
          headers: { host: "127.0.0.1:3000", origin: "https://desk.example.kr.evil.example" },
        }),
      ).toMatchObject({ allowed: false });
    } finally {
      if (before === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = before;
    }
  });
});
