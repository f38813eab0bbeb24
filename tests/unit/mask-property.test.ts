// Personal numbers are masked however they are typed; everything else is returned as typed.
// Invariants over generated numbers, separators and ordinary desk text (SERVICE-STANDARDS §7).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskJson, maskPersonalNumbers, maskText } from "~/core/mask";

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(""));
const pad2 = (n: number) => String(n).padStart(2, "0");

// Every way a separator is typed: dashes of every kind, the minus sign, dots, slashes,
// underscores, spaces, full-width forms — or none.
const separator = fc.constantFrom("", "-", "—", "–", "−", "‒", "‐", "－", "﹣", ".", "．", "/", "／", "_", "＿", " ", "　", " - ", " — ");
const fullWidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const maybeFullWidth = (s: string) => fc.boolean().map((wide) => (wide ? fullWidth(s) : s));
const context = fc.constantFrom(
  ["주민번호 ", " 입니다"],
  ["", ""],
  ["카드는 ", "이고요"],
  ["(", ")"],
  ["계좌: ", ", 확인 부탁"],
  ["number ", "."],
);

const rrn = fc
  .record({
    yy: digits(2),
    mm: fc.integer({ min: 1, max: 12 }),
    dd: fc.integer({ min: 1, max: 28 }),
    g: fc.integer({ min: 1, max: 8 }),
    tail: digits(6),
    sep: separator,
  })
  .map(({ yy, mm, dd, g, tail, sep }) => ({
    raw: `${yy}${pad2(mm)}${pad2(dd)}${g}${tail}`,
    typed: `${yy}${pad2(mm)}${pad2(dd)}${sep}${g}${tail}`,
  }));

const card = fc
  .record({ groups: fc.tuple(digits(4), digits(4), digits(4), digits(4)), sep: separator })
  .map(({ groups, sep }) => ({ raw: groups.join(""), typed: groups.join(sep) }));

const account = fc
  .record({
    first: fc.integer({ min: 100, max: 999_999 }).map(String),
    middle: fc.integer({ min: 2, max: 6 }).chain(digits),
    last: fc.integer({ min: 4, max: 7 }).chain(digits),
    sep: fc.constantFrom("-", "—", "−", "－", ".", "/", "_", " ", "　"),
  })
  .filter(({ first, middle, last }) => (first + middle + last).length >= 10 && (first + middle + last).length <= 14)
  .map(({ first, middle, last, sep }) => ({ raw: first + middle + last, typed: [first, middle, last].join(sep) }));

/** The digits of a text as a reader sees them (full-width folded). */
const digitsOf = (s: string) => s.normalize("NFKC").replace(/\D/g, "");

function expectMasked(raw: string, typed: string, [before, after]: readonly string[]) {
  const out = maskText(before + typed + after);
  expect(digitsOf(out)).not.toContain(raw);
  expect(out).toContain("****");
  expect(out.startsWith(before) && out.endsWith(after)).toBe(true);
  expect(maskText(out)).toBe(out);
}

describe("personal numbers are masked however they are typed", () => {
  it("resident registration numbers, any separator, half- or full-width", () => {
    fc.assert(
      fc.property(
        rrn.chain((n) => maybeFullWidth(n.typed).map((typed) => ({ ...n, typed }))),
        context,
        (n, ctx) => {
          expectMasked(n.raw, n.typed, ctx);
          expect(maskPersonalNumbers(n.typed).masked).toEqual(["rrn"]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("card numbers with any separator between the groups", () => {
    fc.assert(
      fc.property(
        card.chain((n) => maybeFullWidth(n.typed).map((typed) => ({ ...n, typed }))),
        context,
        (n, ctx) => expectMasked(n.raw, n.typed, ctx),
      ),
      {
        numRuns: 500,
      },
    );
  });

  it("account numbers in three groups with any one separator, or as one run", () => {
    fc.assert(
      fc.property(account, fc.boolean(), context, (n, bare, ctx) => expectMasked(n.raw, bare ? n.raw : n.typed, ctx)),
      { numRuns: 500 },
    );
  });

  it("the examples of issue 17", () => {
    for (const typed of [
      "900101—1234567",
      "900101−1234567",
      "900101.1234567",
      "900101/1234567",
      "900101_1234567",
      "９００１０１－１２３４５６７",
    ]) {
      expect(maskText(`주민번호 ${typed} 입니다`)).toBe("주민번호 900101-1****** 입니다");
    }
    expect(maskText("계좌 110 123 456789")).toBe("계좌 110-****-6789");
  });

  it("masks inside JSON, keys and nested values, and leaves other values alone", () => {
    const value = {
      note: "900101-1234567",
      list: [{ deep: "카드 1234 5678 9012 3456" }],
      "110-123-456789": 3,
      n: 9001011234567,
      ok: true,
      none: null,
    };
    expect(maskJson(value)).toEqual({
      note: "900101-1******",
      list: [{ deep: "카드 1234-****-****-3456" }],
      "110-****-6789": 3,
      n: 9001011234567,
      ok: true,
      none: null,
    });
  });
});

// Ordinary text the desk must keep usable: how to reach the customer, dates, amounts, references.
const phone = fc.oneof(
  fc
    .tuple(fc.constantFrom("010", "011", "02", "031", "051", "070"), digits(3), digits(4), fc.constantFrom("-", " ", ".", ""))
    .map(([a, b, c, s]) => [a, b, c].join(s)),
  fc.tuple(fc.constantFrom("010", "02"), digits(4), digits(4), fc.constantFrom("-", " ", ".", "")).map(([a, b, c, s]) => [a, b, c].join(s)),
  fc.tuple(digits(4), digits(4), fc.constantFrom("-", " ")).map(([a, b, s]) => `+82${s}10${s}${a}${s}${b}`),
  fc.tuple(fc.constantFrom("1588", "1577", "1600"), digits(4)).map(([a, b]) => `${a}-${b}`),
);
const email = fc.emailAddress();
const date = fc
  .tuple(
    fc.integer({ min: 1990, max: 2099 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
    fc.constantFrom("-", ".", "/", ". "),
  )
  .map(([y, m, d, s]) => [String(y), pad2(m), pad2(d)].join(s));
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${pad2(h)}:${pad2(m)}`);
const amount = fc.integer({ min: 0, max: 2_000_000_000 }).map((n) => `${n.toLocaleString("en-US")}원`);
const reference = fc.tuple(digits(6), digits(4)).map(([a, b]) => `접수번호 ${a}-${b}`);
const uuid = fc.uuid();
const ipv4 = fc.ipV4();
const word = fc.constantFrom("고객", "문의", "답변", "연락", "주세요", "감사합니다", "call", "me", "on", "—", "·", "/");
const ordinaryText = fc
  .array(fc.oneof(phone, email, date, time, amount, reference, uuid, ipv4, word), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(" "));

describe("ordinary text is returned exactly as typed", () => {
  it("phone numbers, email addresses, dates, times, amounts, reference numbers, ids, IP addresses", () => {
    fc.assert(
      fc.property(ordinaryText, (text) => {
        expect(maskText(text)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });

  it("text without digits is never changed, whatever its dashes and spaces", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }).filter((s) => !/\d/u.test(s.normalize("NFKC"))),
        (text) => {
          expect(maskText(text)).toBe(text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
