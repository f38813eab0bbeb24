// Staff accounts, passwords and API tokens through the routes, as Remix calls them, against a
// real database: each change audited, the last administrator kept, passwords set by an
// administrator changed at the next login.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiTokens, auditLog, sessions, staff } from "../../db/schema";
import { db } from "../../db/connection";
import { attemptLogin } from "~/auth/login.server";
import { translate } from "~/i18n/i18n";
import { langCookie } from "~/i18n/lang.server";
import { authenticateBearer } from "~/auth/tokens.server";
import { action as passwordAction, loader as passwordLoader } from "~/routes/desk.password";
import { loader as deskLoader } from "~/routes/desk._index";
import { action as tokensAction, loader as tokensLoader } from "~/routes/admin.tokens";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users";
import { createStaffMember } from "~/staff/staff.server";
import { useTestDatabase } from "../support/db";
import { call, thrown } from "../support/route-calls";
import { BASE, signedIn } from "../support/staff";

useTestDatabase();

function payload<T = any>(value: unknown): { data: T; status: number } {
  const v = value as { type?: string; data: T; init: ResponseInit | null };
  expect(v.type).toBe("DataWithResponseInit");
  return { data: v.data, status: v.init?.status ?? 200 };
}

let seq = 0;
async function person(role: "admin" | "manager" | "agent", password = "pw-123456789") {
  seq += 1;
  const row = await createStaffMember({
    email: `${role}${seq}@desk.test`,
    name: `${role} 직원 ${seq}`,
    role,
    team: "complaints-1",
    password,
  });
  return { row, session: await signedIn(row.id) };
}

async function auditRows(action: string, targetId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
}

