// People and their passwords, as administrators and the staff themselves change them. Every
// change is in the audit log; the desk always keeps at least one active administrator.
import { randomBytes } from "node:crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { sessions, staff, teams, type StaffRole } from "~/db/schema";
import { db, inTransaction } from "~/db/connection";
import { passwordProblem, type PasswordProblem } from "~/auth/password-policy.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import type { StaffUser } from "~/core/staff-user";
import { recordAudit } from "~/security/audit.server";

export async function listStaffForAdmin() {
  return db()
    .select({
      id: staff.id,
      email: staff.email,
      name: staff.name,
      role: staff.role,
      teamId: staff.teamId,
      teamName: teams.name,
      active: staff.active,
      mustChangePassword: staff.mustChangePassword,
      createdAt: staff.createdAt,
    })
    .from(staff)
    .leftJoin(teams, eq(teams.id, staff.teamId))
    .orderBy(sql`${staff.active} desc`, asc(staff.name));
}

/** Teams people may be put in (deactivated ones are listed on /admin/teams only). */
export async function listTeams() {
  return db()
    .select({ id: teams.id, key: teams.key, name: teams.name, active: teams.active })
    .from(teams)
    .orderBy(sql`${teams.active} desc`, asc(teams.name));
}

/** A one-time password for a new account or a reset: 20 random characters, told to the person once. */
export function temporaryPassword(): string {
  return randomBytes(15).toString("base64url");
}

export type StaffAdminResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A team people may be put in: one that exists and is not deactivated (or no team). */
async function teamExists(teamId: string | null): Promise<boolean> {
  if (!teamId) return true;
  const rows = await db()
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.id, teamId), eq(teams.active, true)))
    .limit(1);
  return rows.length === 1;
}

/** Creates an account with a temporary password that must be changed at its first login. */
export async function createStaffByAdmin(
  by: StaffUser,
  input: { email: string; name: string; role: StaffRole; teamId: string | null },
  ip: string | null,
): Promise<StaffAdminResult<{ id: string; temporaryPassword: string }>> {
  const email = input.email.trim().toLowerCase();
  if (!(await teamExists(input.teamId))) return { ok: false, error: "people.error.team" };
  const taken = await db()
    .select({ id: staff.id })
    .from(staff)
    .where(sql`lower(${staff.email}) = ${email}`)
    .limit(1);
  if (taken.length > 0) return { ok: false, error: "people.error.emailTaken" };
  const password = temporaryPassword();
  const [row] = await db()
    .insert(staff)
    .values({
      email,
      name: input.name,
      role: input.role,
      teamId: input.teamId,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
    })
    .onConflictDoNothing()
    .returning({ id: staff.id });
  if (!row) return { ok: false, error: "people.error.emailTaken" };
  await recordAudit({
    actor: by,
    action: "staff.create",
    targetType: "staff",
    targetId: row.id,
    ip,
    details: { email, name: input.name, role: input.role, teamId: input.teamId },
  });
  return { ok: true, value: { id: row.id, temporaryPassword: password } };
}

/**
 * Changes a person's role, team or whether they may sign in. Refused when it would leave the desk
 * without an active administrator (the check and the change in one transaction, with the
 * administrators' rows locked, so two admins demoting each other at once cannot both succeed).
 */
