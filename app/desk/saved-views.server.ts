// Saved queue views: a staff member names the queue's current filters and sort ("긴급 우편 민원")
// and finds them again as links above the queue. Each person's own; stored as the queue's query
// string in its canonical form (parsed by the queue's own rules, so a view never holds a bad value).
import { and, asc, count, eq } from "drizzle-orm";
import { savedQueueViews } from "~/db/schema";
import { executor } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import { isUniqueViolation } from "~/inbound/common.server";
import type { MaskedText } from "~/core/masked-text";
import { maskText } from "~/core/mask";
import { DeskError } from "~/core/errors";
import { queueHref } from "./queue";
import { parseQueueQuery } from "./queue.server";

/** How many views one person keeps (the links must fit above the queue). */
export const MAX_VIEWS = 20;

export type SavedView = { id: string; name: string; query: string; href: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The canonical query string of a queue address (`tab=…&status=…`): only the queue's own
 * parameters, valid values only, no page position, the tab always named (the default tab
 * depends on the role), and personal numbers in the search words masked like any stored text.
 */
export function canonicalViewQuery(search: string, user: Pick<StaffUser, "id" | "teamId" | "role">): string {
  const url = new URL(`http://desk${search.startsWith("?") ? "" : "?"}${search}`);
  const q = parseQueueQuery(url, user);
  const href = queueHref({ tab: q.tab, sort: q.sort, channel: q.channel, status: q.status, q: q.q ? maskText(q.q) : undefined });
  const query = href.split("?")[1] ?? "";
  return query.includes("tab=") ? query : `tab=${q.tab}${query ? `&${query}` : ""}`;
}

export async function listViews(user: Pick<StaffUser, "id">): Promise<SavedView[]> {
  const rows = await executor()
    .select()
    .from(savedQueueViews)
    .where(eq(savedQueueViews.staffId, user.id))
    .orderBy(asc(savedQueueViews.createdAt), asc(savedQueueViews.id));
  return rows.map((r) => ({ id: r.id, name: r.name, query: r.query, href: `/desk?${r.query}` }));
}

function duplicate(error: unknown): never {
  if (isUniqueViolation(error)) throw new DeskError(409, "error.queueView.duplicateName", { name: "error.queueView.duplicateName" });
  throw error;
}

export async function saveView(user: StaffUser, input: { name: MaskedText; query: string }): Promise<SavedView> {
  const query = canonicalViewQuery(input.query, user);
  const [{ n } = { n: 0 }] = await executor().select({ n: count() }).from(savedQueueViews).where(eq(savedQueueViews.staffId, user.id));
  if (Number(n) >= MAX_VIEWS) throw new DeskError(422, "error.queueView.tooMany", { name: `error.queueView.tooMany?max=${MAX_VIEWS}` });
  const [row] = await executor().insert(savedQueueViews).values({ staffId: user.id, name: input.name, query }).returning().catch(duplicate);
  return { id: row!.id, name: row!.name, query: row!.query, href: `/desk?${row!.query}` };
}

/** Renames one of the person's own views (another person's is simply not found). */
export async function renameView(user: Pick<StaffUser, "id">, id: string, name: MaskedText): Promise<void> {
  if (!UUID.test(id)) throw new DeskError(404, "common.notFound");
  const rows = await executor()
    .update(savedQueueViews)
    .set({ name, updatedAt: new Date() })
    .where(and(eq(savedQueueViews.id, id), eq(savedQueueViews.staffId, user.id)))
    .returning({ id: savedQueueViews.id })
    .catch(duplicate);
  if (rows.length === 0) throw new DeskError(404, "common.notFound");
}

export async function deleteView(user: Pick<StaffUser, "id">, id: string): Promise<void> {
  if (!UUID.test(id)) throw new DeskError(404, "common.notFound");
  const rows = await executor()
    .delete(savedQueueViews)
    .where(and(eq(savedQueueViews.id, id), eq(savedQueueViews.staffId, user.id)))
    .returning({ id: savedQueueViews.id });
  if (rows.length === 0) throw new DeskError(404, "common.notFound");
}
