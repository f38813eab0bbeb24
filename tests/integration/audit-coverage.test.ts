// Issue 17: the audit log that docs/SECURITY.md describes is the audit log the desk writes. The
// documented actions (the table in the "Audit log" section) are exactly AUDIT_ACTIONS, and each
// one is performed here through the real route actions and loaders (called the way Remix calls
// them, inside a request context with an id, from a known client address) and then found in
// audit_log with its actor, address and request id.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { db } from "../../db/connection";
import type { PolicyFormValues } from "~/admin/policy-form";
import { waitForRecomputations } from "~/admin/recompute.server";
import { startSession, staffActor } from "~/auth/session.server";
import { createApiToken } from "~/auth/tokens.server";
import { toDatetimeLocal } from "~/lib/time";
import { runInRequest } from "~/core/request-context.server";
import { action as calendarAction } from "~/routes/admin.calendar";
import { action as policyAction, loader as policyLoader } from "~/routes/admin.policies.$key";
import { action as tokensAction } from "~/routes/admin.tokens";
import { action as usersAction } from "~/routes/admin.users";
import * as apiActionRoute from "~/routes/api.v1.tickets.$reference.$action";
import * as apiListRoute from "~/routes/api.v1.tickets";
import { action as absencesAction } from "~/routes/desk.absences";
import { action as queueAction } from "~/routes/desk._index";
import { action as logContactAction } from "~/routes/desk.log-contact";
import { action as remoteAction } from "~/routes/desk.tickets.$reference_.remote";
import { action as passwordAction } from "~/routes/desk.password";
import { action as sessionsAction } from "~/routes/desk.sessions";
import { action as ticketAction, loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { AUDIT_ACTIONS } from "~/security/audit-actions";
import { CLIENT_IP_HEADER } from "~/security/client-ip.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";

useTestDatabase();

const BASE = "http://desk.test";
const IP = "203.0.113.7";

/** The actions docs/SECURITY.md lists: the first column of the table in its "Audit log" section. */
function documentedActions(): string[] {
  const doc = readFileSync(join(__dirname, "../../docs/SECURITY.md"), "utf8");
  const start = doc.indexOf("### Audit log");
  expect(start).toBeGreaterThan(-1);
  const end = doc.indexOf("\n### ", start + 1);
  const section = doc.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^\s*\| `([a-z.]+)` \|/gm)].map((m) => m[1]);
}

let requests = 0;
/** Runs one route call as the server runs a request: inside a request context with its own id. */
async function serve<T>(fn: () => Promise<T>): Promise<{ result: T | Response; requestId: string }> {
  const requestId = `cov-${++requests}`;
  const result = await runInRequest({ requestId }, async () => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof Response) return error; // redirects, 403s and 404s are thrown
      throw error;
    }
  });
  return { result, requestId };
}

const call = (fn: (args: any) => Promise<unknown>, request: Request, params: Record<string, string> = {}) =>
  serve(() => fn({ request, params, context: {} }));

function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  const init = (result as { init?: ResponseInit | null } | null)?.init;
  return init?.status ?? 200;
}

async function signedIn(role: "admin" | "agent", email: string) {
  const person = await createStaffMember({ email, name: `${role} 직원`, role, team: "complaints-1", password: "pw-123456789" });
  const cookie = (await startSession(new Request(BASE), person.id)).split(";")[0];
  const headers = { Cookie: cookie, [CLIENT_IP_HEADER]: IP };
  return {
    person,
    actor: staffActor({ ...person, locale: "ko" }),
    get: (path: string) => new Request(`${BASE}${path}`, { headers }),
    post: (path: string, fields: Record<string, string> | FormData) =>
      new Request(`${BASE}${path}`, { method: "POST", body: fields instanceof FormData ? fields : new URLSearchParams(fields), headers }),
  };
}

const anonymousPost = (path: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { [CLIENT_IP_HEADER]: IP } });

function apiPost(path: string, token: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", [CLIENT_IP_HEADER]: IP, ...headers },
  });
}

