// What the customer sees and does on the track page. Reading: status in words, the public
// conversation (never internal notes), the due date from the running customer-facing clock, the
// guarantee case. Doing: reply and add documents (resumes a paused clock), rate the result after
// resolution (1–2 reopens with a `correction` clock and tells staff), file a guarantee claim.
import { and, desc, eq, gte } from "drizzle-orm";
import { guaranteeCases, messages, satisfactionRatings, slaTimers, staff, tickets, type SlaMetric } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import { queueStaffNotification } from "~/notify/queue.server";
import { confirmCustomerSatisfied, openClaimCase } from "~/sla/guarantee.server";
import { liveTimer } from "~/sla/timers.server";
import type { Actor } from "~/core/actor";
import type { CheckedAttachment } from "~/tickets/attachments.server";
import { DeskError, invalidTransition, notFound } from "~/core/errors";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { appendInboundMessage, getAttachment, getTicketDetail, recordHappyCall, type TicketDetail } from "~/tickets/tickets.server";
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
export function customerDue(
  ticket: Pick<TicketDetail["ticket"], "status" | "resolvedAt" | "closedAt">,
  timers: TimerLike[],
  now = new Date(),
): CustomerDue {
  if (ticket.status === "waiting") return { state: "waiting" };
  if (ticket.status === "resolved") return { state: "answered", at: ticket.resolvedAt?.toISOString() ?? null };
  if (ticket.status === "closed") return { state: "closed", at: ticket.closedAt?.toISOString() ?? null };
  const running = timers.filter((t) => t.state === "running" && !t.guaranteeCaseId);
  const earliest = (metrics: SlaMetric[]) =>
    running.filter((t) => (metrics as string[]).includes(t.metric)).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  const chosen = earliest(CUSTOMER_FACING) ?? earliest(FALLBACK);
  if (chosen)
    return { state: "due", metric: chosen.metric, dueAt: chosen.dueAt.toISOString(), overdue: chosen.dueAt.getTime() < now.getTime() };
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
      files: customerFiles.filter((f) => f.messageId === m.id).map((f) => ({ id: f.id, filename: f.filename, size: f.size })),
    }));
  const pauseEvent = [...detail.events].reverse().find((e) => e.type === "ticket.paused");
  const pauseReason =
    ticket.status === "waiting" && typeof pauseEvent?.data?.reason === "string" ? (pauseEvent.data.reason as string) : null;
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
  const claim = claimWindow(
    {
      status: ticket.status,
      answered: detail.messages.some((m) => m.direction === "outbound"),
      openCase: cases.some((c) => c.status === "open"),
      timers,
    },
    now,
  );
  return {
    reference: ticket.reference,
    subject: ticket.subject,
    kind: ticket.kind,
    status: ticket.status,
    /** 접수 → 처리 중 → 답변 완료, for the progress list. */
    step: progressStep(ticket.status),
    receivedAt: ticket.receivedAt.toISOString(),
    /** The reply date the customer asked for (YYYY-MM-DD), if any. */
    requestedReplyBy: ticket.requestedReplyBy,
    claim,
    due: customerDue(ticket, timers, now),
    pauseReason,
    messages,
    // The customer's own documents, each downloadable through the track page's access (ids only
    // travel to a browser that already holds the grant for this ticket).
    documents: customerFiles.map(({ id, filename, size, createdAt }) => ({ id, filename, size, createdAt })),
    canReply: ticket.status === "new" || ticket.status === "open" || ticket.status === "waiting",
    canRate: (ticket.status === "resolved" || ticket.status === "closed") && !rated,
    rating: rated ? { score: rated.score, comment: rated.comment, createdAt: rated.createdAt.toISOString() } : null,
    guaranteeCases: cases.reverse(),
  };
}

export type PortalView = ReturnType<typeof toPortalView>;

export const PROGRESS_STEPS = ["received", "working", "answered"] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** new → 접수; open and waiting → 처리 중; resolved and closed → 답변 완료. */
export function progressStep(status: string): ProgressStep {
  if (status === "resolved" || status === "closed") return "answered";
  if (status === "open" || status === "waiting") return "working";
  return "received";
}

