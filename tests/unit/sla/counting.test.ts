import { describe, expect, it } from "vitest";
import { buildCalendar, defaultCalendarSpec } from "../../../app/sla/calendar";
import {
  PERIOD_AMOUNT_LIMITS,
  computeDeadline,
  countingRuleOf,
  extendForPause,
  isWorkingTimePeriod,
  periodSchema,
  promisedDateDeadline,
  requestedReplyDeadline,
  workingDurationOf,
  type Period,
} from "../../../app/sla/counting";
import { koreanPublicHolidays } from "../../../app/sla/holidays-kr";

const H = 3_600_000;
const kst = (s: string) => Date.parse(`${s.replace(" ", "T")}:00+09:00`);
const show = (ms: number) => new Date(ms + 9 * H).toISOString().slice(0, 16).replace("T", " ");

const cal = buildCalendar(defaultCalendarSpec(koreanPublicHolidays()));
const due = (start: string, period: Period) => show(computeDeadline(cal, kst(start), period).dueAtMs);

const min = (amount: number): Period => ({ kind: "working_minutes", amount });
const hours = (amount: number): Period => ({ kind: "working_hours", amount });
const days = (amount: number): Period => ({ kind: "days", amount });

describe("SERVICE-STANDARDS worked examples", () => {
  it("2026-04-30 15:00 + 1 day (8 working h) → 2026-05-04 15:00 (노동절 and weekend skipped)", () => {
    expect(due("2026-04-30 15:00", days(1))).toBe("2026-05-04 15:00");
  });
  it("2026-04-30 15:00 + 7 days → 18:00 of day 7: 4/30, 5/4, 5/6, 5/7, 5/8, 5/11, 5/12", () => {
    const r = computeDeadline(cal, kst("2026-04-30 15:00"), days(7), { trace: true });
    expect(show(r.dueAtMs)).toBe("2026-05-12 18:00");
    expect(r.trace.rule).toBe("working_days");
    if (r.trace.rule !== "working_days") throw new Error();
    expect(r.trace.steps.filter((s) => s.kind === "working_day").map((s) => s.date)).toEqual([
      "2026-04-30",
      "2026-05-04",
      "2026-05-06",
      "2026-05-07",
      "2026-05-08",
      "2026-05-11",
      "2026-05-12",
    ]);
  });
});

describe("working minutes / hours", () => {
  it.each<[string, Period, string, string]>([
    ["2026-05-04 09:00", min(30), "2026-05-04 09:30", "plain"],
    ["2026-05-04 11:45", min(30), "2026-05-04 13:15", "across lunch"],
    ["2026-05-04 11:30", min(30), "2026-05-04 12:00", "ends exactly at 12:00 (not 13:00)"],
    ["2026-05-04 12:00", min(30), "2026-05-04 13:30", "received at 12:00 → clock starts 13:00"],
    ["2026-05-04 12:30", min(30), "2026-05-04 13:30", "received in lunch"],
    ["2026-05-04 17:30", min(30), "2026-05-04 18:00", "ends exactly at 18:00 (not next morning)"],
    ["2026-05-04 17:45", min(30), "2026-05-06 09:15", "across the night and 5/5 어린이날"],
    ["2026-05-04 08:00", min(30), "2026-05-04 09:30", "before 09:00"],
    ["2026-05-04 18:00", min(30), "2026-05-06 09:30", "at 18:00 → next working day"],
    ["2026-05-04 19:00", min(30), "2026-05-06 09:30", "after 18:00"],
    ["2026-05-02 10:00", min(30), "2026-05-04 09:30", "on a Saturday"],
    ["2026-05-01 10:00", min(30), "2026-05-04 09:30", "on 노동절"],
    ["2026-04-30 17:50", min(30), "2026-05-04 09:20", "Thursday evening over 노동절 and weekend"],
    ["2026-05-04 11:00", hours(1), "2026-05-04 12:00", "1h ends at 12:00"],
    ["2026-05-04 09:00", hours(3), "2026-05-04 12:00", "3h ends at 12:00"],
    ["2026-05-04 09:00", hours(4), "2026-05-04 14:00", "4h over lunch"],
    ["2026-05-06 09:00", hours(8), "2026-05-06 18:00", "a full day ends at 18:00 the same day"],
    ["2026-05-06 10:00", hours(8), "2026-05-07 10:00", "8h → same time next working day"],
    ["2026-02-13 17:00", hours(2), "2026-02-19 10:00", "Friday before 설날 (2/16–18) and a weekend"],
    ["2026-12-31 17:00", hours(2), "2027-01-04 10:00", "across the year"],
  ])("%s + %j → %s (%s)", (start, period, expected) => {
    expect(due(start, period)).toBe(expected);
  });
});

