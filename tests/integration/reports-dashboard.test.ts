// The dashboard's loaders as Remix calls them (a Request with a staff session), against a real
// database: who may see what (403s), period errors beside the fields (422), each section's
// figures from hand-built rows, the drill-down lists, and the CSV exports (BOM, Korean
// headers, quoting, RFC 5987 filename).
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  customers,
  guaranteeCases,
  maintenanceWindows,
  outages,
  satisfactionRatings,
  slaTimers,
  surveyCampaigns,
  tickets,
  unkindnessReports,
} from "../../db/schema";
import { db } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { createStaffMember, ensureTeam } from "~/staff/staff.server";
import { BOM, csvField, toCsv } from "~/reports/csv";
import { atRiskSection, guaranteeSection } from "~/reports/dashboard.server";
import { loader as layoutLoader } from "~/routes/dashboard";
import { action as dashboardAction, loader as dashboardLoader } from "~/routes/dashboard._index";
import { loader as drillLoader } from "~/routes/dashboard.tickets";
import { loader as exportLoader } from "~/routes/dashboard.export.$table";
import { useTestDatabase } from "../support/db";
import { thrown } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const kst = (local: string) => new Date(`${local}+09:00`);
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

const call = (fn: (args: any) => Promise<unknown>, path: string, as: string | null, params: Record<string, string> = {}) => {
  const headers = as ? { Cookie: cookies[as] } : undefined;
  return fn({ request: new Request(`${BASE}${path}`, { headers }), params, context: {} });
};

type Loaded = { type: "DataWithResponseInit"; data: any; init: ResponseInit | null };
const loaded = async (promise: Promise<unknown>): Promise<Loaded> => {
  const value = (await promise) as Loaded;
  expect(value).toMatchObject({ type: "DataWithResponseInit" });
  return value;
};

