// The browser gets the active language's messages from the root loader; the client build holds
// neither dictionary (docs/decisions/0018-typed-i18n-one-language-to-the-browser.md). Builds the
// app (remix build) and reads every string literal in public/build.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dictionaries } from "~/i18n/i18n";

const ROOT = join(__dirname, "..", "..");
const strings = new Set<string>();

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith(".js") ? [path] : [];
  });
}

beforeAll(async () => {
  // Asynchronously: a blocked worker misses vitest's own messages during the long build.
  await promisify(execFile)(process.execPath, [join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production" },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of jsFiles(join(ROOT, "public", "build"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/"((?:[^"\\\n]|\\.)*)"/g)) {
      try {
        strings.add(JSON.parse(`"${m[1]}"`) as string);
      } catch {
        strings.add(m[1]);
      }
    }
  }
}, 600_000);

/** Messages of one language that the other language does not also use. */
function own(lang: "ko" | "en"): string[] {
  const other = new Set(Object.values(dictionaries[lang === "ko" ? "en" : "ko"]));
  return [...new Set(Object.values(dictionaries[lang]) as string[])].filter((text) => text.length >= 8 && !other.has(text));
}

describe("the client build", () => {
  it("was read", () => {
    expect(strings.size).toBeGreaterThan(100);
  });

  for (const lang of ["ko", "en"] as const) {
    it(`holds no ${lang === "ko" ? "Korean" : "English"} dictionary`, () => {
      const messages = own(lang);
      expect(messages.length).toBeGreaterThan(1000);
      // A few words are written in components on purpose (the error page's fallback, bilingual titles).
      const shipped = messages.filter((text) => strings.has(text));
      expect(shipped.length, shipped.slice(0, 20).join(" | ")).toBeLessThan(20);
    });
  }

  it("lacks a Korean-only and an English-only message that no component uses", () => {
    expect(strings.has(dictionaries.ko["desk.event.privacy.anonymised"])).toBe(false);
    expect(strings.has(dictionaries.en["desk.event.privacy.anonymised"])).toBe(false);
  });
});
