// The queue at /desk, called the way Remix calls its loader and action: ordered by the next
// deadline (SQL), tab counts, where each role lands, bulk assign/close through the ticket
// service, and the confirmation the ticket page asks before irreversible actions.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket, getTicketDetail, pauseTicket, resolveTicket } from "~/tickets/tickets.server";
import { action as queueAction, loader as queueLoader, meta as queueMeta } from "~/routes/desk._index";
import { action as ticketAction, loader as ticketLoader, meta as ticketMeta } from "~/routes/desk.tickets.$reference";
import { assigneeGroups } from "~/staff/assignees";
import { timeLeft } from "~/desk/time-left";
import { listQueue, parseQueueQuery } from "~/desk/queue.server";
import { dictionaries, translator } from "~/i18n/i18n";
import { INTENTS } from "~/tickets/constants";
import { db } from "../../db/connection";
import { auditLog } from "../../db/schema";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { asData, call, thrown } from "../support/route-calls";
import { BASE, makeTeam, PASSWORD, signedIn } from "../support/staff";

useTestDatabase();

const DAY = 24 * 3600 * 1000;

describe("the queue's order, deadline and counts", () => {
  it("puts the nearest deadline first (also when created last), counts each tab, and sorts newest on request", async () => {
    const { agent, other, actor, http } = await makeTeam();
    const now = Date.now();
    // Created in one order, due in another: B (10 days old) is most overdue, then C (3 days old), then A (new).
    const a = await createTicket(intake({ subject: "새 문의 A" }), actor);
    await assignTicket(a.reference, agent.id, actor);
    const b = await createTicket(intake({ subject: "오래된 문의 B", receivedAt: new Date(now - 10 * DAY) }), actor);
    const c = await createTicket(intake({ subject: "지난 문의 C", receivedAt: new Date(now - 3 * DAY) }), actor);
    await assignTicket(c.reference, other.id, actor);
    const d = await createTicket(intake({ subject: "보완 대기 D" }), actor);
    await assignTicket(d.reference, agent.id, actor);
    await pauseTicket(d.reference, { reason: "서류 요청" }, actor);

    const active = await call(queueLoader, http.get("/desk?tab=active"));
    expect(active.query.sort).toBe("due");
    expect(active.rows.map((r) => r.reference)).toEqual([b.reference, c.reference, a.reference, d.reference]);
    const [rb, rc, ra, rd] = active.rows;
    expect(rb!.overdue).toBe(true);
    expect(rc!.overdue).toBe(true);
    expect(ra!.overdue).toBe(false);
    expect(Date.parse(rb!.dueIso!)).toBeLessThan(Date.parse(rc!.dueIso!));
    // Paused clocks have no running deadline: the waiting ticket comes last.
    expect(rd!.dueIso).toBeNull();

    // The time left in words, against the loader's clock.
    const t = translator("ko");
    expect(timeLeft(rb!.dueIso!, Date.parse(active.now), t).text).toMatch(/^\d+일( \d+시간)? 지남$/);
    expect(timeLeft(ra!.dueIso!, Date.parse(active.now), t).text).toMatch(/ 남음$/);
    expect(timeLeft(new Date(Date.parse(active.now) + 2 * 3600_000).toISOString(), Date.parse(active.now), t).text).toBe("2시간 남음");
    expect(timeLeft(new Date(Date.parse(active.now) - 3 * 3600_000).toISOString(), Date.parse(active.now), t).text).toBe("3시간 지남");

    expect(active.counts).toEqual({ mine: 2, team: 3, unassigned: 1, overdue: 2, active: 4, waiting: 1 });
    expect((await call(queueLoader, http.get("/desk?tab=overdue"))).rows.map((r) => r.reference)).toEqual([b.reference, c.reference]);
    expect((await call(queueLoader, http.get("/desk?tab=mine"))).rows.map((r) => r.reference)).toEqual([a.reference, d.reference]);
    expect((await call(queueLoader, http.get("/desk?tab=team"))).rows.map((r) => r.reference)).toEqual([
      c.reference,
      a.reference,
      d.reference,
    ]);
    expect((await call(queueLoader, http.get("/desk?tab=unassigned"))).rows.map((r) => r.reference)).toEqual([b.reference]);

    const newest = await call(queueLoader, http.get("/desk?tab=active&sort=newest"));
    expect(newest.rows.map((r) => r.reference)).toEqual([d.reference, c.reference, b.reference, a.reference]);
  });

  it("pages through the deadline order without losing or repeating a ticket", async () => {
    const { actor, http } = await makeTeam();
    const now = Date.now();
    const made: string[] = [];
    for (let i = 0; i < 27; i++) {
      const t = await createTicket(
        intake({
          subject: `페이지 ${i}`,
          customer: { name: "페이지고객", email: "p@example.com" },
          receivedAt: new Date(now - (i % 5) * DAY),
        }),
        actor,
      );
      made.push(t.reference);
    }
    const first = await call(queueLoader, http.get("/desk?q=페이지고객"));
    expect(first.rows).toHaveLength(25);
    expect(first.nextCursor).toBeTruthy();
    const second = await call(queueLoader, http.get(`/desk?q=페이지고객&cursor=${first.nextCursor}`));
    expect(second.rows).toHaveLength(2);
    const all = [...first.rows, ...second.rows];
    expect(new Set(all.map((r) => r.reference))).toEqual(new Set(made));
    const dues = all.map((r) => Date.parse(r.dueIso!));
    expect(dues).toEqual([...dues].sort((x, y) => x - y));
    // A cursor of the other order is not applied to this one: back to the first page.
    const mixed = await call(queueLoader, http.get(`/desk?q=페이지고객&sort=newest&cursor=${first.nextCursor}`));
    expect(mixed.rows).toHaveLength(25);
    expect(mixed.ignored).toEqual([]);
  });
});