beforeAll(async () => {
  await ensureDefaultCalendar();
  const one = await ensureTeam("dash-1", "민원1팀");
  const two = await ensureTeam("dash-2", "민원2팀");
  ids.team1 = one.id;
  ids.team2 = two.id;
  const people = [
    { key: "manager", email: "manager@dash.test", name: "최민수", role: "manager" as const, team: null },
    { key: "lead1", email: "lead1@dash.test", name: "박서연", role: "lead" as const, team: "dash-1" },
    { key: "agent1", email: "agent1@dash.test", name: "김하늘", role: "agent" as const, team: "dash-1" },
    { key: "agent3", email: "agent3@dash.test", name: "한지민", role: "agent" as const, team: "dash-2" },
  ];
  for (const p of people) {
    const row = await createStaffMember({ email: p.email, name: p.name, role: p.role, team: p.team, password: "pw-123456789" });
    ids[p.key] = row.id;
    cookies[p.key] = (await startSession(new Request(BASE), row.id)).split(";")[0];
  }

  const [customer] = await db().insert(customers).values({ name: "홍길동" }).returning();
  let n = 0;
  const ticket = async (teamId: string, assigneeId: string | null, subject: string, status: "open" | "resolved" = "open") => {
    n++;
    const [row] = await db()
      .insert(tickets)
      .values({
        reference: `990501-${String(n).padStart(4, "0")}`,
        channel: "web",
        category: "kyc",
        subject,
        body: "내용",
        status,
        customerId: customer.id,
        teamId,
        assigneeId,
        receivedAt: kst("2026-05-01T09:00:00"),
      })
      .returning();
    return row;
  };
  const timer = (
    ticketId: string,
    metric: "first_reply" | "resolution" | "fact_check",
    state: "met" | "breached" | "running",
    dueAt: Date,
    caseId?: string,
  ) =>
    db()
      .insert(slaTimers)
      .values({
        ticketId,
        metric,
        state,
        startedAt: new Date(dueAt.getTime() - 3_600_000),
        dueAt,
        metAt: state === "met" ? dueAt : null,
        breachedAt: state === "breached" ? dueAt : null,
        guaranteeCaseId: caseId ?? null,
        calendarVersion: 1,
      });

  // Team 1: one met, one breached (still open, with a guarantee case whose fact check is overdue).
  const a = await ticket(one.id, ids.agent1, 'KYC 재수행, "긴급" =SUM(A1)\n두 번째 줄');
  await timer(a.id, "first_reply", "met", kst("2026-05-04T18:00:00"));
  await timer(a.id, "resolution", "breached", kst("2026-05-13T18:00:00"));
  const [gc] = await db()
    .insert(guaranteeCases)
    .values({
      ticketId: a.id,
      triggers: [{ kind: "breach", metric: "resolution", timerId: "x", dueAt: "2026-05-13T09:00:00Z", at: "2026-05-13T09:00:00Z" }],
      openedAt: kst("2026-05-13T18:00:00"),
    })
    .returning();
  await timer(a.id, "fact_check", "breached", kst("2026-05-14T18:00:00"), gc.id);
  refs.a = a.reference;
  // Team 2: one breached.
  const b = await ticket(two.id, ids.agent3, "인증서 등록 오류", "resolved");
  await timer(b.id, "first_reply", "breached", kst("2026-05-06T18:00:00"));
  refs.b = b.reference;

  // Three unkindness reports about agent1 within 12 months; two about agent3.
  for (let i = 0; i < 3; i++)
    await db()
      .insert(unkindnessReports)
      .values({ ticketId: a.id, staffId: ids.agent1, reportedBy: "customer", reportedAt: new Date(Date.now() - (i + 1) * 86_400_000) });
  for (let i = 0; i < 2; i++)
    await db()
      .insert(unkindnessReports)
      .values({ ticketId: b.id, staffId: ids.agent3, reportedBy: "manager", reportedAt: new Date(Date.now() - (i + 1) * 86_400_000) });
  // An old report (13 months ago) does not count.
  await db()
    .insert(unkindnessReports)
    .values({ ticketId: b.id, staffId: ids.agent3, reportedBy: "customer", reportedAt: new Date(Date.now() - 400 * 86_400_000) });

  // Satisfaction in May 2026: 5, 4, 4 on team 1's ticket; 1 on team 2's; one survey answer (no ticket).
  for (const [ticketId, score, source] of [
    [a.id, 5, "portal"],
    [a.id, 4, "happy_call"],
    [a.id, 4, "happy_call"],
    [b.id, 1, "portal"],
    [null, 3, "survey"],
  ] as const) {
    await db()
      .insert(satisfactionRatings)
      .values({ ticketId, score, source, recordedBy: "test", createdAt: kst("2026-05-20T10:00:00") });
  }
  // A survey campaign 13 months before now: too old → warning.
  await db()
    .insert(surveyCampaigns)
    .values({
      name: "2025 고객만족도 조사",
      launchedAt: new Date(Date.now() - 400 * 86_400_000),
      launchedBy: "test",
      closesAt: new Date(Date.now() - 380 * 86_400_000),
    });

  // Outages in May 2026: one recovered in 10 h (ETA on time), one in 60 h (ETA late).
  const outage = (start: Date, hours: number, etaAfterHours: number, service: string) =>
    db()
      .insert(outages)
      .values({
        service,
        description: "장애",
        startedAt: start,
        status: "resolved",
        etaNoticeDueAt: new Date(start.getTime() + 3 * 3_600_000),
        etaPublishedAt: new Date(start.getTime() + etaAfterHours * 3_600_000),
        recoveryDueAt: new Date(start.getTime() + 48 * 3_600_000),
        resolvedAt: new Date(start.getTime() + hours * 3_600_000),
        createdBy: "test",
      });
  await outage(kst("2026-05-07T09:00:00"), 10, 1, "모바일뱅킹");
  await outage(kst("2026-05-20T22:00:00"), 60, 5, "인터넷뱅킹");
  // Maintenance starting in May 2026: one with 96 h notice, one with 24 h (violation), one cancelled.
  const window = (start: Date, noticeHours: number, cancelled = false) =>
    db()
      .insert(maintenanceWindows)
      .values({
        service: "펌뱅킹",
        description: "정기 점검",
        startsAt: start,
        endsAt: new Date(start.getTime() + 2 * 3_600_000),
        announcedAt: new Date(start.getTime() - noticeHours * 3_600_000),
        noticeViolation: noticeHours < 72,
        cancelledAt: cancelled ? start : null,
        createdBy: "test",
      });
  await window(kst("2026-05-10T02:00:00"), 96);
  await window(kst("2026-05-17T02:00:00"), 24);
  await window(kst("2026-05-24T02:00:00"), 10, true);
});

