// GET /api/v1/reports/sla (API-CONTRACT.md): the contract's shape, validation (422 in
// problem+json), bearer auth, and team scope — a lead's token sees its own team, asking for
// another team is 403, agents are 403.
import { beforeAll, describe, expect, it } from "vitest";
import { customers, slaTimers, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { createStaffMember, ensureTeam } from "~/staff/staff.server";
import * as route from "~/routes/api.v1.reports.sla";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const tokens: Record<string, string> = {};
let teamA = "";

async function get(query: string, token: string | null = tokens.manager, method = "GET"): Promise<Response> {
  const headers = new Headers();
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  const request = new Request(`http://localhost/api/v1/reports/sla${query}`, { method, headers });
  return method === "GET" ? route.loader({ request, params: {}, context: {} }) : route.action({ request, params: {}, context: {} });
}

async function problem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
  const body = await res.json();
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  return body;
}

beforeAll(async () => {
  await ensureDefaultCalendar();
  const a = await ensureTeam("api-a", "민원1팀");
  const b = await ensureTeam("api-b", "민원2팀");
  teamA = a.id;
  const leadA = await createStaffMember({ email: "lead-a@api.test", name: "박서연", role: "lead", team: "api-a" });
  const kim = await createStaffMember({ email: "kim@api.test", name: "김하늘", role: "agent", team: "api-a" });
  tokens.manager = (await createApiToken({ name: "bi", role: "manager" })).token;
  tokens.leadA = (await createApiToken({ name: "lead-a", role: "lead", staffId: leadA.id })).token;
  tokens.leadNoStaff = (await createApiToken({ name: "lead-nobody", role: "lead" })).token;
  tokens.agent = (await createApiToken({ name: "cti", role: "agent" })).token;

  const [customer] = await db().insert(customers).values({ name: "홍길동" }).returning();
  let n = 0;
  const ticket = async (teamId: string, channel: "web" | "email", assigneeId: string | null) => {
    n++;
    const [row] = await db()
      .insert(tickets)
      .values({
        reference: `990301-${String(n).padStart(4, "0")}`,
        channel,
        category: "kyc",
        subject: "API 보고서 시험",
        body: "내용",
        customerId: customer.id,
        teamId,
        assigneeId,
        receivedAt: kst("2026-05-01T09:00:00"),
      })
      .returning();
    return row;
  };
  const timer = async (ticketId: string, metric: "first_reply" | "resolution", state: "met" | "breached" | "running", dueAt: Date) =>
    db()
      .insert(slaTimers)
      .values({
        ticketId,
        metric,
        state,
        startedAt: new Date(dueAt.getTime() - 3_600_000),
        dueAt,
        metAt: state === "met" ? dueAt : null,
        breachedAt: state === "breached" ? dueAt : null,
        calendarVersion: 1,
      });
  const t1 = await ticket(a.id, "email", kim.id);
  await timer(t1.id, "first_reply", "met", kst("2026-05-31T23:30:00")); // May (KST)
  await timer(t1.id, "resolution", "breached", kst("2026-06-01T00:10:00")); // June (KST)
  const t2 = await ticket(a.id, "web", null);
  await timer(t2.id, "first_reply", "met", kst("2026-05-10T18:00:00"));
  const t3 = await ticket(b.id, "web", null);
  await timer(t3.id, "first_reply", "breached", kst("2026-05-12T18:00:00"));
});

