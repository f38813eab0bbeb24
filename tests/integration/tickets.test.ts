import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { createStaffMember } from "~/staff/staff.server";
import { staffActor } from "~/auth/session.server";
import {
  assignTicket,
  createTicket,
  getTicketDetail,
  listTickets,
  pauseTicket,
  reopenTicket,
  replyToCustomer,
  resolveTicket,
  resumeTicket,
} from "~/tickets/tickets.server";
import { uuidV7Time } from "~/lib/uuid-v7";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const customerActor = { kind: "customer" } as const;

/** The ticket's own events (the SLA engine's timer events are tested in sla-timers.test.ts). */
const ticketEvents = (detail: { events: Array<{ type: string }> }) => detail.events.map((e) => e.type).filter((t) => !t.startsWith("sla."));

describe("ticket service", () => {
  it("creates a ticket with a readable reference, masked text and a history", async () => {
    const created = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "계좌 110-123-456789 자동이체 문의",
        body: "주민번호 900101-1234567 로 가입했습니다.",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      customerActor,
    );
    expect(created.reference).toMatch(/^\d{6}-\d{4}$/);
    const detail = await getTicketDetail(created.reference);
    expect(detail?.ticket.subject).toBe("계좌 110-****-6789 자동이체 문의");
    expect(detail?.ticket.body).toContain("900101-1******");
    expect(detail?.ticket.body).not.toContain("1234567");
    expect(ticketEvents(detail!)).toEqual(["ticket.created"]);
    expect(detail?.messages).toHaveLength(1);
  });

  it("gives its rows time-ordered (version 7) ids, made in Node and by the database's defaults alike", async () => {
    const before = Date.now();
    const created = await createTicket(
      {
        channel: "email",
        category: "general",
        subject: "이체 한도",
        body: "한도를 올리고 싶습니다",
        customer: { name: "최민수", email: "choi@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      customerActor,
    );
    const detail = (await getTicketDetail(created.reference))!;
    const [row] = await db().execute<{ customer_id: string }>(sql`select customer_id from tickets where id = ${detail.ticket.id}`);
    const ids = [
      detail.ticket.id,
      detail.messages[0].id,
      row.customer_id,
      ...detail.timers.map((t) => t.id),
      ...detail.notifications.map((n) => n.id),
    ];
    expect(ids.length).toBeGreaterThan(4);
    for (const id of ids) {
      const at = uuidV7Time(id);
      expect(at, id).not.toBeNull();
      expect(at!).toBeGreaterThanOrEqual(before - 1_000); // the database's clock, read to the millisecond
      expect(at!).toBeLessThanOrEqual(Date.now() + 1_000);
    }
  });

  it("moves through assign → reply → pause → resume → resolve → reopen, one event each", async () => {
    const agent = await createStaffMember({ email: "agent@test.kr", name: "김상담", role: "agent", team: "t1", password: "pw-123456789" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(
      {
        channel: "phone",
        category: "general",
        subject: "공동인증서 등록 오류",
        body: "인증서 등록이 안 됩니다",
        customer: { name: "이영희", phone: "01012345678" },
        callbackRequested: true,
        resolvedOnContact: false,
      },
      actor,
    );
    await assignTicket(reference, "AGENT@test.kr", actor);
    await replyToCustomer(reference, { body: "확인 중입니다", via: "sms" }, actor);
    await pauseTicket(reference, { reason: "서류 보완 요청" }, actor);
    await expect(pauseTicket(reference, { reason: "again" }, actor)).rejects.toMatchObject({ status: 409 });
    await resumeTicket(reference, actor);
    await resolveTicket(reference, { answer: "처리되었습니다" }, actor);
    await reopenTicket(reference, { reason: "고객 불만족" }, actor);
    const detail = await getTicketDetail(reference);
    expect(detail?.ticket.status).toBe("open");
    expect(detail?.customer.phone).toBe("010-1234-5678");
    expect(ticketEvents(detail!)).toEqual([
      "ticket.created",
      "ticket.assigned",
      "reply.sent",
      "ticket.paused",
      "ticket.resumed",
      "ticket.resolved",
      "ticket.reopened",
    ]);
    expect(detail?.events.every((e) => e.actor === "staff:agent@test.kr")).toBe(true);
  });

  it("refuses to change or delete history", async () => {
    // drizzle wraps the server's error; its cause is PostgreSQL's refusal from the trigger.
    const refusal = { cause: expect.objectContaining({ message: expect.stringMatching(/append-only/) }) };
    await expect(db().execute(sql`update ticket_events set type = 'x'`)).rejects.toMatchObject(refusal);
    await expect(db().execute(sql`delete from ticket_events`)).rejects.toMatchObject(refusal);
    await expect(db().execute(sql`truncate ticket_events cascade`)).rejects.toMatchObject(refusal);
  });

  it("reuses a customer by email (any case), else by phone, only under the same name, and fills in what was missing", async () => {
    const base = {
      channel: "web",
      category: "general",
      subject: "문의",
      body: "내용",
      callbackRequested: false,
      resolvedOnContact: false,
    } as const;
    const customerOf = async (reference: string) => (await getTicketDetail(reference))!.customer;
    const first = await customerOf(
      (await createTicket({ ...base, customer: { name: "박민수", email: "Park@Example.com" } }, customerActor)).reference,
    );
    // Same email in another case, same name: the same customer; the phone is filled in, the email kept as first given.
    const again = await customerOf(
      (
        await createTicket(
          {
            ...base,
            channel: "phone",
            customer: { name: "박민수", email: "park@example.com", phone: "010-5555-0001", preferredContact: "sms" },
          },
          customerActor,
        )
      ).reference,
    );
    expect(again.id).toBe(first.id);
    expect(again).toMatchObject({ email: "Park@Example.com", phone: "010-5555-0001", preferredContact: "sms" });
    // A phone already known is never overwritten; a preference not given keeps the one stored.
    const third = await customerOf(
      (await createTicket({ ...base, customer: { name: "박민수", email: "PARK@example.com", phone: "010-5555-0002" } }, customerActor))
        .reference,
    );
    expect(third).toMatchObject({ id: first.id, phone: "010-5555-0001", preferredContact: "sms" });
    // By phone when no email is given (normalised first).
    const byPhone = await customerOf(
      (await createTicket({ ...base, channel: "phone", customer: { name: "박민수", phone: "01055550001" } }, customerActor)).reference,
    );
    expect(byPhone.id).toBe(first.id);
    // Another name under the same email is another customer, created with what was given.
    const other = await customerOf(
      (await createTicket({ ...base, customer: { name: "박민지", email: "park@example.com" } }, customerActor)).reference,
    );
    expect(other.id).not.toBe(first.id);
    expect(other).toMatchObject({ name: "박민지", email: "park@example.com", phone: null, preferredContact: null });
    // No email and no phone (a visit): always a new customer.
    const visitor = { ...base, channel: "visit", customer: { name: "박민수" } } as const;
    const v1 = await customerOf((await createTicket(visitor, customerActor)).reference);
    const v2 = await customerOf((await createTicket(visitor, customerActor)).reference);
    expect(new Set([v1.id, v2.id, first.id]).size).toBe(3);
  });

  it("records a contact resolved on the spot with both events, in order, and one inbound message", async () => {
    const { reference } = await createTicket(
      {
        channel: "visit",
        category: "general",
        subject: "창구 문의",
        body: "바로 안내함",
        customer: { name: "최지우" },
        callbackRequested: false,
        resolvedOnContact: true,
      },
      customerActor,
    );
    const detail = (await getTicketDetail(reference))!;
    expect(detail.ticket.status).toBe("resolved");
    expect(ticketEvents(detail)).toEqual(["ticket.created", "ticket.resolved"]);
    expect(detail.events[0].data).toMatchObject({
      channel: "visit",
      kind: "inquiry",
      category: "general",
      resolvedOnContact: true,
      callbackRequested: false,
      requestedReplyBy: null,
    });
    expect(detail.messages).toMatchObject([{ direction: "inbound", via: "visit", body: "바로 안내함" }]);
  });

  it("gives concurrent intakes of one day distinct, consecutive references", async () => {
    const receivedAt = new Date("2026-03-03T01:00:00Z");
    const created = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        createTicket(
          {
            channel: "web",
            category: "general",
            subject: `동시 접수 ${i}`,
            body: "내용",
            receivedAt,
            customer: { name: "동시", email: `c${i}@example.com` },
            callbackRequested: false,
            resolvedOnContact: false,
          },
          customerActor,
        ),
      ),
    );
    const numbers = created.map((c) => Number(c.reference.split("-")[1])).sort((a, b) => a - b);
    expect(created.every((c) => c.reference.startsWith("260303-"))).toBe(true);
    expect(numbers).toEqual(Array.from({ length: 25 }, (_, i) => numbers[0] + i));
  });

  it("lists newest first with a cursor and finds by reference, name and phone", async () => {
    const page1 = await listTickets({ limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toBeTruthy();
    const page2 = await listTickets({ limit: 1, cursor: page1.nextCursor! });
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect((await listTickets({ q: "이영희" })).items).toHaveLength(1);
    expect((await listTickets({ q: "1234-5678" })).items).toHaveLength(1);
    expect((await listTickets({ q: page2.items[0].reference })).items[0].id).toBe(page2.items[0].id);
  });
});
