/**
 * Counting a period (SERVICE-STANDARDS §2; 민원 처리에 관한 법률 제19조 and 시행령 제19조;
 * 민법 제157조–제161조 for calendar periods) on a `WorkingCalendar`.
 *
 * `computeDeadline` has a fast path: without `{ trace: true }` it does pure arithmetic on the
 * calendar's precomputed arrays and allocates no trace. With the flag it also returns a
 * structured, JSON-serialisable trace of how the deadline was counted (see explain.ts).
 * Pure module: no I/O.
 */
import { z } from "zod";
import {
  civilOfDayNumber,
  dayNumberOf,
  daysInMonth,
  isoDateOfDayNumber,
  type IsoDate,
  type NonWorkingReason,
  type WorkingCalendar,
} from "./calendar";

// ---------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------

// Stored as JSON (policy targets): the type belongs to the schema.
import type { Period } from "~/db/json-types";
export type { Period };

export type PeriodKind = Period["kind"];

/** 즉시 (immediately) is 3 working hours. */
export const IMMEDIATE_WORKING_HOURS = 3;
/** `days` up to this many are counted as N × working-hours-per-day (제19조①); above, in working days (제19조②). */
export const DAYS_COUNTED_AS_HOURS_MAX = 5;

/** Upper bounds on amounts — generous, but keep every deadline well inside the calendar range. */
export const PERIOD_AMOUNT_LIMITS = {
  working_minutes: 60 * 2000,
  working_hours: 2000,
  days: 366,
  calendar_hours: 24 * 366,
  calendar_days: 3660,
  weeks: 520,
  months: 120,
  years: 10,
} as const satisfies Record<Exclude<PeriodKind, "immediately">, number>;

const amount = (max: number) => z.number().int().positive().max(max);

/** Validates a `Period` (positive integer amounts within `PERIOD_AMOUNT_LIMITS`, no extra keys). */
export const periodSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("working_minutes"), amount: amount(PERIOD_AMOUNT_LIMITS.working_minutes) }),
  z.strictObject({ kind: z.literal("working_hours"), amount: amount(PERIOD_AMOUNT_LIMITS.working_hours) }),
  z.strictObject({ kind: z.literal("days"), amount: amount(PERIOD_AMOUNT_LIMITS.days) }),
  z.strictObject({ kind: z.literal("immediately") }),
  z.strictObject({ kind: z.literal("calendar_hours"), amount: amount(PERIOD_AMOUNT_LIMITS.calendar_hours) }),
  z.strictObject({ kind: z.literal("calendar_days"), amount: amount(PERIOD_AMOUNT_LIMITS.calendar_days) }),
  z.strictObject({ kind: z.literal("weeks"), amount: amount(PERIOD_AMOUNT_LIMITS.weeks) }),
  z.strictObject({ kind: z.literal("months"), amount: amount(PERIOD_AMOUNT_LIMITS.months) }),
  z.strictObject({ kind: z.literal("years"), amount: amount(PERIOD_AMOUNT_LIMITS.years) }),
]);

// Compile-time check that the schema and the hand-written union agree.
type SchemaPeriod = z.infer<typeof periodSchema>;
const _periodTypesAgree: [SchemaPeriod, Period] extends [Period, SchemaPeriod] ? true : never = true;
void _periodTypesAgree;

/** How a period is counted. */
export type CountingRule = "working_time" | "working_days" | "calendar_time" | "civil_period";

export function countingRuleOf(period: Period): CountingRule {
  switch (period.kind) {
    case "working_minutes":
    case "working_hours":
    case "immediately":
      return "working_time";
    case "days":
      return period.amount <= DAYS_COUNTED_AS_HOURS_MAX ? "working_time" : "working_days";
    case "calendar_hours":
    case "calendar_days":
      return "calendar_time";
    case "weeks":
    case "months":
    case "years":
      return "civil_period";
  }
}

/** Does a pause extend this period by working time (true) or by wall-clock time (false)? */
export function isWorkingTimePeriod(period: Period): boolean {
  const rule = countingRuleOf(period);
  return rule === "working_time" || rule === "working_days";
}

