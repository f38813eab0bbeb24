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