describe("paging across the tickets without a running clock", () => {
  it("walks the clocked tickets by deadline, then those whose clocks are stopped, two at a time, each once", async () => {
    const { agent, actor } = await makeTeam();
    const now = Date.now();
    const clocked = [];
    for (const days of [6, 2, 4]) {
      const t = await createTicket(intake({ subject: `페이지 경계 ${days}`, receivedAt: new Date(now - days * DAY) }), actor);
      await assignTicket(t.reference, agent.id, actor);
      clocked.push({ days, reference: t.reference });
    }
    const stopped = [];
    for (let i = 0; i < 3; i++) {
      const t = await createTicket(intake({ subject: `페이지 대기 ${i}` }), actor);
      await assignTicket(t.reference, agent.id, actor);
      await pauseTicket(t.reference, { reason: "서류 요청" }, actor);
      stopped.push(t.reference);
    }
    const user = { id: agent.id, teamId: agent.teamId, role: agent.role };
    const seen: Array<{ reference: string; dueIso: string | null }> = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const query = parseQueueQuery(new URL(`${BASE}/desk?tab=mine${cursor ? `&cursor=${cursor}` : ""}`), user);
      const { items, nextCursor } = await listQueue(query, user, new Date(), 2);
      seen.push(...items.map((r) => ({ reference: r.reference, dueIso: r.dueAt?.toISOString() ?? null })));
      if (!nextCursor) break;
      cursor = nextCursor;
    }
    const byAge = [...clocked].sort((x, y) => y.days - x.days).map((c) => c.reference);
    const stoppedById = seen.slice(3).map((r) => r.reference);
    expect(seen.slice(0, 3).map((r) => r.reference)).toEqual(byAge);
    expect(new Set(stoppedById)).toEqual(new Set(stopped));
    expect(seen.slice(3).every((r) => r.dueIso === null)).toBe(true);
    expect(seen).toHaveLength(6);
  });
});

describe("where each role lands", () => {
  it("sends managers and admins from /desk to the dashboard, leads to their team's queue and agents to their own", async () => {
    const { agent, lead } = await makeTeam();
    const manager = await createStaffMember({ email: "manager-land@desk.test", name: "최민수", role: "manager", password: PASSWORD });
    const admin = await createStaffMember({ email: "admin-land@desk.test", name: "서관리", role: "admin", password: PASSWORD });
    for (const person of [manager, admin]) {
      const redirect = await thrown(call(queueLoader, (await signedIn(person.id)).get("/desk")));
      expect(redirect.status).toBe(302);
      expect(redirect.headers.get("Location")).toBe("/dashboard");
      // The queues stay one click away.
      expect((await call(queueLoader, (await signedIn(person.id)).get("/desk?tab=active"))).query.tab).toBe("active");
    }
    expect((await call(queueLoader, (await signedIn(lead.id)).get("/desk"))).query.tab).toBe("team");
    expect((await call(queueLoader, (await signedIn(agent.id)).get("/desk"))).query.tab).toBe("mine");
    // Without a team there is no team queue: its link is not offered and the unassigned work is shown.
    const loner = await createStaffMember({ email: "loner@desk.test", name: "무소속", role: "lead", password: PASSWORD });
    const alone = await call(queueLoader, (await signedIn(loner.id)).get("/desk?tab=team"));
    expect(alone.query.tab).toBe("unassigned");
    expect(alone.tabs).not.toContain("team");
  });
});

