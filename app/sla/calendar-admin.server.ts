// Changing the calendar: every change is a new calendar version; the running deadlines whose
// window the changed date touches are recomputed in batches, each with an event saying why.
import { and, asc, eq, gt, gte, inArray, lt, or, sql } from "drizzle-orm";
import {
  calendarRecomputations,
  calendarVersions,
  slaPolicies,
  slaTimers,
  type CalendarChange,
  type MetricTarget,
} from "../../db/schema";
import { db, executor, inTransaction } from "../../db/connection";
import { actorLabel, type Actor } from "~/tickets/actor";
import { appendEvents } from "~/tickets/events.server";
import { DeskError } from "~/tickets/errors";
import {
  addDays,
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  isValidIsoDate,
  validateCalendarSpec,
  type CalendarSpec,
  type WorkingCalendar,
} from "./calendar";
import { calendarVersion, currentCalendar } from "./calendar.server";
import { deadlineOf, warnAtOf } from "./timer-math";
import { scheduleTimerMoments } from "./schedule.server";
import { basisOf } from "./timers.server";

const CALENDAR_LOCK = 727_275;
export const RECOMPUTE_BATCH = 5_000;

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
  const list =
    change.kind === "holiday" ? next.holidays : change.kind === "closure" ? next.closures : next.extraWorkingDays;
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

/**
 * Recomputes the live deadlines that the changed date can touch: timers started before the
 * end of that day whose deadline is not before its start. Idempotent and resumable: a timer
 * already on this version is skipped, so a crash mid-way is finished by running it again.
 */
export async function recomputeForVersion(
  version: number,
  options: { batchSize?: number; onProgress?: (p: RecomputeProgress) => void } = {},
): Promise<RecomputeProgress> {
  const batchSize = options.batchSize ?? RECOMPUTE_BATCH;
  const d = db();
  const [row] = await d.select().from(calendarVersions).where(eq(calendarVersions.version, version));
  if (!row?.change) throw new Error(`calendar version ${version} has no change to recompute`);
  const change = row.change;
  const next = await calendarVersion(version, d);
  const window = dayWindow(next.calendar, change.date);
  const touches = and(
    inArray(slaTimers.state, ["running", "paused"]),
    lt(slaTimers.startedAt, window.end),
    or(
      gte(slaTimers.dueAt, window.start),
      // A requested reply is due on the working day before the requested date when that date is
      // not working: making a day between them working again moves the deadline LATER, past a
      // due date that lies before the changed day.
      and(eq(slaTimers.metric, "requested_reply"), gte(slaTimers.basisDate, change.date)),
    ),
    // Only timers on an OLDER calendar: one already recomputed by a newer version (whose spec
    // includes this change) must never be pulled back to this version's calendar.
    lt(slaTimers.calendarVersion, version),
  );
  const [{ n }] = await d.select({ n: sql<number>`count(*)::int` }).from(slaTimers).where(touches);
  await d
    .update(calendarRecomputations)
    .set({ candidates: sql`${calendarRecomputations.examined} + ${n}`, state: "running", error: null })
    .where(eq(calendarRecomputations.version, version));

  const policies = new Map((await d.select().from(slaPolicies)).map((p) => [p.id, p]));
  const reason = { action: change.action, kind: change.kind, date: change.date, name: change.name };
  let lastId = "00000000-0000-0000-0000-000000000000";
  try {
    for (;;) {
      const batch = await d.transaction(async (tx) => {
        const timers = await tx
          .select()
          .from(slaTimers)
          .where(and(touches, gt(slaTimers.id, lastId)))
          .orderBy(asc(slaTimers.id))
          .limit(batchSize)
          .for("update", { skipLocked: true });
        if (timers.length === 0) return { examined: 0, moved: 0 };
        lastId = timers[timers.length - 1].id;
        const ids: string[] = [];
        const dues: string[] = [];
        const warns: Array<string | null> = [];
        const events: Parameters<typeof appendEvents>[1] = [];
        const now = new Date();
        for (const t of timers) {
          const dueAtMs = deadlineOf(next.calendar, basisOf(t));
          const target: MetricTarget = (t.policyId ? policies.get(t.policyId)?.targets[t.metric] : undefined) ?? {
            period: t.period,
            warnRatio: 0.75,
            warnBeforeMinutes: 60,
          };
          const warnAtMs = warnAtOf(next.calendar, t.startedAt.getTime(), dueAtMs, t.period, target);
          ids.push(t.id);
          dues.push(new Date(dueAtMs).toISOString());
          warns.push(warnAtMs === null ? null : new Date(warnAtMs).toISOString());
          if (dueAtMs !== t.dueAt.getTime()) {
            events.push({
              ticketId: t.ticketId,
              type: "sla.deadline_moved",
              actor: "system:calendar",
              at: now,
              data: {
                timerId: t.id,
                metric: t.metric,
                from: t.dueAt.toISOString(),
                to: new Date(dueAtMs).toISOString(),
                reason: "calendar",
                calendarVersion: version,
                change: reason,
              },
            });
          }
        }
        // One statement for the whole batch; every examined timer now records this version.
        await tx.execute(sql`
          update sla_timers t set
            due_at = v.due_at,
            warn_at = v.warn_at,
            warned_at = case when v.warn_at is distinct from t.warn_at and v.warn_at > now() then null else t.warned_at end,
            calendar_version = ${version},
            updated_at = now()
          from unnest(${`{${ids.join(",")}}`}::uuid[], ${`{${dues.join(",")}}`}::timestamptz[], ${`{${warns.map((w) => w ?? "NULL").join(",")}}`}::timestamptz[])
            as v(id, due_at, warn_at)
          where t.id = v.id`);
        // One JSON parameter per batch: a 5,000-row VALUES list costs more to build than to insert.
        await appendEvents(tx, events);
        // New jobs only for the moments that moved: a timer whose deadline and warning stay put
        // keeps the jobs it has (two job inserts per unchanged timer were most of the work).
        await scheduleTimerMoments(
          tx,
          timers
            .map((t, i) => ({ id: t.id, state: t.state, dueAt: new Date(dues[i]), warnAt: warns[i] ? new Date(warns[i]!) : null, old: t }))
            .filter((m) => m.dueAt.getTime() !== m.old.dueAt.getTime() || (m.warnAt?.getTime() ?? null) !== (m.old.warnAt?.getTime() ?? null))
            .map(({ old: _old, ...m }) => m),
        );
        return { examined: timers.length, moved: events.length };
      });
      if (batch.examined === 0) break;
      const [progress] = await d
        .update(calendarRecomputations)
        .set({
          examined: sql`${calendarRecomputations.examined} + ${batch.examined}`,
          moved: sql`${calendarRecomputations.moved} + ${batch.moved}`,
        })
        .where(eq(calendarRecomputations.version, version))
        .returning();
      options.onProgress?.(progress);
    }
    const [done] = await d
      .update(calendarRecomputations)
      .set({ state: "done", finishedAt: new Date() })
      .where(eq(calendarRecomputations.version, version))
      .returning();
    options.onProgress?.(done);
    return done;
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
