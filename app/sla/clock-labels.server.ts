// The labels an alert names its clocks with, in both languages, from the period each clock counts
// with (its policy's): the same helper as the ticket page (app/desk/clock-label.ts), so a
// 14-working-day clock is never announced as the charter's 7.
import type { ClockLabels } from "~/emails/_shared/format";
import { clockLabel } from "./clock-label";
import { LANGS, translator } from "~/i18n/i18n";
import type { Period } from "./counting";

export function clockLabelsOf(clocks: Array<{ metric: string; period: Period | null }>): ClockLabels {
  const labels: ClockLabels = {};
  for (const lang of LANGS) {
    const t = translator(lang);
    labels[lang] = Object.fromEntries(clocks.map((c) => [c.metric, clockLabel(t, c.metric, c.period)]));
  }
  return labels;
}
