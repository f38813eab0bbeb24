// Everything the manager dashboard shows, each part one set-based query (docs/REPORTS.md).
// The SLA figures come from the roll-up (sla-report.server.ts); the rest are small live
// queries over indexed columns.
import pLimit from "p-limit";
import { sql, type SQL } from "drizzle-orm";
import { DateTime } from "luxon";
import { executor } from "~/db/connection";
import { DESK_ZONE } from "~/lib/time";
import { dateArray } from "~/db/sql-arrays";
import type { SlaMetric } from "~/db/schema";
import { currentCalendar } from "~/sla/calendar.server";
import { complianceRate, satisfactionSummary, TRAINING_THRESHOLD, type Distribution } from "./aggregate";
import { periodInstants, timeLeftBounds, todayKst, trendPeriod, upToToday, weeksOf, addDaysIso, type Period } from "./period";
import type { ReportScope } from "./scope.server";
import { visitCounts } from "~/visits/visits.server";
import {
  cleanTicket,
  dirtyTicket,
  isoOf,
  rollupBuckets,
  slaCube,
  sortRows,
  staffNames,
  teamNames,
  withRollupView,
  type Dimension,
  type RollupView,
} from "./sla-report.server";

type Executor = ReturnType<typeof executor>;

const n = (v: unknown) => Number(v ?? 0);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const teamFilter = (scope: ReportScope, column: SQL) => (scope.team ? sql`and ${column} = ${scope.team.id}::uuid` : sql``);

export type RateRow = { key: string; label: string | null; met: number; breached: number; running: number; rate: number | null };

export type ComplianceSection = {
  total: RateRow;
  metric: RateRow[];
  channel: RateRow[];
  category: RateRow[];
  team: RateRow[];
  assignee: RateRow[];
  fromRollup: boolean;
};

const rate = (key: string, label: string | null, c: { met: number; breached: number; running: number }): RateRow => ({
  key,
  label,
  met: c.met,
  breached: c.breached,
  running: c.running,
  rate: complianceRate(c.met, c.breached),
});

/** Compliance per metric, channel, category, team and staff member for the period. */
export async function complianceSection(period: Period, scope: ReportScope, now = new Date()): Promise<ComplianceSection> {
  const cube = await slaCube({ period, teamId: scope.team?.id ?? null, now, byTeam: true });
  const assignees = cube.byDimension.assignee ?? [];
  const [people, teamsById] = await Promise.all([staffNames(assignees.map((r) => r.key)), teamNames(cube.byTeam.map((r) => r.key))]);
  const rows = (d: Dimension) => sortRows(d, cube.byDimension[d] ?? []).map((r) => rate(r.key, null, r));
  return {
    total: rate("", null, cube.total),
    metric: rows("metric"),
    channel: rows("channel"),
    category: rows("category"),
    team: sortRows("team", cube.byTeam, (k) => teamsById.get(k)?.name ?? k).map((r) => rate(r.key, teamsById.get(r.key)?.name ?? null, r)),
    assignee: sortRows("assignee", assignees, (k) => people.get(k)?.name ?? k).map((r) => rate(r.key, people.get(r.key)?.name ?? null, r)),
    fromRollup: cube.fromRollup,
  };
}

export type TrendWeek = { week: string; from: string; to: string; met: number; breached: number; running: number; rate: number | null };

/** Weekly totals: the 12 weeks up to the period's end (or the whole period when longer). */
export async function trendSection(period: Period, scope: ReportScope, now = new Date()): Promise<{ period: Period; weeks: TrendWeek[] }> {
  const range = trendPeriod(period);
  const cube = await slaCube({ period: range, teamId: scope.team?.id ?? null, now, dimensions: ["total"], byWeek: true });
  const byWeek = new Map(cube.byWeek.map((w) => [w.key, w]));
  const weeks = weeksOf(range).map((week) => {
    const c = byWeek.get(week) ?? { met: 0, breached: 0, running: 0 };
    const end = addDaysIso(week, 6);
    return {
      week,
      from: week < range.from ? range.from : week,
      to: end > range.to ? range.to : end,
      met: c.met,
      breached: c.breached,
      running: c.running,
      rate: complianceRate(c.met, c.breached),
    };
  });
  return { period: range, weeks };
}

export type StandardTrend = {
  /** The weeks drawn: those of the trend period that have begun (never a week ahead). */
  weeks: Array<{ week: string; from: string; to: string }>;
  /** Per standard (metric) with a decided clock in those weeks, in the desk's order. */
  series: Array<{ metric: string; met: number; breached: number; points: Array<{ met: number; breached: number; rate: number | null }> }>;
};

