// The same customer's other tickets, beside the ticket being worked: what else they asked and
// when, so staff answer with the whole story. Only tickets this staff member may see are listed
// or counted (the access rule of ~/security/access.server as SQL), so nothing hidden leaks.
import { and, count, desc, ne, sql } from "drizzle-orm";
import { tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { ticketVisibility, type AccessSubject } from "~/security/access.server";

/** How many of the other tickets are listed; the rest are counted. */
export const OTHER_TICKETS_SHOWN = 5;

export type OtherTicket = {
  reference: string;
  subject: string;
  status: (typeof tickets.$inferSelect)["status"];
  channel: (typeof tickets.$inferSelect)["channel"];
  receivedAt: string;
  /** A contact logged and settled on the spot (e.g. a phone call answered at once). */
  resolvedOnContact: boolean;
};

export type CustomerTickets = { items: OtherTicket[]; more: number };

/** The customer's other tickets visible to `subject`, newest first, at most `limit`, and how many more. */
export async function customerOtherTickets(
  ticketId: string,
  subject: AccessSubject | null,
  limit = OTHER_TICKETS_SHOWN,
): Promise<CustomerTickets> {
  const sameCustomer = sql`${tickets.customerId} = (select t.customer_id from tickets t where t.id = ${ticketId})`;
  const where = and(sameCustomer, ne(tickets.id, ticketId), ticketVisibility(subject));
  const [rows, [total]] = await Promise.all([
    executor()
      .select({
        reference: tickets.reference,
        subject: tickets.subject,
        status: tickets.status,
        channel: tickets.channel,
        receivedAt: tickets.receivedAt,
        resolvedOnContact: tickets.resolvedOnContact,
      })
      .from(tickets)
      .where(where)
      .orderBy(desc(tickets.receivedAt), desc(tickets.id))
      .limit(limit),
    executor().select({ n: count() }).from(tickets).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
    more: Math.max(0, Number(total?.n ?? 0) - rows.length),
  };
}
