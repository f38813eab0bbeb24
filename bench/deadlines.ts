/**
 * Deadline benchmark: computations per second for each counting rule on the shipped KR
 * calendar, next to a straightforward naive implementation (day-by-day walk with a luxon
 * conversion per day, minute-by-minute inside working periods), with the speed-up.
 *
 * Targets: ≥ 1,000,000 working-time additions/s and ≥ 20× the naive walk.
 *
 *   npx tsx bench/deadlines.ts
 *
 * `runDeadlineBench()` is exported for bench/run.ts.
 */
import { pathToFileURL } from "node:url";
import { DateTime } from "luxon";
import { buildCalendar, defaultCalendarSpec, type CalendarSpec, type WorkingCalendar } from "../app/sla/calendar";
import { computeDeadline, extendForPause, requestedReplyDeadline, type Period } from "../app/sla/counting";
import { koreanPublicHolidays } from "../app/sla/holidays-kr";

export interface BenchResult {
  /** e.g. "working_hours(8)". */
  name: string;
  /** Fast implementation, operations per second. */
  opsPerSec: number;
  /** Naive day/minute walk, operations per second (null when there is no meaningful naive). */
  naiveOpsPerSec: number | null;
  /** opsPerSec / naiveOpsPerSec. */
  speedup: number | null;
  /** Targets that apply to this row, and whether they were met. */
  targetOpsPerSec: number | null;
  targetSpeedup: number | null;
  pass: boolean;
}

export interface DeadlineBenchOptions {
  /** Time budget per measurement (fast and naive each), ms. Default 400. */
  budgetMs?: number;
}

const M = 60_000;
const H = 60 * M;
const TARGET_OPS = 1_000_000;
const TARGET_SPEEDUP = 20;

// ---------------------------------------------------------------------------------------
// Naive reference (what one would write first): walk the days, convert each with luxon,
// count working minutes one by one.
// ---------------------------------------------------------------------------------------

class NaiveCalendar {
  private readonly holidays: Set<string>;
  private readonly closures: Set<string>;
  private readonly extra: Set<string>;
  constructor(private readonly spec: CalendarSpec) {
    this.holidays = new Set(spec.holidays.map((h) => h.date));
    this.closures = new Set(spec.closures.map((c) => c.date));
    this.extra = new Set(spec.extraWorkingDays.map((e) => e.date));
  }
  isWorkingDay(date: string): boolean {
    if (this.closures.has(date)) return false;
    if (this.extra.has(date)) return true;
    if (this.holidays.has(date)) return false;
    return this.spec.workingWeekdays.includes(DateTime.fromISO(date, { zone: this.spec.zone }).weekday);
  }
  periods(date: string): [number, number][] {
    return this.spec.periods.map((p) => [
      DateTime.fromISO(`${date}T${p.start}`, { zone: this.spec.zone }).toMillis(),
      DateTime.fromISO(`${date}T${p.end}`, { zone: this.spec.zone }).toMillis(),
    ]);
  }
  dateOf(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.spec.zone }).toISODate()!;
  }
  nextDate(date: string): string {
    return DateTime.fromISO(date, { zone: "UTC" }).plus({ days: 1 }).toISODate()!;
  }
  previousDate(date: string): string {
    return DateTime.fromISO(date, { zone: "UTC" }).minus({ days: 1 }).toISODate()!;
  }
  /** Minute walk; start and duration in whole minutes. Ends exactly at a break start when due there. */
  addWorkingMinutes(t: number, minutes: number): number {
    if (minutes === 0) return t;
    let remaining = minutes;
    for (let date = this.dateOf(t); ; date = this.nextDate(date)) {
      if (!this.isWorkingDay(date)) continue;
      for (const [s, e] of this.periods(date)) {
        for (let x = s; x < e; x += M) {
          if (x >= t && --remaining === 0) return x + M;
        }
      }
    }
  }
  workingMinutesBetween(a: number, b: number): number {
    let n = 0;
    for (let date = this.dateOf(a); date <= this.dateOf(b); date = this.nextDate(date)) {
      if (!this.isWorkingDay(date)) continue;
      for (const [s, e] of this.periods(date)) for (let x = s; x < e; x += M) if (x >= a && x < b) n++;
    }
    return n;
  }
  endOfDay(date: string): number {
    return this.periods(date).at(-1)![1];
  }
  nthWorkingDayEnd(t: number, n: number): number {
    let date = this.dateOf(t);
    if (!(this.isWorkingDay(date) && t < this.endOfDay(date))) {
      do date = this.nextDate(date);
      while (!this.isWorkingDay(date));
    }
    for (let k = 1; k < n; k++) {
      do date = this.nextDate(date);
      while (!this.isWorkingDay(date));
    }
    return this.endOfDay(date);
  }
  civil(t: number, unit: "weeks" | "months" | "years", n: number): number {
    // 초일 불산입 via luxon date math, then walk forward to a working day.
    const from = DateTime.fromMillis(t, { zone: this.spec.zone }).startOf("day").plus({ days: 1 });
    const target = from.plus({ [unit]: n });
    // Months/years: luxon clamps a missing day (1/31 + 1 month → 2/28) — that month end is the 말일.
    const clamped = unit !== "weeks" && target.day !== from.day;
    let last = (clamped ? target : target.minus({ days: 1 })).toISODate()!;
    while (!this.isWorkingDay(last)) last = this.nextDate(last);
    return this.endOfDay(last);
  }
  requestedReply(date: string): number {
    let d = date;
    while (!this.isWorkingDay(d)) d = this.previousDate(d);
    return this.endOfDay(d);
  }
}

