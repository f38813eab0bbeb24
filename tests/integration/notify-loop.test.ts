// The outbox delivery loops (ADR 0005) on their own, without the jobs runtime, so that each test
// decides how many loops run: the real nodemailer against a local SMTP server, the real twilio
// client against a local fake of Twilio's Messages API.
import { randomUUID } from "node:crypto";
import { eq, like, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { notifications } from "../../db/schema";
import { db } from "../../db/connection";
import type { PollLoop } from "../../app/core/jobs/poll-loop";
import { notifyConfig } from "~/notify/config.server";
import { claimDueNotifications, deliverDueNotifications } from "~/notify/deliver.server";
import { startDeliveryLoop } from "~/notify/delivery-loop.server";
import { enqueueDelivery, queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { deliveryWakeListening, deliveryWakeListens, registerDeliveryWaker, WAKE_LISTENER_APPLICATION_NAME } from "~/notify/wake.server";
import { startFakeTwilio, type FakeTwilio } from "../support/fake-twilio";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";
import { waitFor } from "../support/wait";

const database = useTestDatabase();

process.env.PUBLIC_URL = "https://desk.test.example";
process.env.MAIL_FROM = "고객만족센터 <desk@test.example>";
process.env.NOTIFY_RETRY_LIMIT = "3";
process.env.NOTIFY_RETRY_DELAY_SECONDS = "1";

let sink: SmtpSink;
let twilio: FakeTwilio;
const loops: PollLoop[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  process.env.SMTP_URL = sink.url;
  process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
  process.env.TWILIO_FROM = "+15005550006";
  process.env.TWILIO_API_URL = twilio.url;
});

afterEach(async () => {
  await stopLoops();
});

afterAll(async () => {
  await sink?.stop();
  await twilio?.stop();
});

async function row(dedupeKey: string) {
  const [r] = await db().select().from(notifications).where(eq(notifications.dedupeKey, dedupeKey));
  return r!;
}

const mailsFor = (id: string) => sink.messages.filter((m) => m.headers.get("x-desk-notification") === id);

const email = (key: string, n: number): NotificationRequest => ({
  dedupeKey: key,
  audience: "customer",
  to: `loop${n}@example.com`,
  template: "reply",
  payload: { reference: "260101-0200", body: `메일 ${key}` },
});

/** Queues an email due now and waits until a running loop has sent it. */
async function probeSent(key: string, n: number) {
  await db().transaction((tx) => queueNotifications(tx, [email(key, n)]));
  await waitFor(`a round sending ${key}`, async () => (await row(key)).status === "sent", 10_000, 20);
}

/**
 * A whole round of the (one) running loop has run since the call: the second probe is queued after
 * the first was sent, so a later round takes it, and a loop starts a round only when the one before
 * has ended.
 */
async function roundPassed(key: string, n: number) {
  await probeSent(`${key}:1`, n);
  await probeSent(`${key}:2`, n);
}

/** Stops the running loops; stop() waits for a round in progress, so whatever it sent has arrived. */
const stopLoops = () => Promise.all(loops.splice(0).map((l) => l.stop()));

describe("delivery loops", () => {
  it("300 notifications, two loops: each delivered exactly once", async () => {
    const EMAILS = 150;
    const TEXTS = 150;
    const requests: NotificationRequest[] = [];
    for (let i = 0; i < EMAILS; i++) requests.push(email(`bulk-mail:${i}`, i));
    for (let i = 0; i < TEXTS; i++) {
      requests.push({
        dedupeKey: `bulk-sms:${i}`,
        audience: "customer",
        channel: "sms",
        to: `010-8${String(i).padStart(3, "0")}-${String(2000 + i)}`,
        template: "reply",
        payload: { reference: "260101-0201", body: `문자 ${i}번` },
      });
    }
    await db().transaction((tx) => queueNotifications(tx, requests));

    const started = Date.now();
    loops.push(startDeliveryLoop({ name: "loop-a" }), startDeliveryLoop({ name: "loop-b" }));
    const counted = sql<number>`count(*)::int`;
    await waitFor(
      "all 300 sent",
      async () => {
        const [r] = await db()
          .select({ n: counted })
          .from(notifications)
          .where(sql`dedupe_key like 'bulk-%' and status = 'sent'`);
        return Number(r!.n) === EMAILS + TEXTS;
      },
      120_000,
    );
    const elapsed = Date.now() - started;
    await stopLoops(); // a stray duplicate from a round still sending has arrived by now

    const rows = await db().select().from(notifications).where(like(notifications.dedupeKey, "bulk-%"));
    const textsPer = new Map<string, number>();
    for (const m of twilio.messages) {
      const n = /문자 (\d+)번/.exec(m.body)?.[1];
      if (n !== undefined) textsPer.set(`bulk-sms:${n}`, (textsPer.get(`bulk-sms:${n}`) ?? 0) + 1);
    }
    let duplicated = 0;
    let lost = 0;
    for (const r of rows) {
      const got = r.channel === "email" ? mailsFor(r.id).length : (textsPer.get(r.dedupeKey) ?? 0);
      if (got === 0) lost++;
      if (got > 1) duplicated += got - 1;
    }
    const texts = twilio.messages.filter((m) => m.body.includes("260101-0201")).length;
    const mails = sink.messages.filter((m) => m.subject.includes("260101-0200")).length;
    console.log(
      `[notify-loop] 300 notifications (${EMAILS} emails, ${TEXTS} texts), 2 delivery loops: delivered ${mails + texts} ` +
        `(emails ${mails}, texts ${texts}) in ${elapsed} ms; lost ${lost}, duplicated ${duplicated}`,
    );
    expect(rows).toHaveLength(EMAILS + TEXTS);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1 && r.leaseToken === null)).toBe(true);
    expect(mails).toBe(EMAILS);
    expect(texts).toBe(TEXTS);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
  }, 180_000);

  it("a process that commits a notification wakes its own loop; a rolled-back one is never sent", async () => {
    // An interval far longer than the test: only the wake-up at the commit can send it in time.
    loops.push(startDeliveryLoop({ intervalMs: 60_000 }));
    await deliveryWakeListening();
    await roundPassed("wake:idle", 11); // the loop has done its rounds and waits its minute

    await expect(
      db().transaction(async (tx) => {
        await queueNotifications(tx, [email("wake:rolled-back", 1)]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");

    const committedAt = Date.now();
    await db().transaction((tx) => queueNotifications(tx, [email("wake:committed", 2)]));
    const sent = await waitFor(
      "sent at once",
      async () => ((await row("wake:committed")).status === "sent" ? row("wake:committed") : null),
      20_000,
      20,
    );
    const latency = Date.now() - committedAt;
    console.log(`[notify-loop] committed → sent by the woken loop in ${latency} ms (loop interval 60 s)`);
    expect(latency).toBeLessThan(20_000);
    expect(mailsFor(sent.id)).toHaveLength(1);
    expect(await db().select().from(notifications).where(eq(notifications.dedupeKey, "wake:rolled-back"))).toHaveLength(0);
  }, 30_000);

  it("rows claimed by a process that died wait for the lease to end, then are sent once", async () => {
    await db().transaction((tx) => queueNotifications(tx, [email("lease:1", 3), email("lease:2", 4)]));
    // The "dead" process claims them (a 3-second lease) and never records an outcome.
    const deadClaim = await claimDueNotifications(randomUUID(), { leaseSeconds: 3 });
    expect(deadClaim.map((c) => c.id).sort()).toEqual([(await row("lease:1")).id, (await row("lease:2")).id].sort());
    const claimedAt = Date.now();

    // While the lease runs, other rounds leave them alone.
    expect((await deliverDueNotifications()).claimed).toBe(0);
    loops.push(startDeliveryLoop({ intervalMs: 200 }));
    await roundPassed("lease:later", 12); // a whole round passed them by
    expect(Date.now() - claimedAt).toBeLessThan(2_500); // … while the lease still ran
    expect((await row("lease:1")).status).toBe("queued");
    expect(mailsFor((await row("lease:1")).id)).toHaveLength(0);

    const sent = await waitFor("sent after the lease", async () => {
      const [a, b] = [await row("lease:1"), await row("lease:2")];
      return a.status === "sent" && b.status === "sent" ? [a, b] : null;
    });
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(2_500);
    await roundPassed("lease:after", 13); // a round after the one that sent them leaves them alone
    await stopLoops();
    for (const r of sent) {
      // The abandoned try counts (it may have reached the server); this one sent it.
      expect(r).toMatchObject({ attempts: 2, error: null, leaseToken: null });
      expect(mailsFor(r.id)).toHaveLength(1);
    }
  }, 30_000);

  it("a claim abandoned on the last try is failed with why, not sent again", async () => {
    await db().transaction((tx) => queueNotifications(tx, [email("lease:last", 5)]));
    await claimDueNotifications(randomUUID(), { leaseSeconds: 1 });
    loops.push(startDeliveryLoop({ intervalMs: 200, config: { ...notifyConfig(), retryLimit: 0 } }));
    const failed = await waitFor("failed", async () => ((await row("lease:last")).status === "failed" ? row("lease:last") : null));
    expect(failed).toMatchObject({ attempts: 1, leaseToken: null });
    expect(failed.error).toMatch(/^lease_expired: /);
    expect(mailsFor(failed.id)).toHaveLength(0);
  }, 30_000);
});

describe("the delivery wake-up: LISTEN/NOTIFY at commit (ADR 0022)", () => {
  /** Another process: its own connection, plain SQL, no code of this process involved. */
  const other = () => postgres(database.url(), { max: 1, onnotice: () => {} });
  const insertRaw = (c: postgres.Sql | postgres.TransactionSql, key: string, n: number) => c`
    insert into notifications (dedupe_key, audience, channel, to_address, template, locale, payload)
    values (${key}, 'customer', 'email', ${`wake${n}@example.com`}, 'reply', 'ko', ${c.json({ reference: "260101-0300", body: `메일 ${key}` })})`;

  it("a notification committed by another process is delivered promptly, with no pg_xact_status polling", async () => {
    // An interval far longer than the test: only a NOTIFY heard at the commit can send it in time.
    // The row is written by another connection, so no transaction id was ever handed to this
    // process: the old pg_xact_status watcher could not have known about it.
    loops.push(startDeliveryLoop({ intervalMs: 60_000 }));
    await deliveryWakeListening();
    await roundPassed("wake:other-idle", 14); // the loop has done its rounds and waits its minute

    const c = other();
    try {
      const committedAt = Date.now();
      await c.begin((tx) => insertRaw(tx, "wake:other-process", 7));
      const sent = await waitFor(
        "sent at once",
        async () => ((await row("wake:other-process")).status === "sent" ? row("wake:other-process") : null),
        10_000,
        20,
      );
      const latency = Date.now() - committedAt;
      console.log(`[notify-loop] committed by another connection → sent in ${latency} ms (loop interval 60 s)`);
      expect(latency).toBeLessThan(5_000);
      expect(mailsFor(sent.id)).toHaveLength(1);
    } finally {
      await c.end({ timeout: 1 });
    }
  }, 30_000);

  it("rolled-back work wakes nobody and is never delivered; a committed resend wakes at once", async () => {
    const c = other();
    try {
      // A queued row waiting for a later attempt, written before anyone listens.
      await c`insert into notifications (dedupe_key, audience, channel, to_address, template, payload, next_attempt_at)
        values ('wake:later', 'customer', 'email', 'later@example.com', 'reply', ${c.json({ reference: "260101-0301", body: "나중" })}, now() + interval '1 hour')`;
      const later = await row("wake:later");
      let wakes = 0;
      const unregister = registerDeliveryWaker(() => wakes++);
      try {
        await deliveryWakeListening(); // listening wakes the loops once, before it resolves
        wakes = 0;
        // An insert rolled back.
        await expect(
          c.begin(async (tx) => {
            await insertRaw(tx, "wake:raw-rolled-back", 8);
            throw new Error("roll back");
          }),
        ).rejects.toThrow("roll back");
        // The queued row made due now in a transaction that rolls back.
        await expect(
          db().transaction(async (tx) => {
            await enqueueDelivery(tx, [{ id: later.id, baseAttempts: 0 }]);
            throw new Error("roll back");
          }),
        ).rejects.toThrow("roll back");
        expect(await db().select().from(notifications).where(eq(notifications.dedupeKey, "wake:raw-rolled-back"))).toHaveLength(0);
        expect((await row("wake:later")).status).toBe("queued");
        expect((await row("wake:later")).nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

        // The same resend committed: heard at once. Notices arrive in commit order, so a wake-up
        // sent for the rolled-back work (before it, or outside its transaction) is counted by now.
        await db().transaction((tx) => enqueueDelivery(tx, [{ id: later.id, baseAttempts: 0 }]));
        await waitFor("woken by the committed resend", async () => wakes > 0, 5_000, 10);
        expect(wakes).toBe(1);
      } finally {
        unregister();
      }
    } finally {
      await c.end({ timeout: 1 });
    }
  }, 30_000);

  it("after the listener's connection is lost, it listens again, wakes the loops and hears the next commit", async () => {
    loops.push(startDeliveryLoop({ intervalMs: 60_000 }));
    await deliveryWakeListening();
    const listensBefore = deliveryWakeListens();
    const c = other();
    try {
      // While nobody listens, a row is committed: the re-listen must wake the loop to find it.
      await c`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${WAKE_LISTENER_APPLICATION_NAME} and datname = current_database()`;
      await insertRaw(c, "wake:during-loss", 9);
      await waitFor("listening again", async () => deliveryWakeListens() > listensBefore, 20_000);
      await waitFor("the row committed meanwhile is sent", async () => (await row("wake:during-loss")).status === "sent", 10_000, 20);
      const committedAt = Date.now();
      await insertRaw(c, "wake:after-loss", 10);
      await waitFor("sent after the re-listen", async () => (await row("wake:after-loss")).status === "sent", 10_000, 20);
      expect(Date.now() - committedAt).toBeLessThan(5_000);
    } finally {
      await c.end({ timeout: 1 });
    }
  }, 40_000);
});
