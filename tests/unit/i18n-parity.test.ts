// Korean and English say the same things: every key exists in both languages, and each message
// names the same {placeholders} in both (a Korean `{name|을}` particle is the same placeholder).
import { describe, expect, it } from "vitest";
import { areas, dictionaries } from "~/i18n/i18n";

function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(/\{(\w+)(?:\|[^}]*)?\}/g)].map((m) => m[1]))].sort();
}

describe("messages", () => {
  it("have the same keys in Korean and English", () => {
    const ko = Object.keys(dictionaries.ko).sort();
    const en = Object.keys(dictionaries.en).sort();
    expect(
      en.filter((k) => !ko.includes(k)),
      "English keys without Korean",
    ).toEqual([]);
    expect(
      ko.filter((k) => !en.includes(k)),
      "Korean keys without English",
    ).toEqual([]);
  });

  it("have the same keys in each area's two languages", () => {
    for (const area of areas) {
      expect(Object.keys(area.en).sort()).toEqual(Object.keys(area.ko).sort());
    }
  });

  it("name the same placeholders in both languages", () => {
    const ko = dictionaries.ko as Record<string, string>;
    const en = dictionaries.en as Record<string, string>;
    const differ = Object.keys(ko)
      .filter((key) => key in en)
      .filter((key) => placeholders(ko[key]).join() !== placeholders(en[key]).join())
      .map((key) => ({ key, ko: ko[key], en: en[key] }));
    expect(differ).toEqual([]);
  });

  it("are defined once: no key is in two areas", () => {
    const seen = new Map<string, number>();
    areas.forEach((area, i) => {
      for (const key of Object.keys(area.ko)) seen.set(key, seen.has(key) ? -1 : i);
    });
    expect([...seen].filter(([, i]) => i === -1).map(([key]) => key)).toEqual([]);
  });

  it("are non-empty text", () => {
    for (const lang of ["ko", "en"] as const) {
      const empty = Object.entries(dictionaries[lang] as Record<string, unknown>).filter(
        ([, v]) => typeof v !== "string" || v.trim() === "",
      );
      expect(
        empty.map(([k]) => k),
        lang,
      ).toEqual([]);
    }
  });
});

describe("the browser's fallback messages", () => {
  it("are the catalog's Korean words", async () => {
    const { FALLBACK } = await import("~/i18n/fallback");
    for (const [key, text] of Object.entries(FALLBACK)) expect(text, key).toBe(dictionaries.ko[key]);
  });
});
