import { ticketEvents } from "../../db/schema";
import type { Database } from "../../db/connection";
import { actorLabel, type Actor } from "./actor";

export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

/** Appends one entry to a ticket's history (the table refuses updates and deletes). */
export async function appendEvent(
  tx: Executor,
  ticketId: string,
  type: string,
  actor: Actor,
  data: Record<string, unknown> = {},
  at: Date = new Date(),
): Promise<void> {
  await tx.insert(ticketEvents).values({ ticketId, type, actor: actorLabel(actor), data, at });
}
