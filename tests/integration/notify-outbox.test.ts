// The outbox and the customer notifications of ticket events: unconfigured transports leave
// messages unsent (never dropped) with the reason, a customer without an address is recorded with
// why, an admin sends them again; staff replies and interim notices reach the customer.
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, notifications, staff, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startJobs, type JobsRuntime } from "../../jobs/runtime";
import { startSession, staffActor } from "~/auth/session.server";
import { kstDate } from "~/lib/time";
import { queueCustomerNotification, queueStaffNotification } from "~/notify/queue.server";
import { smsSegments } from "~/notify/sms";
import { currentCalendar } from "~/sla/calendar.server";
import { earliestFeasibleDate } from "~/sla/reply-dates";
import { action as outboxAction, loader as outboxLoader } from "~/routes/admin.outbox";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket, replyToCustomer, resolveTicket, sendInterimNotice } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { startFakeTwilio, type FakeTwilio } from "../support/fake-twilio";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";
import { waitFor } from "../support/wait";
import { call, thrown } from "../support/route-calls";

useTestDatabase();

process.env.PUBLIC_URL = "https://desk.test.example";
process.env.NOTIFY_RETRY_LIMIT = "2";
process.env.NOTIFY_RETRY_DELAY_SECONDS = "1";

let sink: SmtpSink;
let twilio: FakeTwilio;
let jobs: JobsRuntime;
const BASE = "http://desk.test";

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  configureEmail(true);
  configureSms(true);
  jobs = await startJobs();
});

afterAll(async () => {
  await jobs?.stop();
  await sink?.stop();
  await twilio?.stop();
});

function configureEmail(on: boolean) {
  if (on) process.env.SMTP_URL = sink.url;
  else delete process.env.SMTP_URL;
}

function configureSms(on: boolean) {
  process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
  process.env.TWILIO_API_URL = twilio.url;
  if (on) process.env.TWILIO_FROM = "+15005550006";
  else delete process.env.TWILIO_FROM;
}

async function row(dedupeKey: string) {
  const [r] = await db().select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
  return r;
}
const inStatus = (key: string, status: string) =>
  waitFor(`${key} ${status}`, async () => ((await row(key))?.status === status ? row(key) : null));
const mailsFor = (id: string) => sink.messages.filter((m) => m.headers.get("x-desk-notification") === id);

