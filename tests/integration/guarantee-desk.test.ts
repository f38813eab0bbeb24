// The desk's service-guarantee pages and the SLA clocks on the ticket page, called the way Remix
// calls them (a Request with a staff session cookie), against a real database.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, guaranteeCases, notifications } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { clocksOf, describeClock, formatDuration } from "~/sla/sla-clocks.server";
import { translator } from "~/i18n/i18n";
import { buildCalendar } from "~/sla/calendar";
import { initialCalendarSpec } from "~/sla/calendar.server";
import { sweepOnce } from "~/sla/sweep.server";
import { timersOf, type TimerRow } from "~/sla/timers.server";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket, getTicketDetail } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { action as listAction, loader as listLoader } from "~/routes/desk.guarantee._index";
import { action as caseAction, loader as caseLoader } from "~/routes/desk.guarantee.$id";
import { loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";
import { asData, call, thrown } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const kst = (local: string) => new Date(`${local}+09:00`);

function intake(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자격증 발급 문의",
    body: "발급 일정이 궁금합니다.",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-2222-3333" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function person(email: string, name: string, role: "agent" | "lead" | "manager" = "agent", team = "complaints-1") {
  const staff = await createStaffMember({ email, name, role, team, password: "pw-123456789" });
  const cookie = (await startSession(new Request(BASE), staff.id)).split(";")[0];
  return {
    staff,
    actor: staffActor({ ...staff, locale: "ko" }),
    get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }),
    post: (path: string, fields: Record<string, string>) =>
      new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } }),
  };
}

type Person = Awaited<ReturnType<typeof person>>;
let people: { agent: Person; other: Person; manager: Person } | undefined;
async function staffMembers() {
  people ??= {
    agent: await person("agent@desk.test", "김담당"),
    other: await person("other@desk.test", "이다른"),
    manager: await person("manager@desk.test", "박관리", "manager"),
  };
  return people;
}

/** A web inquiry received Tue 2026-06-09 09:00 KST, breached by a sweep the next morning. */
async function breachedTicket(assignTo?: Person) {
  const { agent } = await staffMembers();
  const { reference } = await createTicket(intake({ receivedAt: kst("2026-06-09T09:00:00") }), { kind: "customer" });
  if (assignTo) await atTime(kst("2026-06-09T09:05:00"), () => assignTicket(reference, assignTo.staff.email, agent.actor));
  await sweepOnce({ now: kst("2026-06-10T11:00:00") });
  const detail = (await getTicketDetail(reference))!;
  expect(detail.guaranteeCases).toHaveLength(1);
  return { reference, detail, caseId: detail.guaranteeCases[0].id };
}

async function caseRow(id: string) {
  const [row] = await db().select().from(guaranteeCases).where(eq(guaranteeCases.id, id));
  return row;
}