/** Compliance per standard and week over the trend's weeks up to today (KST). */
export async function standardTrendSection(period: Period, scope: ReportScope, now = new Date()): Promise<StandardTrend> {
  const range = upToToday(trendPeriod(period), todayKst(now));
  if (!range) return { weeks: [], series: [] };
  const cube = await slaCube({ period: range, teamId: scope.team?.id ?? null, now, dimensions: ["metric"], byWeekMetric: true });
  const weeks = weeksOf(range).map((week) => {
    const end = addDaysIso(week, 6);
    return { week, from: week < range.from ? range.from : week, to: end > range.to ? range.to : end };
  });
  const cell = new Map(cube.byWeekMetric.map((c) => [`${c.week}|${c.metric}`, c]));
  const metrics = sortRows("metric", cube.byDimension.metric ?? []).filter((r) => r.met + r.breached > 0);
  const series = metrics.map((m) => ({
    metric: m.key,
    met: m.met,
    breached: m.breached,
    points: weeks.map((w) => {
      const c = cell.get(`${w.week}|${m.key}`) ?? { met: 0, breached: 0 };
      return { met: c.met, breached: c.breached, rate: complianceRate(c.met, c.breached) };
    }),
  }));
  return { weeks, series };
}

export type OpenWork = { overdue: number; soon: number; today: number; week: number; later: number; soonBy: string };

/**
 * Running clocks by the time left: overdue, within the at-risk horizon (one working hour, so
 * overdue + soon is the at-risk count), later today, later this week (KST), later. Paused
 * clocks wait on the customer and are left out, as on the at-risk list. Not bound to the period.
 *
 * Clocks due before the end of the day the horizon falls in are counted from the running-due
 * index (a bounded range: what is due today, and tomorrow's start); those due later — most
 * running clocks — from the SLA roll-up by KST day (slaCube, exact between refreshes), less the
 * paused ones, which the roll-up counts as running. Counting every running clock at each page
 * view would grow with the backlog.
 */
export async function openWorkSection(scope: ReportScope, now = new Date()): Promise<OpenWork> {
  const cal = await currentCalendar();
  const b = timeLeftBounds(now, new Date(cal.calendar.addWorkingTime(now.getTime(), 3_600_000)));
  const cut = DateTime.fromJSDate(b.soon).setZone(DESK_ZONE).startOf("day").plus({ days: 1 }).toJSDate();
  const team = scope.team?.id ?? null;
  const teamOf = (alias: string) =>
    team ? sql`and (select tt.team_id from tickets tt where tt.id = ${sql.raw(alias)}.ticket_id) = ${team}::uuid` : sql``;
  const bucket = (alias: string) => {
    const due = sql.raw(`${alias}.due_at`);
    return sql`count(*) filter (where ${due} > ${ts(b.soon)} and ${due} >= ${ts(b.endOfToday)} and ${due} < ${ts(b.endOfWeek)}) as week,
           count(*) filter (where ${due} > ${ts(b.soon)} and ${due} >= ${ts(b.endOfWeek)}) as later`;
  };
  const [[near], [edge], [paused]] = await Promise.all([
    executor().execute<{ overdue: string; soon: string; today: string; week: string; later: string }>(sql`
      select count(*) filter (where s.due_at <= ${ts(b.now)}) as overdue,
             count(*) filter (where s.due_at > ${ts(b.now)} and s.due_at <= ${ts(b.soon)}) as soon,
             count(*) filter (where s.due_at > ${ts(b.soon)} and s.due_at < ${ts(b.endOfToday)}) as today,
             ${bucket("s")}
      from sla_timers s
      where s.state = 'running' and s.due_at < ${ts(cut)} ${teamOf("s")}`),
    executor().execute<{ last: string | null }>(sql`
      select to_char(greatest((select max(due_at) from sla_timers where state = 'running'), (select max(due_at) from sla_timers where state = 'paused'))
        at time zone ${DESK_ZONE}, 'YYYY-MM-DD') as last`),
    executor().execute<{ week: string; later: string }>(sql`
      select ${bucket("p")} from sla_timers p where p.state = 'paused' and p.due_at >= ${ts(cut)} ${teamOf("p")}`),
  ]);
  const work = { overdue: n(near?.overdue), soon: n(near?.soon), today: n(near?.today), week: n(near?.week), later: n(near?.later) };
  const cutDay = DateTime.fromJSDate(cut).setZone(DESK_ZONE).toISODate()!;
  if (edge?.last && edge.last >= cutDay) {
    const weekStart = DateTime.fromJSDate(b.endOfWeek).setZone(DESK_ZONE).toISODate()!;
    const cube = await slaCube({ period: { from: cutDay, to: edge.last }, teamId: team, now, dimensions: ["total"], byWeek: true });
    for (const w of cube.byWeek) {
      if (w.key < weekStart) work.week += w.running;
      else work.later += w.running;
    }
    work.week -= n(paused?.week);
    work.later -= n(paused?.later);
  }
  return { ...work, soonBy: b.soon.toISOString() };
}