const MAY = "from=2026-05-01&to=2026-05-31";

describe("who may open the dashboard", () => {
  it("sends a visitor to the login page", async () => {
    const res = await thrown(call(layoutLoader, "/dashboard", null));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });

  it("refuses agents (403) on the page, the lists and the exports", async () => {
    expect((await thrown(call(layoutLoader, "/dashboard", "agent1"))).status).toBe(403);
    expect((await thrown(call(dashboardLoader, "/dashboard", "agent1"))).status).toBe(403);
    expect((await thrown(call(drillLoader, `/dashboard/tickets?list=sla&${MAY}`, "agent1"))).status).toBe(403);
    expect((await thrown(call(exportLoader, `/dashboard/export/metric?${MAY}`, "agent1", { table: "metric" }))).status).toBe(403);
  });

  it("a lead sees their own team; another team's figures are 403", async () => {
    const own = await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "lead1"));
    expect(own.data.ok).toBe(true);
    expect(own.data.teamName).toBe("민원1팀");
    expect(own.data.locked).toBe(true);
    expect(own.data.dashboard.compliance.total).toMatchObject({ met: 1, breached: 2, running: 0 }); // first_reply met, resolution + fact check breached
    expect((await loaded(call(dashboardLoader, `/dashboard?${MAY}&team=dash-1`, "lead1"))).data.ok).toBe(true);
    expect((await thrown(call(dashboardLoader, `/dashboard?${MAY}&team=dash-2`, "lead1"))).status).toBe(403);
    expect((await thrown(call(drillLoader, `/dashboard/tickets?list=sla&${MAY}&team=dash-2`, "lead1"))).status).toBe(403);
    expect((await thrown(call(drillLoader, `/dashboard/tickets?list=sla&${MAY}&dim=team&key=${ids.team2}`, "lead1"))).status).toBe(403);
    expect((await thrown(call(exportLoader, `/dashboard/export/metric?${MAY}&team=dash-2`, "lead1", { table: "metric" }))).status).toBe(
      403,
    );
    expect((await thrown(call(drillLoader, `/dashboard/tickets?list=unkindness&staff=${ids.agent3}`, "lead1"))).status).toBe(403);
  });

  it("a manager sees every team, or the one picked", async () => {
    const all = await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "manager"));
    expect(all.data.teamName).toBeNull();
    expect(all.data.dashboard.compliance.total).toMatchObject({ met: 1, breached: 3 });
    expect(all.data.dashboard.compliance.team.map((r: any) => [r.label, r.met, r.breached])).toEqual([
      ["민원1팀", 1, 2],
      ["민원2팀", 0, 1],
    ]);
    const two = await loaded(call(dashboardLoader, `/dashboard?${MAY}&team=dash-2`, "manager"));
    expect(two.data.dashboard.compliance.total).toMatchObject({ met: 0, breached: 1 });
  });
});

