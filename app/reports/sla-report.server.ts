// SLA compliance figures: set-based SQL over the daily roll-up (sla_report_daily), corrected at
// read time for the tickets that changed since the last refresh — so the numbers are exact at
// every moment and a page view never scans the timers of a whole period. docs/REPORTS.md.
import { inArray, sql, type SQL } from "drizzle-orm";
import { db, executor } from "~/db/connection";
import { dateArray, uuidArray } from "~/db/sql-arrays";
import { CHANNELS, REPORT_DIMENSIONS, SLA_METRICS, staff, teams, type SlaMetric } from "~/db/schema";
import { complianceRate, type Outcome } from "./aggregate";
import { addDaysIso, addMonthsIso, periodInstants, weekStart, type Period } from "./period";

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
  /** Per ISO week and metric (asked for with `byWeekMetric`): the per-standard trend. */
  byWeekMetric: Array<CubeCounts & { week: string; metric: string }>;
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

/** What a reader needs of the roll-up: whether it is built, and which tickets' facts may be stale. */
export type RollupView = { built: false } | { built: true; dirty: string[] };

type Executor = ReturnType<typeof executor>;

/**
 * Runs `fn` with the roll-up's state and its dirty tickets — those with an event after the
 * state's safe watermark, and those with a running timer past its deadline (not yet breached by
 * the sweep) — all read in one snapshot: a read-only REPEATABLE READ transaction (or the
 * caller's own transaction), so the facts and roll-ups `fn` reads match the dirty list.
 * The list goes into the report's statement as a constant array, so the planner knows how many
 * tickets it holds (as a subquery it was estimated at a third of ticket_events, and the plans
 * re-ran it for every fact read). `live`, or nothing built yet: { built: false }.
 */
export async function withRollupView<T>(now: Date, live: boolean, fn: (view: RollupView, ex: Executor) => Promise<T>): Promise<T> {
  if (live) return fn({ built: false }, executor());
  const run = async (ex: Executor) => {
    // One statement: the watermark, and the dirty tickets after it. (Compared with the state's
    // column rather than a constant, the planner does not read the end of ticket_events_pkey to
    // estimate the range — milliseconds over rows inserted or rolled back since the last vacuum.)
    const [state] = await ex.execute<{ dirty: string[] }>(sql`
      select array(
        select e.ticket_id::text from ticket_events e where e.id > st.safe_watermark
        union
        select r.ticket_id::text from sla_timers r where r.state = 'running' and r.due_at <= ${ts(now)}
      ) as dirty
      from sla_report_state st where st.id = 1`);
    if (!state) return fn({ built: false }, ex);
    return fn({ built: true, dirty: state.dirty }, ex);
  };
  const current = executor();
  if (current !== db()) return run(current);
  return db().transaction((tx) => run(tx), { isolationLevel: "repeatable read", accessMode: "read only" });
}

/** `column` is one of the dirty tickets (false when there are none). */
export function dirtyTicket(view: RollupView, column: SQL): SQL {
  return view.built && view.dirty.length > 0 ? sql`${column} = any(${uuidArray(view.dirty)})` : sql`false`;
}

