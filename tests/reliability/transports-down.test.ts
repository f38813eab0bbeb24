// Fault test (d): the SMTP server and Twilio are both unreachable (connections refused) while a
// burst of notifications is queued, and come back a few seconds later. Every notification is
// delivered exactly once afterwards: failed tries wait for their next attempt (exponential
// backoff on the row), delivery loops racing for the same rows claim them with SKIP LOCKED and a
// lease, and each row is sent once.
//
// The real nodemailer talks to a local SMTP server (tests/support/smtp-sink.ts, stopped and
// started on the same port); the real twilio client talks to a local fake of Twilio's Messages
// API (tests/support/fake-twilio.ts) through a TCP forwarder that is switched off and on.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { startJobs, type JobsRuntime } from "../../jobs/runtime";
import type { PollLoop } from "../../app/core/jobs/poll-loop";
import { startDeliveryLoop } from "~/notify/delivery-loop.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { startFakeTwilio, type FakeTwilio } from "../support/fake-twilio";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";
import { waitFor } from "./support/processes";
import { startSwitchProxy, type SwitchProxy } from "./support/switch-proxy";

useTestDatabase();

process.env.PUBLIC_URL = "https://desk.test.example";
process.env.MAIL_FROM = "고객만족센터 <desk@test.example>";
process.env.NOTIFY_RETRY_LIMIT = "10";
process.env.NOTIFY_RETRY_DELAY_SECONDS = "1";

let sink: SmtpSink;
let twilio: FakeTwilio;
let twilioLine: SwitchProxy;
let jobs: JobsRuntime | undefined;
const extraLoops: PollLoop[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  twilio = await startFakeTwilio();
  twilioLine = await startSwitchProxy(Number(new URL(twilio.url).port));
  process.env.SMTP_URL = sink.url;
  process.env.TWILIO_ACCOUNT_SID = twilio.accountSid;
  process.env.TWILIO_AUTH_TOKEN = twilio.authToken;
  process.env.TWILIO_FROM = "+15005550006";
  process.env.TWILIO_API_URL = twilioLine.url("http");
  jobs = await startJobs();
  // More delivery loops, as more worker processes would add, with small batches so that they
  // race for the same rows.
  for (let i = 0; i < EXTRA_DELIVERY_LOOPS; i++) extraLoops.push(startDeliveryLoop({ batchSize: 8, name: `notify.delivery-extra-${i}` }));
});

afterAll(async () => {
  await Promise.all(extraLoops.map((l) => l.stop()));
  await jobs?.stop();
  await twilioLine?.close();
  await sink?.stop();
  await twilio?.stop();
});

const EXTRA_DELIVERY_LOOPS = 7;
const EMAILS = 60;
const TEXTS = 60;
const OUTAGE_MS = 6_000;

describe("SMTP and Twilio down for a while", () => {
  it("every notification is delivered exactly once after they return", async () => {
    await sink.stop();
    await twilioLine.down();
    const requests: NotificationRequest[] = [];
    for (let i = 0; i < EMAILS; i++) {
      requests.push({
        dedupeKey: `outage-mail:${i}`,
        audience: "customer",
        to: `outage${i}@example.com`,
        template: "reply",
        payload: { reference: "260101-0100", body: `메일 ${i}번: 장애 뒤에 한 번만 도착합니다.` },
      });
    }
    for (let i = 0; i < TEXTS; i++) {
      const phone = `010-7${String(i).padStart(3, "0")}-${String(1000 + i)}`;
      requests.push({
        dedupeKey: `outage-sms:${i}`,
        audience: "customer",
        channel: "sms",
        to: phone,
        template: "reply",
        payload: { reference: "260101-0101", body: `문자 ${i}번` },
      });
    }
    const queuedAt = Date.now();
    await db().transaction((tx) => queueNotifications(tx, requests));

    // While both are down: deliveries fail, are counted, and wait for their retry. The outage
    // lasts until a third of the notifications have failed at least once (at least OUTAGE_MS).
    await waitFor(
      "failed attempts while the transports are down",
      async () => {
        const [r] = await db().execute<{ n: number }>(
          sql`select count(*)::int as n from notifications where dedupe_key like 'outage-%' and attempts > 0`,
        );
        return Number(r.n) >= (EMAILS + TEXTS) / 3 && Date.now() - queuedAt >= OUTAGE_MS ? true : null;
      },
      60_000,
      100,
    );
    const outageMs = Date.now() - queuedAt;
    const [{ n: failedWhileDown }] = await db().execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where dedupe_key like 'outage-%' and attempts > 0`,
    );
    expect(sink.messages).toHaveLength(0);
    expect(twilio.messages).toHaveLength(0);
    await sink.start();
    await twilioLine.up();
    const backAt = Date.now();

    const settled = await waitFor(
      "every notification to be sent",
      async () => {
        const rows = await db().execute<{ status: string; n: number }>(
          sql`select status, count(*)::int as n from notifications where dedupe_key like 'outage-%' group by status`,
        );
        const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
        return by.sent === EMAILS + TEXTS || (by.failed ?? 0) > 0 || (by.unsent ?? 0) > 0 ? by : null;
      },
      90_000,
      250,
    );
    const deliveredIn = Date.now() - backAt;
    // Give any stray duplicate a chance to arrive before counting.
    await new Promise((r) => setTimeout(r, 3_000));

    const rows = await db().execute<{ id: string; dedupe_key: string; attempts: number; channel: string }>(
      sql`select id, dedupe_key, attempts, channel from notifications where dedupe_key like 'outage-%'`,
    );
    const mailsPer = new Map<string, number>();
    for (const m of sink.messages) {
      const id = String(m.headers.get("x-desk-notification") ?? "");
      mailsPer.set(id, (mailsPer.get(id) ?? 0) + 1);
    }
    const textsPer = new Map<string, number>();
    for (const m of twilio.messages) {
      const n = /문자 (\d+)번/.exec(m.body)?.[1];
      if (n !== undefined) textsPer.set(`outage-sms:${n}`, (textsPer.get(`outage-sms:${n}`) ?? 0) + 1);
    }
    let lost = 0;
    let duplicated = 0;
    for (const r of rows) {
      const got = r.channel === "email" ? (mailsPer.get(r.id) ?? 0) : (textsPer.get(r.dedupe_key) ?? 0);
      if (got === 0) lost++;
      if (got > 1) duplicated += got - 1;
    }
    const attempts = rows.reduce((s, r) => s + Number(r.attempts), 0);
    console.log(
      `[transports-down] cases tried ${EMAILS} emails + ${TEXTS} text messages, both transports down ${outageMs} ms; ` +
        `${EXTRA_DELIVERY_LOOPS + 1} delivery loops; ${failedWhileDown} had failed attempts during the outage; delivery attempts ${attempts}; all sent ${deliveredIn} ms after the transports returned; ` +
        `emails received ${sink.messages.length}, texts received ${twilio.messages.length}; lost ${lost}, duplicated ${duplicated}`,
    );
    expect(settled).toEqual({ sent: EMAILS + TEXTS });
    expect(Number(failedWhileDown)).toBeGreaterThan(0);
    expect(rows).toHaveLength(EMAILS + TEXTS);
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(sink.messages).toHaveLength(EMAILS);
    expect(twilio.messages).toHaveLength(TEXTS);
  }, 150_000);
});
