// Staff login: throttling and temporary lockout (the person is told how long), audit of every
// attempt, a new session id at each login, Secure cookies over https, and "log out everywhere".
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions } from "../../db/schema";
import { db } from "../../db/connection";
import { attemptLogin } from "~/auth/login.server";
import { getStaffUser, requireStaff, secureCookies, startSession } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as sessionsAction, loader as sessionsLoader } from "~/routes/desk.sessions";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://desk.test";
const PASSWORD = "pw-correct-horse-1";

type DataResult = {
  type: "DataWithResponseInit";
  data: { error: { key: string; params?: Record<string, number> }; email: string };
  init: ResponseInit | null;
};

function loginRequest(fields: Record<string, string>, ip = "198.51.100.7", cookie?: string) {
  return {
    request: new Request(`${BASE}/login`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} }),
    params: {},
    context: { clientIp: ip },
  };
}

async function audits(action: string) {
  return db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id));
}

describe("login throttling", () => {
  it("locks an email for 15 minutes after 5 failures, says so in Korean, and refuses even the right password meanwhile", async () => {
    const person = await createStaffMember({ email: "kim@desk.test", name: "김민지", role: "agent", password: PASSWORD });
    const answers: Array<{ status: number; key: string; params?: Record<string, number> }> = [];
    for (let i = 0; i < 5; i++) {
      const res = (await loginAction(loginRequest({ email: "kim@desk.test", password: `wrong-${i}` }))) as unknown as DataResult;
      answers.push({ status: res.init?.status ?? 200, key: res.data.error.key, params: res.data.error.params });
    }
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429]);
    expect(answers.map((a) => a.key)).toEqual(["auth.invalid", "auth.invalid", "auth.lockedSoon", "auth.lockedSoon", "auth.locked"]);
    expect(answers[3].params).toEqual({ remaining: 1, minutes: 15 });
    expect(answers[4].params).toEqual({ minutes: 15 });

    const right = (await loginAction(loginRequest({ email: "KIM@desk.test ", password: PASSWORD }))) as unknown as DataResult;
    expect(right.init?.status).toBe(429);
    expect(right.data.error.key).toBe("auth.locked");
    expect(new Headers(right.init?.headers).get("Retry-After")).toMatch(/^\d+$/);

    // 15 minutes later the right password works again and the failures are forgotten.
    const later = new Date(Date.now() + 16 * 60 * 1000);
    const ok = await attemptLogin("kim@desk.test", PASSWORD, "198.51.100.7", later);
    expect(ok).toMatchObject({ ok: true, user: { id: person.id } });
    const fresh = await attemptLogin("kim@desk.test", "wrong", "198.51.100.7", later);
    expect(fresh).toEqual({ ok: false, reason: "invalid", remaining: 4 });

    const failures = await audits("login.failure");
    expect(failures.filter((f) => f.details.email === "kim@desk.test").length).toBeGreaterThanOrEqual(7);
    expect(failures.find((f) => f.details.reason === "locked")).toMatchObject({
      actor: "anonymous",
      targetType: "staff",
      targetId: person.id,
      ip: "198.51.100.7",
    });
    const successes = await audits("login.success");
    expect(successes[0]).toMatchObject({ actor: "staff:kim@desk.test", staffId: person.id, targetId: person.id });
  });

  it("counts an email that has no account the same way (the lock tells nothing)", async () => {
    for (let i = 0; i < 4; i++) expect((await attemptLogin("nobody@desk.test", "x", "198.51.100.8")).ok).toBe(false);
    expect(await attemptLogin("nobody@desk.test", "x", "198.51.100.8")).toEqual({ ok: false, reason: "locked", retryAfterSeconds: 900 });
    const [last] = await audits("login.failure");
    expect(last).toMatchObject({ targetId: null, details: expect.objectContaining({ email: "nobody@desk.test", locked: true }) });
  });

  it("locks a client address after 20 failures across many emails", async () => {
    const ip = "203.0.113.50";
    let last = await attemptLogin("spray0@desk.test", "x", ip);
    for (let i = 1; i < 20; i++) last = await attemptLogin(`spray${i}@desk.test`, "x", ip);
    expect(last).toMatchObject({ ok: false, reason: "locked" });
    expect(await attemptLogin("someone-else@desk.test", "x", ip)).toMatchObject({ ok: false, reason: "locked" });
    // Another address is not affected.
    expect(await attemptLogin("someone-else@desk.test", "x", "203.0.113.51")).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("refuses an email with control characters as a plain failed login, never a 500", async () => {
    const res = (await loginAction(loginRequest({ email: "a\u0000b@desk.test", password: "x" }))) as unknown as DataResult;
    expect(res.init?.status).toBe(400);
    expect(res.data.error.key).toBe("auth.invalid");
  });
});

