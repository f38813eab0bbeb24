import { spawn } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guaranteeCases, notifications, slaTimers, ticketEvents } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { confirmCustomerSatisfied, openRepeatVisitCase, recordApology, recordFactCheck } from "~/sla/guarantee.server";
import { sweepOnce } from "~/sla/sweep.server";
import { renderEmail } from "~/notify/render.server";
import { assignTicket, createTicket, getTicketDetail, resolveTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

const database = useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);

function intake(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "문의",
    body: "내용",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-2222-3333" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function _countWhere(table: typeof ticketEvents | typeof guaranteeCases | typeof notifications, where?: ReturnType<typeof sql>) {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(table)
    .where(where);
  return row.n;
}

describe("the sweep", () => {
  it("breaches an overdue contact once, opens one guarantee case with a fact-check clock, and alerts", async () => {
    const lead = await createStaffMember({ email: "lead@t.kr", name: "팀장", role: "lead", team: "t1" });
    const agent = await createStaffMember({ email: "agent@t.kr", name: "상담", role: "agent", team: "t1" });
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-05-04T09:00:00") }), { kind: "customer" });
    await atTime(kst("2026-05-04T09:30:00"), () => assignTicket(reference, agent.email, staffActor({ ...agent, locale: "ko" })));

    const first = await sweepOnce({ now: kst("2026-05-20T10:00:00") });
    expect(first.breached).toBe(2); // first_reply and resolution
    expect(first.guaranteeCasesOpened).toBe(1);
    expect(first.guaranteeTriggersAdded).toBe(0);

    const again = await sweepOnce({ now: kst("2026-05-20T10:00:00") });
    expect(again.breached).toBe(0);
    expect(again.guaranteeCasesOpened).toBe(0);

    const detail = (await getTicketDetail(reference))!;
    const breached = detail.timers.filter((t) => t.state === "breached");
    expect(breached.map((t) => t.metric).sort()).toEqual(["first_reply", "resolution"]);
    for (const t of breached) {
      expect(t.breachedAt).toEqual(t.dueAt); // the deadline is kept…
      expect(t.breachDetectedAt).toEqual(kst("2026-05-20T10:00:00")); // …beside the detection time
    }
    expect(detail.guaranteeCases).toHaveLength(1);
    expect(detail.guaranteeCases[0].triggers.map((t) => (t.kind === "breach" ? t.metric : t.kind)).sort()).toEqual([
      "first_reply",
      "resolution",
    ]);
    expect(detail.timers.find((t) => t.metric === "fact_check")?.state).toBe("running");
    expect(detail.events.filter((e) => e.type === "sla.timer_breached")).toHaveLength(2);
    expect(detail.events.filter((e) => e.type === "guarantee.opened")).toHaveLength(1);

    // Alerts: one to the assignee and one to the lead, each naming both broken clocks (earliest
    // first), and one apology to the customer.
    const alerts = detail.notifications.filter((n) => n.template === "staff_breach_alert");
    expect(alerts).toHaveLength(2);
    const payloads = await db()
      .select({ payload: notifications.payload })
      .from(notifications)
      .where(eq(notifications.template, "staff_breach_alert"));
    for (const { payload } of payloads) expect((payload as { metrics: string[] }).metrics).toEqual(["first_reply", "resolution"]);
    expect(detail.notifications.filter((n) => n.template === "breach_apology")).toHaveLength(1);
    void lead;
  });

  it("a later breach on the same ticket joins the open case", async () => {
    const { reference } = await createTicket(
      intake({ channel: "phone", callbackRequested: true, receivedAt: kst("2026-05-06T09:00:00") }),
      { kind: "customer" },
    );
    await sweepOnce({ now: kst("2026-05-06T10:00:00") }); // callback (30 working min) breached
    let detail = (await getTicketDetail(reference))!;
    expect(detail.guaranteeCases).toHaveLength(1);
    await sweepOnce({ now: kst("2026-05-29T10:00:00") }); // resolution breached too
    detail = (await getTicketDetail(reference))!;
    expect(detail.guaranteeCases).toHaveLength(1);
    expect(detail.guaranteeCases[0].triggers.map((t) => (t.kind === "breach" ? t.metric : t.kind))).toEqual(["callback", "resolution"]);
  });

  it("a breach stays a breach when the ticket is resolved and closed", async () => {
    const agent = await createStaffMember({ email: "agent2@t.kr", name: "상담2", role: "agent" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-05-04T09:00:00") }), actor);
    await sweepOnce({ now: kst("2026-05-05T10:00:00") });
    await resolveTicket(reference, { answer: "늦었지만 처리했습니다" }, actor);
    const detail = (await getTicketDetail(reference))!;
    const firstReply = detail.timers.find((t) => t.metric === "first_reply")!;
    expect(firstReply.state).toBe("breached");
    expect(firstReply.metAt).not.toBeNull();
    expect(detail.events.some((e) => e.type === "sla.timer_completed_late")).toBe(true);
  });

  it("warns before the deadline and escalates to managers 1 working day after a breach", async () => {
    const manager = await createStaffMember({ email: "mgr@t.kr", name: "관리자", role: "manager" });
    const agent = await createStaffMember({ email: "agent3@t.kr", name: "상담3", role: "agent", team: "t2" });
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-06-01T09:00:00") }), { kind: "customer" });
    await atTime(kst("2026-06-01T09:10:00"), () => assignTicket(reference, agent.email, staffActor({ ...agent, locale: "ko" })));
    const ids = (await getTicketDetail(reference))!.timers.map((t) => t.id);
    // first_reply is due 6/1 18:00; warned at 75 % of its 8 working hours: 16:00.
    expect((await sweepOnce({ now: kst("2026-06-01T15:30:00"), timerIds: ids })).warned).toBe(0);
    expect((await sweepOnce({ now: kst("2026-06-01T16:30:00"), timerIds: ids })).warned).toBe(1);
    // Broken at 6/1 18:00 (detected 6/2 09:30): the manager hears of it 1 working day after the
    // breach itself — 6/2 18:00 — not 1 working day after the sweep noticed it (6/3 is a holiday, so that would be 6/4 09:30).
    expect((await sweepOnce({ now: kst("2026-06-02T09:30:00"), timerIds: ids })).breached).toBe(1);
    const notYet = await sweepOnce({ now: kst("2026-06-02T17:59:00"), timerIds: ids });
    expect(notYet.escalated).toBe(0);
    const escalated = await sweepOnce({ now: kst("2026-06-02T18:01:00"), timerIds: ids });
    expect(escalated.escalated).toBe(1);
    const detail = (await getTicketDetail(reference))!;
    expect(detail.events.filter((e) => e.type === "sla.escalated")).toHaveLength(1);
    const managerAlerts = await db().select().from(notifications).where(eq(notifications.recipientStaffId, manager.id));
    expect(managerAlerts.map((n) => n.template)).toContain("manager_alert");
  });

  it("a breach found after its escalation moment escalates in the same sweep, once, with the breach event first", async () => {
    const manager = await createStaffMember({ email: "mgr5@t.kr", name: "관리자5", role: "manager" });
    const agent = await createStaffMember({ email: "agent5@t.kr", name: "상담5", role: "agent", team: "t5" });
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-06-01T09:00:00") }), { kind: "customer" });
    await atTime(kst("2026-06-01T09:10:00"), () => assignTicket(reference, agent.email, staffActor({ ...agent, locale: "ko" })));
    const ids = (await getTicketDetail(reference))!.timers.filter((t) => t.metric === "first_reply").map((t) => t.id);
    // first_reply broke at 6/1 18:00 and would escalate at 6/2 18:00; the sweep first runs 6/4 10:00.
    const late = await sweepOnce({ now: kst("2026-06-04T10:00:00"), timerIds: ids });
    expect(late).toMatchObject({ breached: 1, escalated: 1 });
    const [timer] = await db().select().from(slaTimers).where(eq(slaTimers.id, ids[0]));
    expect(timer.state).toBe("breached");
    expect(timer.escalateAt?.toISOString()).toBe(kst("2026-06-02T18:00:00").toISOString());
    expect(timer.escalatedAt?.toISOString()).toBe(kst("2026-06-04T10:00:00").toISOString());
    const types = (await getTicketDetail(reference))!.events
      .filter((e) => e.type.startsWith("sla.") && (e.data as { timerId?: string }).timerId === ids[0])
      .map((e) => e.type);
    expect(types.slice(-2)).toEqual(["sla.timer_breached", "sla.escalated"]);
    const again = await sweepOnce({ now: kst("2026-06-04T10:05:00"), timerIds: ids });
    expect(again).toMatchObject({ breached: 0, escalated: 0 });
    const alerts = await db().select().from(notifications).where(eq(notifications.recipientStaffId, manager.id));
    expect(alerts.filter((n) => n.template === "manager_alert" && n.dedupeKey.startsWith(`escalate:${ids[0]}:`))).toHaveLength(1);
  });

  it("clocks of one ticket that escalate together reach each manager in one alert naming them all", async () => {
    const managers = [
      await createStaffMember({ email: "mgr7a@t.kr", name: "관리자7A", role: "manager" }),
      await createStaffMember({ email: "mgr7b@t.kr", name: "관리자7B", role: "manager" }),
    ];
    const agent = await createStaffMember({ email: "agent7@t.kr", name: "상담7", role: "agent", team: "t7" });
    const { reference } = await createTicket(
      intake({ channel: "phone", callbackRequested: true, receivedAt: kst("2026-06-01T09:00:00") }),
      { kind: "customer" },
    );
    await atTime(kst("2026-06-01T09:10:00"), () => assignTicket(reference, agent.email, staffActor({ ...agent, locale: "ko" })));
    const running = (await getTicketDetail(reference))!.timers.filter((t) => t.state === "running");
    const ids = running.map((t) => t.id);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    // Both broke weeks before the sweep first runs: they escalate in the breach write, together.
    const late = await sweepOnce({ now: kst("2026-06-30T10:00:00"), timerIds: ids });
    expect(late.escalated).toBe(ids.length);
    for (const m of managers) {
      const alerts = (await db().select().from(notifications).where(eq(notifications.recipientStaffId, m.id))).filter(
        (n) => n.template === "manager_alert",
      );
      expect(alerts).toHaveLength(1);
      expect((alerts[0].payload as { metrics: string[] }).metrics.toSorted()).toEqual(running.map((t) => t.metric).toSorted());
      const mail = await renderEmail("manager_alert", alerts[0].payload, "ko");
      for (const label of Object.values((alerts[0].payload as { clockLabels: { ko: Record<string, string> } }).clockLabels.ko))
        expect(mail.text).toContain(label);
    }
    // Every escalated clock still has its own history entry.
    expect((await getTicketDetail(reference))!.events.filter((e) => e.type === "sla.escalated")).toHaveLength(ids.length);
  });

  it("a breach found late on a ticket that is no longer open is never escalated", async () => {
    const agent = await createStaffMember({ email: "agent6@t.kr", name: "상담6", role: "agent", team: "t6" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ receivedAt: kst("2026-06-01T09:00:00") }), { kind: "customer" });
    await atTime(kst("2026-06-01T09:10:00"), () => assignTicket(reference, agent.email, actor));
    await db().execute(sql`update tickets set status = 'resolved' where reference = ${reference}`);
    const ids = (await getTicketDetail(reference))!.timers.filter((t) => t.state === "running").map((t) => t.id);
    const late = await sweepOnce({ now: kst("2026-06-30T10:00:00"), timerIds: ids });
    expect(late.breached).toBeGreaterThanOrEqual(1);
    expect(late.escalated).toBe(0);
    const rows = await db()
      .select()
      .from(slaTimers)
      .where(sql`${slaTimers.id} = any(${`{${ids.join(",")}}`}::uuid[]) and ${slaTimers.state} = 'breached'`);
    for (const r of rows) expect([r.escalateAt, r.escalatedAt]).toEqual([null, null]);
  });

  it("the guarantee workflow: fact check sent, apology by the staff member, customer confirmation closes it", async () => {
    const agent = await createStaffMember({ email: "agent4@t.kr", name: "상담4", role: "agent" });
    const actor = staffActor({ ...agent, locale: "ko" });
    const { reference } = await createTicket(intake({ channel: "visit", receivedAt: new Date() }), actor);
    const opened = await openRepeatVisitCase(reference, { note: "서류 안내 착오로 두 번 방문" }, actor);
    expect(opened.inserted).toBe(true);
    await expect(confirmCustomerSatisfied(opened.id, actor)).rejects.toMatchObject({ status: 409 });
    await recordFactCheck(opened.id, { result: "안내 착오를 확인했습니다.", deskAtFault: true }, actor);
    await expect(confirmCustomerSatisfied(opened.id, actor)).rejects.toMatchObject({ status: 409 });
    await recordApology(opened.id, { apology: "불편을 드려 죄송합니다." }, actor);
    await confirmCustomerSatisfied(opened.id, actor);
    const detail = (await getTicketDetail(reference))!;
    expect(detail.guaranteeCases[0].status).toBe("closed");
    expect(detail.timers.find((t) => t.metric === "fact_check")?.state).toBe("met");
    expect(detail.notifications.map((n) => n.template)).toContain("guarantee_result");
    expect(detail.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["guarantee.opened", "guarantee.fact_checked", "guarantee.apology_recorded", "guarantee.closed"]),
    );
  });

  it("two sweeps racing over the same due timers add nothing twice", async () => {
    const refs: string[] = [];
    for (let i = 0; i < 40; i++)
      refs.push((await createTicket(intake({ receivedAt: kst("2026-07-01T09:00:00") }), { kind: "customer" })).reference);
    const now = kst("2026-08-01T09:00:00");
    const timerIds: string[] = [];
    for (const ref of refs) timerIds.push(...(await getTicketDetail(ref))!.timers.map((t) => t.id));
    const [a, b] = await Promise.all([sweepOnce({ now, batchSize: 7, timerIds }), sweepOnce({ now, batchSize: 7, timerIds })]);
    expect(a.breached + b.breached).toBe(80);
    expect(a.guaranteeCasesOpened + b.guaranteeCasesOpened).toBe(40);
    // Each breach is a trigger of its ticket's case exactly once, whichever sweep (and batch) took it.
    const [{ triggers, distinctTimers }] = await db().execute<{ triggers: number; distinctTimers: number }>(sql`
      select count(*)::int as triggers, count(distinct t->>'timerId')::int as "distinctTimers"
      from guarantee_cases g, jsonb_array_elements(g.triggers) t
      where t->>'timerId' = any(${`{${timerIds.join(",")}}`}::text[])`);
    expect(triggers).toBe(80);
    expect(distinctTimers).toBe(80);
    const [{ n: breachEvents }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(ticketEvents)
      .where(sql`${ticketEvents.type} = 'sla.timer_breached' and ${ticketEvents.at} = ${now.toISOString()}`);
    expect(breachEvents).toBe(80);
    const [{ n: open }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(guaranteeCases)
      .where(sql`${guaranteeCases.openedAt} = ${now.toISOString()}`);
    expect(open).toBe(40);
    const timers = await db().select().from(slaTimers).where(eq(slaTimers.state, "breached"));
    expect(new Set(timers.map((t) => t.id)).size).toBe(timers.length);
  });

  it("npm run desk -- sla:sweep runs a pass and prints what it did", async () => {
    await createTicket(intake({ receivedAt: kst("2026-04-01T09:00:00") }), { kind: "customer" });
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "server/cli.ts", "sla:sweep"], {
        env: { ...process.env, DATABASE_URL: database.url() },
      });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${out}`))));
    });
    // Everything overdue in this file's database is swept (at least the ticket above: 2 timers).
    expect(Number(output.match(/timers breached\s+(\d+)/)?.[1])).toBeGreaterThanOrEqual(2);
    expect(Number(output.match(/guarantee cases opened\s+(\d+)/)?.[1])).toBeGreaterThanOrEqual(1);
    expect(output).toMatch(/notifications queued\s+\d+/);
  }, 60_000);
});