describe("SLA clocks on the ticket page", () => {
  it("says the working time left, how far past due, and explains each deadline (fixed now)", async () => {
    const { reference, detail } = await breachedTicket();
    const timers = await timersOf(db(), detail.ticket.id);
    const running = timers.find((t) => t.metric === "resolution")!; // 7 days: due Wed 6/17 18:00
    const breached = timers.find((t) => t.metric === "first_reply")!; // due Tue 6/9 18:00

    const clocks = await clocksOf([running, breached], "ko", kst("2026-06-09T22:10:00"));
    const byMetric = new Map(clocks.map((c) => [c.metric, c]));
    const first = byMetric.get("first_reply")!;
    expect(first.status).toBe("breached");
    expect(first.statusLabel).toBe("기한 초과");
    expect(first.dueText).toBe("2026-06-09 (화) 18:00");
    expect(first.remainingText).toBe("4시간 10분 초과");
    expect(first.policyText).toMatch(/^적용 기준: .+ \(버전 1\)$/);
    expect(first.calendarText).toBe("근무 달력: 버전 1");
    expect(first.explanation.join(" ")).toContain("18:00");

    const resolution = byMetric.get("resolution")!;
    expect(resolution.status).toBe("on_track");
    expect(resolution.dueText).toBe("2026-06-17 (수) 18:00");
    // Tue 22:10 → Wed 6/17 18:00: six full working days (6/10–12, 6/15–17) = 48 working hours.
    expect(resolution.remainingText).toBe("근무시간 48시간 남음");

    // 15:30 on the day of receipt: 2 h 30 min of working time left, not yet at risk (warn at 16:00).
    const [early] = await clocksOf(
      [{ ...breached, state: "running", breachedAt: null, breachDetectedAt: null }],
      "ko",
      kst("2026-06-09T15:30:00"),
    );
    expect(early.status).toBe("on_track");
    expect(early.remainingText).toBe("근무시간 2시간 30분 남음");
    const [risky] = await clocksOf(
      [{ ...breached, state: "running", breachedAt: null, breachDetectedAt: null }],
      "en",
      kst("2026-06-09T16:30:00"),
    );
    expect(risky.status).toBe("at_risk");
    expect(risky.statusLabel).toBe("At risk");
    expect(risky.remainingText).toBe("1 h 30 min of working time left");
    expect(risky.dueText).toBe("2026-06-09 (Tue) 18:00");

    // The ticket page's loader gives the clocks with their explanations in the page language.
    const { agent } = await staffMembers();
    const view = await call(ticketLoader, agent.get(`/desk/tickets/${reference}`), { reference });
    const metrics = view.clocks.map((c) => c.metric);
    expect(metrics).toEqual(expect.arrayContaining(["first_reply", "resolution", "fact_check"]));
    const loaded = view.clocks.find((c) => c.metric === "first_reply")!;
    expect(loaded.status).toBe("breached");
    expect(loaded.remainingText).toMatch(/초과$/);
    expect(loaded.explanation.length).toBeGreaterThan(0);
    expect(view.guarantee).toHaveLength(1);
    expect(view.guarantee[0].triggers.map((t) => t.text)).toEqual(expect.arrayContaining([expect.stringContaining("1일 내 답변")]));
  });

  it("shows a paused clock as paused since when, with the working time left at the pause", () => {
    const calendar = buildCalendar(initialCalendarSpec());
    const timer: TimerRow = {
      id: "00000000-0000-4000-8000-000000000001",
      ticketId: "00000000-0000-4000-8000-000000000002",
      metric: "resolution",
      state: "paused",
      startedAt: kst("2026-06-09T09:00:00"),
      period: { kind: "days", amount: 7 },
      basisDate: null,
      pauses: [{ from: kst("2026-06-16T14:00:00").toISOString(), to: null }],
      dueAt: kst("2026-06-17T18:00:00"),
      warnAt: kst("2026-06-16T10:00:00"),
      warnedAt: null,
      metAt: null,
      breachedAt: null,
      breachDetectedAt: null,
      escalateAt: null,
      escalatedAt: null,
      guaranteeCaseId: null,
      cancelledAt: null,
      policyId: null,
      calendarVersion: 1,
      createdAt: kst("2026-06-09T09:00:00"),
      updatedAt: kst("2026-06-16T14:00:00"),
    };
    // Weeks later, the clock still says what was left when it stopped (Tue 14:00 → Wed 18:00 = 12 h).
    const clock = describeClock(timer, { calendar, now: kst("2026-07-20T10:00:00"), lang: "ko", policy: null, explanation: [] });
    expect(clock.status).toBe("paused");
    expect(clock.statusLabel).toBe("정지");
    expect(clock.stateText).toBe("2026-06-16 (화) 14:00부터 정지 (고객 보완 대기)");
    expect(clock.remainingText).toMatch(/^정지 시점에 근무시간 12시간 남음/);
    expect(clock.policyText).toBe("적용 기준: 기록 없음");

    const met = describeClock(
      { ...timer, state: "met", pauses: [], metAt: kst("2026-06-12T11:05:00") },
      { calendar, now: kst("2026-07-20T10:00:00"), lang: "en", policy: null, explanation: [] },
    );
    expect(met.status).toBe("met");
    expect(met.stateText).toBe("met at 2026-06-12 (Fri) 11:05");
    expect(met.remainingText).toBeNull();

    const late = describeClock(
      {
        ...timer,
        state: "breached",
        pauses: [],
        breachedAt: timer.dueAt,
        breachDetectedAt: kst("2026-06-17T18:00:03"),
        metAt: kst("2026-06-19T10:00:00"),
      },
      { calendar, now: kst("2026-07-20T10:00:00"), lang: "ko", policy: null, explanation: [] },
    );
    expect(late.status).toBe("breached");
    expect(late.remainingText).toBe("기한보다 1일 16시간 늦게 완료");

    const t = translator("ko");
    expect(formatDuration(30_000, t)).toBe("1분 미만");
    expect(formatDuration(45 * 60_000, t)).toBe("45분");
    expect(formatDuration(3 * 3_600_000, t)).toBe("3시간");
  });
});

