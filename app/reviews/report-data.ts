// The compliance report (이행표준 점검) as stored in compliance_reports.data and rendered in the
// desk and in the react-email sent to staff. Pure: no server imports.
import { DateTime } from "luxon";

export const REPORT_DATA_VERSION = 1;

// Stored as JSON (compliance_reports.data): the types belong to the schema.
import type { ComplianceReportData, DeadlineCounts, Rate } from "~/db/json-types";
export type { ComplianceReportData, DeadlineCounts, Rate };

export function rateOf(met: number, breached: number): Rate {
  return { met, breached, rate: met + breached === 0 ? null : met / (met + breached) };
}

/** "YYYY-MM" → the month's first and last KST dates and its [from, to) instants. */
export function monthPeriod(month: string): { start: string; end: string; from: Date; to: Date } {
  const first = DateTime.fromISO(`${month}-01`, { zone: "Asia/Seoul" }).startOf("day");
  if (!first.isValid) throw new Error(`not a month: ${month}`);
  const next = first.plus({ months: 1 });
  return { start: first.toISODate()!, end: next.minus({ days: 1 }).toISODate()!, from: first.toJSDate(), to: next.toJSDate() };
}

/** The KST month before the one containing `now` ("YYYY-MM"). */
export function previousMonth(now: Date): string {
  return DateTime.fromJSDate(now).setZone("Asia/Seoul").startOf("month").minus({ months: 1 }).toFormat("yyyy-MM");
}

/** True when the whole month is over (in KST) at `now`. */
export function isPastMonth(month: string, now: Date): boolean {
  return monthPeriod(month).to.getTime() <= now.getTime();
}

/** "0.0%" style percentage for a rate, or an em dash. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