/** A customer's own document of this ticket (what the track page lists), or null. */
export async function customerDocument(reference: string, attachmentId: string) {
  const file = await getAttachment(reference, attachmentId);
  // Staff uploads may be internal working papers: never through the portal.
  if (!file || file.uploadedById !== null) return null;
  return file;
}

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
      .where(
        and(
          eq(satisfactionRatings.ticketId, ticket.id),
          eq(satisfactionRatings.source, "portal"),
          gte(satisfactionRatings.createdAt, since),
        ),
      )
      .limit(1);
    if (already) throw new DeskError(409, "portal.error.alreadyRated");
    const dissatisfied = input.score <= 2;
    await recordHappyCall(reference, { satisfied: !dissatisfied, score: input.score, comment: input.comment, source: "portal" }, CUSTOMER);
    if (dissatisfied) {
      const correction = await liveTimer(tx, ticket.id, "correction");
      const recipients = ticket.assigneeId
        ? [ticket.assigneeId]
        : ticket.teamId
          ? (
              await tx
                .select({ id: staff.id })
                .from(staff)
                .where(and(eq(staff.teamId, ticket.teamId), eq(staff.role, "lead"), eq(staff.active, true)))
            ).map((s) => s.id)
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

/**
 * A claim made before any promise could have been broken: nothing answered yet, no clock past
 * due or breached, no case open. `firstDueAt`: the earliest promise still ahead, for the message.
 */
export class ClaimTooEarly extends DeskError {
  constructor(readonly firstDueAt: string | null) {
    super(409, "track.claimTooEarly");
  }
}

/**
 * Whether a promise could have been broken yet (issue 21: a claim a minute after filing is
 * refused, with why). Yes once the desk answered anything (the answer itself may be the broken
 * promise), once a clock is past due or breached, or while a case is open (a claim joins it).
 */
export async function claimAllowed(ticketId: string, now = new Date()): Promise<ClaimWindow> {
  const [ticket] = await executor().select({ status: tickets.status }).from(tickets).where(eq(tickets.id, ticketId)).limit(1);
  if (!ticket) throw notFound();
  const [answered] = await executor()
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.ticketId, ticketId), eq(messages.direction, "outbound")))
    .limit(1);
  const [openCase] = await executor()
    .select({ id: guaranteeCases.id })
    .from(guaranteeCases)
    .where(and(eq(guaranteeCases.ticketId, ticketId), eq(guaranteeCases.status, "open")))
    .limit(1);
  const timers = await executor()
    .select({ state: slaTimers.state, dueAt: slaTimers.dueAt, guaranteeCaseId: slaTimers.guaranteeCaseId })
    .from(slaTimers)
    .where(eq(slaTimers.ticketId, ticketId));
  return claimWindow({ status: ticket.status, answered: Boolean(answered), openCase: Boolean(openCase), timers }, now);
}

export type ClaimWindow = { ok: true } | { ok: false; firstDueAt: string | null };

/** The rule of claimAllowed on facts already loaded (the track page shows it before a claim is sent). */
export function claimWindow(
  facts: {
    status: string;
    answered: boolean;
    openCase: boolean;
    timers: Array<{ state: string; dueAt: Date; guaranteeCaseId: string | null }>;
  },
  now = new Date(),
): ClaimWindow {
  if (facts.status === "resolved" || facts.status === "closed" || facts.answered || facts.openCase) return { ok: true };
  const clocks = facts.timers.filter((t) => !t.guaranteeCaseId);
  if (clocks.some((t) => t.state === "breached" || (t.state === "running" && t.dueAt.getTime() <= now.getTime()))) return { ok: true };
  const ahead = clocks.filter((t) => t.state === "running").sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  return { ok: false, firstDueAt: ahead?.dueAt.toISOString() ?? null };
}

/** "약속한 기한이 지켜지지 않았어요": opens the ticket's guarantee case or joins the open one. */
export async function portalClaim(reference: string, input: { promise?: string; note?: string }, now = new Date()) {
  if (!(await hit(PORTAL_LIMITS.claimPerTicket, reference)).allowed) throw tooMany();
  const ticketId = await ticketIdOf(reference);
  const allowed = await claimAllowed(ticketId, now);
  if (!allowed.ok) throw new ClaimTooEarly(allowed.firstDueAt);
  return openClaimCase(ticketId, { note: input.note ?? "", promise: input.promise }, CUSTOMER);
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
