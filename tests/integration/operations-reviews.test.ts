// The monthly compliance review against a real database: figures from hand-built data across the
// month's KST edges, built once per period, sent once to every active staff member, readable on
// the desk, "build now" for managers only, and the templates render.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { complianceReports, guaranteeCases, notifications, satisfactionRatings, slaTimers, staff } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { declareOutage, publishEta, resolveOutage, scheduleMaintenance } from "~/outages/outages.server";
import { buildComplianceReport, computeReportData } from "~/reviews/compliance.server";
import { monthPeriod, previousMonth } from "~/reviews/report-data";
import { renderEmail, renderSms } from "~/notify/render.server";
import { action as reviewsAction, loader as reviewsLoader } from "~/routes/desk.reviews._index";
import { loader as reviewLoader } from "~/routes/desk.reviews.$id";
import { reportsQueues } from "../../jobs/reports-queues";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { masked } from "~/core/masked-text";
import { call } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const kst = (local: string) => new Date(`${local}+09:00`);

/**
 * A ticket whose only counted timer is `metric`, due at `due`: met an hour early, breached at its
 * deadline, or still running (its other timers cancelled).
 */
async function ticketWithTimer(
  channel: TicketIntake["channel"],
  state: "met" | "breached" | "running" | "metLate",
  due: Date,
  metric: "first_reply" | "resolution" = "first_reply",
) {
  const t = await createTicket(
    intake({
      channel,
      receivedAt: kst("2026-03-02T10:00:00"),
      ...(channel === "phone" ? { customer: { name: "김민수", phone: "010-3333-4444" } } : {}),
    }),
    { kind: "system" },
  );
  const [row] = await db()
    .select({ id: sql<string>`id` })
    .from(sql`tickets`)
    .where(sql`reference = ${t.reference}`);
  const ticketId = row!.id;
  await db().execute(
    sql`update sla_timers set state = 'cancelled', cancelled_at = now() where ticket_id = ${ticketId} and metric <> ${metric}`,
  );
  const [timer] = await db()
    .select()
    .from(slaTimers)
    .where(and(eq(slaTimers.ticketId, ticketId), eq(slaTimers.metric, metric)));
  if (!timer) throw new Error(`no ${metric} timer on a ${channel} ticket`);
  const d = due.toISOString();
  const early = new Date(due.getTime() - 3_600_000).toISOString();
  const late = new Date(due.getTime() + 3_600_000).toISOString();
  if (state === "met")
    await db().execute(sql`update sla_timers set state = 'met', due_at = ${d}, met_at = ${early} where id = ${timer.id}`);
  if (state === "metLate")
    await db().execute(
      sql`update sla_timers set state = 'breached', due_at = ${d}, breached_at = ${d}, met_at = ${late} where id = ${timer.id}`,
    );
  if (state === "breached")
    await db().execute(sql`update sla_timers set state = 'breached', due_at = ${d}, breached_at = ${d} where id = ${timer.id}`);
  if (state === "running") await db().execute(sql`update sla_timers set state = 'running', due_at = ${d} where id = ${timer.id}`);
  return ticketId;
}

