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
    labels[lang] = Object.fromEntries(clocks.map((c) => [c.metric, labelOf(lang, c.metric, c.period)]));
  }
  return labels;
}

// A sweep names thousands of clocks with a handful of (metric, period) pairs — the policies'
// targets: each label is made once per process. Bounded, in case periods ever vary per clock.
const labelCache = new Map<string, string>();
const LABEL_CACHE_MAX = 2_000;

function labelOf(lang: (typeof LANGS)[number], metric: string, period: Period | null): string {
  const key = `${lang}\u0000${metric}\u0000${period === null ? "" : JSON.stringify(period)}`;
  let label = labelCache.get(key);
  if (label === undefined) {
    label = clockLabel(translator(lang), metric, period);
    if (labelCache.size >= LABEL_CACHE_MAX) labelCache.clear();
    labelCache.set(key, label);
  }
  return label;
}
