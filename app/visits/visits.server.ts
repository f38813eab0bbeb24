// Visit assistance (몸이 불편하신 고객, charter: "방문 10분 전에 연락주시면 불편함이 없도록"): a customer
// — on the public page, or through staff who took the call — announces a visit with the help they
// need. It is a `visit` ticket with its appointment row; in the same transaction reception
// (VISIT_RECEPTION) and the staff member visited (their deputy while away) are alerted, and the
// customer gets a confirmation with the time and the help in words. Staff record afterwards
// whether the visitor came and how it went. Every step is an event in the ticket's history.
import { and, asc, desc, eq, gte, isNotNull, isNull, sql } from "drizzle-orm";
import { staff, teams, tickets, visitAppointments, type VisitHelp, type VisitOutcome } from "~/db/schema";
import { executor, inTransaction, type Transaction } from "~/db/connection";
import { env, setting } from "~/config/env.server";
import { translate } from "~/i18n/i18n";
import { queueCustomerNotification, queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { deputyFor } from "~/staff/absence.server";
import { hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { addOutbound, createTicket, findStaff, mutateAs } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { formatInstant } from "~/emails/_shared/format";
import { helpWords } from "~/emails/_shared/visit";

export type VisitAnnouncement = {
  visitAt: Date;
  help: VisitHelp[];
  helpOther?: string;
  name: string;
  email?: string;
  phone?: string;
  /** A staff member chosen on the desk's form. */
  staffId?: string;
  /** Free text: a department (desk) or whom the customer wants to see (public page). */
  visiting?: string;
  channel: TicketIntake["channel"];
  locale?: "ko" | "en";
  privacyConsent?: { version: string };
};

export type AnnouncedVisit = { reference: string; trackingUrl: string; visitAt: string; confirmation: "email" | "sms" | null };

/** Who reception is (VISIT_RECEPTION): an address, or staff ids (a team's members; else the managers). */
async function receptionRecipients(tx: Transaction): Promise<{ to?: string; staffIds: string[] }> {
  const value = setting("VISIT_RECEPTION");
  if (value && !value.startsWith("team:")) return { to: value, staffIds: [] };
  if (value) {
    const members = await tx
      .select({ id: staff.id })
      .from(staff)
      .innerJoin(teams, eq(teams.id, staff.teamId))
      .where(and(eq(teams.key, value.slice("team:".length)), eq(staff.active, true)));
    if (members.length) return { staffIds: members.map((m) => m.id) };
  }
  const managers = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(and(eq(staff.role, "manager"), eq(staff.active, true)));
  return { staffIds: managers.map((m) => m.id) };
}

/** The public page names whom to visit in words: the one active staff member of exactly that name, if any. */
async function staffNamed(tx: Transaction, name: string | undefined) {
  if (!name) return null;
  const rows = await tx
    .select()
    .from(staff)
    .where(and(eq(staff.active, true), eq(staff.name, name.trim())))
    .limit(2);
  return rows.length === 1 ? rows[0] : null;
}

export async function announceVisit(input: VisitAnnouncement, actor: Actor): Promise<AnnouncedVisit> {
  if (input.help.length === 0) throw new DeskError(422, "error.visit.help", { help: "error.visit.help" });
  if (!input.email && !input.phone) throw new DeskError(422, "error.visit.contact", { phone: "error.visit.contact" });
  if (input.visitAt.getTime() <= Date.now()) throw new DeskError(422, "error.visit.past", { visitAt: "error.visit.past" });
  return inTransaction(async (tx) => {
    const chosen = input.staffId ? await findStaff(tx, input.staffId) : null;
    if (input.staffId && !chosen) throw new DeskError(422, "error.unknownStaff", { staffId: "error.unknownStaff" });
    const visited = chosen ?? (input.staffId ? null : await staffNamed(tx, input.visiting));
    const at = input.visitAt.toISOString();
    const helpKo = helpWords(input.help, input.helpOther, "ko");
    const visiting =
      [visited?.name, input.visiting && input.visiting !== visited?.name ? input.visiting : undefined].filter(Boolean).join(" · ") ||
      undefined;
    const created = await createTicket(
      {
        channel: input.channel,
        kind: "visit",
        category: "general",
        subject: translate("ko", "visit.ticketSubject", { date: formatInstant(at, "ko") }),
        body: translate("ko", "visit.ticketBody", { date: formatInstant(at, "ko"), help: helpKo, visiting: visiting ?? "-" }),
        customer: { name: input.name, email: input.email, phone: input.phone, preferredContact: input.email ? "email" : "sms" },
        callbackRequested: false,
        resolvedOnContact: false,
        ...(input.privacyConsent ? { privacyConsent: input.privacyConsent } : {}),
      } as TicketIntake,
      actor,
      // The visit's own confirmation (below) carries the tracking link: no second receipt.
      { locale: input.locale, acknowledgedOnChannel: true },
    );
    await tx.insert(visitAppointments).values({
      ticketId: created.id,
      visitAt: input.visitAt,
      help: input.help,
      helpOther: input.help.includes("other") ? (input.helpOther ?? null) : null,
      staffId: visited?.id ?? null,
      department: input.visiting ?? null,
    });
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, created.id)).limit(1);

    // Reception and the person visited hear at once; someone away is replaced by their deputy.
    const redirect = visited ? await deputyFor(tx, visited) : null;
    const visitedNow = redirect?.deputy ?? visited;
    const reception = await receptionRecipients(tx);
    const notice = {
      reference: ticket.reference,
      at,
      help: input.help,
      visitorName: input.name,
      ...(input.helpOther ? { helpOther: input.helpOther } : {}),
      ...(visiting ? { visiting } : {}),
    };
    const requests: NotificationRequest[] = [];
    if (reception.to)
      requests.push({
        dedupeKey: `visit:${ticket.id}:reception`,
        ticketId: ticket.id,
        audience: "staff",
        to: reception.to,
        channel: "email",
        template: "visit_notice",
        payload: notice,
      });
    for (const id of new Set([...reception.staffIds, ...(visitedNow ? [visitedNow.id] : [])])) {
      requests.push({
        dedupeKey: `visit:${ticket.id}:${id}`,
        ticketId: ticket.id,
        audience: "staff",
        recipientStaffId: id,
        template: "visit_notice",
        payload: { ...notice, ...(redirect && id === visitedNow?.id ? { deputy: true } : {}) },
      });
    }
    await queueNotifications(tx, requests);

    const e = env();
    const route = await queueCustomerNotification(
      tx,
      ticket.id,
      "visit_confirmation",
      {
        reference: ticket.reference,
        trackingUrl: created.trackingUrl,
        subject: ticket.subject,
        at,
        help: input.help,
        ...(input.helpOther ? { helpOther: input.helpOther } : {}),
        ...(visiting ? { visiting } : {}),
        ...(e.DESK_PHONE ? { deskPhone: e.DESK_PHONE } : {}),
      },
      `visit-confirmation:${ticket.id}`,
      { locale: input.locale },
    );
    const confirmation = route.status === "queued" ? (route.channel === "sms" ? "sms" : "email") : null;
    await addOutbound(
      tx,
      ticket,
      "visit_confirmation",
      confirmation ?? "email",
      translate("ko", "visit.confirmationText", { date: formatInstant(at, "ko"), help: helpKo }),
      actor,
    );
    await appendEvent(tx, ticket.id, "visit.announced", actor, {
      visitAt: at,
      help: input.help,
      helpOther: input.helpOther ?? null,
      visitedStaffId: visited?.id ?? null,
      alertedStaffId: visitedNow?.id ?? null,
      deputy: Boolean(redirect),
      visiting: input.visiting ?? null,
      reception: reception.to ? "address" : "staff",
      receptionAlerts: requests.length,
      confirmation,
    });
    return { reference: ticket.reference, trackingUrl: created.trackingUrl, visitAt: at, confirmation };
  });
}

