// The audit log: recordAudit masks personal numbers and never throws, the table refuses UPDATE
// and DELETE, the one-line helpers, and the administrator's viewer (filters, keyset pages, CSV).
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createApiToken } from "~/auth/tokens.server";
import { auditTicketChange, auditTicketRead, cleanDetails, listAudit, recordAudit } from "~/security/audit.server";
import { denyAccess } from "~/security/access.server";
import { safeErrorText } from "~/core/log.server";
import { createStaffMember } from "~/staff/staff.server";
import { loader as auditPageLoader } from "~/routes/admin.audit";
import { loader as exportLoader } from "~/routes/admin.audit_.export";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://desk.test";

async function asAdmin() {
  const admin = await createStaffMember({
    email: `admin-${Math.random().toString(36).slice(2, 8)}@desk.test`,
    name: "관리자",
    role: "admin",
    password: "pw-123456789",
  });
  const cookie = (await startSession(new Request(BASE), admin.id)).split(";")[0];
  return { admin, get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }) };
}

describe("recordAudit", () => {
  it("masks resident registration, card and account numbers in every detail", async () => {
    await recordAudit({
      actor: "staff:a@desk.test",
      action: "ticket.change",
      targetType: "ticket",
      targetId: "260101-0001",
      details: {
        note: "주민번호 900101-1234567, 카드 1234-5678-9012-3456",
        nested: { account: "110-123-456789" },
        list: ["9001011234567"],
      },
    });
    const [row] = await db().select().from(auditLog).where(eq(auditLog.targetId, "260101-0001"));
    const text = JSON.stringify(row.details);
    expect(text).toContain("900101-1******");
    expect(text).toContain("1234-****-****-3456");
    expect(text).toContain("110-****-6789");
    expect(text).not.toMatch(/1234567|5678-9012|123-456789/);
  });

  it("never throws into the request: NUL, lone surrogates, a bad staff id, huge details", async () => {
    await expect(
      recordAudit({
        actor: "x\u0000y",
        staffId: "not-a-uuid",
        action: "ticket.read",
        targetId: "\ud800",
        details: { big: "가".repeat(50_000), nul: "a\u0000b" },
      }),
    ).resolves.toBeUndefined();
    const [row] = await db().select().from(auditLog).where(eq(auditLog.actor, "x\\u0000y"));
    expect(row.staffId).toBeNull();
    expect(JSON.stringify(row.details).length).toBeLessThan(10_000);
    expect(cleanDetails({ when: new Date("2026-01-01T00:00:00Z"), fn: () => 1, n: Number.NaN })).toEqual({
      when: "2026-01-01T00:00:00.000Z",
      n: null,
    });
  });

  it("the table is append-only", async () => {
    await recordAudit({ actor: "system", action: "settings.change" });
    const refusal = async (statement: ReturnType<typeof sql>) => {
      try {
        await db().execute(statement);
        return "allowed";
      } catch (error) {
        return String((error as { cause?: { message?: string } }).cause?.message ?? error);
      }
    };
    expect(await refusal(sql`update audit_log set actor = 'someone else'`)).toMatch(/append-only: UPDATE refused on audit_log/);
    expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only: DELETE refused on audit_log/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only: TRUNCATE refused on audit_log/);
  });

  it("helpers: ticket read and change, token creation", async () => {
    const agent = await createStaffMember({ email: "helper@desk.test", name: "도우미", role: "agent", password: "pw-123456789" });
    const request = new Request(`${BASE}/desk/tickets/260101-0007`, { headers: { "x-desk-client-ip": "198.51.100.20" } });
    await auditTicketRead(request, { ...agent, locale: "ko" }, "260101-0007");
    await auditTicketChange(request, staffActor({ ...agent, locale: "ko" }), "260101-0007", "assign", { to: "someone" });
    const { id } = await createApiToken({ name: "erp", role: "agent" });
    const rows = await db()
      .select()
      .from(auditLog)
      .where(sql`${auditLog.targetId} in ('260101-0007', ${id})`)
      .orderBy(auditLog.id);
    expect(rows.map((r) => [r.action, r.actor, r.staffId, r.ip])).toEqual([
      ["ticket.read", "staff:helper@desk.test", agent.id, "198.51.100.20"],
      ["ticket.change", "staff:helper@desk.test", agent.id, "198.51.100.20"],
      ["token.create", "system:cli", null, null],
    ]);
    expect(rows[1].details).toMatchObject({ change: "assign", to: "someone", path: "/desk/tickets/260101-0007" });
  });

  it("logs: error texts are masked and carry no query parameters", () => {
    const error = new Error("Failed query: insert into messages (body) values ($1)\nparams: 주민번호 900101-1234567 홍길동");
    const text = safeErrorText(error);
    expect(text).toContain("params: (not logged)");
    expect(text).not.toContain("홍길동");
    expect(safeErrorText("카드 1234 5678 9012 3456")).toContain("1234-****-****-3456");
  });
});

