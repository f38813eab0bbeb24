// SLA compliance figures: set-based SQL over the daily roll-up (sla_report_daily), corrected at
// read time for the tickets that changed since the last refresh — so the numbers are exact at
// every moment and a page view never scans the timers of a whole period. docs/REPORTS.md.
import { inArray, sql, type SQL } from "drizzle-orm";
import { executor } from "../../db/connection";
import { CHANNELS, SLA_METRICS, slaReportState, staff, teams, type SlaMetric } from "../../db/schema";
import { complianceRate, type Outcome } from "./aggregate";
import { addDaysIso, periodInstants, weekStart, type Period } from "./period";

export const GROUP_BYS = ["channel", "category", "metric", "assignee"] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export type Dimension = GroupBy | "total";
export type DrillDimension = Dimension | "team";

export type CubeCounts = { met: number; breached: number; running: number };
export type CubeRow = CubeCounts & { key: string };
export type SlaCube = {
  /** Per dimension, per key (team id / staff id / '' for none). */
  byDimension: Partial<Record<Dimension, CubeRow[]>>;
  /** Per team (team id, '' for tickets without a team). */
  byTeam: CubeRow[];
  /** Per ISO week (Monday's date), totals. */
  byWeek: CubeRow[];
  total: CubeCounts;
  /** Whether the roll-up was used (false: figures computed from the timers themselves). */
  fromRollup: boolean;
};

/** Raw SQL takes instants as ISO strings (drizzle turns the driver's Date handling off). */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** An instant column as an ISO string (microseconds kept), whatever the driver does with timestamptz. */
export const isoOf = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The outcome of a timer `s` (cancelled ones are filtered out before): the SQL twin of
 * classifyTimer() in aggregate.ts. Without `now`, running timers stay running whatever their
 * deadline (the facts table stores that; readers reclassify overdue ones).
 */
export function outcomeSql(now: Date | null): SQL {
  return sql`(case
    when s.state = 'breached' or s.breached_at is not null or (s.met_at is not null and s.met_at > s.due_at) then 'breached'
    when s.state = 'met' then 'met'
    ${now ? sql`when s.state = 'running' and s.due_at <= ${ts(now)} then 'breached'` : sql``}
    else 'running' end)`;
}

/** The KST date of an instant column. */
export const kstDay = (column: SQL) => sql`((${column}) at time zone 'Asia/Seoul')::date`;

/**
 * (Used as `= any(array(…))` so that the planner probes the ticket_id indexes, and as a hashed
 * `not in` for the facts that are still good.)
 * Tickets whose facts may be stale: with an event after the state's safe watermark, or with a
 * running timer past its deadline (not yet breached by the sweep). Empty when nothing is built.
 */
export function dirtyTicketsSql(now: Date): SQL {
  return sql`(
    select e.ticket_id from ticket_events e where e.id > (select safe_watermark from sla_report_state where id = 1)
    union
    select r.ticket_id from sla_timers r where r.state = 'running' and r.due_at <= ${ts(now)}
  )`;
}

export async function reportStateExists(): Promise<boolean> {
  const rows = await executor().select({ id: slaReportState.id }).from(slaReportState).limit(1);
  return rows.length > 0;
}

const n = (v: unknown) => Number(v ?? 0);

/** The Mondays of the first and last whole week (Monday to Sunday) inside a period, if any. */
export function wholeWeeks(period: Period): { first: string; last: string } | null {
  const startWeek = weekStart(period.from);
  const first = startWeek === period.from ? startWeek : addDaysIso(startWeek, 7);
  const endWeek = weekStart(period.to);
  const last = addDaysIso(endWeek, 6) === period.to ? endWeek : addDaysIso(endWeek, -7);
  return first <= last ? { first, last } : null;
}

type CubeOptions = {
  period: Period;
  teamId: string | null;
  now?: Date;
  /** Dimensions wanted per key (default: all four and total). */
  dimensions?: Dimension[];
  byTeam?: boolean;
  byWeek?: boolean;
  /** Force the live computation (tests compare it with the roll-up). */
  live?: boolean;
};

/**
 * Compliance counts for a period (KST dates, both included), optionally for one team. One SQL
 * statement, so the roll-up, the facts and the watermark are read from one snapshot.
 */
