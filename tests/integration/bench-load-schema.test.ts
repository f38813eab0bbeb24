// The seed's load drops the loaded tables' keys, indexes and triggers and brings them back after
// the data. A trigger that is only disabled still has PostgreSQL keep every inserted row for its
// transition table, so no trigger of a loaded table may stay during the load.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropForLoad, restoreAfterLoad, restoreTriggers, sameSchema, schemaOf } from "../../bench/lib/load-schema";
import { useTestDatabase } from "../support/db";

const TABLES = ["tickets", "sla_timers", "ticket_events", "notifications"] as const;

describe("the seed's load schema", () => {
  const db = useTestDatabase();
  let sql: postgres.Sql;
  beforeAll(() => {
    sql = postgres(db.url(), { max: 2, onnotice: () => {} });
  });
  afterAll(() => sql.end({ timeout: 5 }));

  const triggers = () =>
    sql<{ table: string; name: string; transition: boolean }[]>`
      select c.relname as table, t.tgname as name, (t.tgnewtable is not null or t.tgoldtable is not null) as transition
      from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where not t.tgisinternal and c.relname = any(${[...TABLES]})`;

  it("leaves the loaded tables without triggers during the load, and restores the schema exactly", async () => {
    const before = await triggers();
    // The history and the outbox announce new rows through transition tables.
    expect(before.filter((t) => t.transition).map((t) => t.table)).toEqual(expect.arrayContaining(["ticket_events", "notifications"]));
    const schema = await schemaOf(sql, TABLES);
    const deferred = await dropForLoad(sql, TABLES);
    expect(await triggers()).toEqual([]);
    await restoreTriggers(sql, deferred);
    await restoreAfterLoad(db.url(), deferred);
    expect(sameSchema(schema, await schemaOf(sql, TABLES))).toEqual([]);
    const after = await triggers();
    expect(after.map((t) => `${t.table} ${t.name}`).sort()).toEqual(before.map((t) => `${t.table} ${t.name}`).sort());
  });
});
