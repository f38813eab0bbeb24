// Inbound email end to end: real mail sent with nodemailer to the real SMTP listener (started on a
// free port here), taken into a real PostgreSQL database.
import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { plausibleDate, subjectReference, htmlToPlainText } from "~/inbound/email.server";
import { getTicketDetail, pauseTicket, resolveTicket } from "~/tickets/tickets.server";
import { startInboundSmtp, type InboundSmtp } from "../../server/inbound-smtp";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const MAX_BYTES = 512 * 1024;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 0, 0]);
const staffActor = { kind: "system", name: "test-staff" } as const;

let smtp: InboundSmtp;
let transport: Transporter;
const logLines: string[] = [];

beforeAll(async () => {
  smtp = await startInboundSmtp({ port: 0, host: "127.0.0.1", maxBytes: MAX_BYTES, log: (l) => logLines.push(l) });
  transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtp.port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  transport?.close();
  await smtp?.stop();
});

const messageId = () => `<${randomBytes(8).toString("hex")}@mail.example.com>`;

type Sent = { response: string; reference: string | null };

async function send(mail: SendMailOptions): Promise<Sent> {
  const info = await transport.sendMail({ to: "desk@desk.example", ...mail });
  const response = String(info.response ?? "");
  return { response, reference: /(\d{6}-\d{4,})/.exec(response)?.[1] ?? null };
}

async function refusal(mail: SendMailOptions): Promise<{ responseCode?: number; response?: string }> {
  try {
    await transport.sendMail({ to: "desk@desk.example", ...mail });
  } catch (error) {
    return error as { responseCode?: number; response?: string };
  }
  throw new Error("the message was accepted");
}

const ticketCount = async () => Number((await db().select({ n: count() }).from(tickets))[0].n);
const eventTypes = (detail: { events: Array<{ type: string }> }) => detail.events.map((e) => e.type).filter((t) => !t.startsWith("sla."));

