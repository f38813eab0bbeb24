// A sampling profile of the server side: what every PostgreSQL backend is doing, every 100 ms.
import type postgres from "postgres";

export function sampleActivity(sql: postgres.Sql, everyMs = 100) {
  const counts = new Map<string, number>();
  let samples = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await sql<{ what: string }[]>`
        select coalesce(backend_type, '') || ' | ' || coalesce(state, '') || ' | ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') || ' | ' ||
               regexp_replace(left(regexp_replace(coalesce(query, ''), '\\s+', ' ', 'g'), 60), '\\$\\d+', '$', 'g') as what
        from pg_stat_activity
        where pid <> pg_backend_pid() and (state is null or state <> 'idle') and backend_type not in ('checkpointer', 'background writer', 'walwriter', 'logical replication launcher', 'archiver', 'autovacuum launcher')`.catch(
        () => [],
      );
      samples++;
      for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async (top = 15): Promise<string> => {
      stopped = true;
      await loop;
      const lines = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
      return (
        `${samples} samples of pg_stat_activity (every ${everyMs} ms); average busy backends per line:\n` +
        lines.map(([what, n]) => `${(n / Math.max(1, samples)).toFixed(2).padStart(6)}  ${what}`).join("\n")
      );
    },
  };
}
