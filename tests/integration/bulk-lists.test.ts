// Bulk assign / close from the guarantee case list (/desk/guarantee) and from the dashboard's SLA
// drill-down (/dashboard/tickets), called the way Remix calls their loaders and actions: the
// queue's bulk server code (app/desk/bulk.server.ts) with its access rules — tickets outside the
// actor's scope refused and audited — its confirmation before closing, and one history event per
// changed ticket.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { action as drillAction, loader as drillLoader } from "~/routes/dashboard.tickets";
import { action as guaranteeAction, loader as guaranteeLoader } from "~/routes/desk.guarantee._index";
import { openRepeatVisitCase } from "~/sla/guarantee.server";
import { assignTicket, createTicket, getTicketDetail, resolveTicket } from "~/tickets/tickets.server";
import { db } from "../../db/connection";
import { auditLog } from "../../db/schema";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { asData, call, thrown } from "../support/route-calls";
import { makeTeam, type TestTeam } from "../support/staff";

useTestDatabase();

/** A ticket of the team, assigned to its agent, with a guarantee case (a repeat visit). */
async function ticketWithCase(t: TestTeam, subject: string) {
  const ticket = await createTicket(intake({ subject }), t.actor);
  await assignTicket(ticket.reference, t.agent.id, t.actor);
  const opened = await openRepeatVisitCase(ticket.reference, { note: "두 번 방문하셨습니다." }, t.actor);
  return { reference: ticket.reference, caseId: opened.id };
}

async function denials(staffId: string, reference: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "permission.denied"), eq(auditLog.staffId, staffId), eq(auditLog.targetId, reference)));
}

const events = async (reference: string, type: string) => (await getTicketDetail(reference))?.events.filter((e) => e.type === type) ?? [];

describe("bulk actions from the guarantee case list", () => {
  it("lists each case's ticket for selection and the assignees; assigns the selected, refusing a ticket out of scope", async () => {
    const mine = await makeTeam("bulk-team");
    const other = await makeTeam("bulk-team");
    const a = await ticketWithCase(mine, "보증 일괄 1");
    const b = await ticketWithCase(mine, "보증 일괄 2");
    const foreign = await ticketWithCase(other, "다른 팀 보증");

    const page = await call(guaranteeLoader, mine.http.get("/desk/guarantee"));
    expect(page.cases.map((c: { reference: string }) => c.reference)).toEqual(expect.arrayContaining([a.reference, b.reference]));
    expect(page.cases.map((c: { reference: string }) => c.reference)).not.toContain(foreign.reference);
    expect(page.assignees.map((x: { id: string }) => x.id)).toContain(mine.lead.id);

    const body = new URLSearchParams([
      ["intent", "bulk"],
      ["action", "assign"],
      ["assignee", mine.lead.id],
      ["tickets", a.reference],
      ["tickets", b.reference],
      ["tickets", foreign.reference],
    ]);
    const result = asData(await call(guaranteeAction, mine.http.post("/desk/guarantee", body)));
    expect(result.init?.status).toBe(200);
    expect(result.data.done.succeeded).toEqual([a.reference, b.reference]);
    expect(result.data.done.summary).toBe(`2건을 ${mine.lead.name}님에게 배정했습니다.`);
    expect(result.data.done.failed).toEqual([{ reference: foreign.reference, reason: "이 문의를 처리할 권한이 없습니다." }]);
    for (const ref of [a.reference, b.reference]) {
      expect((await getTicketDetail(ref))?.assignee?.id).toBe(mine.lead.id);
      expect(await events(ref, "ticket.assigned")).toHaveLength(2); // the setup's and the bulk one
    }
    expect((await getTicketDetail(foreign.reference))?.assignee?.id).toBe(other.agent.id);
    expect(await denials(mine.agent.id, foreign.reference)).toHaveLength(1);
  }, 120_000);

  it("closes only with the confirmation; the repeat-visit form of the page still works", async () => {
    const mine = await makeTeam("bulk-team");
    const c = await ticketWithCase(mine, "보증 종결");
    await resolveTicket(c.reference, { answer: "처리했습니다" }, mine.actor);
    const pick: Array<[string, string]> = [
      ["intent", "bulk"],
      ["action", "close"],
      ["tickets", c.reference],
    ];
    const refused = asData(await call(guaranteeAction, mine.http.post("/desk/guarantee", new URLSearchParams(pick))));
    expect(refused.init?.status).toBe(422);
    expect(refused.data.errors.confirm).toBe("되돌릴 수 없는 작업입니다. '확인했습니다'에 표시한 뒤 다시 보내 주세요.");
    expect(refused.data.values.tickets).toEqual([c.reference]);
    expect((await getTicketDetail(c.reference))?.ticket.status).toBe("resolved");

    const closed = asData(
      await call(guaranteeAction, mine.http.post("/desk/guarantee", new URLSearchParams([...pick, ["confirm", "on"]]))),
    );
    expect(closed.data.done.summary).toBe("1건을 종결했습니다.");
    expect((await getTicketDetail(c.reference))?.ticket.status).toBe("closed");
    expect(await events(c.reference, "ticket.closed")).toHaveLength(1);

    // The page's other form is not taken for a bulk run.
    const other = await createTicket(intake({ subject: "재방문" }), mine.actor);
    const repeat = (await call(
      guaranteeAction,
      mine.http.post("/desk/guarantee", new URLSearchParams({ intent: "repeatVisit", reference: other.reference, note: "두 번째 방문" })),
    )) as Response;
    expect(repeat.status).toBe(303);
    expect(repeat.headers.get("Location")).toMatch(/^\/desk\/guarantee\/[0-9a-f-]+\?done=opened$/);
  }, 120_000);
});

