// The repository stands alone: no tracked file points at reference material outside it (the
// `../shared` folder the desk was specified from is not shipped), and every relative link in the
// documentation resolves to a file or folder inside the repository.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const self = path.relative(root, __filename);
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => /\.(md|ts|tsx|ya?ml|json)$/.test(f) && f !== self && existsSync(path.join(root, f)));

/** Relative targets of Markdown links `[text](target)` and HTML `href="target"` in a text. */
export function relativeLinks(text: string): string[] {
  const targets = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g), ...text.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
  return targets.filter((t) => !/^([a-z][a-z0-9+.-]*:|#|\/|\{|\$)/i.test(t));
}

describe("links stay inside the repository", () => {
  it("finds the tracked files it checks", () => {
    expect(tracked).toContain("README.md");
    expect(relativeLinks("see [a](../shared/X.md) and [b](docs/A.md#x) and [c](https://e.x) and [d](#top)")).toEqual([
      "../shared/X.md",
      "docs/A.md#x",
    ]);
  });

  it("no tracked file mentions ../shared", () => {
    const offenders = tracked.filter((f) => readFileSync(path.join(root, f), "utf8").includes("../shared"));
    expect(offenders).toEqual([]);
  });

  it("every relative link in the documentation resolves inside the repository", () => {
    const broken: string[] = [];
    for (const file of tracked.filter((f) => f.endsWith(".md"))) {
      for (const link of relativeLinks(readFileSync(path.join(root, file), "utf8"))) {
        const target = path.resolve(root, path.dirname(file), decodeURIComponent(link.split("#")[0]));
        const inside = target === root || target.startsWith(root + path.sep);
        if (!inside || !existsSync(target)) broken.push(`${file}: ${link}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
