// Keeps sla_report_facts and sla_report_daily in step with the timers (docs/REPORTS.md).
//
// Every change that matters to the reports (a timer started, met, breached, paused, resumed,
// moved, cancelled; a ticket assigned to someone else, answered, resolved, reopened, closed)
// writes a ticket_events row in the same transaction. A refresh rebuilds the facts of the tickets with events after the previous
// refresh and applies the difference to the daily roll-up; readers correct the tickets with
// events after the last refresh themselves, so reports are exact between two refreshes too.
import { sql, type SQL } from "drizzle-orm";
import { db, type Transaction } from "~/db/connection";
import { slaReportState } from "~/db/schema";
import { kstDay, outcomeSql } from "./sla-report.server";

const REFRESH_LOCK = 727_301;

export type RefreshResult =
  { skipped: true } | { skipped: false; mode: "full" | "incremental"; tickets: number; facts: number; watermark: number };

const n = (v: unknown) => Number(v ?? 0);

/**
 * The fence: the last ticket_events id handed out before this refresh reads anything. We then
 * wait (at most ~10 s) for the transactions that were running at that moment to end, so that
 * every event up to the fence is either visible to the refresh or was rolled back. Anything
 * that slips through (a transaction still open after the wait) is caught by the next refresh,
 * which re-reads from the previous fence, and at the latest by the nightly rebuild.
 */
