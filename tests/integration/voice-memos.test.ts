// Missed calls, voicemail recordings, memos for absent staff and deputies — through the real
// Twilio webhook routes (signed as Twilio signs them) and the staff log-contact form's action,
// against a real PostgreSQL database.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import twilio from "twilio";
import { beforeAll, describe, expect, it } from "vitest";
import { callRecordings, messages, notifications, slaTimers, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, type StaffUser } from "~/auth/session.server";
import { toDatetimeLocal } from "~/lib/time";
import { toPortalView } from "~/portal/portal.server";
import { cancelAbsence, recordAbsence } from "~/staff/absence.server";
import { createStaffMember } from "~/staff/staff.server";
import { DeskError } from "~/core/errors";
import { getTicketDetail, logCallback } from "~/tickets/tickets.server";
import { action as voiceAction } from "~/routes/webhooks.twilio.voice";
import { action as recordingAction } from "~/routes/webhooks.twilio.voice.recording";
import { action as statusAction, loader as statusLoader } from "~/routes/webhooks.twilio.voice.status";
import { action as logContactAction } from "~/routes/desk.log-contact";
import { action as absencesAction } from "~/routes/desk.absences";
import { staffAbsences } from "../../db/schema";
import { loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { describeEvent, staffNames } from "~/desk/history";
import { translator } from "~/i18n/i18n";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const TOKEN = "voice-test-auth-token-0123456789";
const PUBLIC = "https://desk.example.org";
const INTERNAL = "http://10.0.0.5:3000";
const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;
const ACCOUNT = newSid("AC");
const system = { kind: "system", name: "test" } as const;

beforeAll(() => {
  process.env.TWILIO_AUTH_TOKEN = TOKEN;
  process.env.PUBLIC_URL = PUBLIC;
});

type Action = (args: { request: Request; params: {}; context: {} }) => Promise<Response> | Response;

function signed(path: string, params: Record<string, string>, signature?: string | null) {
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded" });
  const sig = signature === undefined ? twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}${path}`, params) : signature;
  if (sig) headers.set("X-Twilio-Signature", sig);
  return new Request(`${INTERNAL}${path}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}

async function hit(action: Action, request: Request) {
  const response = await action({ request, params: {}, context: {} });
  return { status: response.status, text: await response.text() };
}

const STATUS = "/webhooks/twilio/voice/status";
const VOICE = "/webhooks/twilio/voice";
const RECORDING = "/webhooks/twilio/voice/recording";

const statusParams = (callSid: string, from: string, status: string, extra: Record<string, string> = {}) => ({
  AccountSid: ACCOUNT,
  CallSid: callSid,
  From: from,
  To: "+8215880000",
  Direction: "inbound",
  CallStatus: status,
  ...extra,
});

async function ticketOfCall(callSid: string) {
  const [row] = await db()
    .select({ reference: tickets.reference })
    .from(messages)
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(eq(messages.externalId, callSid));
  return row ? (await getTicketDetail(row.reference))! : null;
}

async function callbackClocks(ticketId: string) {
  return db()
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), eq(slaTimers.metric, "callback")));
}

