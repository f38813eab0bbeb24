// Delivery end to end: the delivery loop of this process (started by the jobs runtime, as in a
// worker), the real nodemailer against a local SMTP server, the real twilio client against a
// local fake of Twilio's Messages API.
import postgres from "postgres";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../db/schema";
import { db } from "../../db/connection";
import { startJobs, type JobsRuntime } from "../../jobs/runtime";
import { queueNotifications, queueCustomerNotification, type NotificationRequest } from "~/notify/queue.server";
import { smsSegments } from "~/notify/sms";
import { createTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { startFakeTwilio, type FakeTwilio } from "../support/fake-twilio";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";
import { waitFor } from "../support/wait";

const database = useTestDatabase();

process.env.PUBLIC_URL = "https://desk.test.example";
process.env.MAIL_FROM = "고객만족센터 <desk@test.example>";
process.env.NOTIFY_RETRY_LIMIT = "3";
process.env.NOTIFY_RETRY_DELAY_SECONDS = "1";
process.env.DESK_PHONE = "1588-0000";

let sink: SmtpSink;
let twilio: FakeTwilio;
let jobs: JobsRuntime;

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  process.env.SMTP_URL = sink.url;
  process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
  process.env.TWILIO_FROM = "+15005550006";
  process.env.TWILIO_API_URL = twilio.url;
  jobs = await startJobs();
});

afterAll(async () => {
  await jobs?.stop();
  await sink?.stop();
  await twilio?.stop();
});

const customer = { kind: "customer" } as const;