function intake(c: TicketIntake["customer"], overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자동이체 출금 문의",
    body: "모르는 출금이 있습니다.",
    customer: c,
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

type ActionData = { ok: boolean; key: string; params?: Record<string, unknown> };
function unwrap(result: unknown): { status: number; data: ActionData } {
  const r = result as { type?: string; data?: ActionData; init?: { status?: number } } & ActionData;
  if (r && r.type === "DataWithResponseInit") return { status: r.init?.status ?? 200, data: r.data! };
  return { status: 200, data: r };
}

let people: Awaited<ReturnType<typeof setupPeople>>;
async function setupPeople() {
  const make = async (email: string, role: "agent" | "manager" | "admin", locale?: string) => {
    const person = await createStaffMember({ email, name: email.split("@")[0]!, role, team: "complaints-1", password: "pw-123456789" });
    if (locale) await db().update(staff).set({ locale }).where(eq(staff.id, person.id));
    const cookie = (await startSession(new Request(BASE), person.id)).split(";")[0]!;
    return { person, cookie, actor: staffActor({ ...person, locale: locale ?? "ko" }) };
  };
  return {
    agent: await make("agent@desk.test", "agent", "en"),
    manager: await make("manager@desk.test", "manager"),
    admin: await make("admin@desk.test", "admin"),
  };
}
const get = (path: string, cookie: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } });
const post = (fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}/admin/outbox`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

describe("unconfigured transports and the outbox", () => {
  beforeAll(async () => {
    people ??= await setupPeople();
  });

  it("without SMTP_URL an email waits as unsent with the reason, shows in the outbox, and an admin sends it after configuring", async () => {
    configureEmail(false);
    const created = await createTicket(intake({ name: "홍길동", email: "hong@example.com" }), { kind: "customer" });
    const unsent = await inStatus(`ack:${created.id}`, "unsent");
    expect(unsent.error).toBe("smtp_not_configured: SMTP_URL is not set");
    expect(unsent.attempts).toBe(0);

    // Managers see it, with the reason, and may not send it again.
    const page = (await call(outboxLoader, get("/admin/outbox?status=unsent", people.manager.cookie))) as Awaited<
      ReturnType<typeof outboxLoader>
    >;
    expect(page.canRetry).toBe(false);
    expect(page.transports.email).toBe(false);
    expect(page.transports.smtpMissing).toBe("SMTP_URL");
    const item = page.items.find((i) => i.id === unsent.id)!;
    expect(item).toMatchObject({
      status: "unsent",
      errorCode: "smtp_not_configured",
      reference: created.reference,
      toAddress: "hong@example.com",
      template: "acknowledgment",
    });
    expect(page.counts.unsent).toBeGreaterThanOrEqual(1);
    const forbidden = await thrown(call(outboxAction, post({ intent: "retry", id: unsent.id }, people.manager.cookie)));
    expect(forbidden.status).toBe(403);

    configureEmail(true);
    const retried = unwrap(await call(outboxAction, post({ intent: "retry", id: unsent.id }, people.admin.cookie)));
    expect(retried.data).toMatchObject({ ok: true, key: "notify.result.requeued" });
    const sent = await inStatus(`ack:${created.id}`, "sent");
    expect(sent.attempts).toBe(1);
    expect(mailsFor(sent.id)).toHaveLength(1);
    // A sent one cannot be "retried"; bad input is a 4xx, never a 5xx.
    expect(unwrap(await call(outboxAction, post({ intent: "retry", id: sent.id }, people.admin.cookie))).status).toBe(409);
    expect(unwrap(await call(outboxAction, post({ intent: "retry", id: "nope" }, people.admin.cookie))).status).toBe(400);
    expect(unwrap(await call(outboxAction, post({ intent: "dance", id: sent.id }, people.admin.cookie))).status).toBe(400);
    expect(
      unwrap(await call(outboxAction, post({ intent: "retry", id: "00000000-0000-4000-8000-000000000000" }, people.admin.cookie))).status,
    ).toBe(404);
  });

  it("without Twilio settings an SMS waits as unsent naming what is missing; 'send all unsent' sends it later", async () => {
    configureSms(false);
    const created = await createTicket(intake({ name: "김민수", phone: "010-2345-6789", preferredContact: "sms" }), { kind: "customer" });
    const unsent = await inStatus(`ack:${created.id}`, "unsent");
    expect(unsent.error).toBe("sms_not_configured: TWILIO_FROM not set");
    configureSms(true);
    const all = unwrap(await call(outboxAction, post({ intent: "retry-all", which: "unsent" }, people.admin.cookie)));
    expect(all.data).toMatchObject({ ok: true, key: "notify.result.requeuedAll" });
    expect(all.data.params!.count).toBeGreaterThanOrEqual(1);
    const sent = await inStatus(`ack:${created.id}`, "sent");
    expect(twilio.messages.filter((m) => m.sid === sent.providerId)).toHaveLength(1);
  });

  it("a sent notification can be sent once more by an admin; the same form twice sends once", async () => {
    const created = await createTicket(intake({ name: "이영희", email: "lee@example.com" }), { kind: "customer" });
    const original = await inStatus(`ack:${created.id}`, "sent");
    const page = (await call(outboxLoader, get("/admin/outbox?status=sent", people.admin.cookie))) as Awaited<
      ReturnType<typeof outboxLoader>
    >;
    expect(page.canRetry).toBe(true);
    const form = { intent: "resend", id: original.id, nonce: page.nonce };
    expect(unwrap(await call(outboxAction, post(form, people.admin.cookie))).data.ok).toBe(true);
    await call(outboxAction, post(form, people.admin.cookie));
    const copies = await db()
      .select()
      .from(notifications)
      .where(like(notifications.dedupeKey, `resend:${original.id}:%`));
    expect(copies).toHaveLength(1);
    await inStatus(copies[0]!.dedupeKey, "sent");
    expect(sink.messages.filter((m) => m.rcptTo.includes("lee@example.com") && m.subject.includes(created.reference))).toHaveLength(2);
  });
});

describe("customers without a usable address", () => {
  it("no email and no phone: recorded as unsent, saying why; routed again once an email is added", async () => {
    const created = await createTicket(intake({ name: "무연락" }), { kind: "customer" });
    expect(await row(`ack:${created.id}`)).toBeUndefined(); // nothing to acknowledge to
    await db().transaction((tx) =>
      queueCustomerNotification(tx, created.id, "reply", { reference: created.reference, body: "답변" }, "noaddr:1"),
    );
    const unsent = await row("noaddr:1");
    expect(unsent).toMatchObject({
      status: "unsent",
      toAddress: null,
      error: "no_address: the customer has no email address and no mobile number",
    });

    const [t] = await db().select().from(tickets).where(eq(tickets.id, created.id));
    const page = (await call(outboxLoader, get("/admin/outbox?status=unsent", people.admin.cookie))) as Awaited<
      ReturnType<typeof outboxLoader>
    >;
    expect(page.items.find((i) => i.id === unsent.id)).toMatchObject({ errorCode: "no_address" });

    // Still nothing: the admin is told why.
    const still = unwrap(await call(outboxAction, post({ intent: "retry", id: unsent.id }, people.admin.cookie)));
    expect(still.status).toBe(422);
    expect(still.data).toMatchObject({ key: "notify.result.stillNoAddress", params: { reason: "notify.error.no_address" } });

    await db().update(customers).set({ email: "found@example.com" }).where(eq(customers.id, t!.customerId));
    expect(unwrap(await call(outboxAction, post({ intent: "retry", id: unsent.id }, people.admin.cookie))).data.ok).toBe(true);
    const sent = await inStatus("noaddr:1", "sent");
    expect(sent).toMatchObject({ channel: "email", toAddress: "found@example.com" });
  });

  it("a landline only: unsent, 'cannot receive text messages'", async () => {
    const created = await createTicket(intake({ name: "유선전화", phone: "02-123-4567" }), { kind: "customer" });
    const ack = await row(`ack:${created.id}`);
    expect(ack).toMatchObject({ status: "unsent", error: "no_mobile: 02-123-4567 cannot receive text messages" });
  });
});

describe("customer notifications of ticket events", () => {
  it("a reply by email reaches the customer with the reply text; by phone nothing is sent", async () => {
    const created = await createTicket(intake({ name: "정수빈", email: "jung@example.com" }), { kind: "customer" });
    await replyToCustomer(
      created.reference,
      { body: "확인서는 마이페이지에서\n다시 출력하실 수 있습니다.", via: "email" },
      people.admin.actor,
    );
    const reply = await waitFor("reply row", async () =>
      (await db().select().from(notifications).where(like(notifications.dedupeKey, "reply:%"))).find((r) => r.ticketId === created.id),
    );
    const sent = await inStatus(reply.dedupeKey, "sent");
    const [mail] = mailsFor(sent.id);
    expect(mail.subject).toBe(`[고객만족센터] 문의에 대한 답변 (접수번호 ${created.reference})`);
    expect(mail.text).toContain("확인서는 마이페이지에서");
    expect(mail.html).toContain("admin");
    await replyToCustomer(created.reference, { body: "전화로 안내드렸습니다.", via: "phone" }, people.admin.actor);
    const replies = (await db().select().from(notifications).where(like(notifications.dedupeKey, "reply:%"))).filter(
      (r) => r.ticketId === created.id,
    );
    expect(replies).toHaveLength(1);
  });

  it("an interim notice by email sends the reason and date; by SMS on a requested-date ticket, the renegotiation text", async () => {
    // The earliest day the desk can still keep (today on a working morning, otherwise later).
    const today = earliestFeasibleDate((await currentCalendar()).calendar, Date.now());
    const created = await createTicket(
      intake(
        { name: "최가람", email: "choi@example.com", phone: "010-9876-5432" },
        { requestedReplyBy: kstDate(Date.now() + 10 * 86_400_000) },
      ),
      { kind: "customer" },
    );
    await sendInterimNotice(
      created.reference,
      { reason: "은행에 거래 내역을 확인하고 있습니다.", expectedBy: today, via: "email" },
      people.admin.actor,
    );
    await sendInterimNotice(created.reference, { reason: "은행 회신 대기", expectedBy: today, via: "sms" }, people.admin.actor);
    const rows = await waitFor("both sent", async () => {
      const r = (await db().select().from(notifications).where(like(notifications.dedupeKey, "interim:%"))).filter(
        (n) => n.ticketId === created.id,
      );
      return r.length === 2 && r.every((n) => n.status === "sent") ? r : null;
    });
    const email = rows.find((r) => r.template === "interim_notice")!;
    expect(email.channel).toBe("email");
    const [mail] = mailsFor(email.id);
    expect(mail.subject).toBe(`[고객만족센터] 처리 일정 안내 (접수번호 ${created.reference})`);
    expect(mail.text).toContain("은행에 거래 내역을 확인하고 있습니다.");
    const sms = rows.find((r) => r.template === "renegotiation_sms")!;
    expect(sms).toMatchObject({ channel: "sms", toAddress: "+821098765432" });
    const text = twilio.messages.find((m) => m.sid === sms.providerId)!.body;
    expect(text).toContain("요청하신 회신일까지 답변이 어려워");
    expect(text).toContain("사유: 은행 회신 대기");
    expect(smsSegments(text).segments).toBeLessThanOrEqual(2);
  });

  it("the final answer by email is sent as the final reply", async () => {
    const created = await createTicket(intake({ name: "한지우", email: "han@example.com" }), { kind: "customer" });
    await resolveTicket(created.reference, { answer: "환불 처리를 마쳤습니다.", via: "email" }, people.admin.actor);
    const row_ = await waitFor("final", async () =>
      (await db().select().from(notifications).where(like(notifications.dedupeKey, "reply:%"))).find(
        (r) => r.ticketId === created.id && r.status === "sent",
      ),
    );
    expect(mailsFor(row_.id)[0]!.subject).toBe(`[고객만족센터] 문의에 대한 최종 답변 (접수번호 ${created.reference})`);
  });
});

describe("staff notifications", () => {
  it("go by email in the staff member's language; an inactive staff member is recorded, not mailed", async () => {
    const payload = { reference: "260101-0042", subject: "자동이체 출금 문의", metric: "first_reply", dueAt: "2026-05-01T09:00:00Z" };
    await db().transaction((tx) => queueStaffNotification(tx, people.agent.person.id, "staff_breach_alert", payload, "staff:1"));
    const sent = await inStatus("staff:1", "sent");
    const [mail] = mailsFor(sent.id);
    expect(mail.rcptTo).toEqual(["agent@desk.test"]);
    expect(mail.subject).toBe("[Overdue] 260101-0042 first reply within 1 working day");
    expect(mail.html).toContain("https://desk.test.example/desk/tickets/260101-0042");
    expect(mail.text).toContain("2026-05-01 18:00 KST");

    await db().update(staff).set({ active: false }).where(eq(staff.id, people.manager.person.id));
    await db().transaction((tx) => queueStaffNotification(tx, people.manager.person.id, "manager_alert", payload, "staff:2"));
    expect(await row("staff:2")).toMatchObject({ status: "unsent", error: "staff_inactive" });
    await db().update(staff).set({ active: true }).where(eq(staff.id, people.manager.person.id));
  });

  it("a payload the template cannot use fails at once with the reason (no retries)", async () => {
    await db().transaction((tx) =>
      queueStaffNotification(tx, people.agent.person.id, "staff_warning", { reference: "260101-0043" }, "staff:bad"),
    );
    const failed = await inStatus("staff:bad", "failed");
    expect(failed.attempts).toBe(0);
    expect(failed.error).toMatch(/^template_payload: staff_warning: .*metric/);
  });
});