describe("voice status callback", () => {
  it("a no-answer call opens one phone ticket with one running 30-minute callback clock, however often Twilio retries", async () => {
    const callSid = newSid("CA");
    const params = statusParams(callSid, "+821024681357", "no-answer", { CallDuration: "0" });
    const first = await hit(statusAction, signed(STATUS, params));
    const retry = await hit(statusAction, signed(STATUS, params));
    expect([first.status, retry.status]).toEqual([204, 204]);

    const detail = (await ticketOfCall(callSid))!;
    expect(detail.ticket).toMatchObject({ channel: "phone", callbackRequested: true, status: "new" });
    expect(detail.customer.phone).toBe("010-2468-1357");
    const clocks = await callbackClocks(detail.ticket.id);
    expect(clocks).toHaveLength(1);
    expect(clocks[0].state).toBe("running");
    expect(clocks[0].period).toEqual({ kind: "working_minutes", amount: 30 });
    expect(detail.events.filter((e) => e.type === "call.missed")).toHaveLength(1);
    expect(detail.messages.filter((m) => m.body.startsWith("[부재중 전화]"))).toHaveLength(1);
    expect((await db().select().from(tickets)).filter((t) => t.id === detail.ticket.id)).toHaveLength(1);
    // The number is in the customer record only: not in the subject, the messages or the history.
    const text = [
      detail.ticket.subject,
      detail.ticket.body,
      ...detail.messages.map((m) => m.body),
      ...detail.events.map((e) => JSON.stringify(e.data)),
    ].join("\n");
    expect(text).not.toMatch(/2468|024681357/);
    // The history says it in words.
    const t = translator("ko");
    const missed = detail.events.find((e) => e.type === "call.missed")!;
    expect(describeEvent(t, missed as never, staffNames([]))).toEqual({
      title: "부재중 전화",
      details: ["통화 결과: 받지 않음", "통화 길이: 0초"],
    });
  });

  it("busy, failed and canceled calls are missed too; so is a completed call of a few seconds nobody took", async () => {
    for (const [status, extra] of [
      ["busy", {}],
      ["failed", {}],
      ["canceled", {}],
      ["completed", { CallDuration: "4" }],
    ] as const) {
      const callSid = newSid("CA");
      await hit(statusAction, signed(STATUS, statusParams(callSid, `+8210${randomDigits()}`, status, extra)));
      const detail = (await ticketOfCall(callSid))!;
      expect(detail, status).not.toBeNull();
      expect(
        detail.events.some((e) => e.type === "call.missed"),
        status,
      ).toBe(true);
      expect(
        (await callbackClocks(detail.ticket.id)).map((c) => c.state),
        status,
      ).toEqual(["running"]);
    }
  });

  it("a call a staff member took (a connected <Dial>) owes no callback; ringing changes nothing", async () => {
    const answered = newSid("CA");
    expect(
      (
        await hit(
          statusAction,
          signed(STATUS, statusParams(answered, "+821013572468", "completed", { CallDuration: "240", DialCallStatus: "completed" })),
        )
      ).status,
    ).toBe(204);
    expect(await ticketOfCall(answered)).toBeNull();
    const ringing = newSid("CA");
    expect((await hit(statusAction, signed(STATUS, statusParams(ringing, "+821013572469", "ringing")))).status).toBe(204);
    expect(await ticketOfCall(ringing)).toBeNull();
  });

  it("is signature-checked like the other webhooks, refuses nonsense with 400 and answers GET with 405", async () => {
    const callSid = newSid("CA");
    const params = statusParams(callSid, "+821011119999", "no-answer");
    expect((await hit(statusAction, signed(STATUS, params, null))).status).toBe(403);
    const forged = twilio.getExpectedTwilioSignature("another-token", `${PUBLIC}${STATUS}`, params);
    expect((await hit(statusAction, signed(STATUS, params, forged))).status).toBe(403);
    expect(await ticketOfCall(callSid)).toBeNull();
    expect((await hit(statusAction, signed(STATUS, { ...params, CallStatus: "exploded" }))).status).toBe(400);
    expect(statusLoader().status).toBe(405);
  });
});

function randomDigits() {
  return String(10_000_000 + Math.floor(Math.random() * 89_999_999));
}

