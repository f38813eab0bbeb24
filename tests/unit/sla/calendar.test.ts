import { describe, expect, it } from "vitest";
import {
  CalendarSpecError,
  buildCalendar,
  dayNumberOf,
  defaultCalendarSpec,
  isValidIsoDate,
  isoDateOfDayNumber,
  isoWeekdayOf,
  validateCalendarSpec,
  type CalendarSpec,
  type WorkingCalendar,
} from "../../../app/sla/calendar";
import { computeDeadline } from "../../../app/sla/counting";
import { koreanPublicHolidays } from "../../../app/sla/holidays-kr";

const H = 3_600_000;
const M = 60_000;
/** "2026-04-30 15:00" (KST) → epoch ms. */
const kst = (s: string) => Date.parse(`${s.replace(" ", "T")}:00+09:00`);
/** epoch ms → "2026-04-30 15:00" (KST). */
const show = (ms: number) => new Date(ms + 9 * H).toISOString().slice(0, 16).replace("T", " ");

const cal = buildCalendar(defaultCalendarSpec(koreanPublicHolidays()));

describe("civil date helpers", () => {
  it("round-trips day numbers and validates dates", () => {
    expect(dayNumberOf("1970-01-01")).toBe(0);
    expect(isoDateOfDayNumber(dayNumberOf("2026-04-30"))).toBe("2026-04-30");
    for (let d = dayNumberOf("1999-12-25"); d < dayNumberOf("2101-01-10"); d += 17) {
      expect(dayNumberOf(isoDateOfDayNumber(d))).toBe(d);
      expect(isoDateOfDayNumber(d)).toBe(new Date(d * 86_400_000).toISOString().slice(0, 10));
    }
    expect(isValidIsoDate("2028-02-29")).toBe(true);
    expect(isValidIsoDate("2027-02-29")).toBe(false);
    expect(isValidIsoDate("2100-02-29")).toBe(false);
    expect(isValidIsoDate("2026-4-30")).toBe(false);
    expect(isValidIsoDate("2026-13-01")).toBe(false);
    expect(() => dayNumberOf("2026-02-30")).toThrow(RangeError);
    expect(isoWeekdayOf("2026-04-30")).toBe(4); // Thursday
    expect(isoWeekdayOf("2026-05-03")).toBe(7); // Sunday
  });
});

