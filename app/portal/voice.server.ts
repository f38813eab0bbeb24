// Customers' voice beyond inquiries (SERVICE-STANDARDS §5): suggestions (고객 의견) that staff
// adopt as excellent and mark for a reward (포상), and unkindness reports (불친절) that name a
// staff member, carry the immediate `apology` clock and count toward the training flag (3 or
// more reports in 12 months). Every change is one transaction with its history event.
import { and, count, desc, eq, gte, isNull, sql } from "drizzle-orm";
import { staff, teams, tickets, unkindnessReports } from "../../db/schema";
import { executor, inTransaction, type Transaction } from "../../db/connection";
import { liveTimer, meetMetrics, startMetric } from "~/sla/timers.server";
import { canAccessTicket } from "~/tickets/access";
import { actorLabel, hasRole, type Actor } from "~/tickets/actor";
import { DeskError, forbidden, invalidTransition, notFound } from "~/tickets/errors";
import { appendEvent } from "~/tickets/events.server";
import { REFERENCE_PATTERN } from "~/tickets/reference.server";
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
    const [updated] = await tx.update(tickets).set({ suggestionAdoptedAt: now, updatedAt: now }).where(eq(tickets.id, ticket.id)).returning();
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
    const [updated] = await tx.update(tickets).set({ suggestionRewardedAt: now, updatedAt: now }).where(eq(tickets.id, ticket.id)).returning();
    await appendEvent(tx, ticket.id, "suggestion.rewarded", actor, {}, now);
    return updated;
  });
}

/**
 * Records an unkindness report against a staff member: from the customer (the desk links the
 * person the customer described; any staff member) or by a manager (managers and above). The
 * apology is due at once (`apology` clock). One report per ticket.
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
    const [report] = await tx
      .insert(unkindnessReports)
      .values({ ticketId: ticket.id, staffId: person.id, reportedBy: input.reportedBy, reportedAt: now })
      .returning();
    const [updated] = await tx.update(tickets).set({ reportedStaffId: person.id, updatedAt: now }).where(eq(tickets.id, ticket.id)).returning();
    await appendEvent(tx, ticket.id, "unkindness.reported", actor, {
      reportId: report.id,
      staffId: person.id,
      staff: person.email,
      reportedBy: input.reportedBy,
    }, now);
    await startMetric(tx, updated, "apology", actor, { startedAt: now, reason: "unkindness_report" });
    return report;
  });
}

/** The apology for an unkindness report was made: the `apology` clock is met. */
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
    if (!report) throw invalidTransition();
    const now = new Date();
    await tx.update(unkindnessReports).set({ apologyAt: now }).where(eq(unkindnessReports.id, report.id));
    await appendEvent(tx, ticket.id, "unkindness.apology_recorded", actor, { reportId: report.id, by: actorLabel(actor) }, now);
    await meetMetrics(tx, ticket, ["apology"], actor, "apology_recorded");
    return report;
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
    liveTimer(ex, ticket.id, "apology"),
    ticket.reportedStaffId
      ? ex.select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(eq(staff.id, ticket.reportedStaffId)).then((r) => r[0] ?? null)
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
  return {
    kind: ticket.kind,
    suggestionAdoptedAt: ticket.suggestionAdoptedAt?.toISOString() ?? null,
    suggestionRewardedAt: ticket.suggestionRewardedAt?.toISOString() ?? null,
    reportedStaff: person,
    report: report
      ? { reportedBy: report.reportedBy, reportedAt: report.reportedAt.toISOString(), apologyAt: report.apologyAt?.toISOString() ?? null }
      : null,
    apologyDueAt: apology?.dueAt.toISOString() ?? null,
    reportsInWindow,
    flagged: reportsInWindow >= TRAINING_THRESHOLD,
  };
}

export type VoicePanel = NonNullable<Awaited<ReturnType<typeof voicePanel>>>;
