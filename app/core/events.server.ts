import { sql } from "drizzle-orm";
import { ticketEvents } from "~/db/schema";
import type { Database } from "~/db/connection";
import { actorLabel, type Actor } from "./actor";
import { maskJson } from "./mask";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

/**
 * Appends one entry to a ticket's history (the table refuses updates and deletes). Its data is
 * masked whole here: the history cannot be corrected later, so no personal number may enter it.
 */
export async function appendEvent(
  tx: Executor,
  ticketId: string,
  type: string,
  actor: Actor,
  data: Record<string, unknown> = {},
  at: Date = new Date(),
): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId, type, actor: actorLabel(actor), data: maskJson(data), at });
}

/**
 * Many history entries in one statement, the rows travelling as one JSON parameter: for batches of
 * hundreds (the sweep), where building a multi-row VALUES list costs more than the insert itself.
 * Ids follow the order of `rows`.
 */
export async function appendEvents(
  tx: Executor,
  rows: Array<{ ticketId: string; type: string; actor: string; at: Date; data: Record<string, unknown> }>,
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({ ticket_id: r.ticketId, type: r.type, actor: r.actor, at: r.at.toISOString(), data: maskJson(r.data) })),
  );
  await tx.execute(sql`
    insert into ticket_events (ticket_id, type, actor, at, data)
    select x.ticket_id, x.type, x.actor, x.at, x.data
    from rows from (jsonb_to_recordset(${json}::jsonb) as (ticket_id uuid, type text, actor text, at timestamptz, data jsonb)) with ordinality
      as x(ticket_id, type, actor, at, data, n)
    order by x.n`);
}
