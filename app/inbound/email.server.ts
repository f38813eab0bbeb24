// Inbound email → tickets. The SMTP listener (server/inbound-smtp.ts) hands each message here:
// a new message becomes an `email` ticket with its documents; a reply whose subject carries a
// ticket's reference, from that ticket's customer, is appended to it (and resumes its clock).
// Taken once per Message-ID. Text only: an HTML-only message is converted to text, never stored
// as HTML.
import { createHash } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import EmailReplyParser from "email-reply-parser";
import { simpleParser, type HeaderValue, type ParsedMail } from "mailparser";
import { customers, notifications, tickets } from "~/db/schema";
import { executor } from "~/db/connection";
import { env } from "~/config/env.server";
import { checkAttachment, cleanFilename, MAX_ATTACHMENT_BYTES, type CheckedAttachment } from "~/tickets/attachments.server";
import { DeskError } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { appendInboundMessage } from "~/tickets/tickets.server";
import { notificationIdOfMessageId, notificationIdOfReplyAddress } from "~/notify/threading";
import {
  cleanText,
  createOnce,
  findByExternalId,
  inboundActor,
  knownNameByEmail,
  limitText,
  MAX_BODY,
  MAX_SUBJECT,
  oneLine,
  type InboundOutcome,
} from "./common.server";

/** A message the desk refuses, with the SMTP reply code and text the sender sees. */
export class InboundRefusal extends Error {
  constructor(
    readonly responseCode: 550 | 552 | 554,
    message: string,
  ) {
    super(message);
    this.name = "InboundRefusal";
  }
}

export type InboundAttachment = { filename: string; contentType: string; content: Buffer };

export type InboundEmail = {
  /** The Message-ID, or a digest of the message when it has none: what makes a retry recognisable. */
  externalId: string;
  from: { name: string; address: string };
  subject: string;
  /** Plain text (text/plain preferred, else the HTML converted to text). */
  text: string;
  date: Date | null;
  attachments: InboundAttachment[];
  /** The Message-IDs this message answers: In-Reply-To first, then References from the newest back. */
  answers: string[];
  /** Every address it was sent to (To, Cc, Delivered-To and the SMTP envelope): a reply address names its ticket. */
  recipients: string[];
  /** The raw message, when quoted history or a signature was trimmed from `text`: kept as an .eml attachment. */
  original: Buffer | null;
  /** Why this is an automatic message (auto-reply, bounce, our own mail) that opens no ticket; null for a person's mail. */
  automatic: string | null;
};

export type EmailOutcome = InboundOutcome | { kind: "ignored"; reason: string };

const MAX_STORED_ATTACHMENTS = 20;
const DATE_SKEW_MS = 5 * 60 * 1000;
const DATE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