describe("period errors", () => {
  it("shows them beside the fields with what was typed (422)", async () => {
    const order = await loaded(call(dashboardLoader, "/dashboard?from=2026-05-31&to=2026-05-01", "manager"));
    expect(order.init?.status).toBe(422);
    expect(order.data.ok).toBe(false);
    expect(order.data.errors).toEqual({ to: "종료일은 시작일과 같거나 그 뒤여야 합니다." });
    expect(order.data.values).toEqual({ from: "2026-05-31", to: "2026-05-01", team: "" });
    const huge = await loaded(call(dashboardLoader, "/dashboard?from=2020-01-01&to=2026-05-01", "manager"));
    expect(huge.data.errors.to).toMatch(/366일/);
    const bad = await loaded(call(dashboardLoader, "/dashboard?from=2026-02-31&to=x", "manager"));
    expect(Object.keys(bad.data.errors).sort()).toEqual(["from", "to"]);
    const team = await loaded(call(dashboardLoader, `/dashboard?${MAY}&team=nope`, "manager"));
    expect(team.data.errors).toEqual({ team: "해당 팀을 찾을 수 없습니다." });
  });

  it("defaults to this month in KST", async () => {
    const res = await loaded(call(dashboardLoader, "/dashboard", "manager"));
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    expect(res.data.params.from).toBe(`${today.slice(0, 7)}-01`);
    expect(res.data.params.to.slice(0, 7)).toBe(today.slice(0, 7));
  });
});

describe("the sections", () => {
  it("computes every section from the rows behind it", async () => {
    const { data } = await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "manager"));
    const d = data.dashboard;
    expect(d.compliance.metric.map((r: any) => [r.key, r.met, r.breached, r.rate])).toEqual([
      ["first_reply", 1, 1, 0.5],
      ["resolution", 0, 1, 0],
      ["fact_check", 0, 1, 0],
    ]);
    expect(d.compliance.assignee.map((r: any) => r.label)).toEqual(["김하늘", "한지민"]);
    expect(d.trend.weeks.length).toBeGreaterThanOrEqual(12);
    expect(d.trend.weeks.find((w: any) => w.week === "2026-05-11")).toMatchObject({ met: 0, breached: 2 });
    expect(d.breachedOpen.count).toBe(1); // b is resolved
    expect(d.breachedOpen.rows[0]).toMatchObject({ reference: refs.a, metrics: ["fact_check", "resolution"] });
    expect(d.guarantee).toMatchObject({ open: 1, overdue: 1 });
    expect(d.training.rows.map((r: any) => [r.name, r.reports])).toEqual([["김하늘", 3]]);
    expect(d.satisfaction).toMatchObject({ total: 5, average: 3.4, distribution: { 1: 1, 2: 0, 3: 1, 4: 2, 5: 1 }, teamScoped: false });
    expect(d.survey.warning).toBe(true);
    expect(d.outages).toMatchObject({ total: 2, recoveredWithin: 1, recoveryBreached: 1, etaMet: 1, etaBreached: 1 });
    expect(d.outages.rows.map((o: any) => o.recoveryMinutes)).toEqual([600, 3600]);
    expect(d.maintenance).toMatchObject({ total: 2, compliant: 1, violations: 1 });

    const lead = (await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "lead1"))).data.dashboard;
    expect(lead.satisfaction).toMatchObject({ total: 3, average: 4.33, teamScoped: true }); // team 1's ticket only
    expect(lead.training.rows.map((r: any) => r.name)).toEqual(["김하늘"]);
    expect(lead.breachedOpen.count).toBe(1);
  });
});

