// What the customer sees and does on the track page. Reading: status in words, the public
// conversation (never internal notes), the due date from the running customer-facing clock, the
// guarantee case. Doing: reply and add documents (resumes a paused clock), rate the result after
// resolution (1–2 reopens with a `correction` clock and tells staff), file a guarantee claim.
import { and, desc, eq, gte } from "drizzle-orm";
import { guaranteeCases, satisfactionRatings, staff, tickets, type SlaMetric } from "../../db/schema";
import { executor, inTransaction } from "../../db/connection";
import { queueStaffNotification } from "~/notify/queue.server";
import { confirmCustomerSatisfied, openClaimCase } from "~/sla/guarantee.server";
import { liveTimer } from "~/sla/timers.server";
import type { Actor } from "~/tickets/actor";
import type { CheckedAttachment } from "~/tickets/attachments.server";
import { DeskError, invalidTransition, notFound } from "~/tickets/errors";
import { REFERENCE_PATTERN } from "~/tickets/reference.server";
import { appendInboundMessage, getTicketDetail, recordHappyCall, type TicketDetail } from "~/tickets/tickets.server";
import { hit, PORTAL_LIMITS } from "./rate-limit.server";

export const CUSTOMER: Actor = { kind: "customer" };

/** The clocks a customer was promised, earliest first among these; else the overall deadline. */
const CUSTOMER_FACING: SlaMetric[] = ["promised_date", "requested_reply", "first_reply"];
const FALLBACK: SlaMetric[] = ["resolution", "correction"];

export type CustomerDue =
  | { state: "due"; metric: string; dueAt: string; overdue: boolean }
  | { state: "waiting" }
  | { state: "answered"; at: string | null }
  | { state: "closed"; at: string | null }
  | { state: "checking" };

type TimerLike = { metric: string; state: string; dueAt: Date; metAt: Date | null; guaranteeCaseId: string | null };

/** The one date the customer is told: see SERVICE-STANDARDS §3 and the track page. */
export function customerDue(ticket: Pick<TicketDetail["ticket"], "status" | "resolvedAt" | "closedAt">, timers: TimerLike[], now = new Date()): CustomerDue {
  if (ticket.status === "waiting") return { state: "waiting" };
  if (ticket.status === "resolved") return { state: "answered", at: ticket.resolvedAt?.toISOString() ?? null };
  if (ticket.status === "closed") return { state: "closed", at: ticket.closedAt?.toISOString() ?? null };
  const running = timers.filter((t) => t.state === "running" && !t.guaranteeCaseId);
  const earliest = (metrics: SlaMetric[]) =>
    running.filter((t) => (metrics as string[]).includes(t.metric)).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  const chosen = earliest(CUSTOMER_FACING) ?? earliest(FALLBACK);
  if (chosen) return { state: "due", metric: chosen.metric, dueAt: chosen.dueAt.toISOString(), overdue: chosen.dueAt.getTime() < now.getTime() };
  // Nothing running: a promise already broken and not yet kept is still owed.
  const broken = timers
    .filter((t) => t.state === "breached" && !t.metAt && ([...CUSTOMER_FACING, ...FALLBACK] as string[]).includes(t.metric))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (broken) return { state: "due", metric: broken.metric, dueAt: broken.dueAt.toISOString(), overdue: true };
  return { state: "checking" };
}

export async function loadPortalView(reference: string, now = new Date()) {
  const detail = await getTicketDetail(reference);
  if (!detail) return null;
  const ratings = await executor()
    .select({ score: satisfactionRatings.score, comment: satisfactionRatings.comment, createdAt: satisfactionRatings.createdAt })
    .from(satisfactionRatings)
    .where(and(eq(satisfactionRatings.ticketId, detail.ticket.id), eq(satisfactionRatings.source, "portal")))
    .orderBy(desc(satisfactionRatings.createdAt));
  return toPortalView(detail, ratings, now);
}

type Rating = { score: number; comment: string | null; createdAt: Date };

export function toPortalView(detail: TicketDetail, ratings: Rating[], now = new Date()) {
  const { ticket } = detail;
  const timers = detail.timers as TimerLike[];
  // Documents the customer sent (staff uploads may be internal working papers: not shown).
  const customerFiles = detail.attachments
    .filter((a) => a.uploadedById === null)
    .map((a) => ({ id: a.id, filename: a.filename, size: a.size, messageId: a.messageId, createdAt: a.createdAt.toISOString() }));
  const messages = detail.messages
    .filter((m) => m.direction !== "internal" && m.via !== "note")
    .map((m) => ({
      id: m.id,
      from: m.direction === "inbound" ? ("customer" as const) : ("desk" as const),
      kind: m.kind,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
      files: customerFiles.filter((f) => f.messageId === m.id).map((f) => ({ filename: f.filename, size: f.size })),
    }));
  const pauseEvent = [...detail.events].reverse().find((e) => e.type === "ticket.paused");
  const pauseReason = ticket.status === "waiting" && typeof pauseEvent?.data?.reason === "string" ? (pauseEvent.data.reason as string) : null;
  const rated = ratings.find((r) => !ticket.resolvedAt || r.createdAt.getTime() >= ticket.resolvedAt.getTime());
  const cases = (detail.guaranteeCases as Array<typeof guaranteeCases.$inferSelect>).map((c) => {
    const factCheck = timers.find((t) => t.guaranteeCaseId === c.id && t.metric === "fact_check" && t.state === "running");
    return {
      status: c.status,
      openedAt: c.openedAt.toISOString(),
      claimed: c.triggers.some((t) => t.kind === "claim"),
      factCheckDueAt: factCheck?.dueAt.toISOString() ?? null,
      factCheckResult: c.factCheckResult,
      factCheckedAt: c.factCheckedAt?.toISOString() ?? null,
      deskAtFault: c.deskAtFault,
      apology: c.apology,
      apologyAt: c.apologyAt?.toISOString() ?? null,
      customerConfirmedAt: c.customerConfirmedAt?.toISOString() ?? null,
      closedAt: c.closedAt?.toISOString() ?? null,
      canConfirm: c.status === "open" && c.factCheckedAt !== null && (!c.deskAtFault || c.apologyAt !== null),
    };
  });
  return {
    reference: ticket.reference,
    subject: ticket.subject,
    kind: ticket.kind,
    status: ticket.status,
    receivedAt: ticket.receivedAt.toISOString(),
    due: customerDue(ticket, timers, now),
    pauseReason,
    messages,
    documents: customerFiles.map(({ filename, size, createdAt }) => ({ filename, size, createdAt })),
    canReply: ticket.status === "new" || ticket.status === "open" || ticket.status === "waiting",
    canRate: (ticket.status === "resolved" || ticket.status === "closed") && !rated,
    rating: rated ? { score: rated.score, comment: rated.comment, createdAt: rated.createdAt.toISOString() } : null,
    guaranteeCases: cases.reverse(),
  };
}

