// A local HTTP server that speaks the part of Twilio's REST API the desk uses:
// POST /2010-04-01/Accounts/{AccountSid}/Messages.json with form fields To, From (or
// MessagingServiceSid) and Body, HTTP Basic auth with the account SID and auth token; it answers
// 201 with the message resource as JSON (a `sid` "SM…"), or Twilio's error JSON.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type FakeSms = {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  accountSid: string;
};

export type FakeTwilio = {
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted (201). */
  messages: FakeSms[];
  /** Every POST to Messages.json, accepted or not. */
  requests: number;
  /** Answer the next `times` requests with `status` (Infinity: until told otherwise). */
  failNext: (status: number, times?: number) => void;
  stop: () => Promise<void>;
};

const E164 = /^\+[1-9]\d{7,14}$/;

export async function startFakeTwilio(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const messages: FakeSms[] = [];
  let failure: { status: number; left: number } | null = null;
  let requests = 0;

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, code: number, message: string) =>
    json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://fake");
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
      if (!match || req.method !== "POST") return error(res, 404, 20404, "The requested resource was not found");
      requests++;
      const auth = req.headers.authorization ?? "";
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
      if (auth !== expected || match[1] !== accountSid) return error(res, 401, 20003, "Authenticate");
      if (failure && failure.left > 0) {
        failure.left--;
        const status = failure.status;
        if (failure.left === 0) failure = null;
        return error(res, status, status >= 500 ? 20500 : 21000, "Simulated failure");
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const to = form.get("To") ?? "";
      const from = form.get("From");
      const messagingServiceSid = form.get("MessagingServiceSid");
      const body = form.get("Body") ?? "";
      if (!E164.test(to)) return error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (!from && !messagingServiceSid) return error(res, 400, 21603, "A 'From' phone number is required.");
      if (!body) return error(res, 400, 21602, "Message body is required.");
      const sid = `SM${randomBytes(16).toString("hex")}`;
      messages.push({ sid, to, from, messagingServiceSid, body, accountSid });
      const now = new Date().toUTCString();
      json(res, 201, {
        sid,
        account_sid: accountSid,
        to,
        from,
        messaging_service_sid: messagingServiceSid,
        body,
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: now,
        date_updated: now,
        date_sent: null,
        price: null,
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    get requests() {
      return requests;
    },
    failNext: (status, times = Number.POSITIVE_INFINITY) => {
      failure = { status, left: times };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