describe("drill-down lists", () => {
  it("lists the timers behind a compliance number", async () => {
    const res = await loaded(
      call(drillLoader, `/dashboard/tickets?${MAY}&list=sla&dim=metric&key=first_reply&outcome=breached`, "manager"),
    );
    expect(res.data.ok).toBe(true);
    expect(res.data.result.rows.map((r: any) => [r.reference, r.metric, r.outcome])).toEqual([[refs.b, "first_reply", "breached"]]);
    const assignee = await loaded(
      call(drillLoader, `/dashboard/tickets?${MAY}&list=sla&dim=assignee&key=${ids.agent1}&outcome=all`, "manager"),
    );
    expect(assignee.data.keyName).toBe("김하늘");
    expect(assignee.data.result.rows).toHaveLength(3);
  });

  it("lists the other numbers' tickets", async () => {
    const unkind = await loaded(call(drillLoader, `/dashboard/tickets?list=unkindness&staff=${ids.agent1}`, "lead1"));
    expect(unkind.data.result.rows).toHaveLength(3);
    const sat = await loaded(call(drillLoader, `/dashboard/tickets?${MAY}&list=satisfaction&score=4`, "manager"));
    expect(sat.data.result.rows.map((r: any) => [r.reference, r.score])).toEqual([
      [refs.a, 4],
      [refs.a, 4],
    ]);
    const gc = await loaded(call(drillLoader, `/dashboard/tickets?list=guarantee&overdue=1`, "manager"));
    expect(gc.data.result.rows.map((r: any) => r.reference)).toEqual([refs.a]);
    const breached = await loaded(call(drillLoader, `/dashboard/tickets?list=breached-open`, "manager"));
    expect(breached.data.result.count).toBe(1);
  });

  it("refuses unknown lists and keys (422)", async () => {
    const list = await loaded(call(drillLoader, `/dashboard/tickets?list=everything`, "manager"));
    expect(list.init?.status).toBe(422);
    const key = await loaded(call(drillLoader, `/dashboard/tickets?list=sla&dim=metric&key=coffee`, "manager"));
    expect(key.init?.status).toBe(422);
    const staff = await loaded(call(drillLoader, `/dashboard/tickets?list=unkindness`, "manager"));
    expect(staff.init?.status).toBe(422);
  });
});

describe("CSV exports", () => {
  const csv = async (table: string, query: string, as = "manager") => {
    const res = (await call(exportLoader, `/dashboard/export/${table}?${query}`, as, { table })) as Response;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { res, bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  };

  it("is UTF-8 with a BOM, Korean headers and an RFC 5987 filename", async () => {
    const { res, bytes, text } = await csv("metric", MAY);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith(BOM)).toBe(true);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe("기준,준수율(%),준수,위반,진행 중");
    expect(lines[1]).toBe("1일 내 답변,50,1,1,0");
    expect(lines[lines.length - 2]).toBe("합계,25,1,3,0");
    const disposition = res.headers.get("Content-Disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    const encoded = disposition.split("filename*=UTF-8''")[1];
    expect(decodeURIComponent(encoded)).toBe("기한준수율_기준별_2026-05-01_2026-05-31.csv");
  });

  it("quotes commas, quotes and line breaks, and defuses formulas", async () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-3")).toBe("'-3");
    expect(csvField(-3)).toBe("-3");
    expect(toCsv(["가", "나"], [["1", null]])).toBe(`${BOM}가,나\r\n1,\r\n`);
    const { text } = await csv("tickets", `${MAY}&list=sla&dim=total&outcome=all`);
    expect(text).toContain('"KYC 재수행, ""긴급"" =SUM(A1)\n두 번째 줄"');
  });

  it("exports every table, scoped like the page", async () => {
    for (const table of [
      "channel",
      "category",
      "team",
      "assignee",
      "trend",
      "at-risk",
      "breached-open",
      "guarantee",
      "training",
      "satisfaction",
      "outages",
      "maintenance",
    ]) {
      const { res, text } = await csv(table, MAY);
      expect(res.status, table).toBe(200);
      expect(text.startsWith(BOM), table).toBe(true);
      expect(/[가-힣]/.test(text.split("\r\n")[0]), table).toBe(true);
    }
    const team = await csv("team", MAY, "lead1");
    expect(team.text).toContain("민원1팀");
    expect(team.text).not.toContain("민원2팀");
    const sat = await csv("satisfaction", MAY);
    expect(sat.text.slice(1).split("\r\n")[0]).toBe("점수,건수,비율(%)");
    const bad = await csv("metric", "from=2026-05-31&to=2026-05-01");
    expect(bad.res.status).toBe(422);
    expect((await thrown(call(exportLoader, `/dashboard/export/nope?${MAY}`, "manager", { table: "nope" }))).status).toBe(404);
  });
});

