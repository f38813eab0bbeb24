import { asc, eq } from "drizzle-orm";
import { staff, teams, type StaffRole } from "~/db/schema";
import { executor } from "~/db/connection";
import { hashPassword } from "~/auth/password.server";

export async function ensureTeam(key: string, name?: string) {
  const ex = executor();
  const existing = await ex.select().from(teams).where(eq(teams.key, key)).limit(1);
  if (existing[0]) return existing[0];
  const [created] = await ex
    .insert(teams)
    .values({ key, name: name ?? key })
    .returning();
  return created;
}

export type NewStaff = { email: string; name: string; role: StaffRole; team?: string | null; password?: string | null };

/** Creates a staff member (team by key, created if missing); the password is stored as argon2id. */
export async function createStaffMember(input: NewStaff) {
  const team = input.team ? await ensureTeam(input.team) : null;
  const [row] = await executor()
    .insert(staff)
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name,
      role: input.role,
      teamId: team?.id ?? null,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    })
    .returning();
  return row;
}

/** Active staff for pickers (assign), with their team. */
export async function listActiveStaff() {
  return executor()
    .select({ id: staff.id, name: staff.name, email: staff.email, role: staff.role, teamId: staff.teamId, teamName: teams.name })
    .from(staff)
    .leftJoin(teams, eq(teams.id, staff.teamId))
    .where(eq(staff.active, true))
    .orderBy(asc(teams.name), asc(staff.name));
}