/** `column` is none of the dirty tickets (a hashed lookup when there are many). */
export function cleanTicket(view: RollupView, column: SQL): SQL {
  return view.built && view.dirty.length > 0 ? sql`not (${column} = any(${uuidArray(view.dirty)}))` : sql`true`;
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

export type RollupBuckets = { months: string[]; weeks: string[]; days: string[] };

/**
 * A period as roll-up rows to read: its whole calendar months (the 1st of each) when `months`,
 * the whole weeks (Mondays) of what is left unless `weeks` is false, and the days around those.
 * Every day of the period is covered exactly once.
 */
export function rollupBuckets(period: Period, options: { months: boolean; weeks?: boolean }): RollupBuckets {
  const out: RollupBuckets = { months: [], weeks: [], days: [] };
  const rest: Period[] = [];
  const firstMonth = period.from.endsWith("-01") ? period.from : addMonthsIso(period.from.slice(0, 8) + "01", 1);
  let month = firstMonth;
  while (options.months && addDaysIso(addMonthsIso(month, 1), -1) <= period.to) {
    out.months.push(month);
    month = addMonthsIso(month, 1);
  }
  if (out.months.length === 0) rest.push(period);
  else {
    if (period.from < firstMonth) rest.push({ from: period.from, to: addDaysIso(firstMonth, -1) });
    if (month <= period.to) rest.push({ from: month, to: period.to });
  }
  for (const part of rest) {
    const weeks = options.weeks === false ? null : wholeWeeks(part);
    if (!weeks) {
      for (let d = part.from; d <= part.to; d = addDaysIso(d, 1)) out.days.push(d);
      continue;
    }
    for (let d = part.from; d < weeks.first; d = addDaysIso(d, 1)) out.days.push(d);
    for (let w = weeks.first; w <= weeks.last; w = addDaysIso(w, 7)) out.weeks.push(w);
    for (let d = addDaysIso(weeks.last, 7); d <= part.to; d = addDaysIso(d, 1)) out.days.push(d);
  }
  return out;
}

type CubeOptions = {
  period: Period;
  teamId: string | null;
  now?: Date;
  /** Dimensions wanted per key (default: all four and total). */
  dimensions?: Dimension[];
  byTeam?: boolean;
  byWeek?: boolean;
  /** Per week and metric as well (reads weeks and days, like byWeek). */
  byWeekMetric?: boolean;
  /** Force the live computation (tests compare it with the roll-up). */
  live?: boolean;
};

/**
 * Compliance counts for a period (KST dates, both included), optionally for one team. One SQL
 * statement over the roll-ups and the dirty tickets read in the same snapshot (withRollupView).
 */
export async function slaCube(options: CubeOptions): Promise<SlaCube> {
  const now = options.now ?? new Date();
  const dims = options.dimensions ?? ["metric", "channel", "category", "assignee", "total"];
  const { useRollup, rows } = await withRollupView(now, options.live ?? false, async (view, ex) => ({
    useRollup: view.built,
    rows: await cubeRows(options, now, dims, view, ex),
  }));
  const cube: SlaCube = {
    byDimension: {},
    byTeam: [],
    byWeek: [],
    byWeekMetric: [],
    total: { met: 0, breached: 0, running: 0 },
    fromRollup: useRollup,
  };
  for (const d of dims) cube.byDimension[d] = [];
  for (const r of rows) {
    const counts = { met: n(r.met), breached: n(r.breached), running: n(r.running) };
    if (counts.met === 0 && counts.breached === 0 && counts.running === 0) continue;
    if (r.grouping === "key") {
      if (r.dimension === "total") cube.total = counts;
      if (dims.includes(r.dimension)) cube.byDimension[r.dimension]!.push({ key: r.key ?? "", ...counts });
    } else if (r.grouping === "team") {
      cube.byTeam.push({ key: r.key ?? "", ...counts });
    } else if (r.grouping === "week-metric") {
      const [week, metric] = (r.key ?? "").split("|");
      if (week && metric) cube.byWeekMetric.push({ week, metric, ...counts });
    } else if (r.key) {
      cube.byWeek.push({ key: r.key, ...counts });
    }
  }
  // A stable order whatever the plan: by key (callers sort for display).
  const byKey = (a: CubeRow, b: CubeRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  for (const d of dims) cube.byDimension[d]!.sort(byKey);
  cube.byTeam.sort(byKey);
  cube.byWeek.sort(byKey);
  cube.byWeekMetric.sort((a, b) => (a.week === b.week ? (a.metric < b.metric ? -1 : 1) : a.week < b.week ? -1 : 1));
  return cube;
}

type CubeStatementRow = {
  /** Which sums: per dimension and key, per team, or per week (the last two of 'total'). */
  grouping: "key" | "team" | "week" | "week-metric";
  dimension: Dimension;
  /** The dimension's key, the team ('' for none), or the week's Monday. */
  key: string | null;
  met: string;
  breached: string;
  running: string;
};

/** The cube's statement: the roll-ups for the period, corrected for the dirty tickets (or the timers alone when not built). */
function cubeRows(options: CubeOptions, now: Date, dims: Dimension[], view: RollupView, ex: Executor) {
  const { start, end } = periodInstants(options.period);
  const wanted = new Set<Dimension>(dims);
  if (options.byTeam || options.byWeek) wanted.add("total");
  if (options.byWeekMetric) wanted.add("metric");
  const dimList = sql.join(
    [...wanted].map((d) => sql`${d}`),
    sql`, `,
  );
  const useRollup = view.built;
  const team = options.teamId;
  const liveRows = sql`
    select ${kstDay(sql`s.due_at`)} as day, coalesce(t.team_id::text, '') as team, s.metric, t.channel, t.category,
           coalesce(t.assignee_id::text, '') as assignee, ${outcomeSql(now)} as outcome, 1 as sign
    from sla_timers s join tickets t on t.id = s.ticket_id
    where s.state <> 'cancelled' and s.due_at >= ${ts(start)} and s.due_at < ${ts(end)}
      ${useRollup ? sql`and ${dirtyTicket(view, sql`s.ticket_id`)}` : sql``}
      ${team ? sql`and t.team_id = ${team}::uuid` : sql``}`;
  const staleRows = sql`
    select f.day, coalesce(f.team_id::text, '') as team, f.metric, f.channel, f.category,
           coalesce(f.assignee_id::text, '') as assignee, f.outcome, -1 as sign
    from sla_report_facts f
    where ${dirtyTicket(view, sql`f.ticket_id`)} and f.day >= ${options.period.from}::date and f.day <= ${options.period.to}::date
      ${team ? sql`and f.team_id = ${team}::uuid` : sql``}`;
  const corrections = useRollup ? sql`${liveRows} union all ${staleRows}` : liveRows;
  // The roll-ups: whole months (unless weeks are wanted), then whole weeks, then single days.
  const buckets = rollupBuckets(options.period, { months: !options.byWeek && !options.byWeekMetric });
  const dimFilter = (alias: string) =>
    wanted.size === REPORT_DIMENSIONS.length ? sql`` : sql`and ${sql.raw(alias)}.dimension in (${dimList})`;
  const scoped = (alias: string) => sql`${dimFilter(alias)} ${team ? sql`and ${sql.raw(alias)}.team = ${team}` : sql``}`;
  const rollupParts: SQL[] = [];
  if (buckets.days.length > 0)
    rollupParts.push(sql`
    select d.day, d.team, d.dimension, d.key, d.met, d.breached, d.running
    from sla_report_daily d where d.day = any(${dateArray(buckets.days)}) ${scoped("d")}`);
  if (buckets.weeks.length > 0)
    rollupParts.push(sql`
    select w.week, w.team, w.dimension, w.key, w.met, w.breached, w.running
    from sla_report_weekly w where w.week = any(${dateArray(buckets.weeks)}) ${scoped("w")}`);
  if (buckets.months.length > 0)
    rollupParts.push(sql`
    select m.month, m.team, m.dimension, m.key, m.met, m.breached, m.running
    from sla_report_monthly m where m.month = any(${dateArray(buckets.months)}) ${scoped("m")}`);
  const rollupRows = useRollup && rollupParts.length > 0 ? sql`union all ${sql.join(rollupParts, sql` union all `)}` : sql``;

  // Per key always; per team and per week (of the 'total' rows) only when asked for: each is a
  // separate pass over the rows rather than grouping sets that hash every row three times.
  return ex.execute<CubeStatementRow>(sql`
    with c as (${corrections}),
    expanded as (
      select c.day, c.team, v.dimension, v.key,
             c.sign * (c.outcome = 'met')::int as met, c.sign * (c.outcome = 'breached')::int as breached,
             c.sign * (c.outcome = 'running')::int as running
      from c cross join lateral (values ('metric', c.metric), ('channel', c.channel), ('category', c.category),
                                        ('assignee', c.assignee), ('total', '')) as v(dimension, key)
      where v.dimension in (${dimList})
      ${rollupRows}
    )
    select 'key' as grouping, dimension, key, sum(met) as met, sum(breached) as breached, sum(running) as running
    from expanded group by dimension, key
    ${
      options.byTeam
        ? sql`union all
    select 'team', 'total', team, sum(met), sum(breached), sum(running) from expanded where dimension = 'total' group by team`
        : sql``
    }
    ${
      options.byWeek
        ? sql`union all
    select 'week', 'total', date_trunc('week', day::timestamp)::date::text, sum(met), sum(breached), sum(running)
    from expanded where dimension = 'total' group by 3`
        : sql``
    }
    ${
      options.byWeekMetric
        ? sql`union all
    select 'week-metric', 'metric', date_trunc('week', day::timestamp)::date::text || '|' || key, sum(met), sum(breached), sum(running)
    from expanded where dimension = 'metric' group by 3`
        : sql``
    }`);
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
  const rows = await withRollupView(now, filter.live ?? false, (view, ex) => drillRows(filter, now, limit, view, ex));
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

/** One page of a drill-down: the facts in deadline order (keyset), merged with the dirty tickets' timers read live. */
function drillRows(filter: DrillFilter, now: Date, limit: number, view: RollupView, ex: Executor) {
  const { start, end } = periodInstants(filter.period);
  const cursor = filter.cursor ? decodeDrillCursor(filter.cursor) : null;
  const team = filter.teamId;
  const outcome = outcomeSql(now);

  const live = sql`
    select s.id as timer_id, s.ticket_id, s.due_at, s.metric, ${outcome} as outcome
    from sla_timers s join tickets t on t.id = s.ticket_id
    where s.state <> 'cancelled' and s.due_at >= ${ts(start)} and s.due_at < ${ts(end)}
      ${view.built ? sql`and ${dirtyTicket(view, sql`s.ticket_id`)}` : sql``}
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
      and ${cleanTicket(view, sql`f.ticket_id`)}
      and ${dimensionCondition(filter.dimension, filter.key, "facts")}
      ${team ? sql`and f.team_id = ${team}::uuid` : sql``}
      ${filter.outcome === "all" ? sql`` : sql`and f.outcome = ${filter.outcome}`}
      ${cursor ? sql`and (f.due_at, f.timer_id) > (${cursor.dueAt}::timestamptz, ${cursor.timerId}::uuid)` : sql``}
    order by f.due_at, f.timer_id
    limit ${limit + 1}`;
  // Built: the facts, and the dirty tickets' timers live (none to read when nothing is dirty).
  const candidates = !view.built ? live : view.dirty.length > 0 ? sql`(${live}) union all (${facts})` : facts;

  return ex.execute<{
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
export async function slaReportRows(input: {
  period: Period;
  groupBy: GroupBy;
  teamId: string | null;
  now?: Date;
}): Promise<ApiReportRow[]> {
  const cube = await slaCube({ period: input.period, teamId: input.teamId, now: input.now, dimensions: [input.groupBy] });
  const rows = cube.byDimension[input.groupBy] ?? [];
  const names =
    input.groupBy === "assignee" ? await staffNames(rows.map((r) => r.key)) : new Map<string, { name: string; email: string }>();
  const keyOf = (key: string) => (input.groupBy !== "assignee" ? key : key === "" ? "unassigned" : (names.get(key)?.email ?? key));
  return sortRows(input.groupBy, rows, keyOf).map((r) => ({
    key: keyOf(r.key),
    met: r.met,
    breached: r.breached,
    running: r.running,
    complianceRate: complianceRate(r.met, r.breached),
  }));
}