export async function slaCube(options: CubeOptions): Promise<SlaCube> {
  const now = options.now ?? new Date();
  const { start, end } = periodInstants(options.period);
  const dims = options.dimensions ?? ["metric", "channel", "category", "assignee", "total"];
  const wanted = new Set<Dimension>(dims);
  if (options.byTeam || options.byWeek) wanted.add("total");
  const dimList = sql.join(
    [...wanted].map((d) => sql`${d}`),
    sql`, `,
  );
  const useRollup = !options.live && (await reportStateExists());
  const team = options.teamId;
  const dirty = dirtyTicketsSql(now);

  const liveRows = sql`
    select ${kstDay(sql`s.due_at`)} as day, coalesce(t.team_id::text, '') as team, s.metric, t.channel, t.category,
           coalesce(t.assignee_id::text, '') as assignee, ${outcomeSql(now)} as outcome, 1 as sign
    from sla_timers s join tickets t on t.id = s.ticket_id
    where s.state <> 'cancelled' and s.due_at >= ${ts(start)} and s.due_at < ${ts(end)}
      ${useRollup ? sql`and s.ticket_id = any(array${dirty})` : sql``}
      ${team ? sql`and t.team_id = ${team}::uuid` : sql``}`;
  const staleRows = sql`
    select f.day, coalesce(f.team_id::text, '') as team, f.metric, f.channel, f.category,
           coalesce(f.assignee_id::text, '') as assignee, f.outcome, -1 as sign
    from sla_report_facts f
    where f.ticket_id = any(array${dirty}) and f.day >= ${options.period.from}::date and f.day <= ${options.period.to}::date
      ${team ? sql`and f.team_id = ${team}::uuid` : sql``}`;
  const corrections = useRollup ? sql`${liveRows} union all ${staleRows}` : liveRows;
  // Whole weeks inside the period come from the weekly roll-up, the days around them from the daily one.
  const weeks = wholeWeeks(options.period);
  const rollupRows = sql`
    union all
    select d.day, d.team, d.dimension, d.key, d.met, d.breached, d.running
    from sla_report_daily d
    where d.day >= ${options.period.from}::date and d.day <= ${options.period.to}::date and d.dimension in (${dimList})
      ${weeks ? sql`and (d.day < ${weeks.first}::date or d.day > ${addDaysIso(weeks.last, 6)}::date)` : sql``}
      ${team ? sql`and d.team = ${team}` : sql``}
    ${
      weeks
        ? sql`union all
    select w.week, w.team, w.dimension, w.key, w.met, w.breached, w.running
    from sla_report_weekly w
    where w.week >= ${weeks.first}::date and w.week <= ${weeks.last}::date and w.dimension in (${dimList})
      ${team ? sql`and w.team = ${team}` : sql``}`
        : sql``
    }`;

  const rows = await executor().execute<{
    dimension: Dimension;
    key: string | null;
    team: string | null;
    week: string | null;
    g_key: number;
    g_team: number;
    g_week: number;
    met: string;
    breached: string;
    running: string;
  }>(sql`
    with c as (${corrections}),
    expanded as (
      select c.day, c.team, v.dimension, v.key,
             c.sign * (c.outcome = 'met')::int as met, c.sign * (c.outcome = 'breached')::int as breached,
             c.sign * (c.outcome = 'running')::int as running
      from c cross join lateral (values ('metric', c.metric), ('channel', c.channel), ('category', c.category),
                                        ('assignee', c.assignee), ('total', '')) as v(dimension, key)
      where v.dimension in (${dimList})
      ${useRollup ? rollupRows : sql``}
    )
    select dimension, key, team, week,
           grouping(key) as g_key, grouping(team) as g_team, grouping(week) as g_week,
           sum(met) as met, sum(breached) as breached, sum(running) as running
    from (select *, date_trunc('week', day::timestamp)::date::text as week from expanded) e
    group by grouping sets ((dimension, key), (dimension, team), (dimension, week))`);

  const cube: SlaCube = { byDimension: {}, byTeam: [], byWeek: [], total: { met: 0, breached: 0, running: 0 }, fromRollup: useRollup };
  for (const d of dims) cube.byDimension[d] = [];
  for (const r of rows) {
    const counts = { met: n(r.met), breached: n(r.breached), running: n(r.running) };
    if (counts.met === 0 && counts.breached === 0 && counts.running === 0) continue;
    if (n(r.g_key) === 0) {
      if (r.dimension === "total") cube.total = counts;
      if (dims.includes(r.dimension)) cube.byDimension[r.dimension]!.push({ key: r.key ?? "", ...counts });
    } else if (n(r.g_team) === 0 && r.dimension === "total") {
      if (options.byTeam) cube.byTeam.push({ key: r.team ?? "", ...counts });
    } else if (n(r.g_week) === 0 && r.dimension === "total") {
      if (options.byWeek && r.week) cube.byWeek.push({ key: r.week, ...counts });
    }
  }
  // A stable order whatever the plan: by key (callers sort for display).
  const byKey = (a: CubeRow, b: CubeRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  for (const d of dims) cube.byDimension[d]!.sort(byKey);
  cube.byTeam.sort(byKey);
  cube.byWeek.sort(byKey);
  return cube;
}

// ----------------------------------------------------------------------------- drill-down

export type DrillOutcome = Outcome | "all";
export type DrillFilter = {
  period: Period;
  teamId: string | null;
  dimension: DrillDimension;
  /** The dimension's key: metric, channel, category key, staff id, team id; '' = none/unassigned. */
  key: string;
  outcome: DrillOutcome;
  now?: Date;
  cursor?: string | null;
  limit?: number;
  live?: boolean;
};

export type DrillRow = {
  timerId: string;
  metric: SlaMetric;
  dueAt: string;
  outcome: Outcome;
  reference: string;
  subject: string;
  status: string;
  channel: string;
  category: string;
  assigneeName: string | null;
  teamName: string | null;
};

export function encodeDrillCursor(dueAt: string, timerId: string): string {
  return Buffer.from(`${dueAt}|${timerId}`).toString("base64url");
}

export function decodeDrillCursor(cursor: string): { dueAt: string; timerId: string } | null {
  try {
    const [dueAt, timerId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
    if (!dueAt || !timerId || Number.isNaN(Date.parse(dueAt)) || !/^[0-9a-f-]{36}$/i.test(timerId)) return null;
    return { dueAt, timerId };
  } catch {
    return null;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The SQL condition of a dimension's key, on the facts table (f) or on timers+tickets (s, t). */
function dimensionCondition(dimension: DrillDimension, key: string, on: "facts" | "live"): SQL {
  const col = (facts: string, live: string) => sql.raw(on === "facts" ? facts : live);
  const nullable = (column: SQL) => {
    if (key === "") return sql`${column} is null`;
    return UUID.test(key) ? sql`${column} = ${key}::uuid` : sql`false`;
  };
  switch (dimension) {
    case "total":
      return sql`true`;
    case "metric":
      return sql`${col("f.metric", "s.metric")} = ${key}`;
    case "channel":
      return sql`${col("f.channel", "t.channel")} = ${key}`;
    case "category":
      return sql`${col("f.category", "t.category")} = ${key}`;
    case "assignee":
      return nullable(col("f.assignee_id", "t.assignee_id"));
    case "team":
      return nullable(col("f.team_id", "t.team_id"));
  }
}

/** The timers behind one number of the report, with their tickets; keyset pages by deadline. */
export async function slaDrill(filter: DrillFilter): Promise<{ rows: DrillRow[]; nextCursor: string | null }> {
  const now = filter.now ?? new Date();
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 10_000);
  const { start, end } = periodInstants(filter.period);
  const useRollup = !filter.live && (await reportStateExists());
  const dirty = dirtyTicketsSql(now);
  const cursor = filter.cursor ? decodeDrillCursor(filter.cursor) : null;
  const team = filter.teamId;
  const outcome = outcomeSql(now);

  const live = sql`
    select s.id as timer_id, s.ticket_id, s.due_at, s.metric, ${outcome} as outcome
    from sla_timers s join tickets t on t.id = s.ticket_id
    where s.state <> 'cancelled' and s.due_at >= ${ts(start)} and s.due_at < ${ts(end)}
      ${useRollup ? sql`and s.ticket_id = any(array${dirty})` : sql``}
      and ${dimensionCondition(filter.dimension, filter.key, "live")}
      ${team ? sql`and t.team_id = ${team}::uuid` : sql``}
      ${filter.outcome === "all" ? sql`` : sql`and ${outcome} = ${filter.outcome}`}
      ${cursor ? sql`and (s.due_at, s.id) > (${cursor.dueAt}::timestamptz, ${cursor.timerId}::uuid)` : sql``}
    order by s.due_at, s.id
    limit ${limit + 1}`;
  const facts = sql`
    select f.timer_id, f.ticket_id, f.due_at, f.metric, f.outcome
    from sla_report_facts f
    where f.due_at >= ${ts(start)} and f.due_at < ${ts(end)}
      and f.ticket_id not in ${dirty}
      and ${dimensionCondition(filter.dimension, filter.key, "facts")}
      ${team ? sql`and f.team_id = ${team}::uuid` : sql``}
      ${filter.outcome === "all" ? sql`` : sql`and f.outcome = ${filter.outcome}`}
      ${cursor ? sql`and (f.due_at, f.timer_id) > (${cursor.dueAt}::timestamptz, ${cursor.timerId}::uuid)` : sql``}
    order by f.due_at, f.timer_id
    limit ${limit + 1}`;
  const candidates = useRollup ? sql`(${live}) union all (${facts})` : live;

  const rows = await executor().execute<{
    timer_id: string;
    metric: SlaMetric;
    due_at: string;
    outcome: Outcome;
    reference: string;
    subject: string;
    status: string;
    channel: string;
    category: string;
    assignee_name: string | null;
    team_name: string | null;
  }>(sql`
    with c as (select * from (${candidates}) x order by due_at, timer_id limit ${limit + 1})
    select c.timer_id, c.metric, ${isoOf(sql`c.due_at`)} as due_at, c.outcome, t.reference, t.subject, t.status, t.channel, t.category,
           a.name as assignee_name, tm.name as team_name
    from c join tickets t on t.id = c.ticket_id
    left join staff a on a.id = t.assignee_id
    left join teams tm on tm.id = t.team_id
    order by c.due_at, c.timer_id`);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page.map((r) => ({
      timerId: r.timer_id,
      metric: r.metric,
      dueAt: r.due_at,
      outcome: r.outcome,
      reference: r.reference,
      subject: r.subject,
      status: r.status,
      channel: r.channel,
      category: r.category,
      assigneeName: r.assignee_name,
      teamName: r.team_name,
    })),
    nextCursor: rows.length > limit && last ? encodeDrillCursor(last.due_at, last.timer_id) : null,
  };
}

// ------------------------------------------------------------------------------ API rows

const ORDER: Partial<Record<GroupBy, readonly string[]>> = {
  metric: SLA_METRICS,
  channel: CHANNELS,
};

/** Staff ids → { name, email } for the keys of a report. */
export async function staffNames(ids: string[]): Promise<Map<string, { name: string; email: string }>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await executor().select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(inArray(staff.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

/** Team ids → names. */
export async function teamNames(ids: string[]): Promise<Map<string, { name: string; key: string }>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await executor().select({ id: teams.id, name: teams.name, key: teams.key }).from(teams).where(inArray(teams.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, key: r.key }]));
}

export function sortRows<T extends { key: string }>(groupBy: Dimension | "team", rows: T[], label?: (key: string) => string): T[] {
  const order = groupBy === "metric" || groupBy === "channel" ? ORDER[groupBy] : undefined;
  return [...rows].sort((a, b) => {
    if (order) return order.indexOf(a.key) - order.indexOf(b.key);
    // "none"/"unassigned" ('') last, the rest by label.
    if (a.key === "" || b.key === "") return a.key === "" ? 1 : -1;
    const la = label ? label(a.key) : a.key;
    const lb = label ? label(b.key) : b.key;
    return la.localeCompare(lb, "ko");
  });
}

export type ApiReportRow = { key: string; met: number; breached: number; running: number; complianceRate: number | null };

/**
 * The rows of GET /api/v1/reports/sla: per key of `groupBy` (metric, channel, category key,
 * or the assignee's email — "unassigned" for tickets nobody holds).
 */
export async function slaReportRows(input: { period: Period; groupBy: GroupBy; teamId: string | null; now?: Date }): Promise<ApiReportRow[]> {
  const cube = await slaCube({ period: input.period, teamId: input.teamId, now: input.now, dimensions: [input.groupBy] });
  const rows = cube.byDimension[input.groupBy] ?? [];
  const names = input.groupBy === "assignee" ? await staffNames(rows.map((r) => r.key)) : new Map<string, { name: string; email: string }>();
  const keyOf = (key: string) => (input.groupBy !== "assignee" ? key : key === "" ? "unassigned" : (names.get(key)?.email ?? key));
  return sortRows(input.groupBy, rows, keyOf).map((r) => ({
    key: keyOf(r.key),
    met: r.met,
    breached: r.breached,
    running: r.running,
    complianceRate: complianceRate(r.met, r.breached),
  }));
}
