// Queue tabs, sort orders and the links between them (shared by the loader and the page).
import type { StaffRole } from "~/db/schema";
import { fieldId } from "~/ui/form";

/**
 * mine: assigned to me · team: my team's active work · unassigned: nobody has it yet (my team's
 * and the unrouted) · overdue: a clock past its deadline · active: everything active I may see ·
 * waiting: waiting on the customer.
 */
export const QUEUE_TABS = ["mine", "team", "unassigned", "overdue", "active", "waiting"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

/** due: the nearest deadline first (the most urgent work on top); newest: received last first. */
export const QUEUE_SORTS = ["due", "newest"] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** The queue each role starts at (managers and admins land on the dashboard instead: landingPath). */
export function defaultTab(role: StaffRole, teamId: string | null): QueueTab {
  if (role === "lead") return teamId ? "team" : "unassigned";
  if (role === "agent") return "mine";
  return "active";
}

/** Where a staff member's work is: managers and admins watch the dashboard, the others their queue. */
export function landingPath(role: StaffRole): string {
  return role === "manager" || role === "admin" ? "/dashboard" : "/desk";
}

/** The tabs a person has: without a team there is no team tab. */
export function tabsFor(teamId: string | null): QueueTab[] {
  return QUEUE_TABS.filter((tab) => tab !== "team" || teamId !== null);
}

export type QueueLinkState = { tab: string; sort: string; channel: string; status: string; q: string; cursor: string };

/** `/desk?…` with empty values left out, so links stay short and readable. */
export function queueHref(state: Partial<QueueLinkState>): string {
  const params = new URLSearchParams();
  for (const key of ["tab", "sort", "channel", "status", "q", "cursor"] as const) {
    const value = state[key];
    if (value && !(key === "sort" && value === "due")) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/desk?${search}` : "/desk";
}

/** The id of the queue's search box (its Field is named "q"); the "/" shortcut focuses it. */
export const QUEUE_SEARCH_ID = fieldId("q");