let seeded = false;
async function seed() {
  if (seeded) return;
  seeded = true;
  const lead = await createStaffMember({
    email: "lead@rv.test",
    name: "박서연",
    role: "lead",
    team: "complaints-1",
    password: "pw-123456789",
  });
  await createStaffMember({ email: "manager@rv.test", name: "최민수", role: "manager", password: "pw-123456789" });
  await createStaffMember({ email: "agent@rv.test", name: "김하늘", role: "agent", team: "complaints-1", password: "pw-123456789" });
  const retired = await createStaffMember({ email: "retired@rv.test", name: "퇴사자", role: "agent", password: "pw-123456789" });
  await db().update(staff).set({ active: false }).where(eq(staff.id, retired.id));

  // April 2026 in KST is [2026-03-31T15:00Z, 2026-04-30T15:00Z); a deadline counts in its month.
  await ticketWithTimer("web", "met", kst("2026-04-01T00:00:00")); // due at the first instant of April: in
  await ticketWithTimer("web", "met", kst("2026-03-31T23:59:59")); // due in the last second of March: out
  await ticketWithTimer("web", "met", kst("2026-04-15T10:00:00"), "resolution");
  const stillOpen = await ticketWithTimer("phone", "breached", kst("2026-04-20T18:00:00"), "resolution"); // breached, ticket still open
  await ticketWithTimer("phone", "met", kst("2026-04-30T23:59:59"), "resolution"); // due in the last second of April: in
  await ticketWithTimer("web", "breached", kst("2026-05-01T00:00:00")); // due at the first instant of May: out
  await ticketWithTimer("web", "running", kst("2026-06-10T00:00:00")); // running, due later: never counted in April
  await ticketWithTimer("web", "metLate", kst("2026-04-12T09:00:00")); // done an hour late: a breach

  await db()
    .insert(guaranteeCases)
    .values([{ ticketId: stillOpen, status: "open", triggers: [], openedAt: kst("2026-04-21T09:00:00") }]);
  const other = await ticketWithTimer("web", "running", kst("2026-06-10T00:00:00"));
  await db()
    .insert(guaranteeCases)
    .values({
      ticketId: other,
      status: "closed",
      triggers: [],
      openedAt: kst("2026-03-20T09:00:00"),
      closedAt: kst("2026-04-02T09:00:00"),
    });

  await db()
    .insert(satisfactionRatings)
    .values([
      { source: "happy_call", score: 5, recordedBy: "t", createdAt: kst("2026-04-03T10:00:00") },
      { source: "happy_call", score: 4, recordedBy: "t", createdAt: kst("2026-04-04T10:00:00") },
      { source: "portal", score: 2, recordedBy: "t", createdAt: kst("2026-04-05T10:00:00") },
      { source: "portal", score: 1, recordedBy: "t", createdAt: kst("2026-05-01T00:00:00") }, // May
    ]);

  const actor = staffActor({ ...lead, locale: "ko" });
  const good = await declareOutage(
    { service: masked("인터넷 접수"), description: masked("장애"), startedAt: kst("2026-04-07T09:00:00") },
    actor,
    kst("2026-04-07T09:05:00"),
  );
  await publishEta(good.id, { expectedRecoveryAt: kst("2026-04-07T15:00:00"), message: undefined }, actor, kst("2026-04-07T10:00:00"));
  await resolveOutage(good.id, { resolvedAt: kst("2026-04-07T12:00:00"), message: undefined }, actor, kst("2026-04-07T12:05:00"));
  const late = await declareOutage(
    { service: masked("콜센터"), description: masked("장애"), startedAt: kst("2026-04-20T09:00:00") },
    actor,
    kst("2026-04-20T09:05:00"),
  );
  await publishEta(late.id, { expectedRecoveryAt: kst("2026-04-21T15:00:00"), message: undefined }, actor, kst("2026-04-20T13:00:00"));
  await resolveOutage(late.id, { resolvedAt: kst("2026-04-20T21:00:00"), message: undefined }, actor, kst("2026-04-20T21:05:00"));

  await scheduleMaintenance(
    { service: masked("홈페이지"), description: masked("점검"), startsAt: kst("2026-04-11T02:00:00"), endsAt: kst("2026-04-11T04:00:00") },
    actor,
    kst("2026-04-10T02:00:00"),
  );
  await scheduleMaintenance(
    { service: masked("홈페이지"), description: masked("점검"), startsAt: kst("2026-04-25T02:00:00"), endsAt: kst("2026-04-25T04:00:00") },
    actor,
    kst("2026-04-20T02:00:00"),
  );
}

const AFTER_APRIL = kst("2026-05-01T08:00:00");

