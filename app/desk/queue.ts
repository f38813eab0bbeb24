// Queue tabs and the links between them (shared by the loader and the page).

export const QUEUE_TABS = ["mine", "team", "active", "waiting"] as const;
export type QueueTab = (typeof QUEUE_TABS)[number];

export type QueueLinkState = { tab: string; channel: string; status: string; q: string; cursor: string };

/** `/desk?…` with empty values left out, so links stay short and readable. */
export function queueHref(state: Partial<QueueLinkState>): string {
  const params = new URLSearchParams();
  for (const key of ["tab", "channel", "status", "q", "cursor"] as const) {
    const value = state[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/desk?${search}` : "/desk";
}
