// pg_stat_statements, when the server has it: the statements that took the time of a measurement.
import type postgres from "postgres";

export async function statementsAvailable(sql: postgres.Sql): Promise<boolean> {
  try {
    await sql`create extension if not exists pg_stat_statements`;
    await sql`select 1 from pg_stat_statements limit 1`;
    return true;
  } catch {
    return false;
  }
}

export async function resetStatements(sql: postgres.Sql) {
  if (await statementsAvailable(sql)) await sql`select pg_stat_statements_reset()`;
}

/** The top statements by total execution time since the last reset, as a text table. */
export async function topStatements(sql: postgres.Sql, limit = 12): Promise<string | null> {
  if (!(await statementsAvailable(sql))) return null;
  // Planning counts beside execution (pg_stat_statements.track_planning, EMBEDDED_SETTINGS): a
  // statement planned anew on every call spends its time there, not in total_exec_time.
  const rows = await sql<{ calls: string; total: number; plan: number; mean: number; rows: string; query: string }[]>`
    select calls, total_exec_time as total, total_plan_time as plan, mean_exec_time as mean, rows, query
    from pg_stat_statements
    where query not ilike '%pg_stat_statements%' and dbid = (select oid from pg_database where datname = current_database())
    order by total_exec_time + total_plan_time desc limit ${limit}`;
  const [all] = await sql<{ total: number; plan: number }[]>`
    select coalesce(sum(total_exec_time), 0) as total, coalesce(sum(total_plan_time), 0) as plan
    from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`;
  const lines = rows.map((r) => {
    const q = r.query.replace(/\s+/g, " ").trim();
    return `${Number(r.total).toFixed(0).padStart(9)} ms ${Number(r.plan).toFixed(0).padStart(7)} ms ${String(r.calls).padStart(7)} calls ${Number(r.mean).toFixed(2).padStart(9)} ms/call ${String(r.rows).padStart(8)} rows  ${q.length > 160 ? q.slice(0, 157) + "…" : q}`;
  });
  return `server time in statements: ${Number(all.total).toFixed(0)} ms executing, ${Number(all.plan).toFixed(0)} ms planning\n  executing   planning     calls     mean/call      rows  statement\n${lines.join("\n")}`;
}

/**
 * Statements executed on the bench database since the last reset, leaving out the bench's own
 * monitoring (pg_stat_statements keeps no application name, so those are told by what they read:
 * pg_stat_statements, pg_stat_activity). Null without pg_stat_statements.
 */
export async function statementCalls(sql: postgres.Sql): Promise<number | null> {
  if (!(await statementsAvailable(sql))) return null;
  const [row] = await sql<{ calls: string }[]>`
    select coalesce(sum(calls), 0) as calls from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
      and query not ilike '%pg_stat_statements%' and query not ilike '%pg_stat_activity%'`;
  return Number(row.calls);
}
