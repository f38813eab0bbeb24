// A policy's targets in words, e.g. "1일(근무 8시간)", "7일(7영업일째 18시)", "즉시(근무 3시간)",
// "30 근무분", "날짜 기준" — the counting rules of app/sla/counting.ts, said the way the charter
// says them. The working day's length and end come from the calendar in force.
import type { MetricTarget } from "~/db/schema";
import type { Translate } from "~/i18n/i18n";
import { DAYS_COUNTED_AS_HOURS_MAX, IMMEDIATE_WORKING_HOURS, type Period } from "./counting";

export type DayShape = {
  /** Working hours of one working day (8). */
  hoursPerDay: number;
  /** End of the last working period, minutes of the day (18:00 = 1080). */
  dayEndMinute: number;
};

export const DEFAULT_DAY_SHAPE: DayShape = { hoursPerDay: 8, dayEndMinute: 18 * 60 };

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "").replace(/\.$/, ""));

/** "18시" / "18:00" (or "18시 30분" / "18:30"). */
export function clockInWords(t: Translate, minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return m === 0 ? t("admin.time.hour", { h }) : t("admin.time.hourMinute", { h, m: String(m).padStart(2, "0") });
}

function counted(t: Translate, key: string, n: number, params: Record<string, string | number> = {}): string {
  return t.dynamic(n === 1 ? `${key}.one` : key, { n, ...params });
}

export function periodInWords(t: Translate, period: Period | null, shape: DayShape = DEFAULT_DAY_SHAPE): string {
  if (!period) return t("admin.period.date");
  switch (period.kind) {
    case "immediately":
      return t("admin.period.immediately", { hours: num(IMMEDIATE_WORKING_HOURS) });
    case "days":
      return period.amount <= DAYS_COUNTED_AS_HOURS_MAX
        ? counted(t, "admin.period.daysAsHours", period.amount, { hours: num(period.amount * shape.hoursPerDay) })
        : counted(t, "admin.period.daysAsWorkingDays", period.amount, { end: clockInWords(t, shape.dayEndMinute) });
    case "working_minutes":
    case "working_hours":
    case "calendar_hours":
    case "calendar_days":
    case "weeks":
    case "months":
    case "years":
      return counted(t, `admin.period.${period.kind}`, period.amount);
  }
}

/** The period, and the channels it is limited to if any. */
export function targetInWords(t: Translate, target: MetricTarget, shape: DayShape = DEFAULT_DAY_SHAPE): string {
  const period = periodInWords(t, target.period, shape);
  if (!target.channels?.length) return period;
  return t("admin.period.onlyChannels", { period, channels: target.channels.map((c) => t(`channel.${c}`)).join(", ") });
}

export function warnInWords(t: Translate, target: Pick<MetricTarget, "warnRatio" | "warnBeforeMinutes">): string {
  return t("admin.period.warn", { percent: num(Math.round(target.warnRatio * 1000) / 10), minutes: target.warnBeforeMinutes });
}

/** Hours per day and end of day of a calendar spec's working periods. */
export function dayShapeOf(periodMinutes: ReadonlyArray<readonly [number, number]>): DayShape {
  if (periodMinutes.length === 0) return DEFAULT_DAY_SHAPE;
  const minutes = periodMinutes.reduce((sum, [a, b]) => sum + (b - a), 0);
  return { hoursPerDay: minutes / 60, dayEndMinute: periodMinutes[periodMinutes.length - 1][1] };
}