describe("/admin/users", () => {
  it("lets an administrator create an account whose temporary password must be changed at first login", async () => {
    const admin = await person("admin");
    const created = payload(
      await call(
        usersAction,
        admin.session.post("/admin/users", {
          intent: "create",
          name: "새 상담원",
          email: "New.Agent@desk.test",
          role: "agent",
          teamId: "",
        }),
      ),
    );
    expect(created.data.ok).toBe(true);
    const temporary: string = created.data.temporaryPassword;
    expect(temporary.length).toBeGreaterThanOrEqual(20);
    const [row] = await db().select().from(staff).where(eq(staff.email, "new.agent@desk.test"));
    expect(row.mustChangePassword).toBe(true);
    expect(row.passwordHash).not.toContain(temporary);
    expect(await auditRows("staff.create", row.id)).toHaveLength(1);

    const login = await attemptLogin("new.agent@desk.test", temporary, "127.0.0.1");
    expect(login.ok).toBe(true);
    const newcomer = await signedIn(row.id);
    // Every staff page waits for the new password…
    const sent = await thrown(call(deskLoader, newcomer.get("/desk?view=mine")));
    expect(sent.status).toBe(302);
    expect(sent.headers.get("Location")).toBe(`/desk/password?redirectTo=${encodeURIComponent("/desk?view=mine")}`);
    expect(payloadOrValue(await call(passwordLoader, newcomer.get("/desk/password"))).mustChange).toBe(true);
    // …which must pass the policy…
    const weak = payload(
      await call(passwordAction, newcomer.post("/desk/password", { current: temporary, next: "password1", confirm: "password1" })),
    );
    expect(weak.status).toBe(422);
    expect(weak.data.errors.next.key).toBe("password.weak");
    // …and then the person goes where they were going.
    const done = (await call(
      passwordAction,
      newcomer.post("/desk/password?redirectTo=%2Fdesk", {
        current: temporary,
        next: "quiet-harbor-lantern-58",
        confirm: "quiet-harbor-lantern-58",
      }),
    )) as Response;
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/desk");
    const [after] = await db().select().from(staff).where(eq(staff.id, row.id));
    expect(after.mustChangePassword).toBe(false);
    expect(await call(deskLoader, newcomer.get("/desk"))).toBeTruthy();
    expect(await auditRows("password.change", row.id)).toHaveLength(1);
  });

  it("keeps what was typed and says why when the email is taken or invalid", async () => {
    const admin = await person("admin");
    const taken = payload(
      await call(
        usersAction,
        admin.session.post("/admin/users", {
          intent: "create",
          name: "중복",
          email: admin.row.email.toUpperCase(),
          role: "agent",
          teamId: "",
        }),
      ),
    );
    expect(taken.status).toBe(422);
    expect(taken.data).toMatchObject({ ok: false, error: "people.error.emailTaken", typed: { name: "중복" } });
    const invalid = payload(
      await call(
        usersAction,
        admin.session.post("/admin/users", { intent: "create", name: "이름", email: "not-an-email", role: "agent", teamId: "" }),
      ),
    );
    expect(invalid.status).toBe(422);
    expect(invalid.data).toMatchObject({ ok: false, fields: ["email"], typed: { email: "not-an-email" } });
    // The new-person form marks the field itself, in the reader's language.
    expect(taken.data.errors).toEqual({ email: translate("ko", "people.error.emailTaken") });
    expect(invalid.data.errors).toEqual({ email: translate("ko", "error.email") });
    const row = payload(
      await call(
        usersAction,
        admin.session.post("/admin/users", { intent: "update", id: admin.row.id, role: "nobody", teamId: "", active: "true" }),
      ),
    );
    expect(row.status).toBe(422);
    expect(row.data.errors).toBeUndefined();
  });

  it("changes role and team, deactivates (ending sessions) and reactivates, each change audited", async () => {
    const admin = await person("admin");
    const agent = await person("agent");
    const { data: page } = { data: await call(usersLoader, admin.session.get("/admin/users")) };
    const team = (page as any).teams[0];
    const update = (fields: Record<string, string>) =>
      call(
        usersAction,
        admin.session.post("/admin/users", {
          intent: "update",
          id: agent.row.id,
          role: "agent",
          teamId: team.id,
          active: "true",
          ...fields,
        }),
      );
    expect(payload(await update({ role: "manager" })).data.ok).toBe(true);
    expect(payload(await update({ role: "manager", active: "false" })).data.ok).toBe(true);
    expect(await db().select().from(sessions).where(eq(sessions.staffId, agent.row.id))).toHaveLength(0);
    expect((await attemptLogin(agent.row.email, "pw-123456789", "127.0.0.2")).ok).toBe(false);
    expect(payload(await update({ role: "manager", active: "true" })).data.ok).toBe(true);
    const changes = await auditRows("staff.change", agent.row.id);
    expect(changes.map((c) => c.details)).toEqual([
      { role: { from: "agent", to: "manager" } },
      { active: { from: true, to: false } },
      { active: { from: false, to: true } },
    ]);
  });

  it("never removes the last active administrator, by role or by deactivation", async () => {
    // Only one admin is active in this check: the others made above are deactivated first.
    const admins = await db().select().from(staff).where(eq(staff.role, "admin"));
    const last = await person("admin");
    for (const a of admins) await db().update(staff).set({ active: false }).where(eq(staff.id, a.id));
    for (const change of [
      { role: "manager", active: "true" },
      { role: "admin", active: "false" },
    ]) {
      const refused = payload(
        await call(usersAction, last.session.post("/admin/users", { intent: "update", id: last.row.id, teamId: "", ...change })),
      );
      expect(refused.status).toBe(409);
      expect(refused.data.error).toBe("people.error.lastAdmin");
    }
    const [still] = await db().select().from(staff).where(eq(staff.id, last.row.id));
    expect(still).toMatchObject({ role: "admin", active: true });
  });

  it("resets a password: the old one stops working, sessions end, the next login must change it", async () => {
    const admin = await person("admin");
    const agent = await person("agent");
    const reset = payload(await call(usersAction, admin.session.post("/admin/users", { intent: "reset", id: agent.row.id })));
    expect(reset.data.ok).toBe(true);
    expect(await db().select().from(sessions).where(eq(sessions.staffId, agent.row.id))).toHaveLength(0);
    expect((await attemptLogin(agent.row.email, "pw-123456789", "127.0.0.3")).ok).toBe(false);
    expect((await attemptLogin(agent.row.email, reset.data.temporaryPassword, "127.0.0.3")).ok).toBe(true);
    const [row] = await db().select().from(staff).where(eq(staff.id, agent.row.id));
    expect(row.mustChangePassword).toBe(true);
    expect(await auditRows("password.reset", agent.row.id)).toHaveLength(1);
  });

  it("lets managers look but not change, and agents not even look", async () => {
    const manager = await person("manager");
    const agent = await person("agent");
    expect(((await call(usersLoader, manager.session.get("/admin/users"))) as any).people.length).toBeGreaterThan(0);
    expect((await thrown(call(usersAction, manager.session.post("/admin/users", { intent: "reset", id: agent.row.id })))).status).toBe(403);
    expect((await thrown(call(usersLoader, agent.session.get("/admin/users")))).status).toBe(403);
  });
});

