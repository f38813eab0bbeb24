// Twilio webhooks called through the route actions with real form-encoded requests, signed the
// way Twilio signs them (for the public URL, while the request itself reaches an internal host,
// as it does behind a proxy), against a real PostgreSQL database.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import twilio from "twilio";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { callRecordings, messages, notifications, smsConsent, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { smsSegments } from "~/notify/sms";
import { deliverDueNotifications } from "~/notify/deliver.server";
import { notifyConfig } from "~/notify/config.server";
import { queueNotifications } from "~/notify/queue.server";
import { consentKeyword } from "~/notify/sms-consent.server";
import { startFakeTwilio } from "../support/fake-twilio";
import { getTicketDetail, pauseTicket, resolveTicket } from "~/tickets/tickets.server";
import { action as smsAction, loader as smsLoader } from "~/routes/webhooks.twilio.sms";
import { action as voiceAction } from "~/routes/webhooks.twilio.voice";
import { action as recordingAction } from "~/routes/webhooks.twilio.voice.recording";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const TOKEN = "test-auth-token-0123456789abcdef";
const PUBLIC = "https://desk.example.org";
const INTERNAL = "http://10.0.0.5:3000"; // what the app sees behind the proxy
const staff = { kind: "system", name: "test-staff" } as const;

beforeAll(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.PUBLIC_URL = PUBLIC;
});
afterEach(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
});

const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;
const ACCOUNT = newSid("AC");

type Action = (args: { request: Request; params: {}; context: {} }) => Promise<Response> | Response;

function twilioRequest(
  path: string,
  params: Record<string, string>,
  options: { signature?: string | null; signedUrl?: string; token?: string } = {},
) {
  const signature =
    options.signature === undefined
      ? twilio.getExpectedTwilioSignature(options.token ?? TOKEN, options.signedUrl ?? `${PUBLIC}${path}`, params)
      : options.signature;
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  if (signature) headers.set("X-Twilio-Signature", signature);
  return new Request(`${INTERNAL}${path}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

async function call(action: Action, request: Request) {
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, type: response.headers.get("content-type") ?? "", text: await response.text() };
}

const smsParams = (from: string, body: string, messageSid = newSid("SM")) => ({
  MessageSid: messageSid,
  SmsSid: messageSid,
  AccountSid: ACCOUNT,
  From: from,
  To: "+8215880000",
  Body: body,
  NumMedia: "0",
});

const referenceIn = (xml: string) => /(\d{6}-\d{4,})/.exec(xml)?.[1] ?? null;
const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
const messageText = (xml: string) => unescapeXml(/<Message>([\s\S]*)<\/Message>/.exec(xml)?.[1] ?? "");

describe("Twilio signature", () => {
  const path = "/webhooks/twilio/sms";

  it("accepts a request signed for the public URL although it arrives at an internal address", async () => {
    const r = await call(smsAction, twilioRequest(path, smsParams("+821011112222", "서명 확인")));
    expect(r.status).toBe(200);
  });

  it("answers 403 to a missing, forged, tampered or wrongly addressed signature, and takes nothing", async () => {
    const params = smsParams("+821011113333", "위조");
    const forged = await call(smsAction, twilioRequest(path, params, { token: "not-the-token" }));
    const missing = await call(smsAction, twilioRequest(path, params, { signature: null }));
    const garbage = await call(smsAction, twilioRequest(path, params, { signature: "AAAA" }));
    // Signed for the URL the app sees, not the public one Twilio was given.
    const internal = await call(smsAction, twilioRequest(path, params, { signedUrl: `${INTERNAL}${path}` }));
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);
    const tampered = await call(smsAction, twilioRequest(path, { ...params, Body: "바뀐 내용" }, { signature }));
    for (const r of [forged, missing, garbage, internal, tampered]) expect(r.status).toBe(403);
    expect(missing.text).toMatch(/missing X-Twilio-Signature/);
    expect(forged.text).toMatch(/invalid X-Twilio-Signature/);
    const rows = await db().select().from(messages).where(eq(messages.externalId, params.MessageSid));
    expect(rows).toHaveLength(0);
  });

  it("answers 403 'not configured' when no auth token is set, on every webhook", async () => {
    delete process.env.TWILIO_AUTH_TOKEN;
    const params = smsParams("+821011114444", "설정 없음");
    for (const [action, p] of [
      [smsAction, path],
      [voiceAction, "/webhooks/twilio/voice"],
      [recordingAction, "/webhooks/twilio/voice/recording"],
    ] as const) {
      const r = await call(action as Action, twilioRequest(p, params));
      expect(r.status).toBe(403);
      expect(r.text).toMatch(/not configured/);
    }
  });

  it("refuses a body that is not a form (400) and answers GET with 405", async () => {
    const params = smsParams("+821011115555", "json");
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params);
    const request = new Request(`${INTERNAL}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Twilio-Signature": signature },
      body: JSON.stringify(params),
    });
    expect((await call(smsAction, request)).status).toBe(400);
    expect(smsLoader().status).toBe(405);
  });
});

