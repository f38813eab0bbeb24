// Email threading as mail clients do it: the desk's real acknowledgment and answer are sent through
// the real nodemailer transport to a local SMTP sink, and the customer's replies — shaped as Gmail,
// Outlook and Naver Mail send them, subjects without the reference — come back through the real
// inbound SMTP listener into a real PostgreSQL database.
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { deliverDueNotifications } from "~/notify/deliver.server";
import { notifyConfig } from "~/notify/config.server";
import { notificationIdOfMessageId, notificationIdOfReplyAddress, notificationMessageId, replyAddress } from "~/notify/threading";
import { getTicketDetail, pauseTicket, replyToCustomer, resolveTicket } from "~/tickets/tickets.server";
import { startInboundSmtp, type InboundSmtp } from "../../server/inbound-smtp";
import { startSmtpSink, type SinkMessage, type SmtpSink } from "../support/smtp-sink";
import { useTestDatabase } from "../support/db";

useTestDatabase();

process.env.MAIL_FROM = "고객만족센터 <desk@desk.example>";
const staffActor = { kind: "system", name: "test-staff" } as const;

let inbound: InboundSmtp;
let sink: SmtpSink;
let transport: Transporter;

beforeAll(async () => {
  inbound = await startInboundSmtp({ port: 0, host: "127.0.0.1", maxBytes: 512 * 1024, log: () => {} });
  sink = await startSmtpSink();
  transport = nodemailer.createTransport({ host: "127.0.0.1", port: inbound.port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  transport?.close();
  await inbound?.stop();
  await sink?.stop();
});

const clientId = (domain: string) => `<${randomBytes(10).toString("hex")}@${domain}>`;

async function send(mail: SendMailOptions): Promise<{ response: string; reference: string | null }> {
  const info = await transport.sendMail({ to: "desk@desk.example", ...mail });
  const response = String(info.response ?? "");
  return { response, reference: /(\d{6}-\d{4,})/.exec(response)?.[1] ?? null };
}

/** Sends what the outbox holds through the real SMTP transport; the mails the customer got. */
async function deliverTo(address: string): Promise<SinkMessage[]> {
  await deliverDueNotifications({ config: notifyConfig({ ...process.env, SMTP_URL: sink.url }) });
  return sink.messages.filter((m) => m.to.includes(address));
}

const ticketCount = async () => Number((await db().select({ n: count() }).from(tickets))[0].n);

async function openByEmail(from: string, subject: string) {
  const opened = await send({ from, subject, text: "처음 문의드립니다.", messageId: clientId("gmail.com") });
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const [ack] = await deliverTo(address);
  expect(ack, "the acknowledgment reached the customer").toBeTruthy();
  return { reference: opened.reference!, ack };
}

describe("email threading", () => {
  it("every customer email carries a Message-ID recorded with its ticket and a reply address desk+<token>@", async () => {
    const { reference, ack } = await openByEmail('"한결" <hangyeol@gmail.com>', "문의");
    const notificationId = notificationIdOfMessageId(ack.messageId!);
    expect(notificationId).not.toBeNull();
    const [row] = await db().select().from(notifications).where(eq(notifications.id, notificationId!));
    const [ticket] = await db().select().from(tickets).where(eq(tickets.reference, reference));
    expect(row.ticketId).toBe(ticket.id);
    const replyTo = String((ack.headers.get("reply-to") as { value: Array<{ address: string }> }).value[0].address);
    expect(replyTo).toMatch(/^desk\+[0-9a-f]{32}@desk\.example$/);
    expect(notificationIdOfReplyAddress(replyTo)).toBe(notificationId);
  });

  it("a Gmail reply (Re: 문의, In-Reply-To/References, no reference in the subject) joins the ticket and resumes its clocks", async () => {
    const { reference, ack } = await openByEmail('"김지메일" <kim.gmail@gmail.com>', "문의");
    await pauseTicket(reference, { reason: "계좌번호를 알려주세요" }, staffActor);
    const before = await ticketCount();
    const reply = await send({
      from: '"김지메일" <kim.gmail@gmail.com>',
      to: "고객만족센터 <desk@desk.example>",
      subject: "Re: 문의",
      text: "계좌번호는 은행 앱에서 확인 후 보내겠습니다.\n\nOn Sat, Dec 5, 2026 at 10:00 AM 고객만족센터 <desk@desk.example> wrote:\n> 문의가 접수되었습니다.",
      messageId: clientId("mail.gmail.com"),
      inReplyTo: ack.messageId,
      references: [ack.messageId!],
    });
    expect(reply.response).toBe(`250 OK: added to ${reference}`);
    expect(await ticketCount()).toBe(before);
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket.status).toBe("open");
    expect(detail.events.map((e) => e.type)).toEqual(expect.arrayContaining(["message.received", "ticket.resumed"]));
    expect(detail.timers.some((t) => t.state === "paused")).toBe(false);
    // Staff read what the customer wrote; the quoted acknowledgment stays in the original (.eml).
    const last = detail.messages.at(-1)!;
    expect(last.body).toBe("계좌번호는 은행 앱에서 확인 후 보내겠습니다.");
    const original = detail.attachments.find((a) => a.messageId === last.id)!;
    expect(original).toMatchObject({ filename: "original-message.eml", contentType: "message/rfc822" });
  });

  it("trims Outlook, Naver and Gmail quoted history in Korean and English, and keeps text that quotes nothing", async () => {
    const { visibleReply } = await import("~/inbound/email.server");
    expect(visibleReply("서류가 필요한가요?\n\n-----Original Message-----\nFrom: 고객만족센터\nSent: Saturday\n\n해지는 영업점에서")).toBe(
      "서류가 필요한가요?",
    );
    expect(visibleReply("추가 문의입니다.\n\n2026. 12. 5. 오전 10:00, 고객만족센터 <desk@desk.example> 작성:\n> 접수되었습니다")).toBe(
      "추가 문의입니다.",
    );
    expect(visibleReply("Thanks.\n\nOn Sat, Dec 5, 2026 at 10:00 AM Desk <desk@desk.example> wrote:\n> received")).toBe("Thanks.");
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[가-힣a-z0-9 ]{1,40}$/), { minLength: 1, maxLength: 5 }), (lines) => {
        const text = lines
          .map((l) => l.trim())
          .filter(Boolean)
          .join("\n");
        fc.pre(text.length > 0);
        expect(visibleReply(text)).toBe(text);
      }),
    );
  });

  it("an Outlook reply (RE: 답변) to a staff answer joins the ticket by References, even from another address", async () => {
    const { reference } = await openByEmail("outlook.user@outlook.com", "카드 해지 문의");
    await replyToCustomer(reference, { body: "해지는 영업점에서 가능합니다.", via: "email" }, staffActor);
    const mails = await deliverTo("outlook.user@outlook.com");
    const answer = mails.find((m) => m.text.includes("해지는 영업점에서"))!;
    expect(answer).toBeTruthy();
    const ack = mails.find((m) => m !== answer)!;
    const reply = await send({
      from: '"Outlook User" <o.user@company.co.kr>', // answered from the office account
      subject: "RE: 답변",
      text: "감사합니다. 영업점 방문 전에 필요한 서류가 있나요?",
      messageId: clientId("SEYP216MB1234.KORP216.PROD.OUTLOOK.COM"),
      inReplyTo: answer.messageId,
      references: [ack.messageId!, answer.messageId!],
      headers: { "Thread-Topic": "답변", "Thread-Index": "AQHZ1234abcd" },
    });
    expect(reply.reference).toBe(reference);
    expect((await getTicketDetail(reference))!.messages.at(-1)!.body).toContain("필요한 서류");
  });

  it("a Naver Mail reply (답장: …) without threading headers joins the ticket by its reply address", async () => {
    const { reference, ack } = await openByEmail("naver.user@naver.com", "수수료 문의");
    const replyTo = String((ack.headers.get("reply-to") as { value: Array<{ address: string }> }).value[0].address);
    const reply = await send({
      from: "naver.user@naver.com",
      to: replyTo,
      subject: "답장: [고객만족센터] 문의가 접수되었습니다",
      text: "추가로 문의드립니다.",
      messageId: clientId("mail.naver.com"),
      headers: { "X-Mailer": "NAVER Mail" },
    });
    expect(reply.reference).toBe(reference);
  });

  it("a reply with no reference anywhere opens a new ticket", async () => {
    const before = await ticketCount();
    const sent = await send({
      from: "someone@daum.net",
      subject: "Re: 문의",
      text: "지난번 문의 관련입니다.",
      messageId: clientId("daum.net"),
      inReplyTo: clientId("other.example"),
    });
    expect(sent.response).toMatch(/received as/);
    expect(await ticketCount()).toBe(before + 1);
  });

  it("a threaded reply to a resolved ticket opens a new one and says why", async () => {
    const { reference, ack } = await openByEmail("late@gmail.com", "문의");
    await resolveTicket(reference, { answer: "처리되었습니다." }, staffActor);
    const late = await send({
      from: "late@gmail.com",
      subject: "Re: 문의",
      text: "아직 안 됐어요",
      messageId: clientId("gmail.com"),
      inReplyTo: ack.messageId,
      references: [ack.messageId!],
    });
    expect(late.reference).not.toBe(reference);
    const fresh = (await getTicketDetail(late.reference!))!;
    expect(fresh.events.find((e) => e.type === "email.reference_not_followed")?.data).toEqual({ reference, reason: "ticket_closed" });
  });

  it("out-of-office answers and bounces of the desk's mail neither open tickets, join them, nor get acknowledged: no loops", async () => {
    const { reference, ack } = await openByEmail("away@outlook.com", "문의");
    const messagesBefore = (await getTicketDetail(reference))!.messages.length;
    const ticketsBefore = await ticketCount();
    const notificationsBefore = Number((await db().select({ n: count() }).from(notifications))[0].n);
    const thread = { inReplyTo: ack.messageId, references: [ack.messageId!] };
    const automatic: SendMailOptions[] = [
      {
        from: "away@outlook.com",
        subject: "자동 회신: 문의",
        text: "부재중입니다.",
        headers: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
        ...thread,
      },
      { from: "away@outlook.com", subject: "Out of Office: 문의", text: "I am away.", headers: { "X-Autoreply": "yes" }, ...thread },
      { from: "away@outlook.com", subject: "부재중", text: "휴가", headers: { Precedence: "auto_reply" }, ...thread },
      { from: "news@list.example", subject: "Re: 문의", text: "list", headers: { Precedence: "list" }, ...thread },
      {
        from: "MAILER-DAEMON@mx.outlook.com",
        subject: "Undelivered Mail Returned to Sender",
        text: "The mail system: <away@outlook.com>: mailbox full",
        ...thread,
      },
      {
        envelope: { from: "", to: ["desk@desk.example"] },
        raw:
          "From: Mail Delivery System <postmaster@mx.naver.com>\r\nTo: desk@desk.example\r\nSubject: Delivery Status Notification (Failure)\r\n" +
          `Message-ID: ${clientId("mx.naver.com")}\r\nIn-Reply-To: ${ack.messageId}\r\nMIME-Version: 1.0\r\n` +
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n' +
          "--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.naver.com\r\n\r\nFinal-Recipient: rfc822; away@outlook.com\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b1--\r\n",
      },
    ];
    for (const mail of automatic) {
      const sent = await send({ messageId: clientId("auto.example"), ...mail });
      expect(sent.response, String(mail.subject ?? "DSN")).toMatch(/automatic message/);
    }
    expect(await ticketCount()).toBe(ticketsBefore);
    expect((await getTicketDetail(reference))!.messages).toHaveLength(messagesBefore);
    expect(Number((await db().select({ n: count() }).from(notifications))[0].n)).toBe(notificationsBefore);
  });
});

describe("threading identifiers", () => {
  it("a notification's Message-ID and reply address name it back, for any id and desk address", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.constantFrom("desk@desk.example", "고객만족센터 <help@bank.or.kr>", "cs+old@x.kr"), (id, from) => {
        expect(notificationIdOfMessageId(notificationMessageId(id))).toBe(id.toLowerCase());
        const address = replyAddress(from, id)!;
        expect(address).toMatch(/^[^+@]+\+[0-9a-f]{32}@/);
        expect(notificationIdOfReplyAddress(address)).toBe(id.toLowerCase());
      }),
    );
  });

  it("names nothing for anyone else's Message-IDs or addresses", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.domain(), (id, domain) => {
        fc.pre(domain !== "service-desk.notifications");
        expect(notificationIdOfMessageId(`<${id}@${domain}>`)).toBeNull();
        expect(notificationIdOfReplyAddress(`desk@${domain}`)).toBeNull();
      }),
    );
    expect(notificationIdOfMessageId(`<${randomUUID()}x@service-desk.notifications>`)).toBeNull();
  });
});
