/**
 * Property-based tests of the calendar arithmetic, and a comparison of the fast (binary search)
 * implementation with a naive reference that walks day by day and minute by minute.
 *
 * The laws (W = workingTimeBetween, add = addWorkingTime, both on one calendar):
 *  - add(t, d) = min{ u ≥ t : W(t, u) = d }   (the "earliest instant" definition; it is what
 *    makes a total ending exactly at 12:00/18:00 yield 12:00/18:00 and not 13:00/09:00)
 *  - add(t, d) ≥ t; add is monotonic in t and in d
 *  - W(t, add(t, d)) = d
 *  - add(add(t, a), b) = add(t, a + b) for ALL t and a, b ≥ 0 — no normalisation of t and no
 *    a, b > 0 restriction is needed. Why the exact-break-end rule does not break it: if
 *    add(t, a) lands exactly on a break start (12:00), a further b > 0 can only start counting
 *    at the break end (13:00), which is what the one-step addition does too; and add(u, 0) = u.
 *    (A mutation test showed the law also holds under a "latest instant" rule, so it is the
 *    earliest-instant check below and the naive comparison that pin 12:00 vs 13:00.) We also
 *    test it on starts normalised to a working moment.
 *  - for d > 0, add(t, d) is a working instant or exactly the end of a working period
 *  - W is additive: W(a, b) + W(b, c) = W(a, c) for a ≤ b ≤ c
 */
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { buildCalendar, defaultCalendarSpec, type CalendarSpec, type WorkingCalendar } from "../../../app/sla/calendar";
import { computeDeadline, extendForPause, periodSchema, type Period } from "../../../app/sla/counting";
import { koreanPublicHolidays } from "../../../app/sla/holidays-kr";

const M = 60_000;
const H = 60 * M;
const SPEC = defaultCalendarSpec(koreanPublicHolidays());
const cal = buildCalendar(SPEC);

const FROM = Date.parse("2024-12-20T00:00:00+09:00");
const TO = Date.parse("2027-12-01T00:00:00+09:00");

/** Instants: arbitrary ms, plus many exactly on interesting wall-clock boundaries. */
const boundaryInstant = fc
  .tuple(
    fc.integer({ min: 0, max: Math.floor((TO - FROM) / 86_400_000) }),
    fc.constantFrom(0, 8 * 60, 9 * 60, 12 * 60, 13 * 60, 18 * 60, 23 * 60 + 59),
    fc.constantFrom(-1, 0, 1),
  )
  .map(([day, minute, jitter]) => FROM + day * 86_400_000 + minute * M + jitter);
const instant = fc.oneof(fc.integer({ min: FROM, max: TO }), boundaryInstant);
const minuteInstant = fc.integer({ min: FROM / M, max: TO / M }).map((m) => m * M);
/** Durations up to ~25 working days, with whole hours and whole minutes over-represented. */
const duration = fc.oneof(
  fc.integer({ min: 0, max: 200 * H }),
  fc.integer({ min: 0, max: 200 }).map((h) => h * H),
  fc.integer({ min: 0, max: 12_000 }).map((m) => m * M),
);

const RUNS = { numRuns: 2000 };

