// A list as one array parameter: `= any(…)` with one bind value however long the list, where
// `in ($1, …, $n)` costs more to bind and plan than the lookup itself (the sweep resolves a
// thousand tickets at once). The items are ids and ISO dates the desk made: no quoting needed.
import { sql, type SQL } from "drizzle-orm";

/** A constant uuid[]. */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** A constant date[] (YYYY-MM-DD items). */
export function dateArray(dates: readonly string[]): SQL {
  return sql`${`{${dates.join(",")}}`}::date[]`;
}
