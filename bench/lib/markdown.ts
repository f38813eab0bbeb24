// docs/PERFORMANCE.md, regenerated from the newest result of every bench (bench/results/*.json).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fmt, fmtValue, type BenchReport, type Environment } from "./results";

export const RESULTS_DIR = path.resolve("bench", "results");
export const PERFORMANCE_MD = path.resolve("docs", "PERFORMANCE.md");

export function saveResult(report: BenchReport) {
  writeFileSync(path.join(RESULTS_DIR, `${report.name}.json`), JSON.stringify(report, null, 2) + "\n");
}

export function loadResults(order: string[]): BenchReport[] {
  if (!existsSync(RESULTS_DIR)) return [];
  const all = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), "utf8")) as BenchReport);
  return all.sort((a, b) => rank(order, a.name) - rank(order, b.name));
}

function rank(order: string[], name: string) {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function verdict(pass: boolean | null | undefined) {
  return pass === true ? "**pass**" : pass === false ? "**FAIL**" : "—";
}

function envLine(e: Environment) {
  return `${e.cores} × ${e.cpus}, ${fmt(e.memoryGiB, 1)} GiB, ${e.os}; Node ${e.node}; ${e.postgres}; load average at start ${e.loadAverage.map((l) => l.toFixed(2)).join(" / ")}; commit ${e.commit}`;
}

export function renderMarkdown(reports: BenchReport[]): string {
  const lines: string[] = [];
  lines.push("# Performance");
  lines.push("");
  lines.push(
    "How the desk's cost grows with its work, measured by `npm run bench` (all benches) or `npm run bench -- <name>` (one of " +
      "`seed`, `deadlines`, `reports`, `sweep`, `recompute`, `breach-latency`, `intake`). This file is written by the runner " +
      "(bench/run.ts) from the newest result of each bench (bench/results/*.json); do not edit it by hand.",
  );
  lines.push("");
  lines.push(
    "Every figure stands beside a baseline measured in the same run on the same machine, because the machines these run on are " +
      "shared and noisy (the load average at the start of each bench is recorded). The benches run against a dedicated database — " +
      "an embedded PostgreSQL under `.data/bench/<pid>` that is removed afterwards unless `--keep`, or `BENCH_DATABASE_URL` — " +
      "migrated with the desk's own migrations and loaded with 1,000,000 tickets by the seed bench. Benchmarks never run in `npm test`.",
  );
  lines.push("");

  // Summary
  lines.push("## Summary");
  lines.push("");
  lines.push("| bench | figure | value | baseline (same run) | target | result |");
  lines.push("|---|---|---:|---|---|---|");
  for (const r of reports) {
    if (r.unavailable) {
      lines.push(`| ${r.name} | ${cell(r.unavailable)} | — | — | — | not available |`);
      continue;
    }
    if (r.error && r.figures.length === 0) {
      lines.push(`| ${r.name} | did not complete: ${cell(r.error.split("\n")[0])} | — | — | — | error |`);
      continue;
    }
    for (const f of r.figures.filter((f) => f.target)) {
      const base = f.baseline ? `${cell(f.baseline.label)}: ${fmtValue(f.baseline.value, f.baseline.unit)}` : "—";
      lines.push(`| ${r.name} | ${cell(f.label)} | ${fmtValue(f.value, f.unit)} | ${base} | ${cell(f.target!)} | ${verdict(f.pass)} |`);
    }
  }
  lines.push("");

  for (const r of reports) {
    lines.push(`## ${r.title}`);
    lines.push("");
    lines.push(`Run ${r.startedAt.replace("T", " ").slice(0, 19)} UTC, ${fmt(r.durationMs / 1000, 0)} s.${r.environment ? ` Machine: ${envLine(r.environment)}.` : ""}`);
    lines.push("");
    if (r.unavailable) {
      lines.push(`**Not available yet:** ${r.unavailable}`);
      lines.push("");
    }
    if (r.method.length) {
      lines.push("**Method.**");
      lines.push("");
      for (const m of r.method) lines.push(`- ${m}`);
      lines.push("");
    }
    if (r.figures.length) {
      lines.push("| figure | value | baseline (same run) | target | result | note |");
      lines.push("|---|---:|---|---|---|---|");
      for (const f of r.figures) {
        const base = f.baseline ? `${cell(f.baseline.label)}: ${fmtValue(f.baseline.value, f.baseline.unit)}` : "—";
        lines.push(`| ${cell(f.label)} | ${fmtValue(f.value, f.unit)} | ${base} | ${f.target ? cell(f.target) : "—"} | ${verdict(f.pass)} | ${f.note ? cell(f.note) : ""} |`);
      }
      lines.push("");
    }
    if (r.notes.length) {
      lines.push("**Findings.**");
      lines.push("");
      for (const n of r.notes) lines.push(`- ${n}`);
      lines.push("");
    }
    for (const d of r.details ?? []) {
      lines.push(`<details><summary>${d.title}</summary>`);
      lines.push("");
      lines.push("```");
      lines.push(d.text);
      lines.push("```");
      lines.push("");
      lines.push("</details>");
      lines.push("");
    }
    if (r.error) {
      lines.push("**The bench stopped with an error:**");
      lines.push("");
      lines.push("```");
      lines.push(r.error.split("\n").slice(0, 8).join("\n"));
      lines.push("```");
      lines.push("");
    }
  }
  const envs = reports.map((r) => r.environment).filter((e): e is Environment => !!e);
  const last = envs[envs.length - 1];
  if (last) {
    lines.push("## Database");
    lines.push("");
    lines.push(`${last.database}.${Object.keys(last.settings).length ? ` Settings changed from PostgreSQL's defaults for the run: ${Object.entries(last.settings).map(([k, v]) => `\`${k} = ${v}\``).join(", ")} (memory and checkpoint spacing only; fsync and synchronous_commit as shipped).` : ""}`);
    lines.push("");
  }
  return lines.join("\n");
}

export function writeMarkdown(order: string[]) {
  writeFileSync(PERFORMANCE_MD, renderMarkdown(loadResults(order)));
}
