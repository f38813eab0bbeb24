// The assignee picker's options, shared by the ticket page and the queue's bulk form.
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

export type Assignee = {
  id: string;
  name: string;
  role: string;
  teamId: string | null;
  teamName: string | null;
  openLoad: number;
  awayUntil?: string | null;
};

/** <optgroup>s for a <select>: one per team, each option "김상담 · 1팀 · 진행 5건". */
export function assigneeGroups(assignees: Assignee[], t: Translate) {
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  for (const a of assignees) {
    const team = a.teamName ?? t("assignee.noTeam");
    if (!groups.has(team)) groups.set(team, []);
    const label = t("assignee.option", { name: a.name, team, count: a.openLoad });
    // Someone away is still listed (assigning them goes to their deputy), marked until when.
    groups
      .get(team)!
      .push({ value: a.id, label: a.awayUntil ? t("absence.staffAway", { name: label, until: formatKst(a.awayUntil) }) : label });
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}
