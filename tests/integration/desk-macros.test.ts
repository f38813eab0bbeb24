// Canned replies (상용구) per team on real PostgreSQL: who keeps which, what a bad macro gets
// back (beside the field, with what was typed), the audit entry of every change, and the ticket
// page's picker rendering them for the ticket (and pre-filling the reply without JavaScript).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, cannedReplies, tickets } from "../../db/schema";
import { executor } from "../../db/connection";
import { dueInWords } from "~/desk/macros/render";
import { nearestDue } from "~/desk/macros/macros.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import { action as macrosAction, loader as macrosLoader } from "~/routes/desk.macros";
import { loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { useTestDatabase } from "../support/db";
import { call } from "../support/route-calls";
import { signedIn } from "../support/staff";

useTestDatabase();

type Answer = {
  type: string;
  data: { form: string; errors: Record<string, string>; values: Record<string, string> };
  init: ResponseInit | null;
};

async function people() {
  const lead1 = await createStaffMember({
    email: "lead1@desk.test",
    name: "박서연",
    role: "lead",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const lead2 = await createStaffMember({
    email: "lead2@desk.test",
    name: "정우진",
    role: "lead",
    team: "complaints-2",
    password: "pw-123456789",
  });
  const agent = await createStaffMember({
    email: "agent1@desk.test",
    name: "김하늘",
    role: "agent",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const admin = await createStaffMember({ email: "admin@desk.test", name: "서관리", role: "admin", password: "pw-123456789" });
  return { lead1, lead2, agent, admin };
}
let cast: Awaited<ReturnType<typeof people>>;
const who = async () => (cast ??= await people());

describe("canned replies per team", () => {
  it("comes with the four shared honorific starter replies", async () => {
    const rows = await executor().select().from(cannedReplies);
    expect(
      rows
        .filter((r) => r.teamId === null)
        .map((r) => r.title)
        .sort(),
    ).toEqual(["답변 완료 인사", "접수 안내", "처리 지연 안내", "추가 자료 요청"].sort());
  });

  it("lets a lead keep their team's, audited, and refuses another team's, agents and unknown variables", async () => {
    const { lead1, lead2, agent } = await who();
    const l1 = await signedIn(lead1.id);
    const created = (await call(
      macrosAction,
      l1.post("/desk/macros", { intent: "save", title: "환불 안내", body: "{고객명} 고객님, 환불은 {처리기한}까지 처리됩니다." }),
    )) as Response;
    expect(created.status).toBe(303);
    const [row] = await executor().select().from(cannedReplies).where(eq(cannedReplies.title, "환불 안내"));
    expect(row?.teamId).toBe(lead1.teamId);
    const [audit] = await executor()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "settings.change"), eq(auditLog.targetId, `macro:${row!.id}`)));
    expect(audit?.details).toMatchObject({ change: "macro.created", title: "환불 안내" });

    // A misspelt variable: refused when saving, beside the body, with everything typed kept.
    const bad = (await call(
      macrosAction,
      l1.post("/desk/macros", { intent: "save", title: "오타", body: "{고객 이름} {고객이름}님" }),
    )) as Answer;
    expect(bad.init?.status).toBe(422);
    expect(bad.data.errors.body).toContain("{고객이름}");
    expect(bad.data.errors.body).toContain("알 수 없는 항목");
    expect(bad.data.values).toMatchObject({ title: "오타", body: "{고객 이름} {고객이름}님" });

    // The same title twice in a team: beside the title.
    const twice = (await call(macrosAction, l1.post("/desk/macros", { intent: "save", title: "환불 안내", body: "다른 본문" }))) as Answer;
    expect(twice.init?.status).toBe(409);
    expect(twice.data.errors.title).toContain("같은 제목");

    // Lead 2 may not change or delete team 1's macro; an agent keeps none; a lead's team field is ignored.
    const l2 = await signedIn(lead2.id);
    const foreign = (await call(
      macrosAction,
      l2.post("/desk/macros", { intent: "save", id: row!.id, title: "가로채기", body: "x" }),
    )) as Answer;
    expect(foreign.init?.status).toBe(403);
    expect(foreign.data.form).toBe(row!.id);
    expect(
      ((await call(macrosAction, l2.post("/desk/macros", { intent: "delete", id: row!.id, confirm: "on" }))) as Answer).init?.status,
    ).toBe(403);
    const ag = await signedIn(agent.id);
    expect(((await call(macrosAction, ag.post("/desk/macros", { intent: "save", title: "몰래", body: "x" }))) as Answer).init?.status).toBe(
      403,
    );
    const shared = await executor().select().from(cannedReplies).where(eq(cannedReplies.title, "접수 안내"));
    expect(
      (
        (await call(
          macrosAction,
          l1.post("/desk/macros", { intent: "save", id: shared[0]!.id, title: "접수 안내", body: "바꿈" }),
        )) as Answer
      ).init?.status,
    ).toBe(403);
    expect((await executor().select().from(cannedReplies).where(eq(cannedReplies.id, row!.id)))[0]?.title).toBe("환불 안내");
    const sneaky = (await call(
      macrosAction,
      l2.post("/desk/macros", { intent: "save", title: "팀2 인사", body: "안녕하십니까", team: lead1.teamId! }),
    )) as Response;
    expect(sneaky.status).toBe(303);
    expect((await executor().select().from(cannedReplies).where(eq(cannedReplies.title, "팀2 인사")))[0]?.teamId).toBe(lead2.teamId);

    // The page lists shared and own-team macros only, and which the person may manage.
    const page = (await call(macrosLoader, l2.get("/desk/macros"))) as { macros: Array<{ title: string; manageable: boolean }> };
    expect(page.macros.some((m) => m.title === "환불 안내")).toBe(false);
    expect(page.macros.find((m) => m.title === "팀2 인사")?.manageable).toBe(true);
    expect(page.macros.find((m) => m.title === "접수 안내")?.manageable).toBe(false);

    // Lead 1 edits, then deletes: both audited.
    expect(
      (
        (await call(
          macrosAction,
          l1.post("/desk/macros", { intent: "save", id: row!.id, title: "환불 안내", body: "{고객명} 고객님, 환불되었습니다." }),
        )) as Response
      ).status,
    ).toBe(303);
    // Deleting asks for the confirmation box first, beside it.
    const unconfirmed = (await call(macrosAction, l1.post("/desk/macros", { intent: "delete", id: row!.id }))) as Answer;
    expect(unconfirmed.init?.status).toBe(422);
    expect(unconfirmed.data.form).toBe(`delete-${row!.id}`);
    expect(unconfirmed.data.errors.confirm).toContain("확인했습니다");
    expect(((await call(macrosAction, l1.post("/desk/macros", { intent: "delete", id: row!.id, confirm: "on" }))) as Response).status).toBe(
      303,
    );
    expect(await executor().select().from(cannedReplies).where(eq(cannedReplies.id, row!.id))).toEqual([]);
    const changes = await executor()
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, `macro:${row!.id}`));
    expect(changes.map((c) => c.details.change).sort()).toEqual(["macro.created", "macro.deleted", "macro.saved"]);
  });

  it("lets an administrator keep shared macros", async () => {
    const { admin } = await who();
    const a = await signedIn(admin.id);
    expect(
      (
        (await call(
          macrosAction,
          a.post("/desk/macros", { intent: "save", title: "공용 인사", body: "{ customerName }님 안녕하십니까", team: "" }),
        )) as Response
      ).status,
    ).toBe(303);
    expect((await executor().select().from(cannedReplies).where(eq(cannedReplies.title, "공용 인사")))[0]?.teamId).toBeNull();
  });

  it("renders them for the ticket on its page, and ?macro= fills the reply without JavaScript", async () => {
    const { agent, lead2 } = await who();
    const { reference } = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "환불 문의",
        body: "환불해 주세요",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    await executor().update(tickets).set({ teamId: agent.teamId }).where(eq(tickets.reference, reference));
    const ag = await signedIn(agent.id);
    const page = (await call(ticketLoader, ag.get(`/desk/tickets/${reference}`), { reference })) as {
      clocks: Array<{ state: string; status: string; dueAt: string }>;
      macros: { macros: Array<{ id: string; title: string; text: string }>; chosen: unknown; canManage: boolean };
    };
    expect(page.macros.chosen).toBeNull();
    expect(page.macros.canManage).toBe(false);
    // Team 2's macro is not offered on team 1's ticket to a team 1 agent.
    expect(page.macros.macros.some((m) => m.title === "팀2 인사")).toBe(false);
    const intake = page.macros.macros.find((m) => m.title === "접수 안내")!;
    const due = nearestDue(page.clocks);
    expect(due).not.toBeNull();
    expect(intake.text).toContain(`홍길동 고객님`);
    expect(intake.text).toContain(`접수번호 ${reference}`);
    expect(intake.text).toContain(`${dueInWords(due!, "ko")}까지`);
    expect(intake.text).toContain("담당자 김하늘 드림");
    expect(intake.text).not.toMatch(/\{[^}]*\}/);

    const filled = (await call(ticketLoader, ag.get(`/desk/tickets/${reference}?macro=${intake.id}`), { reference })) as typeof page;
    expect(filled.macros.chosen).toMatchObject({ id: intake.id, text: intake.text });
    // An unknown or foreign macro id fills nothing.
    const team2 = (await executor().select().from(cannedReplies).where(eq(cannedReplies.teamId, lead2.teamId!)))[0]!;
    const foreign = (await call(ticketLoader, ag.get(`/desk/tickets/${reference}?macro=${team2.id}`), { reference })) as typeof page;
    expect(foreign.macros.chosen).toBeNull();
  });
});
