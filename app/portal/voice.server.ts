// Customers' voice beyond inquiries (SERVICE-STANDARDS §5): suggestions (고객 의견) that staff
// adopt as excellent and mark for a reward (포상), and unkindness reports (불친절) that name a
// staff member, carry the immediate `apology` clock and count toward the training flag (3 or
// more reports in 12 months). Every change is one transaction with its history event.
import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { staff, staffPraises, teams, tickets, unkindnessReports } from "~/db/schema";
import { executor, inTransaction, type Transaction } from "~/db/connection";
import { latestTimer, liveTimer, meetMetrics, startMetric } from "~/sla/timers.server";
import { canAccessTicket } from "~/core/access";
import { actorLabel, hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, invalidTransition, notFound } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { findStaff } from "~/tickets/tickets.server";

/** Reports within this many months count toward the training flag. */
export const TRAINING_WINDOW_MONTHS = 12;
export const TRAINING_THRESHOLD = 3;

/** Locks the ticket; staff work only tickets they may see (complaints are confidential, §5). */
async function lockTicket(tx: Transaction, reference: string, actor: Actor) {
  if (!REFERENCE_PATTERN.test(reference)) throw notFound();
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.reference, reference)).for("update");
  if (!ticket) throw notFound();
  if (!canAccessTicket(actor, ticket)) throw forbidden();
  return ticket;
}

function requireStaffActor(actor: Actor, role: "agent" | "lead" | "manager" = "agent") {
  if (!hasRole(actor, role)) throw forbidden();
}

/** A suggestion adopted as excellent (우수 제안 채택). Leads and above. */
export async function markSuggestionAdopted(reference: string, actor: Actor) {
  requireStaffActor(actor, "lead");
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference, actor);
    if (ticket.kind !== "suggestion" || ticket.suggestionAdoptedAt) throw invalidTransition();
    const now = new Date();
    const [updated] = await tx
      .update(tickets)
      .set({ suggestionAdoptedAt: now, updatedAt: now })
      .where(eq(tickets.id, ticket.id))
      .returning();
    await appendEvent(tx, ticket.id, "suggestion.adopted", actor, {}, now);
    return updated;
  });
}

/** An adopted suggestion marked for a reward (포상). Managers and above. */
export async function markSuggestionRewarded(reference: string, actor: Actor) {
  requireStaffActor(actor, "manager");
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference, actor);
    if (ticket.kind !== "suggestion" || !ticket.suggestionAdoptedAt || ticket.suggestionRewardedAt) throw invalidTransition();
    const now = new Date();
    const [updated] = await tx
      .update(tickets)
      .set({ suggestionRewardedAt: now, updatedAt: now })
      .where(eq(tickets.id, ticket.id))
      .returning();
    await appendEvent(tx, ticket.id, "suggestion.rewarded", actor, {}, now);
    return updated;
  });
}

/**
 * Names the staff member an unkindness report is about. A customer's report (an `unkindness`
 * ticket) carries its apology clock from arrival: naming the person is attribution, its own step
 * and event, and moves no clock. A manager's report on another ticket arrives now: its apology
 * clock starts here. One report per ticket.
 */
