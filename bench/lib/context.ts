// What every bench gets from the runner: the database, a log, and a recorder for its figures.
import type postgres from "postgres";
import { printFigure, type BenchReport, type Figure } from "./results";

export type BenchContext = {
  /** The bench database (DATABASE_URL is set to it too, so the desk's own modules use it). */
  url: string;
  /** An administrative pool on the bench database (not the desk's pool). */
  sql: postgres.Sql;
  /** Tickets in the data set (1,000,000 unless --tickets). */
  tickets: number;
  /** The embedded server's data directory, if any (child processes get their own DATA_DIR under it). */
  dir: string | null;
  superuser: boolean;
  log: (line: string) => void;
};

export class Recorder {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  readonly method: string[] = [];
  readonly details: Array<{ title: string; text: string }> = [];
  unavailable?: string;

  constructor(
    readonly name: string,
    readonly title: string,
  ) {}

  figure(f: Figure): Figure {
    this.figures.push(f);
    printFigure(f);
    return f;
  }

  note(text: string) {
    this.notes.push(text);
    process.stdout.write(`  ↳ ${text}\n`);
  }

  detail(title: string, text: string) {
    this.details.push({ title, text });
  }

  report(startedAt: Date, durationMs: number, error?: unknown): BenchReport {
    return {
      name: this.name,
      title: this.title,
      startedAt: startedAt.toISOString(),
      durationMs,
      method: this.method,
      figures: this.figures,
      notes: this.notes,
      details: this.details.length ? this.details : undefined,
      unavailable: this.unavailable,
      error: error === undefined ? undefined : error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}

export type Bench = {
  name: string;
  title: string;
  /** Needs the 1,000,000-ticket data set loaded first. */
  needsSeed: boolean;
  run: (ctx: BenchContext, rec: Recorder) => Promise<void>;
};

/** Runs fn until it has run `count` times or `maxMs` passed; returns per-call durations in ms. */
export async function timeRepeated(fn: (i: number) => Promise<unknown>, count: number, maxMs: number): Promise<number[]> {
  const samples: number[] = [];
  const stop = performance.now() + maxMs;
  for (let i = 0; i < count && performance.now() < stop; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