describe("guarantee cases", () => {
  it("lists cases with their triggers in words and the fact-check deadline overdue, filtered by status", async () => {
    const { manager, agent } = await staffMembers();
    const { reference, caseId } = await breachedTicket(agent);
    const open = await call(listLoader, manager.get("/desk/guarantee"));
    expect(open.tab).toBe("open");
    const row = open.cases.find((c) => c.id === caseId)!;
    expect(row.reference).toBe(reference);
    expect(row.status).toBe("open");
    expect(row.triggers.map((t) => t.text)).toEqual(["1일 내 답변 기한을 지키지 못함 (기한 2026-06-09 (화) 18:00)"]);
    expect(row.openedText).toBe("2026-06-10 (수) 11:00");
    // Opened 6/10 11:00: the result was due 8 working hours later, long past now.
    expect(row.factCheck.dueText).toBe("2026-06-11 (목) 11:00");
    expect(row.factCheck.state).toBe("overdue");
    expect(row.factCheck.overdueText).toMatch(/초과$/);
    expect(row.assigneeName).toBe("김담당");

    // The agent sees it too: the case's ticket is assigned to them.
    const asAgent = await call(listLoader, agent.get("/desk/guarantee?status=all"));
    expect(asAgent.tab).toBe("all");
    expect(asAgent.cases.map((c) => c.id)).toContain(caseId);
    expect((await call(listLoader, agent.get("/desk/guarantee?status=closed"))).cases.map((c) => c.id)).not.toContain(caseId);
    const odd = await call(listLoader, agent.get("/desk/guarantee?status=<b>"));
    expect(odd.tab).toBe("open");
    expect(odd.ignored).toEqual(["status"]);

    const signedOut = await thrown(call(listLoader, new Request(`${BASE}/desk/guarantee`)));
    expect(signedOut.status).toBe(302);
  });

  it("records the fact check (sent to the customer), the apology by the staff member concerned, and the confirmation that closes it", async () => {
    const { agent, other } = await staffMembers();
    const { caseId, detail } = await breachedTicket(agent);
    const path = `/desk/guarantee/${caseId}`;

    const view = await call(caseLoader, agent.get(path), { id: caseId });
    expect(view.status).toBe("open");
    expect(view.allowed).toEqual(["factCheck"]);
    expect(view.triggers[0].text).toContain("1일 내 답변");
    expect(view.clock?.metric).toBe("fact_check");
    expect(view.clock?.explanation.length).toBeGreaterThan(0);
    expect(view.concerned).toEqual({ id: agent.staff.id, name: "김담당" });
    expect(view.mayApologise).toBe(true);
    expect((await call(caseLoader, other.get(path), { id: caseId })).mayApologise).toBe(false);

    // Bad input: errors beside the fields, what was typed kept, nothing recorded.
    const bad = asData(await call(caseAction, agent.post(path, { intent: "factCheck", result: "  " }), { id: caseId }));
    expect(bad.init?.status).toBe(422);
    expect(bad.data.intent).toBe("factCheck");
    expect(bad.data.errors.result).toBe("필수 입력 항목입니다.");
    expect(bad.data.errors.deskAtFault).toBe("당사 과실 여부를 골라 주세요.");
    const kept = asData(
      await call(caseAction, agent.post(path, { intent: "factCheck", result: "확인했습니다", deskAtFault: "maybe" }), { id: caseId }),
    );
    expect(kept.data.values.result).toBe("확인했습니다");
    expect((await caseRow(caseId)).factCheckedAt).toBeNull();

    // The result goes to the customer: the notification is queued with the case.
    const ok = (await call(
      caseAction,
      agent.post(path, { intent: "factCheck", result: "담당자 확인 결과 답변이 늦었습니다.", deskAtFault: "yes" }),
      { id: caseId },
    )) as Response;
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe(`${path}?done=factCheck`);
    const sent = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, detail.ticket.id), eq(notifications.template, "guarantee_result")));
    expect(sent).toHaveLength(1);
    expect(sent[0].audience).toBe("customer");
    expect(sent[0].payload).toMatchObject({ result: "담당자 확인 결과 답변이 늦었습니다.", deskAtFault: true });
    const afterCheck = await call(caseLoader, agent.get(`${path}?done=factCheck`), { id: caseId });
    expect(afterCheck.done).toBe("factCheck");
    expect(afterCheck.allowed).toEqual(["apology"]);
    expect(afterCheck.factCheck).toMatchObject({ deskAtFault: true, by: "김담당" });
    expect(afterCheck.notification?.status).toMatch(/^(queued|unsent|sent)$/);
    expect(afterCheck.clock?.state).not.toBe("running");

    // Recording it again is a state error, said as a message.
    const again = asData(
      await call(caseAction, agent.post(path, { intent: "factCheck", result: "다시", deskAtFault: "no" }), { id: caseId }),
    );
    expect(again.init?.status).toBe(409);
    expect(again.data.formError).toBe("이미 사실 확인 결과가 기록되었거나 사례가 종결되어 다시 기록할 수 없습니다.");
    expect(again.data.values.result).toBe("다시");

    // Confirmation before the apology: refused.
    const early = asData(await call(caseAction, agent.post(path, { intent: "confirm", confirmed: "on" }), { id: caseId }));
    expect(early.init?.status).toBe(409);
    expect(early.data.formError).toContain("사과를 기록한 뒤");

    // The apology by someone other than the assignee is refused.
    const stranger = asData(await call(caseAction, other.post(path, { intent: "apology", apology: "죄송합니다" }), { id: caseId }));
    expect(stranger.init?.status).toBe(403);
    expect(stranger.data.formError).toBe("사과는 이 문의의 담당자만 기록할 수 있습니다.");
    expect(stranger.data.values.apology).toBe("죄송합니다");
    expect((await caseRow(caseId)).apologyAt).toBeNull();

    const empty = asData(await call(caseAction, agent.post(path, { intent: "apology", apology: "" }), { id: caseId }));
    expect(empty.init?.status).toBe(422);
    expect(empty.data.errors.apology).toBe("필수 입력 항목입니다.");

    const apology = (await call(caseAction, agent.post(path, { intent: "apology", apology: "전화로 직접 사과드렸습니다." }), {
      id: caseId,
    })) as Response;
    expect(apology.status).toBe(303);
    expect(apology.headers.get("Location")).toBe(`${path}?done=apology`);
    expect((await caseRow(caseId)).apologyById).toBe(agent.staff.id);

    // The customer's confirmation: an explicit tick, then the case closes.
    const unticked = asData(await call(caseAction, agent.post(path, { intent: "confirm" }), { id: caseId }));
    expect(unticked.init?.status).toBe(422);
    expect(unticked.data.errors.confirmed).toBe("고객의 만족을 확인했는지 체크해 주세요.");
    const confirm = (await call(caseAction, other.post(path, { intent: "confirm", confirmed: "on" }), { id: caseId })) as Response;
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get("Location")).toBe(`${path}?done=confirm`);
    const closed = await caseRow(caseId);
    expect(closed.status).toBe("closed");
    expect(closed.customerConfirmedAt).not.toBeNull();

    const final = await call(caseLoader, agent.get(path), { id: caseId });
    expect(final.status).toBe("closed");
    expect(final.allowed).toEqual([]);
    expect(final.apology).toMatchObject({ text: "전화로 직접 사과드렸습니다.", by: "김담당" });
    expect(final.closedBy).toBe("이다른");
    const list = await call(listLoader, agent.get("/desk/guarantee?status=closed"));
    expect(list.cases.map((c) => c.id)).toContain(caseId);
  });

  it("closes with the result when the desk was not at fault; any staff member apologises on an unassigned ticket", async () => {
    const { agent, other } = await staffMembers();
    const notOurs = await breachedTicket(agent);
    const response = (await call(
      caseAction,
      agent.post(`/desk/guarantee/${notOurs.caseId}`, {
        intent: "factCheck",
        result: "고객 서류 미제출로 지연되었습니다.",
        deskAtFault: "no",
      }),
      {
        id: notOurs.caseId,
      },
    )) as Response;
    expect(response.headers.get("Location")).toBe(`/desk/guarantee/${notOurs.caseId}?done=factCheckClosed`);
    expect((await caseRow(notOurs.caseId)).status).toBe("closed");

    const unassigned = await breachedTicket();
    const path = `/desk/guarantee/${unassigned.caseId}`;
    await call(caseAction, agent.post(path, { intent: "factCheck", result: "지연 확인", deskAtFault: "yes" }), { id: unassigned.caseId });
    const view = await call(caseLoader, other.get(path), { id: unassigned.caseId });
    expect(view.concerned).toBeNull();
    expect(view.mayApologise).toBe(true);
    const apology = (await call(caseAction, other.post(path, { intent: "apology", apology: "사과드렸습니다." }), {
      id: unassigned.caseId,
    })) as Response;
    expect(apology.status).toBe(303);
  });

  it("answers 404 for unknown or malformed case ids and 400 for unknown actions", async () => {
    const { agent } = await staffMembers();
    expect((await thrown(call(caseLoader, agent.get("/desk/guarantee/nope"), { id: "nope" }))).status).toBe(404);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await thrown(call(caseLoader, agent.get(`/desk/guarantee/${missing}`), { id: missing }))).status).toBe(404);
    expect(
      (await thrown(call(caseAction, agent.post(`/desk/guarantee/${missing}`, { intent: "confirm", confirmed: "on" }), { id: missing })))
        .status,
    ).toBe(404);
    const { caseId } = await breachedTicket();
    const unknown = asData(await call(caseAction, agent.post(`/desk/guarantee/${caseId}`, { intent: "delete" }), { id: caseId }));
    expect(unknown.init?.status).toBe(400);
    expect(unknown.data.formError).toContain("알 수 없는 작업");
  });

  it("opens a case when the customer visited twice or more because of a staff error", async () => {
    const { agent } = await staffMembers();
    const { reference } = await createTicket(intake({ channel: "visit", subject: "서류 재방문" }), agent.actor);

    const invalid = asData(await call(listAction, agent.post("/desk/guarantee?index", { intent: "repeatVisit", reference, note: " " })));
    expect(invalid.init?.status).toBe(422);
    expect(invalid.data.errors.note).toBe("필수 입력 항목입니다.");
    expect(invalid.data.values.reference).toBe(reference);
    const badRef = asData(
      await call(listAction, agent.post("/desk/guarantee?index", { intent: "repeatVisit", reference: "abc", note: "메모" })),
    );
    expect(badRef.data.errors.reference).toBe("접수번호를 260504-0001 형식으로 입력해 주세요.");
    const unknown = asData(
      await call(listAction, agent.post("/desk/guarantee?index", { intent: "repeatVisit", reference: "000101-9999", note: "메모" })),
    );
    expect(unknown.init?.status).toBe(404);
    expect(unknown.data.errors.reference).toBe("그 접수번호의 문의를 찾을 수 없습니다.");

    const opened = (await call(
      listAction,
      agent.post("/desk/guarantee?index", { intent: "repeatVisit", reference, note: "서류 안내 착오로 세 번 방문" }),
    )) as Response;
    expect(opened.status).toBe(303);
    const location = opened.headers.get("Location")!;
    expect(location).toMatch(/^\/desk\/guarantee\/[0-9a-f-]{36}\?done=opened$/);
    const caseId = location.split("/")[3].split("?")[0];
    const view = await call(caseLoader, agent.get(location), { id: caseId });
    expect(view.done).toBe("opened");
    expect(view.triggers).toEqual([
      expect.objectContaining({
        kind: "repeat_visit",
        text: "직원 착오로 고객이 2회 이상 방문함",
        note: "서류 안내 착오로 세 번 방문",
        by: "김담당",
      }),
    ]);
    expect(view.clock?.metric).toBe("fact_check");
    expect(view.clock?.status).toBe("on_track");

    // A second report joins the open case.
    const joined = (await call(
      listAction,
      agent.post("/desk/guarantee?index", { intent: "repeatVisit", reference, note: "또 방문" }),
    )) as Response;
    expect(joined.headers.get("Location")).toBe(`/desk/guarantee/${caseId}?done=joined`);
    const ticketView = await call(ticketLoader, agent.get(`/desk/tickets/${reference}`), { reference });
    expect(ticketView.guarantee).toHaveLength(1);
    expect(ticketView.guarantee[0].triggers).toHaveLength(2);
  });
});

