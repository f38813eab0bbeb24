/**
 * The working calendar: which instants count as working time (SERVICE-STANDARDS §1).
 *
 * A `CalendarSpec` is plain JSON-serialisable data (stored in the DB, versioned by the
 * caller). `buildCalendar(spec)` turns it into a `WorkingCalendar` that precomputes, lazily
 * per calendar year, the sorted working intervals of that year as epoch-millisecond arrays
 * plus prefix sums of working time. Every arithmetic query (`addWorkingTime`,
 * `workingTimeBetween`, `isWorkingInstant`, ...) is then a binary search inside one year
 * (and at most a walk over year totals when a query spans years) — never a minute or day loop.
 *
 * Pure module: no I/O. Zone conversion uses luxon's IANA zone data.
 */
import { IANAZone } from "luxon";
import { withParticle } from "~/i18n/particles";

// ---------------------------------------------------------------------------------------
// Spec types
// ---------------------------------------------------------------------------------------

// The spec is stored as JSON (calendars.spec): its types belong to the schema.
import type { IsoDate, HolidayEntry, ClosureEntry, ExtraWorkingDayEntry, WorkingPeriodSpec, CalendarSpec } from "~/db/json-types";
export type { IsoDate, HolidayEntry, ClosureEntry, ExtraWorkingDayEntry, WorkingPeriodSpec, CalendarSpec };

export const DEFAULT_ZONE = "Asia/Seoul";

/** SERVICE-STANDARDS §1: 09:00–12:00 and 13:00–18:00, lunch 12:00–13:00. */
export const DEFAULT_PERIODS: readonly WorkingPeriodSpec[] = Object.freeze([
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
]);

export const DEFAULT_WORKING_WEEKDAYS: readonly number[] = Object.freeze([1, 2, 3, 4, 5]);

/** Years the calendar can answer for; queries outside throw a RangeError. */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** The shipped default calendar: KST, 9–12 and 13–18, Mon–Fri, with the given holidays. */
export function defaultCalendarSpec(holidays: readonly HolidayEntry[] = []): CalendarSpec {
  return {
    zone: DEFAULT_ZONE,
    periods: DEFAULT_PERIODS.map((p) => ({ ...p })),
    workingWeekdays: [...DEFAULT_WORKING_WEEKDAYS],
    holidays: holidays.map((h) => ({ date: h.date, name: h.name })),
    closures: [],
    extraWorkingDays: [],
  };
}

// ---------------------------------------------------------------------------------------
// Civil-date helpers (proleptic Gregorian day numbers; 0 = 1970-01-01). No zone involved.
// ---------------------------------------------------------------------------------------

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

// Civil-date conversions use H. Hinnant's days_from_civil / civil_from_days: pure integer
// arithmetic, several times faster than Date + toISOString (they sit on hot deadline paths).

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1–12, day 1–31] of a day number. */
export function civilOfDayNumber(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** Day number of a valid `YYYY-MM-DD`, or NaN if the string is not a real date. */
export function tryDayNumberOf(date: string): number {
  if (typeof date !== "string" || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const m = digit(date, 5) * 10 + digit(date, 6);
  const d = digit(date, 8) * 10 + digit(date, 9);
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m))) return NaN; // NaN fails too
  return daysFromCivil(y, m, d);
}

export function isValidIsoDate(date: string): boolean {
  return !Number.isNaN(tryDayNumberOf(date));
}

/** Day number of `YYYY-MM-DD`; throws a RangeError on an invalid date. */
export function dayNumberOf(date: IsoDate): number {
  const n = tryDayNumberOf(date);
  if (Number.isNaN(n)) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  return n;
}