function toForm(values: PolicyFormValues, changes: Record<string, string>): FormData {
  const form = new FormData();
  form.append("intent", "save");
  for (const [name, list] of Object.entries({ ...values, ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, [v]])) })) {
    for (const v of list) form.append(name, v);
  }
  return form;
}

async function rowsOf(requestId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(sql`${auditLog.details}->>'requestId' = ${requestId}`)
    .orderBy(asc(auditLog.id));
}

describe("the documented audit actions", () => {
  it("docs/SECURITY.md lists exactly the actions the code may write, each once", () => {
    const documented = documentedActions();
    expect(documented.length).toBe(new Set(documented).size);
    expect([...documented].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it("every documented action is written by the real routes, with actor, address and request id", async () => {
    const admin = await signedIn("admin", "cov-admin@desk.test");
    const agent = await signedIn("agent", "cov-agent@desk.test");
    const seen = new Map<string, string[]>(); // action → request ids that wrote it
    const expectWrote = async (requestId: string, action: string, check?: (row: typeof auditLog.$inferSelect) => void) => {
      const rows = (await rowsOf(requestId)).filter((r) => r.action === action);
      expect(rows, `${action} for ${requestId}`).toHaveLength(1);
      expect(rows[0].ip).toBe(IP);
      check?.(rows[0]);
      seen.set(action, [...(seen.get(action) ?? []), requestId]);
    };

    // Logins: a wrong password, then the right one.
    let r = await call(loginAction, anonymousPost("/login", { email: "cov-agent@desk.test", password: "wrong-password-1" }));
    expect(statusOf(r.result)).toBe(401);
    await expectWrote(r.requestId, "login.failure", (row) =>
      expect(row.details).toMatchObject({ email: "cov-agent@desk.test", reason: "invalid" }),
    );
    r = await call(loginAction, anonymousPost("/login", { email: "cov-agent@desk.test", password: "pw-123456789" }));
    expect(statusOf(r.result)).toBe(302);
    await expectWrote(r.requestId, "login.success", (row) => expect(row.staffId).toBe(agent.person.id));

    // A ticket read on its page, and a change through the page's action.
    const ticket = await createTicket(intake(), agent.actor);
    const page = `/desk/tickets/${ticket.reference}`;
    r = await call(ticketLoader, agent.get(page), { reference: ticket.reference });
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "ticket.read", (row) => expect(row.targetId).toBe(ticket.reference));
    r = await call(ticketAction, agent.post(page, { intent: "note", body: "내부 확인 필요" }), { reference: ticket.reference });
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "ticket.change", (row) => {
      expect(row).toMatchObject({
        actor: "staff:cov-agent@desk.test",
        staffId: agent.person.id,
        targetType: "ticket",
        targetId: ticket.reference,
      });
      expect(row.details).toMatchObject({ change: "note", path: page });
    });

    // Refused: an agent on an administrator's page.
    r = await call(
      usersAction,
      agent.post("/admin/users", { intent: "create", name: "x", email: "x@desk.test", role: "agent", teamId: "" }),
    );
    expect(statusOf(r.result)).toBe(403);
    await expectWrote(r.requestId, "permission.denied", (row) => expect(row.staffId).toBe(agent.person.id));

    // Accounts.
    r = await call(
      usersAction,
      admin.post("/admin/users", { intent: "create", name: "새 직원", email: "cov-new@desk.test", role: "agent", teamId: "" }),
    );
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "staff.create");
    const [created] = await rowsOf(r.requestId);
    const newId = created.targetId!;
    r = await call(usersAction, admin.post("/admin/users", { intent: "update", id: newId, role: "lead", teamId: "", active: "true" }));
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "staff.change", (row) => expect(row.details).toMatchObject({ role: { from: "agent", to: "lead" } }));
    r = await call(usersAction, admin.post("/admin/users", { intent: "reset", id: newId }));
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "password.reset", (row) => expect(row.targetId).toBe(newId));

    // Tokens.
    r = await call(tokensAction, admin.post("/admin/tokens", { intent: "create", name: "crm", role: "agent", expires: "" }));
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "token.create", (row) => expect(row.actor).toBe("staff:cov-admin@desk.test"));
    const [made] = await rowsOf(r.requestId);
    r = await call(tokensAction, admin.post("/admin/tokens", { intent: "revoke", id: made.targetId! }));
    expect(statusOf(r.result)).toBe(200);
    await expectWrote(r.requestId, "token.revoke", (row) => expect(row.targetId).toBe(made.targetId));

    // Settings: the working calendar, a policy and an absence.
    r = await call(
      calendarAction,
      admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2027-03-15", name: "전산 점검" }),
    );
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "settings.change", (row) => {
      expect(row).toMatchObject({ targetType: "settings", targetId: "calendar" });
      expect(row.details).toMatchObject({ change: "calendar.add", kind: "closure", date: "2027-03-15", name: "전산 점검" });
    });
    await waitForRecomputations();
    const policyPage = (await policyLoader({ request: admin.get("/admin/policies/charter"), params: { key: "charter" }, context: {} })) as {
      values: PolicyFormValues;
    };
    r = await call(policyAction, admin.post("/admin/policies/charter", toForm(policyPage.values, { name: "서비스 이행표준 (개정)" })), {
      key: "charter",
    });
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "settings.change", (row) => {
      expect(row).toMatchObject({ targetType: "settings", targetId: "policy:charter" });
      expect(row.details).toMatchObject({ change: "policy.saved", version: expect.any(Number) });
    });
    const deputy = await createStaffMember({
      email: "cov-deputy@desk.test",
      name: "대리 직원",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    r = await call(
      absencesAction,
      agent.post("/desk/absences", {
        staffId: agent.person.id,
        deputyId: deputy.id,
        kind: "training",
        startsAt: toDatetimeLocal(Date.now() + 86_400_000),
        endsAt: toDatetimeLocal(Date.now() + 2 * 86_400_000),
      }),
    );
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "settings.change", (row) =>
      expect(row.details).toMatchObject({ change: "absence.recorded", deputyId: deputy.id }),
    );

    // The staff member's own account: password, sessions, logout.
    r = await call(
      passwordAction,
      agent.post("/desk/password", { current: "pw-123456789", next: "새-비밀번호-2027-봄", confirm: "새-비밀번호-2027-봄" }),
    );
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "password.change", (row) => expect(row.targetId).toBe(agent.person.id));
    r = await call(sessionsAction, agent.post("/desk/sessions", {}));
    expect(statusOf(r.result)).toBe(303);
    await expectWrote(r.requestId, "logout.everywhere", (row) => expect(row.staffId).toBe(agent.person.id));
    r = await call(logoutAction, admin.post("/logout", {}));
    expect(statusOf(r.result)).toBe(302);
    await expectWrote(r.requestId, "logout", (row) => expect(row.staffId).toBe(admin.person.id));

    // Every documented action was found.
    expect([...seen.keys()].sort()).toEqual([...documentedActions()].sort());
  });
});

