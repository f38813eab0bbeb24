// A timer's deadline as a pure function of what the timer records: its start, its period (or
// the date it is based on) and its pauses. The same function computes a new deadline, re-derives
// it under a changed calendar, and explains it — so the three can never disagree.
import type { SlaMetric } from "~/db/schema";
import type { WorkingCalendar } from "./calendar";
import {
  computeDeadline,
  countingRuleOf,
  extendForPause,
  promisedDateDeadline,
  requestedReplyDeadline,
  workingDurationOf,
  type DeadlineTrace,
  type Period,
} from "./counting";

export type TimerBasis = {
  metric: SlaMetric;
  startedAtMs: number;
  period: Period | null;
  basisDate: string | null;
  /** Closed pauses, oldest first (an open pause does not move the deadline until it ends). */
  pauses: Array<{ fromMs: number; toMs: number }>;
};

/** Date-based deadlines move on resume like working-time ones (a pause costs only working time). */
const DATE_BASED_PAUSE_RULE: Period = { kind: "working_hours", amount: 1 };

export function deadlineOf(cal: WorkingCalendar, basis: TimerBasis): number {
  return computeTimerDeadline(cal, basis, false).dueAtMs;
}

export function explainTimerDeadline(cal: WorkingCalendar, basis: TimerBasis): DeadlineTrace[] {
  return computeTimerDeadline(cal, basis, true).traces;
}

function computeTimerDeadline(cal: WorkingCalendar, basis: TimerBasis, trace: boolean): { dueAtMs: number; traces: DeadlineTrace[] } {
  const traces: DeadlineTrace[] = [];
  let due: number;
  if (basis.period) {
    const d = trace
      ? computeDeadline(cal, basis.startedAtMs, basis.period, { trace: true })
      : computeDeadline(cal, basis.startedAtMs, basis.period);
    due = d.dueAtMs;
    if ("trace" in d && d.trace) traces.push(d.trace as DeadlineTrace);
  } else if (basis.basisDate && basis.metric === "requested_reply") {
    const d = trace ? requestedReplyDeadline(cal, basis.basisDate, { trace: true }) : requestedReplyDeadline(cal, basis.basisDate);
    due = d.dueAtMs;
    if ("trace" in d && d.trace) traces.push(d.trace as DeadlineTrace);
  } else if (basis.basisDate) {
    const d = trace ? promisedDateDeadline(cal, basis.basisDate, { trace: true }) : promisedDateDeadline(cal, basis.basisDate);
    due = d.dueAtMs;
    if ("trace" in d && d.trace) traces.push(d.trace as DeadlineTrace);
  } else {
    throw new Error(`timer ${basis.metric} has neither a period nor a basis date`);
  }
  const pauseRule = basis.period ?? DATE_BASED_PAUSE_RULE;
  for (const pause of basis.pauses) {
    const d = trace
      ? extendForPause(cal, due, pause.fromMs, pause.toMs, pauseRule, { trace: true })
      : extendForPause(cal, due, pause.fromMs, pause.toMs, pauseRule);
    due = d.dueAtMs;
    if ("trace" in d && d.trace) traces.push(d.trace as DeadlineTrace);
  }
  return { dueAtMs: due, traces };
}

/**
 * When to warn: once `warnRatio` of the target has elapsed, or `warnBeforeMinutes` (working
 * minutes for working-time rules) before the deadline — whichever comes first. A "before" point
 * at or before the clock's start is no warning point (a 30-minute callback is not warned of at
 * the moment it starts): the ratio alone then sets it.
 */
export function warnAtOf(
  cal: WorkingCalendar,
  startedAtMs: number,
  dueAtMs: number,
  period: Period | null,
  warn: { warnRatio: number; warnBeforeMinutes: number },
): number | null {
  if (dueAtMs <= startedAtMs) return null;
  const workingRule = !period || countingRuleOf(period) === "working_time" || countingRuleOf(period) === "working_days";
  const before = warn.warnBeforeMinutes * 60_000;
  if (workingRule) {
    const total = cal.workingTimeBetween(startedAtMs, dueAtMs);
    if (total <= 0) return null;
    return cal.addWorkingTime(startedAtMs, warnOffset(total, warn.warnRatio, before));
  }
  return startedAtMs + warnOffset(dueAtMs - startedAtMs, warn.warnRatio, before);
}

function warnOffset(total: number, ratio: number, before: number): number {
  const byRatio = Math.max(0, Math.min(total, total * ratio));
  return total - before > 0 ? Math.min(byRatio, total - before) : byRatio;
}

/** Working time left until the deadline (negative once it has passed, as wall-clock overdue). */
export function remainingWorkingMs(cal: WorkingCalendar, nowMs: number, dueAtMs: number): number {
  return nowMs <= dueAtMs ? cal.workingTimeBetween(nowMs, dueAtMs) : -(nowMs - dueAtMs);
}

export { workingDurationOf };
