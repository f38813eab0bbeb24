// Numbers side by side (issue 17): an account number right after a resident registration, card
// or phone number — separated by a single space — is masked too; phone numbers stay whole; and
// masking what is already masked changes nothing (the stored-data walk relies on it, ADR 0013).
import { describe, expect, it } from "vitest";
import { maskText } from "~/core/mask";

describe("an account number next to another number", () => {
  it.each([
    ["850715—2234561 110 987 654321", "850715-2****** 110-****-4321"],
    ["4518/1234/9876/5432 110/987/654321", "4518-****-****-5432 110-****-4321"],
    ["110-987-654321 850715-2234561", "110-****-4321 850715-2******"],
    ["010-1234-5678 110 987 654321", "010-1234-5678 110-****-4321"],
    ["850715_2234561 4518/1234/9876/5432 110/987/654321", "850715-2****** 4518-****-****-5432 110-****-4321"],
  ])("%s", (input, expected) => {
    expect(maskText(input)).toBe(expected);
  });

  it.each(["+82 10 1234 5678", "+82 10-1234-5678", "1588-0000 1588-0000", "010-1234-5678 02-123-4567", "2026.12.05 10:30 1,000,000원"])(
    "keeps %s",
    (input) => {
      expect(maskText(input)).toBe(input);
    },
  );

  it("is idempotent", () => {
    for (const input of [
      "주민 ８５０７１５－２２３４５６１ / 카드 4518.1234.9876.5432 / 계좌 110 987 654321",
      "850715−2234561 4518-1234-9876-5432, 110_987_654321",
    ]) {
      const once = maskText(input);
      expect(maskText(once)).toBe(once);
    }
  });
});