describe("the report's figures", () => {
  it("count what was met or breached within the KST month, by metric and channel", async () => {
    await seed();
    const d = await computeReportData("2026-04", AFTER_APRIL);
    expect(d.period).toMatchObject({
      start: "2026-04-01",
      end: "2026-04-30",
      from: "2026-03-31T15:00:00.000Z",
      to: "2026-04-30T15:00:00.000Z",
    });
    expect(d.sla.total).toEqual({ met: 3, breached: 2, rate: 0.6 });
    expect(d.sla.byMetric).toEqual([
      { metric: "first_reply", met: 1, breached: 1, rate: 0.5 },
      { metric: "resolution", met: 2, breached: 1, rate: 2 / 3 },
    ]);
    expect(d.sla.byChannel).toEqual([
      { channel: "phone", met: 1, breached: 1, rate: 0.5 },
      { channel: "web", met: 2, breached: 1, rate: 2 / 3 },
    ]);
    expect(d.breaches).toEqual({
      total: 2,
      byMetric: [
        { metric: "first_reply", count: 1 },
        { metric: "resolution", count: 1 },
      ],
      stillOpen: 2,
    });
    expect(d.guarantee).toEqual({ opened: 1, closed: 1, openAtEnd: 1 });
    expect(d.satisfaction).toMatchObject({ count: 3, average: 3.67, distribution: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 } });
    expect(d.outages).toMatchObject({
      count: 2,
      etaNotice: { met: 1, breached: 1, running: 0 },
      recovery: { met: 2, breached: 0, running: 0 },
      averageRecoveryMinutes: (180 + 720) / 2,
    });
    expect(d.maintenance).toMatchObject({ count: 2, violations: 1, cancelled: 0 });
    expect(d.source).toBe("reports");
  });

  it("month helpers use KST", () => {
    expect(previousMonth(new Date("2026-04-30T15:30:00Z"))).toBe("2026-04"); // 1 May 00:30 KST
    expect(previousMonth(new Date("2026-01-01T00:00:00Z"))).toBe("2025-12");
    expect(monthPeriod("2026-02")).toMatchObject({ start: "2026-02-01", end: "2026-02-28" });
  });
});

describe("building and sending", () => {
  it("builds a period once and sends it once to every active staff member", async () => {
    await seed();
    const [first, second] = await Promise.all([
      buildComplianceReport("2026-04", "system:test", AFTER_APRIL),
      buildComplianceReport("2026-04", "system:test", AFTER_APRIL),
    ]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(first.report.id).toBe(second.report.id);
    const again = await buildComplianceReport("2026-04", "system:test", kst("2026-05-02T08:00:00"));
    expect(again.created).toBe(false);
    expect(again.sentTo).toBe(0);

    const reports = await db().select().from(complianceReports);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.sentAt).not.toBeNull();
    const active = await db().select({ id: staff.id }).from(staff).where(eq(staff.active, true));
    const sent = await db().select().from(notifications).where(eq(notifications.template, "compliance_report"));
    expect(sent).toHaveLength(active.length);
    expect(new Set(sent.map((n) => n.recipientStaffId))).toEqual(new Set(active.map((a) => a.id)));
    expect(sent.every((n) => n.status === "queued" && n.channel === "email")).toBe(true);
    expect(sent.map((n) => n.toAddress)).not.toContain("retired@rv.test");

    // The email renders from the stored payload, in Korean and English.
    const ko = await renderEmail("compliance_report", sent[0]!.payload, "ko");
    expect(ko.subject).toContain("2026-04-01 ~ 2026-04-30");
    expect(ko.html).toContain("60.0%");
    expect(ko.text).toContain("전체 준수율");
    const en = await renderEmail("compliance_report", sent[0]!.payload, "en");
    expect(en.text).toContain("Overall compliance");
  });

  it("refuses a month that is not over and nonsense months", async () => {
    await expect(buildComplianceReport("2026-05", "t", kst("2026-05-31T23:00:00"))).rejects.toMatchObject({
      status: 422,
      messageKey: "error.opsMonthNotOver",
    });
    await expect(buildComplianceReport("2026-13", "t", AFTER_APRIL)).rejects.toMatchObject({ status: 422, messageKey: "error.opsMonth" });
  });

  it("the monthly job builds last month and is harmless to repeat", async () => {
    await seed();
    const job = reportsQueues.find((q) => q.name === "reviews.monthly-compliance")!;
    expect(job.schedule).toEqual({ cron: "0 8 * * *", tz: "Asia/Seoul" });
    const result = (await job.handle({ month: "2026-03" })) as { created: boolean; sentTo: number };
    expect(result.created).toBe(true);
    expect((await job.handle({ month: "2026-03" })) as { created: boolean }).toMatchObject({ created: false, sentTo: 0 });
    const r = await db()
      .select()
      .from(complianceReports)
      .where(and(eq(complianceReports.periodStart, "2026-03-01"), eq(complianceReports.periodEnd, "2026-03-31")));
    expect(r).toHaveLength(1);
    expect(r[0]!.createdBy).toBe("system:compliance-review");
  });
});

