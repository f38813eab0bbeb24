// The compliance report (이행표준 점검) as stored in compliance_reports.data and rendered in the
// desk and in the react-email sent to staff. Pure: no server imports (emails/ imports the types).
import { DateTime } from "luxon";

export const REPORT_DATA_VERSION = 1;

export type Rate = { met: number; breached: number; /** met / (met + breached), null when nothing was decided. */ rate: number | null };
export type DeadlineCounts = { met: number; breached: number; running: number };

export type ComplianceReportData = {
  version: number;
  /** KST calendar dates, inclusive. */
  period: { start: string; end: string; from: string; to: string };
  generatedAt: string;
  /** Where the SLA figures came from ("reports": the shared reporting module; "reviews": this module's own query). */
  source: "reports" | "reviews";
  sla: {
    total: Rate;
    byMetric: Array<{ metric: string } & Rate>;
    byChannel: Array<{ channel: string } & Rate>;
  };
  breaches: { total: number; byMetric: Array<{ metric: string; count: number }>; stillOpen: number };
  guarantee: { opened: number; closed: number; openAtEnd: number };
  satisfaction: { count: number; average: number | null; distribution: Record<"1" | "2" | "3" | "4" | "5", number>; bySource: Array<{ source: string; count: number; average: number | null }> };
  outages: {
    count: number;
    etaNotice: DeadlineCounts;
    recovery: DeadlineCounts;
    averageRecoveryMinutes: number | null;
    items: Array<{ id: string; service: string; startedAt: string; resolvedAt: string | null; etaNotice: string; recovery: string; recoveryMinutes: number | null }>;
  };
  maintenance: {
    count: number;
    violations: number;
    cancelled: number;
    items: Array<{ id: string; service: string; startsAt: string; endsAt: string; announcedAt: string; noticeHours: number; noticeViolation: boolean; cancelled: boolean }>;
  };
  surveys: { campaigns: number; invitations: number; answered: number };
  /**
   * Praise per staff member (published to staff as an example) and the month's unkindness reports.
   * Absent from reports built before praise was recorded.
   */
  staffVoice?: { praise: Array<{ name: string; team: string | null; count: number }>; unkindness: number };
  /**
   * Visits booked by customers who need help, by their visit time in the month: came (help given),
   * did not come. Absent from reports built before visits were booked.
   */
  visits?: { announced: number; arrived: number; helpGiven: number; noShow: number };
};

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

/** A light shape check of stored report data (for the email template's payload). */
export function isReportData(value: unknown): value is ComplianceReportData {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<ComplianceReportData>;
  return (
    typeof v.version === "number" &&
    !!v.period && typeof v.period.start === "string" && typeof v.period.end === "string" &&
    !!v.sla && !!v.sla.total && Array.isArray(v.sla.byMetric) && Array.isArray(v.sla.byChannel) &&
    !!v.breaches && !!v.guarantee && !!v.satisfaction && !!v.outages && !!v.maintenance && !!v.surveys
  );
}