export type GuaranteeFunnel = { opened: number; factChecked: number; apologised: number; closed: number };

/**
 * Guarantee cases opened in the period and how far each got: fact check sent, apology made,
 * confirmed by the customer or closed. Each step counts the cases that reached it.
 */
export async function guaranteeFunnelSection(period: Period, scope: ReportScope): Promise<GuaranteeFunnel> {
  const { start, end } = periodInstants(period);
  const [r] = await executor().execute<{ opened: string; fact_checked: string; apologised: string; closed: string }>(sql`
    select count(*) as opened, count(g.fact_checked_at) as fact_checked, count(g.apology_at) as apologised,
           count(*) filter (where g.customer_confirmed_at is not null or g.closed_at is not null) as closed
    from guarantee_cases g
    -- The case's own copy of its ticket's team (kept by triggers, migration 0042): one index range.
    where g.opened_at >= ${ts(start)} and g.opened_at < ${ts(end)} ${scope.team ? sql`and g.team_id = ${scope.team.id}::uuid` : sql``}`);
  return { opened: n(r?.opened), factChecked: n(r?.fact_checked), apologised: n(r?.apologised), closed: n(r?.closed) };
}

// ------------------------------------------------------------------------------ live lists

export type TimerListRow = {
  timerId: string;
  metric: SlaMetric;
  dueAt: string;
  reference: string;
  subject: string;
  status: string;
  assigneeName: string | null;
  teamName: string | null;
};

/** Running timers due within 1 working hour (and any already past due, not yet recorded). */
export async function atRiskSection(scope: ReportScope, options: { now?: Date; limit?: number } = {}) {
  const now = options.now ?? new Date();
  const cal = await currentCalendar();
  const horizon = new Date(cal.calendar.addWorkingTime(now.getTime(), 3_600_000));
  // A team's timers are checked one ticket lookup each (a sub-select the planner keeps per row):
  // it estimates the running timers due by the horizon from every timer's deadline (hundreds of
  // thousands, where a few thousand are) and would otherwise hash all of the team's tickets.
  const rows = await executor().execute<{
    timer_id: string;
    metric: SlaMetric;
    due_at: string;
    reference: string;
    subject: string;
    status: string;
    assignee_name: string | null;
    team_name: string | null;
    total: string;
  }>(sql`
    with r as materialized (
      select s.id, s.ticket_id, s.metric, s.due_at
      from sla_timers s
      where s.state = 'running' and s.due_at <= ${ts(horizon)}
        ${scope.team ? sql`and (select tt.team_id from tickets tt where tt.id = s.ticket_id) = ${scope.team.id}::uuid` : sql``}
    ),
    top as (select * from r order by due_at, id limit ${options.limit ?? 20})
    select top.id as timer_id, top.metric, ${isoOf(sql`top.due_at`)} as due_at, t.reference, t.subject, t.status,
           a.name as assignee_name, tm.name as team_name, (select count(*) from r) as total
    from top join tickets t on t.id = top.ticket_id
    left join staff a on a.id = t.assignee_id left join teams tm on tm.id = t.team_id
    order by top.due_at, top.id`);
  return {
    horizon: horizon.toISOString(),
    count: n(rows[0]?.total),
    rows: rows.map((r): TimerListRow & { overdue: boolean } => ({
      timerId: r.timer_id,
      metric: r.metric,
      dueAt: r.due_at,
      reference: r.reference,
      subject: r.subject,
      status: r.status,
      assigneeName: r.assignee_name,
      teamName: r.team_name,
      overdue: Date.parse(r.due_at) <= now.getTime(),
    })),
  };
}

export type BreachedOpenRow = {
  reference: string;
  subject: string;
  status: string;
  assigneeName: string | null;
  teamName: string | null;
  firstDueAt: string;
  metrics: SlaMetric[];
};

/**
 * Open tickets (new, open, waiting) with at least one breached timer, the oldest breach first.
 * From the facts (a partial index holds exactly the breached timers of open tickets), with the
 * tickets changed since the last refresh read live.
 */
