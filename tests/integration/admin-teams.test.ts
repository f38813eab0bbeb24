// Teams on /admin/teams through the route, as Remix calls it, against a real database: create,
// rename, lead, deactivate and move, each audited; the rules (unique names, a lead is an active
// member, no deactivating a team people work in, nobody moved into a deactivated team) refused
// with the typed value kept and the error in the person's language.
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, staff, teams } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { langCookie } from "~/i18n/lang.server";
import { action as teamsAction, loader as teamsLoader } from "~/routes/admin.teams";
import { action as usersAction } from "~/routes/admin.users";
import { createStaffMember } from "~/staff/staff.server";
import { useTestDatabase } from "../support/db";
import { call, thrown } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";

function payload<T = any>(value: unknown): { data: T; status: number } {
  const v = value as { type?: string; data: T; init: ResponseInit | null };
  expect(v.type).toBe("DataWithResponseInit");
  return { data: v.data, status: v.init?.status ?? 200 };
}

let seq = 0;
async function person(role: "admin" | "manager" | "agent" | "lead", team = "complaints-1", lang?: "en") {
  seq += 1;
  const row = await createStaffMember({
    email: `t-${role}${seq}@desk.test`,
    name: `${role} 직원 ${seq}`,
    role,
    team,
    password: "pw-123456789",
  });
  const cookie = [
    (await startSession(new Request(BASE), row.id)).split(";")[0],
    lang ? (await langCookie.serialize(lang)).split(";")[0] : null,
  ]
    .filter(Boolean)
    .join("; ");
  return {
    row,
    get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }),
    post: (fields: Record<string, string>) =>
      new Request(`${BASE}/admin/teams`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } }),
  };
}

const teamAudit = (teamId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "settings.change"), eq(auditLog.targetId, `team:${teamId}`)))
    .orderBy(auditLog.id);

