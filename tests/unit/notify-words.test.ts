// Notifications are shown to staff by a human name ("접수 확인"), never by their template id; every
// delivery state and every reason a notification could not be sent has words (what happened and
// what to do) in Korean and English.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_STATUSES } from "../../db/schema";
import { dictionaries, translator } from "~/i18n/i18n";
import { notifyErrorText, templateLabel } from "~/desk/history";
import { NOTIFY_ERROR_CODES } from "~/notify/address.server";
import { TEMPLATE_NAMES } from "~/notify/templates";

const CODE = /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/;
const LANGS = ["ko", "en"] as const;

describe("notification words", () => {
  // Every email under emails/ is a template the desk can send, and is named in the list.
  const files = readdirSync(join(__dirname, "..", "..", "emails"))
    .filter((f) => f.endsWith(".tsx"))
    .map((f) => f.replace(/\.tsx$/, ""));

  it("the template list covers every email and text template", () => {
    expect([...TEMPLATE_NAMES].sort()).toEqual(expect.arrayContaining(files.sort()));
  });

  it.each([...TEMPLATE_NAMES])("the template %s has a name for staff in both languages", (name) => {
    for (const lang of LANGS) {
      const text = dictionaries[lang][`notify.template.${name}`];
      expect(text, `${lang} notify.template.${name}`).toBeTruthy();
      expect(text).not.toMatch(CODE);
      expect(templateLabel(translator(lang), name)).toBe(text);
    }
  });

  it("an unknown template is still named in words", () => {
    for (const lang of LANGS) expect(templateLabel(translator(lang), "future_template")).not.toMatch(CODE);
  });

  it.each([...NOTIFICATION_STATUSES, "sending"])("the delivery state %s has words in both languages", (status) => {
    for (const lang of LANGS) {
      for (const key of [`notify.status.${status}`, `words.delivery.${status}`]) {
        expect(dictionaries[lang][key], `${lang} ${key}`).toBeTruthy();
        expect(dictionaries[lang][key]).not.toMatch(CODE);
      }
    }
  });

  it.each([...NOTIFY_ERROR_CODES])("the reason %s says what happened and what to do, in both languages", (code) => {
    for (const lang of LANGS) {
      const text = dictionaries[lang][`words.notifyError.${code}`];
      expect(text, `${lang} words.notifyError.${code}`).toBeTruthy();
      expect(text).toContain("—"); // what happened — what to do
      expect(text).not.toMatch(CODE);
      expect(notifyErrorText(translator(lang), `${code}: some raw detail from a library`)).toBe(text);
      expect(dictionaries[lang][`notify.error.${code}`], `${lang} notify.error.${code}`).toBeTruthy();
    }
  });

  it("an error of an unknown kind is still explained in words", () => {
    for (const lang of LANGS)
      expect(notifyErrorText(translator(lang), "ECONNRESET something")).toBe(dictionaries[lang]["words.notifyError.unknown"]);
  });
});
