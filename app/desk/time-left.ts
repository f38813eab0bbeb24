// "2시간 남음" / "3시간 지남": the time to a deadline in words, the same on the server and in the
// browser (the queue's countdown recomputes it every minute). Wall-clock time, rounded down to the
// minute so that time left is never overstated; the due time itself is shown beside it.
import type { Translate } from "~/i18n/i18n";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function durationWords(ms: number, t: Translate): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return t("queue.dur.lessThanMinute");
  if (abs >= DAY) {
    const d = Math.floor(abs / DAY);
    const h = Math.floor((abs % DAY) / HOUR);
    return h ? t("queue.dur.dh", { d, h }) : t("queue.dur.d", { d });
  }
  const h = Math.floor(abs / HOUR);
  const m = Math.floor((abs % HOUR) / MINUTE);
  if (h && m) return t("queue.dur.hm", { h, m });
  return h ? t("queue.dur.h", { h }) : t("queue.dur.m", { m });
}

/** The deadline relative to `nowMs`: overdue once it has passed. */
export function timeLeft(dueIso: string, nowMs: number, t: Translate): { overdue: boolean; text: string } {
  const ms = Date.parse(dueIso) - nowMs;
  const overdue = ms <= 0;
  return { overdue, text: t(overdue ? "queue.overdueBy" : "queue.left", { duration: durationWords(ms, t) }) };
}
