// The ticket service: every state change runs in one transaction with its history event.
import { and, asc, desc, eq, getTableColumns, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias, type PgTable } from "drizzle-orm/pg-core";
import { uuidV7 } from "~/lib/uuid-v7";
import {
  attachments,
  auditLog,
  customers,
  messages,
  satisfactionRatings,
  slaTimers,
  staff,
  teams,
  ticketEvents,
  tickets,
  type Channel,
  type TicketStatus,
} from "~/db/schema";
import { executor, inTransaction, db, sqlClient } from "~/db/connection";
import { maskText, maskJson } from "~/core/mask";
import { actorLabel, actorStaffId, type Actor } from "~/core/actor";
import type { CheckedAttachment } from "./attachments.server";
import { ticketVisibility } from "~/security/access.server";
import { canAccessTicket, type AccessSubject } from "~/core/access";
import { DeskError, forbidden, invalidTransition, notFound } from "~/core/errors";
import { appendEvent, type Executor, type Tx } from "~/core/events.server";
import { normalizePhone } from "./phone";
import { nextReference, REFERENCE_PATTERN } from "~/core/reference.server";
import { decodeCursor, encodeCursor } from "~/core/cursor";
import type { CALLBACK_OUTCOMES, REPLY_VIAS, TicketIntake } from "./schemas";
import type { MESSAGE_VIAS } from "~/db/schema";
import { ticketLifecycle } from "~/sla/lifecycle.server";
import { customerNotificationRow } from "~/notify/queue.server";
import { auditRow, type AuditEntry } from "~/security/audit.server";
import { intakeContext } from "~/sla/intake-context.server";
import { targetsFor } from "~/sla/policies.server";
import { intakeTimers, type TimerRow } from "~/sla/timers.server";
import { notifyInfoRequest, notifyInterimNotice, notifyReply } from "~/notify/ticket-notices.server";
import { newTrackingToken } from "./tracking.server";
import { trackingUrl } from "~/core/tracking-link.server";
import { deputyFor } from "~/staff/absence.server";
import { defaultReplyVia } from "./constants";
import { announceAfterCommit, OUTBOX_CHANNEL, TICKET_CHANNEL, type Notice } from "~/core/announce.server";

export type TicketRow = typeof tickets.$inferSelect;
type ReplyVia = (typeof REPLY_VIAS)[number];

/**
 * `trackingToken` is the customer's tracking-link secret: only its SHA-256 is stored, so this is
 * the one moment it exists. `trackingUrl` is the link with it (shown after filing, and carried by
 * the acknowledgment).
 */
export type CreatedTicket = { id: string; reference: string; trackingToken: string; trackingUrl: string };

/** What the API answers about a new ticket, made in Node as the intake is (no read-back). */
export type FiledTicketDetail = {
  ticket: TicketRow;
  customer: { id: string; name: string; email: string | null; phone: string | null; preferredContact: string | null };
  assignee: null;
  team: null;
  events: Array<{ type: string; at: string; actor: string }>;
  timers: TimerRow[];
  guaranteeCases: never[];
  notifications: Array<{
    id: string;
    audience: string;
    channel: string;
    template: string;
    status: string;
    error: string | null;
    toAddress: string | null;
    createdAt: Date;
    sentAt: null;
  }>;
};

export type IntakeOptions = {
  attachments?: CheckedAttachment[];
  locale?: "ko" | "en";
  /** The sender's id for the contact (Message-ID, Twilio Sid); a retry hits the unique key. */
  externalId?: string;
  /** The channel itself already answered with the reference (an SMS's TwiML reply): no second receipt. */
  acknowledgedOnChannel?: boolean;
};

/** The API's extras, written by the same call: the Idempotency-Key record with the answer, the audit entry. */
export type IntakeApiOptions = IntakeOptions & {
  idempotency?: { scope: string; key: string; hash: string };
  /** The answer to store under the key (and send). */
  respond?: (detail: FiledTicketDetail) => { status: number; body: unknown };
  audit?: (reference: string) => AuditEntry;
};

export type FiledTicket =
  | { outcome: "created"; created: CreatedTicket; detail: FiledTicketDetail; response?: { status: number; text: string } }
  | { outcome: "replay"; stored: { requestHash: string | null; status: number | null; text: string | null } };

/** Intake from any channel. Text is masked (§7) before it is stored. */
export async function createTicket(intake: TicketIntake, actor: Actor, options: IntakeOptions = {}): Promise<CreatedTicket> {
  const filed = await fileTicket(intake, actor, options);
  if (filed.outcome !== "created") throw new Error("intake without an Idempotency-Key cannot be a replay");
  return filed.created;
}

type IntakeOutcome =
  | { outcome: "stale" }
  | { outcome: "customer"; customer: { name: string; email: string | null; phone: string | null; preferred: string | null } }
  | { outcome: "replay"; requestHash: string | null; status: number | null; text: string | null }
  | { outcome: "created"; customerId: string };

const MAX_INTAKE_CALLS = 6;

