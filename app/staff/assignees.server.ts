// Who a ticket can be given to: active staff who work tickets (agents and team leads — not
// manager- or admin-only accounts), grouped by team, each with the number of active tickets
// (new, open, waiting) they hold now, read through tickets_assignee_idx.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { staff, teams, tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import type { Assignee } from "./assignees";
import { awayNow } from "./absence.server";

export const ASSIGNABLE_ROLES = ["agent", "lead"] as const;

export type { Assignee };

export async function listAssignees(): Promise<Assignee[]> {
  const [rows, away] = await Promise.all([listAssigneeRows(), awayNow()]);
  return rows.map((r) => ({ ...r, awayUntil: away.get(r.id) ?? null }));
}

function listAssigneeRows() {
  return executor()
    .select({
      id: staff.id,
      name: staff.name,
      role: staff.role,
      teamId: staff.teamId,
      teamName: teams.name,
      openLoad:
        sql<number>`(select count(*) from ${tickets} where ${tickets.assigneeId} = ${staff.id} and ${tickets.status} in ('new', 'open', 'waiting'))`.mapWith(
          Number,
        ),
    })
    .from(staff)
    .leftJoin(teams, eq(teams.id, staff.teamId))
    .where(and(eq(staff.active, true), inArray(staff.role, [...ASSIGNABLE_ROLES])))
    .orderBy(sql`${teams.name} asc nulls last`, asc(staff.name));
}
