// The interim notice (중간 안내) follows the customer's preferred way of hearing from us, as the
// reply form does, and can go by post (a letter to send, with its address) or by phone (a call made).
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { messages, notifications, ticketEvents } from "../../db/schema";
import { staffActor } from "~/auth/session.server";
import { defaultInterimVia, defaultReplyVia, INTERIM_VIA_OPTIONS, REPLY_VIA_OPTIONS } from "~/tickets/constants";
import { currentCalendar } from "~/sla/calendar.server";
import { earliestFeasibleDate } from "~/sla/reply-dates";
import { createStaffMember } from "~/staff/staff.server";
import { interimNoticeSchema, type TicketIntake } from "~/tickets/schemas";
import { createTicket, sendInterimNotice } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const PREFERENCES = [undefined, "email", "sms", "phone", "mail"] as const;

function intake(customer: TicketIntake["customer"], postalAddress?: string): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "확인서 재발급",
    body: "다시 받을 수 있나요?",
    customer,
    postalAddress,
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

describe("the interim notice's channel", () => {
  it("is preselected exactly as the reply's, for every preference and every way the customer can be reached", () => {
    for (const preferredContact of PREFERENCES) {
      for (const email of [null, "a@example.com"]) {
        for (const phone of [null, "010-1234-5678"]) {
          const customer = { preferredContact: preferredContact ?? null, email, phone };
          expect(defaultInterimVia(customer), JSON.stringify(customer)).toBe(defaultReplyVia(customer));
        }
      }
    }
    expect([...INTERIM_VIA_OPTIONS]).toEqual([...REPLY_VIA_OPTIONS]);
  });

  it("accepts post and phone on the form", () => {
    for (const via of ["mail", "phone", "email", "sms"]) {
      expect(interimNoticeSchema.safeParse({ reason: "확인 중", expectedBy: "2099-01-05", via }).success, via).toBe(true);
    }
    expect(interimNoticeSchema.safeParse({ reason: "확인 중", expectedBy: "2099-01-05", via: "fax" }).success).toBe(false);
  });

  it("by post is a letter to send, with the address, and nothing goes out by email; by phone, a call made", async () => {
    const agent = await createStaffMember({
      email: "interim@desk.test",
      name: "김하늘",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const actor = staffActor({ ...agent, locale: "ko" });
    const today = earliestFeasibleDate((await currentCalendar()).calendar, Date.now());

    const byPost = await createTicket(
      intake({ name: "우편선호", email: "post@example.com", preferredContact: "mail" }, "서울특별시 중구 세종대로 1"),
      { kind: "customer" },
    );
    // No channel given (the API): the customer's preference decides, not email.
    await sendInterimNotice(byPost.reference, { reason: "은행 확인 중", expectedBy: today }, actor);
    const [letter] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, byPost.id), eq(messages.kind, "interim_notice")));
    expect(letter.via).toBe("mail");
    expect(letter.body).toContain("서울특별시 중구 세종대로 1");
    const [postEvent] = await db()
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, byPost.id), eq(ticketEvents.type, "interim_notice.sent")));
    expect(postEvent.data).toMatchObject({ via: "mail" });
    const sentForPost = (await db().select().from(notifications).where(like(notifications.dedupeKey, "interim:%"))).filter(
      (n) => n.ticketId === byPost.id,
    );
    expect(sentForPost).toEqual([]);

    const byPhone = await createTicket(
      intake({ name: "전화선호", email: "phone@example.com", phone: "010-2222-3333", preferredContact: "phone" }),
      { kind: "customer" },
    );
    await sendInterimNotice(byPhone.reference, { reason: "은행 확인 중", expectedBy: today, via: "phone" }, actor);
    const [call] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, byPhone.id), eq(messages.kind, "interim_notice")));
    expect(call.via).toBe("phone");
    const [phoneEvent] = await db()
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, byPhone.id), eq(ticketEvents.type, "interim_notice.sent")));
    expect(phoneEvent.data).toMatchObject({ via: "phone" });
    const sentForPhone = (await db().select().from(notifications).where(like(notifications.dedupeKey, "interim:%"))).filter(
      (n) => n.ticketId === byPhone.id,
    );
    expect(sentForPhone).toEqual([]);
  });
});
