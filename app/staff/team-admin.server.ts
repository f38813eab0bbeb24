// Teams as administrators manage them on /admin/teams: create, rename, set a lead, deactivate or
// reactivate, and move people between teams. Every change is a settings.change row in the audit
// log (target `team:<id>`, details.change says which); moving a person is their staff.change.
// Rules: names are unique (ignoring case and spaces at the ends); a lead is an active member of
// the team; a team with active members cannot be deactivated (move them first); nobody is moved
// into a deactivated team.
import { randomBytes } from "node:crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { staff, teams } from "~/db/schema";
import { db, inTransaction } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import type { MaskedText } from "~/core/masked-text";
import { recordAudit } from "~/security/audit.server";
import { updateStaffByAdmin, type StaffAdminResult } from "./staff-admin.server";

export type TeamMember = { id: string; name: string; email: string; role: string; active: boolean };
export type TeamForAdmin = { id: string; key: string; name: string; active: boolean; leadId: string | null; members: TeamMember[] };

/** Every team, active first, with its members (active first, then by name). */
export async function listTeamsForAdmin(): Promise<{ teams: TeamForAdmin[]; unassigned: TeamMember[] }> {
  const [teamRows, people] = await Promise.all([
    db()
      .select({ id: teams.id, key: teams.key, name: teams.name, active: teams.active, leadId: teams.leadId })
      .from(teams)
      .orderBy(sql`${teams.active} desc`, asc(teams.name)),
    db()
      .select({ id: staff.id, name: staff.name, email: staff.email, role: staff.role, active: staff.active, teamId: staff.teamId })
      .from(staff)
      .orderBy(sql`${staff.active} desc`, asc(staff.name)),
  ]);
  const member = ({ teamId: _teamId, ...p }: (typeof people)[number]): TeamMember => p;
  return {
    teams: teamRows.map((t) => ({ ...t, members: people.filter((p) => p.teamId === t.id).map(member) })),
    unassigned: people.filter((p) => p.teamId === null && p.active).map(member),
  };
}

type Audit = { by: StaffUser; ip: string | null };

function auditTeam(who: Audit, teamId: string, details: Record<string, unknown>) {
  return recordAudit({
    actor: who.by,
    action: "settings.change",
    targetType: "settings",
    targetId: `team:${teamId}`,
    ip: who.ip,
    details: { path: "/admin/teams", ...details },
  });
}

async function nameTaken(name: string, exceptId?: string): Promise<boolean> {
  const rows = await db()
    .select({ id: teams.id })
    .from(teams)
    .where(and(sql`lower(btrim(${teams.name})) = lower(${name})`, exceptId ? ne(teams.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

export async function createTeam(who: Audit, name: MaskedText): Promise<StaffAdminResult<{ id: string }>> {
  if (await nameTaken(name)) return { ok: false, error: "teams.error.nameTaken" };
  // The key is what the CLI and report links use; people only ever see the name.
  for (let attempt = 0; attempt < 5; attempt++) {
    const key = `team-${randomBytes(4).toString("hex")}`;
    const [row] = await db().insert(teams).values({ key, name }).onConflictDoNothing().returning({ id: teams.id });
    if (row) {
      await auditTeam(who, row.id, { change: "team.created", name });
      return { ok: true, value: { id: row.id } };
    }
  }
  throw new Error("could not find a free team key");
}

export async function renameTeam(who: Audit, id: string, name: MaskedText): Promise<StaffAdminResult<null>> {
  const [before] = await db().select({ name: teams.name }).from(teams).where(eq(teams.id, id)).limit(1);
  if (!before) return { ok: false, error: "teams.error.notFound" };
  if (before.name === name) return { ok: true, value: null };
  if (await nameTaken(name, id)) return { ok: false, error: "teams.error.nameTaken" };
  await db().update(teams).set({ name }).where(eq(teams.id, id));
  await auditTeam(who, id, { change: "team.renamed", from: before.name, to: name });
  return { ok: true, value: null };
}

/** Sets (or clears, with null) the lead: an active member of the team, checked with the rows locked. */
export async function setTeamLead(who: Audit, id: string, leadId: string | null): Promise<StaffAdminResult<null>> {
  const outcome = await inTransaction(async (tx) => {
    const [team] = await tx.select({ leadId: teams.leadId, name: teams.name }).from(teams).where(eq(teams.id, id)).for("update");
    if (!team) return { ok: false as const, error: "teams.error.notFound" };
    let leadName: string | null = null;
    if (leadId) {
      const [person] = await tx
        .select({ name: staff.name, teamId: staff.teamId, active: staff.active })
        .from(staff)
        .where(eq(staff.id, leadId))
        .for("update");
      if (!person || person.teamId !== id || !person.active) return { ok: false as const, error: "teams.error.leadNotMember" };
      leadName = person.name;
    }
    if (team.leadId === leadId) return { ok: true as const, value: null, changed: false as const };
    await tx.update(teams).set({ leadId }).where(eq(teams.id, id));
    return { ok: true as const, value: null, changed: true as const, from: team.leadId, leadName };
  });
  if (!outcome.ok) return outcome;
  if (outcome.changed) await auditTeam(who, id, { change: "team.lead", from: outcome.from, to: leadId, leadName: outcome.leadName });
  return { ok: true, value: null };
}

/** Deactivates or reactivates a team; a team with active members stays active (move them first). */
export async function setTeamActive(who: Audit, id: string, active: boolean): Promise<StaffAdminResult<null>> {
  const outcome = await inTransaction(async (tx) => {
    const [team] = await tx.select({ active: teams.active }).from(teams).where(eq(teams.id, id)).for("update");
    if (!team) return { ok: false as const, error: "teams.error.notFound" };
    if (team.active === active) return { ok: true as const, value: null, changed: false };
    if (!active) {
      // Locked, so nobody is moved in between the count and the change.
      const members = await tx
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.teamId, id), eq(staff.active, true)))
        .for("update");
      if (members.length > 0) return { ok: false as const, error: "teams.error.hasMembers" };
    }
    await tx.update(teams).set({ active }).where(eq(teams.id, id));
    return { ok: true as const, value: null, changed: true };
  });
  if (!outcome.ok) return outcome;
  if (outcome.changed) await auditTeam(who, id, { change: active ? "team.reactivated" : "team.deactivated" });
  return { ok: true, value: null };
}

/** Moves a person to another team (or none): their staff.change, role and sign-in unchanged. */
export async function movePerson(who: Audit, personId: string, teamId: string | null): Promise<StaffAdminResult<{ name: string }>> {
  const [person] = await db()
    .select({ name: staff.name, role: staff.role, active: staff.active })
    .from(staff)
    .where(eq(staff.id, personId))
    .limit(1);
  if (!person) return { ok: false, error: "people.error.notFound" };
  const result = await updateStaffByAdmin(who.by, personId, { role: person.role, teamId, active: person.active }, who.ip);
  return result.ok ? { ok: true, value: { name: person.name } } : result;
}
