// Pieces for object-level access control (issue 7, item 1), applied per route by the lead:
//   agents see their team's tickets and those assigned to them; leads their team; managers and
//   admins everything; only admins change settings, users and tokens.
// `canSeeTicket` is the rule; `ticketVisibility` the same rule as a SQL condition for lists;
// `denyAccess` records the refusal in the audit log and throws the 403.
import { eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { scopeOfSubject, subjectCanAccess, subjectOfActor, type AccessSubject } from "~/core/access";
import { tickets } from "~/db/schema";
import type { StaffUser } from "~/core/staff-user";
import type { Actor } from "~/core/actor";
import { auditPermissionDenied } from "./audit.server";

export type { AccessSubject };
export type TicketScope = { teamId: string | null; assigneeId: string | null };

/** The subject of a signed-in staff member, or of an actor (API tokens act with their own role). */
export function accessSubject(who: StaffUser | Actor): AccessSubject | null {
  if ("kind" in who) return subjectOfActor(who);
  return { role: who.role, staffId: who.id, teamId: who.teamId };
}

/** Whether the subject may read (and work on) the ticket — the rule of ~/core/access. */
export function canSeeTicket(subject: AccessSubject | null, ticket: TicketScope): boolean {
  return subject !== null && subjectCanAccess(subject, ticket);
}

/** Only administrators change settings, users and tokens. */
export function canChangeSettings(subject: AccessSubject | null): boolean {
  return subject?.role === "admin";
}

/** `canSeeTicket` as a condition on `tickets` (undefined: everything), for list queries. */
export function ticketVisibility(subject: AccessSubject | null): SQL | undefined {
  if (!subject) return sql`false`;
  const scope = scopeOfSubject(subject);
  if (scope.all) return undefined;
  const visible: SQL[] = [isNull(tickets.teamId)];
  if (scope.staffId) visible.push(eq(tickets.assigneeId, scope.staffId));
  if (scope.teamId) visible.push(eq(tickets.teamId, scope.teamId));
  return or(...visible);
}

/** Records the denial (who, what, from where) and throws the 403 the route's ErrorBoundary shows. */
export async function denyAccess(
  request: Request,
  who: StaffUser | Actor | null,
  target: { type: string; id: string },
  details?: Record<string, unknown>,
): Promise<never> {
  await auditPermissionDenied(request, who, target, details);
  throw new Response("Forbidden", { status: 403 });
}

/** For a loader or action: the ticket when the subject may see it, else the audited 403. */
export async function requireTicketAccess<T extends TicketScope>(
  request: Request,
  who: StaffUser | Actor,
  ticket: T,
  id: string,
): Promise<T> {
  if (canSeeTicket(accessSubject(who), ticket)) return ticket;
  return denyAccess(request, who, { type: "ticket", id }, { reason: "not_in_scope" });
}
