// Remote expert support (원격지원) against a real database: the expert's contact clock from the
// request, the booked day as a promise sent to the customer, a rebooking that cancels the old
// promise with its reason, the outcome, and a late booking broken like any other promise.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guaranteeCases, notifications } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { currentCalendar } from "~/sla/calendar.server";
import { recordRemoteOutcome, requestRemoteSupport, scheduleRemoteSession } from "~/remote/remote-support.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket, getTicketDetail } from "~/tickets/tickets.server";
import { kstDate } from "~/lib/time";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

const DAY = 86_400_000;

async function expert(email: string) {
  const row = await createStaffMember({ email, name: "김전문", role: "agent", team: "remote", password: "pw-123456789" });
  return staffActor({ ...row, locale: "ko" });
}

async function phoneTicket(receivedAt?: Date) {
  return createTicket(
    {
      channel: "phone",
      kind: "inquiry",
      category: "general",
      subject: "프로그램 접속 오류",
      body: "전화 상담으로 해결되지 않았습니다.",
      customer: { name: "홍길동", email: "remote@example.com", phone: "010-3333-4444" },
      callbackRequested: false,
      resolvedOnContact: false,
      ...(receivedAt ? { receivedAt } : {}),
    },
    { kind: "customer" },
  );
}

/** 10:00 KST on the next working day at least two days ahead. */
async function nextSessionTime() {
  const { calendar } = await currentCalendar();
  let day = kstDate(Date.now() + 2 * DAY);
  while (!calendar.isWorkingDay(day)) day = kstDate(new Date(`${day}T12:00:00+09:00`).getTime() + DAY);
  return new Date(`${day}T10:00:00+09:00`);
}

const timersOf = async (reference: string) => (await getTicketDetail(reference))!.timers;

describe("remote expert support", () => {
  it("times the expert's contact, makes the booked day a promise sent to the customer, and records the outcome", async () => {
    const actor = await expert("remote1@desk.kr");
    const ticket = await phoneTicket();
    await requestRemoteSupport(ticket.reference, { problem: "접속 프로그램 설치 오류" }, actor);
    const contact = (await timersOf(ticket.reference)).find((t) => t.metric === "remote_contact")!;
    expect(contact.state).toBe("running");
    await expect(requestRemoteSupport(ticket.reference, { problem: "또" }, actor)).rejects.toMatchObject({
      status: 409,
      messageKey: "remote.error.alreadyOpen",
    });
    await expect(recordRemoteOutcome(ticket.reference, { outcome: "held" }, actor)).rejects.toMatchObject({
      status: 409,
      messageKey: "remote.error.notBooked",
    });

    // A past time or a closed day is a promise the desk cannot keep.
    await expect(scheduleRemoteSession(ticket.reference, { at: new Date(Date.now() - 60_000) }, actor)).rejects.toMatchObject({
      status: 422,
    });
    const at = await nextSessionTime();
    await scheduleRemoteSession(ticket.reference, { at }, actor);
    let timers = await timersOf(ticket.reference);
    expect(timers.find((t) => t.metric === "remote_contact")!.state).toBe("met");
    const session = timers.find((t) => t.metric === "remote_session" && t.state === "running")!;
    expect(session.basisDate).toBe(kstDate(at));
    expect(session.dueAt.getTime()).toBeGreaterThan(at.getTime());
    const sent = (await db().select().from(notifications).where(eq(notifications.ticketId, ticket.id))).find(
      (n) => n.template === "remote_session",
    )!;
    expect(sent.payload).toMatchObject({ at: at.toISOString(), expertName: "김전문" });
    expect(String((sent.payload as { join: string }).join).length).toBeGreaterThan(0);

    // Rebooking needs its reason; the old promise is cancelled with it, never moved.
    const later = new Date(at.getTime() + 7 * DAY);
    await expect(scheduleRemoteSession(ticket.reference, { at: later }, actor)).rejects.toMatchObject({ status: 422 });
    const { calendar } = await currentCalendar();
    if (calendar.isWorkingDay(kstDate(later))) {
      await scheduleRemoteSession(ticket.reference, { at: later, reason: "고객 요청으로 변경" }, actor);
      timers = await timersOf(ticket.reference);
      expect(timers.find((t) => t.id === session.id)!.state).toBe("cancelled");
      expect(timers.filter((t) => t.metric === "remote_session" && t.state === "running")).toHaveLength(1);
    }

    await expect(recordRemoteOutcome(ticket.reference, { outcome: "customer_absent" }, actor)).rejects.toMatchObject({ status: 422 });
    await recordRemoteOutcome(ticket.reference, { outcome: "held", note: "설치 완료" }, actor);
    timers = await timersOf(ticket.reference);
    expect(timers.filter((t) => t.metric === "remote_session").some((t) => t.state === "met")).toBe(true);
    const types = (await getTicketDetail(ticket.reference))!.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["remote.requested", "remote.scheduled", "remote.outcome"]));
  });

  it("a booking made after the contact deadline breaks the promise, with a guarantee case", async () => {
    const actor = await expert("remote2@desk.kr");
    const ticket = await phoneTicket(new Date(Date.now() - 10 * DAY));
    await requestRemoteSupport(ticket.reference, { problem: "원격 점검" }, actor);
    // The request was made now; look at the contact clock, then book after its deadline.
    const contact = (await timersOf(ticket.reference)).find((t) => t.metric === "remote_contact")!;
    const late = new Date(contact.dueAt.getTime() + 60_000);
    await atTime(late, async () => {
      const { calendar } = await currentCalendar();
      let day = kstDate(late.getTime() + 2 * DAY);
      while (!calendar.isWorkingDay(day)) day = kstDate(new Date(`${day}T12:00:00+09:00`).getTime() + DAY);
      await scheduleRemoteSession(ticket.reference, { at: new Date(`${day}T10:00:00+09:00`) }, actor);
    });
    const after = (await timersOf(ticket.reference)).find((t) => t.id === contact.id)!;
    expect(after.state).toBe("breached");
    const cases = await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, ticket.id));
    expect(cases.length).toBe(1);
  });
});
