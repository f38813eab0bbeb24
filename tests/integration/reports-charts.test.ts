// The dashboard charts' queries against a real database: compliance per standard and week (from
// the roll-up and live alike, never a week ahead), running deadlines by the time left (the first
// two buckets are the at-risk list), and the guarantee funnel; per team where scoped.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customers, guaranteeCases, slaTimers, tickets, type GuaranteeTrigger } from "../../db/schema";
import { db } from "../../db/connection";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { startSession } from "~/auth/session.server";
import { createStaffMember, ensureTeam } from "~/staff/staff.server";
import {
  atRiskSection,
  complianceSection,
  guaranteeFunnelSection,
  openWorkSection,
  standardTrendSection,
} from "~/reports/dashboard.server";
import { refreshSlaReport } from "~/reports/rollup.server";
import { slaCube } from "~/reports/sla-report.server";
import type { ReportScope } from "~/reports/scope.server";
import { useTestDatabase } from "../support/db";
import { remixHandler, visibleText } from "../support/remix-app";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const teams: Record<string, { id: string; key: string; name: string }> = {};
const all: ReportScope = { team: null, locked: false } as ReportScope;
const only = (key: string): ReportScope => ({ team: teams[key], locked: false }) as ReportScope;
// Wednesday 13 May 2026, 14:00 KST: the weeks of 4 and 11 May have begun, the 18th's has not.
const NOW = kst("2026-05-13T14:00:00");
const MAY = { from: "2026-05-01", to: "2026-05-31" };
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await ensureDefaultCalendar();
  for (const [key, name] of [
    ["c-1", "민원1팀"],
    ["c-2", "민원2팀"],
  ] as const) {
    const t = await ensureTeam(key, name);
    teams[key] = { id: t.id, key, name };
  }
  for (const [key, role, team] of [
    ["manager", "manager", null],
    ["lead", "lead", "c-1"],
  ] as const) {
    const row = await createStaffMember({
      email: `${key}@charts.test`,
      name: key === "manager" ? "최민수" : "박서연",
      role,
      team,
      password: "pw-123456789",
    });
    cookies[key] = (await startSession(new Request("http://desk.test"), row.id)).split(";")[0];
  }
  const [customer] = await db().insert(customers).values({ name: "홍길동" }).returning();
  let n = 0;
  const ticket = async (team: string, channel: "web" | "phone") => {
    n++;
    const [row] = await db()
      .insert(tickets)
      .values({
        reference: `990601-${String(n).padStart(4, "0")}`,
        channel,
        category: "kyc",
        subject: "제목",
        body: "내용",
        status: "open",
        customerId: customer.id,
        teamId: teams[team].id,
        receivedAt: kst("2026-05-01T09:00:00"),
      })
      .returning();
    return row;
  };
  const timer = (
    ticketId: string,
    metric: "first_reply" | "resolution" | "callback",
    state: "met" | "breached" | "running" | "paused",
    dueAt: Date,
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
        calendarVersion: 1,
      });

  const a = await ticket("c-1", "web");
  await timer(a.id, "first_reply", "met", kst("2026-05-05T18:00:00")); // week of 4 May
  await timer(a.id, "first_reply", "breached", kst("2026-05-12T18:00:00")); // week of 11 May
  await timer(a.id, "resolution", "met", kst("2026-05-12T10:00:00"));
  // Met early, due in a week that has not begun: in May's figures, never in the trend.
  await timer(a.id, "resolution", "met", kst("2026-05-20T10:00:00"));
  const b = await ticket("c-2", "phone");
  await timer(b.id, "first_reply", "breached", kst("2026-05-06T18:00:00"));
  // Running clocks by the time left from NOW (one live clock per ticket and standard).
  const running = async (team: string, state: "running" | "paused", dueAt: Date) =>
    timer((await ticket(team, "web")).id, "callback", state, dueAt);
  await running("c-2", "running", kst("2026-05-13T13:00:00")); // overdue
  await running("c-2", "running", kst("2026-05-13T14:30:00")); // within the working hour
  await running("c-1", "running", kst("2026-05-13T17:30:00")); // later today
  await running("c-1", "running", kst("2026-05-15T10:00:00")); // this week
  await running("c-2", "running", kst("2026-05-26T10:00:00")); // later
  await running("c-2", "paused", kst("2026-05-13T13:30:00")); // paused: waits on the customer, left out

  // Guarantee cases: three opened in May (one fact-checked, apologised and confirmed; one only
  // fact-checked; one just opened), one opened in April.
  const trig: GuaranteeTrigger[] = [
    { kind: "breach", metric: "first_reply", timerId: "x", dueAt: "2026-05-06T09:00:00Z", at: "2026-05-06T09:00:00Z" },
  ];
  await db()
    .insert(guaranteeCases)
    .values([
      {
        ticketId: a.id,
        status: "closed" as const,
        triggers: trig,
        openedAt: kst("2026-05-06T19:00:00"),
        factCheckedAt: kst("2026-05-07T10:00:00"),
        apologyAt: kst("2026-05-07T11:00:00"),
        customerConfirmedAt: kst("2026-05-08T09:00:00"),
        closedAt: kst("2026-05-08T09:00:00"),
      },
      {
        ticketId: b.id,
        status: "closed" as const,
        triggers: trig,
        openedAt: kst("2026-05-07T09:00:00"),
        factCheckedAt: kst("2026-05-08T10:00:00"),
        closedAt: kst("2026-05-09T10:00:00"),
      },
      { ticketId: b.id, status: "open" as const, triggers: trig, openedAt: kst("2026-05-12T09:00:00") },
      {
        ticketId: a.id,
        status: "closed" as const,
        triggers: trig,
        openedAt: kst("2026-04-20T09:00:00"),
        closedAt: kst("2026-04-21T09:00:00"),
      },
    ]);
});

