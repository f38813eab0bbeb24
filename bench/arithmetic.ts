// Bench 7 — deadline arithmetic: runDeadlineBench() from bench/deadlines.ts (the SLA engine's
// pure functions against a naive day-and-minute walk), reported beside the other figures.
import type { Bench } from "./lib/context";
import { runDeadlineBench } from "./deadlines";

export const deadlinesBench: Bench = {
  name: "deadlines",
  title: "Deadline arithmetic",
  needsSeed: false,
  run: async (_ctx, rec) => {
    rec.method.push(
      "runDeadlineBench() (bench/deadlines.ts): each counting rule on the shipped KR calendar for 400 ms over 4,096 receipt instants in 2025–2027, beside a naive implementation (day-by-day walk with a luxon conversion per day, minute by minute inside working periods) timed the same way; both must agree on 50 inputs before timing. Targets (from the SLA issue) apply to working-time additions: ≥ 1,000,000/s and ≥ 20× the naive walk.",
    );
    const rows = await runDeadlineBench();
    for (const r of rows) {
      rec.figure({
        label: r.name,
        value: r.opsPerSec,
        unit: "ops/s",
        baseline: r.naiveOpsPerSec === null ? undefined : { label: "naive walk", value: r.naiveOpsPerSec, unit: "ops/s" },
        target: r.targetOpsPerSec === null ? undefined : `≥ ${r.targetOpsPerSec.toLocaleString("en-US")}/s and ≥ ${r.targetSpeedup}× naive`,
        pass: r.targetOpsPerSec === null ? null : r.pass,
        note: r.speedup === null ? undefined : `${r.speedup.toFixed(0)}× the naive walk`,
      });
    }
  },
};
