// The detector of SERVICE-STANDARDS §7's invariant: which text or JSON columns of the whole
// database (every schema but PostgreSQL's own, the pg-boss schema included — found from
// information_schema, never a fixed list) hold one of the given raw numbers, however it was
// spelled (digits only are compared, full-width digits folded by NFKC).
import { sql } from "drizzle-orm";
import { db } from "../../db/connection";

/** Every (schema, table, column) of a text or JSON type, outside PostgreSQL's own schemas. */
export async function textColumns() {
  return db().execute<{ table_schema: string; table_name: string; column_name: string }>(sql`
    select c.table_schema, c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema not in ('pg_catalog', 'information_schema')
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`);
}

/** "schema.table.column" of every column where one of `raw` (digit strings) occurs. */
export async function columnsHoldingRaw(raw: string[]): Promise<string[]> {
  return (await rawFindings(raw)).map((f) => f.column);
}

/** As columnsHoldingRaw, with one offending value of each (for a failure message). */
export async function rawFindings(raw: string[]): Promise<Array<{ column: string; sample: string }>> {
  const columns = await textColumns();
  if (columns.length < 20) throw new Error(`only ${columns.length} text columns found: is the schema there?`);
  const found: Array<{ column: string; sample: string }> = [];
  for (const c of columns) {
    const column = sql.raw(`"${c.table_schema}"."${c.table_name}"."${c.column_name}"`);
    const table = sql.raw(`"${c.table_schema}"."${c.table_name}"`);
    const rows = await db().execute<{ sample: string }>(sql`
      select left(${column}::text, 300) as sample from ${table}
      where regexp_replace(normalize(${column}::text, NFKC), '[^0-9]', '', 'g') ~ ${raw.join("|")}
      limit 1`);
    if (rows.length > 0) found.push({ column: `${c.table_schema}.${c.table_name}.${c.column_name}`, sample: rows[0].sample });
  }
  return found;
}

/** Whether a piece of text (a log, a page) holds one of the raw numbers, however spelled. */
export function textHoldsRaw(text: string, raw: string[]): string[] {
  const lines = text
    .normalize("NFKC")
    .split("\n")
    .map((line) => line.replace(/[^0-9]/g, ""));
  return raw.filter((r) => lines.some((digits) => digits.includes(r)));
}
