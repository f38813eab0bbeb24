// Changing the calendar: every change is a new calendar version; the running deadlines whose
// window the changed date touches are recomputed in batches, each with an event saying why.
import { asc, eq, inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { calendarRecomputations, calendarVersions, slaPolicies, type CalendarChange, type SlaMetric, type TimerPause } from "~/db/schema";
import { connect, db, executor, inTransaction, PLANNED_PER_CALL } from "~/db/connection";
import { actorLabel, type Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import { errorKey } from "~/core/validation";
import {
  addDays,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  isValidIsoDate,
  validateCalendarSpec,
  type CalendarSpec,
  type WorkingCalendar,
} from "./calendar";
import { currentCalendar } from "./calendar.server";
import { deadlineOf, warnAtOf } from "./timer-math";
import { fallbackTargetOf } from "./policy-defaults";
import type { Period } from "./counting";

const CALENDAR_LOCK = 727_275;
export const RECOMPUTE_BATCH = 5_000;
/** Candidates read per round trip of the streamed read (a cursor). */
const READ_BATCH = 10_000;
/** Chunks written at once (two cores: one chunk's rows are written while the other's are sent). */
export const RECOMPUTE_LANES = 2;

/** Applies a change to a spec, or says why it cannot be applied (message keys). */
export function applyCalendarChange(spec: CalendarSpec, change: CalendarChange): { spec: CalendarSpec } | { error: string } {
  if (!isValidIsoDate(change.date)) return { error: "error.date" };
  // The calendar answers for CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR only: a date outside would be
  // stored, then make every recomputation of this version fail with a RangeError.
  const year = Number(change.date.slice(0, 4));
  if (year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) return { error: "error.date" };
  const name = change.name.trim();
  const next: CalendarSpec = {
    ...spec,
    holidays: [...spec.holidays],
    closures: [...spec.closures],
    extraWorkingDays: [...spec.extraWorkingDays],
  };
  const list = change.kind === "holiday" ? next.holidays : change.kind === "closure" ? next.closures : next.extraWorkingDays;
  const index = list.findIndex((entry) => entry.date === change.date);
  if (change.action === "add") {
    if (index >= 0) return { error: "error.calendarDuplicate" };
    if (!name) return { error: "error.required" };
    if (change.kind === "holiday") next.holidays.push({ date: change.date, name });
    else if (change.kind === "closure") next.closures.push({ date: change.date, reason: name });
    else next.extraWorkingDays.push({ date: change.date, reason: name });
    list.sort((a, b) => a.date.localeCompare(b.date));
  } else {
    if (index < 0) return { error: "error.calendarMissing" };
    list.splice(index, 1);
  }
  return { spec: next };
}

export type CalendarChangeResult = { version: number; recomputation: RecomputeProgress };
export type RecomputeProgress = typeof calendarRecomputations.$inferSelect;
/** What a recomputation returns: its row, and of the timers this run examined, those written (deadline or warning moved) and those left as they were. */
export type RecomputeOutcome = RecomputeProgress & { rewritten: number; unmoved: number };

/** Records a new calendar version (refusing an invalid calendar) and starts the recomputation. */
export async function changeCalendar(change: CalendarChange, actor: Actor): Promise<number> {
  return inTransaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CALENDAR_LOCK})`);
    const current = await currentCalendar(tx);
    const applied = applyCalendarChange(current.spec, change);
    if ("error" in applied) {
      // A missing name belongs to the name field; every other refusal is about the date.
      throw new DeskError(422, applied.error, { [applied.error === "error.required" ? "name" : "date"]: applied.error });
    }
    // A day off on a day that is already off would be a new version that changes nothing: say so.
    const off = change.action === "add" && change.kind !== "extra_working_day" ? current.calendar.nonWorkingDayReason(change.date) : null;
    if (off) {
      const error =
        off.type === "weekend"
          ? errorKey("error.calendarAlreadyOffWeekend", { weekday: off.weekday })
          : off.type === "holiday"
            ? errorKey("error.calendarAlreadyOffHoliday", { name: off.name })
            : errorKey("error.calendarAlreadyOffClosure", { name: off.reason });
      throw new DeskError(422, error, { date: error });
    }
    const problems = validateCalendarSpec(applied.spec).filter((p) => p.severity === "error");
    if (problems.length) throw new DeskError(422, "error.calendarInvalid", { date: "error.calendarInvalid" });
    const version = current.version + 1;
    await tx.insert(calendarVersions).values({ version, spec: applied.spec, change, createdBy: actorLabel(actor) });
    await tx.insert(calendarRecomputations).values({ version, state: "running" });
    return version;
  });
}

/** The changed day, local midnight to midnight. */
function dayWindow(cal: WorkingCalendar, date: string) {
  return { start: new Date(cal.startOfDay(date)), end: new Date(cal.startOfDay(addDays(date, 1))) };
}

/** A live timer as the recomputation reads it: only what its deadline and warning depend on. */
type TimerFacts = {
  id: string;
  /** The row version read (xmin): the write applies only if the row has not changed since. */
  xmin: string;
  metric: SlaMetric;
  started_ms: number;
  period: string | null;
  basis_date: string | null;
  /** null when there were no pauses. */
  pauses: string | null;
  due_ms: number;
  warn_ms: number | null;
  policy_id: number | null;
};

/** What a pass writes for a chunk of timers whose deadline or warning moved, as parallel arrays (one statement per chunk). */
type Chunk = {
  ids: string[];
  xmins: string[];
  dues: string[];
  warns: Array<string | null>;
  dueMoved: boolean[];
  warnMoved: boolean[];
  from: Array<string | null>;
};

/** The timers a pass read whose deadline and warning stay put (not written), with the row versions read. */
type Unmoved = { ids: string[]; xmins: string[] };

const pgArray = (items: Array<string | null>) => `{${items.map((x) => (x === null ? "NULL" : x)).join(",")}}`;

/**
 * The live timers a change of one day can move, as SQL over sla_timers: $1 the day's end, $2 its
 * start, $3 the date, $4 the newest calendar version (the bench counts the same set).
 */
export const TOUCHED_BY_A_DAY = `state in ('running', 'paused')
        and ((started_at < $1::timestamptz and due_at >= $2::timestamptz)
          -- A requested reply is due on the last working day on or before the requested date,
          -- whenever its clock started: a change of any day up to that date can move it — LATER,
          -- past a due date before the changed day, or before a clock that started after the day.
          or (metric = 'requested_reply' and basis_date >= $3::date))
        -- A timer already counted on the newest calendar is right as it is.
        and calendar_version < $4`;

/**
 * Recomputes the live deadlines that the changed date can touch: timers started before the
 * end of that day whose deadline is not before its start, and requested replies asked for on or
 * after that day (whenever they started). Idempotent and resumable: a run
 * writes only the timers whose deadline or warning differs from what the calendar in force
 * gives, so a crash mid-way is finished by running it again.
 *
 * How (ADRs 0016 and 0024): one read of the candidates,
 * only the columns the deadline depends on, without locks, streamed through a cursor in batches
 * of READ_BATCH on a connection of its own so that chunks are written while the rest is read;
 * deadlineOf() + warnAtOf() in Node under the NEWEST calendar (so an older version's run resumed after a newer
 * change can never pull a deadline back to a calendar no longer in force); then only the timers
 * whose deadline or warning moves are written — per chunk one statement that locks the chunk's
 * rows (SKIP LOCKED, and only if the row is the version that was read), writes them from arrays
 * and appends a sla.deadline_moved event for each moved deadline, two chunks in flight at once.
 * A timer that stays put is not written at all (it keeps its calendar version: its deadline is
 * the same under both calendars); one read afterwards checks that none of those changed since
 * it was read. A row skipped (locked by a worker or a ticket action at that moment, or changed
 * since it was read) is read again and retried in the next pass.
 */
export async function recomputeForVersion(
  version: number,
  options: { batchSize?: number; lanes?: number; onProgress?: (p: RecomputeProgress) => void } = {},
): Promise<RecomputeOutcome> {
  const batchSize = options.batchSize ?? RECOMPUTE_BATCH;
  const lanes = Math.max(1, options.lanes ?? RECOMPUTE_LANES);
  const d = db();
  const [row] = await d.select().from(calendarVersions).where(eq(calendarVersions.version, version));
  if (!row?.change) throw new Error(`calendar version ${version} has no change to recompute`);
  const change = row.change;
  const policies = new Map((await d.select().from(slaPolicies)).map((p) => [p.id, p]));
  const changeJson = JSON.stringify({ action: change.action, kind: change.kind, date: change.date, name: change.name });

  const periods = new Map<string, Period>();
  const periodOf = (text: string | null) => {
    if (text === null) return null;
    let p = periods.get(text);
    if (!p) periods.set(text, (p = JSON.parse(text) as Period));
    return p;
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  /** What a timer should become under `cal`: null when its deadline and warning both stay put. */
  const recount = (cal: WorkingCalendar, t: TimerFacts) => {
    const period = periodOf(t.period);
    const pauses: TimerPause[] = t.pauses ? JSON.parse(t.pauses) : [];
    const dueAtMs = deadlineOf(cal, {
      metric: t.metric,
      startedAtMs: t.started_ms,
      period,
      basisDate: t.basis_date,
      pauses: pauses.filter((p) => p.to !== null).map((p) => ({ fromMs: Date.parse(p.from), toMs: Date.parse(p.to!) })),
    });
    const target = (t.policy_id ? policies.get(t.policy_id)?.targets[t.metric] : undefined) ?? fallbackTargetOf(period);
    const warnAtMs = warnAtOf(cal, t.started_ms, dueAtMs, period, target);
    const dueMoved = dueAtMs !== t.due_ms;
    const warnMoved = warnAtMs !== t.warn_ms;
    return dueMoved || warnMoved ? { dueAtMs, warnAtMs, dueMoved, warnMoved } : null;
  };

  /**
   * One pass: reads the candidates (all, or those among `only`) in one statement, streamed in
   * batches of READ_BATCH rows, computes each under the newest calendar, and hands every full
   * chunk of moved timers to `dispatch` while the rest is still being read (the writes overlap
   * the read). The read runs on a connection of its own (a cursor holds its connection until the
   * end, and the pool may have one connection only); its one snapshot sees every candidate once.
   */
  const read = async (
    only: string[] | null,
    dispatch: (c: Chunk, calendar: number) => Promise<void>,
  ): Promise<{ calendar: number; candidates: number; unmoved: Unmoved }> => {
    const next = await currentCalendar(d);
    const window = dayWindow(next.calendar, change.date);
    const unmoved = { ids: [] as string[], xmins: [] as string[] };
    let chunk: Chunk | null = null;
    let candidates = 0;
    const params: Array<string | number> = [window.end.toISOString(), window.start.toISOString(), change.date, next.version];
    if (only) params.push(pgArray(only));
    const text = `
      select id, xmin::text as xmin, metric, floor(extract(epoch from started_at) * 1000)::float8 as started_ms, period::text as period,
             basis_date::text as basis_date, case when pauses = '[]'::jsonb then null else pauses::text end as pauses,
             floor(extract(epoch from due_at) * 1000)::float8 as due_ms, floor(extract(epoch from warn_at) * 1000)::float8 as warn_ms, policy_id
      from sla_timers
      where ${TOUCHED_BY_A_DAY}
        ${only ? "and id = any($5::uuid[])" : ""}`;
    // fetch_types off: the read needs no array types, and a connection lost during that first
    // query would be an unhandled rejection (db/connection.ts, porsager/postgres#1192).
    const reader = postgres(connect().url, {
      max: 1,
      onnotice: () => {},
      fetch_types: false,
      connect_timeout: 10,
      connection: { TimeZone: "UTC", application_name: "desk-recompute-read", plan_cache_mode: "force_custom_plan" },
    });
    try {
      for await (const rows of reader.unsafe<TimerFacts[]>(text, params, { prepare: false }).cursor(READ_BATCH)) {
        candidates += rows.length;
        for (const t of rows) {
          const r = recount(next.calendar, t);
          if (!r) {
            unmoved.ids.push(t.id);
            unmoved.xmins.push(t.xmin);
            continue;
          }
          if (!chunk) chunk = { ids: [], xmins: [], dues: [], warns: [], dueMoved: [], warnMoved: [], from: [] };
          chunk.ids.push(t.id);
          chunk.xmins.push(t.xmin);
          chunk.dues.push(iso(r.dueAtMs));
          chunk.warns.push(r.warnAtMs === null ? null : iso(r.warnAtMs));
          chunk.dueMoved.push(r.dueMoved);
          chunk.warnMoved.push(r.warnMoved);
          chunk.from.push(r.dueMoved ? iso(t.due_ms) : null);
          if (chunk.ids.length >= batchSize) {
            const full = chunk;
            chunk = null;
            await dispatch(full, next.version);
          }
        }
      }
    } finally {
      await reader.end({ timeout: 5 });
    }
    if (chunk) await dispatch(chunk, next.version);
    return { calendar: next.version, candidates, unmoved };
  };

  /** Writes a chunk in one statement; returns the ids written, and how many deadlines moved. */
  const write = (c: Chunk, calendar: number) =>
    d.transaction(async (tx) => {
      // A calendar change waits for this chunk, and the chunk (its own statement, so its own
      // snapshot) sees every change committed before: computed on a calendar no longer the
      // newest, it writes nothing and is planned again.
      // plan_cache_mode = auto for this transaction: each written row's foreign keys (its
      // calendar version, its event's ticket) are checked by a cached query, which the pool's
      // force_custom_plan would plan anew for every row.
      await tx.execute(sql`select pg_advisory_xact_lock_shared(${CALENDAR_LOCK}), set_config('plan_cache_mode', 'auto', true)`);
      // Planned per call for its arrays' sizes: the generic plan allowed above for the foreign-key
      // checks was many times slower for the chunk itself.
      const rows = await tx.execute<{ id: string; moved: boolean }>(sql`${sql.raw(PLANNED_PER_CALL)}
        with v as (
          select * from unnest(${pgArray(c.ids)}::uuid[], ${pgArray(c.xmins)}::xid[], ${pgArray(c.dues)}::timestamptz[], ${pgArray(c.warns)}::timestamptz[],
            ${pgArray(c.dueMoved.map(String))}::boolean[], ${pgArray(c.warnMoved.map(String))}::boolean[], ${pgArray(c.from)}::text[])
            as v(id, xmin, due_at, warn_at, due_moved, warn_moved, from_iso)
        ), locked as (
          -- By the id array (an index lookup per id): joined to v, the planner hashed v and
          -- scanned the whole table. The row
          -- version is compared after the lock, which returns the newest version of the row.
          select t.id, t.xmin from sla_timers t
          where t.id = any(${pgArray(c.ids)}::uuid[]) and t.state in ('running', 'paused') and t.calendar_version < ${calendar}
            and (select max(version) from calendar_versions) = ${calendar}
          for update of t skip locked
        ), written as (
          update sla_timers t set
            due_at = case when v.due_moved then v.due_at else t.due_at end,
            warn_at = case when v.warn_moved then v.warn_at else t.warn_at end,
            -- A warning moved into the future may be given again.
            warned_at = case when v.warn_moved and v.warn_at > now() then null else t.warned_at end,
            calendar_version = ${calendar},
            updated_at = now()
          from v join locked l on l.id = v.id and l.xmin = v.xmin
          where t.id = v.id
          returning t.id, t.ticket_id, t.metric, v.due_moved, v.from_iso, v.due_at
        ), events as (
          insert into ticket_events (ticket_id, type, actor, at, data)
          select w.ticket_id, 'sla.deadline_moved', 'system:calendar', now(),
                 jsonb_build_object('timerId', w.id, 'metric', w.metric, 'from', w.from_iso,
                   'to', to_char(w.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'reason', 'calendar', 'calendarVersion', ${calendar}::int, 'change', ${changeJson}::jsonb)
          from written w where w.due_moved
          order by w.id
        )
        select id, due_moved as moved from written`);
      return { written: rows.map((r) => r.id), moved: rows.filter((r) => r.moved).length };
    });

  /** The unmoved timers (not written) that changed since they were read: they are read again. */
  const changedSince = async (u: Unmoved): Promise<string[]> => {
    if (u.ids.length === 0) return [];
    const rows = await d.execute<{ id: string }>(sql`
      select v.id from unnest(${pgArray(u.ids)}::uuid[], ${pgArray(u.xmins)}::xid[]) as v(id, xmin)
      join sla_timers t on t.id = v.id where not (t.xmin = v.xmin)`);
    return rows.map((r) => r.id);
  };

  const bump = async (examined: number, moved: number) => {
    const [progress] = await d
      .update(calendarRecomputations)
      .set({
        examined: sql`${calendarRecomputations.examined} + ${examined}`,
        moved: sql`${calendarRecomputations.moved} + ${moved}`,
      })
      .where(eq(calendarRecomputations.version, version))
      .returning();
    options.onProgress?.(progress);
  };

  let rewritten = 0;
  let unmovedTotal = 0;
  try {
    let pending: string[] | null = null;
    let idleRounds = 0;
    for (let pass = 0; ; pass++) {
      let startMoved = 0;
      if (pass === 0) {
        // A run again (resumed, or repeated): the timers an earlier run moved are no longer
        // candidates; they stay counted, the ones examined and left as they were are counted anew.
        const [reset] = await d
          .update(calendarRecomputations)
          .set({ examined: sql`${calendarRecomputations.moved}`, state: "running", error: null })
          .where(eq(calendarRecomputations.version, version))
          .returning({ moved: calendarRecomputations.moved });
        startMoved = reset?.moved ?? 0;
      }
      const skipped: string[] = [];
      let wrote = 0;
      // Chunks are written as the read fills them, `lanes` at once; the read waits for a free lane.
      const inflight = new Set<Promise<void>>();
      let failure: { error: unknown } | null = null;
      const dispatch = async (c: Chunk, calendar: number) => {
        while (inflight.size >= lanes) await Promise.race(inflight);
        if (failure) throw failure.error;
        const p: Promise<void> = write(c, calendar)
          .then(async (done) => {
            wrote += done.written.length;
            if (done.written.length < c.ids.length) {
              const written = new Set(done.written);
              for (const id of c.ids) if (!written.has(id)) skipped.push(id);
            }
            await bump(done.written.length, done.moved);
          })
          .catch((error) => {
            failure ??= { error };
          })
          .finally(() => inflight.delete(p));
        inflight.add(p);
      };
      let outcome: Awaited<ReturnType<typeof read>>;
      try {
        outcome = await read(pending, dispatch);
      } finally {
        await Promise.all(inflight);
      }
      if (failure) throw (failure as { error: unknown }).error;
      const { candidates, unmoved } = outcome;
      if (pass === 0) {
        await d
          .update(calendarRecomputations)
          .set({ candidates: startMoved + candidates })
          .where(eq(calendarRecomputations.version, version));
      }
      if (candidates === 0) break;
      if (unmoved.ids.length) await bump(unmoved.ids.length, 0);
      rewritten += wrote;
      // Left as they were, but changed by a ticket action or a worker since they were read:
      // not counted as examined, read again in the next pass.
      const changed = await changedSince(unmoved);
      if (changed.length) await bump(-changed.length, 0);
      unmovedTotal += unmoved.ids.length - changed.length;
      skipped.push(...changed);
      if (skipped.length === 0) break;
      // Rows a ticket action or a worker held at that moment: read again and retried shortly.
      idleRounds = wrote === 0 ? idleRounds + 1 : 0;
      if (idleRounds > 50) throw new Error(`${skipped.length} timers stayed locked; the recomputation will be resumed`);
      if (wrote === 0) await new Promise((r) => setTimeout(r, 200));
      pending = skipped;
    }
    const [done] = await d
      .update(calendarRecomputations)
      .set({ state: "done", finishedAt: new Date() })
      .where(eq(calendarRecomputations.version, version))
      .returning();
    options.onProgress?.(done);
    return { ...done, rewritten, unmoved: unmovedTotal };
  } catch (error) {
    await d
      .update(calendarRecomputations)
      .set({ state: "failed", error: error instanceof Error ? error.message : String(error) })
      .where(eq(calendarRecomputations.version, version));
    throw error;
  }
}

/** Recomputations that did not finish (a crash, a restart): picked up again by the sweep. */
export async function unfinishedRecomputations(): Promise<number[]> {
  const rows = await executor()
    .select({ version: calendarRecomputations.version })
    .from(calendarRecomputations)
    .where(inArray(calendarRecomputations.state, ["running", "failed"]))
    .orderBy(asc(calendarRecomputations.version));
  return rows.map((r) => r.version);
}

export async function recomputationProgress(version: number): Promise<RecomputeProgress | null> {
  const [row] = await executor().select().from(calendarRecomputations).where(eq(calendarRecomputations.version, version));
  return row ?? null;
}

export async function calendarHistory(limit = 50) {
  return executor()
    .select({
      version: calendarVersions.version,
      change: calendarVersions.change,
      createdBy: calendarVersions.createdBy,
      createdAt: calendarVersions.createdAt,
      recomputation: calendarRecomputations,
    })
    .from(calendarVersions)
    .leftJoin(calendarRecomputations, eq(calendarRecomputations.version, calendarVersions.version))
    .orderBy(sql`${calendarVersions.version} desc`)
    .limit(limit);
}
