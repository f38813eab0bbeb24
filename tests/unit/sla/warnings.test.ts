// When a clock warns (SERVICE-STANDARDS: 75 % of the target elapsed, or 1 working hour before the
// deadline, whichever comes first), for every shipped metric, callbacks included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCalendar, defaultCalendarSpec } from "../../../app/sla/calendar";
import { computeDeadline, countingRuleOf } from "../../../app/sla/counting";
import { koreanPublicHolidays } from "../../../app/sla/holidays-kr";
import { DEFAULT_POLICIES } from "../../../app/sla/policy-defaults";
import { warnAtOf } from "../../../app/sla/timer-math";

const cal = buildCalendar(defaultCalendarSpec(koreanPublicHolidays()));
const kst = (s: string) => Date.parse(`${s}+09:00`);
const FROM = kst("2025-01-01T00:00:00");
const TO = kst("2027-12-01T00:00:00");

const targets = DEFAULT_POLICIES.flatMap((p) =>
  Object.entries(p.targets)
    .filter(([, t]) => t?.period)
    .map(([metric, t]) => ({ policy: p.key, metric, target: t! })),
);

describe("warning points", () => {
  it("a callback started 10:00 is warned at 22.5 of its 30 working minutes (75 %), not at its start nor by a special rule", () => {
    const target = DEFAULT_POLICIES[0].targets.callback!;
    const start = kst("2026-06-02T10:00:00");
    const due = computeDeadline(cal, start, target.period!).dueAtMs;
    expect(new Date(warnAtOf(cal, start, due, target.period, target)!).toISOString()).toBe(
      new Date(kst("2026-06-02T10:22:30")).toISOString(),
    );
  });

  it("every shipped metric warns strictly between start and deadline, at the earlier of its two points (a 'before' point at or before the start is none)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...targets), fc.integer({ min: FROM, max: TO }), ({ target }, start) => {
        const period = target.period!;
        const due = computeDeadline(cal, start, period).dueAtMs;
        const warn = warnAtOf(cal, start, due, period, target);
        if (due <= start) return expect(warn).toBeNull();
        expect(warn).not.toBeNull();
        const working = countingRuleOf(period) !== "calendar_time" && countingRuleOf(period) !== "civil_period";
        const total = working ? cal.workingTimeBetween(start, due) : due - start;
        const elapsed = working ? cal.workingTimeBetween(start, warn!) : warn! - start;
        const before = target.warnBeforeMinutes * 60_000;
        const expected = total - before > 0 ? Math.min(total * target.warnRatio, total - before) : total * target.warnRatio;
        expect(Math.abs(elapsed - expected)).toBeLessThanOrEqual(1);
        expect(warn!).toBeLessThanOrEqual(due);
        if (expected > 0) expect(warn!).toBeGreaterThan(start);
      }),
      { numRuns: 500 },
    );
  });
});