/** After the visit: whether they came, whether the help was given, and notes. Once; the ticket is then resolved. */
export async function recordVisit(reference: string, input: { outcome: VisitOutcome; helpGiven: boolean; note?: string }, actor: Actor) {
  if (!hasRole(actor, "agent")) throw forbidden();
  if (input.outcome === "no_show" && !input.note) throw new DeskError(422, "error.visit.noShowNote", { note: "error.visit.noShowNote" });
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.kind !== "visit") throw new DeskError(409, "error.visit.notVisit");
    const [row] = await tx.select().from(visitAppointments).where(eq(visitAppointments.ticketId, ticket.id)).for("update");
    if (!row) throw new DeskError(409, "error.visit.notVisit");
    if (row.outcome) throw new DeskError(409, "error.visit.alreadyRecorded");
    const now = new Date();
    const helpGiven = input.outcome === "arrived" ? input.helpGiven : null;
    const staffId = "staffId" in actor ? (actor.staffId ?? null) : null;
    await tx
      .update(visitAppointments)
      .set({ outcome: input.outcome, helpGiven, outcomeNote: input.note ?? null, outcomeAt: now, outcomeById: staffId })
      .where(eq(visitAppointments.ticketId, ticket.id));
    await appendEvent(tx, ticket.id, "visit.recorded", actor, { outcome: input.outcome, helpGiven, note: input.note ?? null }, now);
    // A visit ticket carries no clocks (intakeTimerPlan): recording it is its resolution.
    if (ticket.status === "new" || ticket.status === "open" || ticket.status === "waiting") {
      await tx.update(tickets).set({ status: "resolved", resolvedAt: now, updatedAt: now }).where(eq(tickets.id, ticket.id));
      await appendEvent(tx, ticket.id, "ticket.resolved", actor, { visit: input.outcome }, now);
    }
  });
}

