import { randomBytes } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { and, desc, eq, gt, sql } from "drizzle-orm";
import { noteStaff } from "~/core/request-context.server";
import { sessions, staff } from "~/db/schema";
import { db, executor } from "~/db/connection";
import { hasRole } from "~/core/actor";
import type { StaffRole } from "~/db/schema";
import { verifyPassword } from "./password.server";
import { auditPermissionDenied } from "~/security/audit.server";
import { staffActor, type StaffUser } from "~/core/staff-user";
import { publicUrlIsHttps, sessionSecret } from "~/config/env.server";

const IDLE_MS = 30 * 60 * 1000;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;

export { sessionSecret };

let storage: ReturnType<typeof createCookieSessionStorage<{ sid: string }>> | undefined;
function cookieStorage() {
  storage ??= createCookieSessionStorage<{ sid: string }>({
    cookie: {
      name: "__desk_session",
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      // The default; commitSession() decides per request (cookieOptions below).
      secure: publicUrlIsHttps(),
      secrets: [sessionSecret()],
    },
  });
  return storage;
}

/**
 * `Secure` whenever the desk is reached over https: PUBLIC_URL is https, or this request arrived
 * over https (directly, or through a TLS-terminating proxy that sends X-Forwarded-Proto and is
 * trusted by TRUST_PROXY — the Remix request URL carries Express's req.protocol). Plain http on
 * localhost (development, the end-to-end tests) keeps working without it.
 */
export function secureCookies(request: Request): boolean {
  if (publicUrlIsHttps()) return true;
  try {
    return new URL(request.url).protocol === "https:";
  } catch {
    return false;
  }
}

export type { StaffUser };
export { staffActor };

/** Where a person whose password an administrator set is sent until they choose their own. */
export const CHANGE_PASSWORD_PATH = "/desk/password";

/** The staff row with this email (case-insensitive), active or not, or null. */
export async function staffByEmail(email: string) {
  const rows = await executor()
    .select()
    .from(staff)
    .where(sql`lower(${staff.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return rows[0] ?? null;
}

export async function login(email: string, password: string): Promise<StaffUser | null> {
  const rows = await db()
    .select()
    .from(staff)
    .where(sql`lower(${staff.email}) = ${email.trim().toLowerCase()}`)
    .limit(1);
  const person = rows[0];
  // Verify even when no one matched, so timing does not tell which emails exist.
  const ok = await verifyPassword(person?.passwordHash ?? DUMMY_HASH, password);
  if (!person || !ok || !person.active) return null;
  return { id: person.id, email: person.email, name: person.name, role: person.role, teamId: person.teamId, locale: person.locale };
}

const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$1uAp+Xngp7w2S2pnsNT5Lg$HUfodWwJXZFW3FfdFILCmt3grSWGcbC+sfaRGVS66QI";

/** Starts a session with a new id and returns the Set-Cookie header. */
export async function startSession(request: Request, staffId: string): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  const now = new Date();
  await db()
    .insert(sessions)
    .values({ id, staffId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + ABSOLUTE_MS) });
  const session = await cookieStorage().getSession(request.headers.get("Cookie"));
  session.set("sid", id);
  return cookieStorage().commitSession(session, { secure: secureCookies(request) });
}

export async function endSession(request: Request): Promise<string> {
  const session = await cookieStorage().getSession(request.headers.get("Cookie"));
  const sid = session.get("sid");
  if (typeof sid === "string") await db().delete(sessions).where(eq(sessions.id, sid));
  return cookieStorage().destroySession(session, { secure: secureCookies(request) });
}

/** The id of the session this request carries (valid or not), or null. */
export async function sessionIdOf(request: Request): Promise<string | null> {
  const session = await cookieStorage().getSession(request.headers.get("Cookie"));
  const sid = session.get("sid");
  return typeof sid === "string" ? sid : null;
}

/** "Log out everywhere": ends every session of the staff member; returns how many there were. */
export async function endAllSessions(staffId: string): Promise<number> {
  const removed = await db().delete(sessions).where(eq(sessions.staffId, staffId)).returning({ id: sessions.id });
  return removed.length;
}

export type SessionInfo = { id: string; createdAt: Date; lastSeenAt: Date; expiresAt: Date; current: boolean };

/** The staff member's live sessions (not expired, not idle), newest first. */
export async function listSessions(staffId: string, currentId: string | null, now = new Date()): Promise<SessionInfo[]> {
  const rows = await db()
    .select()
    .from(sessions)
    .where(and(eq(sessions.staffId, staffId), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, new Date(now.getTime() - IDLE_MS))))
    .orderBy(desc(sessions.createdAt));
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    expiresAt: r.expiresAt,
    current: r.id === currentId,
  }));
}

/** Expired and idle sessions are of no use: removed by a daily job. */
export async function purgeExpiredSessions(now = new Date()): Promise<number> {
  const removed = await db()
    .delete(sessions)
    .where(sql`${sessions.expiresAt} <= ${now} or ${sessions.lastSeenAt} <= ${new Date(now.getTime() - IDLE_MS)}`)
    .returning({ id: sessions.id });
  return removed.length;
}

/** The signed-in staff member, or null (idle and absolute timeouts enforced). */
export async function getStaffUser(request: Request): Promise<StaffUser | null> {
  const session = await cookieStorage().getSession(request.headers.get("Cookie"));
  const sid = session.get("sid");
  if (typeof sid !== "string") return null;
  const now = new Date();
  const rows = await db()
    .select({ session: sessions, person: staff })
    .from(sessions)
    .innerJoin(staff, eq(staff.id, sessions.staffId))
    .where(and(eq(sessions.id, sid), gt(sessions.expiresAt, now)))
    .limit(1);
  const row = rows[0];
  if (!row || !row.person.active) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > IDLE_MS) {
    await db().delete(sessions).where(eq(sessions.id, sid));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db().update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, sid));
  }
  const p = row.person;
  noteStaff(p.id);
  return {
    id: p.id,
    email: p.email,
    name: p.name,
    role: p.role,
    teamId: p.teamId,
    locale: p.locale,
    mustChangePassword: p.mustChangePassword,
  };
}

/** For loaders and actions of staff pages: the user, or a redirect to the login page. */
export async function requireStaff(request: Request, atLeast: StaffRole = "agent"): Promise<StaffUser> {
  const user = await getStaffUser(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (user.mustChangePassword) {
    const url = new URL(request.url);
    if (url.pathname !== CHANGE_PASSWORD_PATH)
      throw redirect(`${CHANGE_PASSWORD_PATH}?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!hasRole(staffActor(user), atLeast)) {
    // Every denial is in the audit log (who, what, from where), then the 403 page.
    await auditPermissionDenied(
      request,
      user,
      { type: "route", id: new URL(request.url).pathname },
      { required: atLeast, role: user.role },
    );
    throw new Response("Forbidden", { status: 403 });
  }
  return user;
}
