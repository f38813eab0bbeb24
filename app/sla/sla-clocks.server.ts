// The SLA clocks of a ticket as the staff read them: each timer's metric in words, its state
// (at risk and breached said in words, not only in colour), the due time in KST with its
// weekday, the working time left (or how far past due), the policy and calendar versions it was
// counted with, and how its deadline was counted — all in the page's language, for a given `now`.
import { inArray } from "drizzle-orm";
import { slaPolicies, type SlaMetric, type TimerState } from "~/db/schema";
import { executor, type Database, type Transaction } from "~/db/connection";
import { translator, type Lang, type Translate } from "~/i18n/i18n";
import { kst } from "~/lib/time";
import type { WorkingCalendar } from "./calendar";
import { currentCalendar } from "./calendar.server";
import { remainingWorkingMs } from "./timer-math";
import { dayShapeOf } from "./period-text";
import { clockLabel } from "./clock-label";
import { explainTimer, timersOf, type TimerRow } from "./timers.server";

type Executor = Database | Transaction;

/** What the clock shows: `overdue` is a running clock past its deadline whose breach the sweep has not recorded yet. */
export type ClockStatus = "on_track" | "at_risk" | "overdue" | "breached" | "paused" | "met" | "cancelled";

export type SlaClock = {
  id: string;
  metric: SlaMetric;
  metricLabel: string;
  state: TimerState;
  status: ClockStatus;
  statusLabel: string;
  startedAt: string;
  startedText: string;
  dueAt: string;
  /** "2026-05-04 (월) 15:00" (KST). */
  dueText: string;
  warnAt: string | null;
  warnText: string | null;
  /** Working time left (≥ 0), or how long past the deadline as wall-clock time (< 0); null once met or cancelled. */
  remainingMs: number | null;
  /** "근무시간 2시간 30분 남음", "4시간 10분 초과", "정지 시점에 근무시간 …", "기한보다 … 늦게 완료". */
  remainingText: string | null;
  /** When the state last changed, in words: "… 준수", "…부터 정지", "… 기한 초과 기록", "… 취소". */
  stateText: string | null;
  /** The instant of that state change, for <time dateTime>. */
  stateAt: string | null;
  policy: { key: string; name: string; version: number } | null;
  policyText: string;
  calendarVersion: number;
  calendarText: string;
  /** How the deadline was counted, line by line, under the calendar version it used. */
  explanation: string[];
  guaranteeCaseId: string | null;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "2026-05-04 (월) 15:00" / "2026-05-04 (Mon) 15:00" in KST. */
export function kstWithWeekday(instant: Date | string | number, lang: Lang): string {
  return kst(instant)
    .setLocale(lang === "ko" ? "ko" : "en")
    .toFormat("yyyy-MM-dd (ccc) HH:mm");
}

/**
 * A duration in words. Working time is said in hours and minutes ("2시간 30분": 8 working hours
 * are one working day, and days would mislead); wall-clock overdue time of a day or more in days
 * and hours. Rounded down to the minute, so time left is never overstated.
 */
export function formatDuration(ms: number, t: Translate, kind: "working" | "wall" = "working"): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return t("clock.dur.lessThanMinute");
  if (kind === "wall" && abs >= DAY) {
    const d = Math.floor(abs / DAY);
    const h = Math.floor((abs % DAY) / HOUR);
    return h ? t("clock.dur.dh", { d, h }) : t("clock.dur.d", { d });
  }
  const h = Math.floor(abs / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (h && m) return t("clock.dur.hm", { h, m });
  return h ? t("clock.dur.h", { h }) : t("clock.dur.m", { m });
}

type PolicyInfo = { key: string; name: string; version: number };

/** One timer as a clock, at `now`, with the calendar in force for the time left. Pure. */
export function describeClock(
  timer: TimerRow,
  input: { calendar: WorkingCalendar; now: Date; lang: Lang; policy: PolicyInfo | null; explanation: string[] },
): SlaClock {
  const { calendar, now, lang, policy } = input;
  const t = translator(lang);
  const at = (d: Date) => kstWithWeekday(d, lang);
  const nowMs = now.getTime();
  const dueMs = timer.dueAt.getTime();

  let status: ClockStatus;
  let remainingMs: number | null = null;
  let remainingText: string | null = null;
  let stateText: string | null = null;
  let stateAt: Date | null = null;

  switch (timer.state) {
    case "running": {
      remainingMs = remainingWorkingMs(calendar, nowMs, dueMs);
      if (nowMs > dueMs) {
        status = "overdue";
        remainingText = t("clock.overdueUnrecorded", { duration: formatDuration(remainingMs, t, "wall") });
      } else {
        status = timer.warnAt && nowMs >= timer.warnAt.getTime() ? "at_risk" : "on_track";
        remainingText = t("clock.remaining", { duration: formatDuration(remainingMs, t) });
      }
      break;
    }
    case "paused": {
      status = "paused";
      const open = [...timer.pauses].reverse().find((p) => p.to === null);
      const pausedAt = open ? new Date(open.from) : timer.updatedAt;
      remainingMs = remainingWorkingMs(calendar, pausedAt.getTime(), dueMs);
      remainingText =
        remainingMs >= 0
          ? t("clock.pausedRemaining", { duration: formatDuration(remainingMs, t) })
          : t("clock.pausedOverdue", { duration: formatDuration(remainingMs, t, "wall") });
      stateAt = pausedAt;
      stateText = t("clock.pausedSince", { at: at(pausedAt) });
      break;
    }
    case "breached": {
      status = "breached";
      if (timer.metAt) {
        remainingMs = -(timer.metAt.getTime() - dueMs);
        remainingText = t("clock.lateBy", { duration: formatDuration(remainingMs, t, "wall") });
        stateAt = timer.metAt;
        stateText = t("clock.completedAt", { at: at(timer.metAt) });
      } else {
        remainingMs = -(Math.max(nowMs, dueMs) - dueMs);
        remainingText = t("clock.overdue", { duration: formatDuration(remainingMs, t, "wall") });
        const recorded = timer.breachDetectedAt ?? timer.breachedAt;
        if (recorded) {
          stateAt = recorded;
          stateText = t("clock.breachedAt", { at: at(recorded) });
        }
      }
      break;
    }
    case "met": {
      status = "met";
      if (timer.metAt) {
        stateAt = timer.metAt;
        stateText = t("clock.metAt", { at: at(timer.metAt) });
      }
      break;
    }
    case "cancelled":
    default: {
      status = "cancelled";
      if (timer.cancelledAt) {
        stateAt = timer.cancelledAt;
        stateText = t("clock.cancelledAt", { at: at(timer.cancelledAt) });
      }
      break;
    }
  }

  const live = timer.state === "running" || timer.state === "paused";
  return {
    id: timer.id,
    metric: timer.metric,
    metricLabel: clockLabel(t, timer.metric, timer.period, dayShapeOf(calendar.periodMinutes)),
    state: timer.state,
    status,
    statusLabel: t(`clock.status.${status}`),
    startedAt: timer.startedAt.toISOString(),
    startedText: at(timer.startedAt),
    dueAt: timer.dueAt.toISOString(),
    dueText: at(timer.dueAt),
    warnAt: live && timer.warnAt ? timer.warnAt.toISOString() : null,
    warnText: live && timer.warnAt ? at(timer.warnAt) : null,
    remainingMs,
    remainingText,
    stateText,
    stateAt: stateAt ? stateAt.toISOString() : null,
    policy,
    policyText: policy ? t("clock.policy", { name: policy.name, version: policy.version }) : t("clock.noPolicy"),
    calendarVersion: timer.calendarVersion,
    calendarText: t("clock.calendar", { version: timer.calendarVersion }),
    explanation: input.explanation,
    guaranteeCaseId: timer.guaranteeCaseId,
  };
}

/** Live clocks and unresolved breaches first (soonest due first), then the finished ones as they came. */
function isUrgent(timer: TimerRow): boolean {
  return timer.state === "running" || timer.state === "paused" || (timer.state === "breached" && !timer.metAt);
}

/** Clocks for these timers at `now` (explanations computed only for them). */
export async function clocksOf(timers: TimerRow[], lang: Lang, now: Date = new Date(), ex: Executor = executor()): Promise<SlaClock[]> {
  if (timers.length === 0) return [];
  const policyIds = [...new Set(timers.map((t) => t.policyId).filter((id): id is number => id !== null))];
  const [cal, policies] = await Promise.all([
    currentCalendar(ex),
    policyIds.length
      ? ex
          .select({ id: slaPolicies.id, key: slaPolicies.key, name: slaPolicies.name, version: slaPolicies.version })
          .from(slaPolicies)
          .where(inArray(slaPolicies.id, policyIds))
      : Promise.resolve([]),
  ]);
  const byId = new Map(policies.map((p) => [p.id, { key: p.key, name: p.name, version: p.version }]));
  const urgent: SlaClock[] = [];
  const rest: SlaClock[] = [];
  for (const timer of timers) {
    let explanation: string[] = [];
    try {
      explanation = await explainTimer(ex, timer, lang);
    } catch {
      explanation = []; // shown as "the calculation could not be shown", never as a made-up one
    }
    const clock = describeClock(timer, {
      calendar: cal.calendar,
      now,
      lang,
      policy: timer.policyId !== null ? (byId.get(timer.policyId) ?? null) : null,
      explanation,
    });
    (isUrgent(timer) ? urgent : rest).push(clock);
  }
  urgent.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return [...urgent, ...rest];
}

/** Every clock of a ticket. */
export async function loadSlaClocks(ticketId: string, lang: Lang, now: Date = new Date(), ex: Executor = executor()): Promise<SlaClock[]> {
  return clocksOf(await timersOf(ex, ticketId), lang, now, ex);
}