describe("bulk actions from the dashboard's SLA drill-down", () => {
  const drillPath = "/dashboard/tickets?list=sla";

  it("a lead closes the team's resolved tickets; another team's are refused and audited", async () => {
    const mine = await makeTeam("bulk-team");
    const other = await makeTeam("bulk-team");
    const own = await createTicket(intake({ subject: "팀 완료" }), mine.actor);
    await assignTicket(own.reference, mine.agent.id, mine.actor);
    await resolveTicket(own.reference, { answer: "처리했습니다" }, mine.actor);
    const foreign = await createTicket(intake({ subject: "다른 팀 완료" }), other.actor);
    await assignTicket(foreign.reference, other.agent.id, other.actor);
    await resolveTicket(foreign.reference, { answer: "처리했습니다" }, other.actor);

    const page = await call(drillLoader, mine.leadHttp.get(drillPath));
    expect(asData(page).data.ok).toBe(true);
    expect(asData(page).data.assignees.map((x: { id: string }) => x.id)).toContain(mine.agent.id);

    const body = new URLSearchParams([
      ["intent", "bulk"],
      ["action", "close"],
      ["confirm", "on"],
      ["tickets", own.reference],
      ["tickets", foreign.reference],
    ]);
    const result = asData(await call(drillAction, mine.leadHttp.post(drillPath, body)));
    expect(result.init?.status).toBe(200);
    expect(result.data.done.succeeded).toEqual([own.reference]);
    expect(result.data.done.failed).toEqual([{ reference: foreign.reference, reason: "이 문의를 처리할 권한이 없습니다." }]);
    expect((await getTicketDetail(own.reference))?.ticket.status).toBe("closed");
    expect(await events(own.reference, "ticket.closed")).toHaveLength(1);
    expect((await getTicketDetail(foreign.reference))?.ticket.status).toBe("resolved");
    expect(await events(foreign.reference, "ticket.closed")).toHaveLength(0);
    expect(await denials(mine.lead.id, foreign.reference)).toHaveLength(1);
  }, 120_000);

  it("a lead assigns in bulk; an agent may not use the drill-down at all", async () => {
    const mine = await makeTeam("bulk-team");
    const t1 = await createTicket(intake({ subject: "배정 1" }), mine.actor);
    const t2 = await createTicket(intake({ subject: "배정 2" }), mine.actor);
    const body = new URLSearchParams([
      ["intent", "bulk"],
      ["action", "assign"],
      ["assignee", mine.agent.id],
      ["tickets", t1.reference],
      ["tickets", t2.reference],
    ]);
    const result = asData(await call(drillAction, mine.leadHttp.post(drillPath, body)));
    expect(result.data.done.summary).toBe(`2건을 ${mine.agent.name}님에게 배정했습니다.`);
    for (const ref of [t1.reference, t2.reference]) expect(await events(ref, "ticket.assigned")).toHaveLength(1);

    const refused = await thrown(call(drillAction, mine.http.post(drillPath, body)));
    expect(refused.status).toBe(403);

    const noIntent = asData(await call(drillAction, mine.leadHttp.post(drillPath, new URLSearchParams({ action: "assign" }))));
    expect(noIntent.init?.status).toBe(400);
  }, 120_000);
});