export async function breachedOpenSection(scope: ReportScope, options: { now?: Date; limit?: number; live?: boolean } = {}) {
  const now = options.now ?? new Date();
  const rows = await withRollupView(now, options.live ?? false, (view, ex) => {
    const live = sql`
      select s.ticket_id, s.metric, s.due_at
      from tickets t join sla_timers s on s.ticket_id = t.id
      where t.status in ('new', 'open', 'waiting') ${teamFilter(scope, sql`t.team_id`)}
        ${view.built ? sql`and ${dirtyTicket(view, sql`t.id`)}` : sql``}
        and s.state <> 'cancelled'
        and (s.state = 'breached' or s.breached_at is not null or s.met_at > s.due_at or (s.state = 'running' and s.due_at <= ${ts(now)}))`;
    const facts = sql`
      select f.ticket_id, f.metric, f.due_at
      from sla_report_facts f
      where f.outcome = 'breached' and f.open and ${cleanTicket(view, sql`f.ticket_id`)} ${teamFilter(scope, sql`f.team_id`)}`;
    // Built: the facts, and the dirty tickets live (none to read when nothing is dirty).
    const candidates = !view.built ? live : view.dirty.length > 0 ? sql`${live} union all ${facts}` : facts;
    return ex.execute<{
      reference: string;
      subject: string;
      status: string;
      assignee_name: string | null;
      team_name: string | null;
      first_due: string;
      metrics: string;
      total: string;
    }>(sql`
      with b as materialized (
        select c.ticket_id, min(c.due_at) as first_due, string_agg(distinct c.metric, ',') as metrics
        from (${candidates}) c
        group by c.ticket_id
      ),
      top as (select * from b order by first_due, ticket_id limit ${options.limit ?? 20})
      select t.reference, t.subject, t.status, a.name as assignee_name, tm.name as team_name,
             ${isoOf(sql`top.first_due`)} as first_due, top.metrics, (select count(*) from b) as total
      from top join tickets t on t.id = top.ticket_id
      left join staff a on a.id = t.assignee_id left join teams tm on tm.id = t.team_id
      order by top.first_due, top.ticket_id`);
  });
  return {
    count: n(rows[0]?.total),
    rows: rows.map((r): BreachedOpenRow => ({
      reference: r.reference,
      subject: r.subject,
      status: r.status,
      assigneeName: r.assignee_name,
      teamName: r.team_name,
      firstDueAt: r.first_due,
      metrics: r.metrics.split(",") as SlaMetric[],
    })),
  };
}

export type GuaranteeRow = {
  caseId: string;
  reference: string;
  subject: string;
  teamName: string | null;
  openedAt: string;
  triggers: string[];
  factCheckDueAt: string | null;
  factCheckedAt: string | null;
  overdue: boolean;
};

/** Open service-guarantee cases; overdue = the fact check is past its deadline and not sent. */
export async function guaranteeSection(scope: ReportScope, options: { now?: Date; limit?: number; overdueOnly?: boolean } = {}) {
  const now = options.now ?? new Date();
  const rows = await executor().execute<{
    case_id: string;
    reference: string;
    subject: string;
    team_name: string | null;
    opened_at: string;
    triggers: Array<{ kind: string; metric?: string }>;
    fact_due: string | null;
    fact_checked_at: string | null;
    overdue: boolean;
    total: string;
    overdue_total: string;
  }>(sql`
    with c as materialized (
      select g.id, g.ticket_id, g.opened_at, g.triggers, g.fact_checked_at, f.due_at as fact_due,
             (g.fact_checked_at is null and f.id is not null and f.met_at is null
               and (f.state = 'breached' or f.breached_at is not null or (f.state = 'running' and f.due_at <= ${ts(now)}))) as overdue
      from guarantee_cases g
      left join lateral (
        select s.id, s.state, s.due_at, s.met_at, s.breached_at from sla_timers s
        where s.guarantee_case_id = g.id and s.metric = 'fact_check' and s.ticket_id = g.ticket_id
        order by s.created_at desc limit 1
      ) f on true
      where g.status = 'open' ${scope.team ? sql`and g.team_id = ${scope.team.id}::uuid` : sql``}
    ),
    page as (
      select * from c ${options.overdueOnly ? sql`where c.overdue` : sql``}
      order by c.overdue desc, c.opened_at, c.id
      limit ${options.limit ?? 20}
    )
    select x.id as case_id, t.reference, t.subject, tm.name as team_name, ${isoOf(sql`x.opened_at`)} as opened_at, x.triggers,
           ${isoOf(sql`x.fact_due`)} as fact_due, ${isoOf(sql`x.fact_checked_at`)} as fact_checked_at, x.overdue,
           (select count(*) from c) as total, (select count(*) from c where c.overdue) as overdue_total
    from page x join tickets t on t.id = x.ticket_id left join teams tm on tm.id = t.team_id
    order by x.overdue desc, x.opened_at, x.id`);
  // Counts survive an empty page (overdueOnly with none): ask again only when needed.
  let open = n(rows[0]?.total);
  let overdue = n(rows[0]?.overdue_total);
  if (rows.length === 0 && options.overdueOnly) {
    const again = await guaranteeSection(scope, { now, limit: 1 });
    open = again.open;
    overdue = again.overdue;
  }
  return {
    open,
    overdue,
    rows: rows.map((r): GuaranteeRow => ({
      caseId: r.case_id,
      reference: r.reference,
      subject: r.subject,
      teamName: r.team_name,
      openedAt: r.opened_at,
      triggers: (Array.isArray(r.triggers) ? r.triggers : []).map((tr) => (tr.kind === "breach" && tr.metric ? tr.metric : tr.kind)),
      factCheckDueAt: r.fact_due,
      factCheckedAt: r.fact_checked_at,
      overdue: Boolean(r.overdue),
    })),
  };
}

