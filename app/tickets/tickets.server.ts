// The ticket service: every state change runs in one transaction with its history event.
import { and, asc, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { uuidV7 } from "~/lib/uuid-v7";
import {
  attachments,
  customers,
  messages,
  satisfactionRatings,
  staff,
  teams,
  ticketEvents,
  tickets,
  type Channel,
  type TicketStatus,
} from "~/db/schema";
import { allowGenericPlans, executor, inTransaction } from "~/db/connection";
import { maskText } from "~/core/mask";
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
import { queueCustomerNotification } from "~/notify/queue.server";
import { notifyInfoRequest, notifyInterimNotice, notifyReply } from "~/notify/ticket-notices.server";
import { newTrackingToken, trackingUrl } from "./tracking.server";
import { deputyFor } from "~/staff/absence.server";
import { defaultReplyVia } from "./constants";

export type TicketRow = typeof tickets.$inferSelect;
type ReplyVia = (typeof REPLY_VIAS)[number];

/**
 * The customer of an intake, as one set of CTEs of the intake statement (`intake_customer`: the
 * id). The first customer with this email (else this phone) is reused when the name matches too,
 * filling in what the customer gave now and never overwriting what we already had; otherwise a
 * new customer is created.
 */
function customerOfIntake(tx: Tx, c: TicketIntake["customer"]) {
  const email = c.email ?? null;
  const phone = c.phone ? normalizePhone(c.phone) : null;
  const preferred = c.preferredContact ?? null;
  const match = tx.$with("intake_customer_match", { id: sql<string>`id`, name: sql<string>`name` }).as(
    email
      ? sql`select id, name from customers where lower(email) = ${email.toLowerCase()} limit 1`
      : phone
        ? sql`select id, name from customers where phone = ${phone} limit 1`
        : sql`select id, name from customers where false`,
  );
  const updated = tx.$with("intake_customer_update", { id: sql<string>`id` }).as(sql`
    update customers set
      phone = coalesce(customers.phone, ${phone}::text),
      email = coalesce(customers.email, ${email}::text),
      preferred_contact = coalesce(${preferred}::text, customers.preferred_contact)
    from intake_customer_match m
    where customers.id = m.id and m.name = ${maskText(c.name)}::text
    returning customers.id`);
  const inserted = tx.$with("intake_customer_insert", { id: sql<string>`id` }).as(sql`
    insert into customers (name, email, phone, preferred_contact)
    select ${maskText(c.name)}::text, ${email}::text, ${phone}::text, ${preferred}::text
    where not exists (select 1 from intake_customer_update)
    returning id`);
  const customer = tx.$with("intake_customer", { id: sql<string>`id` }).as(sql`
    select id from intake_customer_update union all select id from intake_customer_insert`);
  return { ctes: [match, updated, inserted, customer], id: sql<string>`(select id from intake_customer)` };
}

/**
 * `trackingToken` is the customer's tracking-link secret: only its SHA-256 is stored, so this is
 * the one moment it exists. `trackingUrl` is the link with it (shown after filing, and carried by
 * the acknowledgment).
 */
export type CreatedTicket = { id: string; reference: string; trackingToken: string; trackingUrl: string };

/** Intake from any channel. Text is masked (§7) before it is stored. */
export async function createTicket(
  intake: TicketIntake,
  actor: Actor,
  // acknowledgedOnChannel: the channel itself already answered with the reference (an SMS's TwiML
  // reply), so no second receipt is queued.
  options: { attachments?: CheckedAttachment[]; locale?: "ko" | "en"; externalId?: string; acknowledgedOnChannel?: boolean } = {},
): Promise<CreatedTicket> {
  return inTransaction(async (tx) => {
    const now = new Date();
    const receivedAt = intake.receivedAt ?? now;
    // Intake's statements find rows by key: generic plans (allowGenericPlans), set while the
    // reference is taken from its own pool.
    const [reference] = await Promise.all([nextReference(tx, receivedAt), allowGenericPlans(tx)]);
    const tracking = newTrackingToken();
    // Ids made here, so that the customer, the ticket, its message and its first events go to
    // the database as one statement (one round trip in the transaction, not five or six).
    const ticketId = uuidV7();
    const messageId = uuidV7();
    const values = {
      id: ticketId,
      reference,
      channel: intake.channel,
      kind: intake.kind ?? "inquiry",
      category: intake.category,
      subject: maskText(intake.subject),
      body: maskText(intake.body),
      status: intake.resolvedOnContact ? "resolved" : "new",
      receivedAt,
      requestedReplyBy: intake.requestedReplyBy ?? null,
      callbackRequested: intake.callbackRequested,
      resolvedOnContact: intake.resolvedOnContact,
      loggedById: actorStaffId(actor),
      trackingTokenHash: tracking.hash,
      postalAddress: intake.postalAddress ? maskText(intake.postalAddress) : null,
      privacyConsentVersion: intake.privacyConsent?.version ?? null,
      privacyConsentedAt: intake.privacyConsent ? now : null,
      createdAt: now,
      updatedAt: now,
      resolvedAt: intake.resolvedOnContact ? now : null,
    } satisfies Omit<typeof tickets.$inferInsert, "customerId">;
    const events = [
      {
        ticketId,
        type: "ticket.created",
        actor: actorLabel(actor),
        at: now,
        data: {
          channel: values.channel,
          kind: values.kind,
          category: values.category,
          receivedAt: receivedAt.toISOString(),
          requestedReplyBy: values.requestedReplyBy,
          callbackRequested: values.callbackRequested,
          resolvedOnContact: values.resolvedOnContact,
          // The consent given on the public form (wording version; the event's time is when).
          ...(intake.privacyConsent ? { privacyConsent: { version: intake.privacyConsent.version, at: now.toISOString() } } : {}),
        },
      },
      ...(intake.resolvedOnContact ? [{ ticketId, type: "ticket.resolved", actor: actorLabel(actor), at: now, data: { onContact: true } }] : []),
    ];
    const customer = customerOfIntake(tx, intake.customer);
    const message = tx.$with("intake_message").as(
      tx
        .insert(messages)
        // externalId: the sender's id for the contact (Message-ID, Twilio Sid); a retry hits the unique key.
        .values({ id: messageId, ticketId, direction: "inbound", via: intake.channel, body: values.body, createdAt: receivedAt, externalId: options.externalId ?? null })
        .returning({ id: messages.id }),
    );
    // Several rows of one INSERT … VALUES get their ids in the order given.
    const history = tx.$with("intake_events").as(tx.insert(ticketEvents).values(events).returning({ id: ticketEvents.id }));
    // The message and the events refer to the ticket this statement inserts: foreign keys are
    // checked at the end of the statement, when it exists.
    const [ticket] = await tx
      .with(...customer.ctes, message, history)
      .insert(tickets)
      .values({ ...values, customerId: customer.id })
      .returning();
    for (const file of options.attachments ?? []) {
      await insertAttachment(tx, ticket.id, messageId, file, actor);
    }
    const link = trackingUrl(reference, tracking.token);
    // 접수 확인 with the tracking link: queued before the lifecycle hooks under the outbox's
    // `ack:<ticketId>` key, so this one (the only one that can carry the token) is the one kept.
    if (!intake.resolvedOnContact && !options.acknowledgedOnChannel && (intake.customer.email || intake.customer.phone)) {
      await queueCustomerNotification(
        tx,
        ticket.id,
        "acknowledgment",
        { reference, trackingUrl: link, subject: ticket.subject, receivedAt: receivedAt.toISOString() },
        `ack:${ticket.id}`,
        { locale: options.locale },
      );
    }
    await ticketLifecycle.created(tx, ticket, actor);
    return { id: ticket.id, reference, trackingToken: tracking.token, trackingUrl: link };
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

export async function addOutbound(tx: Tx, ticket: TicketRow, kind: string, via: ReplyVia | "note", body: string, actor: Actor, id?: string) {
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
    await appendEvent(tx, ticket.id, "reply.sent", actor, { messageId: message.id, via, ...(via !== input.via ? { requestedVia: input.via } : {}) });
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
    const route = await notifyInterimNotice(tx, ticket, { messageId, reason: input.reason, expectedBy: input.expectedBy, via: requestedVia });
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

export function logCallback(
  reference: string,
  input: { outcome: (typeof CALLBACK_OUTCOMES)[number]; note?: string },
  actor: Actor,
) {
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
  await appendEvent(tx, ticket.id, "ticket.resolved", actor, { messageId: message.id, via, ...(via !== requestedVia ? { requestedVia } : {}) });
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
    await appendEvent(tx, ticket.id, "ticket.closed", actor, input.skipHappyCallReason ? { skipHappyCallReason: input.skipHappyCallReason } : {});
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
      ? d.select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(eq(staff.id, row.ticket.assigneeId)).then((r) => r[0] ?? null)
      : null,
    row.ticket.teamId ? d.select().from(teams).where(eq(teams.id, row.ticket.teamId)).then((r) => r[0] ?? null) : null,
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
