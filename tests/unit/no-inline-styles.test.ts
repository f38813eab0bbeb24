// The desk's CSP allows styles only from its own stylesheets (style-src 'self'), so a style
// attribute in a page is blocked by the browser and logged as a violation. Emails are exempt: mail
// clients need inline styles and no CSP applies to them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx$/.test(entry.name) ? [full] : [];
  });
}

describe("pages and the CSP", () => {
  it("no component of a page sets a style attribute", () => {
    const offenders = sources("app").flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (/\bstyle=\{/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(offenders).toEqual([]);
  });
});