describe("days (민원처리법 제19조)", () => {
  it.each<[string, number, string, string]>([
    ["2026-04-30 15:00", 1, "2026-05-04 15:00", "worked example"],
    ["2026-05-06 09:00", 1, "2026-05-06 18:00", "a full day from 09:00"],
    ["2026-04-30 15:00", 2, "2026-05-06 15:00", "16h over 노동절, weekend and 어린이날"],
    ["2026-05-11 09:00", 5, "2026-05-15 18:00", "5 days = 40h, Mon 09:00 → Fri 18:00"],
    ["2026-05-04 19:00", 1, "2026-05-06 18:00", "after hours: 8h from 5/6 09:00"],
    // N ≥ 6: working days, first day included.
    ["2026-05-11 10:00", 6, "2026-05-18 18:00", "6 days from Monday"],
    ["2026-04-30 17:59", 7, "2026-05-12 18:00", "17:59 still counts 4/30 as day 1"],
    ["2026-04-30 18:00", 7, "2026-05-13 18:00", "18:00 → day 1 is the next working day (5/4)"],
    ["2026-04-30 07:00", 7, "2026-05-12 18:00", "before 09:00 on a working day → that day is day 1"],
    ["2026-05-05 10:00", 7, "2026-05-14 18:00", "received on 어린이날 → day 1 = 5/6"],
    ["2026-05-08 19:00", 7, "2026-05-19 18:00", "Friday evening → day 1 = Mon 5/11"],
    ["2026-05-08 17:00", 7, "2026-05-18 18:00", "Friday afternoon → day 1 = Fri 5/8"],
    ["2026-05-16 10:00", 7, "2026-05-27 18:00", "Saturday; 5/25 대체공휴일 skipped"],
    ["2026-05-29 10:00", 7, "2026-06-09 18:00", "6/3 지방선거 skipped"],
  ])("%s + %i days → %s (%s)", (start, n, expected) => {
    expect(due(start, days(n))).toBe(expected);
  });
});

describe("immediately (3 working hours)", () => {
  it.each<[string, string]>([
    ["2026-05-04 09:00", "2026-05-04 12:00"],
    ["2026-05-04 15:00", "2026-05-04 18:00"],
    ["2026-05-04 16:00", "2026-05-06 10:00"],
    ["2026-05-03 23:00", "2026-05-04 12:00"],
  ])("%s → %s", (start, expected) => {
    expect(due(start, { kind: "immediately" })).toBe(expected);
  });
});

describe("calendar hours / days", () => {
  it.each<[string, Period, string]>([
    ["2026-04-30 15:00", { kind: "calendar_hours", amount: 48 }, "2026-05-02 15:00"],
    ["2026-04-30 15:00", { kind: "calendar_hours", amount: 3 }, "2026-04-30 18:00"],
    ["2026-05-02 23:30", { kind: "calendar_hours", amount: 3 }, "2026-05-03 02:30"],
    ["2026-04-30 15:00", { kind: "calendar_days", amount: 2 }, "2026-05-02 15:00"],
    ["2026-12-31 20:00", { kind: "calendar_days", amount: 1 }, "2027-01-01 20:00"],
  ])("%s + %j → %s", (start, period, expected) => {
    expect(due(start, period)).toBe(expected);
  });
});