export async function recordUnkindnessReport(
  reference: string,
  input: { staffIdOrEmail: string; reportedBy: "customer" | "manager" },
  actor: Actor,
) {
  requireStaffActor(actor, input.reportedBy === "manager" ? "manager" : "agent");
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference, actor);
    if (ticket.reportedStaffId) throw new DeskError(409, "voice.error.alreadyReported");
    if (input.reportedBy === "customer" && ticket.kind !== "unkindness") throw new DeskError(409, "voice.error.notUnkindness");
    const person = await findStaff(tx, input.staffIdOrEmail.trim());
    if (!person) throw new DeskError(422, "error.unknownStaff", { staff: "error.unknownStaff" });
    const now = new Date();
    const apology = await latestTimer(tx, ticket.id, "apology");
    const [report] = await tx
      .insert(unkindnessReports)
      .values({
        ticketId: ticket.id,
        staffId: person.id,
        reportedBy: input.reportedBy,
        // A customer's report counts from its arrival; an apology already made stays recorded.
        reportedAt: input.reportedBy === "customer" ? ticket.receivedAt : now,
        apologyAt: input.reportedBy === "customer" ? (apology?.metAt ?? null) : null,
      })
      .returning();
    const [updated] = await tx
      .update(tickets)
      .set({ reportedStaffId: person.id, updatedAt: now })
      .where(eq(tickets.id, ticket.id))
      .returning();
    const data = { reportId: report.id, staffId: person.id, staff: person.email, reportedBy: input.reportedBy };
    if (input.reportedBy === "customer") {
      await appendEvent(tx, ticket.id, "unkindness.attributed", actor, data, now);
      // Tickets filed before the clock started at intake get it now, counted from their arrival.
      if (!apology) await startMetric(tx, updated, "apology", actor, { startedAt: ticket.receivedAt, reason: "unkindness_report" });
    } else {
      await appendEvent(tx, ticket.id, "unkindness.reported", actor, data, now);
      if (!(await liveTimer(tx, ticket.id, "apology")))
        await startMetric(tx, updated, "apology", actor, { startedAt: now, reason: "unkindness_report" });
    }
    return report;
  });
}

/**
 * The apology for an unkindness report was made: the `apology` clock is met. A customer's report
 * may be apologised for before anyone is named; naming them later keeps the apology's time.
 */
export async function recordUnkindnessApology(reference: string, actor: Actor) {
  requireStaffActor(actor, "agent");
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference, actor);
    const [report] = await tx
      .select()
      .from(unkindnessReports)
      .where(and(eq(unkindnessReports.ticketId, ticket.id), isNull(unkindnessReports.apologyAt)))
      .orderBy(desc(unkindnessReports.reportedAt))
      .limit(1)
      .for("update");
    const unattributed =
      !report && ticket.kind === "unkindness" && !ticket.reportedStaffId && (await liveTimer(tx, ticket.id, "apology")) !== null;
    if (!report && !unattributed) throw invalidTransition();
    const now = new Date();
    if (report) await tx.update(unkindnessReports).set({ apologyAt: now }).where(eq(unkindnessReports.id, report.id));
    await appendEvent(tx, ticket.id, "unkindness.apology_recorded", actor, { reportId: report?.id ?? null, by: actorLabel(actor) }, now);
    await meetMetrics(tx, ticket, ["apology"], actor, "apology_recorded");
    return { ticketId: ticket.id, apologyAt: now };
  });
}

/**
 * Names the staff member a customer praised (칭찬), as staff confirm who it is. Counted in the
 * period of the praise's arrival, per staff member beside unkindness. One per ticket.
 */
export async function recordPraise(reference: string, input: { staffIdOrEmail: string }, actor: Actor) {
  requireStaffActor(actor, "agent");
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference, actor);
    if (ticket.kind !== "praise") throw new DeskError(409, "voice.error.notPraise");
    const [existing] = await tx.select({ id: staffPraises.id }).from(staffPraises).where(eq(staffPraises.ticketId, ticket.id)).limit(1);
    if (existing) throw new DeskError(409, "voice.error.alreadyPraised");
    const person = await findStaff(tx, input.staffIdOrEmail.trim());
    if (!person) throw new DeskError(422, "error.unknownStaff", { staff: "error.unknownStaff" });
    const now = new Date();
    const [praise] = await tx
      .insert(staffPraises)
      .values({
        ticketId: ticket.id,
        staffId: person.id,
        praisedAt: ticket.receivedAt,
        confirmedById: "staffId" in actor ? (actor.staffId ?? null) : null,
        confirmedAt: now,
      })
      .returning();
    await tx.update(tickets).set({ updatedAt: now }).where(eq(tickets.id, ticket.id));
    await appendEvent(tx, ticket.id, "praise.attributed", actor, { praiseId: praise.id, staffId: person.id, staff: person.email }, now);
    return praise;
  });
}

function trainingSince(now: Date): Date {
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - TRAINING_WINDOW_MONTHS);
  return since;
}

