// SERVICE-STANDARDS §7 as an invariant over the whole database and the process output: personal
// numbers, typed every way people type them (em dash, minus sign, dots, slashes, underscores,
// full-width digits, spaced account numbers), are written through every path that takes text —
// the JSON API, every staff form (ticket page, log a contact, disclosure, remote support,
// guarantee desk, outages, maintenance, surveys), every public form (inquiry with an attachment,
// the tracking page's reply, rating and guarantee claim, the survey) and the inbound channels
// (email over SMTP, SMS and voice webhooks) — and then no text or JSON column of any table in any
// schema (found from information_schema; the pg-boss schema included) holds one of them raw, and
// neither does anything the process printed.
import { randomBytes } from "node:crypto";
import { format } from "node:util";
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import { startSession } from "~/auth/session.server";
import { kstDate } from "~/lib/time";
import { currentCalendar } from "~/sla/calendar.server";
import { installMaskedOutput } from "~/privacy/masked-output.server";
import { logError } from "~/core/log.server";
import { createStaffMember } from "~/staff/staff.server";
import * as listRoute from "~/routes/api.v1.tickets";
import * as actionRoute from "~/routes/api.v1.tickets.$reference.$action";
import { action as ticketPageAction } from "~/routes/desk.tickets.$reference";
import { action as logContactAction } from "~/routes/desk.log-contact";
import { action as disclosureAction } from "~/routes/desk.tickets.$reference_.disclosure";
import { action as remoteAction } from "~/routes/desk.tickets.$reference_.remote";
import { action as guaranteeCaseAction } from "~/routes/desk.guarantee.$id";
import { action as repeatVisitAction } from "~/routes/desk.guarantee._index";
import { action as outageNewAction } from "~/routes/desk.outages.new";
import { action as outageAction } from "~/routes/desk.outages.$id";
import { action as maintenanceAction } from "~/routes/desk.outages.maintenance.new";
import { action as surveysAction } from "~/routes/desk.surveys._index";
import { action as surveyAction } from "~/routes/survey.$token";
import { action as inquiryAction } from "~/routes/inquiry";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$reference";
import { loader as auditExportLoader } from "~/routes/admin.audit_.export";
import { action as smsAction } from "~/routes/webhooks.twilio.sms";
import { action as voiceAction } from "~/routes/webhooks.twilio.voice";
import { action as recordingAction } from "~/routes/webhooks.twilio.voice.recording";
import { startInboundSmtp, type InboundSmtp } from "../../server/inbound-smtp";
import { rawFindings, textHoldsRaw } from "../support/privacy-scan";
import { useTestDatabase } from "../support/db";

useTestDatabase();

// Distinctive digits, each typed a different way below.
const RRN = "8507152234561";
const CARD = "4518123498765432";
const ACCOUNT = "110987654321";
const RAW = [RRN, CARD, ACCOUNT];

const typings = [
  `주민번호 850715—2234561, 카드 4518 1234 9876 5432, 계좌 110-987-654321`,
  `주민 ８５０７１５－２２３４５６７１ 오타, ８５０７１５－２２３４５６１ / 카드 4518.1234.9876.5432 / 계좌 110 987 654321`,
  `850715−2234561 4518-1234-9876-5432, 110_987_654321`,
  `RRN 850715/2234561, card 4518123498765432, account 110987654321`,
  `850715.2234561 카드 ４５１８－１２３４－９８７６－５４３２ 계좌 110.987.654321`,
  `850715_2234561 4518/1234/9876/5432 110/987/654321`,
];
let turn = 0;
/** The next spelling of the three numbers (every path gets a different one in turn). */
const typed = () => typings[turn++ % typings.length];
/** Short enough for a 100-character field. */
const short = () => [`850715—2234561 110 987 654321`, `８５０７１５－２２３４５６１`, `4518.1234.9876.5432`, `110_987_654321`][turn++ % 4];

const BASE = "http://localhost";
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const TWILIO_TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC = "https://desk.example.org";

let token = "";
let cookie = "";
let output = "";
let smtp: InboundSmtp;

