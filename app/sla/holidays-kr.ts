/**
 * Korean public holidays from `@hyunbinseo/holidays-kr` (월력요항 published by the Korea
 * AeroSpace Administration — the official almanac data; SERVICE-STANDARDS §1 names it as the
 * only source). The package holds one preset per year, `{ 'YYYY-MM-DD': ['name', ...] }`.
 *
 * Notes on the data (package 5.2027.1):
 * - Sundays are not listed (they are handled by the calendar's working weekdays).
 * - A date can carry two names (2025-05-05: 어린이날 + 부처님 오신 날); we join them with "·".
 * - Substitute and temporary holidays are listed by name: "대체공휴일(…)", "임시공휴일(…)".
 * - Years outside the package's range are simply absent: a calendar built from this list
 *   treats them as having no public holidays. `KR_HOLIDAY_YEARS` says which years are known.
 *
 * The static import of the `/all` entry keeps this module synchronous and free of I/O.
 */
import * as presets from "@hyunbinseo/holidays-kr/all";
import type { HolidayEntry } from "./calendar";

type Preset = Readonly<Record<string, readonly string[]>>;

/** Every preset of the package, keyed by year. Export names look like `y2026`. */
const PRESETS_BY_YEAR: ReadonlyMap<number, Preset> = new Map(
  Object.entries(presets as Record<string, Preset>)
    .filter(([key]) => /^y\d{4}$/.test(key))
    .map(([key, preset]) => [Number(key.slice(1)), preset] as const)
    .sort((a, b) => a[0] - b[0]),
);

/** The years for which the package has official data (e.g. 2018–2027). */
export const KR_HOLIDAY_YEARS: readonly number[] = Object.freeze([...PRESETS_BY_YEAR.keys()]);

/** The separator used when one date carries several holiday names. */
export const HOLIDAY_NAME_SEPARATOR = "·";

/**
 * The official public holidays, sorted by date, one entry per date (names joined with "·").
 * Defaults to all years the package holds; pass a range to restrict it (years without data
 * are silently skipped — check `KR_HOLIDAY_YEARS`).
 */
export function koreanPublicHolidays(range: { fromYear?: number; toYear?: number } = {}): HolidayEntry[] {
  const from = range.fromYear ?? -Infinity;
  const to = range.toYear ?? Infinity;
  const out: HolidayEntry[] = [];
  for (const [year, preset] of PRESETS_BY_YEAR) {
    if (year < from || year > to) continue;
    for (const date of Object.keys(preset).sort()) {
      out.push({ date, name: preset[date].join(HOLIDAY_NAME_SEPARATOR) });
    }
  }
  return out;
}

/** Names of the official holiday(s) on a date, or null (synchronous, unlike the package API). */
export function koreanHolidayNames(date: string): readonly string[] | null {
  const preset = PRESETS_BY_YEAR.get(Number(date.slice(0, 4)));
  return preset?.[date] ?? null;
}
