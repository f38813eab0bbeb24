// The masking's shortcuts return what the full matching would: text with fewer than ten number
// characters is returned as it is, and ASCII text is normalised without the per-character walk.
// (The third, text without a chain of ten digits, is held to every format of every kind of number
// by mask-property.test.ts: a chain rule one digit too strict fails it.)
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fewerNumberCharsThan, maskCache, maskJson, maskText, MIN_MASKED_DIGITS, normalise, normaliseUnicode } from "~/core/mask";

const asciiDigits = (text: string) => (text.match(/[0-9]/g) ?? []).length;

// Text as people type it: Korean, digits of every width, separators, spaces of every kind.
const typedChar = fc.oneof(
  { arbitrary: fc.constantFrom(..."0123456789０１２３４５６７８９①⑨𝟏𝟗¹₂٣"), weight: 6 },
  fc.constantFrom(..."-—–−－./_ \t\n\u00a0\u3000\u200b\u00ad:,+"),
  fc.constantFrom(..."주민번호계좌카드입니다abcXYZ"),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);
const typed = fc.array(typedChar, { maxLength: 40 }).map((cs) => cs.join(""));
const asciiText = fc
  .array(fc.oneof(fc.constantFrom(..."0123456789-./_ \t\n\r\v\f"), fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 })), {
    maxLength: 60,
  })
  .map((cs) => cs.join(""));

describe("masking shortcuts", () => {
  it("every character that matching reads as a digit is a Unicode number", () => {
    const notNumbers: string[] = [];
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const char = String.fromCodePoint(cp);
      if (/[0-9]/.test(normaliseUnicode(char).text) && !/\p{N}/u.test(char)) notNumbers.push(cp.toString(16));
    }
    expect(notNumbers).toEqual([]);
  });

  it("text with fewer number characters than a masked number has digits is read with fewer digits than that", () => {
    fc.assert(
      fc.property(typed, (text) => {
        if (fewerNumberCharsThan(text, MIN_MASKED_DIGITS)) expect(asciiDigits(normaliseUnicode(text).text)).toBeLessThan(MIN_MASKED_DIGITS);
      }),
      { numRuns: 2000 },
    );
  });

  it("counts number characters of every script and width, and stops at the limit", () => {
    expect(fewerNumberCharsThan("123456789", 10)).toBe(true);
    expect(fewerNumberCharsThan("1234567890", 10)).toBe(false);
    expect(fewerNumberCharsThan("１２３４５６７８９０", 10)).toBe(false);
    expect(fewerNumberCharsThan("𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎", 10)).toBe(false);
    expect(fewerNumberCharsThan("주민번호 없음", 10)).toBe(true);
    // The regex's position is reset between calls.
    expect(fewerNumberCharsThan("12345678901234567890", 10)).toBe(false);
    expect(fewerNumberCharsThan("123", 10)).toBe(true);
  });

  it("ASCII text is normalised as the character walk would, each character in its place", () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        const fast = normalise(text);
        const walked = normaliseUnicode(text);
        expect(fast.text).toBe(walked.text);
        expect(fast.start).toBeNull();
        expect(walked.start).toEqual([...text].map((_, i) => i));
        expect(walked.end).toEqual([...text].map((_, i) => i + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("a JSON value is masked as a copy where something changes and returned as it is where nothing does", () => {
    // What maskJson means: every string (keys too) masked, in a new value; the input untouched.
    const copyMasked = (v: unknown): unknown =>
      typeof v === "string"
        ? maskText(v)
        : Array.isArray(v)
          ? v.map(copyMasked)
          : v !== null && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [maskText(k), copyMasked(x)]))
            : v;
    const text = fc.oneof(typed, fc.constantFrom("900101-1234567", "110-123-456789", "4111 1111 1111 1111", "상담 요청"));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(text, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, fc.boolean(), (value, cached) => {
        const before = JSON.stringify(value);
        const masked = maskJson(value, cached ? maskCache() : undefined);
        expect(JSON.stringify(value)).toBe(before);
        expect(masked).toEqual(copyMasked(value));
        if (JSON.stringify(masked) === before) expect(masked).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});