export type TrainingRow = {
  staffId: string;
  name: string;
  email: string;
  teamName: string | null;
  reports: number;
  lastReportedAt: string;
};

/** Staff with 3 or more unkindness reports in the 12 months up to now. */
export async function trainingSection(scope: ReportScope, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const since = DateTime.fromJSDate(now).minus({ years: 1 }).toJSDate();
  const rows = await executor().execute<{
    staff_id: string;
    name: string;
    email: string;
    team_name: string | null;
    reports: string;
    last: string;
  }>(sql`
    select u.staff_id, s.name, s.email, tm.name as team_name, count(*) as reports, ${isoOf(sql`max(u.reported_at)`)} as last
    from unkindness_reports u join staff s on s.id = u.staff_id left join teams tm on tm.id = s.team_id
    where u.reported_at > ${ts(since)} and u.reported_at <= ${ts(now)} ${teamFilter(scope, sql`s.team_id`)}
    group by u.staff_id, s.name, s.email, tm.name
    having count(*) >= ${TRAINING_THRESHOLD}
    order by count(*) desc, s.name`);
  return {
    since: since.toISOString(),
    rows: rows.map((r): TrainingRow => ({
      staffId: r.staff_id,
      name: r.name,
      email: r.email,
      teamName: r.team_name,
      reports: n(r.reports),
      lastReportedAt: r.last,
    })),
  };
}

export type StaffVoiceRow = { staffId: string; name: string; teamName: string | null; praise: number; unkindness: number };

/**
 * Praise (칭찬) and unkindness reports per staff member in the period (by the report's arrival),
 * side by side: the charter publishes praise as an example and acts on unkindness.
 */
export async function staffVoiceSection(period: Period, scope: ReportScope) {
  const { start, end } = periodInstants(period);
  const rows = await executor().execute<{
    staff_id: string;
    name: string;
    team_name: string | null;
    praise: string;
    unkindness: string;
  }>(sql`
    with voice as (
      select staff_id, 1 as praise, 0 as unkindness from staff_praises where praised_at >= ${ts(start)} and praised_at < ${ts(end)}
      union all
      select staff_id, 0, 1 from unkindness_reports where reported_at >= ${ts(start)} and reported_at < ${ts(end)}
    )
    select v.staff_id, s.name, tm.name as team_name, sum(v.praise) as praise, sum(v.unkindness) as unkindness
    from voice v join staff s on s.id = v.staff_id left join teams tm on tm.id = s.team_id
    where true ${teamFilter(scope, sql`s.team_id`)}
    group by v.staff_id, s.name, tm.name
    order by sum(v.praise) desc, sum(v.unkindness), s.name`);
  return {
    rows: rows.map((r): StaffVoiceRow => ({
      staffId: r.staff_id,
      name: r.name,
      teamName: r.team_name,
      praise: n(r.praise),
      unkindness: n(r.unkindness),
    })),
  };
}

export type SatisfactionSection = {
  total: number;
  average: number | null;
  distribution: Distribution;
  bySource: Array<{ source: string; count: number; average: number | null }>;
  /** A team's figures leave out yearly-survey answers (they belong to no ticket). */
  teamScoped: boolean;
};

/**
 * The ratings recorded in the period per score and source (one score, or all), for every team
 * or one. Built: the counts per month and per day, minus the dirty tickets' facts plus their
 * ratings read live, plus (for every team) the survey answers, which belong to no ticket.
 */
