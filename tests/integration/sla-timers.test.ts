import { describe, expect, it } from "vitest";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import type { TicketIntake } from "~/tickets/schemas";
import {
  assignTicket,
  createTicket,
  getTicketDetail,
  logCallback,
  pauseTicket,
  recordHappyCall,
  replyToCustomer,
  resolveTicket,
  resumeTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import { explainTimer } from "~/sla/timers.server";
import { currentCalendar } from "~/sla/calendar.server";
import { executor } from "../../db/connection";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const iso = (local: string) => kst(local).toISOString();

function intake(overrides: Partial<TicketIntake>): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "문의",
    body: "내용",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-1111-2222" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function dueTimes(reference: string) {
  const detail = await getTicketDetail(reference);
  return Object.fromEntries(detail!.timers.map((t) => [t.metric, { state: t.state, dueAt: t.dueAt.toISOString() }]));
}

describe("timers at intake (SERVICE-STANDARDS §3)", () => {
  it("web inquiry on 4/30 15:00: first reply 5/4 15:00 (노동절, weekend skipped), resolution 5/12 18:00", async () => {
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-04-30T15:00:00") }), { kind: "customer" });
    expect(await dueTimes(reference)).toEqual({
      first_reply: { state: "running", dueAt: iso("2026-05-04T15:00:00") },
      resolution: { state: "running", dueAt: iso("2026-05-12T18:00:00") },
    });
  });

  it("a fax gets handoff (immediately = 3 working hours) besides first reply and resolution", async () => {
    const { reference } = await createTicket(intake({ channel: "fax", receivedAt: kst("2026-04-29T17:00:00") }), { kind: "customer" });
    const due = await dueTimes(reference);
    expect(due.handoff).toEqual({ state: "running", dueAt: iso("2026-04-30T11:00:00") });
    expect(Object.keys(due).sort()).toEqual(["first_reply", "handoff", "resolution"]);
  });

  it("a phone call with callback wanted: 30 working minutes across lunch; no first reply timer", async () => {
    const { reference } = await createTicket(
      intake({ channel: "phone", callbackRequested: true, receivedAt: kst("2026-04-29T11:45:00") }),
      { kind: "customer" },
    );
    const due = await dueTimes(reference);
    expect(due.callback).toEqual({ state: "running", dueAt: iso("2026-04-29T13:15:00") });
    expect(due.first_reply).toBeUndefined();
    expect(due.resolution).toBeDefined();
  });

  it("a requested reply date on a Sunday is due 18:00 the Friday before", async () => {
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-04-27T10:00:00"), requestedReplyBy: "2026-05-03" }), {
      kind: "customer",
    });
    expect((await dueTimes(reference)).requested_reply).toEqual({ state: "running", dueAt: iso("2026-04-30T18:00:00") });
  });

  it("category policies: an unauthorized auto-debit complaint has 14 working days", async () => {
    const { reference } = await createTicket(intake({ category: "auto_debit", receivedAt: kst("2026-04-30T15:00:00") }), {
      kind: "customer",
    });
    // Day 1 = 4/30; 5/1 노동절, 5/5 어린이날 and weekends skipped: day 14 is 5/21.
    expect((await dueTimes(reference)).resolution.dueAt).toBe(iso("2026-05-21T18:00:00"));
  });

  it("answered on the spot: no resolution clock, a happy call instead", async () => {
    const { reference } = await createTicket(intake({ channel: "visit", resolvedOnContact: true }), { kind: "customer" });
    expect(Object.keys(await dueTimes(reference))).toEqual(["happy_call"]);
  });

  it("every timer records its policy and calendar version, and explains itself in Korean and English", async () => {
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-04-30T15:00:00") }), { kind: "customer" });
    const detail = await getTicketDetail(reference);
    const firstReply = detail!.timers.find((t) => t.metric === "first_reply")!;
    expect(firstReply.policyId).toBeGreaterThan(0);
    expect(firstReply.calendarVersion).toBe(1);
    const ko = (await explainTimer(executor(), firstReply, "ko")).join("\n");
    const en = (await explainTimer(executor(), firstReply, "en")).join("\n");
    expect(ko).toContain("노동절");
    expect(ko).toMatch(/5\/4.*15:00/);
    expect(en).toMatch(/Labou?r Day/i);
  });
});