/** "[261122-0042]" or "접수번호 261122-0042" / "reference 261122-0042" (what the desk's own mail says). */
const SUBJECT_REFERENCE = /\[\s*(\d{6}-\d{4,6})\s*\]|(?:접수\s*번호|참조\s*번호|reference|ref\.?|ticket)\s*[:#.]?\s*(\d{6}-\d{4,6})(?!\d)/i;

export function subjectReference(subject: string): string | null {
  const m = SUBJECT_REFERENCE.exec(subject);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

/** The Date: header when it is plausible (not in the future, at most 7 days old); otherwise null (= now). */
export function plausibleDate(date: Date | null | undefined, now: Date): Date | null {
  if (!date || Number.isNaN(date.getTime())) return null;
  const t = date.getTime();
  if (t > now.getTime() + DATE_SKEW_MS || t < now.getTime() - DATE_MAX_AGE_MS) return null;
  return t > now.getTime() ? now : date; // a few minutes of clock skew count as "now"
}

/** A last resort when the parser gave no text for an HTML body: tags dropped, text kept (never stored as HTML). */
export function htmlToPlainText(html: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return html
    .replace(/<(script|style|head|title)[^>]*>[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) => {
      if (code[0] === "#") {
        const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : "";
      }
      return entities[code.toLowerCase()] ?? whole;
    });
}

function headerText(value: HeaderValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(", ");
  if (value instanceof Date) return value.toISOString();
  if ("value" in value && typeof value.value === "string") return value.value;
  if ("text" in value) return value.text;
  return "";
}

/** Auto-replies, delivery reports and the desk's own mail open no ticket (RFC 3834): no mail loops. */
function automaticReason(mail: ParsedMail, fromAddress: string): string | null {
  const auto = headerText(mail.headers.get("auto-submitted")).trim().toLowerCase();
  if (auto && auto !== "no") return `auto-submitted: ${auto}`;
  if (mail.headers.has("x-autoreply") || mail.headers.has("x-autorespond")) return "auto-reply";
  const precedence = headerText(mail.headers.get("precedence")).trim().toLowerCase();
  if (["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `precedence: ${precedence}`;
  if (headerText(mail.headers.get("content-type")).toLowerCase() === "multipart/report") return "delivery report";
  // Bounces that are not multipart/report (older MTAs) come from the mail system's own mailbox.
  if (/^(mailer-daemon|postmaster)@/i.test(fromAddress)) return "delivery report";
  if (mail.headers.has("x-failed-recipients")) return "delivery report";
  const own = /<([^>]+)>/.exec(env().MAIL_FROM)?.[1] ?? env().MAIL_FROM;
  if (own.trim().toLowerCase() === fromAddress.toLowerCase()) return "sent by the desk itself";
  return null;
}

/** Parses a raw message; a message that cannot be a customer's mail is refused (554). */
export async function parseInboundEmail(raw: Buffer, envelopeRecipients: string[] = []): Promise<InboundEmail> {
  if (raw.length === 0) throw new InboundRefusal(554, "5.6.0 Malformed message: it is empty");
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 5 * 1024 * 1024,
    });
  } catch {
    throw new InboundRefusal(554, "5.6.0 Malformed message: it could not be parsed");
  }
  if (!mail.headerLines || mail.headerLines.length === 0) throw new InboundRefusal(554, "5.6.0 Malformed message: it has no header");
  const sender = (mail.from?.value ?? []).find((a) => a.address && ADDRESS.test(a.address.trim()));
  if (!sender?.address || sender.address.length > 254) {
    throw new InboundRefusal(554, "5.6.0 Malformed message: no valid From address");
  }
  const address = sender.address.trim();
  const rawId = mail.messageId?.trim();
  const externalId =
    rawId && rawId.length <= 500 && !/[\s\u0000-\u001f]/.test(rawId)
      ? rawId
      : `sha256:${createHash("sha256")
          .update(rawId && rawId.length > 500 ? rawId : raw)
          .digest("hex")}`;
  let text = typeof mail.text === "string" ? mail.text : "";
  if (!text.trim() && typeof mail.html === "string" && mail.html.trim()) text = htmlToPlainText(mail.html);
  const full = cleanText(text);
  const visible = visibleReply(full);
  return {
    externalId,
    from: { name: oneLine(sender.name ?? "", 100), address },
    subject: mail.subject ?? "",
    text: visible,
    original: visible !== full ? raw : null,
    date: mail.date ?? null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? "",
      contentType: a.contentType ?? "application/octet-stream",
      content: a.content,
    })),
    answers: answeredIds(mail),
    recipients: [...recipientsOf(mail), ...envelopeRecipients].map((a) => a.trim().toLowerCase()).filter(Boolean),
    automatic: automaticReason(mail, address),
  };
}

/** What the customer wrote, without the quoted history and signature mail clients add under it. */
export function visibleReply(text: string): string {
  if (!text) return text;
  const visible = cleanText(new EmailReplyParser().parseReply(text));
  return visible ? visible : text; // all of it "quoted" (e.g. a forward): keep everything
}

const ids = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map((v) => v.trim()).filter(Boolean);