describe("CalendarSpec", () => {
  it("defaults to KST, 9–12 and 13–18, Mon–Fri, and survives JSON", () => {
    const spec = defaultCalendarSpec([{ date: "2026-05-01", name: "노동절" }]);
    expect(spec).toEqual({
      zone: "Asia/Seoul",
      periods: [
        { start: "09:00", end: "12:00" },
        { start: "13:00", end: "18:00" },
      ],
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [{ date: "2026-05-01", name: "노동절" }],
      closures: [],
      extraWorkingDays: [],
    });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    expect(validateCalendarSpec(spec)).toEqual([]);
    expect(buildCalendar(JSON.parse(JSON.stringify(spec))).workingMsPerDay).toBe(8 * H);
  });

  const bad = (patch: Partial<CalendarSpec>) => ({ ...defaultCalendarSpec(), ...patch });
  it.each<[string, Partial<CalendarSpec>, string]>([
    ["bad time", { periods: [{ start: "09:00", end: "25:00" }] }, "invalid_time"],
    ["malformed time", { periods: [{ start: "9:00", end: "12:00" }] }, "invalid_time"],
    ["end before start", { periods: [{ start: "12:00", end: "09:00" }] }, "empty_period"],
    ["empty period", { periods: [{ start: "09:00", end: "09:00" }] }, "empty_period"],
    [
      "unordered",
      {
        periods: [
          { start: "13:00", end: "18:00" },
          { start: "09:00", end: "12:00" },
        ],
      },
      "periods_unordered",
    ],
    [
      "overlap",
      {
        periods: [
          { start: "09:00", end: "13:30" },
          { start: "13:00", end: "18:00" },
        ],
      },
      "periods_overlap",
    ],
    ["no working time", { periods: [] }, "no_working_time"],
    ["no weekday", { workingWeekdays: [] }, "no_working_weekday"],
    ["weekday out of range", { workingWeekdays: [0, 1] }, "invalid_weekday"],
    ["zone", { zone: "Asia/Nowhere" }, "invalid_zone"],
    ["holiday date", { holidays: [{ date: "2026-02-30", name: "x" }] }, "invalid_date"],
    ["closure date", { closures: [{ date: "20260501", reason: "x" }] }, "invalid_date"],
  ])("rejects %s", (_label, patch, code) => {
    const problems = validateCalendarSpec(bad(patch));
    const p = problems.find((x) => x.code === code);
    expect(p, JSON.stringify(problems)).toBeDefined();
    expect(p!.severity).toBe("error");
    expect(p!.messageKo.length).toBeGreaterThan(0);
    expect(p!.messageEn.length).toBeGreaterThan(0);
    expect(() => buildCalendar(bad(patch))).toThrow(CalendarSpecError);
  });

  it("accepts touching periods and 24:00, warns on duplicates and closure/extra conflicts", () => {
    expect(
      validateCalendarSpec(
        bad({
          periods: [
            { start: "00:00", end: "12:00" },
            { start: "12:00", end: "24:00" },
          ],
        }),
      ),
    ).toEqual([]);
    const problems = validateCalendarSpec(
      bad({
        holidays: [
          { date: "2026-05-01", name: "a" },
          { date: "2026-05-01", name: "b" },
        ],
        closures: [{ date: "2026-05-04", reason: "이전" }],
        extraWorkingDays: [{ date: "2026-05-04" }],
      }),
    );
    expect(problems.map((p) => [p.code, p.severity])).toEqual([
      ["duplicate_date", "warning"],
      ["closure_on_extra_working_day", "warning"],
    ]);
  });

  it("fingerprint ignores list order but not content; later mutation of the spec has no effect", () => {
    const a = defaultCalendarSpec(koreanPublicHolidays());
    const b = { ...a, holidays: [...a.holidays].reverse() };
    expect(buildCalendar(a).fingerprint).toBe(buildCalendar(b).fingerprint);
    const c = { ...a, closures: [{ date: "2026-05-04", reason: "전산 이전" }] };
    const calC = buildCalendar(c);
    expect(calC.fingerprint).not.toBe(buildCalendar(a).fingerprint);
    c.closures.length = 0;
    expect(calC.isWorkingDay("2026-05-04")).toBe(false);
  });
});

describe("working days", () => {
  const spec: CalendarSpec = {
    ...defaultCalendarSpec(koreanPublicHolidays()),
    closures: [
      { date: "2026-05-04", reason: "전산 이전" },
      { date: "2026-05-09", reason: "정전" },
    ],
    extraWorkingDays: [{ date: "2026-05-09" }, { date: "2026-05-16", reason: "토요 근무" }, { date: "2026-05-25" }],
  };
  const c = buildCalendar(spec);

  it.each<[string, boolean, unknown]>([
    ["2026-04-30", true, null], // Thu
    ["2026-05-01", false, { type: "holiday", name: "노동절" }],
    ["2026-05-02", false, { type: "weekend", weekday: 6 }],
    ["2026-05-03", false, { type: "weekend", weekday: 7 }],
    ["2026-05-04", false, { type: "closure", reason: "전산 이전" }],
    ["2026-05-09", false, { type: "closure", reason: "정전" }], // closure beats extra working day
    ["2026-05-16", true, null], // Saturday made working
    ["2026-05-24", false, { type: "holiday", name: "부처님 오신 날" }], // Sunday holiday: holiday name wins
    ["2026-05-25", true, null], // substitute holiday made working
  ])("%s working=%s", (date, working, reason) => {
    expect(c.isWorkingDay(date)).toBe(working);
    expect(c.nonWorkingDayReason(date)).toEqual(reason);
  });

  it("next/previous working day, exclusive by default, inclusive on request, across years", () => {
    expect(cal.nextWorkingDay("2026-04-30")).toBe("2026-05-04");
    expect(cal.nextWorkingDay("2026-04-30", { inclusive: true })).toBe("2026-04-30");
    expect(cal.nextWorkingDay("2026-05-01", { inclusive: true })).toBe("2026-05-04");
    expect(cal.previousWorkingDay("2026-05-04")).toBe("2026-04-30");
    expect(cal.previousWorkingDay("2026-05-04", { inclusive: true })).toBe("2026-05-04");
    expect(cal.previousWorkingDay("2026-05-03", { inclusive: true })).toBe("2026-04-30");
    expect(cal.nextWorkingDay("2026-12-31")).toBe("2027-01-04"); // 1/1 holiday, 1/2–3 weekend
    expect(cal.previousWorkingDay("2027-01-04")).toBe("2026-12-31");
    expect(cal.nextWorkingDay("2026-02-13")).toBe("2026-02-19"); // 설날 2/16–18
  });

  it("start/end of working day and local dates", () => {
    expect(cal.endOfWorkingDay("2026-04-30")).toBe(kst("2026-04-30 18:00"));
    expect(cal.startOfWorkingDay("2026-04-30")).toBe(kst("2026-04-30 09:00"));
    expect(cal.endOfWorkingDay("2026-05-03")).toBe(kst("2026-05-03 18:00")); // nominal on a Sunday
    expect(cal.startOfDay("2026-04-30")).toBe(kst("2026-04-30 00:00"));
    expect(cal.dateOf(kst("2026-04-30 23:59"))).toBe("2026-04-30");
    expect(cal.dateOf(kst("2026-05-01 00:00"))).toBe("2026-05-01");
    expect(cal.dateOf(Date.parse("2026-04-30T15:00:00Z"))).toBe("2026-05-01"); // 00:00 KST
  });
});