describe("bulk actions from the queue", () => {
  it("assigns each selected ticket through the ticket service and says which could not be", async () => {
    const { agent, actor, http } = await makeTeam();
    const elsewhere = await makeTeam();
    const one = await createTicket(intake({ subject: "일괄 1" }), actor);
    const two = await createTicket(intake({ subject: "일괄 2" }), actor);
    const foreign = await createTicket(intake({ subject: "다른 팀" }), elsewhere.actor);
    await assignTicket(foreign.reference, elsewhere.agent.id, elsewhere.actor);

    const body = new URLSearchParams([
      ["action", "assign"],
      ["assignee", agent.id],
      ["tickets", one.reference],
      ["tickets", two.reference],
      ["tickets", foreign.reference],
      ["tickets", "000101-9999"],
    ]);
    const result = asData(await call(queueAction, http.post("/desk?index", body)));
    expect(result.init?.status).toBe(200);
    expect(result.data.done.succeeded).toEqual([one.reference, two.reference]);
    expect(result.data.done.summary).toBe(`2건을 ${agent.name}님에게 배정했습니다.`);
    expect(result.data.done.failed).toEqual([
      { reference: foreign.reference, reason: "이 문의를 처리할 권한이 없습니다." },
      { reference: "000101-9999", reason: "찾을 수 없는 문의입니다." },
    ]);
    for (const ref of [one.reference, two.reference]) {
      const detail = await getTicketDetail(ref);
      expect(detail?.assignee?.id).toBe(agent.id);
      expect(detail?.events.filter((e) => e.type === "ticket.assigned")).toHaveLength(1);
    }
    expect((await getTicketDetail(foreign.reference))?.assignee?.id).toBe(elsewhere.agent.id);
    // The refusal is audited as on the ticket's own page.
    const denied = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "permission.denied"), eq(auditLog.staffId, agent.id), eq(auditLog.targetId, foreign.reference)));
    expect(denied).toHaveLength(1);
  });

  it("closes only with the confirmation, keeps the selection when refused, and reports the tickets not resolved", async () => {
    const { agent, actor, http } = await makeTeam();
    const resolved = await createTicket(intake({ subject: "완료 1" }), actor);
    await assignTicket(resolved.reference, agent.id, actor);
    await resolveTicket(resolved.reference, { answer: "처리했습니다" }, actor);
    const open = await createTicket(intake({ subject: "진행 1" }), actor);

    const pick = [
      ["action", "close"],
      ["tickets", resolved.reference],
      ["tickets", open.reference],
    ];
    const refused = asData(await call(queueAction, http.post("/desk?index", new URLSearchParams(pick))));
    expect(refused.init?.status).toBe(422);
    expect(refused.data.errors.confirm).toBe("되돌릴 수 없는 작업입니다. '확인했습니다'에 표시한 뒤 다시 보내 주세요.");
    expect(refused.data.values).toEqual({ action: "close", assignee: "", tickets: [resolved.reference, open.reference] });
    expect((await getTicketDetail(resolved.reference))?.ticket.status).toBe("resolved");

    const closed = asData(await call(queueAction, http.post("/desk?index", new URLSearchParams([...pick, ["confirm", "on"]]))));
    expect(closed.data.done.summary).toBe("1건을 종결했습니다.");
    expect(closed.data.done.failed).toEqual([{ reference: open.reference, reason: "지금 상태에서는 할 수 없는 작업입니다." }]);
    const detail = await getTicketDetail(resolved.reference);
    expect(detail?.ticket.status).toBe("closed");
    expect(detail?.events.filter((e) => e.type === "ticket.closed")).toHaveLength(1);
  });

  it("asks for a selection, an action and an assignee in words", async () => {
    const { http } = await makeTeam();
    const none = asData(await call(queueAction, http.post("/desk?index", new URLSearchParams({ action: "assign" }))));
    expect(none.init?.status).toBe(422);
    expect(none.data.errors.tickets).toBe("처리할 문의를 하나 이상 골라 주세요.");
    expect(none.data.errors.assignee).toBe("배정할 담당자를 골라 주세요.");
    const nul = asData(
      await call(
        queueAction,
        http.post("/desk?index", new URLSearchParams({ action: "assign", assignee: "a\u0000b", tickets: "000101-0001" })),
      ),
    );
    expect(nul.init?.status).toBe(422);
    expect(nul.data.errors.assignee).toBe("배정할 담당자를 골라 주세요.");
    const noAction = asData(await call(queueAction, http.post("/desk?index", new URLSearchParams({ tickets: "000101-0001" }))));
    expect(noAction.data.errors.action).toBe("할 작업을 골라 주세요.");
  });
});

