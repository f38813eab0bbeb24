// One clock, one name: the clock's label takes its period from the policy the timer counts with,
// and the metric names themselves carry no period that a policy could contradict.
import { describe, expect, it } from "vitest";
import { SLA_METRICS } from "../../db/schema";
import { dictionaries, translator } from "~/i18n/i18n";
import { clockLabel } from "~/sla/clock-label";

describe("clock labels", () => {
  const ko = translator("ko");
  const en = translator("en");

  it("names the resolution clock once, with the period of the policy in force", () => {
    expect(clockLabel(ko, "resolution", { kind: "days", amount: 7 })).toBe("처리 완료 (7영업일)");
    // A category policy counting 14 working days (CMS) is not labelled with the charter's 7.
    expect(clockLabel(ko, "resolution", { kind: "days", amount: 14 })).toBe("처리 완료 (14영업일)");
    expect(clockLabel(en, "resolution", { kind: "days", amount: 14 })).toBe("Resolution (14 working days)");
    expect(clockLabel(ko, "resolution", { kind: "days", amount: 2 })).toBe("처리 완료 (2일, 근무 16시간)");
  });

  it("says the other kinds of period as the counting rules do", () => {
    expect(clockLabel(ko, "first_reply", { kind: "days", amount: 1 })).toBe("1일 내 답변 (1일, 근무 8시간)");
    expect(clockLabel(ko, "handoff", { kind: "immediately" })).toBe("담당자 전달 (즉시, 근무 3시간)");
    expect(clockLabel(ko, "callback", { kind: "working_minutes", amount: 30 })).toBe("30분 내 회신 전화 (30 근무분)");
    expect(clockLabel(ko, "disclosure_decision", { kind: "calendar_days", amount: 10 })).toBe("정보공개 결정 (10일(달력 기준, 휴일 포함))");
    expect(clockLabel(ko, "requested_reply", null)).toBe("고객 회신 요청일");
  });

  it.each(SLA_METRICS)("the metric %s has one name in the history and on its clock", (metric) => {
    for (const lang of ["ko", "en"] as const) {
      const clock = dictionaries[lang][`clock.metric.${metric}`];
      expect(clock).toBeTruthy();
      expect(dictionaries[lang][`desk.metric.${metric}`]).toBe(clock);
    }
  });

  it("the resolution clock has one name everywhere, with no period a policy could contradict", () => {
    for (const lang of ["ko", "en"] as const) {
      const name = dictionaries[lang]["clock.metric.resolution"];
      expect(name).not.toMatch(/\d/);
      for (const prefix of ["desk", "dashboard", "admin", "ops"])
        expect(dictionaries[lang][`${prefix}.metric.resolution`], prefix).toBe(name);
    }
  });
});
