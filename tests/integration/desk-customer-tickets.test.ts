// The customer's other tickets beside a ticket (issue 20): newest first, limited with a count of
// the rest, and only tickets the staff member may see are listed or counted.
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { teams, tickets } from "../../db/schema";
import { executor } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { customerOtherTickets, OTHER_TICKETS_SHOWN } from "~/desk/customer-tickets.server";
import { accessSubject, canSeeTicket } from "~/security/access.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import { loader as ticketLoader } from "~/routes/desk.tickets.$reference";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://localhost";
const DAY = 24 * 3600 * 1000;

async function fileTicket(email: string, name: string, subject: string, receivedAt: Date) {
  const { reference } = await createTicket(
    {
      channel: "web",
      category: "general",
      subject,
      body: "본문",
      customer: { name, email },
      receivedAt,
      callbackRequested: false,
      resolvedOnContact: false,
    },
    { kind: "customer" },
  );
  const [row] = await executor().select().from(tickets).where(eq(tickets.reference, reference));
  return row!;
}

describe("the customer's other tickets", () => {
  it("lists only what the staff member may see, newest first, and counts only those", async () => {
    const agentA = await createStaffMember({ email: "a@team-a.kr", name: "에이", role: "agent", team: "team-a", password: "pw-aaaaaaaa" });
    const leadB = await createStaffMember({ email: "lb@team-b.kr", name: "비팀장", role: "lead", team: "team-b", password: "pw-bbbbbbbb" });
    const manager = await createStaffMember({ email: "m@center.kr", name: "엠", role: "manager" });
    const [teamA] = await executor().select().from(teams).where(eq(teams.id, agentA.teamId!));
    const teamBId = leadB.teamId!;

    const start = Date.parse("2026-03-02T01:00:00Z");
    const mine = [];
    // Twelve tickets of one customer, spread over team A, team B and no team, in shuffled time order.
    const order = [7, 2, 11, 0, 5, 9, 3, 10, 1, 8, 4, 6];
    for (const [i, k] of order.entries()) {
      const row = await fileTicket("same@example.com", "홍길동", `문의 ${i}`, new Date(start + k * DAY));
      const teamId = i % 3 === 0 ? teamA!.id : i % 3 === 1 ? teamBId : null;
      await executor().update(tickets).set({ teamId }).where(eq(tickets.id, row.id));
      mine.push({ ...row, teamId });
    }
    // Another customer's ticket never shows.
    const stranger = await fileTicket("other@example.com", "김철수", "남의 문의", new Date(start + 20 * DAY));

    const current = mine[0]!;
    for (const who of [agentA, leadB, manager]) {
      const subject = accessSubject({ ...who, locale: "ko" } as never);
      const visibleOthers = mine
        .filter((t) => t.id !== current.id && canSeeTicket(subject, { teamId: t.teamId, assigneeId: t.assigneeId }))
        .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
      const got = await customerOtherTickets(current.id, subject);
      expect(got.items.map((t) => t.reference)).toEqual(visibleOthers.slice(0, OTHER_TICKETS_SHOWN).map((t) => t.reference));
      expect(got.items.length + got.more).toBe(visibleOthers.length);
      expect(got.items.some((t) => t.reference === current.reference || t.reference === stranger.reference)).toBe(false);
    }
    // The manager sees all eleven others: five listed, six counted.
    const all = await customerOtherTickets(current.id, accessSubject({ ...manager, locale: "ko" } as never));
    expect(all.items).toHaveLength(OTHER_TICKETS_SHOWN);
    expect(all.more).toBe(11 - OTHER_TICKETS_SHOWN);
    // Agent A never sees team B's tickets listed.
    const forA = await customerOtherTickets(current.id, accessSubject({ ...agentA, locale: "ko" } as never));
    const listedRows = await executor()
      .select()
      .from(tickets)
      .where(
        inArray(
          tickets.reference,
          forA.items.map((t) => t.reference),
        ),
      );
    expect(listedRows.every((t) => t.teamId !== teamBId)).toBe(true);
    expect(forA.items.length + forA.more).toBe(7);

    // The page's loader hands the panel its list, for the signed-in staff member.
    const cookie = (await startSession(new Request(BASE), manager.id)).split(";")[0]!;
    const data = (await ticketLoader({
      request: new Request(`${BASE}/desk/tickets/${current.reference}`, { headers: { Cookie: cookie } }),
      params: { reference: current.reference },
      context: {},
    })) as {
      customerTickets: { items: Array<{ reference: string; receivedAt: string }>; more: number };
    };
    expect(data.customerTickets.items.map((t) => t.reference)).toEqual(all.items.map((t) => t.reference));
    const times = data.customerTickets.items.map((t) => Date.parse(t.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("says so when the customer has no other ticket", async () => {
    const manager = await createStaffMember({ email: "m2@center.kr", name: "엠투", role: "manager" });
    const only = await fileTicket("alone@example.com", "이영희", "하나뿐", new Date("2026-03-03T01:00:00Z"));
    expect(await customerOtherTickets(only.id, accessSubject({ ...manager, locale: "ko" } as never))).toEqual({ items: [], more: 0 });
  });
});