describe("voicemail recordings and repeat calls", () => {
  it("links a voicemail's recording once for staff; the customer's page never shows its address", async () => {
    const callSid = newSid("CA");
    const recordingSid = newSid("RE");
    const url = `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Recordings/${recordingSid}`;
    await hit(voiceAction, signed(VOICE, statusParams(callSid, "+821055501234", "ringing")));
    const recording = {
      AccountSid: ACCOUNT,
      CallSid: callSid,
      RecordingSid: recordingSid,
      RecordingUrl: url,
      RecordingStatus: "completed",
      RecordingDuration: "21",
    };
    await hit(recordingAction, signed(RECORDING, recording));
    await hit(recordingAction, signed(RECORDING, recording)); // Twilio retries
    await hit(
      recordingAction,
      signed(RECORDING, { ...statusParams(callSid, "+821055501234", "in-progress"), RecordingUrl: url, RecordingDuration: "21" }),
    ); // the <Record> action

    const detail = (await ticketOfCall(callSid))!;
    const links = await db().select().from(callRecordings).where(eq(callRecordings.ticketId, detail.ticket.id));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ url, recordingSid, durationSeconds: 21, callSid });
    expect(detail.events.filter((e) => e.type === "call.recording_linked")).toHaveLength(1);
    expect((await callbackClocks(detail.ticket.id)).map((c) => c.state)).toEqual(["running"]);

    // Staff: the ticket page's loader carries the link.
    const agent = await createStaffMember({
      email: `rec-${randomDigits()}@desk.test`,
      name: "녹음확인",
      role: "manager",
      password: "pw-123456789",
    });
    const cookie = (await startSession(new Request("http://localhost/login"), agent.id)).split(";")[0];
    const page = (await ticketLoader({
      request: new Request(`http://localhost/desk/tickets/${detail.ticket.reference}`, { headers: { Cookie: cookie } }),
      params: { reference: detail.ticket.reference },
      context: {},
    })) as { recordings: Array<{ url: string; durationSeconds: number }> };
    expect(page.recordings).toEqual([expect.objectContaining({ url, durationSeconds: 21 })]);
    // The customer: nothing of the address.
    const portal = toPortalView(detail, []);
    expect(JSON.stringify(portal)).not.toContain(recordingSid);
    expect(portal.messages.some((m) => m.body.includes("녹음 길이 21초"))).toBe(true);
  });

  it("a later call from the same number while the callback is open joins that ticket and its one clock; after the callback a new call opens a new ticket", async () => {
    const from = "+821077712345";
    const first = newSid("CA");
    const second = newSid("CA");
    await hit(statusAction, signed(STATUS, statusParams(first, from, "no-answer")));
    await hit(voiceAction, signed(VOICE, statusParams(second, from, "ringing")));
    await hit(statusAction, signed(STATUS, statusParams(second, from, "canceled")));
    await hit(statusAction, signed(STATUS, statusParams(second, from, "canceled"))); // retried

    const a = (await ticketOfCall(first))!;
    const b = (await ticketOfCall(second))!;
    expect(b.ticket.id).toBe(a.ticket.id);
    expect(await callbackClocks(a.ticket.id)).toHaveLength(1);
    const after = (await getTicketDetail(a.ticket.reference))!;
    expect(after.messages.filter((m) => m.body.startsWith("[다시 건 전화]"))).toHaveLength(1);
    expect(after.events.filter((e) => e.type === "call.missed")).toHaveLength(2);

    // Called back: the clock is met; the next call is a new contact with its own clock.
    await logCallback(a.ticket.reference, { outcome: "reached" } as never, system);
    const third = newSid("CA");
    await hit(statusAction, signed(STATUS, statusParams(third, from, "no-answer")));
    const c = (await ticketOfCall(third))!;
    expect(c.ticket.id).not.toBe(a.ticket.id);
    expect((await callbackClocks(c.ticket.id)).map((x) => x.state)).toEqual(["running"]);
  });
});

// ----------------------------------------------------------------------- memos and absences

type Outcome = { status: number; location: string | null; body?: { errors: Record<string, string>; values: Record<string, string> } };