async function fence(): Promise<number> {
  const [row] = await db().execute<{ w: string | null; xmax: string }>(sql`
    select coalesce(pg_sequence_last_value(pg_get_serial_sequence('ticket_events', 'id')::regclass), 0) as w,
           pg_snapshot_xmax(pg_current_snapshot())::text as xmax`);
  for (let i = 0; i < 100; i++) {
    const [done] = await db().execute<{ ok: boolean }>(sql`select pg_snapshot_xmin(pg_current_snapshot()) >= ${row.xmax}::xid8 as ok`);
    if (done?.ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return n(row?.w);
}

/** The facts columns computed from live timers `s` and their tickets `t`. */
const factColumns = sql`
  s.id, s.ticket_id, s.due_at, ${kstDay(sql`s.due_at`)}, t.team_id, t.assignee_id, s.metric, t.channel, t.category, ${outcomeSql(null)},
  t.status in ('new', 'open', 'waiting')`;

const FACT_INSERT = sql`insert into sla_report_facts (timer_id, ticket_id, due_at, day, team_id, assignee_id, metric, channel, category, outcome, open)`;

const DIMENSIONS_OF = (f: string) =>
  sql.raw(`(values ('metric', ${f}.metric), ('channel', ${f}.channel), ('category', ${f}.category),
                               ('assignee', coalesce(${f}.assignee_id::text, '')), ('total', '')) as v(dimension, key)`);

type Level = "daily" | "weekly" | "monthly";

/** Each roll-up: its table, its bucket column, and the bucket of a fact `f`. */
const LEVELS: Record<Level, { table: string; col: string; bucket: SQL }> = {
  daily: { table: "sla_report_daily", col: "day", bucket: sql`f.day` },
  weekly: { table: "sla_report_weekly", col: "week", bucket: sql`date_trunc('week', f.day::timestamp)::date` },
  monthly: { table: "sla_report_monthly", col: "month", bucket: sql`date_trunc('month', f.day::timestamp)::date` },
};

/**
 * Signed counts of some facts, per roll-up row, upserted into the daily, weekly and monthly
 * roll-ups (one statement each over the same facts, in the caller's snapshot).
 */
async function applyDelta(tx: Transaction, source: SQL, sign: 1 | -1, levels: Level[] = ["daily", "weekly", "monthly"]) {
  for (const level of levels) {
    const { bucket } = LEVELS[level];
    const table = sql.raw(LEVELS[level].table);
    const col = sql.raw(LEVELS[level].col);
    await tx.execute(sql`
      insert into ${table} (${col}, dimension, team, key, met, breached, running)
      select ${bucket}, v.dimension, coalesce(f.team_id::text, ''), v.key,
             ${sign} * count(*) filter (where f.outcome = 'met'),
             ${sign} * count(*) filter (where f.outcome = 'breached'),
             ${sign} * count(*) filter (where f.outcome = 'running')
      from (${source}) f cross join lateral ${DIMENSIONS_OF("f")}
      group by ${bucket}, v.dimension, coalesce(f.team_id::text, ''), v.key
      on conflict (${col}, dimension, team, key) do update set
        met = ${table}.met + excluded.met,
        breached = ${table}.breached + excluded.breached,
        running = ${table}.running + excluded.running`);
  }
}

// ---------------------------------------------------------------- satisfaction ratings
// The same scheme for the dashboard's satisfaction figures: one fact per rating given on a ticket
// (recording one writes a satisfaction.recorded event; a team change writes its own), counted
// per day and per month by team, source and score.

const SATISFACTION_FACTS = sql`
  insert into satisfaction_report_facts (rating_id, ticket_id, day, team_id, source, score)
  select r.id, r.ticket_id, ${kstDay(sql`r.created_at`)}, t.team_id, r.source, r.score
  from satisfaction_ratings r join tickets t on t.id = r.ticket_id`;

/** Signed counts of some satisfaction facts upserted into the daily and monthly counts. */
async function applySatisfactionDelta(tx: Transaction, source: SQL, sign: 1 | -1) {
  for (const [table, col, bucket] of [
    ["satisfaction_report_daily", "day", sql`f.day`],
    ["satisfaction_report_monthly", "month", sql`date_trunc('month', f.day::timestamp)::date`],
  ] as const) {
    await tx.execute(sql`
      insert into ${sql.raw(table)} (${sql.raw(col)}, team, source, score, ratings)
      select ${bucket}, coalesce(f.team_id::text, ''), f.source, f.score, ${sign} * count(*)
      from (${source}) f
      group by ${bucket}, coalesce(f.team_id::text, ''), f.source, f.score
      on conflict (${sql.raw(col)}, team, source, score) do update set ratings = ${sql.raw(table)}.ratings + excluded.ratings`);
  }
}

async function fullSatisfactionBuild(tx: Transaction) {
  await tx.execute(sql`delete from satisfaction_report_facts`);
  await tx.execute(SATISFACTION_FACTS);
  await tx.execute(sql`delete from satisfaction_report_daily`);
  await tx.execute(sql`delete from satisfaction_report_monthly`);
  await tx.execute(sql`
    insert into satisfaction_report_daily (day, team, source, score, ratings)
    select day, coalesce(team_id::text, ''), source, score, count(*) from satisfaction_report_facts group by 1, 2, 3, 4`);
  await tx.execute(sql`
    insert into satisfaction_report_monthly (month, team, source, score, ratings)
    select date_trunc('month', day::timestamp)::date, team, source, score, sum(ratings) from satisfaction_report_daily group by 1, 2, 3, 4`);
}

async function incrementalSatisfaction(tx: Transaction, dirty: SQL) {
  await applySatisfactionDelta(tx, sql`select * from satisfaction_report_facts where ticket_id in ${dirty}`, -1);
  await tx.execute(sql`delete from satisfaction_report_facts where ticket_id in ${dirty}`);
  await tx.execute(sql`${SATISFACTION_FACTS} where r.ticket_id in ${dirty}`);
  await applySatisfactionDelta(tx, sql`select * from satisfaction_report_facts where ticket_id in ${dirty}`, 1);
  await tx.execute(sql`delete from satisfaction_report_daily where ratings = 0`);
  await tx.execute(sql`delete from satisfaction_report_monthly where ratings = 0`);
}

async function fullBuild(tx: Transaction, watermark: number, previous: number | null) {
  await tx.execute(sql`delete from sla_report_facts`);
  const inserted = await tx.execute(sql`
    ${FACT_INSERT}
    select ${factColumns} from sla_timers s join tickets t on t.id = s.ticket_id where s.state <> 'cancelled'`);
  await tx.execute(sql`delete from sla_report_daily`);
  await tx.execute(sql`delete from sla_report_weekly`);
  await tx.execute(sql`delete from sla_report_monthly`);
  await applyDelta(tx, sql`select * from sla_report_facts`, 1, ["daily"]);
  await tx.execute(sql`
    insert into sla_report_weekly (week, dimension, team, key, met, breached, running)
    select date_trunc('week', day::timestamp)::date, dimension, team, key, sum(met), sum(breached), sum(running)
    from sla_report_daily group by 1, 2, 3, 4`);
  await tx.execute(sql`
    insert into sla_report_monthly (month, dimension, team, key, met, breached, running)
    select date_trunc('month', day::timestamp)::date, dimension, team, key, sum(met), sum(breached), sum(running)
    from sla_report_daily group by 1, 2, 3, 4`);
  await fullSatisfactionBuild(tx);
  const now = new Date();
  await tx
    .insert(slaReportState)
    .values({ id: 1, watermark, safeWatermark: Math.min(previous ?? watermark, watermark), fullBuiltAt: now, refreshedAt: now })
    .onConflictDoUpdate({
      target: slaReportState.id,
      set: { watermark, safeWatermark: Math.min(previous ?? watermark, watermark), fullBuiltAt: now, refreshedAt: now },
    });
  const [{ tickets }] = await tx.execute<{ tickets: string }>(sql`select count(distinct ticket_id) as tickets from sla_report_facts`);
  return { tickets: n(tickets), facts: inserted.count ?? 0 };
}

async function incremental(tx: Transaction, state: { watermark: number; safeWatermark: number }, watermark: number) {
  // The tickets with events since the previous refresh's fence (one refresh of overlap), in a
  // table the statements join: `= any(array(subquery))` is searched element by element per row,
  // quadratic when a calendar change leaves hundreds of thousands of tickets dirty.
  await tx.execute(sql`
    create temporary table report_dirty on commit drop as
    select distinct e.ticket_id from ticket_events e where e.id > ${state.safeWatermark}`);
  await tx.execute(sql`alter table report_dirty add primary key (ticket_id)`);
  await tx.execute(sql`analyze report_dirty`);
  const dirty = sql`(select ticket_id from report_dirty)`;
  const [{ tickets }] = await tx.execute<{ tickets: string }>(sql`select count(*) as tickets from report_dirty`);
  let facts = 0;
  if (n(tickets) > 0) {
    await applyDelta(tx, sql`select * from sla_report_facts where ticket_id in ${dirty}`, -1);
    await tx.execute(sql`delete from sla_report_facts where ticket_id in ${dirty}`);
    const inserted = await tx.execute(sql`
      ${FACT_INSERT}
      select ${factColumns} from sla_timers s join tickets t on t.id = s.ticket_id
      where s.state <> 'cancelled' and s.ticket_id in ${dirty}`);
    facts = inserted.count ?? 0;
    await applyDelta(tx, sql`select * from sla_report_facts where ticket_id in ${dirty}`, 1);
    await tx.execute(sql`delete from sla_report_daily where met = 0 and breached = 0 and running = 0`);
    await tx.execute(sql`delete from sla_report_weekly where met = 0 and breached = 0 and running = 0`);
    await tx.execute(sql`delete from sla_report_monthly where met = 0 and breached = 0 and running = 0`);
    await incrementalSatisfaction(tx, dirty);
  }
  await tx
    .update(slaReportState)
    .set({ watermark, safeWatermark: state.watermark, refreshedAt: new Date() })
    .where(sql`id = 1`);
  return { tickets: n(tickets), facts };
}

/**
 * One refresh: the first one (or `full`) builds everything; later ones only the tickets that
 * changed. Serialised by an advisory lock (a refresh already running makes this one a no-op).
 */
export async function refreshSlaReport(options: { full?: boolean } = {}): Promise<RefreshResult> {
  const watermark = await fence();
  return db().transaction(
    async (tx) => {
      const [{ locked }] = await tx.execute<{ locked: boolean }>(sql`select pg_try_advisory_xact_lock(${REFRESH_LOCK}) as locked`);
      if (!locked) return { skipped: true } as const;
      const [state] = await tx
        .select()
        .from(slaReportState)
        .where(sql`id = 1`);
      if (!state || options.full) {
        const result = await fullBuild(tx, watermark, state?.watermark ?? null);
        return { skipped: false, mode: "full", watermark, ...result } as const;
      }
      const result = await incremental(tx, state, watermark);
      return { skipped: false, mode: "incremental", watermark, ...result } as const;
    },
    { isolationLevel: "repeatable read" },
  );
}