export type PortalView = ReturnType<typeof toPortalView>;

const tooMany = () => new DeskError(429, "portal.error.tooMany");

/** The customer writes back and/or sends documents; a ticket waiting on them resumes. */
export async function portalReply(reference: string, input: { body?: string }, files: CheckedAttachment[]) {
  if (!(await hit(PORTAL_LIMITS.portalPostPerTicket, reference)).allowed) throw tooMany();
  const body = input.body?.trim() || `(첨부 파일 ${files.length}개)`;
  return appendInboundMessage(reference, { via: "portal", body, attachments: files }, CUSTOMER);
}

/**
 * The customer's rating after resolution (once per answer). 1–2 is dissatisfied: the ticket
 * reopens with an immediate `correction` clock and the assignee (or, without one, the team's
 * leads) hears of it.
 */
export async function portalRate(reference: string, input: { score: number; comment?: string }) {
  if (!(await hit(PORTAL_LIMITS.portalPostPerTicket, reference)).allowed) throw tooMany();
  return inTransaction(async (tx) => {
    if (!REFERENCE_PATTERN.test(reference)) throw notFound();
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.reference, reference)).for("update");
    if (!ticket) throw notFound();
    if (ticket.status !== "resolved" && ticket.status !== "closed") throw invalidTransition();
    const since = ticket.resolvedAt ?? new Date(0);
    const [already] = await tx
      .select({ id: satisfactionRatings.id })
      .from(satisfactionRatings)
      .where(and(eq(satisfactionRatings.ticketId, ticket.id), eq(satisfactionRatings.source, "portal"), gte(satisfactionRatings.createdAt, since)))
      .limit(1);
    if (already) throw new DeskError(409, "portal.error.alreadyRated");
    const dissatisfied = input.score <= 2;
    await recordHappyCall(reference, { satisfied: !dissatisfied, score: input.score, comment: input.comment, source: "portal" }, CUSTOMER);
    if (dissatisfied) {
      const correction = await liveTimer(tx, ticket.id, "correction");
      const recipients = ticket.assigneeId
        ? [ticket.assigneeId]
        : ticket.teamId
          ? (await tx.select({ id: staff.id }).from(staff).where(and(eq(staff.teamId, ticket.teamId), eq(staff.role, "lead"), eq(staff.active, true)))).map((s) => s.id)
          : [];
      for (const staffId of recipients) {
        await queueStaffNotification(
          tx,
          staffId,
          "customer_dissatisfied",
          {
            reference,
            subject: ticket.subject,
            metric: "correction",
            dueAt: (correction?.dueAt ?? new Date()).toISOString(),
            score: input.score,
            ...(input.comment ? { comment: input.comment } : {}),
          },
          `dissatisfied:${ticket.id}:${since.toISOString()}:${staffId}`,
          { ticketId: ticket.id },
        );
      }
    }
    return { reopened: dissatisfied };
  });
}

async function ticketIdOf(reference: string): Promise<string> {
  if (!REFERENCE_PATTERN.test(reference)) throw notFound();
  const [row] = await executor().select({ id: tickets.id }).from(tickets).where(eq(tickets.reference, reference)).limit(1);
  if (!row) throw notFound();
  return row.id;
}

/** "약속한 기한이 지켜지지 않았어요": opens the ticket's guarantee case or joins the open one. */
export async function portalClaim(reference: string, input: { note?: string }) {
  if (!(await hit(PORTAL_LIMITS.claimPerTicket, reference)).allowed) throw tooMany();
  const ticketId = await ticketIdOf(reference);
  return openClaimCase(ticketId, { note: input.note ?? "" }, CUSTOMER);
}

/** The customer confirms being satisfied with how the guarantee case was handled: it closes. */
export async function portalConfirmGuarantee(reference: string) {
  const ticketId = await ticketIdOf(reference);
  const [open] = await executor()
    .select({ id: guaranteeCases.id })
    .from(guaranteeCases)
    .where(and(eq(guaranteeCases.ticketId, ticketId), eq(guaranteeCases.status, "open")))
    .limit(1);
  if (!open) throw invalidTransition();
  await confirmCustomerSatisfied(open.id, CUSTOMER);
}