/**
 * The whole intake in one call of desk_intake() (migration 0040, ADR 0020): Node makes every id,
 * time, deadline, event, the acknowledgment's route and (for the API) the answer; the function
 * checks what they were made from and writes customer, ticket, message, events, clocks,
 * acknowledgment, Idempotency-Key record and audit entry together — without a transaction of the
 * caller, as one autocommitted statement. The reference is taken before, from its own pool
 * (reference.server.ts). Attachments (bytes) are written beside it in one transaction.
 */
export async function fileTicket(intake: TicketIntake, actor: Actor, options: IntakeApiOptions = {}): Promise<FiledTicket> {
  const now = new Date();
  const receivedAt = intake.receivedAt ?? now;
  const [reference, firstContext] = await Promise.all([nextReference(db(), receivedAt), intakeContext()]);
  let context = firstContext;
  const tracking = newTrackingToken();
  const link = trackingUrl(reference, tracking.token);
  const ticketId = uuidV7(now.getTime());
  const messageId = uuidV7(now.getTime());
  const label = actorLabel(actor);
  const body = maskText(intake.body);
  const ticket: TicketRow = {
    id: ticketId,
    reference,
    channel: intake.channel,
    category: intake.category,
    subject: maskText(intake.subject),
    body,
    status: intake.resolvedOnContact ? "resolved" : "new",
    customerId: "",
    assigneeId: null,
    teamId: null,
    receivedAt,
    requestedReplyBy: intake.requestedReplyBy ?? null,
    callbackRequested: intake.callbackRequested,
    resolvedOnContact: intake.resolvedOnContact,
    loggedById: actorStaffId(actor),
    kind: intake.kind ?? "inquiry",
    trackingTokenHash: tracking.hash,
    reportedStaffId: null,
    suggestionAdoptedAt: null,
    suggestionRewardedAt: null,
    postalAddress: intake.postalAddress ? maskText(intake.postalAddress) : null,
    privacyConsentVersion: intake.privacyConsent?.version ?? null,
    privacyConsentedAt: intake.privacyConsent ? now : null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: intake.resolvedOnContact ? now : null,
    closedAt: null,
  };
  const message: typeof messages.$inferSelect = {
    id: messageId,
    ticketId,
    direction: "inbound",
    via: intake.channel,
    kind: "message",
    body,
    authorStaffId: null,
    externalId: options.externalId ?? null,
    createdAt: receivedAt,
  };
  const c = intake.customer;
  const customer = {
    name: maskText(c.name),
    email: c.email ?? null,
    emailLower: c.email ? c.email.toLowerCase() : null,
    phone: c.phone ? normalizePhone(c.phone) : null,
    preferred: c.preferredContact ?? null,
    newId: uuidV7(now.getTime()),
  };
  // The customer row the intake leaves: a new customer's by default; the stored one's when the
  // call says a returning customer's differs.
  let expect: { name: string; email: string | null; phone: string | null; preferred: string | null } = {
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    preferred: customer.preferred,
  };
  const files = (options.attachments ?? []).map((file) => ({ id: uuidV7(now.getTime()), file }));
  const ticketHistory = [
    {
      ticket_id: ticketId,
      type: "ticket.created",
      actor: label,
      at: now,
      data: {
        channel: ticket.channel,
        kind: ticket.kind,
        category: ticket.category,
        receivedAt: receivedAt.toISOString(),
        requestedReplyBy: ticket.requestedReplyBy,
        callbackRequested: ticket.callbackRequested,
        resolvedOnContact: ticket.resolvedOnContact,
        // The consent given on the public form (wording version; the event's time is when).
        ...(intake.privacyConsent ? { privacyConsent: { version: intake.privacyConsent.version, at: now.toISOString() } } : {}),
      },
    },
    ...(intake.resolvedOnContact
      ? [{ ticket_id: ticketId, type: "ticket.resolved", actor: label, at: now, data: { onContact: true } }]
      : []),
    ...files.map(({ id, file }) => ({
      ticket_id: ticketId,
      type: "attachment.added",
      actor: label,
      at: now,
      data: { attachmentId: id, filename: file.filename, contentType: file.contentType, size: file.size },
    })),
  ];
  // 접수 확인 with the tracking link (the only notice that can carry the token), under `ack:<ticketId>`.
  const acknowledge = !intake.resolvedOnContact && !options.acknowledgedOnChannel && !!(c.email || c.phone);
  const auditEntry = options.audit?.(reference);
  // Autocommitted, the call's notices are sent after its commit (ADR 0027); in a transaction, by the triggers.
  const autocommit = files.length === 0 && executor() === db();

  for (let call = 1; ; call++) {
    const targets = targetsFor(context.policies, ticket.channel, ticket.category);
    const clocks = intakeTimers(ticket, context.cal, targets, now);
    const notice = acknowledge
      ? customerNotificationRow(
          {
            dedupeKey: `ack:${ticketId}`,
            ticketId,
            audience: "customer",
            template: "acknowledgment",
            locale: options.locale,
            payload: { reference, trackingUrl: link, subject: ticket.subject, receivedAt: receivedAt.toISOString() },
          },
          { name: expect.name, email: expect.email, phone: expect.phone, preferredContact: expect.preferred },
        )
      : null;
    const noticeRow = notice
      ? {
          id: uuidV7(now.getTime()),
          dedupe_key: notice.dedupeKey,
          ticket_id: ticketId,
          audience: notice.audience,
          channel: notice.channel,
          to_address: notice.toAddress ?? null,
          template: notice.template,
          locale: notice.locale ?? "ko",
          // Masked whole: what a message says is rendered from this payload (SERVICE-STANDARDS §7).
          payload: notice.payload ? maskJson(notice.payload) : {},
          status: notice.status ?? "queued",
          error: notice.error ?? null,
          created_at: now,
        }
      : null;
    const events = [
      ...ticketHistory,
      ...clocks.events.map((data) => ({ ticket_id: ticketId, type: "sla.timer_started", actor: label, at: now, data })),
    ];
    const detail: FiledTicketDetail = {
      ticket,
      customer: { id: "", name: expect.name, email: expect.email, phone: expect.phone, preferredContact: expect.preferred },
      assignee: null,
      team: null,
      events: events.map((e) => ({ type: e.type, at: e.at.toISOString(), actor: e.actor })),
      timers: clocks.rows,
      guaranteeCases: [],
      notifications: noticeRow
        ? [
            {
              id: noticeRow.id,
              audience: noticeRow.audience,
              channel: noticeRow.channel,
              template: noticeRow.template,
              status: noticeRow.status,
              error: noticeRow.error,
              toAddress: noticeRow.to_address,
              createdAt: now,
              sentAt: null,
            },
          ]
        : [],
    };
    const answer = options.respond?.(detail);
    const response = answer ? { status: answer.status, text: JSON.stringify(answer.body) } : undefined;
    const payload = JSON.stringify({
      calendarVersion: context.cal.version,
      policies: context.fingerprint,
      customer: {
        name: customer.name,
        email: customer.email,
        emailLower: customer.emailLower,
        phone: customer.phone,
        preferred: customer.preferred,
        newId: customer.newId,
      },
      expect,
      announceAfterCommit: autocommit,
      idempotency: options.idempotency && response ? { ...options.idempotency, status: response.status, text: response.text } : null,
      ticket: rowJson(tickets, ticket, ["customerId"]),
      message: rowJson(messages, message),
      timers: clocks.rows.map((row) => rowJson(slaTimers, row)),
      events,
      notification: noticeRow,
      audit: auditEntry ? rowJson(auditLog, auditRow(auditEntry)) : null,
    });
    const result = await callIntake(payload, autocommit, files, ticketId, messageId, actor);
    if (result.outcome === "stale" && call < MAX_INTAKE_CALLS) {
      context = await intakeContext(true);
      continue;
    }
    if (result.outcome === "customer" && call < MAX_INTAKE_CALLS) {
      expect = result.customer;
      continue;
    }
    if (result.outcome === "replay")
      return { outcome: "replay", stored: { requestHash: result.requestHash, status: result.status, text: result.text } };
    if (result.outcome !== "created") throw new Error(`intake: gave up after ${call} calls (${result.outcome})`);
    ticket.customerId = result.customerId;
    detail.customer.id = result.customerId;
    if (autocommit) void announceAfterCommit(intakeNotices(ticket, events[0]!, noticeRow?.status === "queued"));
    return { outcome: "created", created: { id: ticketId, reference, trackingToken: tracking.token, trackingUrl: link }, detail, response };
  }
}

