// npm run test:lifecycle -- --runs=5000 [--seed=N]: the lifecycle model test with many sequences
// (npm test runs a few). The seed of a failure is printed by fast-check; pass it back to replay.
import { spawnSync } from "node:child_process";

const arg = (name: string) =>
  process.argv
    .slice(2)
    .find((a) => a.startsWith(`--${name}=`))
    ?.split("=")[1];
const runs = arg("runs") ?? "500";
const seed = arg("seed");
if (!/^\d+$/.test(runs) || (seed !== undefined && !/^-?\d+$/.test(seed))) {
  console.error("usage: npm run test:lifecycle -- --runs=N [--seed=N]");
  process.exit(2);
}
const result = spawnSync("npx", ["vitest", "run", "tests/integration/lifecycle-model.test.ts"], {
  stdio: "inherit",
  env: { ...process.env, LIFECYCLE_RUNS: runs, ...(seed ? { LIFECYCLE_SEED: seed } : {}) },
});
process.exit(result.status ?? 1);
