// Whatever the process prints — console.*, an error's stack and its later lines, a logger writing
// to stdout — leaves without personal numbers once boot has installed the masking.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

function runPrinting(script: string) {
  const program = `import { installMaskedOutput } from "./app/privacy/masked-output.server.ts";\ninstallMaskedOutput();\n${script}`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", program], { cwd: root, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout + result.stderr;
}

describe("process output is masked", () => {
  it("an error with the audit export's query in its message and its parameters on a later line", () => {
    const out = runPrinting(`
      const error = new Error("Failed query: select … where target_id = $1\\nparams: 900101-1234567,0000-01-01");
      console.error("GET /admin/audit/export?targetId=900101-1234567&from=0000-01-01", error);
      console.log("계좌 110 123 456789, 카드 1234.5678.9012.3456, 주민 ９００１０１－１２３４５６７");
      process.stdout.write(Buffer.from(JSON.stringify({ level: 30, msg: "note 900101—1234567" }) + "\\n"));
    `);
    expect(out).toContain("targetId=900101-1******");
    expect(out).toContain("params: (not logged)");
    expect(out).toContain("110-****-6789");
    expect(out).toContain("1234-****-****-3456");
    expect(out).toContain('"msg":"note 900101-1******"');
    expect(out.normalize("NFKC").replace(/\D/g, "")).not.toMatch(/1234567|123456789|5678901234/);
  });

  it("leaves ordinary lines as they are", () => {
    const out = runPrinting(`console.log("[desk] listening on http://0.0.0.0:3000 — 2026-04-30 010-1234-5678 a@b.kr");`);
    expect(out).toBe("[desk] listening on http://0.0.0.0:3000 — 2026-04-30 010-1234-5678 a@b.kr\n");
  });
});