describe("access denials", () => {
  // The access rule itself (~/tickets/access, app/security/access.server.ts) is tested with the
  // routes in tests/integration/access-control.test.ts; here: a denial is audited, then a 403.
  it("denyAccess records permission.denied and throws 403", async () => {
    const request = new Request(`${BASE}/desk/tickets/260101-0099`);
    await expect(denyAccess(request, null, { type: "ticket", id: "260101-0099" })).rejects.toMatchObject({ status: 403 });
    const [row] = await db().select().from(auditLog).where(eq(auditLog.targetId, "260101-0099"));
    expect(row).toMatchObject({
      action: "permission.denied",
      actor: "anonymous",
      targetType: "ticket",
      details: { method: "GET", path: "/desk/tickets/260101-0099" },
    });
  });
});

// The page answers data with a status (422 when a filter cannot be read): its body and status.
async function auditLoader(args: Parameters<typeof auditPageLoader>[0]) {
  const result = await auditPageLoader(args);
  return { ...result.data, status: result.init?.status ?? 200 };
}

describe("the administrator's viewer", () => {
  it("filters by person, action, target and dates, pages by keyset, and only admins see it", async () => {
    const { admin, get } = await asAdmin();
    for (let i = 0; i < 120; i++) {
      await recordAudit({
        actor: `staff:viewer${i % 3}@desk.test`,
        action: i % 2 ? "ticket.read" : "ticket.change",
        targetType: "ticket",
        targetId: `260301-${String(i).padStart(4, "0")}`,
      });
    }
    const first = await auditLoader({ request: get("/admin/audit?actor=viewer1&action=ticket.read"), params: {}, context: {} });
    expect(first.items.length).toBe(20);
    expect(first.items.every((r) => r.actor === "staff:viewer1@desk.test" && r.action === "ticket.read")).toBe(true);
    expect(first.nextSearch).toBeNull();

    const page1 = await auditLoader({ request: get("/admin/audit?targetType=ticket"), params: {}, context: {} });
    expect(page1.items).toHaveLength(50);
    const cursor = new URLSearchParams(page1.nextSearch!.slice(1)).get("cursor")!;
    const page2 = await auditLoader({ request: get(`/admin/audit?targetType=ticket&cursor=${cursor}`), params: {}, context: {} });
    expect(page2.items[0].id).toBeLessThan(page1.items[49].id);
    expect(new Set([...page1.items, ...page2.items].map((r) => r.id)).size).toBe(100);

    const one = await auditLoader({ request: get("/admin/audit?targetId=260301-0007"), params: {}, context: {} });
    expect(one.items.map((r) => r.targetId)).toEqual(["260301-0007"]);

    const today = new Date().toISOString().slice(0, 10);
    const dated = await auditLoader({ request: get(`/admin/audit?from=2000-01-01&to=2000-01-02`), params: {}, context: {} });
    expect(dated.items).toEqual([]);
    const bad = await auditLoader({ request: get(`/admin/audit?from=2026-13-45&to=${today}`), params: {}, context: {} });
    expect(bad.errors).toEqual({ from: "audit.invalidDate" });
    expect(bad.status).toBe(422);
    expect(bad.items).toEqual([]);

    // A manager is refused, and the refusal is itself in the log.
    const manager = await createStaffMember({ email: "mgr-audit@desk.test", name: "관리", role: "manager", password: "pw-123456789" });
    const managerCookie = (await startSession(new Request(BASE), manager.id)).split(";")[0];
    await expect(
      auditLoader({ request: new Request(`${BASE}/admin/audit`, { headers: { Cookie: managerCookie } }), params: {}, context: {} }),
    ).rejects.toMatchObject({ status: 403 });
    const denied = await listAudit({ action: "permission.denied", actor: "mgr-audit" });
    expect(denied.items).toHaveLength(1);
    void admin;
  });

  it("exports the same selection as CSV: UTF-8 with BOM, CRLF, formulas defused", async () => {
    const { get } = await asAdmin();
    await recordAudit({ actor: "=cmd|' /C calc'!A0", action: "login.failure", details: { email: "공격@desk.test" } });
    const res = await exportLoader({ request: get("/admin/audit/export?action=login.failure"), params: {}, context: {} });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("id,시각 (KST),at_utc,actor,staff_email,action,target_type,target_id,ip,details");
    expect(lines.filter((l) => l.includes("login.failure"))).toHaveLength(1);
    expect(text).toContain("'=cmd");
    expect(text).toContain("공격@desk.test");
  });
});
