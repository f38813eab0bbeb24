// The demo's story is told by the desk's own services, which take "now" from the system clock (a
// late action breaches what it finishes late, ADR 0007) — as the tests that tell a story in the
// past do (tests/support/clock.ts). This clock stands the process's Date at the story's moments
// while the seed runs; timers, sockets and the database run as usual.
import { sql } from "drizzle-orm";
import { db } from "~/db/connection";

const RealDate = Date;

/** A moment of the story: story time `storyMs` began at real time `realMs`. */
type Window = { realMs: number; storyMs: number };

export type StoryClock = {
  /** Stands the clock at `ms` (story time then runs on with real time until the next call). */
  set(ms: number): void;
  /** The story's now. */
  now(): number;
  /**
   * Timestamps the database wrote itself (column defaults, `now()`) during the story are real
   * time: each is moved to the story moment it was written in. Call after the story, clock restored.
   */
  redateDatabaseDefaults(): Promise<number>;
};

/**
 * Runs `fn` with the process's Date replaced by the story clock; the real Date is back when it
 * ends, however it ends. Not re-entrant, and nothing else should run in the process meanwhile.
 */
export async function withStoryClock<T>(startMs: number, fn: (clock: StoryClock) => Promise<T>): Promise<T> {
  const windows: Window[] = [];
  let current: Window = { realMs: RealDate.now(), storyMs: startMs };
  windows.push(current);
  const now = () => current.storyMs + (RealDate.now() - current.realMs);

  class StoryDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string | number | Date]));
    }
    static now() {
      return now();
    }
    // Dates made before the swap (or by the real constructor) are dates all the same.
    static [Symbol.hasInstance](value: unknown) {
      return value instanceof RealDate;
    }
  }

  const clock: StoryClock = {
    set(ms) {
      // Real time must separate two moments, so that a database timestamp falls in one of them.
      const realMs = Math.max(RealDate.now(), current.realMs + 1);
      current = { realMs, storyMs: ms };
      windows.push(current);
    },
    now,
    redateDatabaseDefaults: () => redate(windows),
  };
  // Date() called without `new` (a string) is not used by the services; the constructor and now() are.
  globalThis.Date = StoryDate as unknown as DateConstructor;
  try {
    return await fn(clock);
  } finally {
    globalThis.Date = RealDate;
  }
}

/**
 * Every timestamp column of the public tables whose default is now() (created_at, opened_at, …):
 * a value written during the story (not before it) is real time; it becomes story time, by the
 * window it falls in. Values the services wrote from the story clock lie in the past and are left.
 * The append-only history and audit log are left alone: their instants come from the clock.
 */
async function redate(windows: Window[]): Promise<number> {
  const since = new RealDate(windows[0].realMs).toISOString();
  const json = JSON.stringify(
    windows.map((w) => ({ real: new RealDate(w.realMs).toISOString(), story: new RealDate(w.storyMs).toISOString() })),
  );
  return db().transaction(async (tx) => {
    const columns = await tx.execute<{ table_name: string; column_name: string }>(sql`
      select c.table_name, c.column_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
      where c.table_schema = 'public' and c.data_type = 'timestamp with time zone' and c.column_default like 'now()%'
        and c.table_name not in ('ticket_events', 'audit_log')
      order by 1, 2`);
    await tx.execute(
      sql`create temporary table demo_story_windows (real timestamptz primary key, story timestamptz not null) on commit drop`,
    );
    await tx.execute(sql`
      insert into demo_story_windows select x.real, x.story from jsonb_to_recordset(${json}::jsonb) as x(real timestamptz, story timestamptz)
      on conflict do nothing`);
    let moved = 0;
    for (const { table_name: table, column_name: column } of columns) {
      const t = sql.raw(`"${table}"`);
      const c = sql.raw(`"${column}"`);
      const result = await tx.execute(sql`
        update ${t} set ${c} = (select w.story + (${t}.${c} - w.real) from demo_story_windows w where w.real <= ${t}.${c} order by w.real desc limit 1)
        where ${t}.${c} >= ${since}::timestamptz`);
      moved += (result as unknown as { count?: number }).count ?? 0;
    }
    return moved;
  });
}