describe("the ticket page", () => {
  it("refuses the final answer and closing without the confirmation, keeping what was typed", async () => {
    const { agent, actor, http } = await makeTeam();
    const t = await createTicket(intake(), actor);
    await assignTicket(t.reference, agent.id, actor);
    const path = `/desk/tickets/${t.reference}`;
    const post = (fields: Record<string, string>) =>
      call(ticketAction, http.post(path, new URLSearchParams(fields)), { reference: t.reference });

    const refused = asData(await post({ intent: "resolve", answer: "환급 처리했습니다.", via: "email" }));
    expect(refused.init?.status).toBe(422);
    expect(refused.data.errors.confirm).toBe("되돌릴 수 없는 작업입니다. '확인했습니다'에 표시한 뒤 다시 보내 주세요.");
    expect(refused.data.values.answer).toBe("환급 처리했습니다.");
    expect((await getTicketDetail(t.reference))?.ticket.status).toBe("open");

    const sent = (await post({ intent: "resolve", answer: "환급 처리했습니다.", via: "email", confirm: "on" })) as Response;
    expect(sent.status).toBe(303);
    expect((await getTicketDetail(t.reference))?.ticket.status).toBe("resolved");

    const close = asData(await post({ intent: "close" }));
    expect(close.init?.status).toBe(422);
    expect(close.data.errors.confirm).toBeTruthy();
    expect(((await post({ intent: "close", confirm: "on" })) as Response).headers.get("Location")).toBe(`${path}?done=close`);
    expect((await getTicketDetail(t.reference))?.ticket.status).toBe("closed");
  });

  it("offers as assignees only staff who work tickets, by team, with their open load; names the ticket in the title", async () => {
    const { key, agent, lead, actor, http } = await makeTeam();
    await createStaffMember({ email: `manager-pick-${key}@desk.test`, name: "최관리자", role: "manager", password: PASSWORD });
    const t = await createTicket(intake({ subject: "배정 목록 확인" }), actor);
    await assignTicket(t.reference, agent.id, actor);
    const view = await call(ticketLoader, http.get(`/desk/tickets/${t.reference}`), { reference: t.reference });
    expect(view.assignees.map((a: { role: string }) => a.role).every((r: string) => r === "agent" || r === "lead")).toBe(true);
    expect(view.assignees.map((a: { name: string }) => a.name)).not.toContain("최관리자");
    const groups = assigneeGroups(view.assignees, translator("ko"));
    const mine = groups.find((g) => g.label === key);
    expect(mine?.options.find((o) => o.value === agent.id)?.label).toBe(`${agent.name} · ${key} · 진행 1건`);
    expect(mine?.options.find((o) => o.value === lead.id)?.label).toBe(`${lead.name} · ${key} · 진행 0건`);

    const root = { id: "root", data: { lang: "ko", messages: dictionaries.ko } };
    expect(ticketMeta({ data: view, matches: [root] } as any)).toEqual([
      { title: `${t.reference} 배정 목록 확인 · 고객만족센터 서비스 데스크` },
    ]);
    expect(queueMeta({ matches: [{ id: "root", data: { lang: "en", messages: dictionaries.en } }] } as any)).toEqual([
      { title: "Queues · Customer Satisfaction Center — Service Desk" },
    ]);
  });

  it("says in words what just succeeded: every action of the page, and a contact logged at /desk/log-contact", async () => {
    const { actor, http } = await makeTeam();
    const t = await createTicket(intake(), actor);
    const view = await call(ticketLoader, http.get(`/desk/tickets/${t.reference}?done=logged`), { reference: t.reference });
    expect(view.done).toBe("logged");
    for (const lang of ["ko", "en"] as const) {
      const tr = translator(lang);
      for (const key of [...INTENTS, "logged"]) expect(tr.dynamic(`desk.done.${key}`), `${lang} ${key}`).not.toBe(`desk.done.${key}`);
    }
  });
});
