// One clock, one name: a clock is called by its metric's name, and the period in its label comes
// from the policy period the timer counts with ("처리 완료 (7영업일)" under the default policy,
// "처리 완료 (14영업일)" where a category's policy gives 14 days) — never from a fixed text.
import type { Translate } from "~/i18n/i18n";
import { DEFAULT_DAY_SHAPE, periodInWords, type DayShape } from "./period-text";
import { DAYS_COUNTED_AS_HOURS_MAX, IMMEDIATE_WORKING_HOURS, type Period } from "./counting";

/** The period as a label says it: "7영업일", "1일, 근무 8시간", "즉시, 근무 3시간", "30 근무분". */
export function periodLabel(t: Translate, period: Period, shape: DayShape = DEFAULT_DAY_SHAPE): string {
  if (period.kind === "immediately") return t("words.period.immediately", { hours: IMMEDIATE_WORKING_HOURS });
  if (period.kind === "days") {
    return period.amount <= DAYS_COUNTED_AS_HOURS_MAX
      ? t("words.period.daysAsHours", { n: period.amount, hours: period.amount * shape.hoursPerDay })
      : t("words.period.workingDays", { n: period.amount });
  }
  return periodInWords(t, period, shape);
}

/** "처리 완료 (7영업일)"; a clock counted to a date (no period) is its name alone. */
export function clockLabel(t: Translate, metric: string, period: Period | null | undefined, shape: DayShape = DEFAULT_DAY_SHAPE): string {
  const name = t.dynamic(`clock.metric.${metric}`);
  return period ? t("words.clockLabel", { name, period: periodLabel(t, period, shape) }) : name;
}
