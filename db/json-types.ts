// Shapes of the JSON columns db/schema.ts stores. The schema owns them so that db/ imports
// nothing from app/; the SLA core (app/sla/calendar.ts, counting.ts) re-exports them.

/** A calendar date in the calendar's zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** A public holiday (non-working). Several entries on one date are merged ("A·B"). */
export interface HolidayEntry {
  date: IsoDate;
  name: string;
}

/** An organisation closure (non-working), e.g. a system migration day. */
export interface ClosureEntry {
  date: IsoDate;
  reason: string;
}

/** A date that is working even if it falls on a non-working weekday or a holiday. */
export interface ExtraWorkingDayEntry {
  date: IsoDate;
  reason?: string;
}

/** A working period of a working day, local wall-clock "HH:MM" (end may be "24:00"). */
export interface WorkingPeriodSpec {
  start: string;
  end: string;
}

export interface CalendarSpec {
  /** IANA zone of the wall-clock times and dates, default "Asia/Seoul". */
  zone: string;
  /** Working periods of every working day, sorted, non-overlapping. */
  periods: WorkingPeriodSpec[];
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  workingWeekdays: number[];
  holidays: HolidayEntry[];
  closures: ClosureEntry[];
  extraWorkingDays: ExtraWorkingDayEntry[];
}

// ---------------------------------------------------------------------------------------
// Periods (policy targets)
// ---------------------------------------------------------------------------------------

export type Period =
  | { kind: "working_minutes"; amount: number }
  | { kind: "working_hours"; amount: number }
  /** N ≤ 5: N × (working hours per day) working time; N ≥ 6: working days, first day included. */
  | { kind: "days"; amount: number }
  /** 즉시 = 3 working hours (시행령 제19조). */
  | { kind: "immediately" }
  | { kind: "calendar_hours"; amount: number }
  | { kind: "calendar_days"; amount: number }
  | { kind: "weeks"; amount: number }
  | { kind: "months"; amount: number }
  | { kind: "years"; amount: number };

// ---------------------------------------------------------------------------------------
// Compliance report (compliance_reports.data; app/reviews/report-data.ts, emails/)
// ---------------------------------------------------------------------------------------

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
  satisfaction: {
    count: number;
    average: number | null;
    distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
    bySource: Array<{ source: string; count: number; average: number | null }>;
  };
  outages: {
    count: number;
    etaNotice: DeadlineCounts;
    recovery: DeadlineCounts;
    averageRecoveryMinutes: number | null;
    items: Array<{
      id: string;
      service: string;
      startedAt: string;
      resolvedAt: string | null;
      etaNotice: string;
      recovery: string;
      recoveryMinutes: number | null;
    }>;
  };
  maintenance: {
    count: number;
    violations: number;
    cancelled: number;
    items: Array<{
      id: string;
      service: string;
      startsAt: string;
      endsAt: string;
      announcedAt: string;
      noticeHours: number;
      noticeViolation: boolean;
      cancelled: boolean;
    }>;
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