function satisfactionCounts(period: Period, scope: ReportScope, score: number | null, view: RollupView, ex: Executor) {
  const { start, end } = periodInstants(period);
  const inPeriod = sql`r.created_at >= ${ts(start)} and r.created_at < ${ts(end)}`;
  const ofScore = (column: string) => (score ? sql`and ${sql.raw(column)} = ${score}` : sql``);
  if (!view.built)
    return ex.execute<{ score: number; source: string; count: string }>(sql`
      select r.score, r.source, count(*) as count
      from satisfaction_ratings r
      ${scope.team ? sql`join tickets t on t.id = r.ticket_id and t.team_id = ${scope.team.id}::uuid` : sql``}
      where ${inPeriod} ${ofScore("r.score")}
      group by r.score, r.source`);
  const buckets = rollupBuckets(period, { months: true, weeks: false });
  const onTeam = (column: string) => (scope.team ? sql`and ${sql.raw(column)} = ${scope.team.id}` : sql``);
  const onTeamId = (column: string) => (scope.team ? sql`and ${sql.raw(column)} = ${scope.team.id}::uuid` : sql``);
  return ex.execute<{ score: number; source: string; count: string }>(sql`
    select x.score, x.source, sum(x.ratings) as count from (
      select d.score, d.source, d.ratings from satisfaction_report_daily d
      where d.day = any(${dateArray(buckets.days)}) ${onTeam("d.team")} ${ofScore("d.score")}
      union all
      select m.score, m.source, m.ratings from satisfaction_report_monthly m
      where m.month = any(${dateArray(buckets.months)}) ${onTeam("m.team")} ${ofScore("m.score")}
      union all
      select f.score, f.source, -1 from satisfaction_report_facts f
      where ${dirtyTicket(view, sql`f.ticket_id`)} and f.day >= ${period.from}::date and f.day <= ${period.to}::date ${onTeamId("f.team_id")} ${ofScore("f.score")}
      union all
      select r.score, r.source, 1 from satisfaction_ratings r join tickets t on t.id = r.ticket_id
      where ${dirtyTicket(view, sql`r.ticket_id`)} and ${inPeriod} ${onTeamId("t.team_id")} ${ofScore("r.score")}
      ${scope.team ? sql`` : sql`union all select r.score, r.source, 1 from satisfaction_ratings r where r.ticket_id is null and ${inPeriod} ${ofScore("r.score")}`}
    ) x
    group by x.score, x.source
    having sum(x.ratings) <> 0`);
}

/** Ratings recorded in the period (portal, happy call, survey): average and 1–5 distribution. */
export async function satisfactionSection(
  period: Period,
  scope: ReportScope,
  options: { now?: Date; live?: boolean } = {},
): Promise<SatisfactionSection> {
  const rows = await withRollupView(options.now ?? new Date(), options.live ?? false, (view, ex) =>
    satisfactionCounts(period, scope, null, view, ex),
  );
  const summary = satisfactionSummary(rows.map((r) => ({ score: n(r.score), count: n(r.count) })));
  const sources = new Map<string, Array<{ score: number; count: number }>>();
  for (const r of rows) sources.set(r.source, [...(sources.get(r.source) ?? []), { score: n(r.score), count: n(r.count) }]);
  const bySource = ["portal", "happy_call", "survey"]
    .filter((s) => sources.has(s))
    .map((source) => {
      const s = satisfactionSummary(sources.get(source)!);
      return { source, count: s.total, average: s.average };
    });
  return { ...summary, bySource, teamScoped: scope.team !== null };
}

export type SurveySection = {
  last: { id: string; name: string; launchedAt: string; closesAt: string; invitations: number; answered: number } | null;
  /** No campaign launched in the 12 months up to now. */
  warning: boolean;
};

export async function surveySection(options: { now?: Date } = {}): Promise<SurveySection> {
  const now = options.now ?? new Date();
  const rows = await executor().execute<{
    id: string;
    name: string;
    launched_at: string;
    closes_at: string;
    invitations: string;
    answered: string;
  }>(sql`
    select c.id, c.name, ${isoOf(sql`c.launched_at`)} as launched_at, ${isoOf(sql`c.closes_at`)} as closes_at,
           (select count(*) from survey_invitations i where i.campaign_id = c.id) as invitations,
           (select count(*) from survey_invitations i where i.campaign_id = c.id and i.answered_at is not null) as answered
    from survey_campaigns c
    where c.launched_at <= ${ts(now)}
    order by c.launched_at desc
    limit 1`);
  const r = rows[0];
  const last = r
    ? { id: r.id, name: r.name, launchedAt: r.launched_at, closesAt: r.closes_at, invitations: n(r.invitations), answered: n(r.answered) }
    : null;
  const yearAgo = DateTime.fromJSDate(now).minus({ years: 1 }).toMillis();
  return { last, warning: !last || Date.parse(last.launchedAt) < yearAgo };
}

export type DeadlineState = "met" | "breached" | "running";

function deadlineState(dueAt: string, doneAt: string | null, now: Date): DeadlineState {
  if (doneAt) return Date.parse(doneAt) <= Date.parse(dueAt) ? "met" : "breached";
  return now.getTime() > Date.parse(dueAt) ? "breached" : "running";
}

