// The policy form's sections: every clock the desk knows is in exactly one section, so no target
// is left out of the form (its fields would not be sent) or shown twice.
import { describe, expect, it } from "vitest";
import { SLA_METRICS } from "../../db/schema";
import { POLICY_SECTIONS } from "~/admin/policy-fields";
import { dictionaries } from "~/i18n/i18n";

describe("policy form sections", () => {
  it("hold every metric exactly once, each section titled and explained in both languages", () => {
    const listed = POLICY_SECTIONS.flatMap((s) => s.metrics);
    expect([...listed].sort()).toEqual([...SLA_METRICS].sort());
    expect(new Set(listed).size).toBe(listed.length);
    for (const s of POLICY_SECTIONS) {
      for (const lang of ["ko", "en"] as const) {
        expect(dictionaries[lang][`policySection.${s.id}.title`], `${lang} ${s.id}`).toBeTruthy();
        expect(dictionaries[lang][`policySection.${s.id}.help`], `${lang} ${s.id}`).toBeTruthy();
      }
    }
  });
});
