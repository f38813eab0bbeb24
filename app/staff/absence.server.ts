// Staff absences (부재) with a deputy: while someone is away, new assignments and memos meant for
// them go to their deputy (a `assignment.redirected` event names both), and assignee lists show
// them as away until when. An admin, a manager or the team's lead records an absence; anyone may
// record their own. Absences are cancelled, never deleted; each change is in the audit log.
import { and, asc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import { ABSENCE_KINDS, staff, staffAbsences, type AbsenceKind } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import { recordAudit } from "~/security/audit.server";
import { DeskError } from "~/core/errors";

type Executor = ReturnType<typeof executor>;

export type AbsenceRow = typeof staffAbsences.$inferSelect;
type StaffRow = typeof staff.$inferSelect;

/** The absence in force for a staff member at an instant, if any (the latest recorded wins). */
export async function absenceAt(ex: Executor, staffId: string, at: Date = new Date()): Promise<AbsenceRow | null> {
  const [row] = await ex
    .select()
    .from(staffAbsences)
    .where(
      and(
        eq(staffAbsences.staffId, staffId),
        isNull(staffAbsences.cancelledAt),
        lte(staffAbsences.startsAt, at),
        gt(staffAbsences.endsAt, at),
      ),
    )
    .orderBy(sql`${staffAbsences.createdAt} desc`, sql`${staffAbsences.id} desc`)
    .limit(1);
  return row ?? null;
}

export type Redirect = { absent: StaffRow; absence: AbsenceRow; deputy: StaffRow };

/**
 * Who takes work meant for this person now: null when they are here; else their deputy — or,
 * when the deputy is away too, the deputy's deputy (a few steps, never round in a circle). A
 * deputy who is inactive or absent with no one present at the end of the chain: null (the work
 * stays with the person named, and the queue shows them as away).
 */
export async function deputyFor(ex: Executor, person: StaffRow, at: Date = new Date()): Promise<Redirect | null> {
  const first = await absenceAt(ex, person.id, at);
  if (!first) return null;
  const seen = new Set([person.id]);
  let absence = first;
  for (let step = 0; step < 5; step++) {
    const [deputy] = await ex
      .select()
      .from(staff)
      .where(and(eq(staff.id, absence.deputyId), eq(staff.active, true)))
      .limit(1);
    if (!deputy || seen.has(deputy.id)) return null;
    seen.add(deputy.id);
    const next = await absenceAt(ex, deputy.id, at);
    if (!next) return { absent: person, absence: first, deputy };
    absence = next;
  }
  return null;
}

export type AbsenceListItem = {
  id: string;
  staffId: string;
  staffName: string;
  deputyId: string;
  deputyName: string;
  kind: AbsenceKind;
  startsAt: string;
  endsAt: string;
  createdBy: string;
};

/** Absences not yet over (now or later), soonest first. */
export async function upcomingAbsences(now: Date = new Date()): Promise<AbsenceListItem[]> {
  const rows = await executor()
    .select({
      id: staffAbsences.id,
      staffId: staffAbsences.staffId,
      staffName: sql<string>`(select name from staff s where s.id = ${staffAbsences.staffId})`,
      deputyId: staffAbsences.deputyId,
      deputyName: sql<string>`(select name from staff s where s.id = ${staffAbsences.deputyId})`,
      kind: staffAbsences.kind,
      startsAt: staffAbsences.startsAt,
      endsAt: staffAbsences.endsAt,
      createdBy: staffAbsences.createdBy,
    })
    .from(staffAbsences)
    .where(and(isNull(staffAbsences.cancelledAt), gt(staffAbsences.endsAt, now)))
    .orderBy(asc(staffAbsences.startsAt), asc(staffAbsences.id));
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() }));
}

/** Staff away right now → until when (the latest end of their absences in force), for assignee lists. */
export async function awayNow(now: Date = new Date()): Promise<Map<string, string>> {
  const rows = await executor()
    .select({ staffId: staffAbsences.staffId, until: sql<Date>`max(${staffAbsences.endsAt})`.mapWith(staffAbsences.endsAt) })
    .from(staffAbsences)
    .where(and(isNull(staffAbsences.cancelledAt), lte(staffAbsences.startsAt, now), gt(staffAbsences.endsAt, now)))
    .groupBy(staffAbsences.staffId);
  return new Map(rows.map((r) => [r.staffId, r.until.toISOString()]));
}

/** May this user record or cancel an absence of that staff member? Self; the team's lead; a manager or admin. */
export function mayManageAbsence(user: StaffUser, person: Pick<StaffRow, "id" | "teamId">): boolean {
  if (user.id === person.id) return true;
  if (user.role === "admin" || user.role === "manager") return true;
  return user.role === "lead" && user.teamId !== null && user.teamId === person.teamId;
}

export type NewAbsence = { staffId: string; deputyId: string; kind: AbsenceKind; startsAt: Date; endsAt: Date };

export async function recordAbsence(input: NewAbsence, user: StaffUser, ip: string | null = null): Promise<AbsenceRow> {
  if (!(ABSENCE_KINDS as readonly string[]).includes(input.kind))
    throw new DeskError(422, "error.invalidChoice", { kind: "error.invalidChoice" });
  if (input.endsAt.getTime() <= input.startsAt.getTime())
    throw new DeskError(422, "absence.error.endBeforeStart", { endsAt: "absence.error.endBeforeStart" });
  if (input.deputyId === input.staffId) throw new DeskError(422, "absence.error.selfDeputy", { deputyId: "absence.error.selfDeputy" });
  const row = await inTransaction(async (tx) => {
    const [person] = await tx
      .select()
      .from(staff)
      .where(and(eq(staff.id, input.staffId), eq(staff.active, true)))
      .limit(1);
    if (!person) throw new DeskError(422, "error.unknownStaff", { staffId: "error.unknownStaff" });
    if (!mayManageAbsence(user, person)) throw new DeskError(403, "absence.error.notAllowed", { staffId: "absence.error.notAllowed" });
    const [deputy] = await tx
      .select()
      .from(staff)
      .where(and(eq(staff.id, input.deputyId), eq(staff.active, true)))
      .limit(1);
    if (!deputy) throw new DeskError(422, "error.unknownStaff", { deputyId: "error.unknownStaff" });
    const [created] = await tx
      .insert(staffAbsences)
      .values({ ...input, createdBy: `staff:${user.email}` })
      .returning();
    return created;
  });
  await recordAudit({
    actor: user,
    action: "settings.change",
    targetType: "staff_absence",
    targetId: row.id,
    ip,
    details: {
      change: "absence.recorded",
      staffId: row.staffId,
      deputyId: row.deputyId,
      kind: row.kind,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
    },
  });
  return row;
}

export async function cancelAbsence(id: string, user: StaffUser, ip: string | null = null): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DeskError(404, "common.notFound");
  await inTransaction(async (tx) => {
    const [row] = await tx.select().from(staffAbsences).where(eq(staffAbsences.id, id)).for("update").limit(1);
    if (!row || row.cancelledAt) throw new DeskError(404, "common.notFound");
    const [person] = await tx.select().from(staff).where(eq(staff.id, row.staffId)).limit(1);
    if (!person || !mayManageAbsence(user, person)) throw new DeskError(403, "absence.error.notAllowed");
    await tx
      .update(staffAbsences)
      .set({ cancelledAt: new Date(), cancelledBy: `staff:${user.email}` })
      .where(eq(staffAbsences.id, id));
  });
  await recordAudit({
    actor: user,
    action: "settings.change",
    targetType: "staff_absence",
    targetId: id,
    ip,
    details: { change: "absence.cancelled" },
  });
}
