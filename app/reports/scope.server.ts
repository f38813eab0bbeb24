// Who sees which figures: managers and administrators every team (or one they pick); a team
// lead only their own team — asking for another team's figures is refused (403).
import { asc, eq, sql } from "drizzle-orm";
import { executor } from "~/db/connection";
import { staff, teams, type StaffRole } from "~/db/schema";
import { hasRole, type Actor } from "~/core/actor";

export type TeamRef = { id: string; key: string; name: string };
export type ReportScope = {
  /** null: every team. */
  team: TeamRef | null;
  /** A lead's scope is fixed to their team. */
  locked: boolean;
};

export type ScopeResult =
  { ok: true; scope: ReportScope } | { ok: false; status: 403 | 422; reason: "forbidden" | "noTeam" | "unknownTeam" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findTeam(idOrKey: string): Promise<TeamRef | null> {
  const value = idOrKey.trim();
  // PostgreSQL cannot hold NUL in text, and no team key has control characters: unknown, not an error.
  if (value === "" || value.length > 100 || /[\u0000-\u001F\u007F]/.test(value)) return null;
  const where = UUID.test(value) ? eq(teams.id, value) : sql`lower(${teams.key}) = ${value.toLowerCase()}`;
  const [row] = await executor().select({ id: teams.id, key: teams.key, name: teams.name }).from(teams).where(where).limit(1);
  return row ?? null;
}

export async function teamById(id: string | null): Promise<TeamRef | null> {
  if (!id) return null;
  const [row] = await executor().select({ id: teams.id, key: teams.key, name: teams.name }).from(teams).where(eq(teams.id, id)).limit(1);
  return row ?? null;
}

export async function listTeams(): Promise<TeamRef[]> {
  return executor().select({ id: teams.id, key: teams.key, name: teams.name }).from(teams).orderBy(asc(teams.name));
}

/** The team of the staff member behind an actor (a staff session, or a token issued to staff). */
async function actorTeamId(actor: Actor): Promise<string | null> {
  if (actor.kind === "staff") return actor.teamId;
  if (actor.kind === "integration" && actor.staffId) {
    const [row] = await executor().select({ teamId: staff.teamId }).from(staff).where(eq(staff.id, actor.staffId)).limit(1);
    return row?.teamId ?? null;
  }
  return null;
}

export function roleOf(actor: Actor): StaffRole | null {
  return actor.kind === "staff" || actor.kind === "integration" ? actor.role : null;
}

/**
 * The scope of a report request. `requested` is a team key or id from the query (optional).
 * Agents: 403. Leads: their own team (another team → 403; a lead without a team → 403).
 * Managers and above: the requested team (unknown → 422) or every team.
 */
export async function resolveScope(actor: Actor, requested: string | undefined): Promise<ScopeResult> {
  if (!hasRole(actor, "lead")) return { ok: false, status: 403, reason: "forbidden" };
  const wanted = requested?.trim() ? await findTeam(requested) : null;
  if (requested?.trim() && !wanted && hasRole(actor, "manager")) return { ok: false, status: 422, reason: "unknownTeam" };
  if (!hasRole(actor, "manager")) {
    const own = await teamById(await actorTeamId(actor));
    if (!own) return { ok: false, status: 403, reason: "noTeam" };
    // Any other team (or a name that is no team at all) is not this lead's to see.
    if (requested?.trim() && wanted?.id !== own.id) return { ok: false, status: 403, reason: "forbidden" };
    return { ok: true, scope: { team: own, locked: true } };
  }
  return { ok: true, scope: { team: wanted, locked: false } };
}
