// The queues of /desk: which tickets each tab shows, read from the query string with zod.
// A bad parameter is dropped (and named on the page), never a 5xx.
import { z } from "zod";
import type { StaffUser } from "~/auth/session.server";
import { formatKst } from "~/lib/time";
import { decodeCursor, listTickets, type TicketListFilter } from "~/tickets/tickets.server";
import { optionalText } from "~/ui/validation";
import { CHANNEL_OPTIONS, STATUS_OPTIONS } from "./constants";
import { QUEUE_TABS, type QueueTab } from "./queue";

export const QUEUE_PAGE_SIZE = 25;

const paramSchemas = {
  tab: z.enum(QUEUE_TABS),
  channel: z.enum(CHANNEL_OPTIONS),
  status: z.enum(STATUS_OPTIONS),
  q: optionalText(100),
  cursor: z
    .string()
    .max(200)
    .refine((v) => decodeCursor(v) !== null),
} as const;

type Param = keyof typeof paramSchemas;

export type QueueQuery = {
  tab: QueueTab;
  channel?: (typeof CHANNEL_OPTIONS)[number];
  status?: (typeof STATUS_OPTIONS)[number];
  q?: string;
  cursor?: string;
  /** Parameters that were present but not valid, and so were ignored. */
  ignored: Param[];
};

export function parseQueueQuery(url: URL): QueueQuery {
  const ignored: Param[] = [];
  const read = <P extends Param>(name: P): z.output<(typeof paramSchemas)[P]> | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === "") return undefined;
    const parsed = paramSchemas[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.output<(typeof paramSchemas)[P]>;
    ignored.push(name);
    return undefined;
  };
  const tab = read("tab") ?? "mine";
  return { tab, channel: read("channel"), status: read("status"), q: read("q"), cursor: read("cursor"), ignored };
}

/**
 * The list filter for a query. A search looks through every ticket (a customer calling back
 * about a closed case must be found); otherwise the tab decides, and a status filter narrows
 * it (the "waiting" tab is always waiting).
 */
export function queueFilter(query: QueueQuery, user: Pick<StaffUser, "id" | "teamId" | "role">): TicketListFilter {
  // Every queue shows only what this person may see (agents: own, team's, unrouted).
  const subject = { role: user.role, staffId: user.id, teamId: user.teamId };
  const filter: TicketListFilter = { channel: query.channel, cursor: query.cursor, limit: QUEUE_PAGE_SIZE, subject };
  if (query.q) return { ...filter, q: query.q, status: query.status };
  switch (query.tab) {
    case "mine":
      return { ...filter, assigneeId: user.id, status: query.status ?? "active" };
    case "team":
      // New tickets have no team until someone takes them: "my team's unassigned" includes those.
      return { ...filter, unassigned: true, teamOrNone: user.teamId ?? undefined, status: query.status ?? "active" };
    case "active":
      return { ...filter, status: query.status ?? "active" };
    case "waiting":
      return { ...filter, status: "waiting" };
  }
}

export async function loadQueue(url: URL, user: StaffUser) {
  const query = parseQueueQuery(url);
  const { items, nextCursor } = await listTickets(queueFilter(query, user));
  return {
    query: { tab: query.tab, channel: query.channel ?? "", status: query.status ?? "", q: query.q ?? "", cursor: query.cursor ?? "" },
    ignored: query.ignored,
    teamless: user.teamId === null,
    rows: items.map((t) => ({
      reference: t.reference,
      subject: t.subject,
      customerName: t.customerName,
      channel: t.channel,
      status: t.status,
      category: t.category,
      receivedAt: formatKst(t.receivedAt),
      receivedIso: t.receivedAt.toISOString(),
      assigneeName: t.assigneeName,
    })),
    nextCursor,
  };
}