// ---------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------

/** Deterministic PRNG (mulberry32) so every run benchmarks the same inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let sink = 0;

/** Runs `op(i)` for about `budgetMs` and returns operations per second. */
function measure(op: (i: number) => number, budgetMs: number): number {
  for (let i = 0; i < 2_000; i++) sink += op(i); // warm-up / JIT
  let ops = 0;
  let batch = 1_000;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < batch; i++) sink += op(ops + i);
    ops += batch;
    elapsed = performance.now() - start;
    if (elapsed < budgetMs / 10) batch *= 2;
  }
  return (ops / elapsed) * 1000;
}

/** Like `measure` for slow operations: small batches. */
function measureSlow(op: (i: number) => number, budgetMs: number): number {
  for (let i = 0; i < 20; i++) sink += op(i);
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    sink += op(ops++);
    elapsed = performance.now() - start;
  }
  return (ops / elapsed) * 1000;
}

export async function runDeadlineBench(options: DeadlineBenchOptions = {}): Promise<BenchResult[]> {
  const budgetMs = options.budgetMs ?? 400;
  const spec = defaultCalendarSpec(koreanPublicHolidays());
  const cal: WorkingCalendar = buildCalendar(spec);
  const naive = new NaiveCalendar(spec);

  // Receipt instants spread over 2025–2027, minute-aligned so the naive minute walk is exact.
  const random = rng(20260430);
  const SIZE = 4096;
  const MASK = SIZE - 1;
  const from = Date.parse("2025-01-01T00:00:00+09:00") / M;
  const span = (Date.parse("2027-10-01T00:00:00+09:00") - Date.parse("2025-01-01T00:00:00+09:00")) / M;
  const starts = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) starts[i] = (from + Math.floor(random() * span)) * M;
  const dates = Array.from({ length: SIZE }, (_, i) => cal.dateOf(starts[i]));
  const dues8h = Float64Array.from(starts, (t) => cal.addWorkingTime(t, 8 * H));

  // Warm the lazy year tables so we time arithmetic, not construction.
  for (let y = 2025; y <= 2028; y++) cal.isWorkingInstant(Date.parse(`${y}-06-01T00:00:00Z`));

  // Every row checks that fast and naive agree on a sample before timing them.
  const rows: {
    name: string;
    fast: (i: number) => number;
    naive: ((i: number) => number) | null;
    workingTimeAddition: boolean;
  }[] = [];
  const workingRow = (name: string, minutes: number, period: Period | null) =>
    rows.push({
      name,
      fast: period
        ? (i) => computeDeadline(cal, starts[i & MASK], period).dueAtMs
        : (i) => cal.addWorkingTime(starts[i & MASK], minutes * M),
      naive: (i) => naive.addWorkingMinutes(starts[i & MASK], minutes),
      workingTimeAddition: true,
    });

  workingRow("addWorkingTime(8h)", 8 * 60, null);
  workingRow("working_minutes(30)", 30, { kind: "working_minutes", amount: 30 });
  workingRow("working_hours(8)", 8 * 60, { kind: "working_hours", amount: 8 });
  workingRow("immediately(3h)", 3 * 60, { kind: "immediately" });
  workingRow("days(1)=8h", 8 * 60, { kind: "days", amount: 1 });
  workingRow("days(2)=16h", 16 * 60, { kind: "days", amount: 2 });
  workingRow("days(5)=40h", 40 * 60, { kind: "days", amount: 5 });
  rows.push({
    name: "workingTimeBetween(~8h)",
    fast: (i) => cal.workingTimeBetween(starts[i & MASK], dues8h[i & MASK]),
    naive: (i) => naive.workingMinutesBetween(starts[i & MASK], dues8h[i & MASK]) * M,
    workingTimeAddition: false,
  });
  for (const n of [7, 30]) {
    rows.push({
      name: `days(${n}) working days`,
      fast: (i) => computeDeadline(cal, starts[i & MASK], { kind: "days", amount: n }).dueAtMs,
      naive: (i) => naive.nthWorkingDayEnd(starts[i & MASK], n),
      workingTimeAddition: false,
    });
  }
  rows.push({
    name: "calendar_hours(48)",
    fast: (i) => computeDeadline(cal, starts[i & MASK], { kind: "calendar_hours", amount: 48 }).dueAtMs,
    naive: null,
    workingTimeAddition: false,
  });
  rows.push({
    name: "calendar_days(2)",
    fast: (i) => computeDeadline(cal, starts[i & MASK], { kind: "calendar_days", amount: 2 }).dueAtMs,
    naive: (i) =>
      DateTime.fromMillis(starts[i & MASK], { zone: spec.zone })
        .plus({ days: 2 })
        .toMillis(),
    workingTimeAddition: false,
  });
  for (const [unit, n] of [
    ["weeks", 2],
    ["months", 1],
    ["years", 1],
  ] as const) {
    rows.push({
      name: `${unit}(${n})`,
      fast: (i) => computeDeadline(cal, starts[i & MASK], { kind: unit, amount: n }).dueAtMs,
      naive: (i) => naive.civil(starts[i & MASK], unit, n),
      workingTimeAddition: false,
    });
  }
  rows.push({
    name: "requested_reply",
    fast: (i) => requestedReplyDeadline(cal, dates[i & MASK]).dueAtMs,
    naive: (i) => naive.requestedReply(dates[i & MASK]),
    workingTimeAddition: false,
  });
  rows.push({
    name: "extendForPause(days 1)",
    fast: (i) =>
      extendForPause(
        cal,
        dues8h[i & MASK],
        starts[i & MASK],
        starts[(i + 1) & MASK] > starts[i & MASK] ? Math.min(starts[(i + 1) & MASK], starts[i & MASK] + 5 * 86_400_000) : starts[i & MASK],
        { kind: "days", amount: 1 },
      ).dueAtMs,
    naive: (i) => {
      const a = starts[i & MASK];
      const b = starts[(i + 1) & MASK] > a ? Math.min(starts[(i + 1) & MASK], a + 5 * 86_400_000) : a;
      return naive.addWorkingMinutes(dues8h[i & MASK], naive.workingMinutesBetween(a, b));
    },
    workingTimeAddition: false,
  });

  const results: BenchResult[] = [];
  for (const row of rows) {
    if (row.naive) {
      for (let i = 0; i < 50; i++) {
        const f = row.fast(i);
        const n = row.naive(i);
        if (f !== n) throw new Error(`${row.name}: fast ${new Date(f).toISOString()} ≠ naive ${new Date(n).toISOString()} for input #${i}`);
      }
    }
    const opsPerSec = measure(row.fast, budgetMs);
    const naiveOpsPerSec = row.naive ? measureSlow(row.naive, budgetMs) : null;
    const speedup = naiveOpsPerSec ? opsPerSec / naiveOpsPerSec : null;
    const targetOpsPerSec = row.workingTimeAddition ? TARGET_OPS : null;
    const targetSpeedup = row.workingTimeAddition ? TARGET_SPEEDUP : null;
    const pass = (targetOpsPerSec === null || opsPerSec >= targetOpsPerSec) && (targetSpeedup === null || (speedup ?? 0) >= targetSpeedup);
    results.push({ name: row.name, opsPerSec, naiveOpsPerSec, speedup, targetOpsPerSec, targetSpeedup, pass });
  }
  if (sink === 42) console.log(""); // keep results observable
  return results;
}

function formatResults(results: BenchResult[]): string {
  const fmt = (n: number | null) => (n === null ? "—" : Math.round(n).toLocaleString("en-US"));
  const header = ["rule", "ops/s", "naive ops/s", "speed-up", "target", ""];
  const lines = results.map((r) => [
    r.name,
    fmt(r.opsPerSec),
    fmt(r.naiveOpsPerSec),
    r.speedup === null ? "—" : `${r.speedup.toFixed(0)}×`,
    r.targetOpsPerSec === null ? "" : `≥${fmt(r.targetOpsPerSec)}/s, ≥${r.targetSpeedup}×`,
    r.targetOpsPerSec === null ? "" : r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  return [header, ...lines]
    .map((l) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "))
    .join("\n");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const results = await runDeadlineBench();
  console.log(`Deadline computations per second (Node ${process.version}, KR calendar, inputs 2025–2027)\n`);
  console.log(formatResults(results));
  const failed = results.filter((r) => !r.pass);
  if (failed.length) {
    console.log(`\nBelow target: ${failed.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
}
