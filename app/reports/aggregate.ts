// The report's definitions as pure functions (docs/REPORTS.md): how a timer counts, the
// compliance rate, and how counts add up. The SQL in sla-report.server.ts does the same in
// the database; the tests hold the two together.

export type Outcome = "met" | "breached" | "running";
export type Counts = { met: number; breached: number; running: number };
export type CountRow = Counts & { key: string; complianceRate: number | null };

export type TimerFacts = {
  state: "running" | "paused" | "met" | "breached" | "cancelled";
  dueAt: Date;
  metAt: Date | null;
  breachedAt: Date | null;
};

/**
 * How a timer counts at `now` (null: it does not count).
 * - cancelled: not counted;
 * - breached: a breach was recorded (permanent, even if met later), or it was met after its
 *   deadline, or it is still running with its deadline passed (the sweep will record it);
 * - met: met by its deadline;
 * - running: running or paused and not yet due (a paused clock is stopped, so it stays running).
 */
export function classifyTimer(timer: TimerFacts, now: Date): Outcome | null {
  if (timer.state === "cancelled") return null;
  if (timer.state === "breached" || timer.breachedAt !== null) return "breached";
  if (timer.metAt !== null && timer.metAt.getTime() > timer.dueAt.getTime()) return "breached";
  if (timer.state === "met") return "met";
  if (timer.state === "running" && timer.dueAt.getTime() <= now.getTime()) return "breached";
  return "running";
}

/** met / (met + breached); null when nothing was decided yet. */
export function complianceRate(met: number, breached: number): number | null {
  const decided = met + breached;
  return decided === 0 ? null : met / decided;
}

export function emptyCounts(): Counts {
  return { met: 0, breached: 0, running: 0 };
}

export function addCounts(a: Counts, b: Counts): Counts {
  return { met: a.met + b.met, breached: a.breached + b.breached, running: a.running + b.running };
}

export function withRate(key: string, c: Counts): CountRow {
  return { key, met: c.met, breached: c.breached, running: c.running, complianceRate: complianceRate(c.met, c.breached) };
}

/** Sums counts by key (rows with the same key add up). */
export function sumByKey(rows: Array<Counts & { key: string }>): Map<string, Counts> {
  const out = new Map<string, Counts>();
  for (const row of rows) out.set(row.key, addCounts(out.get(row.key) ?? emptyCounts(), row));
  return out;
}

export type Distribution = Record<1 | 2 | 3 | 4 | 5, number>;

/** Average and distribution of 1–5 scores from per-score counts. */
export function satisfactionSummary(counts: Array<{ score: number; count: number }>): {
  total: number;
  average: number | null;
  distribution: Distribution;
} {
  const distribution: Distribution = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  let total = 0;
  let sum = 0;
  for (const { score, count } of counts) {
    if (!Number.isInteger(score) || score < 1 || score > 5) continue;
    distribution[score as 1 | 2 | 3 | 4 | 5] += count;
    total += count;
    sum += score * count;
  }
  return { total, average: total === 0 ? null : Math.round((sum / total) * 100) / 100, distribution };
}

/** Staff with at least `threshold` unkindness reports are flagged for service training. */
export const TRAINING_THRESHOLD = 3;

export function flaggedForTraining(reports: number): boolean {
  return reports >= TRAINING_THRESHOLD;
}

/**
 * The compliance rate the desk aims for: the headline says whether a period met it. A constant
 * for now (no policy table holds it); docs/REPORTS.md §4 names it.
 */
export const COMPLIANCE_TARGET = 0.95;
