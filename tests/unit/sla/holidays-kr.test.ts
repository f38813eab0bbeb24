/**
 * Holiday data from @hyunbinseo/holidays-kr (월력요항, official almanac data), 2025–2027,
 * including the dates other sources get wrong or disagree on. Every expectation below is what
 * the package's official data says (package 5.2027.1); the comments say why it is interesting.
 */
import { describe, expect, it } from "vitest";
import { getHolidayNames } from "@hyunbinseo/holidays-kr";
import { buildCalendar, defaultCalendarSpec, isoWeekdayOf } from "../../../app/sla/calendar";
import { KR_HOLIDAY_YEARS, koreanHolidayNames, koreanPublicHolidays } from "../../../app/sla/holidays-kr";

const cal = buildCalendar(defaultCalendarSpec(koreanPublicHolidays()));

describe("koreanPublicHolidays", () => {
  it("covers 2024–2027 (at least) and is sorted, one entry per date", () => {
    for (const y of [2024, 2025, 2026, 2027]) expect(KR_HOLIDAY_YEARS).toContain(y);
    const all = koreanPublicHolidays();
    const dates = all.map((h) => h.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    for (const h of all) expect(h.name.length).toBeGreaterThan(0);
  });

  it("restricts to a year range", () => {
    const y2026 = koreanPublicHolidays({ fromYear: 2026, toYear: 2026 });
    expect(y2026.every((h) => h.date.startsWith("2026-"))).toBe(true);
    expect(y2026).toHaveLength(22);
    expect(koreanPublicHolidays({ fromYear: 2030, toYear: 2031 })).toEqual([]);
  });

  it("joins two names on one date (2025-05-05: 어린이날 and 부처님 오신 날 coincide)", () => {
    expect(koreanPublicHolidays().find((h) => h.date === "2025-05-05")?.name).toBe("어린이날·부처님 오신 날");
  });

  it("agrees with the package's own async API", async () => {
    for (const h of koreanPublicHolidays({ fromYear: 2025, toYear: 2027 })) {
      expect((await getHolidayNames(h.date))?.join("·")).toBe(h.name);
    }
  });
});

// [date, expected names or null (= not a public holiday), note]
const TABLE: [string, string | null, string][] = [
  // 2025 설날: the government designated Mon 1/27 a temporary holiday, making a 6-day break.
  ["2025-01-27", "임시공휴일", "temporary holiday before 설날 (designated Jan 2025)"],
  ["2025-01-28", "설날 전날", "설날 eve (some sources shift 설날 by a day)"],
  ["2025-01-29", "설날", "설날 itself"],
  ["2025-01-30", "설날 다음 날", "day after 설날"],
  // 2025-01-31 (Fri) was discussed as a second bridge holiday but was NOT designated: working day.
  ["2025-01-31", null, "not designated — a working day"],
  ["2025-03-03", "대체공휴일(3ㆍ1절)", "3·1절 fell on a Saturday"],
  // 2025: 근로자의 날 (5/1) was not a public holiday (관공서 공휴일) before the 2026 amendment.
  ["2025-05-01", null, "노동절 is a public holiday only from 2026"],
  ["2025-05-06", "대체공휴일(부처님 오신 날)", "부처님 오신 날 coincided with 어린이날"],
  ["2025-06-03", "임시공휴일(대통령선거)", "early presidential election"],
  ["2025-07-17", null, "제헌절 was not a public holiday 2008–2025"],
  ["2025-10-08", "대체공휴일(추석)", "추석 전날 (10/5) fell on a Sunday"],
  ["2026-02-16", "설날 전날", "2026 설날 is 2/17; eve is 2/16"],
  ["2026-02-18", "설날 다음 날", ""],
  // 2026-02-19 (Thu) is NOT a holiday (설날 is Tue, no weekend overlap → no substitute).
  ["2026-02-19", null, "no substitute holiday after 2026 설날"],
  ["2026-03-02", "대체공휴일(3ㆍ1절)", "3·1절 fell on a Sunday"],
  // 노동절 (renamed from 근로자의 날) is a public holiday from 2026 — only this package has it.
  ["2026-05-01", "노동절", "new public holiday from 2026"],
  ["2026-05-24", "부처님 오신 날", "a Sunday"],
  ["2026-05-25", "대체공휴일(부처님 오신 날)", "substitute for the Sunday"],
  ["2026-06-03", "전국동시지방선거", "local elections"],
  ["2026-07-17", "제헌절", "제헌절 is a public holiday again from 2026"],
  ["2026-08-17", "대체공휴일(광복절)", "광복절 fell on a Saturday"],
  ["2026-10-05", "대체공휴일(개천절)", "개천절 fell on a Saturday"],
  // 2027-05-01 노동절 is a Saturday → substitute holiday Mon 5/3.
  ["2027-05-01", "노동절", "a Saturday"],
  ["2027-05-03", "대체공휴일(노동절)", "substitute for the Saturday"],
  // 2027-07-17 제헌절 is a Saturday → substitute holiday Mon 7/19 (제헌절 is covered by 대체공휴일 rules from 2026).
  ["2027-07-19", "대체공휴일(제헌절)", "substitute for the Saturday"],
  ["2027-02-09", "대체공휴일(설날)", "설날 (2/7) fell on a Sunday"],
  ["2027-12-27", "대체공휴일(기독탄신일)", "Christmas on a Saturday"],
  ["2027-06-03", null, "no election in 2027"],
];

describe("official holiday table 2025–2027", () => {
  it.each(TABLE)("%s → %s (%s)", (date, expected) => {
    expect(koreanHolidayNames(date)?.join("·") ?? null).toBe(expected);
    const entry = koreanPublicHolidays().find((h) => h.date === date);
    expect(entry?.name ?? null).toBe(expected);
    // The calendar agrees: a listed holiday is never a working day; an unlisted weekday is.
    if (expected !== null) {
      expect(cal.isWorkingDay(date)).toBe(false);
      expect(cal.nonWorkingDayReason(date)).toEqual({ type: "holiday", name: expected });
    } else if (isoWeekdayOf(date) <= 5) {
      expect(cal.isWorkingDay(date)).toBe(true);
    }
  });

  it("2026 부처님 오신 날 is 5/24 (Sun) with its substitute on 5/25 — irrelevant to the 7-day example ending 5/12", () => {
    expect(isoWeekdayOf("2026-05-24")).toBe(7);
    expect(cal.isWorkingDay("2026-05-12")).toBe(true);
  });
});
