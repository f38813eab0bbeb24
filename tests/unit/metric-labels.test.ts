// Every clock the desk keeps has a name in words wherever a person reads it, in both languages:
// no metric code (snake_case) reaches a page, a report or an email.
import { describe, expect, it } from "vitest";
import { SLA_METRICS, TICKET_KINDS } from "../../db/schema";
import { dictionaries } from "~/i18n/i18n";
import { metricLabel } from "../../emails/_shared/format";
import { STAFF_METRICS, label } from "../../emails/_shared/operations";

const PREFIXES = ["admin.metric", "dashboard.metric", "desk.metric", "clock.metric", "ops.metric"];

describe("metric names", () => {
  it.each(SLA_METRICS)("%s is named on every page and in every email, in Korean and English", (metric) => {
    for (const lang of ["ko", "en"] as const) {
      for (const prefix of PREFIXES) expect(dictionaries[lang][`${prefix}.${metric}`], `${lang} ${prefix}.${metric}`).toBeTruthy();
      expect(metricLabel(metric, lang)).not.toBe(metric);
      expect(label(STAFF_METRICS, metric, lang)).not.toBe(metric);
    }
  });

  it.each(TICKET_KINDS)("the kind %s is named on the forms in both languages", (kind) => {
    for (const lang of ["ko", "en"] as const) expect(dictionaries[lang][`portal.kind.${kind}`], `${lang} ${kind}`).toBeTruthy();
  });
});
