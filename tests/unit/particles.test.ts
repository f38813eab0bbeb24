// Korean particles follow the sound the word ends in (받침): checked over every Hangul syllable,
// digits and Latin letters, and through translate()'s `{name|을}` placeholders.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { translate } from "~/i18n/i18n";
import { finalSound, particleFor, withParticle } from "~/i18n/particles";

const syllable = (lead: number, vowel: number, tail: number) => String.fromCharCode(0xac00 + (lead * 21 + vowel) * 28 + tail);
const arbSyllable = fc.record({
  lead: fc.integer({ min: 0, max: 18 }),
  vowel: fc.integer({ min: 0, max: 20 }),
  tail: fc.integer({ min: 0, max: 27 }),
});
const prefix = fc.string({ maxLength: 8 });

describe("particles after Hangul", () => {
  it("을/이/은/과 after a final consonant, 를/가/는/와 after a vowel — whichever form the message names", () => {
    fc.assert(
      fc.property(
        prefix,
        arbSyllable,
        fc.constantFrom(["을", "를"], ["이", "가"], ["은", "는"], ["과", "와"]),
        (p, s, [withTail, withoutTail]) => {
          const word = p + syllable(s.lead, s.vowel, s.tail);
          const expected = s.tail === 0 ? withoutTail : withTail;
          expect(particleFor(word, withTail)).toBe(expected);
          expect(particleFor(word, withoutTail)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("으로 only after a final consonant other than ㄹ", () => {
    fc.assert(
      fc.property(prefix, arbSyllable, (p, s) => {
        const word = p + syllable(s.lead, s.vowel, s.tail);
        expect(particleFor(word, "으로")).toBe(s.tail === 0 || s.tail === 8 ? "로" : "으로");
      }),
      { numRuns: 2000 },
    );
  });

  it("reads known words", () => {
    expect(withParticle("보고서", "을")).toBe("보고서를");
    expect(withParticle("신청", "를")).toBe("신청을");
    expect(withParticle("서울", "으로")).toBe("서울로");
    expect(withParticle("부산", "로")).toBe("부산으로");
    expect(withParticle("보고서(최종)", "을")).toBe("보고서(최종)을");
  });
});

describe("particles after digits and Latin letters", () => {
  // 영 일 이 삼 사 오 육 칠 팔 구; a trailing 0 is 영/십/백/천/만.
  const tailOfDigit: Record<string, boolean> = {
    "0": true,
    "1": true,
    "2": false,
    "3": true,
    "4": false,
    "5": false,
    "6": true,
    "7": true,
    "8": true,
    "9": false,
  };

  it("a number takes the particle of its last digit's reading", () => {
    fc.assert(
      fc.property(fc.nat(), (n) => {
        const word = String(n);
        const last = word.slice(-1);
        expect(particleFor(word, "을")).toBe(tailOfDigit[last] ? "을" : "를");
        expect(particleFor(`버전 ${word}`, "이")).toBe(tailOfDigit[last] ? "이" : "가");
        expect(particleFor(word, "으로")).toBe(["1", "7", "8"].includes(last) || !tailOfDigit[last] ? "로" : "으로");
      }),
    );
    expect(withParticle("버전 2", "을")).toBe("버전 2를");
    expect(withParticle("10", "은")).toBe("10은");
  });

  it("a Latin word is read by its last letter's name (엘/알 end in ㄹ, 엠/엔 in a consonant, the rest in a vowel)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,10}$/), (word) => {
        const last = word.slice(-1).toLowerCase();
        const sound = finalSound(word);
        expect(sound).toBe("lr".includes(last) ? "rieul" : "mn".includes(last) ? "other" : "none");
        expect(particleFor(word, "를")).toBe(sound === "none" ? "를" : "을");
      }),
    );
    expect(withParticle("SMS", "을")).toBe("SMS를");
    expect(withParticle("URL", "을")).toBe("URL을");
  });

  it("a word with nothing readable keeps the vowel form rather than failing", () => {
    expect(particleFor("", "을")).toBe("를");
    expect(particleFor("…", "이")).toBe("가");
  });
});

describe("translate with {name|particle}", () => {
  it("fills the value and its particle; an unknown particle is left as written", () => {
    expect(translate("ko", "admin.policy.saved", { version: 2 })).toMatch(/^버전 2를 저장했습니다/);
    expect(translate("ko", "admin.calendar.changed", { version: 3 })).toMatch(/^달력 버전 3을 만들었습니다/);
    expect(translate("ko", "ops.unsubscribe.confirm", { address: "lee@example.com" })).toMatch(/^lee@example\.com으로 보내던/);
    expect(particleFor("x", "도")).toBe("도");
  });

  it("no message says 을(를), 이(가), 은(는) or (으)로 any more", async () => {
    const { dictionaries } = await import("~/i18n/i18n");
    const slips = Object.entries(dictionaries.ko as Record<string, string>).filter(([, text]) =>
      /을\(를\)|이\(가\)|은\(는\)|와\(과\)|\(으\)로/.test(text),
    );
    expect(slips).toEqual([]);
  });
});