describe("inbound SMS", () => {
  const path = "/webhooks/twilio/sms";

  it("turns a text into an sms ticket and acknowledges in Korean with the reference", async () => {
    const params = smsParams("+821055556666", "카드 재발급은 언제 되나요? <급합니다>");
    const r = await call(smsAction, twilioRequest(path, params));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/xml/);
    expect(r.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>/);
    const reference = referenceIn(r.text)!;
    expect(messageText(r.text)).toBe(
      `[고객만족센터] 문자 문의가 접수되었습니다. 접수번호 ${reference}. 담당자가 확인 후 답변드리겠습니다.`,
    );
    expect(smsSegments(messageText(r.text)).segments).toBeLessThanOrEqual(2);
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket.channel).toBe("sms");
    expect(detail.ticket.subject).toBe("문자 문의: 카드 재발급은 언제 되나요? <급합니다>");
    expect(detail.ticket.body).toBe("카드 재발급은 언제 되나요? <급합니다>");
    expect(detail.customer.phone).toBe("010-5555-6666");
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ via: "sms", direction: "inbound", externalId: params.MessageSid });
  });

  it("appends a further text to the sender's open ticket, resuming it when it waited on the customer", async () => {
    const first = await call(smsAction, twilioRequest(path, smsParams("+82 10-7777-8888", "첫 문자")));
    const reference = referenceIn(first.text)!;
    await pauseTicket(reference, { reason: "추가 정보 요청" }, staff);

    const second = await call(smsAction, twilioRequest(path, smsParams("+821077778888", "요청하신 정보입니다")));
    expect(referenceIn(second.text)).toBe(reference);
    expect(messageText(second.text)).toBe(
      `[고객만족센터] 보내주신 내용을 접수번호 ${reference} 문의에 추가했습니다. 담당자가 확인 후 답변드리겠습니다.`,
    );
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket.status).toBe("open");
    // The request for information stands in the conversation between the two texts.
    expect(detail.messages.map((m) => m.body)).toEqual(["첫 문자", "추가 정보 요청", "요청하신 정보입니다"]);
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(["message.received", "ticket.resumed"]));

    // Once the ticket is resolved, the next text opens a new one.
    await resolveTicket(reference, { answer: "안내드렸습니다" }, staff);
    const third = await call(smsAction, twilioRequest(path, smsParams("+821077778888", "새로운 문의")));
    expect(referenceIn(third.text)).not.toBe(reference);
    expect(messageText(third.text)).toMatch(/접수되었습니다/);
  });

  it("gives one receipt per text: the TwiML reply, never a second one through the REST API", async () => {
    const first = await call(smsAction, twilioRequest(path, smsParams("+821046461212", "영수증 한 번만")));
    const reference = referenceIn(first.text)!;
    const second = await call(smsAction, twilioRequest(path, smsParams("+821046461212", "추가로 보냅니다")));
    expect(referenceIn(second.text)).toBe(reference);
    for (const r of [first, second]) expect(r.text.match(/<Message>/g)).toHaveLength(1);
    const [ticket] = await db().select().from(tickets).where(eq(tickets.reference, reference));
    const queued = await db().select().from(notifications).where(eq(notifications.ticketId, ticket.id));
    expect(queued.filter((n) => n.audience === "customer")).toEqual([]);
  });

  it("gives a retried MessageSid the same answer and takes it once", async () => {
    const params = smsParams("+821099990000", "한 번만");
    const first = await call(smsAction, twilioRequest(path, params));
    const retry = await call(smsAction, twilioRequest(path, params));
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(await db().select().from(messages).where(eq(messages.externalId, params.MessageSid))).toHaveLength(1);

    // An appended text retried: the same "added" answer.
    const appended = smsParams("+821099990000", "추가 내용");
    const a1 = await call(smsAction, twilioRequest(path, appended));
    const a2 = await call(smsAction, twilioRequest(path, appended));
    expect(a2.text).toBe(a1.text);
    expect(messageText(a2.text)).toMatch(/추가했습니다/);
    const detail = (await getTicketDetail(referenceIn(first.text)!))!;
    expect(detail.messages).toHaveLength(2);
  });

  it("notes MMS media it does not keep, and sends nothing for an opt-out keyword", async () => {
    const mms = {
      ...smsParams("+821012120000", "사진 보냅니다", newSid("MM")),
      NumMedia: "1",
      MediaContentType0: "image/jpeg",
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/x/Media/y`,
    };
    const r = await call(smsAction, twilioRequest(path, mms));
    const detail = (await getTicketDetail(referenceIn(r.text)!))!;
    expect(detail.ticket.body).toContain("첨부 제외: 문자(MMS) 첨부 1건 (image/jpeg)");

    const before = (await db().select().from(tickets)).length;
    const stop = await call(smsAction, twilioRequest(path, { ...smsParams("+821012120001", "STOP"), OptOutType: "STOP" }));
    expect(stop.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await db().select().from(tickets)).length).toBe(before);
  });
});

describe("STOP / 수신거부", () => {
  const path = "/webhooks/twilio/sms";

  it("understands the keywords only as the whole message, in any case or spacing", () => {
    for (const w of ["STOP", " stop ", "Stop!", "수신거부", "수신 거부", "UNSUBSCRIBE"]) expect(consentKeyword(w)?.optedOut, w).toBe(true);
    for (const w of ["START", "수신동의", "unstop"]) expect(consentKeyword(w)?.optedOut, w).toBe(false);
    for (const w of ["stop 해주세요 카드 분실", "수신거부 하면 답변 못 받나요?", "카드 정지(stop) 문의"])
      expect(consentKeyword(w), w).toBeNull();
    fc.assert(
      fc.property(fc.string({ minLength: 12 }), (text) => {
        fc.pre(/[가-힣a-z0-9]{12}/i.test(text.replace(/\s/g, "")));
        expect(consentKeyword(text)).toBeNull();
      }),
    );
  });

  it("confirms, opens no ticket, refuses later texts to the number (recorded, not sent) until START", async () => {
    const twilioFake = await startFakeTwilio();
    const config = notifyConfig({
      ...process.env,
      TWILIO_ACCOUNT_SID: twilioFake.accountSid,
      TWILIO_AUTH_TOKEN: twilioFake.authToken,
      TWILIO_FROM: "+15005550006",
      TWILIO_API_URL: twilioFake.url,
      SMTP_URL: undefined,
    });
    try {
      const from = "+821064640000";
      const ticketsBefore = (await db().select().from(tickets)).length;
      const stop = await call(smsAction, twilioRequest(path, smsParams(from, "수신거부")));
      expect(messageText(stop.text)).toBe(
        "[고객만족센터] 문자 수신거부가 처리되었습니다. 다시 받으시려면 START 또는 수신동의를 보내 주세요.",
      );
      expect((await db().select().from(tickets)).length).toBe(ticketsBefore);

      const sendReply = async (key: string) => {
        await db().transaction((tx) =>
          queueNotifications(tx, [
            {
              dedupeKey: key,
              audience: "customer",
              to: "010-6464-0000",
              channel: "sms",
              template: "reply",
              payload: { reference: "260101-0001", body: "답변드립니다" },
            },
          ]),
        );
        await deliverDueNotifications({ config });
        const [row] = await db().select().from(notifications).where(eq(notifications.dedupeKey, key));
        return row;
      };
      const refused = await sendReply("stop-test:1");
      expect(refused.status).toBe("unsent");
      expect(refused.error).toMatch(/^sms_opted_out:/);
      const toCustomer = () => twilioFake.messages.filter((m) => m.to === "+821064640000");
      expect(toCustomer()).toEqual([]);

      // Twilio's Advanced Opt-Out confirms START itself: the desk records it and stays silent.
      const start = await call(smsAction, twilioRequest(path, { ...smsParams(from, "START"), OptOutType: "START" }));
      expect(start.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      const sent = await sendReply("stop-test:2");
      expect(sent.status).toBe("sent");
      expect(toCustomer()).toHaveLength(1);
      expect((await db().select().from(smsConsent).where(eq(smsConsent.phone, from))).map((r) => r.optedOut)).toEqual([true, false]);
    } finally {
      await twilioFake.stop();
    }
  });
});

describe("inbound calls", () => {
  const voicePath = "/webhooks/twilio/voice";
  const recordingPath = "/webhooks/twilio/voice/recording";
  const callParams = (callSid: string, from = "+821033334444") => ({
    CallSid: callSid,
    AccountSid: ACCOUNT,
    From: from,
    To: "+8215880000",
    CallStatus: "ringing",
    Direction: "inbound",
  });

  async function ticketOfCall(callSid: string) {
    const [row] = await db()
      .select({ reference: tickets.reference })
      .from(messages)
      .innerJoin(tickets, eq(tickets.id, messages.ticketId))
      .where(eq(messages.externalId, callSid));
    return row ? (await getTicketDetail(row.reference))! : null;
  }

  it("answers in Korean with a <Record> reporting to the recording route, and opens the call's ticket once", async () => {
    const callSid = newSid("CA");
    const r = await call(voiceAction, twilioRequest(voicePath, callParams(callSid)));
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/xml/);
    expect(r.text).toMatch(/<Say language="ko-KR"[^>]*>안녕하십니까, 고객만족센터입니다\./);
    expect(r.text).toContain(`<Record action="${PUBLIC}${recordingPath}" method="POST"`);
    expect(r.text).toContain(`recordingStatusCallback="${PUBLIC}${recordingPath}"`);
    expect(r.text).toContain(`<Redirect method="POST">${PUBLIC}${recordingPath}</Redirect>`);

    const retry = await call(voiceAction, twilioRequest(voicePath, callParams(callSid)));
    expect(retry.text).toBe(r.text);
    const detail = (await ticketOfCall(callSid))!;
    expect(detail.ticket).toMatchObject({ channel: "phone", callbackRequested: true });
    expect(detail.customer.phone).toBe("010-3333-4444");
    const count = await db().select().from(messages).where(eq(messages.externalId, callSid));
    expect(count).toHaveLength(1);
  });

  it("a recording callback opens a phone ticket with a running callback timer and keeps the recording's URL and length", async () => {
    const callSid = newSid("CA");
    const recordingSid = newSid("RE");
    const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${recordingSid}`;
    // The <Record> action (the greeting's ticket was never opened: e.g. the database was briefly away).
    const action = await call(
      recordingAction,
      twilioRequest(recordingPath, {
        ...callParams(callSid, "+821066667777"),
        CallStatus: "in-progress",
        RecordingUrl: url,
        RecordingDuration: "35",
        Digits: "#",
      }),
    );
    expect(action.status).toBe(200);
    expect(action.text).toMatch(/<Say language="ko-KR"[^>]*>메시지를 잘 받았습니다\. 접수번호는 [\d ,]+ 입니다\./);
    expect(action.text).toContain("<Hangup/>");

    // The recording status callback for the same recording: nothing more is added.
    await call(
      recordingAction,
      twilioRequest(recordingPath, {
        AccountSid: ACCOUNT,
        CallSid: callSid,
        RecordingSid: recordingSid,
        RecordingUrl: url,
        RecordingStatus: "completed",
        RecordingDuration: "35",
      }),
    );

    const detail = (await ticketOfCall(callSid))!;
    expect(detail.ticket).toMatchObject({ channel: "phone", callbackRequested: true, status: "new" });
    expect(detail.customer.phone).toBe("010-6666-7777");
    const callback = detail.timers.find((t) => t.metric === "callback");
    expect(callback?.state).toBe("running");
    const voicemail = detail.messages.filter((m) => m.body.startsWith("[음성 메시지]"));
    expect(voicemail).toHaveLength(1);
    expect(voicemail[0].body).toContain("녹음 길이 35초");
    // The address is linked for staff only (call_recordings), never in the conversation the customer reads.
    expect(voicemail[0].body).not.toContain(url);
    expect(voicemail[0].externalId).toBe(recordingSid);
    const links = await db().select().from(callRecordings).where(eq(callRecordings.ticketId, detail.ticket.id));
    expect(links.map((l) => ({ url: l.url, sid: l.recordingSid, seconds: l.durationSeconds }))).toEqual([
      { url, sid: recordingSid, seconds: 35 },
    ]);
  });

  it("a call that ends without a message still leaves a phone ticket with the callback timer", async () => {
    const callSid = newSid("CA");
    await call(voiceAction, twilioRequest(voicePath, callParams(callSid, "+821088889999")));
    // <Record> heard only silence: Twilio follows the <Redirect>; the status callback says "absent".
    const redirect = await call(
      recordingAction,
      twilioRequest(recordingPath, { ...callParams(callSid, "+821088889999"), CallStatus: "in-progress" }),
    );
    expect(redirect.text).toMatch(/<Say language="ko-KR"[^>]*>메시지가 녹음되지 않았습니다\./);
    await call(
      recordingAction,
      twilioRequest(recordingPath, {
        AccountSid: ACCOUNT,
        CallSid: callSid,
        RecordingSid: newSid("RE"),
        RecordingStatus: "absent",
        RecordingDuration: "0",
      }),
    );

    const detail = (await ticketOfCall(callSid))!;
    // The number is in the customer record the desk calls back from; the text names its last digits only.
    expect(detail.ticket.subject).toBe("부재중 전화 — 콜백 요청 (끝자리 9999)");
    expect(detail.customer.phone).toBe("010-8888-9999");
    expect(detail.timers.find((t) => t.metric === "callback")?.state).toBe("running");
    expect(detail.messages.map((m) => m.body)).toEqual([
      expect.stringContaining("걸려 온 전화를 상담원이 받지 못해"),
      "[부재중 전화] 음성 메시지 없이 통화가 끝났습니다.",
    ]);
    expect(detail.messages[0].body).not.toMatch(/8888/);
    expect(detail.events.filter((e) => e.type === "call.missed")).toHaveLength(1);
  });

  it("a caller without a number gets a ticket, but no callback clock it could never meet", async () => {
    const callSid = newSid("CA");
    await call(voiceAction, twilioRequest(voicePath, callParams(callSid, "anonymous")));
    const detail = (await ticketOfCall(callSid))!;
    expect(detail.ticket).toMatchObject({ channel: "phone", callbackRequested: false });
    expect(detail.customer.name).toBe("발신번호 미상");
    expect(detail.timers.find((t) => t.metric === "callback")).toBeUndefined();
  });
});