describe("ticket.change on every surface that changes a ticket", () => {
  it("the ticket page: one row per change that succeeded, none for a refused or invalid one", async () => {
    const agent = await signedIn("agent", "page@desk.test");
    const ticket = await createTicket(intake(), agent.actor);
    const page = `/desk/tickets/${ticket.reference}`;
    const ok = await call(ticketAction, agent.post(page, { intent: "pause", reason: "고객 서류 대기" }), { reference: ticket.reference });
    expect(statusOf(ok.result)).toBe(303);
    expect((await rowsOf(ok.requestId)).map((row) => [row.action, row.details.change])).toEqual([["ticket.change", "pause"]]);

    const invalid = await call(ticketAction, agent.post(page, { intent: "reply", body: "  ", via: "email" }), {
      reference: ticket.reference,
    });
    expect(statusOf(invalid.result)).toBe(422);
    const refused = await call(ticketAction, agent.post(page, { intent: "reopen", reason: "다시" }), { reference: ticket.reference });
    expect(statusOf(refused.result)).toBeGreaterThanOrEqual(400);
    expect(await rowsOf(invalid.requestId)).toEqual([]);
    expect(await rowsOf(refused.requestId)).toEqual([]);
  });

  it("a contact logged by staff and a remote-support request on the ticket's own page", async () => {
    const agent = await signedIn("agent", "contact@desk.test");
    const form = new FormData();
    const fields = {
      channel: "fax",
      receivedAt: toDatetimeLocal(Date.now() - 2 * 3600_000),
      name: "박영수",
      email: "",
      phone: "02-123-4567",
      preferredContact: "",
      category: "general",
      subject: "자격증 재발급 (팩스)",
      body: "재발급 절차를 알려 달라는 팩스.",
      requestedReplyBy: "",
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const logged = await call(logContactAction, agent.post("/desk/log-contact", form));
    expect(statusOf(logged.result)).toBe(303);
    const [row] = await rowsOf(logged.requestId);
    expect(row).toMatchObject({ action: "ticket.change", actor: "staff:contact@desk.test", ip: IP, details: { change: "create" } });
    const reference = row.targetId!;
    expect((logged.result as Response).headers.get("Location")).toContain(reference);

    const remote = await call(
      remoteAction,
      agent.post(`/desk/tickets/${reference}/remote`, { intent: "request", problem: "프로그램 설치 오류" }),
      { reference },
    );
    expect(statusOf(remote.result)).toBe(303);
    expect((await rowsOf(remote.requestId)).map((r) => [r.action, r.targetId, r.details.change])).toEqual([
      ["ticket.change", reference, "remote.request"],
    ]);
  });

  it("the queue's bulk action: one row per ticket changed", async () => {
    const agent = await signedIn("agent", "bulk@desk.test");
    const a = await createTicket(intake(), agent.actor);
    const b = await createTicket(intake(), agent.actor);
    const form = new FormData();
    form.append("action", "assign");
    form.append("assignee", agent.person.id);
    form.append("tickets", a.reference);
    form.append("tickets", b.reference);
    const r = await call(queueAction, agent.post("/desk", form));
    expect(statusOf(r.result)).toBe(200);
    const rows = await rowsOf(r.requestId);
    expect(rows.map((row) => [row.action, row.targetId, row.details.change, row.details.bulk]).sort()).toEqual(
      [
        ["ticket.change", a.reference, "assign", true],
        ["ticket.change", b.reference, "assign", true],
      ].sort(),
    );
  });

  it("the API: filing and an action write one row each, by the token; a replayed answer writes none", async () => {
    const { token } = await createApiToken({ name: "cti", role: "manager" });
    const filed = await serve(() =>
      apiListRoute.action({ request: apiPost("/api/v1/tickets", token, intake({ channel: "phone" })), params: {}, context: {} }),
    );
    expect(statusOf(filed.result)).toBe(201);
    const [createdRow] = await rowsOf(filed.requestId);
    expect(createdRow).toMatchObject({ action: "ticket.change", actor: "token:cti", ip: IP, details: { change: "create" } });
    const reference = createdRow.targetId!;

    const path = `/api/v1/tickets/${reference}/pause`;
    const body = { reason: "고객 서류 대기" };
    const first = await serve(() =>
      apiActionRoute.action({
        request: apiPost(path, token, body, { "Idempotency-Key": "k-1" }),
        params: { reference, action: "pause" },
        context: {},
      }),
    );
    expect(statusOf(first.result)).toBe(200);
    expect((await rowsOf(first.requestId)).map((row) => [row.action, row.actor, row.targetId, row.ip, row.details.change])).toEqual([
      ["ticket.change", "token:cti", reference, IP, "pause"],
    ]);
    const replay = await serve(() =>
      apiActionRoute.action({
        request: apiPost(path, token, body, { "Idempotency-Key": "k-1" }),
        params: { reference, action: "pause" },
        context: {},
      }),
    );
    expect(statusOf(replay.result)).toBe(200);
    expect(await rowsOf(replay.requestId)).toEqual([]);
    const all = await db().select().from(auditLog).where(eq(auditLog.targetId, reference));
    expect(
      all
        .filter((row) => row.action === "ticket.change")
        .map((row) => row.details.change)
        .sort(),
    ).toEqual(["create", "pause"]);
  });
});
