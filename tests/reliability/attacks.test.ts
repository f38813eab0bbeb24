// Attack test (f): insecure direct object references and forged requests, all refused.
//   - a tracking token of one ticket used on another (the portal);
//   - the portal's access cookie of one ticket used on another;
//   - forged Twilio signatures (none, random, wrong token, other URL, altered parameters);
//   - cross-origin form posts carrying a signed-in staff member's cookie;
//   - (an agent of team A on a ticket of team B: tests/integration/access-control.test.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import express from "express";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket, getTicketDetail } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$reference";
import { action as deskTicketAction } from "~/routes/desk.tickets.$reference";
import { action as smsWebhook } from "~/routes/webhooks.twilio.sms";
import { action as voiceWebhook } from "~/routes/webhooks.twilio.voice";
import { action as recordingWebhook } from "~/routes/webhooks.twilio.voice.recording";
import { getLoadContext, securityMiddleware, trustProxySetting } from "../../server/http";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://desk.test";
const TOKEN = "attack-test-auth-token-0123456789";
const PUBLIC = "https://desk.example.org";

beforeAll(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.PUBLIC_URL = PUBLIC;
});

function intake(name: string, subject: string): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject,
    body: `${name}의 문의`,
    customer: { name, email: `${name}@example.com` },
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