type Outcome = { status: number; location: string | null; body?: any };
async function run(
  fn: (args: any) => unknown,
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
): Promise<Outcome> {
  try {
    const result = await fn({ request, params, context });
    if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: await result.text() };
    const r = result as { type?: string; data?: unknown; init?: { status?: number } | null };
    if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, location: null, body: r.data };
    return { status: 200, location: null, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), body: await thrown.text() };
    throw thrown;
  }
}
/** A redirect after success (303/302), or the action's answer for the message. */
function ok(outcome: Outcome, what: string) {
  expect([302, 303], `${what}: ${JSON.stringify(outcome.body)?.slice(0, 400)}`).toContain(outcome.status);
}

function form(path: string, fields: Record<string, string>, options: { files?: File[]; cookie?: string | null } = {}): Request {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const f of options.files ?? []) body.append("files", f);
  const c = options.cookie === undefined ? cookie : options.cookie;
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: c ? { Cookie: c } : {} });
}

async function api(path: string, body: object): Promise<Response> {
  const request = new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const segments = path.split("/").filter(Boolean);
  if (segments.length === 3) return listRoute.action({ request, params: {}, context: {} } as any);
  return actionRoute.action({ request, params: { reference: segments[3], action: segments[4] }, context: {} } as any);
}

function twilioRequest(path: string, params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC}${path}`, params);
  return new Request(`http://10.0.0.5:3000${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature },
    body: new URLSearchParams(params).toString(),
  });
}
const sid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

async function ticketId(reference: string): Promise<string> {
  const [row] = await db().execute<{ id: string }>(sql`select id from tickets where reference = ${reference}`);
  return row.id;
}
async function latestReference(): Promise<string> {
  const [row] = await db().execute<{ reference: string }>(sql`select reference from tickets order by created_at desc, id desc limit 1`);
  return row.reference;
}

// What the process prints, after the masking every desk process installs at boot (server/boot.ts):
// the capture sits under it, so it records what would reach the terminal or the log collector.
const restore: Array<() => void> = [];
function captureOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write;
    stream.write = function (chunk: unknown, ...rest: unknown[]) {
      output += typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      return (write as (...a: unknown[]) => boolean).call(stream, chunk, ...rest);
    } as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  installMaskedOutput();
  // Vitest takes over console.*; a desk process's console writes to process.stdout/stderr.
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method];
    const stream = method === "log" || method === "info" || method === "debug" ? process.stdout : process.stderr;
    console[method] = (...args: unknown[]) => void stream.write(`${format(...args)}\n`);
    restore.push(() => (console[method] = original));
  }
}

beforeAll(async () => {
  process.env.TWILIO_AUTH_TOKEN = TWILIO_TOKEN;
  process.env.PUBLIC_URL = PUBLIC;
  captureOutput();
  token = (await createApiToken({ name: "privacy-probe", role: "manager" })).token;
  const manager = await createStaffMember({
    email: "privacy-manager@desk.test",
    name: "최민수",
    role: "admin",
    team: "complaints-1",
    password: "pw-123456789-long",
  });
  cookie = (await startSession(new Request(`${BASE}/login`), manager.id)).split(";")[0];
  smtp = await startInboundSmtp({ port: 0, host: "127.0.0.1", maxBytes: 512 * 1024, log: (l) => process.stdout.write(`${l}\n`) });
});

afterAll(async () => {
  await smtp?.stop();
  for (const undo of restore.reverse()) undo();
});

