// SERVICE-STANDARDS §7 as an invariant over the whole database: after personal numbers are typed
// into every free-text field of a ticket's life through the API (customer name, subject, body,
// staff reply, interim-notice reason, callback note, pause reason, final answer), no text or JSON
// column of any table in any schema (the pg-boss schema included) holds one of them raw.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import { kstDate } from "~/lib/time";
import * as listRoute from "~/routes/api.v1.tickets";
import * as actionRoute from "~/routes/api.v1.tickets.$reference.$action";
import { useTestDatabase } from "../support/db";

useTestDatabase();

// Distinctive digits, each typed a different way below.
const RRN = "8507152234561";
const CARD = "4518123498765432";
const ACCOUNT = "110987654321";
const RAW = [RRN, CARD, ACCOUNT];

const typings = [
  `주민번호 850715—2234561, 카드 4518 1234 9876 5432, 계좌 110-987-654321`,
  `주민 ８５０７１５－２２３４５６１ / 카드 4518.1234.9876.5432 / 계좌 110 987 654321`,
  `850715−2234561 4518-1234-9876-5432, 110_987_654321`,
  `RRN 850715/2234561, card 4518123498765432, account 110987654321`,
];
const typed = (i: number) => typings[i % typings.length];

let token = "";

async function post(path: string, body: object): Promise<Response> {
  const request = new Request(`http://localhost${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const segments = path.split("/").filter(Boolean);
  if (segments.length === 3) return listRoute.action({ request, params: {}, context: {} } as any);
  return actionRoute.action({ request, params: { reference: segments[3], action: segments[4] }, context: {} } as any);
}

/** Every (schema, table, column) of a text or JSON type, outside PostgreSQL's own schemas. */
async function textColumns() {
  return db().execute<{ table_schema: string; table_name: string; column_name: string }>(sql`
    select c.table_schema, c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema not in ('pg_catalog', 'information_schema')
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`);
}

beforeAll(async () => {
  token = (await createApiToken({ name: "privacy-probe", role: "manager" })).token;
});

describe("no raw personal number anywhere in the database", () => {
  it("after a ticket's whole life through the API with numbers in every free text", async () => {
    const created = await post("/api/v1/tickets", {
      channel: "phone",
      subject: `분실 ${typed(0)}`,
      body: typed(1),
      customer: { name: `홍길동 ${typed(2)}`, phone: "010-1234-5678", preferredContact: "sms" },
      callbackRequested: true,
    });
    expect(created.status).toBe(201);
    const { reference } = await created.json();
    const path = (action: string) => `/api/v1/tickets/${reference}/${action}`;
    const steps: Array<[string, object]> = [
      ["replies", { body: typed(3), via: "sms" }],
      ["interim-notice", { reason: typed(0), expectedBy: kstDate(Date.now() + 2 * 86400_000) }],
      ["callbacks", { outcome: "no_answer", note: typed(1) }],
      ["pause", { reason: typed(2) }],
      ["resume", {}],
      ["resolve", { answer: typed(3) }],
    ];
    for (const [action, body] of steps) expect((await post(path(action), body)).status, action).toBe(200);

    const columns = await textColumns();
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const c of columns) {
      const column = sql.raw(`"${c.table_schema}"."${c.table_name}"."${c.column_name}"`);
      const table = sql.raw(`"${c.table_schema}"."${c.table_name}"`);
      // Digits only, full-width folded: a raw number is found however it was separated.
      const rows = await db().execute<{ n: number }>(sql`
        select count(*)::int as n from ${table}
        where regexp_replace(normalize(${column}::text, NFKC), '[^0-9]', '', 'g') ~ ${RAW.join("|")}`);
      if (rows[0].n > 0) found.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
    }
    expect(found).toEqual([]);
  });
});