describe("sessions", () => {
  it("a successful login starts a new session id and redirects; logout ends it and is audited", async () => {
    const person = await createStaffMember({ email: "lee@desk.test", name: "이서준", role: "lead", password: PASSWORD });
    const old = (await startSession(new Request(BASE), person.id)).split(";")[0];
    const res = (await loginAction(
      loginRequest({ email: "lee@desk.test", password: PASSWORD, redirectTo: "/desk/sessions" }, "198.51.100.9", old),
    )) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/desk/sessions");
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http (development, tests)
    expect(cookie.split(";")[0]).not.toBe(old);

    const out = (await logoutAction({
      request: new Request(`${BASE}/logout`, { method: "POST", headers: { Cookie: cookie.split(";")[0] } }),
      params: {},
      context: {},
    })) as Response;
    expect(out.status).toBe(302);
    expect(await getStaffUser(new Request(BASE, { headers: { Cookie: cookie.split(";")[0] } }))).toBeNull();
    expect((await audits("logout"))[0]).toMatchObject({ staffId: person.id });
  });

  it("cookies are Secure when PUBLIC_URL is https or the request came over https", async () => {
    expect(secureCookies(new Request("https://desk.example.kr/login"))).toBe(true);
    expect(secureCookies(new Request("http://localhost:3000/login"))).toBe(false);
    const before = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://desk.example.kr";
    try {
      expect(secureCookies(new Request("http://127.0.0.1:3000/login"))).toBe(true);
      const person = await createStaffMember({ email: "secure@desk.test", name: "보안", role: "agent", password: PASSWORD });
      expect(await startSession(new Request("http://127.0.0.1:3000/login"), person.id)).toMatch(/; Secure/i);
    } finally {
      if (before === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = before;
    }
  });

  it("log out everywhere ends every session of the person (and no one else's)", async () => {
    const person = await createStaffMember({ email: "park@desk.test", name: "박지훈", role: "agent", password: PASSWORD });
    const other = await createStaffMember({ email: "choi@desk.test", name: "최유나", role: "agent", password: PASSWORD });
    const devices = await Promise.all([1, 2, 3].map(async () => (await startSession(new Request(BASE), person.id)).split(";")[0]));
    const theirs = (await startSession(new Request(BASE), other.id)).split(";")[0];
    const page = await sessionsLoader({
      request: new Request(`${BASE}/desk/sessions`, { headers: { Cookie: devices[0] } }),
      params: {},
      context: {},
    });
    expect(page.sessions).toHaveLength(3);
    expect(page.sessions.filter((s) => s.current)).toHaveLength(1);

    const res = (await sessionsAction({
      request: new Request(`${BASE}/desk/sessions`, { method: "POST", headers: { Cookie: devices[1] } }),
      params: {},
      context: { clientIp: "198.51.100.10" },
    })) as Response;
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/login?everywhere=3");
    for (const cookie of devices) expect(await getStaffUser(new Request(BASE, { headers: { Cookie: cookie } }))).toBeNull();
    expect(await getStaffUser(new Request(BASE, { headers: { Cookie: theirs } }))).toMatchObject({ id: other.id });
    const [{ n }] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(sessions)
      .where(eq(sessions.staffId, person.id));
    expect(n).toBe(0);
    expect((await audits("logout.everywhere"))[0]).toMatchObject({
      staffId: person.id,
      ip: "198.51.100.10",
      details: { sessionsEnded: 3 },
    });
  });

  it("idle sessions (30 min) and old ones (12 h) no longer sign anyone in", async () => {
    const person = await createStaffMember({ email: "idle@desk.test", name: "한가람", role: "agent", password: PASSWORD });
    const idle = (await startSession(new Request(BASE), person.id)).split(";")[0];
    await db()
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60 * 1000) })
      .where(eq(sessions.staffId, person.id));
    expect(await getStaffUser(new Request(BASE, { headers: { Cookie: idle } }))).toBeNull();
    const old = (await startSession(new Request(BASE), person.id)).split(";")[0];
    await db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(sessions.staffId, person.id)));
    expect(await getStaffUser(new Request(BASE, { headers: { Cookie: old } }))).toBeNull();
  });
});

describe("permission denials", () => {
  it("requireStaff records who was refused what, from where, then answers 403", async () => {
    const agent = await createStaffMember({ email: "deny@desk.test", name: "정하늘", role: "agent", password: PASSWORD });
    const cookie = (await startSession(new Request(BASE), agent.id)).split(";")[0];
    const request = new Request(`${BASE}/admin/audit?action=login.failure`, {
      headers: { Cookie: cookie, "x-desk-client-ip": "198.51.100.11" },
    });
    let thrown: unknown;
    try {
      await requireStaff(request, "admin");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(403);
    const [denied] = await audits("permission.denied");
    expect(denied).toMatchObject({
      actor: "staff:deny@desk.test",
      staffId: agent.id,
      targetType: "route",
      targetId: "/admin/audit",
      ip: "198.51.100.11",
      details: { method: "GET", path: "/admin/audit", required: "admin", role: "agent" },
    });
  });
});
