// Lists the desk's browser code needs. They mirror db/schema.ts and app/tickets/schemas.ts
// without pulling the database modules into the browser bundle; `satisfies` checks at
// compile time that they stay exactly the same.
import type { CHANNELS as SchemaChannels, TICKET_STATUSES as SchemaStatuses } from "~/db/schema";
import type { CALLBACK_OUTCOMES as SchemaOutcomes, REPLY_VIAS as SchemaVias } from "./schemas";

export const CHANNEL_OPTIONS = ["web", "email", "phone", "sms", "mail", "fax", "visit"] as const satisfies typeof SchemaChannels;
export const STATUS_OPTIONS = ["new", "open", "waiting", "resolved", "closed"] as const satisfies typeof SchemaStatuses;
export const REPLY_VIA_OPTIONS = ["email", "sms", "phone", "mail"] as const satisfies typeof SchemaVias;
export const CALLBACK_OUTCOME_OPTIONS = ["reached", "no_answer", "left_message"] as const satisfies typeof SchemaOutcomes;
/**
 * How an interim notice reaches the customer: every way a reply can (SMS renegotiates a requested
 * reply date; by post it is a letter to send, by phone a call made).
 */
export const INTERIM_VIA_OPTIONS = REPLY_VIA_OPTIONS;

export type ChannelValue = (typeof CHANNEL_OPTIONS)[number];
export type StatusValue = (typeof STATUS_OPTIONS)[number];
export type ReplyVia = (typeof REPLY_VIA_OPTIONS)[number];

/** Every action of the ticket page; each form posts one of these as its hidden `intent`. */
export const INTENTS = [
  "reply",
  "note",
  "assign",
  "interim",
  "callback",
  "pause",
  "resume",
  "resolve",
  "reopen",
  "happycall",
  "close",
  "upload",
] as const;
export type Intent = (typeof INTENTS)[number];

export function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && (INTENTS as readonly string[]).includes(value);
}

/**
 * The actions the ticket's current status allows (the ticket service enforces the same rules
 * and answers 409 otherwise; this only decides which forms are shown).
 */
export function allowedIntents(status: StatusValue, channel: ChannelValue, callbackOwed = false): Intent[] {
  const active = status === "new" || status === "open" || status === "waiting";
  const allowed: Intent[] = [];
  if (status !== "closed") allowed.push("reply");
  allowed.push("note");
  if (status !== "closed") allowed.push("assign");
  if (active) allowed.push("interim");
  // A visit's memo for an absent staff member owes a callback too.
  if (active && (channel === "phone" || callbackOwed)) allowed.push("callback");
  if (status === "new" || status === "open") allowed.push("pause");
  if (status === "waiting") allowed.push("resume");
  if (active) allowed.push("resolve");
  if (status === "resolved" || status === "closed") allowed.push("happycall", "reopen");
  if (status === "resolved") allowed.push("close");
  allowed.push("upload");
  return allowed;
}

/** The interim notice's channel to preselect: the reply's (the customer's preferred way first). */
export function defaultInterimVia(customer: { preferredContact: string | null; email: string | null; phone: string | null }): ReplyVia {
  return defaultReplyVia(customer);
}

/** The reply channel to preselect: the customer's preference, else what we can reach them by. */
export function defaultReplyVia(customer: { preferredContact: string | null; email: string | null; phone: string | null }): ReplyVia {
  const preferred = customer.preferredContact;
  if (preferred && (REPLY_VIA_OPTIONS as readonly string[]).includes(preferred)) return preferred as ReplyVia;
  if (customer.email) return "email";
  if (customer.phone) return "sms";
  return "mail";
}
