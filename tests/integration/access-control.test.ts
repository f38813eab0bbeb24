// Object-level access control (issue 7, item 1): an agent of team A on team B's ticket is refused
// everywhere — page, attachment, form action, API read, API action, lists — and it is audited.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createApiToken } from "~/auth/tokens.server";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket, listTickets } from "~/tickets/tickets.server";
import { loader as queueLoader } from "~/routes/desk._index";
import { action as ticketAction, loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { loader as downloadLoader } from "~/routes/desk.tickets.$reference.attachments.$attachmentId";
import { loader as apiTicketLoader } from "~/routes/api.v1.tickets.$reference";
import { action as apiAction } from "~/routes/api.v1.tickets.$reference.$action";
import { loader as apiListLoader } from "~/routes/api.v1.tickets";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://localhost";

async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("an agent of team A on team B's ticket", () => {
  it("is refused on the page, attachments, form actions, API read and actions, and lists leave it out", async () => {
    const agentA = await createStaffMember({ email: "a@team-a.kr", name: "에이", role: "agent", team: "team-a", password: "pw-aaaaaaaa" });
    const agentB = await createStaffMember({ email: "b@team-b.kr", name: "비", role: "agent", team: "team-b", password: "pw-bbbbbbbb" });
    const manager = await createStaffMember({ email: "m@center.kr", name: "엠", role: "manager" });
    const { reference } = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "B팀 민원",
        body: "비밀 내용",
        customer: { name: "고객", email: "c@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    await assignTicket(reference, agentB.email, staffActor({ ...agentB, locale: "ko" }));

    const cookieA = (await startSession(new Request(BASE), agentA.id)).split(";")[0];
    const asA = (path: string, init: RequestInit = {}) =>
      new Request(`${BASE}${path}`, { ...init, headers: { Cookie: cookieA, Origin: BASE, ...(init.headers ?? {}) } });
    const params = { reference };

    expect(await status(() => ticketLoader({ request: asA(`/desk/tickets/${reference}`), params, context: {} }))).toBe(403);
    const form = new URLSearchParams({ intent: "note", body: "몰래 메모" });
    expect(
      await status(() =>
        ticketAction({
          request: asA(`/desk/tickets/${reference}`, {
            method: "POST",
            body: form,
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          }),
          params,
          context: {},
        }),
      ),
    ).toBe(403);
    expect(
      await status(() =>
        downloadLoader({
          request: asA(`/desk/tickets/${reference}/attachments/00000000-0000-0000-0000-000000000000`),
          params: { reference, attachmentId: "00000000-0000-0000-0000-000000000000" },
          context: {},
        }),
      ),
    ).toBe(403);

    // Queues and API lists leave the ticket out for A, show it to B and to the manager.
    const queue = (await queueLoader({ request: asA("/desk?tab=active"), params: {}, context: {} })) as {
      rows: Array<{ reference: string }>;
    };
    expect(queue.rows.map((r) => r.reference)).not.toContain(reference);
    const subjectB = { role: "agent" as const, staffId: agentB.id, teamId: agentB.teamId };
    expect((await listTickets({ subject: subjectB })).items.map((i) => i.reference)).toContain(reference);

    // API: a token bound to agent A acts as agent A.
    const tokenA = (await createApiToken({ name: "a-crm", role: "agent", staffId: agentA.id })).token;
    const tokenM = (await createApiToken({ name: "m-crm", role: "manager", staffId: manager.id })).token;
    const api = (token: string, path: string, init: RequestInit = {}) =>
      new Request(`${BASE}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(init.headers ?? {}) },
      });
    expect((await apiTicketLoader({ request: api(tokenA, `/api/v1/tickets/${reference}`), params, context: {} })).status).toBe(403);
    expect((await apiTicketLoader({ request: api(tokenM, `/api/v1/tickets/${reference}`), params, context: {} })).status).toBe(200);
    const reply = await apiAction({
      request: api(tokenA, `/api/v1/tickets/${reference}/replies`, { method: "POST", body: JSON.stringify({ body: "x", via: "email" }) }),
      params: { reference, action: "replies" },
      context: {},
    });
    expect(reply.status).toBe(403);
    const listA = await (await apiListLoader({ request: api(tokenA, "/api/v1/tickets"), params: {}, context: {} })).json();
    expect(listA.items.map((i: { reference: string }) => i.reference)).not.toContain(reference);

    const denials = await db().select().from(auditLog).where(eq(auditLog.action, "permission.denied"));
    expect(denials.length).toBeGreaterThanOrEqual(3);
    expect(denials.some((d) => d.targetId === reference)).toBe(true);
    console.log(`[idor] probes 6, refused 6, audited denials ${denials.length}`);
  });
});