/** What the history and outbox triggers would have announced for a new ticket (migrations 0037, 0039). */
function intakeNotices(ticket: TicketRow, first: { type: string; actor: string }, queued: boolean): Notice[] {
  const live = {
    ticketId: ticket.id,
    reference: ticket.reference,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    kind: first.type,
    actor: first.actor.slice(0, 300),
  };
  return [{ channel: TICKET_CHANNEL, payload: JSON.stringify(live) }, ...(queued ? [{ channel: OUTBOX_CHANNEL, payload: "" }] : [])];
}

/** A row as desk_intake() reads it (jsonb_populate_record): every column by its database name. */
function rowJson(table: PgTable, row: Record<string, unknown>, leave: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (leave.includes(key) || !(key in row)) continue;
    out[column.name] = row[key];
  }
  return out;
}

/**
 * One call: autocommitted on the pool (one round trip), or in the caller's transaction when there
 * is one, or in a transaction of its own when attachments are written beside it. A transaction
 * PostgreSQL chose as a victim (a customer row changed under it) runs again, as inTransaction does.
 */
async function callIntake(
  payload: string,
  autocommit: boolean,
  files: Array<{ id: string; file: CheckedAttachment }>,
  ticketId: string,
  messageId: string,
  actor: Actor,
): Promise<IntakeOutcome> {
  if (autocommit) {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = await sqlClient().unsafe<Array<{ r: IntakeOutcome }>>("select desk_intake($1::jsonb) as r", [payload], {
          prepare: true,
        });
        return rows[0].r;
      } catch (error) {
        if (attempt >= 4 || (error as { code?: string }).code !== "40001") throw error;
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
      }
    }
  }
  return inTransaction(async (tx) => {
    const rows = await tx.execute<{ r: IntakeOutcome }>(sql`select desk_intake(${payload}::jsonb) as r`);
    const result = rows[0].r;
    if (result.outcome === "created") {
      for (const { id, file } of files) {
        await tx.insert(attachments).values({ id, ticketId, messageId, ...file, uploadedById: actorStaffId(actor) });
      }
    }
    return result;
  });
}