describe("working instants and arithmetic", () => {
  it.each<[string, boolean]>([
    ["2026-05-04 08:59", false],
    ["2026-05-04 09:00", true],
    ["2026-05-04 11:59", true],
    ["2026-05-04 12:00", false],
    ["2026-05-04 12:59", false],
    ["2026-05-04 13:00", true],
    ["2026-05-04 17:59", true],
    ["2026-05-04 18:00", false],
    ["2026-05-05 10:00", false], // 어린이날
    ["2026-05-02 10:00", false], // Saturday
  ])("isWorkingInstant(%s) = %s", (t, expected) => {
    expect(cal.isWorkingInstant(kst(t))).toBe(expected);
  });

  it("half-open boundaries to the millisecond", () => {
    expect(cal.isWorkingInstant(kst("2026-05-04 12:00") - 1)).toBe(true);
    expect(cal.isWorkingInstant(kst("2026-05-04 18:00") - 1)).toBe(true);
    expect(cal.isWorkingInstant(kst("2026-05-04 09:00") - 1)).toBe(false);
  });

  it.each<[string, string]>([
    ["2026-05-04 10:00", "2026-05-04 10:00"],
    ["2026-05-04 07:00", "2026-05-04 09:00"],
    ["2026-05-04 12:00", "2026-05-04 13:00"],
    ["2026-05-04 18:00", "2026-05-06 09:00"], // 5/5 holiday
    ["2026-04-30 18:30", "2026-05-04 09:00"], // 노동절 + weekend
    ["2026-12-31 18:00", "2027-01-04 09:00"],
  ])("nextWorkingMoment(%s) = %s", (t, expected) => {
    expect(show(cal.nextWorkingMoment(kst(t)))).toBe(expected);
  });

  it("addWorkingTime: zero, negative, exact break ends, year boundary", () => {
    const t = kst("2026-05-04 12:00");
    expect(cal.addWorkingTime(t, 0)).toBe(t);
    expect(() => cal.addWorkingTime(t, -1)).toThrow(RangeError);
    expect(() => cal.addWorkingTime(t, Number.NaN)).toThrow(RangeError);
    expect(show(cal.addWorkingTime(kst("2026-05-04 11:00"), H))).toBe("2026-05-04 12:00");
    expect(show(cal.addWorkingTime(kst("2026-05-04 11:00"), H + M))).toBe("2026-05-04 13:01");
    expect(show(cal.addWorkingTime(kst("2026-05-04 17:00"), H))).toBe("2026-05-04 18:00");
    expect(show(cal.addWorkingTime(kst("2026-12-31 17:00"), 2 * H))).toBe("2027-01-04 10:00");
    expect(show(cal.addWorkingTime(kst("2026-06-01 09:00"), 8 * H * 300))).toBe(show(cal.endOfNthWorkingDay(kst("2026-06-01 09:00"), 300)));
  });

  it("workingTimeBetween: empty, partial, across years", () => {
    expect(cal.workingTimeBetween(kst("2026-05-04 10:00"), kst("2026-05-04 10:00"))).toBe(0);
    expect(cal.workingTimeBetween(kst("2026-05-04 10:00"), kst("2026-05-04 09:00"))).toBe(0);
    expect(cal.workingTimeBetween(kst("2026-05-04 11:30"), kst("2026-05-04 13:30"))).toBe(H);
    expect(cal.workingTimeBetween(kst("2026-05-02 00:00"), kst("2026-05-04 00:00"))).toBe(0);
    expect(cal.workingTimeBetween(kst("2026-12-31 17:00"), kst("2027-01-04 10:00"))).toBe(2 * H);
    // A whole year of 2027 = working days × 8 h.
    let days = 0;
    for (let d = dayNumberOf("2027-01-01"); d < dayNumberOf("2028-01-01"); d++) if (cal.isWorkingDay(isoDateOfDayNumber(d))) days++;
    expect(cal.workingTimeBetween(kst("2027-01-01 00:00"), kst("2028-01-01 00:00"))).toBe(days * 8 * H);
    expect(cal.workingTimeBetween(kst("2025-06-01 00:00"), kst("2028-06-01 00:00"))).toBe(
      cal.workingTimeBetween(kst("2025-06-01 00:00"), kst("2027-01-01 00:00")) +
        cal.workingTimeBetween(kst("2027-01-01 00:00"), kst("2028-06-01 00:00")),
    );
  });

  it("endOfNthWorkingDay: first day included when before 18:00", () => {
    expect(show(cal.endOfNthWorkingDay(kst("2026-04-30 17:59"), 1))).toBe("2026-04-30 18:00");
    expect(show(cal.endOfNthWorkingDay(kst("2026-04-30 18:00"), 1))).toBe("2026-05-04 18:00");
    expect(show(cal.endOfNthWorkingDay(kst("2026-04-30 07:00"), 2))).toBe("2026-05-04 18:00");
    expect(() => cal.endOfNthWorkingDay(kst("2026-04-30 07:00"), 0)).toThrow(RangeError);
  });

  it("workingIntervalsBetween clips to the window", () => {
    expect(
      cal
        .workingIntervalsBetween(kst("2026-04-30 15:00"), kst("2026-05-04 15:00"))
        .map((iv) => [iv.date, show(iv.startMs), show(iv.endMs)]),
    ).toEqual([
      ["2026-04-30", "2026-04-30 15:00", "2026-04-30 18:00"],
      ["2026-05-04", "2026-05-04 09:00", "2026-05-04 12:00"],
      ["2026-05-04", "2026-05-04 13:00", "2026-05-04 15:00"],
    ]);
  });

  it("refuses instants outside 2000–2100", () => {
    expect(() => cal.addWorkingTime(Date.parse("1999-06-01T00:00:00Z"), H)).toThrow(RangeError);
    expect(() => cal.isWorkingInstant(Date.parse("2101-06-01T00:00:00Z"))).toThrow(RangeError);
    expect(() => cal.addWorkingTime(kst("2100-12-31 17:00"), 2 * H)).toThrow(RangeError);
  });
});

