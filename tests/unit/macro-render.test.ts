// Canned replies: one pure function renders the variables, one finds unknown ones (refused when
// the macro is saved), and deadlines are said in words in KST.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dueInWords, MACRO_VARIABLES, renderMacro, unknownVariables, type MacroValues } from "~/desk/macros/render";
import { macroSchema } from "~/desk/macros/schema";

const values: MacroValues = {
  customerName: "홍길동",
  reference: "261206-0007",
  dueDate: "2026년 12월 8일 화요일 오후 6시",
  staffName: "김하늘",
};
const knownNames = Object.values(MACRO_VARIABLES).flat();

describe("renderMacro", () => {
  it("fills Korean and English names, with or without spaces inside the braces", () => {
    expect(renderMacro("{고객명} 고객님, 접수번호 {접수번호} 문의는 {처리기한}까지 답변드립니다. 담당자 {담당자명}", values)).toBe(
      "홍길동 고객님, 접수번호 261206-0007 문의는 2026년 12월 8일 화요일 오후 6시까지 답변드립니다. 담당자 김하늘",
    );
    expect(renderMacro("Dear { customerName }, re {reference} by {dueDate} — {staffName}", values)).toBe(
      "Dear 홍길동, re 261206-0007 by 2026년 12월 8일 화요일 오후 6시 — 김하늘",
    );
  });

  it("leaves text without variables, lone braces and unknown placeholders as typed", () => {
    expect(renderMacro("감사합니다 :) { 와 } 그리고 {모름}", values)).toBe("감사합니다 :) { 와 } 그리고 {모름}");
  });

  it("never leaves a known variable unreplaced, and a value is never read as a variable again", () => {
    const piece = fc.oneof(
      fc.constantFrom(...knownNames.map((n) => `{${n}}`)),
      fc.string({ maxLength: 8 }).filter((s) => !/[{}]/.test(s)),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.string({ maxLength: 10 }), (pieces, name) => {
        const body = pieces.join("");
        const weird = { ...values, customerName: `{${name}}{고객명}` };
        const out = renderMacro(body, weird);
        expect(unknownVariables(body)).toEqual([]);
        const expected = pieces
          .map((p) => (p.startsWith("{") && knownNames.includes(p.slice(1, -1) as never) ? renderMacro(p, weird) : p))
          .join("");
        expect(out).toBe(expected);
      }),
    );
  });
});

describe("unknownVariables", () => {
  it("names each unknown placeholder once, in order", () => {
    expect(unknownVariables("{고객이름} {고객명} {접수 번호} {고객이름} {due}")).toEqual(["고객이름", "due"]);
    expect(unknownVariables("안녕하십니까")).toEqual([]);
  });

  it("is what the save form refuses, with the names in the message", () => {
    const bad = macroSchema.safeParse({ title: "접수", body: "{고객이름} 고객님" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["body"]);
    expect(bad.error?.issues[0]?.message).toContain("error.macro.unknownVariable");
    expect(bad.error?.issues[0]?.message).toContain(encodeURIComponent("{고객이름}").replace(/%20/g, "+"));
    expect(macroSchema.safeParse({ title: "접수", body: "{고객명} 고객님" }).success).toBe(true);
  });

  it("finds none in the starter replies the migration installs", () => {
    const sql = readFileSync(join(__dirname, "..", "..", "db", "migrations", "0036_workspace.sql"), "utf8");
    const bodies = [...sql.matchAll(/E'((?:[^']|'')*)'/g)].map((m) => m[1]!);
    expect(bodies).toHaveLength(4);
    for (const body of bodies) expect(unknownVariables(body)).toEqual([]);
  });
});

describe("dueInWords", () => {
  it("says the KST date, weekday and time in Korean words", () => {
    expect(dueInWords("2026-12-08T09:00:00Z", "ko")).toBe("2026년 12월 8일 화요일 오후 6시");
    expect(dueInWords("2026-12-08T00:30:00Z", "ko")).toBe("2026년 12월 8일 화요일 오전 9시 30분");
    expect(dueInWords("2026-12-07T15:00:00Z", "ko")).toBe("2026년 12월 8일 화요일 오전 12시");
    expect(dueInWords("2026-12-08T03:00:00Z", "ko")).toBe("2026년 12월 8일 화요일 오후 12시");
  });

  it("and in English", () => {
    expect(dueInWords("2026-12-08T09:00:00Z", "en")).toBe("Tuesday 8 December 2026, 6:00 pm");
  });
});