describe("guarantee cases and clocks at risk, per team", () => {
  it("a case is overdue by its latest fact-check clock; a team sees its own cases", async () => {
    const [customer] = await db().insert(customers).values({ name: "김보증" }).returning();
    let n = 0;
    const caseOf = async (factChecked: boolean, clocks: Array<{ state: "breached" | "running" | "met"; dueAt: Date; createdAt: Date }>) => {
      n++;
      const [t] = await db()
        .insert(tickets)
        .values({
          reference: `990601-${String(n).padStart(4, "0")}`,
          channel: "web",
          category: "kyc",
          subject: `보증 ${n}`,
          body: "내용",
          status: "open",
          customerId: customer.id,
          teamId: ids.team2,
          receivedAt: kst("2026-06-01T09:00:00"),
        })
        .returning();
      const [gc] = await db()
        .insert(guaranteeCases)
        .values({
          ticketId: t.id,
          triggers: [{ kind: "claim", note: "보증 청구", at: "2026-06-01T00:00:00Z" }],
          openedAt: kst(`2026-06-0${n}T10:00:00`),
          factCheckedAt: factChecked ? kst("2026-06-05T10:00:00") : null,
        })
        .returning();
      for (const c of clocks)
        await db()
          .insert(slaTimers)
          .values({
            ticketId: t.id,
            metric: "fact_check",
            state: c.state,
            startedAt: c.createdAt,
            dueAt: c.dueAt,
            breachedAt: c.state === "breached" ? c.dueAt : null,
            metAt: c.state === "met" ? c.dueAt : null,
            guaranteeCaseId: gc.id,
            calendarVersion: 1,
            createdAt: c.createdAt,
          });
      return t.reference;
    };
    const now = kst("2026-06-10T12:00:00");
    // 1: an older breached clock, superseded by a newer one not yet due → not overdue.
    const superseded = await caseOf(false, [
      { state: "breached", dueAt: kst("2026-06-03T18:00:00"), createdAt: kst("2026-06-01T10:00:00") },
      { state: "running", dueAt: kst("2026-06-20T18:00:00"), createdAt: kst("2026-06-04T10:00:00") },
    ]);
    // 2: breached and no fact check sent → overdue.
    const overdue = await caseOf(false, [{ state: "breached", dueAt: kst("2026-06-05T18:00:00"), createdAt: kst("2026-06-02T10:00:00") }]);
    // 3: breached, but the fact check was sent → not overdue.
    const checked = await caseOf(true, [{ state: "breached", dueAt: kst("2026-06-05T18:00:00"), createdAt: kst("2026-06-03T10:00:00") }]);
    const team2 = { team: { id: ids.team2, key: "dash-2", name: "민원2팀" }, locked: false };
    const team1 = { team: { id: ids.team1, key: "dash-1", name: "민원1팀" }, locked: true };
    const two = await guaranteeSection(team2, { now });
    expect({ open: two.open, overdue: two.overdue }).toEqual({ open: 3, overdue: 1 });
    expect(two.rows.map((r) => [r.reference, r.overdue])).toEqual([
      [overdue, true],
      [superseded, false],
      [checked, false],
    ]);
    expect(two.rows[1].factCheckDueAt).toBe(kst("2026-06-20T18:00:00").toISOString().replace("Z", "000Z"));
    const onlyOverdue = await guaranteeSection(team2, { now, overdueOnly: true });
    expect(onlyOverdue.rows.map((r) => r.reference)).toEqual([overdue]);
    expect({ open: onlyOverdue.open, overdue: onlyOverdue.overdue }).toEqual({ open: 3, overdue: 1 });
    // Team 1 keeps its one case (set up above); every team sees all four.
    expect(await guaranteeSection(team1, { now })).toMatchObject({ open: 1, overdue: 1 });
    expect(await guaranteeSection({ team: null, locked: false }, { now })).toMatchObject({ open: 4, overdue: 2 });
  });

  it("lists running clocks due within a working hour (and past due), per team", async () => {
    const [customer] = await db().insert(customers).values({ name: "박위험" }).returning();
    const now = kst("2026-06-01T10:00:00"); // a Monday: the horizon is 11:00
    const clock = async (teamId: string, ref: string, state: "running" | "paused", dueAt: Date) => {
      const [t] = await db()
        .insert(tickets)
        .values({
          reference: ref,
          channel: "web",
          category: "kyc",
          subject: ref,
          body: "내용",
          status: "open",
          customerId: customer.id,
          teamId,
          receivedAt: kst("2026-06-01T09:00:00"),
        })
        .returning();
      await db()
        .insert(slaTimers)
        .values({ ticketId: t.id, metric: "first_reply", state, startedAt: kst("2026-06-01T09:00:00"), dueAt, calendarVersion: 1 });
    };
    await clock(ids.team1, "990701-0001", "running", kst("2026-06-01T10:30:00")); // at risk
    await clock(ids.team1, "990701-0002", "running", kst("2026-06-01T09:30:00")); // past due, not yet swept
    await clock(ids.team1, "990701-0003", "running", kst("2026-06-01T13:00:00")); // later
    await clock(ids.team1, "990701-0004", "paused", kst("2026-06-01T10:10:00")); // paused: never at risk
    await clock(ids.team2, "990701-0005", "running", kst("2026-06-01T10:45:00")); // the other team's
    const one = await atRiskSection({ team: { id: ids.team1, key: "dash-1", name: "민원1팀" }, locked: true }, { now });
    expect(one.count).toBe(2);
    expect(one.rows.map((r) => [r.reference, r.overdue])).toEqual([
      ["990701-0002", true],
      ["990701-0001", false],
    ]);
    const all = await atRiskSection({ team: null, locked: false }, { now });
    expect(all.rows.map((r) => r.reference)).toEqual(["990701-0002", "990701-0001", "990701-0005"]);
  });
});