describe("inbound email → tickets", () => {
  it("a new message becomes an email ticket with its PDF, customer from From:, the Message-ID kept", async () => {
    const id = messageId();
    const sent = await send({
      from: '"김민원" <kim.minwon@example.com>',
      subject: "자동이체 부당인출 확인 요청",
      text: "지난달 제 계좌에서 동의하지 않은 자동이체가 출금되었습니다.\n확인 부탁드립니다.",
      messageId: id,
      attachments: [{ filename: "거래내역.pdf", content: PDF, contentType: "application/pdf" }],
    });
    expect(sent.response).toMatch(/^250 OK: received as \d{6}-\d{4}/);
    const detail = (await getTicketDetail(sent.reference!))!;
    expect(detail.ticket.channel).toBe("email");
    expect(detail.ticket.subject).toBe("자동이체 부당인출 확인 요청");
    expect(detail.ticket.body).toContain("동의하지 않은 자동이체");
    expect(detail.customer).toMatchObject({ name: "김민원", email: "kim.minwon@example.com" });
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ filename: "거래내역.pdf", contentType: "application/pdf", size: PDF.length });
    expect(detail.attachments[0].messageId).toBe(detail.messages[0].id);
    expect(detail.messages).toHaveLength(1);
    expect(detail.messages[0]).toMatchObject({ direction: "inbound", via: "email", externalId: id });
    expect(eventTypes(detail)).toEqual(expect.arrayContaining(["ticket.created", "attachment.added"]));
    // The email channel's clocks run from receipt.
    expect(detail.timers.map((t) => t.metric).sort()).toEqual(expect.arrayContaining(["first_reply", "resolution"]));
  });

  it("masks personal numbers in what it stores", async () => {
    const sent = await send({
      from: "lee@example.com",
      subject: "카드 1234-5678-9012-3456 재발급",
      text: "주민번호 900101-1234567 입니다.",
      messageId: messageId(),
    });
    const detail = (await getTicketDetail(sent.reference!))!;
    expect(detail.ticket.subject).toBe("카드 1234-****-****-3456 재발급");
    expect(detail.ticket.body).toContain("900101-1******");
    expect(detail.ticket.body).not.toContain("1234567");
    expect(detail.customer.name).toBe("lee@example.com"); // no display name: the address stands for it
  });

  it("lists attachments of other types in the body and keeps only documents (judged by content)", async () => {
    const sent = await send({
      from: '"박고객" <park@example.com>',
      subject: "서류 제출",
      text: "첨부합니다.",
      messageId: messageId(),
      attachments: [
        { filename: "archive.zip", content: ZIP, contentType: "application/zip" },
        { filename: "screenshot.png", content: PNG, contentType: "image/png" },
        { filename: "not-really.pdf", content: Buffer.from("just text"), contentType: "application/pdf" },
      ],
    });
    const detail = (await getTicketDetail(sent.reference!))!;
    expect(detail.attachments.map((a) => [a.filename, a.contentType])).toEqual([["screenshot.png", "image/png"]]);
    expect(detail.ticket.body).toContain("첨부 제외: archive.zip (application/zip)");
    expect(detail.ticket.body).toContain("첨부 제외: not-really.pdf (application/pdf)");
    expect(detail.ticket.body).not.toContain("screenshot.png");
  });

  it("stores an HTML-only message as text, never as HTML", async () => {
    const sent = await send({
      from: '"최고객" <choi@example.com>',
      subject: "HTML 메일",
      html: '<html><head><style>p{color:red}</style></head><body><p>안녕하세요, <b>인증서</b> 문의입니다.</p><script>alert("x")</script><p>감사합니다 &amp; 수고하세요</p></body></html>',
      messageId: messageId(),
    });
    const detail = (await getTicketDetail(sent.reference!))!;
    const body = detail.ticket.body;
    expect(body).toContain("안녕하세요");
    expect(body).toContain("인증서");
    expect(body).toContain("감사합니다 & 수고하세요");
    expect(body).not.toMatch(/<\/?(p|b|html|script|style)\b/i);
    expect(body).not.toContain("alert(");
    expect(body).not.toContain("color:red");
  });

  it("takes a message twice delivered with the same Message-ID once", async () => {
    const id = messageId();
    const mail = { from: "dup@example.com", subject: "중복 전송", text: "한 번만 접수되어야 합니다.", messageId: id };
    const first = await send(mail);
    const before = await ticketCount();
    const second = await send(mail);
    expect(second.response).toMatch(/already received/);
    expect(second.reference).toBe(first.reference);
    expect(await ticketCount()).toBe(before);
    const rows = await db().select().from(messages).where(eq(messages.externalId, id));
    expect(rows).toHaveLength(1);
  });

  it("appends a reply carrying the reference to that ticket and resumes its paused clock", async () => {
    const opened = await send({
      from: '"정고객" <jung@example.com>',
      subject: "증명서 발급 문의",
      text: "발급 방법을 알려주세요.",
      messageId: messageId(),
    });
    const reference = opened.reference!;
    await pauseTicket(reference, { reason: "신분증 사본 요청" }, staffActor);
    expect((await getTicketDetail(reference))!.ticket.status).toBe("waiting");

    const reply = await send({
      from: '"정고객" <JUNG@Example.com>', // the same address, written differently
      subject: `Re: [${reference}] 증명서 발급 문의`,
      text: "신분증 사본을 보내드립니다.",
      messageId: messageId(),
      attachments: [{ filename: "id.pdf", content: PDF }],
    });
    expect(reply.response).toBe(`250 OK: added to ${reference}`);
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket.status).toBe("open");
    expect(detail.messages.map((m) => m.body)).toEqual(["발급 방법을 알려주세요.", "신분증 사본 요청", "신분증 사본을 보내드립니다."]);
    expect(detail.attachments.map((a) => a.filename)).toEqual(["id.pdf"]);
    expect(detail.attachments[0].messageId).toBe(detail.messages[2].id);
    expect(eventTypes(detail)).toEqual(["ticket.created", "ticket.paused", "message.received", "attachment.added", "ticket.resumed"]);
    expect(detail.timers.some((t) => t.state === "paused")).toBe(false);

    // "접수번호 …" (how the desk's own mail words it) is understood too.
    const again = await send({
      from: "jung@example.com",
      subject: `답장: 문의에 대한 답변 (접수번호 ${reference})`,
      text: "추가 질문입니다.",
      messageId: messageId(),
    });
    expect(again.reference).toBe(reference);
    expect((await getTicketDetail(reference))!.messages).toHaveLength(4);
  });

  it("opens a new ticket (and says why) when the reply comes from another address or the ticket is resolved", async () => {
    const opened = await send({ from: "owner@example.com", subject: "문의", text: "원래 문의", messageId: messageId() });
    const reference = opened.reference!;

    const stranger = await send({
      from: "someone-else@example.net",
      subject: `Re: [${reference}] 문의`,
      text: "제가 대신 씁니다",
      messageId: messageId(),
    });
    expect(stranger.reference).not.toBe(reference);
    const fresh = (await getTicketDetail(stranger.reference!))!;
    expect(fresh.events.find((e) => e.type === "email.reference_not_followed")?.data).toEqual({ reference, reason: "sender_mismatch" });
    const original = (await getTicketDetail(reference))!;
    expect(original.messages).toHaveLength(1);
    expect(original.events.find((e) => e.type === "email.related_ticket_opened")?.data).toEqual({
      reference: stranger.reference,
      reason: "sender_mismatch",
    });

    await resolveTicket(reference, { answer: "처리되었습니다." }, staffActor);
    const late = await send({
      from: "owner@example.com",
      subject: `Re: [${reference}] 문의`,
      text: "아직 해결이 안 됐어요",
      messageId: messageId(),
    });
    expect(late.reference).not.toBe(reference);
    const lateTicket = (await getTicketDetail(late.reference!))!;
    expect(lateTicket.events.find((e) => e.type === "email.reference_not_followed")?.data).toEqual({ reference, reason: "ticket_closed" });

    const unknown = await send({ from: "owner@example.com", subject: "Re: [990101-9999] 문의", text: "없는 번호", messageId: messageId() });
    const unknownTicket = (await getTicketDetail(unknown.reference!))!;
    expect(unknownTicket.events.find((e) => e.type === "email.reference_not_followed")?.data).toEqual({
      reference: "990101-9999",
      reason: "unknown_reference",
    });
  });

  it("uses the Date: header when plausible, else the moment of receipt", async () => {
    const threeDaysAgo = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    threeDaysAgo.setMilliseconds(0);
    const past = await send({ from: "date@example.com", subject: "날짜", text: "3일 전", date: threeDaysAgo, messageId: messageId() });
    expect((await getTicketDetail(past.reference!))!.ticket.receivedAt.toISOString()).toBe(threeDaysAgo.toISOString());

    const before = Date.now();
    const future = await send({
      from: "date@example.com",
      subject: "날짜",
      text: "미래",
      date: new Date(Date.now() + 86_400_000),
      messageId: messageId(),
    });
    const receivedAt = (await getTicketDetail(future.reference!))!.ticket.receivedAt.getTime();
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now());

    const now = new Date();
    expect(plausibleDate(new Date(now.getTime() - 8 * 86_400_000), now)).toBeNull();
    expect(plausibleDate(new Date(now.getTime() + 60_000), now)).toEqual(now);
    expect(plausibleDate(new Date("invalid"), now)).toBeNull();
  });

  it("refuses a message over the limit with 552 and opens nothing", async () => {
    const before = await ticketCount();
    const error = await refusal({
      from: "big@example.com",
      subject: "큰 파일",
      text: "첨부가 큽니다",
      messageId: messageId(),
      attachments: [{ filename: "big.pdf", content: Buffer.concat([PDF, randomBytes(MAX_BYTES)]) }],
    });
    expect(error.responseCode).toBe(552);
    expect(error.response).toMatch(/^552 .*(too big|exceeds)/i);
    expect(await ticketCount()).toBe(before);
    // The listener is still there for the next message.
    const after = await send({ from: "small@example.com", subject: "작은 메일", text: "정상", messageId: messageId() });
    expect(after.reference).not.toBeNull();
  });

  it("refuses a message without a From address with 554, and keeps serving", async () => {
    const before = await ticketCount();
    const error = await refusal({
      envelope: { from: "mta@example.com", to: ["desk@desk.example"] },
      raw: "Subject: no sender\r\nMessage-ID: <nofrom@example.com>\r\n\r\nWho am I?\r\n",
    });
    expect(error.responseCode).toBe(554);
    expect(error.response).toMatch(/Malformed message: no valid From address/);
    const garbage = await refusal({ envelope: { from: "mta@example.com", to: ["desk@desk.example"] }, raw: "\r\n\r\n" });
    expect(garbage.responseCode).toBe(554);
    expect(await ticketCount()).toBe(before);
    const after = await send({ from: "fine@example.com", subject: "정상", text: "정상 메일", messageId: messageId() });
    expect(after.reference).not.toBeNull();
  });

  it("opens no ticket for auto-replies (no mail loops with the desk's own acknowledgments)", async () => {
    const before = await ticketCount();
    const sent = await send({
      from: "away@example.com",
      subject: "자동 응답: [고객만족센터] 문의가 접수되었습니다",
      text: "휴가 중입니다.",
      headers: { "Auto-Submitted": "auto-replied" },
      messageId: messageId(),
    });
    expect(sent.response).toMatch(/automatic message/);
    expect(await ticketCount()).toBe(before);
  });
});

describe("inbound email helpers", () => {
  it("finds a reference in a subject only where the desk puts one", () => {
    expect(subjectReference("Re: [261122-0042] 문의")).toBe("261122-0042");
    expect(subjectReference("RE: 답변 (접수번호 261122-0042)")).toBe("261122-0042");
    expect(subjectReference("Re: We have received your inquiry (reference 261122-0042)")).toBe("261122-0042");
    expect(subjectReference("주민번호 900101-1234567 문의")).toBeNull();
    expect(subjectReference("[900101-1234567]")).toBeNull();
    expect(subjectReference("전화 02-123-4567")).toBeNull();
  });

  it("turns HTML into text without tags or scripts", () => {
    expect(htmlToPlainText("<p>a<br>b</p><script>x()</script>&lt;tag&gt; &#54620;")).toBe("a\nb\n<tag> 한");
  });
});