describe("compliance per standard and week", () => {
  it("counts each standard's week from its deadlines and draws no week that has not begun", async () => {
    const trend = await standardTrendSection(MAY, all, NOW);
    expect(trend.weeks.map((w) => w.week).at(-1)).toBe("2026-05-11");
    expect(trend.weeks.every((w) => w.week <= "2026-05-13" && w.to <= "2026-05-13")).toBe(true);
    const fr = trend.series.find((s) => s.metric === "first_reply")!;
    const at = (week: string) => fr.points[trend.weeks.findIndex((w) => w.week === week)];
    expect(at("2026-05-04")).toMatchObject({ met: 1, breached: 1, rate: 0.5 });
    expect(at("2026-05-11")).toMatchObject({ met: 0, breached: 1, rate: 0 });
    const res = trend.series.find((s) => s.metric === "resolution")!;
    // The 20 May deadline is not in any drawn week.
    expect(res.points.reduce((a, p) => a + p.met, 0)).toBe(1);
    // A running clock past its deadline counts as breached at once; one still running is not decided.
    const cb = trend.series.find((s) => s.metric === "callback")!;
    expect([cb.met, cb.breached]).toEqual([0, 1]);
    // Per team: team 2 has its 6 May breach and the overdue callback; team 1 no callback at all.
    const two = await standardTrendSection(MAY, only("c-2"), NOW);
    expect(two.series.map((s) => [s.metric, s.met, s.breached]).sort()).toEqual([
      ["callback", 0, 1],
      ["first_reply", 0, 1],
    ]);
    const one = await standardTrendSection(MAY, only("c-1"), NOW);
    expect(one.series.map((s) => s.metric)).not.toContain("callback");
    // A period ahead draws the trend's weeks up to today only (the 12 weeks end with the period).
    const june = await standardTrendSection({ from: "2026-06-01", to: "2026-06-30" }, all, NOW);
    expect(june.weeks.length).toBeGreaterThan(0);
    expect(june.weeks.every((w) => w.from <= "2026-05-13" && w.to <= "2026-05-13")).toBe(true);
  });

  it("gives the same cells from the roll-up as from the timers, and they add up to the per-standard figures", async () => {
    const period = { from: "2026-04-27", to: "2026-05-31" };
    const live = await slaCube({ period, teamId: null, now: NOW, dimensions: ["metric"], byWeekMetric: true, live: true });
    await refreshSlaReport({ full: true });
    const rolled = await slaCube({ period, teamId: null, now: NOW, dimensions: ["metric"], byWeekMetric: true });
    expect(rolled.fromRollup).toBe(true);
    expect(rolled.byWeekMetric).toEqual(live.byWeekMetric);
    for (const m of rolled.byDimension.metric!) {
      const cells = rolled.byWeekMetric.filter((c) => c.metric === m.key);
      expect([
        cells.reduce((a, c) => a + c.met, 0),
        cells.reduce((a, c) => a + c.breached, 0),
        cells.reduce((a, c) => a + c.running, 0),
      ]).toEqual([m.met, m.breached, m.running]);
    }
    const compliance = await complianceSection(period, all, NOW);
    expect(compliance.total.met + compliance.total.breached).toBe(rolled.byWeekMetric.reduce((a, c) => a + c.met + c.breached, 0));
  });
});

describe("running deadlines by the time left", () => {
  it("puts each running clock in one bucket; overdue and within the hour are the at-risk list", async () => {
    const work = await openWorkSection(all, NOW);
    expect(work).toMatchObject({ overdue: 1, soon: 1, today: 1, week: 1, later: 1 });
    const atRisk = await atRiskSection(all, { now: NOW });
    expect(work.overdue + work.soon).toBe(atRisk.count);
    const one = await openWorkSection(only("c-1"), NOW);
    expect(one).toMatchObject({ overdue: 0, soon: 0, today: 1, week: 1, later: 0 });
    expect(one.overdue + one.soon).toBe((await atRiskSection(only("c-1"), { now: NOW })).count);
  });
});