async function insertAttachment(tx: Tx, ticketId: string, messageId: string | null, file: CheckedAttachment, actor: Actor) {
  const [row] = await tx
    .insert(attachments)
    .values({ ticketId, messageId, ...file, uploadedById: actorStaffId(actor) })
    .returning({ id: attachments.id });
  await appendEvent(tx, ticketId, "attachment.added", actor, {
    attachmentId: row.id,
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
  });
}

/** Locks the ticket row for the rest of the transaction. */
async function lockTicket(tx: Tx, reference: string): Promise<TicketRow> {
  if (!REFERENCE_PATTERN.test(reference)) throw notFound();
  const rows = await tx.select().from(tickets).where(eq(tickets.reference, reference)).for("update").limit(1);
  if (!rows[0]) throw notFound();
  return rows[0];
}

async function setStatus(tx: Tx, ticket: TicketRow, patch: Partial<typeof tickets.$inferInsert>) {
  const [updated] = await tx
    .update(tickets)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(tickets.id, ticket.id))
    .returning();
  return updated;
}

/**
 * Runs a change on a locked ticket, after checking the actor may work it (403 otherwise) and
 * catching up its overdue clocks; every ticket action goes through here.
 */
export function mutateAs<T>(actor: Actor, reference: string, body: (tx: Tx, ticket: TicketRow) => Promise<T>): Promise<T> {
  return inTransaction(async (tx) => {
    const ticket = await lockTicket(tx, reference);
    if (!canAccessTicket(actor, ticket)) throw forbidden();
    await ticketLifecycle.catchUp(tx, ticket);
    return body(tx, ticket);
  });
}

const OPEN_STATUSES: TicketStatus[] = ["new", "open", "waiting"];

export async function findStaff(ex: Executor, idOrEmail: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrEmail);
  const rows = await ex
    .select()
    .from(staff)
    .where(and(eq(staff.active, true), isUuid ? eq(staff.id, idOrEmail) : sql`lower(${staff.email}) = ${idOrEmail.toLowerCase()}`))
    .limit(1);
  return rows[0] ?? null;
}

export function assignTicket(reference: string, assignee: string, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status === "closed") throw invalidTransition();
    const named = await findStaff(tx, assignee);
    if (!named) throw new DeskError(422, "error.unknownStaff", { assignee: "error.unknownStaff" });
    // Someone away: the work goes to their deputy, and the history names both (app/staff/absence).
    const redirect = await deputyFor(tx, named);
    const person = redirect?.deputy ?? named;
    const updated = await setStatus(tx, ticket, {
      assigneeId: person.id,
      teamId: person.teamId ?? ticket.teamId,
      status: ticket.status === "new" ? "open" : ticket.status,
    });
    if (redirect) {
      await appendEvent(tx, ticket.id, "assignment.redirected", actor, {
        absentStaffId: named.id,
        absentStaff: named.email,
        deputyId: person.id,
        deputy: person.email,
        absentUntil: redirect.absence.endsAt.toISOString(),
      });
    }
    await appendEvent(tx, ticket.id, "ticket.assigned", actor, {
      assigneeId: person.id,
      assignee: person.email,
      previousAssigneeId: ticket.assigneeId,
    });
    await ticketLifecycle.assigned(tx, updated, actor);
    return updated;
  });
}

export async function addOutbound(
  tx: Tx,
  ticket: TicketRow,
  kind: string,
  via: ReplyVia | "note",
  body: string,
  actor: Actor,
  id?: string,
) {
  const [row] = await tx
    .insert(messages)
    .values({
      ...(id ? { id } : {}),
      ticketId: ticket.id,
      direction: via === "note" ? "internal" : "outbound",
      via,
      kind,
      // Staff replies, final answers and internal notes are typed text too.
      body: maskText(body),
      authorStaffId: actorStaffId(actor),
    })
    .returning();
  return row;
}

export function replyToCustomer(reference: string, input: { body: string; via: ReplyVia }, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status === "closed") throw invalidTransition();
    // The customer is told first, so that the thread and the history name the channel used.
    const messageId = uuidV7();
    const route = await notifyReply(tx, ticket, { id: messageId, body: input.body, via: input.via }, actor);
    const via = sentVia(input.via, route);
    const message = await addOutbound(tx, ticket, "reply", via, input.body, actor, messageId);
    const updated = await setStatus(tx, ticket, { status: ticket.status === "new" ? "open" : ticket.status });
    await appendEvent(tx, ticket.id, "reply.sent", actor, {
      messageId: message.id,
      via,
      ...(via !== input.via ? { requestedVia: input.via } : {}),
    });
    await ticketLifecycle.replied(tx, updated, actor, { messageId: message.id, via });
    return updated;
  });
}