function answeredIds(mail: ParsedMail): string[] {
  return [...new Set([...ids(mail.inReplyTo), ...ids(mail.references).reverse()])].slice(0, 50);
}

function recipientsOf(mail: ParsedMail): string[] {
  const lists = [mail.to, mail.cc].flatMap((a) => (Array.isArray(a) ? a : a ? [a] : []));
  const fromHeaders = lists.flatMap((list) => list.value.map((v) => v.address ?? ""));
  const delivered = headerText(mail.headers.get("delivered-to"))
    .split(/[,\s]+/)
    .map((v) => v.replace(/^<|>$/g, ""));
  return [...fromHeaders, ...delivered];
}

function originalMessage(raw: Buffer): CheckedAttachment {
  return {
    filename: "original-message.eml",
    contentType: "message/rfc822",
    size: raw.length,
    sha256: createHash("sha256").update(raw).digest("hex"),
    data: raw,
  };
}

const safeType = (type: string) =>
  (type.toLowerCase().match(/^[a-z0-9.+-]+\/[a-z0-9.+-]+/)?.[0] ?? "application/octet-stream").slice(0, 100);

/** The documents kept (PDF/PNG/JPEG/TIFF, judged by content) and a line for each one left out. */
export function sortAttachments(list: InboundAttachment[]): { files: CheckedAttachment[]; excluded: string[] } {
  const files: CheckedAttachment[] = [];
  const excluded: string[] = [];
  for (const a of list) {
    const name = cleanFilename(a.filename || "attachment");
    const type = safeType(a.contentType);
    const checked = checkAttachment(name, a.content);
    if (!checked.ok) {
      const why = checked.error === "error.fileSize" ? ", 10 MB 초과" : checked.error === "error.fileEmpty" ? ", 빈 파일" : "";
      excluded.push(`첨부 제외: ${name} (${type}${why})`);
    } else if (files.length >= MAX_STORED_ATTACHMENTS) {
      excluded.push(`첨부 제외: ${name} (${type}, 첨부 ${MAX_STORED_ATTACHMENTS}개 초과)`);
    } else {
      files.push(checked.file);
    }
  }
  return { files, excluded };
}

function composeBody(text: string, excluded: string[]): string {
  const note = excluded.length ? `\n\n---\n${excluded.join("\n")}` : "";
  return limitText(text || "(본문 없음)", MAX_BODY - note.length) + note;
}

type Target = { id: string; reference: string; status: string; customerEmail: string | null };

async function ticketByReference(reference: string): Promise<Target | null> {
  const [row] = await executor()
    .select({ id: tickets.id, reference: tickets.reference, status: tickets.status, customerEmail: customers.email })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .where(eq(tickets.reference, reference))
    .limit(1);
  return row ?? null;
}

/**
 * The ticket a reply belongs to by its headers: a Message-ID of mail the desk sent the customer
 * in In-Reply-To/References, else the ticket's reply address (Reply-To: desk+<token>@…) it was sent to.
 */
async function ticketByThread(mail: InboundEmail): Promise<Target | null> {
  const byHeader = mail.answers.map(notificationIdOfMessageId).filter((id): id is string => id !== null);
  const byAddress = mail.recipients.map(notificationIdOfReplyAddress).filter((id): id is string => id !== null);
  for (const candidates of [byHeader, byAddress]) {
    if (candidates.length === 0) continue;
    const rows = await executor()
      .select({
        notificationId: notifications.id,
        id: tickets.id,
        reference: tickets.reference,
        status: tickets.status,
        customerEmail: customers.email,
      })
      .from(notifications)
      .innerJoin(tickets, eq(tickets.id, notifications.ticketId))
      .innerJoin(customers, eq(customers.id, tickets.customerId))
      // Only mail sent to the customer: a staff alert's Message-ID names no customer conversation.
      .where(and(inArray(notifications.id, candidates), eq(notifications.audience, "customer"), eq(notifications.channel, "email")));
    // The most specific one first (In-Reply-To before older References).
    for (const id of candidates) {
      const row = rows.find((r) => r.notificationId === id);
      if (row) return { id: row.id, reference: row.reference, status: row.status, customerEmail: row.customerEmail };
    }
  }
  return null;
}