describe("weeks / months / years (민법 제157조, 제160조, 제161조)", () => {
  it.each<[string, Period, string, string]>([
    ["2026-04-30 15:00", { kind: "weeks", amount: 1 }, "2026-05-07 18:00", "기산일 5/1 → 말일 5/7 (Thu)"],
    ["2026-04-30 15:00", { kind: "weeks", amount: 2 }, "2026-05-14 18:00", "말일 5/14"],
    ["2026-05-06 00:00", { kind: "weeks", amount: 1 }, "2026-05-12 18:00", "received at 00:00 → that day counts (제157조 단서)"],
    ["2026-05-06 00:01", { kind: "weeks", amount: 1 }, "2026-05-13 18:00", "00:01 → 초일 불산입"],
    ["2026-05-16 10:00", { kind: "weeks", amount: 1 }, "2026-05-26 18:00", "말일 Sat 5/23 → Sun, 5/25 대체공휴일 → Tue 5/26"],
    ["2026-04-30 15:00", { kind: "months", amount: 1 }, "2026-06-01 18:00", "기산일 5/1 → whole May → 말일 Sun 5/31 → Mon 6/1"],
    ["2026-02-27 10:00", { kind: "months", amount: 1 }, "2026-03-27 18:00", "기산일 2/28 → 3/28의 전일 3/27"],
    [
      "2026-01-31 10:00",
      { kind: "months", amount: 1 },
      "2026-03-03 18:00",
      "기산일 2/1 → 말일 Sat 2/28; 3/1 Sun 3·1절, 3/2 대체공휴일 → 3/3",
    ],
    [
      "2027-01-30 10:00",
      { kind: "months", amount: 1 },
      "2027-03-02 18:00",
      "기산일 1/31 → no 2/31 → 말일 2/28 (Sun, 제160조③); 3/1 3·1절 → 3/2",
    ],
    ["2026-03-30 10:00", { kind: "months", amount: 1 }, "2026-04-30 18:00", "기산일 3/31 → no 4/31 → 말일 4/30"],
    ["2025-06-03 10:00", { kind: "years", amount: 1 }, "2026-06-04 18:00", "말일 2026-06-03 지방선거 → 6/4"],
    ["2028-02-28 10:00", { kind: "years", amount: 1 }, "2029-02-28 18:00", "기산일 2/29 → no 2029-02-29 → 말일 2/28"],
  ])("%s + %j → %s (%s)", (start, period, expected) => {
    expect(due(start, period)).toBe(expected);
  });
});

describe("requested reply date", () => {
  it.each<[string, string, string]>([
    ["2026-05-08", "2026-05-08 18:00", "a Friday — 18:00 that day"],
    ["2026-05-10", "2026-05-08 18:00", "a Sunday → Friday before"],
    ["2026-05-09", "2026-05-08 18:00", "a Saturday → Friday before"],
    ["2026-05-05", "2026-05-04 18:00", "어린이날 → Monday before"],
    ["2026-05-25", "2026-05-22 18:00", "대체공휴일 Monday → Friday before (weekend and 부처님 오신 날 too)"],
    ["2026-05-03", "2026-04-30 18:00", "Sunday after 노동절 → Thursday"],
    ["2026-02-18", "2026-02-13 18:00", "설날 다음 날 → Friday before 설날"],
  ])("%s → %s (%s)", (date, expected) => {
    expect(show(requestedReplyDeadline(cal, date).dueAtMs)).toBe(expected);
  });
});

describe("promised date", () => {
  it("is 18:00 of that date, flagged when not a working day", () => {
    expect(show(promisedDateDeadline(cal, "2026-05-08").dueAtMs)).toBe("2026-05-08 18:00");
    const sunday = promisedDateDeadline(cal, "2026-05-10", { trace: true });
    expect(show(sunday.dueAtMs)).toBe("2026-05-10 18:00");
    expect(sunday.trace.nonWorkingReason).toEqual({ type: "weekend", weekday: 7 });
  });
});