export function addInternalNote(reference: string, input: { body: string }, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    const message = await addOutbound(tx, ticket, "note", "note", input.body, actor);
    await appendEvent(tx, ticket.id, "note.added", actor, { messageId: message.id });
    return ticket;
  });
}

export function sendInterimNotice(
  reference: string,
  input: { reason: string; expectedBy: string; via?: ReplyVia; managerApproval?: boolean },
  actor: Actor,
) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (!OPEN_STATUSES.includes(ticket.status)) throw invalidTransition();
    await ticketLifecycle.checkExpectedDate(tx, ticket, actor, input);
    // Without a choice, the customer's preferred way, as the reply form preselects it.
    const requestedVia = input.via ?? defaultReplyVia(await customerContact(tx, ticket.customerId));
    const text = interimNoticeText(input, requestedVia, ticket.postalAddress);
    const messageId = uuidV7();
    const route = await notifyInterimNotice(tx, ticket, {
      messageId,
      reason: input.reason,
      expectedBy: input.expectedBy,
      via: requestedVia,
    });
    const via = sentVia(requestedVia, route);
    const message = await addOutbound(tx, ticket, "interim_notice", via, text, actor, messageId);
    const updated = await setStatus(tx, ticket, { status: ticket.status === "new" ? "open" : ticket.status });
    await appendEvent(tx, ticket.id, "interim_notice.sent", actor, {
      messageId: message.id,
      reason: input.reason,
      expectedBy: input.expectedBy,
      via,
      ...(via !== requestedVia ? { requestedVia } : {}),
      managerApproval: input.managerApproval ?? false,
    });
    await ticketLifecycle.interimNotice(tx, updated, actor, { ...input, via });
    return updated;
  });
}

async function customerContact(tx: Tx, customerId: string) {
  const [row] = await tx
    .select({ preferredContact: customers.preferredContact, email: customers.email, phone: customers.phone })
    .from(customers)
    .where(eq(customers.id, customerId))
    .limit(1);
  return row ?? { preferredContact: null, email: null, phone: null };
}

/** The notice as the thread keeps it: by post, the letter to send and where to; by phone, the call made. */
function interimNoticeText(input: { reason: string; expectedBy: string }, via: ReplyVia, postalAddress: string | null): string {
  const text = `[중간 안내] ${input.reason}\n처리 예정일: ${input.expectedBy}`;
  if (via === "mail") return `${text}\n[우편 발송] 받는 주소: ${postalAddress ?? "(주소 없음 — 고객에게 확인 필요)"}`;
  if (via === "phone") return `${text}\n[전화 안내] 고객에게 전화로 안내함`;
  return text;
}

export function logCallback(reference: string, input: { outcome: (typeof CALLBACK_OUTCOMES)[number]; note?: string }, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status === "closed") throw invalidTransition();
    if (input.note) await addOutbound(tx, ticket, "note", "note", `[통화 기록] ${input.note}`, actor);
    const updated = await setStatus(tx, ticket, { status: ticket.status === "new" ? "open" : ticket.status });
    await appendEvent(tx, ticket.id, "callback.logged", actor, { outcome: input.outcome });
    await ticketLifecycle.callbackLogged(tx, updated, actor, input);
    return updated;
  });
}

/**
 * Waiting on the customer (보완 요청): the request goes to the customer on their preferred channel
 * and stands in the conversation (and on the tracking page); the SLA clocks stop until the
 * ticket resumes.
 */
export function pauseTicket(reference: string, input: { reason: string }, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status !== "new" && ticket.status !== "open") throw invalidTransition();
    const messageId = uuidV7();
    const route = await notifyInfoRequest(tx, ticket, { messageId, text: input.reason });
    // Reached by neither email nor text: staff call or write, as the thread says.
    const via: ReplyVia = route.status === "unsent" ? "phone" : route.channel;
    const message = await addOutbound(tx, ticket, "info_request", via, input.reason, actor, messageId);
    const updated = await setStatus(tx, ticket, { status: "waiting" });
    await appendEvent(tx, ticket.id, "ticket.paused", actor, { reason: input.reason, messageId: message.id, via });
    await ticketLifecycle.paused(tx, updated, actor);
    return updated;
  });
}

/** The channel a message to the customer was sent on: the one the outbox chose when it differs. */
function sentVia(requested: ReplyVia, route: { channel: string; status: string } | null): ReplyVia {
  return route && route.status === "queued" ? (route.channel as ReplyVia) : requested;
}

export function resumeTicket(reference: string, actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => resumeLocked(tx, ticket, actor));
}

export async function resumeLocked(tx: Tx, ticket: TicketRow, actor: Actor) {
  if (ticket.status !== "waiting") throw invalidTransition();
  const updated = await setStatus(tx, ticket, { status: "open" });
  await appendEvent(tx, ticket.id, "ticket.resumed", actor, {});
  await ticketLifecycle.resumed(tx, updated, actor);
  return updated;
}

