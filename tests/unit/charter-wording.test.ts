// Korean particles after a word the desk fills in follow that word (받침): "부분공개로", "비공개로",
// "공개로"; "문의 261206-0003으로" but "문의 261206-0001로".
import { describe, expect, it } from "vitest";
import { translate } from "~/i18n/i18n";

describe("disclosure and remote support wording", () => {
  it("the decision line takes 로 after every decision", () => {
    for (const decision of ["disclosed", "partial", "refused"] as const) {
      const word = translate("ko", `disclosure.decision.${decision}`);
      expect(translate("ko", "disclosure.decidedLine", { date: "12월 7일", decision: word })).toBe(`12월 7일에 ${word}로 결정했습니다.`);
    }
  });

  it("the way back names the reference with the particle its last digit takes", () => {
    for (const key of ["disclosure.back", "remote.back"] as const) {
      expect(translate("ko", key, { reference: "261206-0001" })).toBe("문의 261206-0001로 돌아가기");
      expect(translate("ko", key, { reference: "261206-0003" })).toBe("문의 261206-0003으로 돌아가기");
    }
  });
});
