// Which dates the desk can promise or accept as a reply date: never one whose deadline has
// already passed or is about to — a promise broken the moment it is made is no promise (pure).
import { addDays, type IsoDate, type WorkingCalendar } from "./calendar";
import { requestedReplyDeadline } from "./counting";

/** The least working time the desk needs before a date's deadline to keep it. */
export const MIN_NOTICE_WORKING_MS = 60 * 60_000;

/** The deadline a date stands for: a requested reply date counts to the working day before when it is not one. */
function deadlineFor(cal: WorkingCalendar, date: IsoDate, kind: "requested" | "promise"): number {
  return kind === "requested" ? requestedReplyDeadline(cal, date).dueAtMs : cal.endOfWorkingDay(date);
}

/**
 * Whether `date` can be kept when asked at `fromMs`: its deadline leaves at least an hour of
 * working time. A date the desk promises must also be a working day (the desk does not promise
 * a day it is closed); a date the customer requests may be any day (it counts to the working day
 * before).
 */
export function isFeasibleDate(cal: WorkingCalendar, date: IsoDate, fromMs: number, kind: "requested" | "promise"): boolean {
  if (kind === "promise" && !cal.isWorkingDay(date)) return false;
  return deadlineFor(cal, date, kind) >= cal.addWorkingTime(fromMs, MIN_NOTICE_WORKING_MS);
}

/** The first working day that can be kept from `fromMs`. */
export function earliestFeasibleDate(cal: WorkingCalendar, fromMs: number): IsoDate {
  let date = cal.nextWorkingDay(cal.dateOf(fromMs), { inclusive: true });
  while (!isFeasibleDate(cal, date, fromMs, "promise")) date = cal.nextWorkingDay(addDays(date, 1), { inclusive: true });
  return date;
}

/** The working days a form offers, from the earliest that can be kept, `count` of them (up to `last`). */
export function feasibleWorkingDays(cal: WorkingCalendar, fromMs: number, count: number, last: IsoDate = "2099-12-31"): IsoDate[] {
  const days: IsoDate[] = [];
  let date = earliestFeasibleDate(cal, fromMs);
  while (days.length < count && date <= last) {
    days.push(date);
    date = cal.nextWorkingDay(addDays(date, 1), { inclusive: true });
  }
  return days;
}