export function resolveTicket(reference: string, input: { answer: string; via?: ReplyVia }, actor: Actor) {
  return mutateAs(actor, reference, (tx, ticket) => {
    // A disclosure request is answered by its decision (app/disclosure), which meets its clock.
    if (ticket.kind === "disclosure") throw new DeskError(409, "disclosure.error.decideFirst");
    return resolveLocked(tx, ticket, input, actor);
  });
}

/** The final answer on a ticket already locked (by resolveTicket or a service that resolves with its own step). */
export async function resolveLocked(tx: Tx, ticket: TicketRow, input: { answer: string; via?: ReplyVia }, actor: Actor) {
  if (!OPEN_STATUSES.includes(ticket.status)) throw invalidTransition();
  if (ticket.status === "waiting") await resumeLocked(tx, ticket, actor);
  const requestedVia = input.via ?? "email";
  const messageId = uuidV7();
  const route = await notifyReply(tx, ticket, { id: messageId, body: input.answer, via: requestedVia, final: true }, actor);
  const via = sentVia(requestedVia, route);
  const message = await addOutbound(tx, ticket, "final_answer", via, input.answer, actor, messageId);
  const updated = await setStatus(tx, ticket, { status: "resolved", resolvedAt: new Date() });
  await appendEvent(tx, ticket.id, "ticket.resolved", actor, {
    messageId: message.id,
    via,
    ...(via !== requestedVia ? { requestedVia } : {}),
  });
  await ticketLifecycle.resolved(tx, updated, actor);
  return updated;
}

/** Reopens a resolved ticket; when the customer is dissatisfied a `correction` clock starts. */
export function reopenTicket(reference: string, input: { reason: string; dissatisfied?: boolean }, actor: Actor) {
  return mutateAs(actor, reference, (tx, ticket) => reopenLocked(tx, ticket, input, actor));
}

async function reopenLocked(tx: Tx, ticket: TicketRow, input: { reason: string; dissatisfied?: boolean }, actor: Actor) {
  if (ticket.status !== "resolved" && ticket.status !== "closed") throw invalidTransition();
  const updated = await setStatus(tx, ticket, { status: "open", resolvedAt: null, closedAt: null });
  await appendEvent(tx, ticket.id, "ticket.reopened", actor, { reason: input.reason, dissatisfied: input.dissatisfied ?? false });
  await ticketLifecycle.reopened(tx, updated, actor, input);
  return updated;
}

/**
 * The happy call after resolution (만족도 확인): the result is recorded; a dissatisfied
 * customer's ticket reopens with an immediate `correction` clock.
 */
export function recordHappyCall(
  reference: string,
  input: { satisfied: boolean; score?: number; comment?: string; source?: "happy_call" | "portal" },
  actor: Actor,
) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status !== "resolved" && ticket.status !== "closed") throw invalidTransition();
    const source = input.source ?? "happy_call";
    await appendEvent(tx, ticket.id, "satisfaction.recorded", actor, {
      satisfied: input.satisfied,
      score: input.score ?? null,
      comment: input.comment ?? null,
      source,
    });
    // A 1–5 score is kept for the satisfaction statistics (a happy call without a score is only in the history).
    if (input.score !== undefined) {
      await tx.insert(satisfactionRatings).values({
        ticketId: ticket.id,
        source,
        score: input.score,
        comment: input.comment ?? null,
        recordedBy: actorLabel(actor),
      });
    }
    await ticketLifecycle.happyCall(tx, ticket, actor);
    if (input.satisfied) return ticket;
    return reopenLocked(tx, ticket, { reason: input.comment ?? "고객 불만족 (만족도 확인)", dissatisfied: true }, actor);
  });
}

/**
 * Closes a resolved ticket. A happy call still due keeps running (it is a promise of its own)
 * unless `skipHappyCallReason` records why it will not be made.
 */
export function closeTicket(reference: string, actor: Actor, input: { skipHappyCallReason?: string } = {}) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (ticket.status !== "resolved") throw invalidTransition();
    const updated = await setStatus(tx, ticket, { status: "closed", closedAt: new Date() });
    await appendEvent(
      tx,
      ticket.id,
      "ticket.closed",
      actor,
      input.skipHappyCallReason ? { skipHappyCallReason: input.skipHappyCallReason } : {},
    );
    await ticketLifecycle.closed(tx, updated, actor, input);
    return updated;
  });
}

export function addAttachments(reference: string, files: CheckedAttachment[], actor: Actor) {
  return mutateAs(actor, reference, async (tx, ticket) => {
    for (const file of files) await insertAttachment(tx, ticket.id, null, file, actor);
    await setStatus(tx, ticket, {});
    return ticket;
  });
}

// ------------------------------------------------------------ inbound (email, SMS, calls)

export type InboundMessageInput = {
  via: (typeof MESSAGE_VIAS)[number];
  body: string;
  /** The sender's id for it (email Message-ID, Twilio MessageSid/RecordingSid): a retried delivery is taken once. */
  externalId?: string;
  attachments?: CheckedAttachment[];
  /**
   * Text the desk composed from a provider's data (a recording's URL and length), not typed by the
   * customer: stored as given, because masking would corrupt the digit runs of a Twilio Sid.
   */
  verbatim?: boolean;
};