export type OutageRow = {
  id: string;
  service: string;
  status: string;
  startedAt: string;
  etaNoticeDueAt: string;
  etaPublishedAt: string | null;
  recoveryDueAt: string;
  resolvedAt: string | null;
  etaNotice: DeadlineState;
  recovery: DeadlineState;
  /** Minutes from the start to recovery; null while open. */
  recoveryMinutes: number | null;
};

/** Outages that started in the period: the expected-recovery notice (3 h) and recovery (48 h). */
export async function outageSection(period: Period, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const { start, end } = periodInstants(period);
  const rows = await executor().execute<{
    id: string;
    service: string;
    status: string;
    started_at: string;
    eta_notice_due_at: string;
    eta_published_at: string | null;
    recovery_due_at: string;
    resolved_at: string | null;
  }>(sql`
    select o.id, o.service, o.status, ${isoOf(sql`o.started_at`)} as started_at, ${isoOf(sql`o.eta_notice_due_at`)} as eta_notice_due_at,
           ${isoOf(sql`o.eta_published_at`)} as eta_published_at, ${isoOf(sql`o.recovery_due_at`)} as recovery_due_at,
           ${isoOf(sql`o.resolved_at`)} as resolved_at
    from outages o
    where o.started_at >= ${ts(start)} and o.started_at < ${ts(end)}
    order by o.started_at, o.id`);
  const list = rows.map((r): OutageRow => ({
    id: r.id,
    service: r.service,
    status: r.status,
    startedAt: r.started_at,
    etaNoticeDueAt: r.eta_notice_due_at,
    etaPublishedAt: r.eta_published_at,
    recoveryDueAt: r.recovery_due_at,
    resolvedAt: r.resolved_at,
    etaNotice: deadlineState(r.eta_notice_due_at, r.eta_published_at, now),
    recovery: deadlineState(r.recovery_due_at, r.resolved_at, now),
    recoveryMinutes: r.resolved_at ? Math.round((Date.parse(r.resolved_at) - Date.parse(r.started_at)) / 60_000) : null,
  }));
  const count = (pick: (o: OutageRow) => boolean) => list.filter(pick).length;
  return {
    rows: list,
    total: list.length,
    recoveredWithin: count((o) => o.recovery === "met"),
    recoveryBreached: count((o) => o.recovery === "breached"),
    recoveryRunning: count((o) => o.recovery === "running"),
    etaMet: count((o) => o.etaNotice === "met"),
    etaBreached: count((o) => o.etaNotice === "breached"),
  };
}

export type MaintenanceRow = {
  id: string;
  service: string;
  startsAt: string;
  endsAt: string;
  announcedAt: string;
  noticeHours: number;
  noticeViolation: boolean;
  cancelled: boolean;
};

/** Maintenance windows starting in the period: announced at least 72 h ahead or not. */
export async function maintenanceSection(period: Period) {
  const { start, end } = periodInstants(period);
  const rows = await executor().execute<{
    id: string;
    service: string;
    starts_at: string;
    ends_at: string;
    announced_at: string;
    notice_violation: boolean;
    cancelled_at: string | null;
  }>(sql`
    select m.id, m.service, ${isoOf(sql`m.starts_at`)} as starts_at, ${isoOf(sql`m.ends_at`)} as ends_at,
           ${isoOf(sql`m.announced_at`)} as announced_at, m.notice_violation, ${isoOf(sql`m.cancelled_at`)} as cancelled_at
    from maintenance_windows m
    where m.starts_at >= ${ts(start)} and m.starts_at < ${ts(end)}
    order by m.starts_at, m.id`);
  const list = rows.map((r): MaintenanceRow => ({
    id: r.id,
    service: r.service,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    announcedAt: r.announced_at,
    noticeHours: Math.floor((Date.parse(r.starts_at) - Date.parse(r.announced_at)) / 3_600_000),
    noticeViolation: Boolean(r.notice_violation),
    cancelled: r.cancelled_at !== null,
  }));
  const held = list.filter((m) => !m.cancelled);
  return {
    rows: list,
    total: held.length,
    compliant: held.filter((m) => !m.noticeViolation).length,
    violations: held.filter((m) => m.noticeViolation).length,
  };
}

/** Visits of customers who need help, by their visit time in the period (as the compliance review counts them). */
export async function visitsSection(period: Period, scope: ReportScope) {
  const { start, end } = periodInstants(period);
  return visitCounts(start, end, scope.team?.id);
}

// ---------------------------------------------------------------------------- the page

/**
 * How many of the page's sections query at once. The rest of the process shares the pool: with the
 * tables locked (a migration, a long maintenance statement), fifteen sections at once parked every
 * pooled connection behind the lock and requests waited for a connection.
 */
export const DASHBOARD_SECTION_LANES = 4;