type Unmatched = { reference: string; reason: "unknown_reference" | "sender_mismatch" | "ticket_closed"; ticketId: string | null };

/** Takes one parsed message: appended to the ticket it answers, or a new ticket, or (automatic mail) ignored. */
export async function takeInboundEmail(mail: InboundEmail, now: Date = new Date()): Promise<EmailOutcome> {
  if (mail.automatic) return { kind: "ignored", reason: mail.automatic };
  const seen = await findByExternalId(mail.externalId);
  if (seen) return seen;
  const actor = inboundActor("email");
  const { files, excluded } = sortAttachments(mail.attachments);
  if (mail.original && mail.original.length <= MAX_ATTACHMENT_BYTES) files.push(originalMessage(mail.original));
  const body = composeBody(mail.text, excluded);

  let unmatched: Unmatched | null = null;
  // Threading as mail clients do it (headers, reply address), and only then the subject's reference.
  const threaded = await ticketByThread(mail);
  const reference = threaded?.reference ?? subjectReference(mail.subject);
  if (reference) {
    const target = threaded ?? (await ticketByReference(reference));
    if (!target) unmatched = { reference, reason: "unknown_reference", ticketId: null };
    // A reply found by a Message-ID or reply address only the customer was sent is theirs, whatever
    // address they answer from; a reference typed in a subject is checked against the sender.
    else if (!threaded && (!target.customerEmail || target.customerEmail.toLowerCase() !== mail.from.address.toLowerCase())) {
      unmatched = { reference, reason: "sender_mismatch", ticketId: target.id };
    } else if (target.status === "resolved" || target.status === "closed") {
      unmatched = { reference, reason: "ticket_closed", ticketId: target.id };
    } else {
      try {
        const appended = await appendInboundMessage(
          target.id,
          { via: "email", body, externalId: mail.externalId, attachments: files },
          actor,
        );
        if (appended.duplicate)
          return (
            (await findByExternalId(mail.externalId)) ?? {
              kind: "duplicate",
              reference: appended.reference,
              ticketId: appended.ticketId,
              first: "appended",
            }
          );
        return { kind: "appended", reference: appended.reference, ticketId: appended.ticketId, resumed: appended.resumed };
      } catch (error) {
        // Resolved between the look-up and the lock: the message opens a new ticket instead.
        if (!(error instanceof DeskError && error.status === 409)) throw error;
        unmatched = { reference, reason: "ticket_closed", ticketId: target.id };
      }
    }
  }

  const name = mail.from.name || (await knownNameByEmail(mail.from.address)) || mail.from.address;
  return createOnce(
    {
      channel: "email",
      category: "general",
      subject: oneLine(mail.subject, MAX_SUBJECT) || "(제목 없음)",
      body,
      customer: { name: name.slice(0, 100), email: mail.from.address },
      receivedAt: plausibleDate(mail.date, now) ?? now,
      callbackRequested: false,
      resolvedOnContact: false,
    },
    actor,
    mail.externalId,
    {
      attachments: files,
      after: async (created) => {
        if (!unmatched) return;
        // Why this reply did not join the ticket it names (it opened this one instead).
        await appendEvent(executor(), created.id, "email.reference_not_followed", actor, {
          reference: unmatched.reference,
          reason: unmatched.reason,
        });
        if (unmatched.ticketId) {
          await appendEvent(executor(), unmatched.ticketId, "email.related_ticket_opened", actor, {
            reference: created.reference,
            reason: unmatched.reason,
          });
        }
      },
    },
  );
}

/** Parse and take: what the SMTP listener calls for each message. */
export async function receiveRawEmail(raw: Buffer, now: Date = new Date(), envelopeRecipients: string[] = []): Promise<EmailOutcome> {
  return takeInboundEmail(await parseInboundEmail(raw, envelopeRecipients), now);
}