describe("the guarantee funnel", () => {
  it("counts the period's cases by each step they reached, per team", async () => {
    expect(await guaranteeFunnelSection(MAY, all)).toEqual({ opened: 3, factChecked: 2, apologised: 1, closed: 2 });
    expect(await guaranteeFunnelSection(MAY, only("c-1"))).toEqual({ opened: 1, factChecked: 1, apologised: 1, closed: 1 });
    expect(await guaranteeFunnelSection({ from: "2026-04-01", to: "2026-04-30" }, all)).toEqual({
      opened: 1,
      factChecked: 0,
      apologised: 0,
      closed: 1,
    });
    // Each later step is reached by no more cases than were opened.
    const f = await guaranteeFunnelSection(MAY, all);
    for (const step of [f.factChecked, f.apologised, f.closed]) expect(step).toBeLessThanOrEqual(f.opened);
  });

  it("follows a case's ticket to another team, whatever a writer puts in the case's copy of the team", async () => {
    const [one] = await db()
      .select()
      .from(guaranteeCases)
      .innerJoin(tickets, eq(tickets.id, guaranteeCases.ticketId))
      .where(eq(tickets.teamId, teams["c-1"].id))
      .limit(1);
    const before = {
      one: await guaranteeFunnelSection(MAY, only("c-1")),
      two: await guaranteeFunnelSection(MAY, only("c-2")),
      all: await guaranteeFunnelSection(MAY, all),
    };
    await db().update(tickets).set({ teamId: teams["c-2"].id }).where(eq(tickets.id, one.tickets.id));
    try {
      expect((await guaranteeFunnelSection(MAY, only("c-1"))).opened).toBe(before.one.opened - 1);
      expect((await guaranteeFunnelSection(MAY, only("c-2"))).opened).toBe(before.two.opened + 1);
      expect(await guaranteeFunnelSection(MAY, all)).toEqual(before.all);
      // Whatever a writer puts there, the case carries its ticket's team.
      await db().update(guaranteeCases).set({ teamId: teams["c-1"].id }).where(eq(guaranteeCases.id, one.guarantee_cases.id));
      const [row] = await db()
        .select({ teamId: guaranteeCases.teamId })
        .from(guaranteeCases)
        .where(eq(guaranteeCases.id, one.guarantee_cases.id));
      expect(row.teamId).toBe(teams["c-2"].id);
    } finally {
      await db().update(tickets).set({ teamId: teams["c-1"].id }).where(eq(tickets.id, one.tickets.id));
    }
    expect(await guaranteeFunnelSection(MAY, only("c-1"))).toEqual(before.one);
  });
});

describe("the dashboard page as rendered", () => {
  const render = async (handle: (r: Request) => Promise<Response>, who: string, query: string) => {
    const response = await handle(
      new Request(`http://desk.test/dashboard?${query}`, { headers: { Cookie: cookies[who], Accept: "text/html" } }),
    );
    expect(response.status).toBe(200);
    return response.text();
  };

  it("answers first whether the target was met and where not, names the teams covered, and draws no NaN", async () => {
    const handle = await remixHandler();
    // May is past by now: every running May clock is overdue, so breached.
    const html = await render(handle, "manager", "from=2026-05-01&to=2026-05-31");
    const text = visibleText(html);
    const headline = text.slice(text.indexOf("이번 기간 약속을 지키고 있나요?"), text.indexOf("시작일"));
    expect(headline).toMatch(/기한 준수율\s*30\.0%\s*\(\s*목표 95\.0%\s*\)\s*목표 미달/);
    expect(headline).toMatch(/대상: 전체 팀 — .*민원1팀.*민원2팀/);
    // Phone: one breach, nothing met; team 2: only breaches; the callback standard: only breaches.
    expect(headline).toMatch(/가장 낮은 채널\s*전화\s*0\.0%/);
    expect(headline).toMatch(/가장 낮은 팀\s*민원2팀\s*0\.0%/);
    expect(headline).toMatch(/가장 낮은 기준\s*30분 내 회신 전화\s*0\.0%/);
    expect(html).not.toMatch(/NaN|Infinity/);
    expect(html).not.toMatch(/\sstyle="/);
    // Each chart is an image with a text alternative, and its figures are in a table.
    for (const id of ["open-work-desc", "funnel-desc", "standard-first_reply-desc"]) expect(html).toContain(`id="${id}"`);
    expect(text).toContain("남은 시간별 진행 중인 기한 수");
    expect(text).toContain("서비스 보증 단계별 사례 수");
    expect(text).toContain("기준별 주별 준수율과 위반 건수");

    // A lead: their own team only, and no "lowest team" (one team has no comparison).
    const lead = visibleText(await render(handle, "lead", "from=2026-05-01&to=2026-05-31"));
    expect(lead).toContain("대상: 민원1팀의 문의만");
    expect(lead).not.toContain("가장 낮은 팀");

    // A period with nothing decided says so in words, with no status colour to read.
    const empty = visibleText(await render(handle, "manager", "from=2024-01-01&to=2024-01-31"));
    expect(empty).toContain("판정할 기한 없음");
    expect(empty).toContain("이 기간에는 아직 판정된 기한이 없습니다.");
  });
});
