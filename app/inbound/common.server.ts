// What the inbound channels (email, SMS, calls) share: finding what a provider's id already
// became, opening a ticket exactly once per id, and the limits on text taken from outside.
import { asc, eq, sql } from "drizzle-orm";
import { customers, messages, tickets } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import type { Actor } from "~/core/actor";
import type { CheckedAttachment } from "~/tickets/attachments.server";
import type { TicketIntake } from "~/tickets/schemas";
import { createTicket } from "~/tickets/tickets.server";

/** What became of one delivery from outside. */
export type InboundOutcome =
  | { kind: "created"; reference: string; ticketId: string }
  | { kind: "appended"; reference: string; ticketId: string; resumed: boolean }
  | { kind: "duplicate"; reference: string; ticketId: string; first: "created" | "appended" };

export const MAX_SUBJECT = 200;
export const MAX_BODY = 20_000;

/** Who is recorded on the history of what arrives by itself. */
export const inboundActor = (channel: "email" | "sms" | "voice"): Actor => ({ kind: "system", name: `inbound-${channel}` });

/**
 * The ticket a provider's id (Message-ID, MessageSid, CallSid…) already became, and whether that
 * message opened the ticket or was appended to it (so a retry is answered like the first time).
 */
export async function findByExternalId(externalId: string): Promise<Extract<InboundOutcome, { kind: "duplicate" }> | null> {
  const ex = executor();
  const [row] = await ex
    .select({ messageId: messages.id, ticketId: messages.ticketId, reference: tickets.reference })
    .from(messages)
    .innerJoin(tickets, eq(tickets.id, messages.ticketId))
    .where(eq(messages.externalId, externalId))
    .limit(1);
  if (!row) return null;
  const [first] = await ex
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.ticketId, row.ticketId))
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  return {
    kind: "duplicate",
    reference: row.reference,
    ticketId: row.ticketId,
    first: first?.id === row.messageId ? "created" : "appended",
  };
}

/** A unique-key violation (PostgreSQL 23505) anywhere in the error's cause chain. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === "object" && (e as { code?: unknown }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Opens a ticket whose first message carries the provider's id. Two deliveries of the same id
 * racing each other: the second fails on the unique key, its transaction rolls back, and it is
 * answered as a duplicate of the first.
 */
export async function createOnce(
  intake: TicketIntake,
  actor: Actor,
  externalId: string,
  options: {
    attachments?: CheckedAttachment[];
    acknowledgedOnChannel?: boolean;
    after?: (created: { id: string; reference: string }) => Promise<void>;
  } = {},
): Promise<InboundOutcome> {
  const seen = await findByExternalId(externalId);
  if (seen) return seen;
  try {
    const created = await inTransaction(async () => {
      const ticket = await createTicket(intake, actor, {
        attachments: options.attachments,
        externalId,
        acknowledgedOnChannel: options.acknowledgedOnChannel,
      });
      await options.after?.(ticket);
      return ticket;
    });
    return { kind: "created", reference: created.reference, ticketId: created.id };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await findByExternalId(externalId);
    if (raced) return raced;
    throw error;
  }
}

/** A customer already known by this (normalised) phone number: their name, so the record is reused. */
export async function knownNameByPhone(phone: string): Promise<string | null> {
  const [row] = await executor()
    .select({ name: customers.name })
    .from(customers)
    .where(eq(customers.phone, phone))
    .orderBy(sql`${customers.createdAt} desc`)
    .limit(1);
  return row?.name ?? null;
}

/** A customer already known by this email address (case-insensitive): their name. */
export async function knownNameByEmail(email: string): Promise<string | null> {
  const [row] = await executor()
    .select({ name: customers.name })
    .from(customers)
    .where(sql`lower(${customers.email}) = ${email.toLowerCase()}`)
    .orderBy(sql`${customers.createdAt} desc`)
    .limit(1);
  return row?.name ?? null;
}

/** Text from outside made storable: no NUL or control characters (tabs and newlines kept), LF line ends. */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{4,}/g, "\n\n\n")
    .trim();
}

/** Cut to `max` characters with a visible note of what was left out. */
export function limitText(value: string, max: number): string {
  if (value.length <= max) return value;
  const note = `\n\n(이하 생략: 전체 ${value.length.toLocaleString("ko-KR")}자 중 ${max.toLocaleString("ko-KR")}자까지 보관)`;
  return value.slice(0, max - note.length) + note;
}

/** One line, bounded: for subjects. */
export function oneLine(value: string, max: number): string {
  const line = cleanText(value).replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