describe("pauses (보완 요청)", () => {
  it.each<[string, Period, string, string, string, string]>([
    // [deadline, period, paused, resumed, new deadline, why]
    [
      "2026-05-04 15:00",
      days(1),
      "2026-04-30 16:00",
      "2026-05-04 10:00",
      "2026-05-04 18:00",
      "3 working h (4/30 16–18, 5/4 9–10) over 노동절+weekend → exactly 18:00",
    ],
    [
      "2026-05-12 18:00",
      days(7),
      "2026-04-30 17:00",
      "2026-05-06 09:00",
      "2026-05-14 10:00",
      "9 working h across 노동절, weekend, 어린이날",
    ],
    ["2026-05-12 18:00", days(7), "2026-05-02 09:00", "2026-05-03 20:00", "2026-05-12 18:00", "pause over a weekend costs nothing"],
    ["2026-05-12 18:00", days(7), "2026-05-04 18:00", "2026-05-06 09:00", "2026-05-12 18:00", "night + holiday costs nothing"],
    ["2026-05-04 12:00", hours(3), "2026-05-04 10:00", "2026-05-04 11:00", "2026-05-04 14:00", "1h, moved across lunch"],
    ["2026-05-04 12:00", hours(3), "2026-05-04 10:00", "2026-05-04 10:00", "2026-05-04 12:00", "empty pause"],
    ["2026-05-04 12:00", hours(3), "2026-05-04 11:00", "2026-05-04 10:00", "2026-05-04 12:00", "resume before pause: no change"],
    [
      "2026-05-04 12:00",
      hours(3),
      "2026-05-04 12:00",
      "2026-05-04 15:00",
      "2026-05-04 12:00",
      "paused at the deadline: the clock had run out",
    ],
    ["2026-05-12 18:00", days(7), "2026-05-13 10:00", "2026-05-14 10:00", "2026-05-12 18:00", "paused after the deadline: no extension"],
    [
      "2026-05-02 15:00",
      { kind: "calendar_hours", amount: 48 },
      "2026-05-02 16:00",
      "2026-05-02 19:00",
      "2026-05-02 15:00",
      "calendar clock paused after it ran out",
    ],
    [
      "2026-05-02 15:00",
      { kind: "calendar_hours", amount: 48 },
      "2026-05-01 10:00",
      "2026-05-01 13:00",
      "2026-05-02 18:00",
      "calendar: wall-clock 3h, holiday or not",
    ],
    [
      "2026-05-14 18:00",
      { kind: "weeks", amount: 2 },
      "2026-05-04 10:00",
      "2026-05-06 11:00",
      "2026-05-18 18:00",
      "wall-clock 49h → Sat 19:00 → next working day 18:00",
    ],
    [
      "2026-05-14 18:00",
      { kind: "weeks", amount: 2 },
      "2026-05-04 10:00",
      "2026-05-04 11:00",
      "2026-05-14 19:00",
      "wall-clock 1h on a working day stays",
    ],
  ])("due %s (%j) paused %s–%s → %s (%s)", (dueAt, period, paused, resumed, expected) => {
    expect(show(extendForPause(cal, kst(dueAt), kst(paused), kst(resumed), period).dueAtMs)).toBe(expected);
  });

  it("traces the pause window and the extension", () => {
    const r = extendForPause(cal, kst("2026-05-12 18:00"), kst("2026-04-30 17:00"), kst("2026-05-06 09:00"), days(7), { trace: true });
    expect(r.trace.basis).toBe("working_time");
    expect(r.trace.extensionMs).toBe(9 * H);
    expect(r.trace.pauseSteps.map((s) => `${s.kind}:${s.date}`)).toEqual([
      "working:2026-04-30",
      "non_working_day:2026-05-01",
      "non_working_day:2026-05-02",
      "non_working_day:2026-05-03",
      "working:2026-05-04",
      "break:2026-05-04",
      "working:2026-05-04",
      "non_working_day:2026-05-05",
    ]);
    expect(show(r.trace.dueAtMs)).toBe("2026-05-14 10:00");
  });
});