export async function loadDashboard(period: Period, scope: ReportScope, now = new Date()) {
  const lane = pLimit(DASHBOARD_SECTION_LANES);
  const [
    compliance,
    trend,
    atRisk,
    breachedOpen,
    guarantee,
    training,
    staffVoice,
    satisfaction,
    survey,
    outages,
    maintenance,
    standardTrend,
    openWork,
    guaranteeFunnel,
    visits,
  ] = await Promise.all([
    lane(() => complianceSection(period, scope, now)),
    lane(() => trendSection(period, scope, now)),
    lane(() => atRiskSection(scope, { now })),
    lane(() => breachedOpenSection(scope, { now })),
    lane(() => guaranteeSection(scope, { now })),
    lane(() => trainingSection(scope, { now })),
    lane(() => staffVoiceSection(period, scope)),
    lane(() => satisfactionSection(period, scope, { now })),
    lane(() => surveySection({ now })),
    lane(() => outageSection(period, { now })),
    lane(() => maintenanceSection(period)),
    lane(() => standardTrendSection(period, scope, now)),
    lane(() => openWorkSection(scope, now)),
    lane(() => guaranteeFunnelSection(period, scope)),
    lane(() => visitsSection(period, scope)),
  ]);
  return {
    compliance,
    trend,
    atRisk,
    breachedOpen,
    guarantee,
    training,
    staffVoice,
    satisfaction,
    survey,
    outages,
    maintenance,
    standardTrend,
    openWork,
    guaranteeFunnel,
    visits,
  };
}

export type DashboardData = Awaited<ReturnType<typeof loadDashboard>>;

// ------------------------------------------------------------------- other drill-downs

export type UnkindnessRow = { reference: string; subject: string; status: string; reportedAt: string; reportedBy: string };

/** The tickets behind a staff member's unkindness count (the 12 months up to now). */
export async function unkindnessTickets(staffId: string, scope: ReportScope, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  const since = DateTime.fromJSDate(now).minus({ years: 1 }).toJSDate();
  const [person] = await executor().execute<{ name: string; team_id: string | null }>(
    sql`select name, team_id from staff where id = ${staffId}::uuid`,
  );
  if (!person || (scope.team && person.team_id !== scope.team.id)) return null;
  const rows = await executor().execute<{
    reference: string;
    subject: string;
    status: string;
    reported_at: string;
    reported_by: string;
  }>(sql`
    select t.reference, t.subject, t.status, ${isoOf(sql`u.reported_at`)} as reported_at, u.reported_by
    from unkindness_reports u join tickets t on t.id = u.ticket_id
    where u.staff_id = ${staffId}::uuid and u.reported_at > ${ts(since)} and u.reported_at <= ${ts(now)}
    order by u.reported_at desc, u.id`);
  return {
    name: person.name,
    rows: rows.map((r): UnkindnessRow => ({
      reference: r.reference,
      subject: r.subject,
      status: r.status,
      reportedAt: r.reported_at,
      reportedBy: r.reported_by,
    })),
  };
}

export type RatingRow = { reference: string | null; subject: string | null; source: string; score: number; createdAt: string };

/** The ratings behind a satisfaction count (one score, or all), newest first; keyset by time. */
export async function ratingTickets(
  period: Period,
  scope: ReportScope,
  score: number | null,
  options: { limit?: number; live?: boolean } = {},
) {
  const { start, end } = periodInstants(period);
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 10_000);
  // The page reads the newest ratings in index order and looks up only its own tickets; the count
  // comes from the satisfaction roll-up (the same figure as the dashboard's distribution).
  const { rows, counts } = await withRollupView(new Date(), options.live ?? false, async (view, ex) => ({
    counts: await satisfactionCounts(period, scope, score, view, ex),
    rows: await ex.execute<{ reference: string | null; subject: string | null; source: string; score: number; created_at: string }>(sql`
      with page as (
        select r.id, r.ticket_id, r.source, r.score, r.created_at
        from satisfaction_ratings r
        where r.created_at >= ${ts(start)} and r.created_at < ${ts(end)} ${score ? sql`and r.score = ${score}` : sql``}
          ${scope.team ? sql`and (select tt.team_id from tickets tt where tt.id = r.ticket_id) = ${scope.team.id}::uuid` : sql``}
        order by r.created_at desc, r.id
        limit ${limit}
      )
      select t.reference, t.subject, p.source, p.score, ${isoOf(sql`p.created_at`)} as created_at
      from page p left join tickets t on t.id = p.ticket_id
      order by p.created_at desc, p.id`),
  }));
  return {
    count: counts.reduce((sum, c) => sum + n(c.count), 0),
    rows: rows.map((r): RatingRow => ({
      reference: r.reference,
      subject: r.subject,
      source: r.source,
      score: n(r.score),
      createdAt: r.created_at,
    })),
  };
}