describe("/desk/password", () => {
  it("requires the current password and ends the other sessions, keeping this one", async () => {
    const agent = await person("agent");
    const other = await signedIn(agent.row.id);
    const wrong = payload(
      await call(
        passwordAction,
        agent.session.post("/desk/password", { current: "nope", next: "quiet-harbor-lantern-58", confirm: "quiet-harbor-lantern-58" }),
      ),
    );
    expect(wrong.data.errors.current.key).toBe("password.currentWrong");
    const mismatch = payload(
      await call(
        passwordAction,
        agent.session.post("/desk/password", {
          current: "pw-123456789",
          next: "quiet-harbor-lantern-58",
          confirm: "quiet-harbor-lantern-59",
        }),
      ),
    );
    expect(mismatch.data.errors.confirm.key).toBe("password.mismatch");
    const personal = payload(
      await call(
        passwordAction,
        agent.session.post("/desk/password", { current: "pw-123456789", next: agent.row.email, confirm: agent.row.email }),
      ),
    );
    expect(personal.data.errors.next.key).toBe("password.personal");
    const ok = (await call(
      passwordAction,
      agent.session.post("/desk/password", {
        current: "pw-123456789",
        next: "quiet-harbor-lantern-58",
        confirm: "quiet-harbor-lantern-58",
      }),
    )) as Response;
    expect(ok.headers.get("Location")).toBe("/desk/password?changed=1");
    const left = await db().select().from(sessions).where(eq(sessions.staffId, agent.row.id));
    expect(left.map((s) => s.id)).toHaveLength(1);
    expect((await thrown(call(passwordLoader, other.get("/desk/password")))).headers.get("Location")).toMatch(/^\/login/);
    expect((await attemptLogin(agent.row.email, "quiet-harbor-lantern-58", "127.0.0.4")).ok).toBe(true);
  });
});

describe("/admin/tokens", () => {
  it("creates a token shown once (hashed at rest), lists it by name and revokes it at once", async () => {
    const admin = await person("admin");
    const created = payload(
      await call(tokensAction, admin.session.post("/admin/tokens", { intent: "create", name: "콜센터 연동", role: "agent", expires: "" })),
    );
    const token: string = created.data.token;
    expect(token).toMatch(/^ssd_/);
    const [row] = await db().select().from(apiTokens).where(eq(apiTokens.name, "콜센터 연동"));
    expect(row.tokenHash).not.toContain(token);
    expect(await authenticateBearer(`Bearer ${token}`)).toMatchObject({ kind: "integration", name: "콜센터 연동", role: "agent" });
    const listed = ((await call(tokensLoader, admin.session.get("/admin/tokens"))) as any).tokens;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.find((t: any) => t.id === row.id)).toMatchObject({ status: "live", lastUsed: expect.any(String) });
    expect(payload(await call(tokensAction, admin.session.post("/admin/tokens", { intent: "revoke", id: row.id }))).data.ok).toBe(true);
    expect(await authenticateBearer(`Bearer ${token}`)).toBeNull();
    expect(await auditRows("token.create", row.id)).toHaveLength(1);
    expect(await auditRows("token.revoke", row.id)).toHaveLength(1);
  });

  it("refuses an expiry today or earlier and keeps what was typed; an expired token no longer authenticates", async () => {
    const admin = await person("admin");
    const past = payload(
      await call(
        tokensAction,
        admin.session.post("/admin/tokens", { intent: "create", name: "지난 토큰", role: "agent", expires: "2020-01-01" }),
      ),
    );
    expect(past.status).toBe(422);
    expect(past.data).toMatchObject({ error: "tokens.error.expiresPast", typed: { name: "지난 토큰", expires: "2020-01-01" } });
    const later = payload(
      await call(
        tokensAction,
        admin.session.post("/admin/tokens", { intent: "create", name: "만료 토큰", role: "agent", expires: "2999-12-31" }),
      ),
    );
    expect(await authenticateBearer(`Bearer ${later.data.token}`)).not.toBeNull();
    await db()
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.name, "만료 토큰"));
    expect(await authenticateBearer(`Bearer ${later.data.token}`)).toBeNull();
  });
});

function payloadOrValue(value: unknown): any {
  return (value as any)?.type === "DataWithResponseInit" ? (value as any).data : value;
}

describe("an address no page answers", () => {
  it("answers a real 404 page in the reader's language", async () => {
    const { loader: notFoundLoader } = await import("~/routes/$");
    for (const [lang, title] of [
      ["ko", "페이지를 찾을 수 없습니다 (404)"],
      ["en", "Page not found (404)"],
    ] as const) {
      const cookie = (await langCookie.serialize(lang)).split(";")[0];
      const result = payload(await call(notFoundLoader, new Request(`${BASE}/admin/nothing-here`, { headers: { Cookie: cookie } })));
      expect(result.status).toBe(404);
      expect(result.data.title).toBe(title);
    }
  });
});
