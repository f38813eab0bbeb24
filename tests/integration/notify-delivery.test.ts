// Delivery end to end: pg-boss workers in this process, the real nodemailer against a local SMTP
// server, the real twilio client against a local fake of Twilio's Messages API.
import postgres from "postgres";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications } from "../../db/schema";
import { db } from "../../db/connection";
import { startJobs, type JobsRuntime } from "../../jobs/runtime";
import { queueNotifications, queueCustomerNotification, type NotificationRequest } from "~/notify/queue.server";
import { sweepNotifications } from "~/notify/deliver.server";
import { smsSegments } from "~/notify/sms";
import { createTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { startFakeTwilio, type FakeTwilio } from "../support/fake-twilio";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";

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

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 25_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
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

describe("queueing joins the caller's transaction", () => {
  it("the row and its delivery job exist only if the transaction commits", async () => {
    const probe = postgres(database.url(), { max: 1, onnotice: () => {} });
    try {
      let id = "";
      const rolledBack = db().transaction(async (tx) => {
        await queueNotifications(tx, [
          { dedupeKey: "tx:rollback", audience: "customer", to: "probe@example.com", template: "acknowledgment", payload: { reference: "260101-0001" } },
        ]);
        const [inserted] = await tx.select().from(notifications).where(eq(notifications.dedupeKey, "tx:rollback"));
        id = inserted.id;
        const inside = await tx.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'notify.deliver' and data->>'notificationId' = ${id}`);
        expect(inside[0].n).toBe(1);
        // Another connection sees neither the row nor the job before the commit.
        const [outsideRow] = await probe<{ n: number }[]>`select count(*)::int as n from notifications where id = ${id}`;
        const [outsideJob] = await probe<{ n: number }[]>`select count(*)::int as n from pgboss.job where data->>'notificationId' = ${id}`;
        expect(outsideRow.n).toBe(0);
        expect(outsideJob.n).toBe(0);
        throw new Error("roll back");
      });
      await expect(rolledBack).rejects.toThrow("roll back");
      const [afterRow] = await probe<{ n: number }[]>`select count(*)::int as n from notifications where id = ${id}`;
      const [afterJob] = await probe<{ n: number }[]>`select count(*)::int as n from pgboss.job where data->>'notificationId' = ${id}`;
      expect(afterRow.n).toBe(0);
      expect(afterJob.n).toBe(0);

      await queue({ dedupeKey: "tx:commit", audience: "customer", to: "probe@example.com", template: "acknowledgment", payload: { reference: "260101-0002" } });
      const committed = await row("tx:commit");
      const [job] = await probe<{ n: number }[]>`select count(*)::int as n from pgboss.job where data->>'notificationId' = ${committed.id}`;
      expect(job.n).toBe(1);
      await sentRow("tx:commit");
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
    await new Promise((r) => setTimeout(r, 2_500));
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
      payload: { reference: "260101-0004", body: "Dear <b>Jane</b>,\nyour certificate <script>alert(1)</script> is ready.", customerName: "Jane" },
    });
    const sent = await sentRow("en:1");
    const [mail] = mailsFor(sent.id);
    expect(mail.subject).toBe("Our reply to your inquiry (reference 260101-0004)");
    expect(mail.html).toMatch(/<html[^>]* lang="en"/);
    expect(mail.html).toContain("Dear Jane,");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    expect(mail.text).toContain("your certificate <script>alert(1)</script> is ready.");
  });

  it("when the SMTP server is down it retries with backoff, then delivers once after it returns", async () => {
    await sink.stop();
    await queue({ dedupeKey: "smtp-down:1", audience: "customer", to: "later@example.com", template: "reply", payload: { reference: "260101-0005", body: "나중에 도착합니다." } });
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
    await new Promise((r) => setTimeout(r, 2_500));
    expect(mailsFor(sent.id)).toHaveLength(1);
  }, 60_000);

  it("a refusal (5xx) is permanent: failed at once with the server's answer, not retried", async () => {
    sink.rejectWith(550);
    try {
      await queue({ dedupeKey: "smtp-550:1", audience: "customer", to: "nobody@example.com", template: "reply", payload: { reference: "260101-0006", body: "x" } });
      const failed = await waitFor("failed", async () => ((await row("smtp-550:1"))?.status === "failed" ? row("smtp-550:1") : null));
      expect(failed.attempts).toBe(1);
      expect(failed.error).toMatch(/^smtp: .*550/);
      const dead = await waitFor("dead letter", async () => {
        const [r] = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'dead-letters' and data->'data'->>'notificationId' = ${failed.id}`);
        return r.n > 0;
      });
      expect(dead).toBe(true);
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
    await queue({ dedupeKey: "tw500:1", audience: "customer", to: "010-3456-7890", channel: "sms", template: "reply", payload: { reference: "260101-0007", body: "잠시 후 도착" } });
    const sent = await sentRow("tw500:1");
    expect(sent.attempts).toBe(3);
    expect(twilio.requests - before).toBe(3);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(twilio.messages.filter((m) => m.body.includes("260101-0007"))).toHaveLength(1);
  }, 60_000);

  it("after the last try the row is failed with Twilio's error and the job is dead-lettered", async () => {
    twilio.failNext(503);
    try {
      await queue({ dedupeKey: "tw503:1", audience: "customer", to: "010-4567-8901", channel: "sms", template: "reply", payload: { reference: "260101-0008", body: "실패" } });
      const failed = await waitFor("failed", async () => ((await row("tw503:1"))?.status === "failed" ? row("tw503:1") : null), 50_000);
      expect(failed.attempts).toBe(4); // NOTIFY_RETRY_LIMIT 3 + the first try
      expect(failed.error).toMatch(/^twilio: 503/);
      const dead = await waitFor("dead letter", async () => {
        const [r] = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'dead-letters' and data->>'notificationId' = ${failed.id}`);
        return r.n > 0;
      });
      expect(dead).toBe(true);
    } finally {
      twilio.failNext(500, 0);
    }
  }, 70_000);

  it("a reply by SMS too long for 2 segments goes by email when the customer has one", async () => {
    const created = await createTicket(intake({ name: "이영희", email: "lee@example.com", phone: "010-5678-9012", preferredContact: "sms" }), customer);
    const body = "확인 결과를 자세히 안내드립니다. ".repeat(20);
    await db().transaction((tx) => queueCustomerNotification(tx, created.id, "reply", { reference: created.reference, body }, "long-reply:1", { channel: "sms" }));
    const sent = await sentRow("long-reply:1");
    expect(sent).toMatchObject({ channel: "email", toAddress: "lee@example.com" });
    expect(sent.payload.routing).toBe("sms_too_long");
    expect(mailsFor(sent.id)[0].text).toContain("확인 결과를 자세히 안내드립니다.");
  });

  it("…and is shortened to 2 segments with a note to call when there is no email", async () => {
    const created = await createTicket(intake({ name: "박철수", phone: "010-6789-0123", preferredContact: "sms" }), customer);
    const body = "확인 결과를 자세히 안내드립니다. ".repeat(20);
    await db().transaction((tx) => queueCustomerNotification(tx, created.id, "reply", { reference: created.reference, body }, "long-reply:2", { channel: "sms" }));
    const sent = await sentRow("long-reply:2");
    expect(sent.channel).toBe("sms");
    const sms = twilio.messages.find((m) => m.sid === sent.providerId)!;
    expect(smsSegments(sms.body)).toMatchObject({ encoding: "UCS-2", segments: 2 });
    expect(sms.body).toContain("…");
    expect(sms.body).toContain("전체 내용은 고객센터(1588-0000)로 문의해 주세요.");
  });
});

describe("safety nets", () => {
  it("a malformed job payload is rejected and dead-lettered by the runtime", async () => {
    const jobId = await jobs.boss.send("notify.deliver", { notificationId: "not-a-uuid" });
    const dead = await waitFor("dead letter", async () => {
      const [r] = await db().execute<{ reason: string }>(sql`select data->>'reason' as reason from pgboss.job where name = 'dead-letters' and data->>'jobId' = ${jobId}`);
      return r ?? null;
    });
    expect(dead.reason).toMatch(/notificationId/);
  });

  it("the sweep enqueues stale queued rows without a live job, once", async () => {
    // As if queued by a process without pg-boss a minute ago.
    const [orphan] = await db()
      .insert(notifications)
      .values({ dedupeKey: "orphan:1", audience: "customer", channel: "email", toAddress: "orphan@example.com", template: "reply", payload: { reference: "260101-0009", body: "고아" }, updatedAt: new Date(Date.now() - 60_000), createdAt: new Date(Date.now() - 60_000) })
      .returning();
    const first = await sweepNotifications();
    expect(first.enqueued).toBeGreaterThanOrEqual(1);
    const second = await sweepNotifications();
    expect(second.enqueued).toBe(0);
    const sent = await sentRow("orphan:1");
    expect(sent.id).toBe(orphan.id);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(mailsFor(orphan.id)).toHaveLength(1);
    // A row that still has a live job is left alone even when old.
    const [jobbed] = await db()
      .insert(notifications)
      .values({ dedupeKey: "orphan:2", audience: "customer", channel: "email", toAddress: "orphan2@example.com", template: "reply", payload: { reference: "260101-0010", body: "b" }, updatedAt: new Date(Date.now() - 60_000) })
      .returning();
    await jobs.boss.send("notify.deliver", { notificationId: jobbed.id, baseAttempts: 0 }, { startAfter: 3600 });
    expect((await sweepNotifications()).enqueued).toBe(0);
    const [still] = await db().select().from(notifications).where(and(eq(notifications.id, jobbed.id), eq(notifications.status, "queued")));
    expect(still).toBeDefined();
  });
});