describe("traces", () => {
  it("working-time trace lists segments, breaks and skipped days with reasons", () => {
    const r = computeDeadline(cal, kst("2026-04-30 15:00"), days(1), { trace: true });
    expect(r.trace).toMatchObject({ rule: "working_time", workingMs: 8 * H, clockStartReason: "in_working_time", zone: "Asia/Seoul" });
    if (r.trace.rule !== "working_time") throw new Error();
    expect(r.trace.steps).toEqual([
      { kind: "working", date: "2026-04-30", fromMs: kst("2026-04-30 15:00"), toMs: kst("2026-04-30 18:00"), durationMs: 3 * H },
      { kind: "non_working_day", date: "2026-05-01", reason: { type: "holiday", name: "노동절" } },
      { kind: "non_working_day", date: "2026-05-02", reason: { type: "weekend", weekday: 6 } },
      { kind: "non_working_day", date: "2026-05-03", reason: { type: "weekend", weekday: 7 } },
      { kind: "working", date: "2026-05-04", fromMs: kst("2026-05-04 09:00"), toMs: kst("2026-05-04 12:00"), durationMs: 3 * H },
      { kind: "break", date: "2026-05-04", fromMs: kst("2026-05-04 12:00"), toMs: kst("2026-05-04 13:00") },
      { kind: "working", date: "2026-05-04", fromMs: kst("2026-05-04 13:00"), toMs: kst("2026-05-04 15:00"), durationMs: 2 * H },
    ]);
    expect(JSON.parse(JSON.stringify(r.trace))).toEqual(r.trace);
  });

  it.each<[string, string]>([
    ["2026-05-04 10:00", "in_working_time"],
    ["2026-05-04 08:00", "before_hours"],
    ["2026-05-04 12:15", "break"],
    ["2026-05-04 18:00", "after_hours"],
    ["2026-05-05 10:00", "non_working_day"],
  ])("clock start reason for %s is %s", (start, reason) => {
    const r = computeDeadline(cal, kst(start), min(30), { trace: true });
    expect(r.trace).toMatchObject({ clockStartReason: reason });
  });

  it("no trace on the fast path", () => {
    expect(computeDeadline(cal, kst("2026-04-30 15:00"), days(1))).toEqual({ dueAtMs: kst("2026-05-04 15:00") });
  });

  it("civil-period trace records 기산일, 말일 and the shift", () => {
    const r = computeDeadline(cal, kst("2026-05-16 10:00"), { kind: "weeks", amount: 1 }, { trace: true });
    expect(r.trace).toMatchObject({
      rule: "civil_period",
      receiptDate: "2026-05-16",
      countFromDate: "2026-05-17",
      lastDate: "2026-05-23",
      finalDate: "2026-05-26",
      startsAtMidnight: false,
    });
  });
});

describe("periods", () => {
  it("classifies periods", () => {
    expect(countingRuleOf(days(5))).toBe("working_time");
    expect(countingRuleOf(days(6))).toBe("working_days");
    expect(countingRuleOf({ kind: "immediately" })).toBe("working_time");
    expect(countingRuleOf({ kind: "calendar_days", amount: 1 })).toBe("calendar_time");
    expect(countingRuleOf({ kind: "months", amount: 1 })).toBe("civil_period");
    expect(isWorkingTimePeriod(days(7))).toBe(true);
    expect(isWorkingTimePeriod({ kind: "weeks", amount: 2 })).toBe(false);
    expect(workingDurationOf(cal, days(2))).toBe(16 * H);
    expect(workingDurationOf(cal, { kind: "immediately" })).toBe(3 * H);
    expect(workingDurationOf(cal, days(6))).toBeNull();
  });

  it("schema accepts valid periods and rejects bad ones", () => {
    for (const ok of [
      min(30),
      hours(8),
      days(1),
      days(7),
      { kind: "immediately" },
      { kind: "calendar_hours", amount: 48 },
      { kind: "months", amount: 1 },
    ]) {
      expect(periodSchema.safeParse(ok).success, JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [
      min(0),
      hours(-1),
      days(1.5),
      { kind: "days" },
      { kind: "fortnights", amount: 1 },
      { kind: "immediately", amount: 3 },
      { kind: "days", amount: PERIOD_AMOUNT_LIMITS.days + 1 },
      { kind: "days", amount: "7" },
    ]) {
      expect(periodSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("computeDeadline rejects bad amounts", () => {
    expect(() => computeDeadline(cal, kst("2026-05-04 10:00"), days(0))).toThrow(RangeError);
    expect(() => computeDeadline(cal, kst("2026-05-04 10:00"), hours(1.5))).toThrow(RangeError);
    expect(() => computeDeadline(cal, Number.NaN, hours(1))).toThrow(RangeError);
  });
});