/** Staff with 3 or more unkindness reports in the last 12 months: flagged for service training. */
export async function staffFlaggedForTraining(now = new Date()) {
  const reports = count(unkindnessReports.id);
  return executor()
    .select({
      staffId: staff.id,
      name: staff.name,
      email: staff.email,
      teamName: teams.name,
      reports,
      lastReportedAt: sql<Date>`max(${unkindnessReports.reportedAt})`.mapWith((v) => new Date(v as string)),
    })
    .from(unkindnessReports)
    .innerJoin(staff, eq(staff.id, unkindnessReports.staffId))
    .leftJoin(teams, eq(teams.id, staff.teamId))
    .where(gte(unkindnessReports.reportedAt, trainingSince(now)))
    .groupBy(staff.id, staff.name, staff.email, teams.name)
    .having(sql`count(${unkindnessReports.id}) >= ${TRAINING_THRESHOLD}`)
    .orderBy(desc(reports), staff.name);
}

/** What the desk's ticket page shows about suggestions and unkindness for one ticket. */
export async function voicePanel(reference: string, now = new Date()) {
  if (!REFERENCE_PATTERN.test(reference)) return null;
  const ex = executor();
  const [ticket] = await ex.select().from(tickets).where(eq(tickets.reference, reference)).limit(1);
  if (!ticket) return null;
  const [reports, apology, person] = await Promise.all([
    ex.select().from(unkindnessReports).where(eq(unkindnessReports.ticketId, ticket.id)).orderBy(desc(unkindnessReports.reportedAt)),
    latestTimer(ex, ticket.id, "apology"),
    ticket.reportedStaffId
      ? ex
          .select({ id: staff.id, name: staff.name, email: staff.email })
          .from(staff)
          .where(eq(staff.id, ticket.reportedStaffId))
          .then((r) => r[0] ?? null)
      : null,
  ]);
  let reportsInWindow = 0;
  if (person) {
    const [row] = await ex
      .select({ n: count(unkindnessReports.id) })
      .from(unkindnessReports)
      .where(and(eq(unkindnessReports.staffId, person.id), gte(unkindnessReports.reportedAt, trainingSince(now))));
    reportsInWindow = Number(row?.n ?? 0);
  }
  const report = reports[0] ?? null;
  const praise = ticket.kind === "praise" ? await praiseOf(ticket.id, now) : null;
  return {
    praise,
    kind: ticket.kind,
    suggestionAdoptedAt: ticket.suggestionAdoptedAt?.toISOString() ?? null,
    suggestionRewardedAt: ticket.suggestionRewardedAt?.toISOString() ?? null,
    reportedStaff: person,
    report: report
      ? { reportedBy: report.reportedBy, reportedAt: report.reportedAt.toISOString(), apologyAt: report.apologyAt?.toISOString() ?? null }
      : null,
    // Due while the clock runs (or is paused); the time of the apology once it is made.
    apologyDueAt: apology && (apology.state === "running" || apology.state === "paused") ? apology.dueAt.toISOString() : null,
    apologyMadeAt: apology?.metAt?.toISOString() ?? null,
    reportsInWindow,
    flagged: reportsInWindow >= TRAINING_THRESHOLD,
  };
}

export type VoicePanel = NonNullable<Awaited<ReturnType<typeof voicePanel>>>;

/** Who a praise ticket praised (once confirmed) and that person's praise in the last 12 months. */
async function praiseOf(ticketId: string, now: Date) {
  const ex = executor();
  const [row] = await ex
    .select({ id: staff.id, name: staff.name, email: staff.email, confirmedAt: staffPraises.confirmedAt })
    .from(staffPraises)
    .innerJoin(staff, eq(staff.id, staffPraises.staffId))
    .where(eq(staffPraises.ticketId, ticketId))
    .limit(1);
  if (!row) return { staff: null, confirmedAt: null, inWindow: 0 };
  const [counted] = await ex
    .select({ n: count(staffPraises.id) })
    .from(staffPraises)
    .where(and(eq(staffPraises.staffId, row.id), gte(staffPraises.praisedAt, trainingSince(now))));
  return {
    staff: { id: row.id, name: row.name, email: row.email },
    confirmedAt: row.confirmedAt.toISOString(),
    inWindow: Number(counted?.n ?? 0),
  };
}