export type AppendedInbound = { ticketId: string; reference: string; messageId: string; duplicate: boolean; resumed: boolean };

/**
 * A contact that arrived by itself (email reply, text, voicemail) appended to an open ticket:
 * taken once per externalId (a repeat answers `duplicate: true` with the message first taken),
 * resumes a ticket that waits on the customer, recorded as `message.received`. A resolved or
 * closed ticket is refused (409): the caller opens a new ticket instead.
 */
export function appendInboundMessage(referenceOrId: string, input: InboundMessageInput, actor: Actor): Promise<AppendedInbound> {
  return inTransaction(async (tx) => {
    const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(referenceOrId);
    const ticket = byId
      ? (await tx.select().from(tickets).where(eq(tickets.id, referenceOrId)).for("update").limit(1))[0]
      : await lockTicket(tx, referenceOrId);
    if (!ticket) throw notFound();
    await ticketLifecycle.catchUp(tx, ticket);
    const taken = async () => {
      if (!input.externalId) return null;
      const [row] = await tx
        .select({ messageId: messages.id, ticketId: messages.ticketId, reference: tickets.reference })
        .from(messages)
        .innerJoin(tickets, eq(tickets.id, messages.ticketId))
        .where(eq(messages.externalId, input.externalId))
        .limit(1);
      return row ? { ...row, duplicate: true, resumed: false } : null;
    };
    const before = await taken();
    if (before) return before;
    if (!OPEN_STATUSES.includes(ticket.status)) throw invalidTransition();
    const [message] = await tx
      .insert(messages)
      .values({
        ticketId: ticket.id,
        direction: "inbound",
        via: input.via,
        body: input.verbatim ? input.body : maskText(input.body),
        externalId: input.externalId ?? null,
      })
      .onConflictDoNothing({ target: messages.externalId })
      .returning({ id: messages.id });
    if (!message) {
      const raced = await taken(); // a concurrent delivery of the same id committed first
      if (raced) return raced;
      throw new Error("inbound message neither inserted nor found");
    }
    await appendEvent(tx, ticket.id, "message.received", actor, {
      messageId: message.id,
      via: input.via,
      externalId: input.externalId ?? null,
      attachments: input.attachments?.length ?? 0,
    });
    for (const file of input.attachments ?? []) await insertAttachment(tx, ticket.id, message.id, file, actor);
    const resumed = ticket.status === "waiting";
    if (resumed) await resumeLocked(tx, ticket, actor);
    else await setStatus(tx, ticket, {});
    return { ticketId: ticket.id, reference: ticket.reference, messageId: message.id, duplicate: false, resumed };
  });
}

// ---------------------------------------------------------------------------- reading

export async function getTicketDetail(reference: string) {
  if (!REFERENCE_PATTERN.test(reference)) return null;
  const d = executor();
  const rows = await d
    .select({ ticket: tickets, customer: customers })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(eq(tickets.reference, reference))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const [assignee, team, messageRows, attachmentRows, eventRows, lifecycle] = await Promise.all([
    row.ticket.assigneeId
      ? d
          .select({ id: staff.id, name: staff.name, email: staff.email })
          .from(staff)
          .where(eq(staff.id, row.ticket.assigneeId))
          .then((r) => r[0] ?? null)
      : null,
    row.ticket.teamId
      ? d
          .select()
          .from(teams)
          .where(eq(teams.id, row.ticket.teamId))
          .then((r) => r[0] ?? null)
      : null,
    d
      .select({ message: messages, authorName: staff.name })
      .from(messages)
      .leftJoin(staff, eq(staff.id, messages.authorStaffId))
      .where(eq(messages.ticketId, row.ticket.id))
      .orderBy(asc(messages.createdAt), asc(messages.id)),
    d
      .select({
        id: attachments.id,
        filename: attachments.filename,
        contentType: attachments.contentType,
        size: attachments.size,
        messageId: attachments.messageId,
        uploadedById: attachments.uploadedById,
        createdAt: attachments.createdAt,
      })
      .from(attachments)
      .where(eq(attachments.ticketId, row.ticket.id))
      .orderBy(asc(attachments.createdAt)),
    d.select().from(ticketEvents).where(eq(ticketEvents.ticketId, row.ticket.id)).orderBy(asc(ticketEvents.id)),
    ticketLifecycle.describe(d, row.ticket),
  ]);
  return {
    ticket: row.ticket,
    customer: row.customer,
    assignee,
    team,
    messages: messageRows.map((m) => ({ ...m.message, authorName: m.authorName })),
    attachments: attachmentRows,
    events: eventRows,
    ...lifecycle,
  };
}

/**
 * What the API sends about a ticket (app/api/ticket-json.server.ts): the ticket with its customer,
 * assignee, team and history in one statement, then what the SLA engine describes. The desk's
 * page needs more (messages, attachments): getTicketDetail.
 */
