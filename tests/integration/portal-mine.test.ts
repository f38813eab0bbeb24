// Issue 21, "나의 민원" (/track/mine): after /lookup's one-time code, every ticket filed under the
// verified contact in one list with its state and due date, each opening its track page; nothing
// without the code, and never another customer's ticket.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import type { TicketIntake } from "~/tickets/schemas";
import { createTicket } from "~/tickets/tickets.server";
import { action as lookupAction, loader as lookupLoader } from "~/routes/lookup";
import { action as mineAction, loader as mineLoader } from "~/routes/track.mine";
import { loader as mineOpenLoader } from "~/routes/track.mine_.$reference";
import { loader as trackLoader } from "~/routes/track.$reference";
import { useTestDatabase } from "../support/db";

process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

useTestDatabase();

async function call(fn: (args: any) => Promise<unknown> | unknown, request: Request, params: Record<string, string> = {}) {
  try {
    const result = await fn({ request, params, context: {} });
    if (result instanceof Response) return { status: result.status, headers: result.headers, body: undefined as any };
    const r = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } | null };
    if (r && r.type === "DataWithResponseInit")
      return { status: r.init?.status ?? 200, headers: new Headers(r.init?.headers), body: r.data as any };
    return { status: 200, headers: new Headers(), body: result as any };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, body: undefined as any };
    throw thrown;
  }
}
const form = (path: string, fields: Record<string, string>, cookie?: string) =>
  new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers: cookie ? { Cookie: cookie } : {} });
const get = (path: string, cookie?: string) => new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const cookiesOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

function intake(subject: string, email: string, phone?: string): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject,
    body: "내용입니다.",
    customer: { name: "민원인", email, phone },
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

describe("/track/mine", () => {
  it("without the code: says what it is and leads to the code flow, listing nothing", async () => {
    await createTicket(intake("남의 민원", "someone@example.com"), { kind: "customer" });
    const page = await call(mineLoader, get("/track/mine"));
    expect(page.body).toEqual({ verified: false, items: [] });
    const lookup = await call(lookupLoader, get("/lookup?next=mine"));
    expect(lookup.body.next).toBe("mine");
  });

  it("after the code: the contact's tickets in one list with state and due date, each opening its track page", async () => {
    const a = await createTicket(intake("첫 번째 민원", "Mine@Example.com", "010-7777-8888"), { kind: "customer" });
    const b = await createTicket(intake("두 번째 민원", "mine@example.com"), { kind: "customer" });
    const other = await createTicket(intake("다른 사람 민원", "other@example.com"), { kind: "customer" });

    const sent = await call(
      lookupAction,
      form("/lookup?next=mine", { intent: "request", reference: b.reference, contact: "mine@example.com" }),
    );
    expect(sent.body.step).toBe("code");
    const [ticket] = await db().select().from(tickets).where(eq(tickets.reference, b.reference));
    const [n] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, ticket.id), eq(notifications.template, "one_time_code")))
      .orderBy(desc(notifications.createdAt))
      .limit(1);
    const verified = await call(
      lookupAction,
      form("/lookup?next=mine", {
        intent: "verify",
        next: "mine",
        reference: b.reference,
        contact: "mine@example.com",
        code: String(n.payload.code),
      }),
    );
    expect(verified.status).toBe(303);
    expect(verified.headers.get("Location")).toBe("/track/mine");
    const cookie = cookiesOf(verified.headers);

    const page = await call(mineLoader, get("/track/mine", cookie));
    expect(page.body.verified).toBe(true);
    const refs = page.body.items.map((i: { reference: string }) => i.reference);
    expect(refs.sort()).toEqual([a.reference, b.reference].sort());
    expect(refs).not.toContain(other.reference);
    for (const item of page.body.items) {
      expect(item.status).toBe("new");
      expect(item.due).toMatchObject({ state: "due" });
      expect(Date.parse(item.due.dueAt)).toBeGreaterThan(Date.now());
    }

    // Each opens its track page; another customer's reference goes back to the list.
    const open = await call(mineOpenLoader, get(`/track/mine/${a.reference}`, cookie), { reference: a.reference });
    expect(open.status).toBe(303);
    expect(open.headers.get("Location")).toBe(`/track/${a.reference}`);
    // The browser replaces the access cookie with the one just set.
    const mineOnly = cookie
      .split("; ")
      .filter((c) => c.startsWith("__portal_mine="))
      .join("; ");
    const track = await call(trackLoader, get(`/track/${a.reference}`, `${mineOnly}; ${cookiesOf(open.headers)}`), {
      reference: a.reference,
    });
    expect(track.status).toBe(200);
    expect(track.body.view.subject).toBe("첫 번째 민원");
    const refused = await call(mineOpenLoader, get(`/track/mine/${other.reference}`, cookie), { reference: other.reference });
    expect(refused.headers.get("Location")).toBe("/track/mine");

    // Ending it: the list is gone.
    const ended = await call(mineAction, form("/track/mine", {}, cookie));
    const after = await call(mineLoader, get("/track/mine", cookiesOf(ended.headers)));
    expect(after.body.verified).toBe(false);
  });

  it("a code for a single ticket (no next) still opens that ticket, as before", async () => {
    const c = await createTicket(intake("하나만 조회", "single@example.com"), { kind: "customer" });
    await call(lookupAction, form("/lookup", { intent: "request", reference: c.reference, contact: "single@example.com" }));
    const [ticket] = await db().select().from(tickets).where(eq(tickets.reference, c.reference));
    const [n] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, ticket.id), eq(notifications.template, "one_time_code")))
      .limit(1);
    const verified = await call(
      lookupAction,
      form("/lookup", { intent: "verify", reference: c.reference, contact: "single@example.com", code: String(n.payload.code) }),
    );
    expect(verified.headers.get("Location")).toBe(`/track/${c.reference}`);
  });
});