async function thrown(promise: Promise<unknown>): Promise<Response | "returned"> {
  try {
    const value = await promise;
    return value instanceof Response ? value : "returned";
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const tally = { tried: 0, refused: 0, fiveHundreds: 0 };
function refused(ok: boolean, status: number) {
  tally.tried++;
  if (ok) tally.refused++;
  if (status >= 500) tally.fiveHundreds++;
  return ok;
}

afterAll(() => {
  console.log(
    `[attacks] cases tried ${tally.tried}, refused ${tally.refused}, accepted ${tally.tried - tally.refused}, 5xx ${tally.fiveHundreds}`,
  );
});

describe("the portal: one ticket's secrets never open another", () => {
  it("a tracking token of ticket A on ticket B (and every other mix) is a 404, with no access granted", async () => {
    const a = await createTicket(intake("가나다", "A의 문의"), { kind: "customer" });
    const b = await createTicket(intake("라마바", "B의 문의"), { kind: "customer" });
    const probes: Array<[string, string]> = [
      [b.reference, a.trackingToken],
      [a.reference, b.trackingToken],
      [b.reference, a.trackingToken.slice(0, -1)],
      [b.reference, `${a.trackingToken}x`],
      [b.reference, ""],
      [b.reference, randomBytes(24).toString("base64url")],
      [`${b.reference}`, a.trackingToken.toUpperCase()],
    ];
    for (const [reference, token] of probes) {
      const res = await thrown(
        trackLoader({
          request: new Request(`${BASE}/track/${reference}?t=${encodeURIComponent(token)}`),
          params: { reference },
          context: { clientIp: "198.51.100.60" },
        }),
      );
      expect(res).toBeInstanceOf(Response);
      const response = res as Response;
      expect(
        refused(response.status === 404 && !response.headers.get("Set-Cookie"), response.status),
        `${reference} with a foreign token`,
      ).toBe(true);
    }
    // Control: the right token opens the right ticket.
    const good = (await thrown(
      trackLoader({
        request: new Request(`${BASE}/track/${a.reference}?t=${a.trackingToken}`),
        params: { reference: a.reference },
        context: { clientIp: "198.51.100.60" },
      }),
    )) as Response;
    expect(good.status).toBe(303);
    expect(good.headers.get("Set-Cookie")).toBeTruthy();
  });

  it("ticket A's access cookie neither shows nor changes ticket B", async () => {
    const a = await createTicket(intake("사아자", "A의 두 번째 문의"), { kind: "customer" });
    const b = await createTicket(intake("차카타", "B의 두 번째 문의"), { kind: "customer" });
    const granted = (await thrown(
      trackLoader({
        request: new Request(`${BASE}/track/${a.reference}?t=${a.trackingToken}`),
        params: { reference: a.reference },
        context: {},
      }),
    )) as Response;
    const cookie = granted.headers.get("Set-Cookie")!.split(";")[0];
    const view = (await thrown(
      trackLoader({
        request: new Request(`${BASE}/track/${b.reference}`, { headers: { Cookie: cookie } }),
        params: { reference: b.reference },
        context: {},
      }),
    )) as Response;
    expect(refused(view.status === 302 && /^\/lookup/.test(view.headers.get("Location") ?? ""), view.status)).toBe(true);

    const before = (await getTicketDetail(b.reference))!.messages.length;
    for (const intent of ["reply", "rate", "claim", "confirm"]) {
      const form = new FormData();
      form.set("intent", intent);
      form.set("body", "남의 문의에 끼어들기");
      form.set("score", "1");
      form.set("note", "보상 요구");
      const res = (await thrown(
        trackAction({
          request: new Request(`${BASE}/track/${b.reference}`, { method: "POST", body: form, headers: { Cookie: cookie } }),
          params: { reference: b.reference },
          context: {},
        }),
      )) as Response;
      expect(refused(res.status === 303 && /^\/lookup/.test(res.headers.get("Location") ?? ""), res.status), intent).toBe(true);
    }
    expect((await getTicketDetail(b.reference))!.messages.length).toBe(before);
  });
});

describe("Twilio webhooks: forged signatures", () => {
  const sid = (p: string) => `${p}${randomBytes(16).toString("hex")}`;
  const smsParams = () => ({
    MessageSid: sid("SM"),
    AccountSid: sid("AC"),
    From: "+821055556666",
    To: "+8215880000",
    Body: "위조된 문자",
    NumMedia: "0",
  });
  const callParams = () => ({ CallSid: sid("CA"), AccountSid: sid("AC"), From: "+821055556666", To: "+8215880000" });

  function signed(path: string, params: Record<string, string>, signature: string | null, bodyParams = params) {
    const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
    if (signature !== null) headers.set("X-Twilio-Signature", signature);
    return new Request(`http://10.0.0.5:3000${path}`, { method: "POST", headers, body: new URLSearchParams(bodyParams).toString() });
  }

  it("refuses every forgery with 403 and stores nothing", async () => {
    const count = async () =>
      Number((await db().execute<{ n: number }>(sql`select (select count(*) from tickets) + (select count(*) from messages) as n`))[0].n);
    const before = await count();
    const routes = [
      ["/webhooks/twilio/sms", smsWebhook, smsParams],
      ["/webhooks/twilio/voice", voiceWebhook, callParams],
      ["/webhooks/twilio/voice/recording", recordingWebhook, callParams],
    ] as const;
    for (const [path, action, make] of routes) {
      const p = make() as Record<string, string>;
      const forgeries: Array<[string, Request]> = [
        ["no signature", signed(path, p, null)],
        ["random signature", signed(path, p, randomBytes(20).toString("base64"))],
        ["empty signature", signed(path, p, "")],
        ["signed with another token", signed(path, p, twilio.getExpectedTwilioSignature("another-token", `${PUBLIC}${path}`, p))],
        ["signed for another URL", signed(path, p, twilio.getExpectedTwilioSignature(TOKEN, `https://evil.example${path}`, p))],
        ["signed for another path", signed(path, p, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/other`, p))],
        [
          "parameters altered after signing",
          signed(path, p, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, p), { ...p, From: "+821099998888" }),
        ],
        [
          "parameter added after signing",
          signed(path, p, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, p), { ...p, Body: "추가된 본문" }),
        ],
      ];
      for (const [what, request] of forgeries) {
        const res = (await action({ request, params: {}, context: { clientIp: "198.51.100.61" } })) as Response;
        expect(refused(res.status === 403, res.status), `${path}: ${what} → ${res.status}`).toBe(true);
      }
    }
    expect(await count()).toBe(before);
    // Control: the genuine request is taken.
    const p = smsParams();
    const ok = (await smsWebhook({
      request: signed("/webhooks/twilio/sms", p, twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/webhooks/twilio/sms`, p)),
      params: {},
      context: {},
    })) as Response;
    expect(ok.status).toBe(200);
    expect(await count()).toBeGreaterThan(before);
  });
});

describe("cross-origin form posts with a staff member's cookie", () => {
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    // The desk's middleware in front of the real ticket action (what server/start.ts mounts).
    const app = express();
    app.set("trust proxy", trustProxySetting());
    app.use(securityMiddleware);
    app.post("/desk/tickets/:reference", async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const request = new Request(`http://localhost:${port}${req.originalUrl}`, {
        method: "POST",
        headers: { "Content-Type": String(req.headers["content-type"]), Cookie: String(req.headers.cookie ?? "") },
        body: Buffer.concat(chunks),
      });
      try {
        const out = await deskTicketAction({ request, params: { reference: req.params.reference }, context: getLoadContext(req, res) });
        res.status(out instanceof Response ? out.status : 200).end();
      } catch (error) {
        res.status(error instanceof Response ? error.status : 500).end();
      }
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  function post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path,
          headers: {
            Host: `localhost:${port}`,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  it("are refused with 403 before the action runs; the same post from the desk's own page works", async () => {
    const agent = await createStaffMember({
      email: "csrf-victim@desk.test",
      name: "피해자",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const cookie = (await startSession(new Request(BASE), agent.id)).split(";")[0];
    const { reference } = await createTicket(intake("공격대상", "CSRF 대상 문의"), { kind: "customer" });
    const note = "intent=note&body=" + encodeURIComponent("공격자가 남긴 메모");
    const before = (await getTicketDetail(reference))!.messages.length;
    const attempts: Array<Record<string, string>> = [
      { Origin: "https://evil.example" },
      { Origin: "null" },
      { Referer: "https://evil.example/csrf.html" },
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: `http://localhost:${port}.evil.example` },
      { Origin: `http://localhost.evil.example:${port}` },
      { Origin: "https://evil.example", Referer: `http://localhost:${port}/desk` },
    ];
    for (const headers of attempts) {
      const res = await post(`/desk/tickets/${reference}`, note, { Cookie: cookie, ...headers });
      expect(refused(res.status === 403 && res.body.includes("Request refused"), res.status), JSON.stringify(headers)).toBe(true);
    }
    expect((await getTicketDetail(reference))!.messages.length).toBe(before);
    const own = await post(`/desk/tickets/${reference}`, note, { Cookie: cookie, Origin: `http://localhost:${port}` });
    expect(own.status).toBeLessThan(400);
    expect((await getTicketDetail(reference))!.messages.length).toBe(before + 1);
  });
});

// Staff of one team on another team's ticket: tests/integration/access-control.test.ts.