/** `YYYY-MM-DD` of a day number (years 0000–9999). */
export function isoDateOfDayNumber(dayNumber: number): IsoDate {
  const [y, m, d] = civilOfDayNumber(dayNumber);
  return `${y < 1000 ? String(y).padStart(4, "0") : y}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** ISO weekday 1 (Mon) … 7 (Sun) of a day number (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function isoWeekdayOf(date: IsoDate): number {
  return isoWeekdayOfDayNumber(dayNumberOf(date));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOfDayNumber(dayNumberOf(date) + days);
}

/** Parses "HH:MM" (00:00–23:59, or "24:00" when `allow24`) to minutes of the day, else NaN. */
export function parseClockTime(text: string, allow24 = false): number {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return NaN;
  const h = +m[1];
  const min = +m[2];
  if (allow24 && h === 24 && min === 0) return 1440;
  if (h > 23 || min > 59) return NaN;
  return h * 60 + min;
}

// ---------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------

export type CalendarProblemCode =
  | "invalid_zone"
  | "invalid_time"
  | "empty_period"
  | "periods_unordered"
  | "periods_overlap"
  | "no_working_time"
  | "invalid_weekday"
  | "duplicate_weekday"
  | "no_working_weekday"
  | "invalid_date"
  | "duplicate_date"
  | "missing_name"
  | "closure_on_extra_working_day";

export interface CalendarProblem {
  code: CalendarProblemCode;
  /** `error`s make `buildCalendar` throw; `warning`s are accepted (see each message). */
  severity: "error" | "warning";
  /** Where in the spec, e.g. `periods[1].end`. */
  path: string;
  messageKo: string;
  messageEn: string;
}

/**
 * Returns every problem of a spec (empty list = valid). Defensive about shape because specs
 * come back from the database as JSON.
 */
export function validateCalendarSpec(spec: CalendarSpec): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const add = (code: CalendarProblemCode, severity: "error" | "warning", path: string, ko: string, en: string) =>
    problems.push({ code, severity, path, messageKo: ko, messageEn: en });

  if (typeof spec?.zone !== "string" || !IANAZone.isValidZone(spec.zone)) {
    add("invalid_zone", "error", "zone", `알 수 없는 시간대입니다: ${String(spec?.zone)}`, `Unknown time zone: ${String(spec?.zone)}`);
  }

  // Periods: valid times, start < end, listed in order, not overlapping (touching is fine).
  const periods = Array.isArray(spec?.periods) ? spec.periods : [];
  const parsed: { start: number; end: number; index: number }[] = [];
  periods.forEach((p, i) => {
    const start = parseClockTime(String(p?.start));
    const end = parseClockTime(String(p?.end), true);
    let ok = true;
    if (Number.isNaN(start)) {
      ok = false;
      add(
        "invalid_time",
        "error",
        `periods[${i}].start`,
        `잘못된 시각입니다(HH:MM): ${String(p?.start)}`,
        `Invalid time (HH:MM): ${String(p?.start)}`,
      );
    }
    if (Number.isNaN(end)) {
      ok = false;
      add(
        "invalid_time",
        "error",
        `periods[${i}].end`,
        `잘못된 시각입니다(HH:MM): ${String(p?.end)}`,
        `Invalid time (HH:MM): ${String(p?.end)}`,
      );
    }
    if (ok && end <= start) {
      ok = false;
      add(
        "empty_period",
        "error",
        `periods[${i}]`,
        `근무시간의 종료(${p.end})가 시작(${p.start})보다 늦어야 합니다.`,
        `Working period end (${p.end}) must be after its start (${p.start}).`,
      );
    }
    if (ok) parsed.push({ start, end, index: i });
  });
  for (let k = 1; k < parsed.length; k++) {
    if (parsed[k].start < parsed[k - 1].start) {
      add(
        "periods_unordered",
        "error",
        `periods[${parsed[k].index}]`,
        `근무시간은 시작 시각 순서로 나열해야 합니다.`,
        `Working periods must be listed in order of start time.`,
      );
    }
  }
  const sorted = [...parsed].sort((x, y) => x.start - y.start);
  for (let k = 1; k < sorted.length; k++) {
    const a = periods[sorted[k - 1].index];
    const b = periods[sorted[k].index];
    // Touching periods (12:00–13:00 then 13:00–…) are fine; only a real overlap is an error.
    if (sorted[k].start < sorted[k - 1].end) {
      add(
        "periods_overlap",
        "error",
        `periods[${sorted[k].index}]`,
        `근무시간이 서로 겹칩니다 (${a.start}–${a.end}, ${b.start}–${b.end}).`,
        `Working periods overlap (${a.start}–${a.end}, ${b.start}–${b.end}).`,
      );
    }
  }
  if (parsed.length === 0) {
    add("no_working_time", "error", "periods", `근무시간이 하나도 없습니다.`, `There is no working time at all.`);
  }

  // Weekdays.
  const weekdays = Array.isArray(spec?.workingWeekdays) ? spec.workingWeekdays : [];
  const seenWeekdays = new Set<number>();
  weekdays.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1 || w > 7) {
      add(
        "invalid_weekday",
        "error",
        `workingWeekdays[${i}]`,
        `요일은 1(월)–7(일)이어야 합니다: ${String(w)}`,
        `Weekday must be 1 (Mon)–7 (Sun): ${String(w)}`,
      );
    } else if (seenWeekdays.has(w)) {
      add("duplicate_weekday", "warning", `workingWeekdays[${i}]`, `같은 요일이 두 번 있습니다: ${w}`, `Weekday listed twice: ${w}`);
    } else {
      seenWeekdays.add(w);
    }
  });
  if (seenWeekdays.size === 0) {
    add("no_working_weekday", "error", "workingWeekdays", `근무 요일이 하나도 없습니다.`, `No working weekday.`);
  }

  // Dated lists.
  const checkDates = <T extends { date: string }>(
    list: T[] | undefined,
    key: string,
    label: (e: T) => string | undefined,
    labelKo: string,
    labelEn: string,
  ) => {
    const seen = new Set<string>();
    (Array.isArray(list) ? list : []).forEach((e, i) => {
      const path = `${key}[${i}]`;
      if (!isValidIsoDate(String(e?.date))) {
        add(
          "invalid_date",
          "error",
          `${path}.date`,
          `잘못된 날짜입니다(YYYY-MM-DD): ${String(e?.date)}`,
          `Invalid date (YYYY-MM-DD): ${String(e?.date)}`,
        );
        return;
      }
      if (seen.has(e.date)) {
        add(
          "duplicate_date",
          "warning",
          path,
          `${labelKo} 날짜가 중복됩니다: ${e.date} (이름을 합쳐 사용)`,
          `Duplicate ${labelEn} date: ${e.date} (names are merged)`,
        );
      }
      seen.add(e.date);
      const l = label(e);
      if (l !== undefined && (typeof l !== "string" || l.trim() === "")) {
        add(
          "missing_name",
          "warning",
          path,
          `${labelKo} ${e.date}의 이름(사유)이 비어 있습니다.`,
          `${labelEn} ${e.date} has no name/reason.`,
        );
      }
    });
    return seen;
  };
  checkDates(spec?.holidays, "holidays", (h) => h.name ?? "", "공휴일", "holiday");
  const closureDates = checkDates(spec?.closures, "closures", (c) => c.reason ?? "", "휴무일", "closure");
  const extraDates = checkDates(spec?.extraWorkingDays, "extraWorkingDays", () => undefined, "근무 지정일", "extra working day");
  for (const d of extraDates) {
    if (closureDates.has(d)) {
      add(
        "closure_on_extra_working_day",
        "warning",
        "extraWorkingDays",
        `${withParticle(d, "은")} 휴무일이면서 근무 지정일입니다. 휴무가 우선합니다.`,
        `${d} is both a closure and an extra working day; the closure wins.`,
      );
    }
  }
  return problems;
}

export class CalendarSpecError extends Error {
  constructor(readonly problems: CalendarProblem[]) {
    super(`Invalid calendar spec: ${problems.map((p) => `${p.path}: ${p.messageEn}`).join("; ")}`);
    this.name = "CalendarSpecError";
  }
}

// ---------------------------------------------------------------------------------------
// The calendar
// ---------------------------------------------------------------------------------------

/** Why a date is not a working day. Precedence: closure > extra working day > holiday > weekday. */
export type NonWorkingReason =
  { type: "closure"; reason: string } | { type: "holiday"; name: string } | { type: "weekend"; weekday: number };

export interface WorkingInterval {
  date: IsoDate;
  startMs: number;
  endMs: number;
}

export interface WorkingCalendar {
  readonly spec: CalendarSpec;
  readonly zone: string;
  /** Stable hash of the (canonicalised) spec — lets callers notice a calendar change. */
  readonly fingerprint: string;
  /** Nominal working time of one working day (sum of the periods), e.g. 8 h in ms. */
  readonly workingMsPerDay: number;
  /** The periods as [startMinute, endMinute) of the local day, sorted. */
  readonly periodMinutes: ReadonlyArray<readonly [number, number]>;

  /** Is the date a working day (closure > extra working day > holiday/weekday rules)? */
  isWorkingDay(date: IsoDate): boolean;
  /** Why the date is non-working, or null if it is a working day. */
  nonWorkingDayReason(date: IsoDate): NonWorkingReason | null;
  /** First working day strictly after `date` (or on/after it when `inclusive`). */
  nextWorkingDay(date: IsoDate, options?: { inclusive?: boolean }): IsoDate;
  /** Last working day strictly before `date` (or on/before it when `inclusive`). */
  previousWorkingDay(date: IsoDate, options?: { inclusive?: boolean }): IsoDate;
  /** End of the last period (18:00) on that date as epoch ms — nominal, even on non-working dates. */
  endOfWorkingDay(date: IsoDate): number;
  /** Start of the first period (09:00) on that date as epoch ms — nominal, even on non-working dates. */
  startOfWorkingDay(date: IsoDate): number;
  /** Local 00:00 of the date as epoch ms. */
  startOfDay(date: IsoDate): number;
  /** Local calendar date of an instant. */
  dateOf(ms: number): IsoDate;

  /** Working instants are the half-open intervals [period start, period end): 09:00 is working, 12:00 is not. */
  isWorkingInstant(ms: number): boolean;
  /** `ms` itself if it is a working instant, else the start of the next working period. */
  nextWorkingMoment(ms: number): number;
  /**
   * The earliest instant u ≥ startMs such that workingTimeBetween(startMs, u) = durationMs.
   * Hence: d = 0 → startMs; a start outside working time starts the clock at the next working
   * moment; a total ending exactly at a break start yields the break start (12:00, not 13:00).
   */
  addWorkingTime(startMs: number, durationMs: number): number;
  /** Working time (ms) inside [aMs, bMs); 0 when bMs ≤ aMs. */
  workingTimeBetween(aMs: number, bMs: number): number;
  /**
   * Working-day counting with the first day included: day 1 is the first working day whose
   * working end (18:00) is after `ms` — the receipt day if it is a working day and receipt is
   * before 18:00, else the next working day. Returns the end (18:00) of day `n` (n ≥ 1).
   */
  endOfNthWorkingDay(ms: number, n: number): number;
  /** The working intervals overlapping [fromMs, toMs], clipped to it (trace/explanations). */
  workingIntervalsBetween(fromMs: number, toMs: number): WorkingInterval[];
}

/** One calendar year of precomputed working time. */
interface YearChunk {
  year: number;
  startMs: number; // local 00:00 on Jan 1
  endMs: number; // local 00:00 on Jan 1 of the next year
  starts: Float64Array; // interval starts, sorted
  ends: Float64Array; // interval ends
  cum: Float64Array; // cum[i] = working ms in this year before interval i; cum[n] = total
  total: number;
  intervalDay: Int32Array; // day number of each interval
  workDays: Int32Array; // day numbers of the working days, sorted
  workDayEnd: Float64Array; // end of the last period of each working day
  firstDay: number; // day number of Jan 1
  dayStarts: Float64Array; // local 00:00 of each day of the year, plus Jan 1 of the next year
  dayLinear: Uint8Array; // 1 if the zone offset does not change during that day
}

/** First index i in [0, n) with arr[i] > x, or n. */
function upperBound(arr: Float64Array | Int32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index i in [0, n) with arr[i] >= x, or n. */
function lowerBound(arr: Float64Array | Int32Array, x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** Order-independent JSON of a spec, so equal calendars get equal fingerprints. */
function canonicalSpecJson(spec: CalendarSpec): string {
  const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return JSON.stringify({
    zone: spec.zone,
    periods: spec.periods.map((p) => [p.start, p.end]),
    workingWeekdays: [...new Set(spec.workingWeekdays)].sort(),
    holidays: [...spec.holidays].sort(byDate).map((h) => [h.date, h.name]),
    closures: [...spec.closures].sort(byDate).map((c) => [c.date, c.reason]),
    extraWorkingDays: [...spec.extraWorkingDays].sort(byDate).map((e) => [e.date, e.reason ?? ""]),
  });
}

class Calendar implements WorkingCalendar {
  readonly spec: CalendarSpec;
  readonly zone: string;
  readonly fingerprint: string;
  readonly workingMsPerDay: number;
  readonly periodMinutes: ReadonlyArray<readonly [number, number]>;

  private readonly ianaZone: IANAZone;
  private readonly weekdayWorking: boolean[] = new Array(8).fill(false);
  private readonly holidayNames = new Map<number, string>();
  private readonly closureReasons = new Map<number, string>();
  private readonly extraWorking = new Set<number>();
  private readonly yearStarts: Float64Array; // local Jan 1 00:00 of MIN_YEAR … MAX_YEAR + 1
  private readonly chunks: (YearChunk | undefined)[] = [];
  private lastChunk: YearChunk | undefined;

  constructor(spec: CalendarSpec) {
    // Deep copy so later mutation of the caller's object cannot desynchronise the caches.
    this.spec = JSON.parse(JSON.stringify(spec)) as CalendarSpec;
    this.zone = spec.zone;
    this.ianaZone = IANAZone.create(spec.zone);
    this.fingerprint = fnv1a(canonicalSpecJson(this.spec));
    this.periodMinutes = spec.periods
      .map((p) => [parseClockTime(p.start), parseClockTime(p.end, true)] as const)
      .sort((a, b) => a[0] - b[0]);
    this.workingMsPerDay = this.periodMinutes.reduce((s, [a, b]) => s + (b - a) * MS_PER_MINUTE, 0);
    for (const w of spec.workingWeekdays) this.weekdayWorking[w] = true;
    for (const h of spec.holidays) {
      const d = dayNumberOf(h.date);
      const prev = this.holidayNames.get(d);
      this.holidayNames.set(d, prev && prev !== h.name ? `${prev}·${h.name}` : h.name);
    }
    for (const c of spec.closures) {
      const d = dayNumberOf(c.date);
      const prev = this.closureReasons.get(d);
      this.closureReasons.set(d, prev && prev !== c.reason ? `${prev}·${c.reason}` : c.reason);
    }
    for (const e of spec.extraWorkingDays) this.extraWorking.add(dayNumberOf(e.date));

    const years = CALENDAR_MAX_YEAR - CALENDAR_MIN_YEAR + 2;
    this.yearStarts = new Float64Array(years);
    for (let k = 0; k < years; k++) {
      this.yearStarts[k] = this.wallToEpoch(dayNumberOf(`${CALENDAR_MIN_YEAR + k}-01-01`), 0);
    }
  }

  // ----- zone conversion -----

  /**
   * Epoch ms of local wall time (day number + minutes), independent of today's date (luxon's own
   * conversion guesses from the offset in force *now*, so a repeated hour resolved differently in
   * summer and in winter). Rules, as Temporal's "compatible": a wall time that occurs twice (the
   * hour the clocks go back) is its earlier occurrence; one that never occurs (the hour the
   * clocks go forward) is read in the offset before the change, i.e. moved forward by the gap.
   * So a period 00:00–01:00 on the day New York's clocks go back lasts one hour, not two.
   */
  private wallToEpoch(dayNumber: number, minuteOfDay: number): number {
    const wall = dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE;
    // A zone changes its offset at most once within a day either side of a wall time.
    const offsetBefore = this.ianaZone.offset(wall - MS_PER_DAY);
    const offsetAfter = this.ianaZone.offset(wall + MS_PER_DAY);
    const inBefore = wall - offsetBefore * MS_PER_MINUTE;
    if (offsetBefore === offsetAfter) return inBefore;
    const inAfter = wall - offsetAfter * MS_PER_MINUTE;
    const beforeHolds = this.ianaZone.offset(inBefore) === offsetBefore;
    const afterHolds = this.ianaZone.offset(inAfter) === offsetAfter;
    if (beforeHolds && afterHolds) return Math.min(inBefore, inAfter);
    if (afterHolds) return inAfter;
    return inBefore; // the before-offset reading: valid on its own, or the gap case
  }

  // ----- day status (O(1) map lookups) -----

  private reasonOfDay(dayNumber: number): NonWorkingReason | null {
    const closure = this.closureReasons.get(dayNumber);
    if (closure !== undefined) return { type: "closure", reason: closure };
    if (this.extraWorking.has(dayNumber)) return null;
    const holiday = this.holidayNames.get(dayNumber);
    if (holiday !== undefined) return { type: "holiday", name: holiday };
    const weekday = isoWeekdayOfDayNumber(dayNumber);
    if (!this.weekdayWorking[weekday]) return { type: "weekend", weekday };
    return null;
  }

  private dayIsWorking(dayNumber: number): boolean {
    if (this.closureReasons.has(dayNumber)) return false;
    if (this.extraWorking.has(dayNumber)) return true;
    if (this.holidayNames.has(dayNumber)) return false;
    return this.weekdayWorking[isoWeekdayOfDayNumber(dayNumber)];
  }

  // ----- year chunks -----

  private chunkAt(yearIndex: number): YearChunk {
    if (yearIndex < 0 || yearIndex > CALENDAR_MAX_YEAR - CALENDAR_MIN_YEAR) {
      throw new RangeError(
        `Working calendar covers ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR} only (year ${CALENDAR_MIN_YEAR + yearIndex})`,
      );
    }
    return (this.chunks[yearIndex] ??= this.buildChunk(yearIndex));
  }

  private chunkFor(ms: number): YearChunk {
    const last = this.lastChunk;
    if (last !== undefined && ms >= last.startMs && ms < last.endMs) return last;
    if (!(ms >= this.yearStarts[0] && ms < this.yearStarts[this.yearStarts.length - 1])) {
      throw new RangeError(
        `Instant ${Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms)} is outside the calendar range ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}`,
      );
    }
    const chunk = this.chunkAt(upperBound(this.yearStarts, ms) - 1);
    this.lastChunk = chunk;
    return chunk;
  }

  private chunkForDay(dayNumber: number): YearChunk {
    const last = this.lastChunk;
    if (last !== undefined && dayNumber >= last.firstDay && dayNumber < last.firstDay + last.dayLinear.length) return last;
    const chunk = this.chunkAt(civilOfDayNumber(dayNumber)[0] - CALENDAR_MIN_YEAR);
    this.lastChunk = chunk;
    return chunk;
  }

  private nextChunk(chunk: YearChunk): YearChunk {
    return this.chunkAt(chunk.year + 1 - CALENDAR_MIN_YEAR);
  }

  private buildChunk(yearIndex: number): YearChunk {
    const year = CALENDAR_MIN_YEAR + yearIndex;
    const firstDay = dayNumberOf(`${year}-01-01`);
    const lastDay = dayNumberOf(`${year + 1}-01-01`); // exclusive
    const starts: number[] = [];
    const ends: number[] = [];
    const intervalDay: number[] = [];
    const workDays: number[] = [];
    const workDayEnd: number[] = [];
    const dayStarts = new Float64Array(lastDay - firstDay + 1);
    const dayLinear = new Uint8Array(lastDay - firstDay);
    const periods = this.periodMinutes;

    let midnight = this.yearStarts[yearIndex];
    let offset = this.ianaZone.offset(midnight);
    for (let d = firstDay; d < lastDay; d++) {
      // One zone lookup per day in the common case: if the offset 24 h later is unchanged,
      // that instant is the next local midnight; otherwise resolve it properly.
      let nextMidnight = midnight + MS_PER_DAY;
      let nextOffset = this.ianaZone.offset(nextMidnight);
      if (nextOffset !== offset) {
        nextMidnight = this.wallToEpoch(d + 1, 0);
        nextOffset = this.ianaZone.offset(nextMidnight);
      }
      // No offset change during the day → wall-clock minutes map linearly (the normal case).
      const linear = nextOffset === offset;
      dayStarts[d - firstDay] = midnight;
      dayLinear[d - firstDay] = linear ? 1 : 0;
      if (this.dayIsWorking(d)) {
        let dayEnd = NaN;
        for (const [a, b] of periods) {
          const s = linear ? midnight + a * MS_PER_MINUTE : this.wallToEpoch(d, a);
          const e = linear ? midnight + b * MS_PER_MINUTE : this.wallToEpoch(d, b);
          if (e > s) {
            starts.push(s);
            ends.push(e);
            intervalDay.push(d);
            dayEnd = e;
          }
        }
        if (!Number.isNaN(dayEnd)) {
          workDays.push(d);
          workDayEnd.push(dayEnd);
        }
      }
      midnight = nextMidnight;
      offset = nextOffset;
    }
    dayStarts[lastDay - firstDay] = midnight;

    const n = starts.length;
    const cum = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + (ends[i] - starts[i]);
    return {
      year,
      startMs: this.yearStarts[yearIndex],
      endMs: this.yearStarts[yearIndex + 1],
      starts: Float64Array.from(starts),
      ends: Float64Array.from(ends),
      cum,
      total: cum[n],
      intervalDay: Int32Array.from(intervalDay),
      workDays: Int32Array.from(workDays),
      workDayEnd: Float64Array.from(workDayEnd),
      firstDay,
      dayStarts,
      dayLinear,
    };
  }

  /** Working ms of the chunk's year that lie before `ms` (ms inside the chunk). */
  private positionIn(chunk: YearChunk, ms: number): number {
    const i = upperBound(chunk.ends, ms);
    if (i === chunk.ends.length) return chunk.total;
    const into = ms - chunk.starts[i];
    return chunk.cum[i] + (into > 0 ? into : 0);
  }

  // ----- date API -----

  isWorkingDay(date: IsoDate): boolean {
    return this.dayIsWorking(dayNumberOf(date));
  }

  nonWorkingDayReason(date: IsoDate): NonWorkingReason | null {
    return this.reasonOfDay(dayNumberOf(date));
  }

  nextWorkingDay(date: IsoDate, options?: { inclusive?: boolean }): IsoDate {
    const d = dayNumberOf(date);
    let chunk = this.chunkForDay(d);
    let k = options?.inclusive ? lowerBound(chunk.workDays, d) : upperBound(chunk.workDays, d);
    while (k === chunk.workDays.length) {
      chunk = this.nextChunk(chunk);
      k = 0;
    }
    return isoDateOfDayNumber(chunk.workDays[k]);
  }

  previousWorkingDay(date: IsoDate, options?: { inclusive?: boolean }): IsoDate {
    const d = dayNumberOf(date);
    let chunk = this.chunkForDay(d);
    let k = (options?.inclusive ? upperBound(chunk.workDays, d) : lowerBound(chunk.workDays, d)) - 1;
    while (k < 0) {
      chunk = this.chunkAt(chunk.year - 1 - CALENDAR_MIN_YEAR);
      k = chunk.workDays.length - 1;
    }
    return isoDateOfDayNumber(chunk.workDays[k]);
  }

  /** Epoch ms of a local wall time, using the year chunk's day table when possible. */
  private wallOnDay(dayNumber: number, minuteOfDay: number): number {
    const chunk = this.chunkForDay(dayNumber);
    const i = dayNumber - chunk.firstDay;
    return chunk.dayLinear[i] === 1 ? chunk.dayStarts[i] + minuteOfDay * MS_PER_MINUTE : this.wallToEpoch(dayNumber, minuteOfDay);
  }

  endOfWorkingDay(date: IsoDate): number {
    return this.wallOnDay(dayNumberOf(date), this.periodMinutes[this.periodMinutes.length - 1][1]);
  }

  startOfWorkingDay(date: IsoDate): number {
    return this.wallOnDay(dayNumberOf(date), this.periodMinutes[0][0]);
  }

  /** Local midnight of a date as epoch ms. */
  startOfDay(date: IsoDate): number {
    return this.wallOnDay(dayNumberOf(date), 0);
  }

  dateOf(ms: number): IsoDate {
    const chunk = this.chunkFor(ms);
    return isoDateOfDayNumber(chunk.firstDay + upperBound(chunk.dayStarts, ms) - 1);
  }

  // ----- instant API (binary searches) -----

  isWorkingInstant(ms: number): boolean {
    const chunk = this.chunkFor(ms);
    const i = upperBound(chunk.ends, ms);
    return i < chunk.ends.length && chunk.starts[i] <= ms;
  }

  nextWorkingMoment(ms: number): number {
    let chunk = this.chunkFor(ms);
    const i = upperBound(chunk.ends, ms);
    if (i < chunk.ends.length) return chunk.starts[i] > ms ? chunk.starts[i] : ms;
    do chunk = this.nextChunk(chunk);
    while (chunk.starts.length === 0);
    return chunk.starts[0];
  }

  addWorkingTime(startMs: number, durationMs: number): number {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
      throw new RangeError(`Working duration must be a finite number ≥ 0, got ${durationMs}`);
    }
    if (durationMs === 0) return startMs;
    let chunk = this.chunkFor(startMs);
    // Target position in the year's working-time axis; strictly positive from here on.
    let target = this.positionIn(chunk, startMs) + durationMs;
    while (target > chunk.total) {
      target -= chunk.total;
      chunk = this.nextChunk(chunk);
    }
    // Interval j with cum[j] < target ≤ cum[j+1]: landing exactly on cum[j+1] gives the end of
    // interval j (the break start), which is the "earliest instant" rule.
    const j = lowerBound(chunk.cum, target) - 1;
    return chunk.starts[j] + (target - chunk.cum[j]);
  }

  workingTimeBetween(aMs: number, bMs: number): number {
    if (!(bMs > aMs)) return 0;
    const ca = this.chunkFor(aMs);
    const pa = this.positionIn(ca, aMs);
    const cb = this.chunkFor(bMs);
    const pb = this.positionIn(cb, bMs);
    if (ca === cb) return pb - pa;
    let sum = ca.total - pa + pb;
    for (let y = ca.year + 1; y < cb.year; y++) sum += this.chunkAt(y - CALENDAR_MIN_YEAR).total;
    return sum;
  }

  endOfNthWorkingDay(ms: number, n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`Working-day count must be an integer ≥ 1, got ${n}`);
    let chunk = this.chunkFor(ms);
    let k = upperBound(chunk.workDayEnd, ms);
    let remaining = n - 1;
    for (;;) {
      const available = chunk.workDayEnd.length - k;
      if (remaining < available) return chunk.workDayEnd[k + remaining];
      remaining -= available;
      chunk = this.nextChunk(chunk);
      k = 0;
    }
  }

  workingIntervalsBetween(fromMs: number, toMs: number): WorkingInterval[] {
    const out: WorkingInterval[] = [];
    if (!(toMs >= fromMs)) return out;
    let chunk = this.chunkFor(fromMs);
    let i = upperBound(chunk.ends, fromMs);
    for (;;) {
      if (i === chunk.ends.length) {
        if (chunk.endMs > toMs) break;
        chunk = this.nextChunk(chunk);
        i = 0;
        continue;
      }
      const s = chunk.starts[i];
      if (s >= toMs) break;
      const e = chunk.ends[i];
      out.push({ date: isoDateOfDayNumber(chunk.intervalDay[i]), startMs: s > fromMs ? s : fromMs, endMs: e < toMs ? e : toMs });
      i++;
    }
    return out;
  }
}

/** Validates the spec (throws `CalendarSpecError` on errors) and builds the calendar. */
export function buildCalendar(spec: CalendarSpec): WorkingCalendar {
  const errors = validateCalendarSpec(spec).filter((p) => p.severity === "error");
  if (errors.length > 0) throw new CalendarSpecError(errors);
  return new Calendar(spec);
}
