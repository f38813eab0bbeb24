// Information-disclosure requests (정보공개 청구) against a real database: the decision clock from
// receipt, one extension before it ends (reason sent, deadline moved with an event), the decision
// sent as the final answer, and a late decision broken like any other promise.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { disclosureRequests, guaranteeCases, notifications, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { decideDisclosure, extendDisclosure } from "~/disclosure/disclosure.server";
import { createStaffMember } from "~/staff/staff.server";
import type { TicketIntake } from "~/tickets/schemas";
import { createTicket, getTicketDetail, resolveTicket } from "~/tickets/tickets.server";
import { action, loader } from "~/routes/desk.tickets.$reference_.disclosure";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const DAY = 86_400_000;

function request(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "mail",
    kind: "disclosure",
    category: "general",
    subject: "2025년 회원사 분담금 산정 기준 공개 청구",
    body: "분담금 산정 기준 문서를 공개해 주십시오.",
    customer: { name: "정공개", email: "open@example.com", phone: "010-2222-3333" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function officer(email: string) {
  const row = await createStaffMember({ email, name: "공개담당", role: "agent", team: "disclosure", password: "pw-123456789" });
  return { row, actor: staffActor({ ...row, locale: "ko" }) };
}

const clockOf = async (reference: string) => (await getTicketDetail(reference))!.timers.find((t) => t.metric === "disclosure_decision")!;
const notificationsOf = async (ticketId: string) => db().select().from(notifications).where(eq(notifications.ticketId, ticketId));

describe("information-disclosure requests", () => {
  it("run on their own 10-day decision clock, extended once before it ends with the reason sent, and are answered by their decision", async () => {
    const { actor } = await officer("open1@desk.kr");
    const receivedAt = new Date(Date.now() - DAY);
    const created = await createTicket(request({ receivedAt }), { kind: "customer" });
    const detail = (await getTicketDetail(created.reference))!;
    expect(detail.timers.map((t) => t.metric).sort()).toEqual(["disclosure_decision", "handoff"]);
    const clock = await clockOf(created.reference);
    expect(clock.state).toBe("running");
    const days = (clock.dueAt.getTime() - receivedAt.getTime()) / DAY;
    expect(days).toBeGreaterThan(9);
    expect(days).toBeLessThanOrEqual(11);

    await expect(resolveTicket(created.reference, { answer: "공개합니다." }, actor)).rejects.toMatchObject({
      status: 409,
      messageKey: "disclosure.error.decideFirst",
    });

    const moved = await extendDisclosure(created.reference, { reason: "제3자의 의견을 듣고 있습니다." }, actor);
    expect(moved.from.getTime()).toBe(clock.dueAt.getTime());
    const extended = await clockOf(created.reference);
    expect(extended.id).toBe(clock.id);
    expect(extended.dueAt.getTime()).toBe(moved.to.getTime());
    expect((extended.dueAt.getTime() - receivedAt.getTime()) / DAY).toBeGreaterThan(19);
    const events = (await getTicketDetail(created.reference))!.events;
    expect(events.find((e) => e.type === "sla.deadline_moved")?.data).toMatchObject({
      metric: "disclosure_decision",
      reason: "extension",
      note: "제3자의 의견을 듣고 있습니다.",
      from: clock.dueAt.toISOString(),
    });
    expect(events.find((e) => e.type === "disclosure.extended")?.data).toMatchObject({ reason: "제3자의 의견을 듣고 있습니다." });
    const sent = (await notificationsOf(created.id)).find((n) => n.template === "disclosure_extended")!;
    expect(sent.payload).toMatchObject({ reason: "제3자의 의견을 듣고 있습니다.", decideBy: moved.to.toISOString() });
    expect((await getTicketDetail(created.reference))!.messages.map((m) => m.kind)).toContain("interim_notice");
    await expect(extendDisclosure(created.reference, { reason: "한 번 더" }, actor)).rejects.toMatchObject({
      status: 409,
      messageKey: "disclosure.error.alreadyExtended",
    });

    await expect(
      decideDisclosure(created.reference, { decision: "refused", answer: "공개하지 않습니다.", via: "email" }, actor),
    ).rejects.toMatchObject({ status: 422 });
    await decideDisclosure(
      created.reference,
      {
        decision: "partial",
        reason: "개인정보가 포함된 부분은 가렸습니다.",
        objection: "30일 안에 이의신청을 하실 수 있습니다.",
        answer: "첨부 문서를 보내 드립니다.",
        via: "email",
      },
      actor,
    );
    const after = (await getTicketDetail(created.reference))!;
    expect(after.ticket.status).toBe("resolved");
    expect(after.timers.find((t) => t.metric === "disclosure_decision")?.state).toBe("met");
    const final = after.messages.find((m) => m.kind === "final_answer")!;
    expect(final.body).toBe(
      "[정보공개 결정] 부분공개\n결정 사유: 개인정보가 포함된 부분은 가렸습니다.\n이의신청: 30일 안에 이의신청을 하실 수 있습니다.\n\n첨부 문서를 보내 드립니다.",
    );
    expect(after.events.find((e) => e.type === "disclosure.decided")?.data).toMatchObject({ decision: "partial" });
    const [row] = await db().select().from(disclosureRequests).where(eq(disclosureRequests.ticketId, created.id));
    expect(row).toMatchObject({ decision: "partial", objectionGuide: "30일 안에 이의신청을 하실 수 있습니다." });
    expect((await notificationsOf(created.id)).some((n) => n.template === "reply" && (n.payload as { final?: boolean }).final)).toBe(true);
    await expect(decideDisclosure(created.reference, { decision: "disclosed", answer: "다시", via: "email" }, actor)).rejects.toMatchObject(
      { status: 409 },
    );
  });

  it("a decision past its deadline is a broken promise: no extension any more, a guarantee case, and the late decision recorded beside the breach", async () => {
    const { actor } = await officer("open2@desk.kr");
    const created = await createTicket(request({ receivedAt: new Date(Date.now() - 12 * DAY) }), { kind: "customer" });
    await expect(extendDisclosure(created.reference, { reason: "늦은 연장" }, actor)).rejects.toMatchObject({
      status: 409,
      messageKey: "disclosure.error.tooLateToExtend",
    });
    const before = await clockOf(created.reference);
    await decideDisclosure(created.reference, { decision: "disclosed", answer: "공개합니다.", via: "mail" }, actor);
    const after = await clockOf(created.reference);
    expect(after).toMatchObject({ state: "breached", breachedAt: before.dueAt });
    expect(after.metAt).not.toBeNull();
    expect(await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, created.id))).toHaveLength(1);
  });

  it("the desk page keeps what was typed on bad input and refuses other kinds of ticket", async () => {
    const { row } = await officer("open3@desk.kr");
    const setCookie = await startSession(new Request("http://localhost/login"), row.id);
    const cookie = setCookie.split(";")[0];
    const created = await createTicket(request(), { kind: "customer" });
    const url = `http://localhost/desk/tickets/${created.reference}/disclosure`;
    const form = new URLSearchParams({
      intent: "decide",
      decision: "refused",
      reason: "",
      objection: "",
      answer: "공개할 수 없습니다.",
      via: "email",
    });
    const result = (await action({
      request: new Request(url, {
        method: "POST",
        body: form,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      params: { reference: created.reference },
      context: {},
    })) as unknown as { init: { status: number }; data: { errors: Record<string, string>; values: Record<string, string> } };
    expect(result.init.status).toBe(422);
    expect(Object.keys(result.data.errors).sort()).toEqual(["objection", "reason"]);
    expect(result.data.values).toMatchObject({ answer: "공개할 수 없습니다.", decision: "refused" });
    const page = await loader({
      request: new Request(url, { headers: { Cookie: cookie } }),
      params: { reference: created.reference },
      context: {},
    });
    expect(page.panel).toMatchObject({ canExtend: true, canDecide: true, decision: null });

    const inquiry = await createTicket({ ...request(), kind: "inquiry" }, { kind: "customer" });
    await expect(
      loader({
        request: new Request(`http://localhost/desk/tickets/${inquiry.reference}/disclosure`, { headers: { Cookie: cookie } }),
        params: { reference: inquiry.reference },
        context: {},
      }),
    ).rejects.toMatchObject({ status: 404 });
    expect((await db().select().from(tickets).where(eq(tickets.id, created.id)))[0].status).not.toBe("resolved");
  });
});