describe("calendar laws (fast-check)", () => {
  it("a deadline is never before its start", () => {
    fc.assert(
      fc.property(instant, duration, (t, d) => cal.addWorkingTime(t, d) >= t),
      RUNS,
    );
  });

  it("monotonic in the start", () => {
    fc.assert(
      fc.property(instant, instant, duration, (a, b, d) => {
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        return cal.addWorkingTime(t1, d) <= cal.addWorkingTime(t2, d);
      }),
      RUNS,
    );
  });

  it("monotonic in the duration", () => {
    fc.assert(
      fc.property(instant, duration, duration, (t, a, b) => {
        const [d1, d2] = a <= b ? [a, b] : [b, a];
        return cal.addWorkingTime(t, d1) <= cal.addWorkingTime(t, d2);
      }),
      RUNS,
    );
  });

  it("add(add(t, a), b) = add(t, a + b) for every t and a, b ≥ 0", () => {
    fc.assert(
      fc.property(
        instant,
        duration,
        duration,
        (t, a, b) => cal.addWorkingTime(cal.addWorkingTime(t, a), b) === cal.addWorkingTime(t, a + b),
      ),
      RUNS,
    );
  });

  it("… and on starts normalised to a working moment", () => {
    fc.assert(
      fc.property(instant, duration, duration, (t0, a, b) => {
        const t = cal.nextWorkingMoment(t0);
        return cal.addWorkingTime(cal.addWorkingTime(t, a), b) === cal.addWorkingTime(t, a + b);
      }),
      RUNS,
    );
  });

  it("W(t, add(t, d)) = d, and add(t, d) is the earliest such instant", () => {
    fc.assert(
      fc.property(instant, duration, (t, d) => {
        const u = cal.addWorkingTime(t, d);
        expect(cal.workingTimeBetween(t, u)).toBe(d);
        if (d > 0) expect(cal.workingTimeBetween(t, u - 1)).toBe(d - 1);
      }),
      RUNS,
    );
  });

  it("a deadline is in working time or exactly at the end of a working period", () => {
    fc.assert(
      fc.property(
        instant,
        duration.filter((d) => d > 0),
        (t, d) => {
          const u = cal.addWorkingTime(t, d);
          const atPeriodEnd = !cal.isWorkingInstant(u) && cal.isWorkingInstant(u - 1);
          return cal.isWorkingInstant(u) || atPeriodEnd;
        },
      ),
      RUNS,
    );
  });

  it("W is additive and nextWorkingMoment costs no working time", () => {
    fc.assert(
      fc.property(instant, instant, instant, (x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        expect(cal.workingTimeBetween(a, b) + cal.workingTimeBetween(b, c)).toBe(cal.workingTimeBetween(a, c));
        const n = cal.nextWorkingMoment(a);
        expect(n).toBeGreaterThanOrEqual(a);
        expect(cal.isWorkingInstant(n)).toBe(true);
        expect(cal.workingTimeBetween(a, n)).toBe(0);
      }),
      RUNS,
    );
  });

  const period: fc.Arbitrary<Period> = fc.oneof(
    fc.record({ kind: fc.constant("working_minutes" as const), amount: fc.integer({ min: 1, max: 3000 }) }),
    fc.record({ kind: fc.constant("working_hours" as const), amount: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant("days" as const), amount: fc.integer({ min: 1, max: 30 }) }),
    fc.constant({ kind: "immediately" as const }),
    fc.record({ kind: fc.constant("calendar_hours" as const), amount: fc.integer({ min: 1, max: 500 }) }),
    fc.record({ kind: fc.constant("calendar_days" as const), amount: fc.integer({ min: 1, max: 60 }) }),
    fc.record({ kind: fc.constant("weeks" as const), amount: fc.integer({ min: 1, max: 10 }) }),
    fc.record({ kind: fc.constant("months" as const), amount: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant("years" as const), amount: fc.integer({ min: 1, max: 2 }) }),
  );

  it("every rule: deadline after the start, monotonic in the start, schema-valid periods", () => {
    fc.assert(
      fc.property(instant, instant, period, (a, b, p) => {
        expect(periodSchema.safeParse(p).success).toBe(true);
        const [t1, t2] = a <= b ? [a, b] : [b, a];
        const d1 = computeDeadline(cal, t1, p).dueAtMs;
        const d2 = computeDeadline(cal, t2, p).dueAtMs;
        expect(d1).toBeGreaterThan(t1);
        expect(d1).toBeLessThanOrEqual(d2);
        // the traced path computes the same deadline
        expect(computeDeadline(cal, t1, p, { trace: true }).dueAtMs).toBe(d1);
      }),
      RUNS,
    );
  });

  it("day-counted and civil deadlines end at the end of a working day", () => {
    const dayPeriod = fc.oneof(
      fc.integer({ min: 6, max: 60 }).map((amount): Period => ({ kind: "days", amount })),
      fc.integer({ min: 1, max: 12 }).map((amount): Period => ({ kind: "months", amount })),
      fc.integer({ min: 1, max: 8 }).map((amount): Period => ({ kind: "weeks", amount })),
    );
    fc.assert(
      fc.property(instant, dayPeriod, (t, p) => {
        const due = computeDeadline(cal, t, p).dueAtMs;
        const date = cal.dateOf(due);
        expect(cal.isWorkingDay(date)).toBe(true);
        expect(due).toBe(cal.endOfWorkingDay(date));
      }),
      RUNS,
    );
  });

  it("weeks: the last day is receipt date + 7N (초일 불산입) unless received at 00:00", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 8 }), (t, n) => {
        const r = computeDeadline(cal, t, { kind: "weeks", amount: n }, { trace: true });
        if (r.trace.rule !== "civil_period") throw new Error();
        const receipt = DateTime.fromISO(r.trace.receiptDate, { zone: "UTC" });
        const expected = receipt.plus({ days: 7 * n - (r.trace.startsAtMidnight ? 1 : 0) }).toISODate();
        expect(r.trace.lastDate).toBe(expected);
      }),
      RUNS,
    );
  });

  it("pause (working periods): the deadline moves by exactly the working time of a pause that began before it", () => {
    fc.assert(
      fc.property(instant, duration, instant, instant, (t, d, x, y) => {
        const p: Period = { kind: "working_minutes", amount: Math.max(1, Math.round(d / M)) };
        const due = computeDeadline(cal, t, p).dueAtMs;
        const [paused, resumed] = x <= y ? [x, y] : [y, x];
        const moved = extendForPause(cal, due, paused, resumed, p).dueAtMs;
        // A pause that begins once the clock has run out mends nothing.
        if (paused >= due) {
          expect(moved).toBe(due);
        } else {
          expect(moved).toBeGreaterThanOrEqual(due);
          expect(cal.workingTimeBetween(due, moved)).toBe(cal.workingTimeBetween(paused, resumed));
        }
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------------------------------
// Naive reference: day by day (luxon per day), minute by minute inside working periods.
// Written independently of calendar.ts: it reads the spec directly.
// ---------------------------------------------------------------------------------------

function naiveDayIsWorking(spec: CalendarSpec, date: string): boolean {
  if (spec.closures.some((c) => c.date === date)) return false;
  if (spec.extraWorkingDays.some((e) => e.date === date)) return true;
  if (spec.holidays.some((h) => h.date === date)) return false;
  return spec.workingWeekdays.includes(DateTime.fromISO(date, { zone: spec.zone }).weekday);
}

/**
 * A wall time's instant, found by reading the clock minute by minute around it. Luxon's fromISO
 * is not used on days with an offset change: it picks between two occurrences of a repeated hour
 * by the offset in force on the day the test runs. Rules: a repeated wall time is its earlier
 * occurrence; a skipped one is read in the offset before the change.
 */
const naiveWallCache = new Map<string, number>();
function naiveWall(zone: string, date: string, hhmm: string): number {
  const key = `${zone} ${date}T${hhmm}`;
  const cached = naiveWallCache.get(key);
  if (cached !== undefined) return cached;
  const noonOffset = (d: string) => DateTime.fromISO(`${d}T12:00`, { zone }).offset;
  const dayBefore = DateTime.fromISO(date, { zone: "UTC" }).minus({ days: 1 }).toISODate()!;
  let ms: number;
  if (noonOffset(dayBefore) === noonOffset(naiveNextDate(date))) {
    ms = DateTime.fromISO(`${date}T${hhmm}`, { zone }).toMillis();
  } else {
    const target = `${date}T${hhmm}`;
    const asUtc = Date.parse(`${target}:00Z`);
    const read = (t: number) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
    ms = NaN;
    let lastBefore = NaN;
    for (let t = asUtc - 15 * H; t <= asUtc + 15 * H; t += M) {
      const shown = read(t);
      if (shown === target) {
        ms = t;
        break;
      }
      if (shown < target) lastBefore = t;
    }
    if (Number.isNaN(ms)) ms = asUtc - DateTime.fromMillis(lastBefore, { zone }).offset * M;
  }
  naiveWallCache.set(key, ms);
  return ms;
}

function naivePeriods(spec: CalendarSpec, date: string): [number, number][] {
  const at = (hhmm: string) => (hhmm === "24:00" ? naiveWall(spec.zone, naiveNextDate(date), "00:00") : naiveWall(spec.zone, date, hhmm));
  return spec.periods.map((p) => [at(p.start), at(p.end)]);
}

const naiveDate = (spec: CalendarSpec, ms: number) => DateTime.fromMillis(ms, { zone: spec.zone }).toISODate()!;
const naiveNextDate = (date: string) => DateTime.fromISO(date, { zone: "UTC" }).plus({ days: 1 }).toISODate()!;

/** Minute-aligned t: the end of the `minutes`-th working minute at or after t. */
function naiveAddMinutes(spec: CalendarSpec, t: number, minutes: number): number {
  if (minutes === 0) return t;
  let remaining = minutes;
  for (let date = naiveDate(spec, t), guard = 0; guard < 5000; date = naiveNextDate(date), guard++) {
    if (!naiveDayIsWorking(spec, date)) continue;
    for (const [s, e] of naivePeriods(spec, date)) {
      for (let x = s; x < e; x += M) {
        if (x < t) continue;
        if (--remaining === 0) return x + M;
      }
    }
  }
  throw new Error("naive walk ran away");
}

function naiveWorkingBetween(spec: CalendarSpec, a: number, b: number): number {
  let minutes = 0;
  for (let date = naiveDate(spec, a); date <= naiveDate(spec, b); date = naiveNextDate(date)) {
    if (!naiveDayIsWorking(spec, date)) continue;
    for (const [s, e] of naivePeriods(spec, date)) for (let x = s; x < e; x += M) if (x >= a && x < b) minutes++;
  }
  return minutes * M;
}

/**
 * Working days, first day included (receipt day if working and before its end), end of day N. A
 * day counts only when it has working time: a working day whose hours all fall in the hour
 * skipped by a daylight-saving change (02:30–03:00 in New York on 2026-03-08) has none.
 */
function naiveDayCount(spec: CalendarSpec, t: number, n: number): number {
  let date = naiveDate(spec, t);
  const end = (d: string) => naivePeriods(spec, d).at(-1)![1];
  const counts = (d: string) => naiveDayIsWorking(spec, d) && naivePeriods(spec, d).some(([s, e]) => e > s);
  if (!(counts(date) && t < end(date))) {
    do date = naiveNextDate(date);
    while (!counts(date));
  }
  for (let k = 1; k < n; k++) {
    do date = naiveNextDate(date);
    while (!counts(date));
  }
  return end(date);
}

/** Random calendars: 1–3 periods, random weekdays, closures and extra working days in 2026. */
const dateIn2026 = fc
  .integer({ min: 0, max: 364 })
  .map((d) => DateTime.fromISO("2026-01-01", { zone: "UTC" }).plus({ days: d }).toISODate()!);
const randomSpec: fc.Arbitrary<CalendarSpec> = fc
  .record({
    cuts: fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { minLength: 2, maxLength: 6 }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    closures: fc.array(dateIn2026, { maxLength: 20 }),
    extras: fc.array(dateIn2026, { maxLength: 10 }),
    zone: fc.constantFrom("Asia/Seoul", "Asia/Seoul", "Europe/Berlin", "America/New_York"),
  })
  .map(({ cuts, weekdays, closures, extras, zone }) => {
    // Cut points on a half-hour grid → consecutive pairs are ordered, non-overlapping periods.
    const sorted = [...cuts].sort((a, b) => a - b);
    const hhmm = (halfHours: number) => `${String(Math.floor(halfHours / 2)).padStart(2, "0")}:${halfHours % 2 ? "30" : "00"}`;
    const periods = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) periods.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
    return {
      zone,
      periods,
      workingWeekdays: weekdays,
      holidays: SPEC.holidays.filter((h) => h.date.startsWith("2026")),
      closures: closures.map((date) => ({ date, reason: "closed" })),
      extraWorkingDays: extras.map((date) => ({ date })),
    };
  });
const in2026 = fc.integer({ min: Date.parse("2026-01-01T00:00:00Z") / M, max: Date.parse("2026-10-01T00:00:00Z") / M }).map((m) => m * M);

describe("fast implementation = naive minute walk", () => {
  it("addWorkingTime on the KR calendar (minute-aligned)", () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 0, max: 2400 }), (t, minutes) => {
        expect(cal.addWorkingTime(t, minutes * M)).toBe(naiveAddMinutes(SPEC, t, minutes));
      }),
      { numRuns: 1000 },
    );
  });

  it("workingTimeBetween on the KR calendar (minute-aligned)", () => {
    fc.assert(
      fc.property(minuteInstant, fc.integer({ min: 0, max: 20 * 24 * 60 }), (a, span) => {
        expect(cal.workingTimeBetween(a, a + span * M)).toBe(naiveWorkingBetween(SPEC, a, a + span * M));
      }),
      { numRuns: 500 },
    );
  });

  it("days ≥ 6 on the KR calendar", () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 6, max: 40 }), (t, n) => {
        expect(computeDeadline(cal, t, { kind: "days", amount: n }).dueAtMs).toBe(naiveDayCount(SPEC, t, n));
      }),
      { numRuns: 1000 },
    );
  });

  it("a working day whose hours fall entirely in a skipped hour is not counted as a day (CI counterexample)", () => {
    const spec: CalendarSpec = {
      zone: "America/New_York",
      periods: [{ start: "02:30", end: "03:00" }],
      workingWeekdays: [1],
      holidays: SPEC.holidays.filter((h) => h.date.startsWith("2026")),
      closures: [],
      extraWorkingDays: [{ date: "2026-03-08" }],
    };
    const t = Date.parse("2026-01-01T00:00:00Z");
    const due = computeDeadline(buildCalendar(spec), t, { kind: "days", amount: 8 }).dueAtMs;
    // Mondays Jan 5 … Feb 23 (Feb 16 and Mar 2 are holidays) are days 1–7; Sunday Mar 8 has no
    // working time, so day 8 is Monday Mar 9, ending 03:00 EDT.
    expect(due).toBe(Date.parse("2026-03-09T07:00:00Z"));
    expect(due).toBe(naiveDayCount(spec, t, 8));
  });

  it("random calendars (periods, weekdays, closures, extra days, DST zones)", () => {
    fc.assert(
      fc.property(randomSpec, in2026, fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 6, max: 20 }), (spec, t, minutes, n) => {
        const c: WorkingCalendar = buildCalendar(spec);
        expect(c.addWorkingTime(t, minutes * M)).toBe(naiveAddMinutes(spec, t, minutes));
        expect(c.workingTimeBetween(t, t + minutes * 10 * M)).toBe(naiveWorkingBetween(spec, t, t + minutes * 10 * M));
        expect(computeDeadline(c, t, { kind: "days", amount: n }).dueAtMs).toBe(naiveDayCount(spec, t, n));
      }),
      { numRuns: 300 },
    );
  });
});