export async function getTicketForApi(reference: string) {
  if (!REFERENCE_PATTERN.test(reference)) return null;
  const d = executor();
  const assignee = alias(staff, "assignee");
  const rows = await d
    .select({
      ticket: tickets,
      customer: customers,
      assignee: { id: assignee.id, name: assignee.name, email: assignee.email },
      team: { id: teams.id, key: teams.key, name: teams.name },
      // `at` comes as JSON text ("…+00:00"), an instant all the same.
      events: sql<Array<{ type: string; at: string; actor: string }>>`(
        select coalesce(json_agg(json_build_object('type', e.type, 'at', e.at, 'actor', e.actor) order by e.id), '[]'::json)
        from ${ticketEvents} e where e.ticket_id = ${tickets.id})`,
    })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .where(eq(tickets.reference, reference))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  return { ...row, ...(await ticketLifecycle.describe(d, row.ticket)) };
}

export type TicketForApi = NonNullable<Awaited<ReturnType<typeof getTicketForApi>>>;

/** What access decisions need about a ticket (see access.ts), or null for an unknown reference. */
export async function ticketAccessFacts(reference: string) {
  if (!REFERENCE_PATTERN.test(reference)) return null;
  const [row] = await executor()
    .select({ id: tickets.id, reference: tickets.reference, assigneeId: tickets.assigneeId, teamId: tickets.teamId })
    .from(tickets)
    .where(eq(tickets.reference, reference))
    .limit(1);
  return row ?? null;
}

export type TicketDetail = NonNullable<Awaited<ReturnType<typeof getTicketDetail>>>;

export async function getAttachment(ticketReference: string, attachmentId: string) {
  if (!REFERENCE_PATTERN.test(ticketReference) || !/^[0-9a-f-]{36}$/i.test(attachmentId)) return null;
  const rows = await executor()
    .select({ attachment: attachments })
    .from(attachments)
    .innerJoin(tickets, eq(tickets.id, attachments.ticketId))
    .where(and(eq(tickets.reference, ticketReference), eq(attachments.id, attachmentId)))
    .limit(1);
  return rows[0]?.attachment ?? null;
}

export type TicketListFilter = {
  status?: TicketStatus | "active";
  channel?: Channel;
  assigneeId?: string;
  teamId?: string;
  /** Tickets of this team or of no team yet. */
  teamOrNone?: string;
  /** Only what this staff member or token may see (access.ts); omitted = everything (system use). */
  subject?: AccessSubject;
  unassigned?: boolean;
  breached?: boolean;
  q?: string;
  cursor?: string;
  limit?: number;
};

/** The conditions of a ticket list (everything but the page position); the desk's queue shares them. */
export function ticketListConditions(filter: Omit<TicketListFilter, "cursor" | "limit">): SQL[] {
  const where: SQL[] = [];
  if (filter.status === "active") where.push(inArray(tickets.status, OPEN_STATUSES));
  else if (filter.status) where.push(eq(tickets.status, filter.status));
  if (filter.channel) where.push(eq(tickets.channel, filter.channel));
  if (filter.assigneeId) where.push(eq(tickets.assigneeId, filter.assigneeId));
  if (filter.teamId) where.push(eq(tickets.teamId, filter.teamId));
  if (filter.teamOrNone) where.push(or(eq(tickets.teamId, filter.teamOrNone), isNull(tickets.teamId))!);
  if (filter.subject) {
    const visible = ticketVisibility(filter.subject);
    if (visible) where.push(visible);
  }
  if (filter.unassigned) where.push(isNull(tickets.assigneeId));
  if (filter.breached) where.push(ticketLifecycle.breachedFilter());
  const q = filter.q?.trim();
  if (q) {
    const digits = q.replace(/\D/g, "");
    const byText = or(ilike(customers.name, `%${escapeLike(q)}%`), ilike(tickets.subject, `%${escapeLike(q)}%`))!;
    if (REFERENCE_PATTERN.test(q)) where.push(eq(tickets.reference, q));
    else if (digits.length >= 4 && /^[\d\s()+-]+$/.test(q)) {
      where.push(sql`regexp_replace(coalesce(${customers.phone}, ''), '\\D', '', 'g') like ${`%${digits}%`}`);
    } else where.push(byText);
  }
  return where;
}

/** A ticket list row (the API's list and the staff queue), joined with its customer and assignee. */
export const ticketListColumns = {
  id: tickets.id,
  reference: tickets.reference,
  status: tickets.status,
  channel: tickets.channel,
  category: tickets.category,
  subject: tickets.subject,
  receivedAt: tickets.receivedAt,
  createdAt: tickets.createdAt,
  customerName: customers.name,
  assigneeId: tickets.assigneeId,
  assigneeName: staff.name,
};

/** Newest first, keyset-paginated. */
export async function listTickets(filter: TicketListFilter) {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const where = ticketListConditions(filter);
  if (filter.cursor) {
    const c = decodeCursor(filter.cursor);
    if (c) where.push(or(lt(tickets.createdAt, c.createdAt), and(eq(tickets.createdAt, c.createdAt), lt(tickets.id, c.id)))!);
  }
  const rows = await executor()
    .select({ ...ticketListColumns, customerPhone: customers.phone })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .leftJoin(staff, eq(staff.id, tickets.assigneeId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export { actorLabel };
