// What a bench reports: figures beside their baselines, targets and verdicts, with its method.
export type Figure = {
  /** What was measured ("one sweep, 1,000,000 running, none due"). */
  label: string;
  value: number;
  unit: string;
  /** The comparison measured in the same run, on the same machine, minutes apart. */
  baseline?: { label: string; value: number; unit: string };
  /** Human-readable target ("≤ 10 ms", "≥ 0.4× trivial"); absent when the figure is informational. */
  target?: string;
  /** null: no target; true/false: met or missed. */
  pass?: boolean | null;
  note?: string;
};

export type BenchReport = {
  name: string;
  title: string;
  startedAt: string;
  durationMs: number;
  /** How it was measured, one paragraph per item. */
  method: string[];
  figures: Figure[];
  /** Findings: what limits a missed target, what was changed, EXPLAIN ANALYZE excerpts. */
  notes: string[];
  /** Verbatim blocks (EXPLAIN ANALYZE output, tables). */
  details?: Array<{ title: string; text: string }>;
  /** Set when the bench could not run at all (e.g. reports not available yet). */
  unavailable?: string;
  error?: string;
  /** The machine/database the bench ran on (filled in by the runner). */
  environment?: Environment;
};

export type Environment = {
  cpus: string;
  cores: number;
  memoryGiB: number;
  loadAverage: [number, number, number];
  node: string;
  postgres: string;
  os: string;
  database: string;
  settings: Record<string, string>;
  commit: string;
};

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A figure's value with a sensible number of digits for its size. */
export function fmtValue(n: number, unit: string): string {
  if (!Number.isFinite(n)) return "—";
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${fmt(n, digits)} ${unit}`.trim();
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    min: sorted[0] ?? NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** Prints a figure the moment it is measured. */
export function printFigure(f: Figure) {
  const verdict = f.pass === true ? "PASS" : f.pass === false ? "FAIL" : "";
  const base = f.baseline ? `  (baseline ${f.baseline.label}: ${fmtValue(f.baseline.value, f.baseline.unit)})` : "";
  const target = f.target ? `  target ${f.target}` : "";
  process.stdout.write(`  • ${f.label}: ${fmtValue(f.value, f.unit)}${base}${target}${verdict ? `  ${verdict}` : ""}\n`);
}