async function post(action: Function, path: string, form: FormData, cookie: string): Promise<Outcome> {
  const result = await action({
    request: new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const r = result as { data: Outcome["body"]; init?: { status?: number } };
  return { status: r.init?.status ?? 200, location: null, body: r.data };
}

function memoForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  const base = {
    channel: "visit",
    receivedAt: toDatetimeLocal(Date.now() - 60_000),
    name: "방문고객",
    email: "",
    phone: "010-3030-4040",
    preferredContact: "",
    category: "general",
    subject: "담당 직원 면담 요청",
    body: "대출 상환 일정 변경을 상의하러 방문하셨습니다.",
    requestedReplyBy: "",
    ...fields,
  };
  for (const [k, v] of Object.entries(base)) form.append(k, v);
  return form;
}

describe("memo for an absent staff member (log-contact form)", () => {
  let reception: { id: string; cookie: string };
  let wanted: { id: string; email: string; name: string };
  let deputy: { id: string; email: string };
  let lead: StaffUser;

  beforeAll(async () => {
    const r = await createStaffMember({
      email: "reception@desk.test",
      name: "안내데스크",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    reception = { id: r.id, cookie: (await startSession(new Request("http://localhost/login"), r.id)).split(";")[0] };
    const w = await createStaffMember({
      email: "wanted@desk.test",
      name: "김담당",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    wanted = { id: w.id, email: w.email, name: w.name };
    const d = await createStaffMember({
      email: "deputy@desk.test",
      name: "이대리",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    deputy = { id: d.id, email: d.email };
    const l = await createStaffMember({
      email: "lead@desk.test",
      name: "박팀장",
      role: "lead",
      team: "complaints-1",
      password: "pw-123456789",
    });
    lead = { id: l.id, email: l.email, name: l.name, role: "lead", teamId: l.teamId, locale: "ko" };
  });

  it("a visitor's memo goes to the person asked for, with a running callback clock and a staff alert", async () => {
    const r = await post(logContactAction, "/desk/log-contact", memoForm({ memoFor: wanted.id }), reception.cookie);
    expect(r.status).toBe(303);
    const reference = new URL(r.location!, "http://desk").pathname.split("/").pop()!;
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket).toMatchObject({ channel: "visit", assigneeId: wanted.id, callbackRequested: true });
    const clocks = await callbackClocks(detail.ticket.id);
    expect(clocks.map((c) => [c.state, c.period])).toEqual([["running", { kind: "working_minutes", amount: 30 }]]);
    const memo = detail.events.find((e) => e.type === "memo.recorded")!;
    expect(memo.data).toMatchObject({ forStaffId: wanted.id, deliveredToId: wanted.id, channel: "visit" });
    expect(detail.events.some((e) => e.type === "assignment.redirected")).toBe(false);
    const alerts = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, detail.ticket.id), eq(notifications.template, "staff_memo")));
    expect(alerts.map((n) => n.recipientStaffId)).toEqual([wanted.id]);
    const t = translator("ko");
    const names = staffNames([{ id: wanted.id, name: wanted.name, email: wanted.email }]);
    expect(describeEvent(t, memo as never, names).title).toBe("부재 직원 메모 전달");
    expect(describeEvent(t, memo as never, names).details[0]).toBe("찾은 직원: 김담당");
  });

  it("keeps what was typed and says why when the memo has no phone number to call back, or came by mail", async () => {
    const before = (await db().select().from(tickets)).length;
    const noPhone = await post(
      logContactAction,
      "/desk/log-contact",
      memoForm({ memoFor: wanted.id, phone: "", email: "visitor@example.com" }),
      reception.cookie,
    );
    expect(noPhone.status).toBe(422);
    expect(noPhone.body!.errors.phone).toBe("메모를 전달하려면 다시 연락할 고객 전화번호를 적어 주세요.");
    expect(noPhone.body!.values).toMatchObject({ memoFor: wanted.id, subject: "담당 직원 면담 요청" });
    const byMail = await post(logContactAction, "/desk/log-contact", memoForm({ memoFor: wanted.id, channel: "mail" }), reception.cookie);
    expect(byMail.status).toBe(422);
    expect(byMail.body!.errors.memoFor).toBe("메모 전달은 전화나 방문으로 받은 경우에만 할 수 있습니다.");
    const unknown = await post(
      logContactAction,
      "/desk/log-contact",
      memoForm({ memoFor: "00000000-0000-4000-8000-000000000000" }),
      reception.cookie,
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body!.errors.memoFor).toBe("해당 직원을 찾을 수 없습니다.");
    expect((await db().select().from(tickets)).length).toBe(before);
  });

  it("while the person is absent the memo goes to their deputy: the history names both, the deputy is alerted", async () => {
    const absence = await recordAbsence(
      {
        staffId: wanted.id,
        deputyId: deputy.id,
        kind: "leave",
        startsAt: new Date(Date.now() - 3600_000),
        endsAt: new Date(Date.now() + 8 * 3600_000),
      },
      lead,
    );
    try {
      const r = await post(logContactAction, "/desk/log-contact", memoForm({ memoFor: wanted.id, channel: "phone" }), reception.cookie);
      expect(r.status).toBe(303);
      const detail = (await getTicketDetail(new URL(r.location!, "http://desk").pathname.split("/").pop()!))!;
      expect(detail.ticket.assigneeId).toBe(deputy.id);
      const redirected = detail.events.find((e) => e.type === "assignment.redirected")!;
      expect(redirected.data).toMatchObject({ absentStaffId: wanted.id, deputyId: deputy.id });
      expect(detail.events.find((e) => e.type === "memo.recorded")!.data).toMatchObject({
        forStaffId: wanted.id,
        deliveredToId: deputy.id,
      });
      expect(await callbackClocks(detail.ticket.id)).toHaveLength(1);
      const alerts = await db()
        .select()
        .from(notifications)
        .where(and(eq(notifications.ticketId, detail.ticket.id), eq(notifications.template, "staff_memo")));
      expect(alerts.map((n) => [n.recipientStaffId, (n.payload as { deputy?: boolean }).deputy])).toEqual([[deputy.id, true]]);
      const t = translator("en");
      const names = staffNames([
        { id: wanted.id, name: wanted.name, email: wanted.email },
        { id: deputy.id, name: "이대리", email: deputy.email },
      ]);
      const words = describeEvent(t, redirected as never, names);
      expect(words.title).toBe("Assigned to the deputy of an absent staff member");
      expect(words.details[1]).toBe("Deputy: 이대리");
      expect(words.details[0]).toMatch(/^Absent: 김담당 \(until /);

      // Assignee lists show who is away.
      const page = (await ticketLoader({
        request: new Request(`http://localhost/desk/tickets/${detail.ticket.reference}`, { headers: { Cookie: reception.cookie } }),
        params: { reference: detail.ticket.reference },
        context: {},
      })) as { staff: Array<{ id: string; awayUntil: string | null }> };
      expect(page.staff.find((s) => s.id === wanted.id)?.awayUntil).toBe(absence.endsAt.toISOString());
      expect(page.staff.find((s) => s.id === deputy.id)?.awayUntil).toBeNull();
    } finally {
      await cancelAbsence(absence.id, lead);
    }
    // Back: memos reach the person again.
    const r = await post(logContactAction, "/desk/log-contact", memoForm({ memoFor: wanted.id }), reception.cookie);
    expect((await getTicketDetail(new URL(r.location!, "http://desk").pathname.split("/").pop()!))!.ticket.assigneeId).toBe(wanted.id);
  });

  it("staff record their own absence; another agent may not record theirs; the deputy is someone else", async () => {
    const self: StaffUser = { id: wanted.id, email: wanted.email, name: wanted.name, role: "agent", teamId: lead.teamId, locale: "ko" };
    const own = await recordAbsence(
      {
        staffId: wanted.id,
        deputyId: deputy.id,
        kind: "training",
        startsAt: new Date(Date.now() + 86_400_000),
        endsAt: new Date(Date.now() + 2 * 86_400_000),
      },
      self,
    );
    expect(own.createdBy).toBe(`staff:${wanted.email}`);
    const other: StaffUser = {
      id: reception.id,
      email: "reception@desk.test",
      name: "안내데스크",
      role: "agent",
      teamId: lead.teamId,
      locale: "ko",
    };
    await expect(
      recordAbsence(
        { staffId: wanted.id, deputyId: deputy.id, kind: "leave", startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000) },
        other,
      ),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      recordAbsence(
        { staffId: wanted.id, deputyId: wanted.id, kind: "leave", startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000) },
        self,
      ),
    ).rejects.toBeInstanceOf(DeskError);
    await expect(
      recordAbsence(
        { staffId: wanted.id, deputyId: deputy.id, kind: "leave", startsAt: new Date(), endsAt: new Date(Date.now() - 3600_000) },
        self,
      ),
    ).rejects.toMatchObject({ messageKey: "absence.error.endBeforeStart" });
    await cancelAbsence(own.id, self);
  });

  it("the absences page records one through its form, keeping what was typed when the period is wrong", async () => {
    const cookie = (await startSession(new Request("http://localhost/login"), lead.id)).split(";")[0];
    const form = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries({ intent: "record", staffId: wanted.id, deputyId: deputy.id, kind: "field_work", ...fields }))
        f.append(k, v);
      return f;
    };
    const from = toDatetimeLocal(Date.now() + 3 * 86_400_000);
    const bad = await post(
      absencesAction,
      "/desk/absences",
      form({ startsAt: from, endsAt: toDatetimeLocal(Date.now() + 2 * 86_400_000) }),
      cookie,
    );
    expect(bad.status).toBe(422);
    expect(bad.body!.errors.endsAt).toBe("종료 시각은 시작 시각보다 뒤여야 합니다.");
    expect(bad.body!.values).toMatchObject({ staffId: wanted.id, deputyId: deputy.id, kind: "field_work", startsAt: from });
    const missing = await post(absencesAction, "/desk/absences", form({ startsAt: from, endsAt: "" }), cookie);
    expect(missing.status).toBe(422);
    expect(missing.body!.errors.endsAt).toBeTruthy();
    const good = await post(
      absencesAction,
      "/desk/absences",
      form({ startsAt: from, endsAt: toDatetimeLocal(Date.now() + 4 * 86_400_000) }),
      cookie,
    );
    expect(good).toMatchObject({ status: 303, location: "/desk/absences?done=recorded" });
    const rows = await db()
      .select()
      .from(staffAbsences)
      .where(and(eq(staffAbsences.staffId, wanted.id), eq(staffAbsences.kind, "field_work")));
    expect(rows).toHaveLength(1);
    expect(rows[0].createdBy).toBe("staff:lead@desk.test");
  });
});