describe("served from the page's snapshot", () => {
  const refresh = (path: string, as: string | null) =>
    dashboardAction({
      request: new Request(`${BASE}${path}`, {
        method: "POST",
        headers: { ...(as ? { Cookie: cookies[as] } : {}), "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=refresh",
      }),
      params: {},
      context: {},
    });

  it("keeps its figures and their time until the refresh button counts them again (signed-in leads and managers only)", async () => {
    const first = (await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "manager"))).data;
    expect(first.snapshot).toBe(true);
    const [added] = await db()
      .insert(outages)
      .values({
        service: "인터넷뱅킹",
        description: "장애",
        startedAt: kst("2026-05-25T09:00:00"),
        status: "open",
        etaNoticeDueAt: kst("2026-05-25T12:00:00"),
        recoveryDueAt: kst("2026-05-27T09:00:00"),
        createdBy: "test",
      })
      .returning({ id: outages.id });
    try {
      const again = (await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "manager"))).data;
      expect(again.now).toBe(first.now);
      expect(again.dashboard.outages.total).toBe(first.dashboard.outages.total);

      expect((await thrown(refresh(`/dashboard?${MAY}&index`, null))).status).toBe(302);
      expect((await thrown(refresh(`/dashboard?${MAY}&index`, "agent1"))).status).toBe(403);
      expect((await thrown(refresh(`/dashboard?${MAY}&team=dash-2&index`, "lead1"))).status).toBe(403);
      expect((await loaded(refresh(`/dashboard?${MAY}&index`, "manager"))).init?.status).toBe(200);

      const fresh = (await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "manager"))).data;
      expect(Date.parse(fresh.now)).toBeGreaterThan(Date.parse(first.now));
      expect(fresh.dashboard.outages.total).toBe(first.dashboard.outages.total + 1);
      // Another team's page is another snapshot, counted on its own.
      const lead = (await loaded(call(dashboardLoader, `/dashboard?${MAY}`, "lead1"))).data;
      expect(lead.teamName).toBe("민원1팀");
    } finally {
      await db().delete(outages).where(eq(outages.id, added.id));
      await loaded(refresh(`/dashboard?${MAY}&index`, "manager"));
    }
  });
});