describe("/admin/teams", () => {
  it("creates, renames, sets a lead, moves people and deactivates a team, each in the audit log", async () => {
    const admin = await person("admin");
    const created = payload(await call(teamsAction, admin.post({ intent: "create", id: "", name: "  민원3팀 " })));
    expect(created.data).toMatchObject({ ok: true, message: "teams.created", name: "민원3팀" });
    const [team] = await db().select().from(teams).where(eq(teams.name, "민원3팀"));
    expect(team).toMatchObject({ active: true, leadId: null });
    expect(team.key).toMatch(/^team-[0-9a-f]{8}$/);

    expect(payload(await call(teamsAction, admin.post({ intent: "rename", id: team.id, name: "민원3팀(야간)" }))).data.ok).toBe(true);

    // Someone from another team is moved in, then made lead.
    const agent = await person("agent");
    const moved = payload(await call(teamsAction, admin.post({ intent: "move", id: agent.row.id, teamId: team.id })));
    expect(moved.data).toMatchObject({ ok: true, name: agent.row.name });
    expect(payload(await call(teamsAction, admin.post({ intent: "lead", id: team.id, leadId: agent.row.id }))).data.ok).toBe(true);

    const page = await call(teamsLoader, admin.get("/admin/teams"));
    const shown = page.teams.find((t) => t.id === team.id)!;
    expect(shown).toMatchObject({
      name: "민원3팀(야간)",
      leadId: agent.row.id,
      members: [expect.objectContaining({ id: agent.row.id, name: agent.row.name })],
    });

    // Refused while someone works there; after moving them out (which ends their lead), allowed.
    const refused = payload(await call(teamsAction, admin.post({ intent: "active", id: team.id, active: "false" })));
    expect(refused.status).toBe(409);
    expect(refused.data.errors.active).toMatch(/직원을 다른 팀으로 옮겨/);
    expect(payload(await call(teamsAction, admin.post({ intent: "move", id: agent.row.id, teamId: "" }))).data.ok).toBe(true);
    expect((await db().select().from(teams).where(eq(teams.id, team.id)))[0].leadId).toBeNull();
    expect(payload(await call(teamsAction, admin.post({ intent: "active", id: team.id, active: "false" }))).data.ok).toBe(true);

    expect((await teamAudit(team.id)).map((r) => [r.actor, r.details.change])).toEqual([
      [`staff:${admin.row.email}`, "team.created"],
      [`staff:${admin.row.email}`, "team.renamed"],
      [`staff:${admin.row.email}`, "team.lead"],
      [`staff:${admin.row.email}`, "team.deactivated"],
    ]);
    const renamed = (await teamAudit(team.id))[1];
    expect(renamed.details).toMatchObject({ from: "민원3팀", to: "민원3팀(야간)" });
    // The moves are the person's own staff.change rows (the second also ends their lead).
    const moves = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "staff.change"), eq(auditLog.targetId, agent.row.id)))
      .orderBy(auditLog.id);
    expect(moves.map((r) => (r.details.teamId as { to: unknown }).to)).toEqual([team.id, null]);
    expect(moves[1].details.leadOfTeamEnded).toBe(team.id);

    // Nobody is moved into a deactivated team, from either page.
    const into = payload(await call(teamsAction, admin.post({ intent: "move", id: agent.row.id, teamId: team.id })));
    expect(into.status).toBe(409);
    const viaPeople = payload(
      await call(
        usersAction,
        new Request(`${BASE}/admin/users`, {
          method: "POST",
          body: new URLSearchParams({ intent: "update", id: agent.row.id, role: "agent", teamId: team.id, active: "true" }),
          headers: admin.get("/").headers,
        }),
      ),
    );
    expect(viaPeople.status).toBe(409);
    expect((await db().select().from(staff).where(eq(staff.id, agent.row.id)))[0].teamId).toBeNull();
  });

  it("refuses a taken name and a lead from outside the team, keeping what was typed, in the person's language", async () => {
    const admin = await person("admin", "complaints-1", "en");
    const outsider = await person("agent", "complaints-2");
    const [existing] = await db().select().from(teams).where(eq(teams.key, "complaints-1"));
    const taken = payload(await call(teamsAction, admin.post({ intent: "create", id: "", name: existing.name.toUpperCase() })));
    expect(taken.status).toBe(422);
    expect(taken.data).toMatchObject({ ok: false, intent: "create", typed: { name: existing.name.toUpperCase() } });
    expect(taken.data.errors.name).toBe("A team with this name already exists. Please choose another name.");
    const empty = payload(await call(teamsAction, admin.post({ intent: "rename", id: existing.id, name: "   " })));
    expect(empty.data).toMatchObject({
      ok: false,
      intent: "rename",
      id: existing.id,
      errors: { name: expect.stringMatching(/required/i) },
    });
    const tooLong = payload(await call(teamsAction, admin.post({ intent: "create", id: "", name: "팀".repeat(61) })));
    expect(tooLong.data.errors.name).toMatch(/60/);
    const lead = payload(await call(teamsAction, admin.post({ intent: "lead", id: existing.id, leadId: outsider.row.id })));
    expect(lead.status).toBe(409);
    expect(lead.data.errors.leadId).toMatch(/active member of this team/);
    expect(await db().select().from(teams).where(like(teams.name, "팀팀%"))).toEqual([]);
    expect(await teamAudit(existing.id)).toEqual([]);
  });

  it("lets managers look but not change; agents may not even look", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    expect((await call(teamsLoader, manager.get("/admin/teams"))).teams.length).toBeGreaterThan(0);
    expect((await thrown(call(teamsAction, manager.post({ intent: "create", id: "", name: "몰래 만든 팀" })))).status).toBe(403);
    expect((await thrown(call(teamsLoader, agent.get("/admin/teams")))).status).toBe(403);
    expect(await db().select().from(teams).where(eq(teams.name, "몰래 만든 팀"))).toEqual([]);
  });
});
