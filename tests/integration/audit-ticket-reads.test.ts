// Issue 21: a ticket read is audited once per view. Remix calls the ticket page's loader again
// after every action and on every live-update revalidation (a .data request that looks like any
// other), so the page loader records a read only when the same person has not read the same
// ticket in the last few minutes; a file download is always its own read.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { TICKET_READ_WINDOW_MINUTES, auditTicketRead } from "~/security/audit.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://desk.test";

async function signedIn(email: string) {
  const person = await createStaffMember({ email, name: "열람 직원", role: "agent", team: "complaints-1", password: "pw-123456789" });
  const cookie = (await startSession(new Request(BASE), person.id)).split(";")[0];
  return {
    person,
    actor: staffActor({ ...person, locale: "ko" }),
    get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }),
  };
}

const reads = (reference: string, staffId?: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "ticket.read"), eq(auditLog.targetId, reference), staffId ? eq(auditLog.staffId, staffId) : undefined));

describe("ticket reads on the desk page", () => {
  it("one row per person and ticket for a view, however often the loader revalidates (also in parallel)", async () => {
    const a = await signedIn("reader-a@desk.test");
    const b = await signedIn("reader-b@desk.test");
    const ticket = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "열람 기록",
        body: "본문",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      a.actor,
    );
    const page = `/desk/tickets/${ticket.reference}`;
    const load = (who: typeof a) => ticketLoader({ request: who.get(page), params: { reference: ticket.reference }, context: {} });
    // The first view, then what revalidation after actions and live updates would do: 8 more, 3 of them at once.
    for (let i = 0; i < 5; i++) await load(a);
    await Promise.all([load(a), load(a), load(a)]);
    expect(await reads(ticket.reference, a.person.id)).toHaveLength(1);
    // Someone else's read of the same ticket is their own row.
    await load(b);
    await load(b);
    expect(await reads(ticket.reference, b.person.id)).toHaveLength(1);
    // A file download from the ticket is always recorded (it names the file).
    const download = new Request(`${BASE}${page}/attachments/f-1`);
    await auditTicketRead(download, a.actor, ticket.reference, { attachmentId: "f-1" });
    await auditTicketRead(download, a.actor, ticket.reference, { attachmentId: "f-1" });
    expect((await reads(ticket.reference, a.person.id)).filter((r) => r.details.attachmentId === "f-1")).toHaveLength(2);
  });

  it("a later view (after the window) is a new row", async () => {
    const a = await signedIn("reader-c@desk.test");
    const ticket = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "다시 열람",
        body: "본문",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      a.actor,
    );
    const page = `/desk/tickets/${ticket.reference}`;
    // An earlier view, longer ago than the window (the table is append-only: written as it would have been then).
    await db().execute(
      sql`insert into audit_log (at, actor, staff_id, action, target_type, target_id, details)
          values (now() - make_interval(mins => ${TICKET_READ_WINDOW_MINUTES + 1}), 'staff:reader-c@desk.test', ${a.person.id}, 'ticket.read', 'ticket', ${ticket.reference}, ${JSON.stringify({ path: page })}::jsonb)`,
    );
    await ticketLoader({ request: a.get(page), params: { reference: ticket.reference }, context: {} });
    await ticketLoader({ request: a.get(page), params: { reference: ticket.reference }, context: {} });
    expect(await reads(ticket.reference, a.person.id)).toHaveLength(2);
  });
});