describe("GET /api/v1/reports/sla", () => {
  it("answers the contract's shape, grouped by metric", async () => {
    const res = await get("?from=2026-05-01&to=2026-05-31&groupBy=metric");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = await res.json();
    expect(body).toEqual({
      from: "2026-05-01",
      to: "2026-05-31",
      groupBy: "metric",
      team: null,
      rows: [{ key: "first_reply", met: 2, breached: 1, running: 0, complianceRate: 2 / 3 }],
    });
  });

  it("puts a deadline at 00:10 KST on June 1st in June, not May", async () => {
    const may = await (await get("?from=2026-05-01&to=2026-05-31&groupBy=metric")).json();
    expect(may.rows.find((r: { key: string }) => r.key === "resolution")).toBeUndefined();
    const june = await (await get("?from=2026-06-01&to=2026-06-30&groupBy=metric")).json();
    expect(june.rows).toEqual([{ key: "resolution", met: 0, breached: 1, running: 0, complianceRate: 0 }]);
  });

  it("groups by channel, category and assignee", async () => {
    const channel = await (await get("?from=2026-05-01&to=2026-06-30&groupBy=channel")).json();
    expect(channel.rows).toEqual([
      { key: "web", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
      { key: "email", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
    ]);
    const category = await (await get("?from=2026-05-01&to=2026-06-30&groupBy=category")).json();
    expect(category.rows).toEqual([{ key: "kyc", met: 2, breached: 2, running: 0, complianceRate: 0.5 }]);
    const assignee = await (await get("?from=2026-05-01&to=2026-06-30&groupBy=assignee")).json();
    expect(assignee.rows).toEqual([
      { key: "kim@api.test", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
      { key: "unassigned", met: 1, breached: 1, running: 0, complianceRate: 0.5 },
    ]);
  });

  it("an empty period has no rows; defaults are this month and metric", async () => {
    const empty = await (await get("?from=2025-01-01&to=2025-01-31&groupBy=channel")).json();
    expect(empty.rows).toEqual([]);
    const defaults = await get("");
    expect(defaults.status).toBe(200);
    const body = await defaults.json();
    expect(body.groupBy).toBe("metric");
    expect(body.from).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it("refuses bad input with 422 and says which field", async () => {
    const order = await problem(await get("?from=2026-05-31&to=2026-05-01&groupBy=metric"), 422);
    expect(order.errors).toEqual({ to: "The end date must be on or after the start date." });
    const groupBy = await problem(await get("?from=2026-05-01&to=2026-05-31&groupBy=weekday"), 422);
    expect(groupBy.errors.groupBy).toMatch(/channel, category, metric, assignee/);
    const badDate = await problem(await get("?from=2026-02-30&to=2026-03-01"), 422);
    expect(Object.keys(badDate.errors)).toEqual(["from"]);
    const notADate = await problem(await get("?from=yesterday&to=2026-13-01"), 422);
    expect(Object.keys(notADate.errors).sort()).toEqual(["from", "to"]);
    const huge = await problem(await get("?from=2024-01-01&to=2026-01-01"), 422);
    expect(huge.errors.to).toMatch(/366/);
    // 366 days (a leap year) is the longest period allowed.
    expect((await get("?from=2024-01-01&to=2024-12-31")).status).toBe(200);
    expect((await get("?from=2024-01-01&to=2025-01-01")).status).toBe(422);
    const unknownTeam = await problem(await get("?team=no-such-team"), 422);
    expect(unknownTeam.errors).toEqual({ team: "There is no such team." });
  });

  it("needs a valid bearer token (401) and only answers GET", async () => {
    const none = await problem(await get("", null), 401);
    expect(none.detail).toMatch(/bearer/i);
    await problem(await get("", "ssd_not-a-real-token-at-all"), 401);
    await problem(await get("", tokens.manager, "POST"), 405);
  });

  it("agents are refused (403)", async () => {
    await problem(await get("?groupBy=metric", tokens.agent), 403);
  });

  it("a lead's token sees its own team only; another team is 403", async () => {
    const own = await get("?from=2026-05-01&to=2026-05-31&groupBy=metric", tokens.leadA);
    expect(own.status).toBe(200);
    const body = await own.json();
    expect(body.team).toBe("api-a");
    expect(body.rows).toEqual([{ key: "first_reply", met: 2, breached: 0, running: 0, complianceRate: 1 }]);
    expect((await get("?from=2026-05-01&to=2026-05-31&team=api-a", tokens.leadA)).status).toBe(200);
    expect((await get(`?from=2026-05-01&to=2026-05-31&team=${teamA}`, tokens.leadA)).status).toBe(200);
    const other = await problem(await get("?from=2026-05-01&to=2026-05-31&team=api-b", tokens.leadA), 403);
    expect(other.detail).toMatch(/own team/);
    await problem(await get("?team=no-such-team", tokens.leadA), 403);
    const noTeam = await problem(await get("?groupBy=metric", tokens.leadNoStaff), 403);
    expect(noTeam.detail).toMatch(/team/);
  });

  it("a manager may narrow to one team by key", async () => {
    const res = await (await get("?from=2026-05-01&to=2026-05-31&groupBy=metric&team=api-b")).json();
    expect(res.team).toBe("api-b");
    expect(res.rows).toEqual([{ key: "first_reply", met: 0, breached: 1, running: 0, complianceRate: 0 }]);
  });
});