function intake(c: TicketIntake["customer"], overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자격시험 접수 확인서 재발급 문의",
    body: "확인서를 다시 받을 수 있나요?",
    customer: c,
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function row(dedupeKey: string) {
  const [r] = await db().select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
  return r;
}

const sentRow = (key: string) => waitFor(`${key} sent`, async () => ((await row(key))?.status === "sent" ? row(key) : null));
const mailsFor = (id: string) => sink.messages.filter((m) => m.headers.get("x-desk-notification") === id);

async function queue(request: NotificationRequest) {
  await db().transaction((tx) => queueNotifications(tx, [request]));
}

let probes = 0;
/** Queues an email due now and waits until the delivery loop has handled it (sent or failed). */
async function probeHandled() {
  const key = `probe:${++probes}`;
  await queue({
    dedupeKey: key,
    audience: "customer",
    to: "probe@example.com",
    template: "reply",
    payload: { reference: "260101-0099", body: "확인용" },
  });
  await waitFor(`a round handling ${key}`, async () => (await row(key))?.status !== "queued");
}

/**
 * A whole round of the loop has run since the call, so whatever it would send again or retry has
 * been: the second probe is queued after the first was handled, so a later round takes it, and the
 * loop starts a round only when the one before has ended.
 */
async function roundPassed() {
  await probeHandled();
  await probeHandled();
}

describe("queueing joins the caller's transaction", () => {
  it("the row exists only if the transaction commits; the row is all that is queued", async () => {
    const probe = postgres(database.url(), { max: 1, onnotice: () => {} });
    const notifyJobs = async () =>
      Number((await probe<{ n: number }[]>`select count(*)::int as n from pgboss.job where name like 'notify.%'`)[0].n);
    try {
      let id = "";
      const rolledBack = db().transaction(async (tx) => {
        await queueNotifications(tx, [
          {
            dedupeKey: "tx:rollback",
            audience: "customer",
            to: "probe@example.com",
            template: "acknowledgment",
            payload: { reference: "260101-0001" },
          },
        ]);
        const [inserted] = await tx.select().from(notifications).where(eq(notifications.dedupeKey, "tx:rollback"));
        id = inserted.id;
        expect(inserted).toMatchObject({ status: "queued", attempts: 0, attemptsBase: 0, leaseToken: null });
        // Another connection (another process's delivery loop) does not see the row before the commit.
        const [outsideRow] = await probe<{ n: number }[]>`select count(*)::int as n from notifications where id = ${id}`;
        expect(outsideRow.n).toBe(0);
        throw new Error("roll back");
      });
      await expect(rolledBack).rejects.toThrow("roll back");
      const [afterRow] = await probe<{ n: number }[]>`select count(*)::int as n from notifications where id = ${id}`;
      expect(afterRow.n).toBe(0);

      await queue({
        dedupeKey: "tx:commit",
        audience: "customer",
        to: "probe@example.com",
        template: "acknowledgment",
        payload: { reference: "260101-0002" },
      });
      const sent = await sentRow("tx:commit");
      expect(sent).toMatchObject({ attempts: 1, leaseToken: null, error: null });
      expect(mailsFor(sent.id)).toHaveLength(1);
      // No pg-boss job per notification any more (ADR 0005).
      expect(await notifyJobs()).toBe(0);
    } finally {
      await probe.end({ timeout: 5 });
    }
  });

  it("a dedupe key is queued and delivered exactly once", async () => {
    const request: NotificationRequest = {
      dedupeKey: "once:1",
      audience: "customer",
      to: "once@example.com",
      template: "reply",
      payload: { reference: "260101-0003", body: "한 번만 보냅니다." },
    };
    await queue(request);
    await queue(request);
    await db().transaction((tx) => queueNotifications(tx, [request, request]));
    const rows = await db().select().from(notifications).where(eq(notifications.dedupeKey, "once:1"));
    expect(rows).toHaveLength(1);
    const sent = await sentRow("once:1");
    await roundPassed();
    expect(mailsFor(sent.id)).toHaveLength(1);
  });
});

describe("email over SMTP", () => {
  it("the acknowledgment of a new ticket reaches the customer with its reference and tracking link", async () => {
    const created = await createTicket(intake({ name: "홍길동", email: "hong@example.com" }), customer);
    const sent = await sentRow(`ack:${created.id}`);
    expect(sent).toMatchObject({ channel: "email", toAddress: "hong@example.com", attempts: 1, error: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
    const [mail] = mailsFor(sent.id);
    expect(mail.rcptTo).toEqual(["hong@example.com"]);
    expect(mail.from).toContain("desk@test.example");
    expect(mail.subject).toBe(`[고객만족센터] 문의가 접수되었습니다 (접수번호 ${created.reference})`);
    expect(mail.html).toMatch(/<html[^>]* lang="ko"/);
    expect(mail.html).toContain("홍길동 고객님");
    expect(mail.html).toContain(`https://desk.test.example/track/${created.reference}`);
    // The plain-text part is there too, with the same facts.
    expect(mail.text).toContain(created.reference);
    expect(mail.text).toContain("https://desk.test.example/track/");
    expect(mail.messageId).toBe(`<${sent.id}@service-desk.notifications>`);
    expect(sent.providerId).toBe(mail.messageId);
  });

  it("English customers get the English variant; customer text is escaped, never HTML", async () => {
    await queue({
      dedupeKey: "en:1",
      audience: "customer",
      to: "jane@example.com",
      locale: "en",
      template: "reply",
      payload: {
        reference: "260101-0004",
        body: "Thank you for waiting, <b>Jane</b>:\nyour certificate <script>alert(1)</script> is ready.",
        customerName: "Jane",
      },
    });
    const sent = await sentRow("en:1");
    const [mail] = mailsFor(sent.id);
    expect(mail.subject).toBe("Our reply to your inquiry (reference 260101-0004)");
    expect(mail.html).toMatch(/<html[^>]* lang="en"/);
    // the template's own greeting (the body does not start with one)
    expect(mail.html).toContain("Dear Jane,");
    expect(mail.html).not.toContain("<b>Jane</b>");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain("your certificate <script>alert(1)</script> is ready.");
  });

  it("when the SMTP server is down it retries with backoff, then delivers once after it returns", async () => {
    await sink.stop();
    await queue({
      dedupeKey: "smtp-down:1",
      audience: "customer",
      to: "later@example.com",
      template: "reply",
      payload: { reference: "260101-0005", body: "나중에 도착합니다." },
    });
    const failing = await waitFor("two failed tries", async () => {
      const r = await row("smtp-down:1");
      return r && r.attempts >= 2 ? r : null;
    });
    expect(failing.status).toBe("queued");
    expect(failing.error).toMatch(/^smtp: .*(ECONNREFUSED|ECONNECTION)/);
    await sink.start();
    const sent = await sentRow("smtp-down:1");
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    expect(sent.error).toBeNull();
    await roundPassed();
    expect(mailsFor(sent.id)).toHaveLength(1);
  }, 60_000);

  it("a refusal (5xx) is permanent: failed at once with the server's answer, not retried", async () => {
    sink.rejectWith(550);
    try {
      await queue({
        dedupeKey: "smtp-550:1",
        audience: "customer",
        to: "nobody@example.com",
        template: "reply",
        payload: { reference: "260101-0006", body: "x" },
      });
      const failed = await waitFor("failed", async () => ((await row("smtp-550:1"))?.status === "failed" ? row("smtp-550:1") : null));
      expect(failed.attempts).toBe(1);
      expect(failed.error).toMatch(/^smtp: .*550/);
      expect(failed.leaseToken).toBeNull();
      // The row is the dead letter: it stays failed (no further tries) until an admin retries it.
      await roundPassed();
      expect(await row("smtp-550:1")).toEqual(failed); // untouched: status, attempts, updated_at
    } finally {
      sink.rejectWith(null);
    }
  });
});

describe("SMS through Twilio", () => {
  it("a customer who prefers text messages gets the acknowledgment by SMS (E.164, from TWILIO_FROM)", async () => {
    const created = await createTicket(intake({ name: "김민수", phone: "010-2345-6789", preferredContact: "sms" }), customer);
    const sent = await sentRow(`ack:${created.id}`);
    expect(sent).toMatchObject({ channel: "sms", toAddress: "+821023456789" });
    const sms = twilio.messages.find((m) => m.sid === sent.providerId)!;
    expect(sms).toMatchObject({ to: "+821023456789", from: "+15005550006", accountSid: twilio.accountSid });
    expect(sms.body).toContain(created.reference);
    expect(sms.body).toContain("[고객만족센터] 문의가 접수되었습니다.");
    expect(smsSegments(sms.body).segments).toBeLessThanOrEqual(2);
  });

  it("Twilio answering 500 for a while: retried, then delivered exactly once", async () => {
    const before = twilio.requests;
    twilio.failNext(500, 2);
    await queue({
      dedupeKey: "tw500:1",
      audience: "customer",
      to: "010-3456-7890",
      channel: "sms",
      template: "reply",
      payload: { reference: "260101-0007", body: "잠시 후 도착" },
    });
    const sent = await sentRow("tw500:1");
    expect(sent.attempts).toBe(3);
    expect(twilio.requests - before).toBe(3);
    await roundPassed();
    expect(twilio.messages.filter((m) => m.body.includes("260101-0007"))).toHaveLength(1);
  }, 60_000);

  it("after the last try, backed off exponentially, the row is failed with Twilio's error (the dead letter)", async () => {
    twilio.failNext(503);
    try {
      await queue({
        dedupeKey: "tw503:1",
        audience: "customer",
        to: "010-4567-8901",
        channel: "sms",
        template: "reply",
        payload: { reference: "260101-0008", body: "실패" },
      });
      const failed = await waitFor("failed", async () => ((await row("tw503:1"))?.status === "failed" ? row("tw503:1") : null), 50_000);
      expect(failed.attempts).toBe(4); // NOTIFY_RETRY_LIMIT 3 + the first try
      expect(failed.error).toMatch(/^twilio: 503/);
      // Backoff from NOTIFY_RETRY_DELAY_SECONDS (1 s): tries about 1, 2 and 4 seconds apart.
      expect(failed.updatedAt.getTime() - failed.createdAt.getTime()).toBeGreaterThanOrEqual(6_500);
      expect(failed.leaseToken).toBeNull();
    } finally {
      twilio.failNext(500, 0);
    }
  }, 70_000);

  it("a reply by SMS too long for 2 segments goes by email when the customer has one", async () => {
    const created = await createTicket(
      intake({ name: "이영희", email: "lee@example.com", phone: "010-5678-9012", preferredContact: "sms" }),
      customer,
    );
    const body = "확인 결과를 자세히 안내드립니다. ".repeat(20);
    await db().transaction((tx) =>
      queueCustomerNotification(tx, created.id, "reply", { reference: created.reference, body }, "long-reply:1", { channel: "sms" }),
    );
    const sent = await sentRow("long-reply:1");
    expect(sent).toMatchObject({ channel: "email", toAddress: "lee@example.com" });
    expect(sent.payload.routing).toBe("sms_too_long");
    expect(mailsFor(sent.id)[0].text).toContain("확인 결과를 자세히 안내드립니다.");
  });

  it("…and is shortened to 2 segments with a note to call when there is no email", async () => {
    const created = await createTicket(intake({ name: "박철수", phone: "010-6789-0123", preferredContact: "sms" }), customer);
    const body = "확인 결과를 자세히 안내드립니다. ".repeat(20);
    await db().transaction((tx) =>
      queueCustomerNotification(tx, created.id, "reply", { reference: created.reference, body }, "long-reply:2", { channel: "sms" }),
    );
    const sent = await sentRow("long-reply:2");
    expect(sent.channel).toBe("sms");
    const sms = twilio.messages.find((m) => m.sid === sent.providerId)!;
    expect(smsSegments(sms.body)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(sms.body).toContain("…");
    expect(sms.body).toContain("전체 내용은 고객센터(1588-0000)로 문의해 주세요.");
  });
});

describe("dead letters", () => {
  it("a number Twilio refuses (4xx) fails at once, with the error stored masked", async () => {
    const before = twilio.requests;
    await queue({
      dedupeKey: "tw400:1",
      audience: "customer",
      to: "1234567890123",
      channel: "sms",
      template: "reply",
      payload: { reference: "260101-0009", body: "x" },
    });
    const failed = await waitFor("failed", async () => ((await row("tw400:1"))?.status === "failed" ? row("tw400:1") : null));
    expect(failed.attempts).toBe(1);
    expect(twilio.requests - before).toBe(1);
    // Twilio quotes the number; a bare run of digits like an account number is masked (§7).
    expect(failed.error).toMatch(/^twilio: 400 21211 /);
    expect(failed.error).toContain("123-****-0123");
    expect(failed.error).not.toContain("1234567890123");
  });
});
