// Report periods: KST calendar dates, both ends included. Pure (browser and server).
import { DateTime } from "luxon";
import { z } from "zod";
import { DESK_ZONE } from "~/lib/time";

/** Longest period a report covers: a leap year. */
export const MAX_PERIOD_DAYS = 366;

export type Period = { from: string; to: string };

/** The instants a period covers: [start, end) — from 00:00 KST of `from` to 00:00 KST after `to`. */
export function periodInstants(period: Period): { start: Date; end: Date } {
  const start = DateTime.fromISO(period.from, { zone: DESK_ZONE }).startOf("day");
  const end = DateTime.fromISO(period.to, { zone: DESK_ZONE }).startOf("day").plus({ days: 1 });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** Days in a period, both ends counted. */
export function periodDays(period: Period): number {
  const a = DateTime.fromISO(period.from, { zone: "UTC" });
  const b = DateTime.fromISO(period.to, { zone: "UTC" });
  return Math.round(b.diff(a, "days").days) + 1;
}

export function todayKst(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(DESK_ZONE).toISODate()!;
}

/** This month in KST: the 1st to the last day. */
export function thisMonth(now: Date = new Date()): Period {
  const d = DateTime.fromJSDate(now).setZone(DESK_ZONE);
  return { from: d.startOf("month").toISODate()!, to: d.endOf("month").toISODate()! };
}

export function lastMonth(now: Date = new Date()): Period {
  const d = DateTime.fromJSDate(now).setZone(DESK_ZONE).minus({ months: 1 });
  return { from: d.startOf("month").toISODate()!, to: d.endOf("month").toISODate()! };
}

/** The last 12 months up to today: the same day a year ago + 1 … today (365 or 366 days). */
export function last12Months(now: Date = new Date()): Period {
  const d = DateTime.fromJSDate(now).setZone(DESK_ZONE).startOf("day");
  return { from: d.minus({ years: 1 }).plus({ days: 1 }).toISODate()!, to: d.toISODate()! };
}

export function addDaysIso(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ days }).toISODate()!;
}

export function addMonthsIso(date: string, months: number): string {
  return DateTime.fromISO(date, { zone: "UTC" }).plus({ months }).toISODate()!;
}

/** The Monday of the ISO week a date falls in. */
export function weekStart(date: string): string {
  const d = DateTime.fromISO(date, { zone: "UTC" });
  return d.minus({ days: d.weekday - 1 }).toISODate()!;
}

/**
 * The weekly trend's period: the 12 weeks (Monday to Sunday) ending with the week of `to`, or the
 * whole chosen period when it is longer; always ending on `to`.
 */
export function trendPeriod(period: Period, weeks = 12): Period {
  const twelve = addDaysIso(weekStart(period.to), -7 * (weeks - 1));
  return { from: period.from < twelve ? weekStart(period.from) : twelve, to: period.to };
}

/** The weeks (Monday dates) from the week of `from` to the week of `to`. */
export function weeksOf(period: Period): string[] {
  const out: string[] = [];
  for (let w = weekStart(period.from); w <= period.to; w = addDaysIso(w, 7)) out.push(w);
  return out;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = DateTime.fromISO(value, { zone: "UTC" });
  return d.isValid && d.year >= 2000 && d.year <= 2099;
}

export const dateField = z.string({ error: "error.reportDate" }).trim().refine(isRealDate, "error.reportDate");

/**
 * A report request's query: `from` and `to` (YYYY-MM-DD, KST, both optional) plus the fields in
 * `extra`. Missing both means this month; one end alone gets the other end of its month. `to`
 * before `from` and periods over 366 days are refused. Messages are i18n keys.
 */
export function periodQuerySchema<E extends z.ZodRawShape>(extra: E, now: Date = new Date()) {
  return z.object({ from: dateField.optional(), to: dateField.optional(), ...extra }).transform((v, ctx) => {
    const month = thisMonth(now);
    const given = v as { from?: string; to?: string };
    const from = given.from ?? (given.to ? DateTime.fromISO(given.to).startOf("month").toISODate()! : month.from);
    const to = given.to ?? (given.from ? DateTime.fromISO(given.from).endOf("month").toISODate()! : month.to);
    if (to < from) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "error.reportOrder" });
      return z.NEVER;
    }
    if (periodDays({ from, to }) > MAX_PERIOD_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: `error.reportRange?max=${MAX_PERIOD_DAYS}` });
      return z.NEVER;
    }
    const period: Period = { from, to };
    return { ...v, period };
  });
}

/** The query parameters of a URL as an object (first value of each; empty values dropped). */
export function searchObject(url: URL, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = url.searchParams.get(key);
    if (value !== null && value.trim() !== "") out[key] = value;
  }
  return out;
}

/**
 * The part of a period that has begun by `today` (KST date): a trend never draws weeks that have
 * not started. Null when the whole period lies ahead.
 */
export function upToToday(period: Period, today: string): Period | null {
  if (period.from > today) return null;
  return { from: period.from, to: period.to < today ? period.to : today };
}

/** What "time left" means on the open-work chart: its boundaries after `now`, in order. */
export type TimeLeftBounds = { now: Date; soon: Date; endOfToday: Date; endOfWeek: Date };

/**
 * Boundaries of the open-work buckets: overdue (≤ now), within the at-risk horizon (≤ `soon`,
 * one working hour — the same horizon as the at-risk list), the rest of today (KST), the rest of
 * this week (to Sunday 24:00 KST), later.
 */
export function timeLeftBounds(now: Date, soon: Date): TimeLeftBounds {
  const d = DateTime.fromJSDate(now).setZone(DESK_ZONE);
  const endOfToday = d.startOf("day").plus({ days: 1 });
  const endOfWeek = d.startOf("day").plus({ days: 8 - d.weekday });
  return { now, soon, endOfToday: endOfToday.toJSDate(), endOfWeek: endOfWeek.toJSDate() };
}