export async function updateStaffByAdmin(
  by: StaffUser,
  id: string,
  change: { role: StaffRole; teamId: string | null; active: boolean },
  ip: string | null,
): Promise<StaffAdminResult<null>> {
  const outcome = await inTransaction(async (tx) => {
    const admins = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, "admin"), eq(staff.active, true)))
      .for("update");
    const [before] = await tx.select().from(staff).where(eq(staff.id, id)).for("update");
    if (!before) return { ok: false as const, error: "people.error.notFound" };
    // Staying in a team that was deactivated since is allowed; moving into one is not.
    if (change.teamId !== before.teamId && change.teamId) {
      const [team] = await tx.select({ active: teams.active }).from(teams).where(eq(teams.id, change.teamId)).for("share");
      if (!team?.active) return { ok: false as const, error: "people.error.team" };
    }
    const staysAdmin = change.role === "admin" && change.active;
    if (before.role === "admin" && before.active && !staysAdmin && admins.filter((a) => a.id !== id).length === 0) {
      return { ok: false as const, error: "people.error.lastAdmin" };
    }
    await tx.update(staff).set(change).where(eq(staff.id, id));
    // Someone who may no longer sign in is signed out everywhere now, not at their next request.
    if (!change.active) await tx.delete(sessions).where(eq(sessions.staffId, id));
    // A team's lead is an active member: leaving the team or being deactivated ends the lead.
    const leadEnded =
      before.teamId && (change.teamId !== before.teamId || !change.active)
        ? (
            await tx
              .update(teams)
              .set({ leadId: null })
              .where(and(eq(teams.id, before.teamId), eq(teams.leadId, id)))
              .returning({ id: teams.id })
          ).length > 0
        : false;
    const from = { role: before.role, teamId: before.teamId, active: before.active };
    return { ok: true as const, value: null, from, leadEnded: leadEnded ? before.teamId : null };
  });
  if (!outcome.ok) return outcome;
  const changed = (Object.keys(change) as Array<keyof typeof change>).filter((k) => outcome.from[k] !== change[k]);
  if (changed.length > 0) {
    await recordAudit({
      actor: by,
      action: "staff.change",
      targetType: "staff",
      targetId: id,
      ip,
      details: {
        ...Object.fromEntries(changed.map((k) => [k, { from: outcome.from[k], to: change[k] }])),
        ...(outcome.leadEnded ? { leadOfTeamEnded: outcome.leadEnded } : {}),
      },
    });
  }
  return { ok: true, value: null };
}

/** A new temporary password, to be changed at the next login; the person's sessions end. */
export async function resetPasswordByAdmin(
  by: StaffUser,
  id: string,
  ip: string | null,
): Promise<StaffAdminResult<{ temporaryPassword: string }>> {
  const password = temporaryPassword();
  const updated = await db()
    .update(staff)
    .set({ passwordHash: await hashPassword(password), mustChangePassword: true })
    .where(eq(staff.id, id))
    .returning({ id: staff.id });
  if (updated.length === 0) return { ok: false, error: "people.error.notFound" };
  await db().delete(sessions).where(eq(sessions.staffId, id));
  await recordAudit({ actor: by, action: "password.reset", targetType: "staff", targetId: id, ip });
  return { ok: true, value: { temporaryPassword: password } };
}

export async function mustChangePassword(staffId: string): Promise<boolean> {
  const rows = await db().select({ must: staff.mustChangePassword }).from(staff).where(eq(staff.id, staffId)).limit(1);
  return rows[0]?.must ?? false;
}

/**
 * A staff member changes their own password: the current one is required, the new one must pass
 * the policy and differ from the current one. Every other session of the account ends.
 */
export async function changeOwnPassword(
  user: StaffUser,
  input: { current: string; next: string },
  keepSessionId: string | null,
  ip: string | null,
): Promise<{ ok: true } | { ok: false; field: "current" | "next"; problem: PasswordProblem }> {
  const [row] = await db().select({ hash: staff.passwordHash }).from(staff).where(eq(staff.id, user.id)).limit(1);
  if (!row || !(await verifyPassword(row.hash, input.current)))
    return { ok: false, field: "current", problem: { key: "password.currentWrong" } };
  if (input.current === input.next) return { ok: false, field: "next", problem: { key: "password.same" } };
  const problem = passwordProblem(input.next, user);
  if (problem) return { ok: false, field: "next", problem };
  await db()
    .update(staff)
    .set({ passwordHash: await hashPassword(input.next), mustChangePassword: false })
    .where(eq(staff.id, user.id));
  const ended = await db()
    .delete(sessions)
    .where(keepSessionId ? and(eq(sessions.staffId, user.id), ne(sessions.id, keepSessionId)) : eq(sessions.staffId, user.id))
    .returning({ id: sessions.id });
  await recordAudit({
    actor: user,
    action: "password.change",
    targetType: "staff",
    targetId: user.id,
    ip,
    details: { otherSessionsEnded: ended.length },
  });
  return { ok: true };
}