describe.sequential("personal numbers through every write path", () => {
  it("the JSON API: a ticket's whole life", async () => {
    const created = await api("/api/v1/tickets", {
      channel: "phone",
      subject: `분실 ${typed()}`,
      body: typed(),
      customer: { name: `홍길동 ${short()}`, phone: "010-1234-5678", preferredContact: "sms" },
      callbackRequested: true,
    });
    expect(created.status).toBe(201);
    const { reference } = await created.json();
    const path = (action: string) => `/api/v1/tickets/${reference}/${action}`;
    const steps: Array<[string, object]> = [
      ["assign", { assignee: "privacy-manager@desk.test" }],
      ["replies", { body: typed(), via: "sms" }],
      ["interim-notice", { reason: typed(), expectedBy: kstDate(Date.now() + 2 * 86400_000) }],
      ["callbacks", { outcome: "no_answer", note: typed() }],
      ["pause", { reason: typed() }],
      ["resume", {}],
      ["resolve", { answer: typed() }],
    ];
    for (const [action, body] of steps) expect((await api(path(action), body)).status, action).toBe(200);
  });

  it("the staff desk: log a contact, then every form of the ticket page", async () => {
    const logged = await run(
      logContactAction,
      form("/desk/log-contact", {
        channel: "phone",
        kind: "complaint",
        category: "general",
        subject: `전화 ${short()}`,
        body: typed(),
        name: `김고객 ${short()}`,
        email: "caller@example.com",
        phone: "010-2222-3333",
        preferredContact: "",
        requestedReplyBy: "",
        receivedAt: "",
        callbackRequested: "on",
      }),
    );
    ok(logged, "log contact");
    const reference = await latestReference();
    const page = (fields: Record<string, string>, files?: File[]) =>
      run(ticketPageAction, form(`/desk/tickets/${reference}`, fields, { files }), { reference });
    const steps: Array<Record<string, string>> = [
      { intent: "assign", assignee: "privacy-manager@desk.test" },
      { intent: "reply", body: typed(), via: "email" },
      { intent: "note", body: typed() },
      { intent: "interim", reason: typed(), expectedBy: kstDate(Date.now() + 3 * 86400_000), via: "email" },
      { intent: "callback", outcome: "reached", note: typed() },
      { intent: "pause", reason: typed() },
      { intent: "resume" },
      { intent: "resolve", answer: typed(), via: "email", confirm: "on" },
      // A dissatisfied happy call reopens the ticket.
      { intent: "happycall", satisfied: "no", score: "2", comment: typed() },
      { intent: "resolve", answer: typed(), via: "email", confirm: "on" },
      { intent: "happycall", satisfied: "yes", score: "4", comment: typed() },
      { intent: "close", confirm: "on" },
      { intent: "reopen", reason: typed() },
    ];
    for (const fields of steps) ok(await page(fields), fields.intent);
    ok(await page({ intent: "upload" }, [new File([PNG], `통장사본 ${short()}.png`, { type: "image/png" })]), "upload");
  });

  it("the staff desk: disclosure, remote support and praise/unkindness through log-contact", async () => {
    for (const kind of ["disclosure", "praise", "unkindness"]) {
      ok(
        await run(
          logContactAction,
          form("/desk/log-contact", {
            channel: "visit",
            kind,
            category: "general",
            subject: `방문 ${short()}`,
            body: typed(),
            name: `방문객 ${short()}`,
            email: "visitor@example.com",
            phone: "",
            staffName: `창구 ${short()}`,
            preferredContact: "",
            requestedReplyBy: "",
            receivedAt: "",
          }),
        ),
        `log ${kind}`,
      );
    }
    const [disclosure] = await db().execute<{ reference: string }>(
      sql`select reference from tickets where kind = 'disclosure' order by created_at desc limit 1`,
    );
    const ref = disclosure.reference;
    await run(ticketPageAction, form(`/desk/tickets/${ref}`, { intent: "assign", assignee: "privacy-manager@desk.test" }), {
      reference: ref,
    });
    ok(
      await run(disclosureAction, form(`/desk/tickets/${ref}/disclosure`, { intent: "extend", reason: typed(), via: "email" }), {
        reference: ref,
      }),
      "extend",
    );
    ok(
      await run(
        disclosureAction,
        form(`/desk/tickets/${ref}/disclosure`, {
          intent: "decide",
          decision: "partial",
          reason: typed(),
          objection: typed(),
          answer: typed(),
          via: "email",
        }),
        { reference: ref },
      ),
      "decide",
    );
    const remoteRef = await latestReference();
    ok(
      await run(remoteAction, form(`/desk/tickets/${remoteRef}/remote`, { intent: "request", problem: typed() }), { reference: remoteRef }),
      "remote request",
    );
    const { calendar } = await currentCalendar();
    let day = kstDate(Date.now() + 2 * 86400_000);
    while (!calendar.isWorkingDay(day)) day = kstDate(new Date(`${day}T12:00:00+09:00`).getTime() + 86400_000);
    const at = new Date(`${day}T10:00:00+09:00`).toISOString();
    ok(
      await run(
        remoteAction,
        form(`/desk/tickets/${remoteRef}/remote`, { intent: "schedule", at, join: `회의 번호 ${short()}`, reason: typed(), via: "email" }),
        { reference: remoteRef },
      ),
      "remote schedule",
    );
    ok(
      await run(remoteAction, form(`/desk/tickets/${remoteRef}/remote`, { intent: "outcome", outcome: "customer_absent", note: typed() }), {
        reference: remoteRef,
      }),
      "remote outcome",
    );
  });

  it("the public pages: inquiry with an attachment, the tracking page's reply, rating and claim; the guarantee desk", async () => {
    const inquiry = await run(
      inquiryAction,
      form(
        "/inquiry",
        {
          name: `이고객 ${short()}`,
          email: "web@example.com",
          phone: "",
          preferredContact: "",
          category: "general",
          subject: `문의 ${short()}`,
          body: typed(),
          requestedReplyBy: "",
          kind: "praise",
          staffName: `직원 ${short()}`,
          postalAddress: `서울시 중구 ${typed()}`,
          privacyConsent: "on",
        },
        { cookie: null, files: [new File([PNG], `${short()}.png`, { type: "image/png" })] },
      ),
      {},
      { clientIp: "192.0.2.10" },
    );
    ok(inquiry, "inquiry");
    const reference = await latestReference();
    // The tracking link is in the customer's receipt notification; opening it sets the portal cookie.
    const [n] = await db().execute<{ payload: { trackingUrl?: string } }>(sql`
      select payload from notifications where ticket_id = ${await ticketId(reference)} and payload ? 'trackingUrl' limit 1`);
    const url = n?.payload.trackingUrl;
    expect(url, "a tracking link was sent").toBeTruthy();
    const opened = await trackLoader({
      request: new Request(url!.replace(/^https?:\/\/[^/]+/, BASE)),
      params: { reference },
      context: {},
    } as any).catch((r: unknown) => r);
    const setCookie = (opened as Response).headers.get("Set-Cookie");
    expect(setCookie, "tracking cookie").toBeTruthy();
    const customer = setCookie!.split(";")[0];
    const track = (fields: Record<string, string>) =>
      run(trackAction, form(`/track/${reference}`, fields, { cookie: customer }), { reference });
    ok(await track({ intent: "reply", body: typed() }), "track reply");
    await run(ticketPageAction, form(`/desk/tickets/${reference}`, { intent: "assign", assignee: "privacy-manager@desk.test" }), {
      reference,
    });
    ok(
      await run(ticketPageAction, form(`/desk/tickets/${reference}`, { intent: "resolve", answer: typed(), via: "email", confirm: "on" }), {
        reference,
      }),
      "resolve for rating",
    );
    ok(await track({ intent: "rate", score: "2", comment: typed() }), "track rate");
    ok(await track({ intent: "claim", promise: "other", note: typed() }), "track claim");

    const [gc] = await db().execute<{ id: string }>(sql`select id from guarantee_cases where ticket_id = ${await ticketId(reference)}`);
    expect(gc, "a guarantee case from the claim").toBeTruthy();
    ok(
      await run(guaranteeCaseAction, form(`/desk/guarantee/${gc.id}`, { intent: "factCheck", result: typed(), deskAtFault: "yes" }), {
        id: gc.id,
      }),
      "fact check",
    );
    ok(await run(guaranteeCaseAction, form(`/desk/guarantee/${gc.id}`, { intent: "apology", apology: typed() }), { id: gc.id }), "apology");
    ok(await run(repeatVisitAction, form(`/desk/guarantee`, { intent: "repeatVisit", reference, note: typed() })), "repeat visit");
  });

  it("outages, maintenance, a survey campaign and its answer", async () => {
    const declared = await run(
      outageNewAction,
      form("/desk/outages/new", { service: `인터넷뱅킹 ${short()}`, description: typed(), startedAt: "" }),
    );
    ok(declared, "declare outage");
    const [outage] = await db().execute<{ id: string }>(sql`select id from outages order by started_at desc limit 1`);
    ok(
      await run(
        outageAction,
        form(`/desk/outages/${outage.id}`, { intent: "update", "update-message": typed(), "update-expectedRecoveryAt": "" }),
        { id: outage.id },
      ),
      "outage update",
    );
    ok(
      await run(
        outageAction,
        form(`/desk/outages/${outage.id}`, { intent: "resolve", "resolve-message": typed(), "resolve-resolvedAt": "" }),
        { id: outage.id },
      ),
      "outage resolve",
    );
    const starts = new Date(Date.now() + 10 * 86400_000);
    ok(
      await run(
        maintenanceAction,
        form("/desk/outages/maintenance/new", {
          service: `점검 ${short()}`,
          description: typed(),
          startsAt: starts.toISOString(),
          endsAt: new Date(starts.getTime() + 3600_000).toISOString(),
        }),
      ),
      "maintenance",
    );
    ok(
      await run(surveysAction, form("/desk/surveys", { intent: "launch", name: `설문 ${short()}`, closesOn: "", confirm: "on" })),
      "launch survey",
    );
    const [invitation] = await db().execute<{ payload: { surveyUrl: string } }>(
      sql`select payload from notifications where template = 'survey_invitation' limit 1`,
    );
    expect(invitation, "a survey invitation was sent").toBeTruthy();
    const surveyToken = invitation.payload.surveyUrl.split("/").pop()!;
    ok(
      await run(surveyAction, form(`/survey/${surveyToken}`, { score: "1", comment: typed() }, { cookie: null }), { token: surveyToken }),
      "survey answer",
    );
  });

  it("inbound email, SMS and voice (with a transcript)", async () => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({
        to: "desk@desk.example",
        from: `"고객 ${short()}" <mailer@example.com>`,
        subject: `메일 ${short()}`,
        text: typed(),
        messageId: `<${randomBytes(6).toString("hex")}@example.com>`,
      });
      await transport.sendMail({
        to: "desk@desk.example",
        from: "mailer2@example.com",
        subject: `첨부 ${short()}`,
        html: `<p>${typed()}</p>`,
        attachments: [{ filename: `${short()}.png`, content: PNG, contentType: "image/png" }],
      });
    } finally {
      transport.close();
    }
    const sms = await run(
      smsAction,
      twilioRequest("/webhooks/twilio/sms", {
        MessageSid: sid("SM"),
        SmsSid: sid("SM"),
        AccountSid: sid("AC"),
        From: "+821055556666",
        To: "+8215880000",
        Body: typed(),
        NumMedia: "0",
      }),
    );
    expect(sms.status).toBe(200);
    const callSid = sid("CA");
    const call = {
      CallSid: callSid,
      AccountSid: sid("AC"),
      From: "+821077776666",
      To: "+8215880000",
      CallStatus: "in-progress",
      Direction: "inbound",
    };
    expect((await run(voiceAction, twilioRequest("/webhooks/twilio/voice", { ...call, CallStatus: "ringing" }))).status).toBe(200);
    const recording = await run(
      recordingAction,
      twilioRequest("/webhooks/twilio/voice/recording", {
        ...call,
        RecordingSid: sid("RE"),
        RecordingUrl: `https://api.twilio.com/rec/${sid("RE")}`,
        RecordingDuration: "20",
        Digits: "#",
        TranscriptionText: typed(),
        TranscriptionStatus: "completed",
      }),
    );
    expect(recording.status).toBe(200);
  });

  it("an error in the audit export with a number in its parameters", async () => {
    const response = await run(
      auditExportLoader,
      new Request(`${BASE}/admin/audit/export?targetId=${encodeURIComponent("850715-2234561")}&from=0000-01-01`, {
        headers: { Cookie: cookie },
      }),
    );
    expect(response.status).toBeLessThan(500);
  });

  it("a failed query that quotes what a person typed, logged the ways the desk logs errors", async () => {
    // PostgreSQL quotes the offending value in its message, drizzle adds the parameters on a line
    // of their own: both are what a customer typed.
    const error = await db()
      .execute(sql`select ${typed()}::int`)
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    logError("privacy probe: a query failed", error);
    console.error(error);
    process.stderr.write(`${(error as Error).stack}\n`);
  });

  it("leaves no raw personal number in any column of any table, nor in the process output", async () => {
    expect(await rawFindings(RAW)).toEqual([]);
    expect(output.length).toBeGreaterThan(0);
    expect(textHoldsRaw(output, RAW)).toEqual([]);
  });
});