export type VisitListItem = {
  reference: string;
  visitAt: string;
  help: VisitHelp[];
  helpOther: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  staffName: string | null;
  department: string | null;
  outcome: VisitOutcome | null;
  helpGiven: boolean | null;
  outcomeNote: string | null;
};

/** Visits not yet recorded (upcoming or past due, soonest first), and those recorded in the last 14 days. */
export async function listVisits(now: Date = new Date()) {
  const ex = executor();
  const base = () =>
    ex
      .select({
        reference: tickets.reference,
        visitAt: visitAppointments.visitAt,
        help: visitAppointments.help,
        helpOther: visitAppointments.helpOther,
        name: sql<string>`(select c.name from customers c where c.id = ${tickets.customerId})`,
        phone: sql<string | null>`(select c.phone from customers c where c.id = ${tickets.customerId})`,
        email: sql<string | null>`(select c.email from customers c where c.id = ${tickets.customerId})`,
        staffName: staff.name,
        department: visitAppointments.department,
        outcome: visitAppointments.outcome,
        helpGiven: visitAppointments.helpGiven,
        outcomeNote: visitAppointments.outcomeNote,
      })
      .from(visitAppointments)
      .innerJoin(tickets, eq(tickets.id, visitAppointments.ticketId))
      .leftJoin(staff, eq(staff.id, visitAppointments.staffId));
  const [open, recorded] = await Promise.all([
    base().where(isNull(visitAppointments.outcome)).orderBy(asc(visitAppointments.visitAt), asc(tickets.reference)).limit(500),
    base()
      .where(and(isNotNull(visitAppointments.outcome), gte(visitAppointments.outcomeAt, new Date(now.getTime() - 14 * 24 * 3600 * 1000))))
      .orderBy(desc(visitAppointments.outcomeAt))
      .limit(200),
  ]);
  const shape = (r: (typeof open)[number]): VisitListItem => ({ ...r, visitAt: r.visitAt.toISOString() });
  return { open: open.map(shape), recorded: recorded.map(shape) };
}

/**
 * Visits in a period by what happened (compliance review, dashboard): announced, came, help given,
 * did not come; only the visits whose ticket belongs to `teamId` when given (the dashboard's team).
 */
export async function visitCounts(from: Date, until: Date, teamId?: string) {
  const [row] = await executor()
    .select({
      announced: sql<number>`count(*)`.mapWith(Number),
      arrived: sql<number>`count(*) filter (where ${visitAppointments.outcome} = 'arrived')`.mapWith(Number),
      helpGiven: sql<number>`count(*) filter (where ${visitAppointments.helpGiven})`.mapWith(Number),
      noShow: sql<number>`count(*) filter (where ${visitAppointments.outcome} = 'no_show')`.mapWith(Number),
    })
    .from(visitAppointments)
    .where(
      and(
        gte(visitAppointments.visitAt, from),
        sql`${visitAppointments.visitAt} < ${until.toISOString()}::timestamptz`,
        teamId
          ? sql`exists (select 1 from ${tickets} where ${tickets.id} = ${visitAppointments.ticketId} and ${tickets.teamId} = ${teamId}::uuid)`
          : undefined,
      ),
    );
  return row ?? { announced: 0, arrived: 0, helpGiven: 0, noShow: 0 };
}