/** The working time a working-time period stands for (ms), or null for other rules. */
export function workingDurationOf(cal: WorkingCalendar, period: Period): number | null {
  switch (period.kind) {
    case "working_minutes":
      return period.amount * 60_000;
    case "working_hours":
      return period.amount * 3_600_000;
    case "immediately":
      return IMMEDIATE_WORKING_HOURS * 3_600_000;
    case "days":
      return period.amount <= DAYS_COUNTED_AS_HOURS_MAX ? period.amount * cal.workingMsPerDay : null;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Traces (JSON-serialisable)
// ---------------------------------------------------------------------------------------

export type TraceStep =
  /** Working time used (or, in a pause window, elapsed) inside one working period. */
  | { kind: "working"; date: IsoDate; fromMs: number; toMs: number; durationMs: number }
  /** A gap between two periods of the same working day (the lunch break) that was not counted. */
  | { kind: "break"; date: IsoDate; fromMs: number; toMs: number }
  /** A whole non-working day that was skipped. */
  | { kind: "non_working_day"; date: IsoDate; reason: NonWorkingReason }
  /** A working day counted as day `dayNumber` (working-day counting). */
  | { kind: "working_day"; date: IsoDate; dayNumber: number };

/** Where the working-time clock started relative to the receipt instant. */
export type ClockStartReason = "in_working_time" | "before_hours" | "break" | "after_hours" | "non_working_day";

interface TraceBase {
  zone: string;
  calendarFingerprint: string;
  dueAtMs: number;
}

export interface WorkingTimeTrace extends TraceBase {
  rule: "working_time";
  period: Period;
  startMs: number;
  /** Working time counted, ms. */
  workingMs: number;
  clockStartMs: number;
  clockStartReason: ClockStartReason;
  steps: TraceStep[];
}

export interface WorkingDaysTrace extends TraceBase {
  rule: "working_days";
  period: Period;
  startMs: number;
  firstDay: IsoDate;
  /** Why day 1 is what it is. */
  firstDayReason: "receipt_day" | "after_hours" | "non_working_day";
  steps: TraceStep[];
}

export interface CalendarTimeTrace extends TraceBase {
  rule: "calendar_time";
  period: Period;
  startMs: number;
}

export interface CivilPeriodTrace extends TraceBase {
  rule: "civil_period";
  period: Period;
  startMs: number;
  receiptDate: IsoDate;
  /** 기산일: the day after receipt (초일 불산입), or the receipt day when received at 00:00. */
  countFromDate: IsoDate;
  startsAtMidnight: boolean;
  /** 말일 per 민법 제160조, before the 제161조 shift. */
  lastDate: IsoDate;
  /** The day the period actually expires (lastDate or the next working day). */
  finalDate: IsoDate;
  /** Non-working days between lastDate and finalDate that pushed the expiry. */
  steps: TraceStep[];
}

export interface RequestedReplyTrace extends TraceBase {
  rule: "requested_reply";
  requestedDate: IsoDate;
  dueDate: IsoDate;
  /** Non-working days from the working day before up to the requested date (chronological). */
  steps: TraceStep[];
}

export interface PromisedDateTrace extends TraceBase {
  rule: "promised_date";
  promisedDate: IsoDate;
  /** Set when the promised date is not a working day (the deadline still is 18:00 that day). */
  nonWorkingReason: NonWorkingReason | null;
}

export interface PauseExtensionTrace extends TraceBase {
  rule: "pause_extension";
  period: Period;
  previousDueAtMs: number;
  pausedAtMs: number;
  resumedAtMs: number;
  basis: "working_time" | "wall_clock";
  /** How much the deadline moved: working ms (working basis) or wall-clock ms. */
  extensionMs: number;
  /** What happened in the pause window (working periods elapsed, days skipped). */
  pauseSteps: TraceStep[];
  /** Working basis: how the extension was added after the previous deadline. */
  steps: TraceStep[];
  /** Civil periods: the wall-clock-shifted instant fell on a non-working day and was moved. */
  shiftedFromMs?: number;
  shiftReason?: NonWorkingReason;
}

export type DeadlineTrace =
  | WorkingTimeTrace
  | WorkingDaysTrace
  | CalendarTimeTrace
  | CivilPeriodTrace
  | RequestedReplyTrace
  | PromisedDateTrace
  | PauseExtensionTrace;

export interface TraceOptions {
  trace?: boolean;
}
export interface Deadline {
  dueAtMs: number;
  trace?: DeadlineTrace;
}
export interface TracedDeadline<T extends DeadlineTrace = DeadlineTrace> {
  dueAtMs: number;
  trace: T;
}

// ---------------------------------------------------------------------------------------
// computeDeadline
// ---------------------------------------------------------------------------------------

const MS_PER_HOUR = 3_600_000;

function assertAmount(period: Period): void {
  if (period.kind === "immediately") return;
  const a = period.amount;
  if (!Number.isInteger(a) || a <= 0) throw new RangeError(`Period amount must be a positive integer, got ${a}`);
}

export function computeDeadline(cal: WorkingCalendar, startMs: number, period: Period, options: { trace: true }): TracedDeadline;
export function computeDeadline(cal: WorkingCalendar, startMs: number, period: Period, options?: TraceOptions): Deadline;
export function computeDeadline(cal: WorkingCalendar, startMs: number, period: Period, options?: TraceOptions): Deadline {
  if (!Number.isFinite(startMs)) throw new RangeError(`Start instant must be finite, got ${startMs}`);
  assertAmount(period);
  const dueAtMs = dueAt(cal, startMs, period);
  if (options?.trace !== true) return { dueAtMs };
  return { dueAtMs, trace: traceOf(cal, startMs, period, dueAtMs) };
}

/** The arithmetic only (fast path). */
function dueAt(cal: WorkingCalendar, startMs: number, period: Period): number {
  switch (period.kind) {
    case "working_minutes":
      return cal.addWorkingTime(startMs, period.amount * 60_000);
    case "working_hours":
      return cal.addWorkingTime(startMs, period.amount * MS_PER_HOUR);
    case "immediately":
      return cal.addWorkingTime(startMs, IMMEDIATE_WORKING_HOURS * MS_PER_HOUR);
    case "days":
      return period.amount <= DAYS_COUNTED_AS_HOURS_MAX
        ? cal.addWorkingTime(startMs, period.amount * cal.workingMsPerDay)
        : cal.endOfNthWorkingDay(startMs, period.amount);
    case "calendar_hours":
      return startMs + period.amount * MS_PER_HOUR;
    case "calendar_days":
      return addLocalDays(cal, startMs, period.amount);
    case "weeks":
    case "months":
    case "years":
      return civilPeriod(cal, startMs, period).dueAtMs;
  }
}

/** Same local wall-clock time N days later (= N × 24 h unless the zone has a DST change). */
function addLocalDays(cal: WorkingCalendar, startMs: number, days: number): number {
  const date = cal.dateOf(startMs);
  const sinceMidnight = startMs - localMidnight(cal, date);
  const target = isoDateOfDayNumber(dayNumberOf(date) + days);
  return localMidnight(cal, target) + sinceMidnight;
}

function localMidnight(cal: WorkingCalendar, date: IsoDate): number {
  return cal.startOfDay(date);
}

/**
 * Weeks / months / years per 민법 — our exact interpretation:
 * 1. 제157조 (초일 불산입): counting starts on the day after receipt (기산일). Exception (단서):
 *    a receipt at exactly local 00:00 counts that day as the first day.
 * 2. 제160조: the period ends on the day before the day in the last week/month/year that
 *    corresponds to the 기산일 (2026-04-30 receipt, 1 week → 기산일 5/1 → 말일 5/7); if the
 *    last month has no such day (기산일 1/31, 1 month → "2/31"), it ends on that month's last
 *    day (2/28) — 제160조③. A 기산일 on the 1st therefore yields whole calendar months.
 * 3. 제159조/제161조: the period expires at the end of the last day — for the desk, the end of
 *    that day's working time (18:00). If the last day is not a working day (Saturday, Sunday,
 *    holiday, organisation closure), it expires at 18:00 of the next working day. 제161조 only
 *    names Saturdays and 공휴일; we also skip closures, which only ever favours the customer.
 */
function civilPeriod(cal: WorkingCalendar, startMs: number, period: Period & { amount: number }) {
  const receiptDate = cal.dateOf(startMs);
  const startsAtMidnight = localMidnight(cal, receiptDate) === startMs;
  const receiptDay = dayNumberOf(receiptDate);
  const countFromDay = startsAtMidnight ? receiptDay : receiptDay + 1;
  const countFromDate = isoDateOfDayNumber(countFromDay);
  let lastDate: IsoDate;
  if (period.kind === "weeks") {
    lastDate = isoDateOfDayNumber(countFromDay + 7 * period.amount - 1);
  } else {
    const [y, m, d] = civilOfDayNumber(countFromDay);
    const months = period.kind === "months" ? period.amount : 12 * period.amount;
    const monthIndex = m - 1 + months;
    const ty = y + Math.floor(monthIndex / 12);
    const tm = (monthIndex % 12) + 1;
    const lastOfTarget = daysInMonth(ty, tm);
    lastDate =
      d > lastOfTarget
        ? isoDateOfDayNumber(dayNumberOf(`${ty}-${tm < 10 ? "0" : ""}${tm}-01`) + lastOfTarget - 1) // 제160조③: month end
        : isoDateOfDayNumber(dayNumberOf(`${ty}-${tm < 10 ? "0" : ""}${tm}-${d < 10 ? "0" : ""}${d}`) - 1);
  }
  const finalDate = cal.nextWorkingDay(lastDate, { inclusive: true });
  return { dueAtMs: cal.endOfWorkingDay(finalDate), receiptDate, countFromDate, startsAtMidnight, lastDate, finalDate };
}

// ---------------------------------------------------------------------------------------
// Traces
// ---------------------------------------------------------------------------------------

function base(cal: WorkingCalendar, dueAtMs: number): TraceBase {
  return { zone: cal.zone, calendarFingerprint: cal.fingerprint, dueAtMs };
}

/**
 * Chronological steps over [fromMs, toMs]: for every local date from the date of `fromMs` to
 * the date of `toMs`, either the working periods used (with lunch breaks between them) or the
 * reason the whole day was skipped. Trace-only, so a day loop is fine here.
 */
export function walkSteps(cal: WorkingCalendar, fromMs: number, toMs: number): TraceStep[] {
  const steps: TraceStep[] = [];
  if (!(toMs >= fromMs)) return steps;
  const intervals = cal.workingIntervalsBetween(fromMs, toMs).filter((iv) => iv.endMs > iv.startMs);
  const lastDay = dayNumberOf(cal.dateOf(toMs));
  let k = 0;
  for (let d = dayNumberOf(cal.dateOf(fromMs)); d <= lastDay; d++) {
    const date = isoDateOfDayNumber(d);
    const reason = cal.nonWorkingDayReason(date);
    if (reason) {
      steps.push({ kind: "non_working_day", date, reason });
      continue;
    }
    let prevEnd: number | null = null;
    while (k < intervals.length && intervals[k].date === date) {
      const iv = intervals[k++];
      if (prevEnd !== null && iv.startMs > prevEnd) steps.push({ kind: "break", date, fromMs: prevEnd, toMs: iv.startMs });
      steps.push({ kind: "working", date, fromMs: iv.startMs, toMs: iv.endMs, durationMs: iv.endMs - iv.startMs });
      prevEnd = iv.endMs;
    }
  }
  return steps;
}

export function clockStartReasonOf(cal: WorkingCalendar, ms: number): ClockStartReason {
  if (cal.isWorkingInstant(ms)) return "in_working_time";
  const date = cal.dateOf(ms);
  if (!cal.isWorkingDay(date)) return "non_working_day";
  if (ms < cal.startOfWorkingDay(date)) return "before_hours";
  if (ms >= cal.endOfWorkingDay(date)) return "after_hours";
  return "break";
}

function traceOf(cal: WorkingCalendar, startMs: number, period: Period, dueAtMs: number): DeadlineTrace {
  switch (countingRuleOf(period)) {
    case "working_time": {
      const workingMs = workingDurationOf(cal, period)!;
      return {
        ...base(cal, dueAtMs),
        rule: "working_time",
        period,
        startMs,
        workingMs,
        clockStartMs: cal.nextWorkingMoment(startMs),
        clockStartReason: clockStartReasonOf(cal, startMs),
        steps: walkSteps(cal, startMs, dueAtMs),
      };
    }
    case "working_days": {
      const receiptDate = cal.dateOf(startMs);
      const firstDay = cal.dateOf(cal.endOfNthWorkingDay(startMs, 1));
      const firstDayReason = !cal.isWorkingDay(receiptDate)
        ? "non_working_day"
        : startMs >= cal.endOfWorkingDay(receiptDate)
          ? "after_hours"
          : "receipt_day";
      const steps: TraceStep[] = [];
      const first = dayNumberOf(firstDay);
      const last = dayNumberOf(cal.dateOf(dueAtMs));
      let n = 0;
      for (let d = dayNumberOf(receiptDate); d <= last; d++) {
        const date = isoDateOfDayNumber(d);
        const reason = cal.nonWorkingDayReason(date);
        if (reason) steps.push({ kind: "non_working_day", date, reason });
        else if (d >= first) steps.push({ kind: "working_day", date, dayNumber: ++n });
      }
      return { ...base(cal, dueAtMs), rule: "working_days", period, startMs, firstDay, firstDayReason, steps };
    }
    case "calendar_time":
      return { ...base(cal, dueAtMs), rule: "calendar_time", period, startMs };
    case "civil_period": {
      const c = civilPeriod(cal, startMs, period as Period & { amount: number });
      const steps: TraceStep[] = [];
      for (let d = dayNumberOf(c.lastDate); d < dayNumberOf(c.finalDate); d++) {
        const date = isoDateOfDayNumber(d);
        steps.push({ kind: "non_working_day", date, reason: cal.nonWorkingDayReason(date)! });
      }
      return {
        ...base(cal, dueAtMs),
        rule: "civil_period",
        period,
        startMs,
        receiptDate: c.receiptDate,
        countFromDate: c.countFromDate,
        startsAtMidnight: c.startsAtMidnight,
        lastDate: c.lastDate,
        finalDate: c.finalDate,
        steps,
      };
    }
  }
}

// ---------------------------------------------------------------------------------------
// Date-based deadlines
// ---------------------------------------------------------------------------------------

/**
 * `requested_reply`: 18:00 (end of working day) of the requested date; if that date is not a
 * working day, 18:00 of the working day before it.
 */
export function requestedReplyDeadline(
  cal: WorkingCalendar,
  requestedDate: IsoDate,
  options: { trace: true },
): TracedDeadline<RequestedReplyTrace>;
export function requestedReplyDeadline(cal: WorkingCalendar, requestedDate: IsoDate, options?: TraceOptions): Deadline;
export function requestedReplyDeadline(cal: WorkingCalendar, requestedDate: IsoDate, options?: TraceOptions): Deadline {
  const dueDate = cal.previousWorkingDay(requestedDate, { inclusive: true });
  const dueAtMs = cal.endOfWorkingDay(dueDate);
  if (options?.trace !== true) return { dueAtMs };
  const steps: TraceStep[] = [];
  for (let d = dayNumberOf(dueDate) + 1; d <= dayNumberOf(requestedDate); d++) {
    const date = isoDateOfDayNumber(d);
    steps.push({ kind: "non_working_day", date, reason: cal.nonWorkingDayReason(date)! });
  }
  return { dueAtMs, trace: { ...base(cal, dueAtMs), rule: "requested_reply", requestedDate, dueDate, steps } };
}

/**
 * `promised_date`: 18:00 (end of the last working period) of the promised date — even when the
 * desk promised a non-working day (the trace flags it; we do not move a promise the desk made).
 */
export function promisedDateDeadline(
  cal: WorkingCalendar,
  promisedDate: IsoDate,
  options: { trace: true },
): TracedDeadline<PromisedDateTrace>;
export function promisedDateDeadline(cal: WorkingCalendar, promisedDate: IsoDate, options?: TraceOptions): Deadline;
export function promisedDateDeadline(cal: WorkingCalendar, promisedDate: IsoDate, options?: TraceOptions): Deadline {
  const dueAtMs = cal.endOfWorkingDay(promisedDate);
  if (options?.trace !== true) return { dueAtMs };
  return {
    dueAtMs,
    trace: { ...base(cal, dueAtMs), rule: "promised_date", promisedDate, nonWorkingReason: cal.nonWorkingDayReason(promisedDate) },
  };
}

// ---------------------------------------------------------------------------------------
// Pauses (보완 요청)
// ---------------------------------------------------------------------------------------

/**
 * Moves a running deadline later after a pause [pausedAtMs, resumedAtMs):
 * - working-time and working-day periods: by the working time elapsed during the pause
 *   (a pause over a night, weekend or holiday costs nothing), added after the old deadline
 *   with the same earliest-instant rule as `addWorkingTime`;
 * - calendar_hours / calendar_days: by the wall-clock duration of the pause;
 * - weeks / months / years: by the wall-clock duration too, and — keeping 민법 제161조 — if
 *   the moved deadline lands on a non-working day it becomes 18:00 of the next working day.
 * A pause with resumedAtMs ≤ pausedAtMs changes nothing, and so does a pause that began at or
 * after the deadline: the clock had already run out, and waiting on the customer cannot mend it.
 */
export function extendForPause(
  cal: WorkingCalendar,
  dueAtMs: number,
  pausedAtMs: number,
  resumedAtMs: number,
  period: Period,
  options: { trace: true },
): TracedDeadline<PauseExtensionTrace>;
export function extendForPause(
  cal: WorkingCalendar,
  dueAtMs: number,
  pausedAtMs: number,
  resumedAtMs: number,
  period: Period,
  options?: TraceOptions,
): Deadline;
export function extendForPause(
  cal: WorkingCalendar,
  dueAtMs: number,
  pausedAtMs: number,
  resumedAtMs: number,
  period: Period,
  options?: TraceOptions,
): Deadline {
  const working = isWorkingTimePeriod(period);
  let newDue: number;
  let extensionMs: number;
  let shiftedFromMs: number | undefined;
  let shiftReason: NonWorkingReason | undefined;
  if (pausedAtMs >= dueAtMs) {
    extensionMs = 0;
    newDue = dueAtMs;
  } else if (working) {
    extensionMs = cal.workingTimeBetween(pausedAtMs, resumedAtMs);
    newDue = cal.addWorkingTime(dueAtMs, extensionMs);
  } else {
    extensionMs = resumedAtMs > pausedAtMs ? resumedAtMs - pausedAtMs : 0;
    newDue = dueAtMs + extensionMs;
    if (countingRuleOf(period) === "civil_period" && extensionMs > 0) {
      const date = cal.dateOf(newDue);
      const reason = cal.nonWorkingDayReason(date);
      if (reason) {
        shiftedFromMs = newDue;
        shiftReason = reason;
        newDue = cal.endOfWorkingDay(cal.nextWorkingDay(date));
      }
    }
  }
  if (options?.trace !== true) return { dueAtMs: newDue };
  const trace: PauseExtensionTrace = {
    ...base(cal, newDue),
    rule: "pause_extension",
    period,
    previousDueAtMs: dueAtMs,
    pausedAtMs,
    resumedAtMs,
    basis: working ? "working_time" : "wall_clock",
    extensionMs,
    pauseSteps: resumedAtMs > pausedAtMs && extensionMs > 0 ? walkSteps(cal, pausedAtMs, resumedAtMs) : [],
    steps: working && extensionMs > 0 ? walkSteps(cal, dueAtMs, newDue) : [],
  };
  if (shiftedFromMs !== undefined) {
    trace.shiftedFromMs = shiftedFromMs;
    trace.shiftReason = shiftReason;
  }
  return { dueAtMs: newDue, trace };
}