describe("review pages", () => {
  it("every staff member reads past reports; only managers build; bad months are errors beside the field", async () => {
    await seed();
    const cookieOf = async (email: string) => {
      const [s] = await db().select().from(staff).where(eq(staff.email, email));
      return (await startSession(new Request(BASE), s!.id)).split(";")[0]!;
    };
    const agent = await cookieOf("agent@rv.test");
    const manager = await cookieOf("manager@rv.test");
    const list = await call(reviewsLoader, new Request(`${BASE}/desk/reviews`, { headers: { Cookie: agent } }));
    expect(list.canBuild).toBe(false);
    expect(list.reports.length).toBeGreaterThan(0);
    const id = list.reports[0]!.id;
    const page = await call(reviewLoader, new Request(`${BASE}/desk/reviews/${id}`, { headers: { Cookie: agent } }), { id });
    expect(page.report.data.period).toBeDefined();
    await expect(
      call(reviewLoader, new Request(`${BASE}/desk/reviews/nope`, { headers: { Cookie: agent } }), { id: "nope" }),
    ).rejects.toMatchObject({ status: 404 });

    const form = (cookie: string, month: string) =>
      new Request(`${BASE}/desk/reviews`, { method: "POST", body: new URLSearchParams({ month }), headers: { Cookie: cookie } });
    await expect(call(reviewsAction, form(agent, "2026-02"))).rejects.toMatchObject({ status: 403 });
    const bad = (await call(reviewsAction, form(manager, "2026/02"))) as any;
    expect(bad.init.status).toBe(422);
    expect(bad.data.errors.month).toMatch(/YYYY-MM/);
    expect(bad.data.values.month).toBe("2026/02");
    const future = (await call(reviewsAction, form(manager, "2999-01"))) as any;
    expect(future.data.errors.month).toMatch(/아직 끝나지 않은 달/);
    const ok = (await call(reviewsAction, form(manager, "2026-02"))) as Response;
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toMatch(/^\/desk\/reviews\/[0-9a-f-]+\?done=built$/);
    const existing = (await call(reviewsAction, form(manager, "2026-02"))) as Response;
    expect(existing.headers.get("Location")).toMatch(/done=existing$/);
  });
});

describe("operations templates", () => {
  it("render as email and as SMS within two segments", async () => {
    const outage = {
      kind: "eta",
      service: "인터넷 자격시험 접수",
      startedAt: "2026-05-08T05:10:00Z",
      expectedRecoveryAt: "2026-05-08T09:00:00Z",
      message: "<script>alert(1)</script>",
      statusUrl: "http://localhost:3000/status",
      unsubscribeUrl: "http://localhost:3000/status/unsubscribe/x",
    };
    const email = await renderEmail("outage_notice", outage, "ko");
    expect(email.subject).toContain("서비스 중단 안내");
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("2026-05-08 18:00");
    expect(renderSms("outage_notice", outage, "ko").text).toContain("http://localhost:3000/status");
    const maintenance = {
      kind: "scheduled",
      service: "콜센터",
      description: "교환기 점검",
      startsAt: "2026-05-10T15:00:00Z",
      endsAt: "2026-05-10T18:00:00Z",
      statusUrl: "http://localhost:3000/status",
    };
    expect((await renderEmail("maintenance_notice", maintenance, "en")).subject).toContain("Scheduled maintenance");
    const alert = {
      metric: "recovery",
      service: "콜센터",
      startedAt: "2026-05-08T05:10:00Z",
      dueAt: "2026-05-10T05:10:00Z",
      outageUrl: "http://localhost:3000/desk/outages/x",
    };
    expect((await renderEmail("outage_alert", alert, "ko")).subject).toContain("48시간");
    const survey = {
      surveyUrl: "http://localhost:3000/survey/abcdefghijklmnopqrstuvwxyz012345",
      campaignName: "2026년 고객 만족도 조사",
      closesAt: "2026-06-30T14:59:59Z",
      customerName: "홍길동",
    };
    expect((await renderEmail("survey_invitation", survey, "ko")).html).toContain("만족도 조사 참여하기");
    const sms = renderSms("survey_invitation", survey, "ko");
    expect(sms.shortened).toBe(false);
    expect(sms.text).toContain(survey.surveyUrl);
  });
});