describe("other calendars", () => {
  it("custom periods, Saturday working, 24:00 end", () => {
    const c = buildCalendar({
      zone: "Asia/Seoul",
      periods: [{ start: "10:00", end: "16:00" }],
      workingWeekdays: [1, 2, 3, 4, 5, 6],
      holidays: [],
      closures: [],
      extraWorkingDays: [],
    });
    expect(c.workingMsPerDay).toBe(6 * H);
    expect(show(c.addWorkingTime(kst("2026-05-01 15:00"), 2 * H))).toBe("2026-05-02 11:00"); // no holidays, Saturday works
    expect(show(c.addWorkingTime(kst("2026-05-02 15:00"), 2 * H))).toBe("2026-05-04 11:00"); // Sunday off
    const allDay = buildCalendar({
      ...defaultCalendarSpec(),
      periods: [{ start: "00:00", end: "24:00" }],
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    expect(allDay.workingTimeBetween(kst("2026-05-01 00:00"), kst("2026-05-08 00:00"))).toBe(7 * 24 * H);
    expect(allDay.endOfWorkingDay("2026-05-01")).toBe(kst("2026-05-02 00:00"));
  });

  it("does not assume a fixed offset: Europe/Berlin across the DST change", () => {
    const berlin = buildCalendar({ ...defaultCalendarSpec(), zone: "Europe/Berlin" });
    // Fri 2026-03-27 is CET (+01:00); Mon 2026-03-30 is CEST (+02:00).
    expect(berlin.startOfWorkingDay("2026-03-27")).toBe(Date.parse("2026-03-27T08:00:00Z"));
    expect(berlin.startOfWorkingDay("2026-03-30")).toBe(Date.parse("2026-03-30T07:00:00Z"));
    expect(berlin.addWorkingTime(Date.parse("2026-03-27T16:00:00Z"), 2 * H)).toBe(Date.parse("2026-03-30T08:00:00Z")); // Fri 17:00 + 2h → Mon 10:00 CEST
    const allDay = buildCalendar({
      ...defaultCalendarSpec(),
      zone: "Europe/Berlin",
      periods: [{ start: "00:00", end: "24:00" }],
      workingWeekdays: [1, 2, 3, 4, 5, 6, 7],
    });
    // Sunday 2026-03-29 has 23 hours; Sunday 2026-10-25 has 25.
    expect(allDay.workingTimeBetween(allDay.startOfDay("2026-03-29"), allDay.startOfDay("2026-03-30"))).toBe(23 * H);
    expect(allDay.workingTimeBetween(allDay.startOfDay("2026-10-25"), allDay.startOfDay("2026-10-26"))).toBe(25 * H);
    expect(allDay.dateOf(Date.parse("2026-03-29T22:30:00Z"))).toBe("2026-03-30");
  });

  // The clocks go back on Sundays 2026-10-25 (Berlin, 03:00 CEST → 02:00 CET) and 2026-11-01
  // (New York, 02:00 EDT → 01:00 EST), forward on 2026-03-29 (Berlin) and 2026-03-08 (New York).
  const sundays = (zone: string, start: string, end: string) =>
    buildCalendar({ zone, periods: [{ start, end }], workingWeekdays: [7], holidays: [], closures: [], extraWorkingDays: [] });
  const hoursWorked = (c: WorkingCalendar, date: string) => c.workingTimeBetween(c.startOfDay(date), c.endOfWorkingDay(date)) / H;

  it("a wall time that occurs twice is its earlier occurrence, whatever the date the desk runs on", () => {
    // A CI run in December found the period 00:00–01:00 ending at the second 01:00 (two hours).
    const midnightToOne = sundays("America/New_York", "00:00", "01:00");
    expect(midnightToOne.startOfWorkingDay("2026-11-01")).toBe(Date.parse("2026-11-01T04:00:00Z"));
    expect(midnightToOne.endOfWorkingDay("2026-11-01")).toBe(Date.parse("2026-11-01T05:00:00Z"));
    expect(hoursWorked(midnightToOne, "2026-11-01")).toBe(1);
    // 12 working days from Sunday 2026-08-09 01:00 EDT end on 2026-11-01 (the counterexample).
    expect(computeDeadline(midnightToOne, Date.parse("2026-08-09T05:00:00Z"), { kind: "days", amount: 12 }).dueAtMs).toBe(
      Date.parse("2026-11-01T05:00:00Z"),
    );
    // A period across the repeated hour holds both of its occurrences.
    const oneToTwo = sundays("America/New_York", "01:00", "02:00");
    expect(oneToTwo.startOfWorkingDay("2026-11-01")).toBe(Date.parse("2026-11-01T05:00:00Z"));
    expect(hoursWorked(oneToTwo, "2026-11-01")).toBe(2);
    // East of Greenwich the same rule: Berlin's 02:30 on 2026-10-25 is 02:30 CEST.
    const berlin = sundays("Europe/Berlin", "00:00", "02:30");
    expect(berlin.endOfWorkingDay("2026-10-25")).toBe(Date.parse("2026-10-25T00:30:00Z"));
    expect(hoursWorked(berlin, "2026-10-25")).toBe(2.5);
    expect(hoursWorked(sundays("Europe/Berlin", "02:00", "03:00"), "2026-10-25")).toBe(2);
  });

  it("a wall time that never occurs is read in the offset before the change (moved forward by the gap)", () => {
    const newYork = sundays("America/New_York", "02:30", "04:00");
    expect(newYork.startOfWorkingDay("2026-03-08")).toBe(Date.parse("2026-03-08T07:30:00Z")); // 03:30 EDT
    expect(hoursWorked(newYork, "2026-03-08")).toBe(0.5);
    const berlin = sundays("Europe/Berlin", "02:30", "04:00");
    expect(berlin.startOfWorkingDay("2026-03-29")).toBe(Date.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    expect(hoursWorked(berlin, "2026-03-29")).toBe(0.5);
    expect(hoursWorked(sundays("Europe/Berlin", "02:00", "03:00"), "2026-03-29")).toBe(0);
  });
});