describe("who sees a case: whoever may see its ticket", () => {
  it("an agent of team A neither lists, opens nor works a case on team B's ticket; each refusal is audited", async () => {
    const { manager } = await staffMembers();
    const agentA = await person("a@team-a.test", "에이", "agent", "team-a");
    const agentB = await person("b@team-b.test", "비", "agent", "team-b");
    const { reference, caseId } = await breachedTicket(agentB); // assigned to B: team B's ticket
    const path = `/desk/guarantee/${caseId}`;
    const listed = async (who: Person) => (await call(listLoader, who.get("/desk/guarantee?status=all"))).cases.map((c) => c.id);

    // The list leaves it out for A; B and the manager see it.
    expect(await listed(agentA)).not.toContain(caseId);
    expect(await listed(agentB)).toContain(caseId);
    expect(await listed(manager)).toContain(caseId);

    // The direct link and a form post: 403, nothing recorded.
    expect((await thrown(call(caseLoader, agentA.get(path), { id: caseId }))).status).toBe(403);
    const post = await thrown(
      call(caseAction, agentA.post(path, { intent: "factCheck", result: "몰래 기록", deskAtFault: "no" }), { id: caseId }),
    );
    expect(post.status).toBe(403);
    expect((await caseRow(caseId)).factCheckedAt).toBeNull();
    // Nor can A add a repeat visit to B's ticket (its reference typed into the form).
    const visit = await thrown(
      call(listAction, agentA.post("/desk/guarantee?index", { intent: "repeatVisit", reference, note: "몰래 추가" })),
    );
    expect(visit.status).toBe(403);
    expect((await caseRow(caseId)).triggers).toHaveLength(1);

    // B opens and works it as before.
    expect((await call(caseLoader, agentB.get(path), { id: caseId })).status).toBe("open");
    const ok = (await call(caseAction, agentB.post(path, { intent: "factCheck", result: "확인 결과 지연", deskAtFault: "no" }), {
      id: caseId,
    })) as Response;
    expect(ok.status).toBe(303);

    const denials = (await db().select().from(auditLog).where(eq(auditLog.action, "permission.denied"))).filter(
      (d) => d.targetId === caseId || d.targetId === reference,
    );
    expect(denials.map((d) => [d.targetType, d.targetId, d.details.method]).sort()).toEqual(
      [
        ["guarantee_case", caseId, "GET"],
        ["guarantee_case", caseId, "POST"],
        ["ticket", reference, "POST"],
      ].sort(),
    );
    expect(denials.find((d) => d.targetType === "guarantee_case")!.details).toMatchObject({
      reason: "not_in_scope",
      ticket: reference,
      path,
    });
    expect(denials.every((d) => d.actor === "staff:a@team-a.test" && d.staffId === agentA.staff.id)).toBe(true);
  });
});
