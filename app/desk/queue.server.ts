// The queues of /desk: which tickets each tab shows, read from the query string with zod, in the
// order the work is due (the ticket whose next deadline is nearest first), with each tab's count.
// Sorting, paging and counting happen in SQL: a ticket's next deadline is min(due_at) over its
// clocks still running (or breached and not yet met), one entry of sla_timers_open_due_idx.
// A bad parameter is dropped (and named on the page), never a 5xx.
import { and, asc, desc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import { customers, slaTimers, staff, tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import { formatKst } from "~/lib/time";
import { ticketVisibility } from "~/security/access.server";
import { ticketListColumns, ticketListConditions, type TicketListFilter } from "~/tickets/tickets.server";
import { optionalText } from "~/core/validation";
import { CHANNEL_OPTIONS, STATUS_OPTIONS } from "~/tickets/constants";
import { defaultTab, QUEUE_SORTS, QUEUE_TABS, tabsFor, type QueueSort, type QueueTab } from "./queue";

export const QUEUE_PAGE_SIZE = 25;

const ACTIVE = ["new", "open", "waiting"] as const;

// ------------------------------------------------------------------ page position (cursor)

/** Where the next page starts: the last row's sort key and id. `key` is null for a ticket without a running clock. */
type QueueCursor = { sort: QueueSort; key: Date | null; id: string };

export function encodeQueueCursor(c: QueueCursor): string {
  return Buffer.from(`${c.sort}|${c.key ? c.key.toISOString() : ""}|${c.id}`).toString("base64url");
}

export function decodeQueueCursor(cursor: string): QueueCursor | null {
  const [sort, iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (sort !== "due" && sort !== "newest") return null;
  if (!/^[0-9a-f-]{36}$/i.test(id ?? "")) return null;
  if (!iso) return sort === "due" ? { sort, key: null, id: id! } : null;
  const key = new Date(iso);
  if (Number.isNaN(key.getTime())) return null;
  return { sort, key, id: id! };
}

// ------------------------------------------------------------------ query string

const paramSchemas = {
  tab: z.enum(QUEUE_TABS),
  sort: z.enum(QUEUE_SORTS),
  channel: z.enum(CHANNEL_OPTIONS),
  status: z.enum(STATUS_OPTIONS),
  q: optionalText(100),
  cursor: z
    .string()
    .max(200)
    .refine((v) => decodeQueueCursor(v) !== null),
} as const;

type Param = keyof typeof paramSchemas;

export type QueueQuery = {
  tab: QueueTab;
  sort: QueueSort;
  channel?: (typeof CHANNEL_OPTIONS)[number];
  status?: (typeof STATUS_OPTIONS)[number];
  q?: string;
  cursor?: string;
  /** Parameters that were present but not valid, and so were ignored. */
  ignored: Param[];
};

type QueueUser = Pick<StaffUser, "id" | "teamId" | "role">;

export function parseQueueQuery(url: URL, user: QueueUser): QueueQuery {
  const ignored: Param[] = [];
  const read = <P extends Param>(name: P): z.output<(typeof paramSchemas)[P]> | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === "") return undefined;
    const parsed = paramSchemas[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.output<(typeof paramSchemas)[P]>;
    ignored.push(name);
    return undefined;
  };
  let tab = read("tab") ?? defaultTab(user.role, user.teamId);
  // Without a team there is no team queue: the unassigned work is what such a person can take.
  if (tab === "team" && user.teamId === null) tab = "unassigned";
  const sort = read("sort") ?? "due";
  let cursor = read("cursor");
  // A page position of the other order means nothing here: start at the first page.
  if (cursor && decodeQueueCursor(cursor)?.sort !== sort) cursor = undefined;
  return { tab, sort, channel: read("channel"), status: read("status"), q: read("q"), cursor, ignored };
}

// ------------------------------------------------------------------ which tickets

/** Any clock of the ticket still counting (running, or breached and not yet met). */
const openClock = sql`(${slaTimers.state} = 'running' or (${slaTimers.state} = 'breached' and ${slaTimers.metAt} is null))`;

/** The ticket's next deadline: the earliest due time among its clocks still counting (null: none). */
const nextDue = sql<Date | null>`(select min(${slaTimers.dueAt}) from ${slaTimers} where ${slaTimers.ticketId} = ${tickets.id} and ${openClock})`;

/** A clock of the ticket is past its deadline (breached, or due and not yet swept). */
function overdueAt(now: Date): SQL {
  return sql`exists (select 1 from ${slaTimers} where ${slaTimers.ticketId} = ${tickets.id} and ${openClock} and ${slaTimers.dueAt} <= ${now.toISOString()}::timestamptz)`;
}

/**
 * The list filter for a query. A search looks through every ticket (a customer calling back
 * about a closed case must be found); otherwise the tab decides, and a status filter narrows
 * it (the "waiting" tab is always waiting).
 */
export function queueFilter(query: QueueQuery, user: QueueUser): TicketListFilter {
  // Every queue shows only what this person may see (agents: own, team's, unrouted).
  const subject = { role: user.role, staffId: user.id, teamId: user.teamId };
  const filter: TicketListFilter = { channel: query.channel, subject };
  if (query.q) return { ...filter, q: query.q, status: query.status };
  switch (query.tab) {
    case "mine":
      return { ...filter, assigneeId: user.id, status: query.status ?? "active" };
    case "team":
      return { ...filter, teamId: user.teamId ?? undefined, status: query.status ?? "active" };
    case "unassigned":
      // New tickets have no team until someone takes them: "unassigned" includes those.
      return { ...filter, unassigned: true, teamOrNone: user.teamId ?? undefined, status: query.status ?? "active" };
    case "overdue":
    case "active":
      return { ...filter, status: query.status ?? "active" };
    case "waiting":
      return { ...filter, status: "waiting" };
  }
}

function conditions(query: QueueQuery, user: QueueUser, now: Date): SQL[] {
  const where = ticketListConditions(queueFilter(query, user));
  if (!query.q && query.tab === "overdue") where.push(overdueAt(now));
  return where;
}

const clock = alias(slaTimers, "queue_clock");
const EARLIER = "queue_earlier_clock";
/** Referenced inside a subquery that names it itself (drizzle renders only the alias there). */
const earlier = alias(slaTimers, EARLIER);

/** A clock (of this alias) still counting: running, or breached and not yet met. */
function counting(t: typeof slaTimers | typeof clock | typeof earlier): SQL {
  return sql`(${t.state} = 'running' or (${t.state} = 'breached' and ${t.metAt} is null))`;
}

type QueueRow = { [K in keyof typeof ticketListColumns]: (typeof ticketListColumns)[K]["_"]["data"] } & { dueAt: Date | null };

const toDate = (v: string | Date | null) => (v == null ? null : new Date(v));

/**
 * One page of the queue in the asked order, keyset-paginated.
 *
 * By deadline the page is read in two steps, each of which stops after a page: first the tickets
 * with a clock still counting, walking those clocks in due order (sla_timers_open_due_order_idx)
 * and keeping each ticket's earliest one — the planner starts from the tickets instead when the
 * tab's filter is selective (my work); then, once those run out, the tickets without such a clock
 * (paused, waiting on the customer) by id.
 */
export async function listQueue(
  query: QueueQuery,
  user: QueueUser,
  now: Date,
  limit = QUEUE_PAGE_SIZE,
): Promise<{ items: QueueRow[]; nextCursor: string | null }> {
  const where = conditions(query, user, now);
  const cursor = query.cursor ? decodeQueueCursor(query.cursor) : null;
  const at = cursor?.key ? sql`${cursor.key.toISOString()}::timestamptz` : null;
  const want = limit + 1;
  let rows: QueueRow[];
  if (query.sort === "due") {
    rows = [];
    // Tickets with a clock still counting, unless the cursor is already past them.
    if (!cursor || at) {
      const clocked = await executor()
        .select({ ...ticketListColumns, dueAt: sql<Date>`${clock.dueAt}`.mapWith(toDate) })
        .from(clock)
        .innerJoin(tickets, eq(tickets.id, clock.ticketId))
        .innerJoin(customers, eq(customers.id, tickets.customerId))
        .leftJoin(staff, eq(staff.id, tickets.assigneeId))
        .where(
          and(
            counting(clock),
            // The ticket's earliest counting clock stands for it (ties by the clock's id).
            sql`not exists (select 1 from ${slaTimers} ${sql.identifier(EARLIER)} where ${earlier.ticketId} = ${clock.ticketId} and ${counting(earlier)}
              and (${earlier.dueAt} < ${clock.dueAt} or (${earlier.dueAt} = ${clock.dueAt} and ${earlier.id} < ${clock.id})))`,
            at && cursor ? sql`(${clock.dueAt}, ${clock.ticketId}) > (${at}, ${cursor.id}::uuid)` : undefined,
            // Overdue: the earliest clock is past due, so the walk can stop at now.
            query.tab === "overdue" && !query.q ? sql`${clock.dueAt} <= ${now.toISOString()}::timestamptz` : undefined,
            ...where,
          ),
        )
        .orderBy(asc(clock.dueAt), asc(clock.ticketId))
        .limit(want);
      rows.push(...(clocked as QueueRow[]));
    }
    if (rows.length < want) {
      const unclocked = await executor()
        .select({ ...ticketListColumns, dueAt: sql<null>`null`.mapWith(() => null) })
        .from(tickets)
        .innerJoin(customers, eq(customers.id, tickets.customerId))
        .leftJoin(staff, eq(staff.id, tickets.assigneeId))
        .where(
          and(
            sql`not exists (select 1 from ${slaTimers} where ${slaTimers.ticketId} = ${tickets.id} and ${counting(slaTimers)})`,
            cursor && !at ? sql`${tickets.id} > ${cursor.id}::uuid` : undefined,
            ...where,
          ),
        )
        .orderBy(asc(tickets.id))
        .limit(want - rows.length);
      rows.push(...(unclocked as QueueRow[]));
    }
  } else {
    if (cursor && at)
      where.push(or(sql`${tickets.createdAt} < ${at}`, and(sql`${tickets.createdAt} = ${at}`, sql`${tickets.id} < ${cursor.id}::uuid`))!);
    rows = (await executor()
      .select({ ...ticketListColumns, dueAt: nextDue.mapWith(toDate) })
      .from(tickets)
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(staff, eq(staff.id, tickets.assigneeId))
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(tickets.createdAt), desc(tickets.id))
      .limit(want)) as QueueRow[];
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const next =
    rows.length > limit && last
      ? encodeQueueCursor({ sort: query.sort, key: query.sort === "due" ? last.dueAt : last.createdAt, id: last.id })
      : null;
  return { items: page, nextCursor: next };
}

export type QueueCounts = Record<QueueTab, number>;

/** How many active tickets each tab holds for this person (the tabs' own filters, without the page's channel/status). */
export async function queueCounts(user: QueueUser, now: Date): Promise<QueueCounts> {
  const visible = ticketVisibility({ role: user.role, staffId: user.id, teamId: user.teamId });
  const activeVisible = and(inArray(tickets.status, [...ACTIVE]), visible);
  const unassigned = and(isNull(tickets.assigneeId), user.teamId ? or(eq(tickets.teamId, user.teamId), isNull(tickets.teamId)) : undefined);
  const [[row], [late]] = await Promise.all([
    executor()
      .select({
        mine: sql<number>`count(*) filter (where ${eq(tickets.assigneeId, user.id)})`.mapWith(Number),
        team: user.teamId
          ? sql<number>`count(*) filter (where ${eq(tickets.teamId, user.teamId)})`.mapWith(Number)
          : sql<number>`0`.mapWith(Number),
        unassigned: sql<number>`count(*) filter (where ${unassigned})`.mapWith(Number),
        active: sql<number>`count(*)`.mapWith(Number),
        waiting: sql<number>`count(*) filter (where ${tickets.status} = 'waiting')`.mapWith(Number),
      })
      .from(tickets)
      .where(activeVisible),
    // Overdue: read from the clocks past due (few, next to all active work), each ticket once.
    executor()
      .select({ overdue: sql<number>`count(distinct ${clock.ticketId})`.mapWith(Number) })
      .from(clock)
      .innerJoin(tickets, eq(tickets.id, clock.ticketId))
      .where(and(counting(clock), sql`${clock.dueAt} <= ${now.toISOString()}::timestamptz`, activeVisible)),
  ]);
  return { ...row!, overdue: late!.overdue };
}

export async function loadQueue(url: URL, user: StaffUser, now = new Date()) {
  const query = parseQueueQuery(url, user);
  const [{ items, nextCursor }, counts] = await Promise.all([listQueue(query, user, now), queueCounts(user, now)]);
  return {
    query: {
      tab: query.tab,
      sort: query.sort,
      channel: query.channel ?? "",
      status: query.status ?? "",
      q: query.q ?? "",
      cursor: query.cursor ?? "",
    },
    tabs: tabsFor(user.teamId),
    counts,
    ignored: query.ignored,
    teamless: user.teamId === null,
    now: now.toISOString(),
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
      dueIso: t.dueAt ? t.dueAt.toISOString() : null,
      dueAt: t.dueAt ? formatKst(t.dueAt) : null,
      overdue: t.dueAt !== null && t.dueAt.getTime() <= now.getTime(),
    })),
    nextCursor,
  };
}