describe("timers move with the ticket", () => {
  it("assign meets handoff, a reply meets first reply, resolve meets resolution and starts the happy call", async () => {
    const agent = await createStaffMember({ email: "a1@test.kr", name: "김상담", role: "agent", team: "t1" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ channel: "email", receivedAt: new Date(Date.now() - 60_000) }), actor);
    await assignTicket(reference, agent.email, actor);
    await replyToCustomer(reference, { body: "확인 중입니다", via: "email" }, actor);
    let due = await dueTimes(reference);
    expect(due.handoff.state).toBe("met");
    expect(due.first_reply.state).toBe("met");
    expect(due.resolution.state).toBe("running");
    await resolveTicket(reference, { answer: "처리했습니다" }, actor);
    due = await dueTimes(reference);
    expect(due.resolution.state).toBe("met");
    expect(due.happy_call.state).toBe("running");
    await recordHappyCall(reference, { satisfied: false, comment: "답변이 부족합니다" }, actor);
    const detail = await getTicketDetail(reference);
    expect(detail!.ticket.status).toBe("open");
    const correction = detail!.timers.find((t) => t.metric === "correction")!;
    expect(correction.state).toBe("running");
    expect(detail!.events.map((e) => e.type)).toContain("satisfaction.recorded");
  });

  it("a logged callback meets the callback timer", async () => {
    const { reference } = await createTicket(intake({ channel: "phone", callbackRequested: true, receivedAt: new Date() }), {
      kind: "customer",
    });
    const agent = await createStaffMember({ email: "a2@test.kr", name: "이상담", role: "agent" });
    await logCallback(reference, { outcome: "no_answer" }, staffActor({ ...agent, locale: "ko" }));
    expect((await dueTimes(reference)).callback.state).toBe("met");
  });

  it("pause stops every clock; resume moves each deadline by the working time paused, with an event", async () => {
    const agent = await createStaffMember({ email: "a3@test.kr", name: "박상담", role: "agent" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ receivedAt: new Date(Date.now() - 5 * 60_000) }), actor);
    const before = await dueTimes(reference);
    await pauseTicket(reference, { reason: "서류 보완" }, actor);
    expect((await dueTimes(reference)).first_reply.state).toBe("paused");
    await resumeTicket(reference, actor);
    const after = await dueTimes(reference);
    expect(after.first_reply.state).toBe("running");
    expect(Date.parse(after.first_reply.dueAt)).toBeGreaterThanOrEqual(Date.parse(before.first_reply.dueAt));
    const detail = await getTicketDetail(reference);
    const moved = detail!.events.filter((e) => e.type === "sla.deadline_moved");
    expect(moved.map((e) => e.data.metric).sort()).toEqual(["first_reply", "resolution"]);
    expect(moved.every((e) => e.data.reason === "pause")).toBe(true);
  });

  it("an interim notice meets first reply and becomes a promise; past the resolution deadline it needs a manager", async () => {
    const agent = await createStaffMember({ email: "a4@test.kr", name: "최상담", role: "agent" });
    const manager = await createStaffMember({ email: "m1@test.kr", name: "정관리", role: "manager" });
    const agentActor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ receivedAt: new Date() }), agentActor);
    const resolutionDue = new Date((await dueTimes(reference)).resolution.dueAt);
    const { calendar } = await currentCalendar();
    const tooLate = calendar.nextWorkingDay(new Date(resolutionDue.getTime() + 10 * 86_400_000).toISOString().slice(0, 10), {
      inclusive: true,
    });
    await expect(sendInterimNotice(reference, { reason: "기관 확인 필요", expectedBy: tooLate }, agentActor)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { expectedBy: "error.expectedPastResolution" },
    });
    await expect(
      sendInterimNotice(reference, { reason: "기관 확인 필요", expectedBy: tooLate, managerApproval: true }, agentActor),
    ).rejects.toMatchObject({ status: 422 });
    await sendInterimNotice(
      reference,
      { reason: "기관 확인 필요", expectedBy: tooLate, managerApproval: true },
      staffActor({ ...manager, locale: "ko" }),
    );
    const due = await dueTimes(reference);
    expect(due.first_reply.state).toBe("met");
    expect(due.promised_date).toEqual({ state: "running", dueAt: new Date(`${tooLate}T18:00:00+09:00`).toISOString() });
    const detail = await getTicketDetail(reference);
    const notice = detail!.events.find((e) => e.type === "interim_notice.sent")!;
    expect(notice.data.managerApproval).toBe(true);
    expect(notice.actor).toBe("staff:m1@test.kr");
  });
});
