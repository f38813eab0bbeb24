// One set of zod schemas for the browser forms, the form actions and the JSON API.
import { z } from "zod";
import { CHANNELS, CONTACT_PREFERENCES, MESSAGE_VIAS, TICKET_KINDS } from "~/db/schema";
import { isCalendarDate, kstDate, parseInstant } from "~/lib/time";
import { checkbox, choice, maskedText, optionalMaskedText, optionalText, requiredText } from "~/core/validation";
import { PRIVACY_CONSENT_VERSION } from "~/privacy/consent";

export { CHANNELS, CONTACT_PREFERENCES, TICKET_KINDS };

/** Kinds a contact can be filed as: a `visit` is announced on its own form (app/visits), with its appointment. */
export const INTAKE_KINDS = [
  "inquiry",
  "complaint",
  "suggestion",
  "unkindness",
  "praise",
  "disclosure",
] as const satisfies readonly (typeof TICKET_KINDS)[number][];
export const STAFF_LOGGED_CHANNELS = ["phone", "email", "mail", "fax", "visit", "sms"] as const;
export const REPLY_VIAS = ["email", "sms", "phone", "mail"] as const;
export const CALLBACK_OUTCOMES = ["reached", "no_answer", "left_message"] as const;

// zod 4 lets an object key be absent only when its schema is optional on input. optionalText() and
// `checkbox` (~/core/validation) are not, so an absent key — an unchecked checkbox, a field a form
// does not have, an optional JSON property left out — failed with "expected nonoptional".
// These two wrappers accept absence; every optional field below is built from them.
const optText = (max: number) => optionalText(max).optional();
/** Free text a person typed: masked as it is parsed (ADR 0008). */
const optMasked = (max: number) => optionalMaskedText(max).optional();
const flag = checkbox.optional().transform((v) => v ?? false);

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export const emailField = optText(254).refine((v) => v === undefined || EMAIL.test(v), "error.email");

/** Korean and international numbers; kept as typed but only digits, +, -, spaces, parentheses. */
export const phoneField = optText(30).refine((v) => {
  if (v === undefined) return true;
  if (!/^[0-9+\-() .]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}, "error.phone");

export const categoryField = optText(40)
  .refine((v) => v === undefined || /^[a-z0-9][a-z0-9_-]*$/.test(v), "error.invalidChoice")
  .transform((v) => v ?? "general");

const ONE_YEAR_MS = 366 * 24 * 3600 * 1000;
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/** When the contact actually arrived: optional (now), never in the future, at most a year back. */
export const receivedAtField = optText(40)
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const parsed = parseInstant(v);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: "error.instant" });
      return z.NEVER;
    }
    return parsed;
  })
  .refine((d) => d === undefined || d.getTime() <= Date.now() + CLOCK_SKEW_MS, "error.future")
  .refine((d) => d === undefined || d.getTime() >= Date.now() - ONE_YEAR_MS, "error.tooOld");

/**
 * What is wrong with a date a deadline is counted to, if anything: not a date at all, or outside
 * the working calendar's years (2000–2099; beyond them the arithmetic has no calendar to count on).
 */
function deadlineDateError(v: string): "error.date" | "error.dateRange" | null {
  if (!isCalendarDate(v)) return "error.date";
  return v >= "2000-01-01" && v <= "2099-12-31" ? null : "error.dateRange";
}
const checkDeadlineDate = (v: string | undefined, ctx: z.RefinementCtx) => {
  const error = v === undefined ? null : deadlineDateError(v);
  if (error) ctx.addIssue({ code: "custom", message: error });
};
export const calendarDateField = optText(10).superRefine(checkDeadlineDate);

const customerFields = {
  name: maskedText(100),
  email: emailField,
  phone: phoneField,
  // "" (no radio chosen) is no preference; anything else must be on the list.
  preferredContact: z.preprocess((v) => (v === "" ? undefined : v), choice(CONTACT_PREFERENCES).optional()),
};

export type TicketIntake = {
  channel: (typeof CHANNELS)[number];
  /** inquiry (default), complaint, suggestion (고객 의견) or unkindness (불친절 신고). */
  kind?: (typeof TICKET_KINDS)[number];
  category: string;
  subject: string;
  body: string;
  customer: { name: string; email?: string; phone?: string; preferredContact?: (typeof CONTACT_PREFERENCES)[number] };
  receivedAt?: Date;
  requestedReplyBy?: string;
  /** Where a postal answer goes (required when the customer chose 우편 on a form). */
  postalAddress?: string;
  /** The public form's 개인정보 수집·이용 동의: the wording version agreed to (app/portal/consent.ts). */
  privacyConsent?: { version: string };
  callbackRequested: boolean;
  resolvedOnContact: boolean;
};

/**
 * Cross-field rules shared by every intake path. They run even when single fields failed, so a
 * person sees every problem at once; values may then be unparsed, hence the defensive reads.
 */
function checkIntake(
  value: Partial<Record<keyof TicketIntake, unknown>>,
  ctx: z.RefinementCtx,
  customerPath: string[],
  channels: readonly string[] = CHANNELS,
  /** The request has a postal address field (forms and the JSON API): choosing 우편 needs it. */
  postalField = false,
) {
  const customer = (typeof value.customer === "object" && value.customer !== null ? value.customer : null) as Record<
    string,
    unknown
  > | null;
  const at = (field: string) => [...customerPath, field];
  // Rules that depend on the channel wait until a real channel was chosen.
  const channel = (channels as readonly unknown[]).includes(value.channel) ? value.channel : null;
  if (customer) {
    if (channel && !customer.email && !customer.phone && channel !== "mail" && channel !== "visit") {
      ctx.addIssue({ code: "custom", path: at("email"), message: "error.contactNeeded" });
    }
    if (customer.preferredContact === "email" && !customer.email) {
      ctx.addIssue({ code: "custom", path: at("email"), message: "error.preferredNeedsEmail" });
    }
    if ((customer.preferredContact === "sms" || customer.preferredContact === "phone") && !customer.phone) {
      ctx.addIssue({ code: "custom", path: at("phone"), message: "error.preferredNeedsPhone" });
    }
    if (postalField && customer.preferredContact === "mail" && !value.postalAddress) {
      ctx.addIssue({ code: "custom", path: ["postalAddress"], message: "error.preferredNeedsAddress" });
    }
  }
  if (channel && value.resolvedOnContact === true && channel !== "phone" && channel !== "visit") {
    ctx.addIssue({ code: "custom", path: ["resolvedOnContact"], message: "error.onSpotOnly" });
  }
  if (channel && value.callbackRequested === true && channel !== "phone") {
    ctx.addIssue({ code: "custom", path: ["callbackRequested"], message: "error.callbackPhoneOnly" });
  }
  // Compared only when both dates are real (a bad one already has its own error).
  const requested = value.requestedReplyBy;
  const receivedAt = value.receivedAt === undefined ? new Date() : value.receivedAt;
  if (typeof requested === "string" && isCalendarDate(requested) && receivedAt instanceof Date) {
    if (requested < kstDate(receivedAt)) {
      ctx.addIssue({ code: "custom", path: ["requestedReplyBy"], message: "error.datePast" });
    }
  }
}

/** Run the cross-field rules whenever the input was an object, even if some fields failed. */
const objectInput = { when: (payload: { value: unknown }) => typeof payload.value === "object" && payload.value !== null };

/** Where a postal answer goes (forms and API alike), masked like every free text. */
const postalAddressField = optMasked(300);

/** POST /api/v1/tickets body (API-CONTRACT.md). */
export const apiCreateTicketSchema = z
  .object(
    {
      channel: choice(CHANNELS),
      category: categoryField,
      subject: maskedText(200),
      body: maskedText(20_000),
      customer: z.object(customerFields, { error: "error.required" }),
      receivedAt: receivedAtField,
      requestedReplyBy: calendarDateField,
      /** Where a postal answer goes: the forms' field, required when 우편 is chosen. */
      postalAddress: postalAddressField,
      callbackRequested: flag,
      resolvedOnContact: flag,
    },
    { error: "error.invalid" },
  )
  .superRefine((value, ctx) => checkIntake(value, ctx, ["customer"], CHANNELS, true), objectInput);

/** Flat form fields shared by the public inquiry form and the staff "log a contact" form. */
const formIntakeFields = {
  category: categoryField,
  subject: maskedText(200),
  body: maskedText(20_000),
  name: customerFields.name,
  email: emailField,
  phone: phoneField,
  preferredContact: customerFields.preferredContact,
  /** Where a postal answer goes: required when 우편 is chosen (checkIntake). */
  postalAddress: postalAddressField,
  requestedReplyBy: calendarDateField,
};

function formToIntake(v: Record<string, any>, channel: TicketIntake["channel"]): TicketIntake {
  const kind = (INTAKE_KINDS as readonly unknown[]).includes(v.kind) ? (v.kind as TicketIntake["kind"]) : undefined;
  // An unkindness report or a praise names the staff member as the customer knows them: kept in
  // the text for the desk to link to the right person (the public form never lists staff).
  const staffLabel = kind === "unkindness" ? "응대 직원" : kind === "praise" ? "칭찬 직원" : null;
  const staffLine = staffLabel && typeof v.staffName === "string" && v.staffName ? `\n\n[${staffLabel}] ${v.staffName}` : "";
  return {
    channel,
    kind,
    category: v.category,
    subject: v.subject,
    body: typeof v.body === "string" ? v.body + staffLine : v.body,
    customer: { name: v.name, email: v.email, phone: v.phone, preferredContact: v.preferredContact },
    receivedAt: v.receivedAt,
    requestedReplyBy: v.requestedReplyBy,
    postalAddress: v.postalAddress,
    ...(v.privacyConsent === true ? { privacyConsent: { version: PRIVACY_CONSENT_VERSION } } : {}),
    callbackRequested: v.callbackRequested ?? false,
    resolvedOnContact: v.resolvedOnContact ?? false,
  };
}

/** The public web inquiry form at /inquiry. */
export const inquiryFormSchema = z
  .object({
    ...formIntakeFields,
    // Absent or "" is an inquiry (createTicket's default).
    kind: z.preprocess((v) => (v === "" ? undefined : v), choice(INTAKE_KINDS).optional()),
    /** Unkindness reports and praise: the staff member's name if the customer knows it (free text). */
    staffName: optMasked(100),
    /** 개인정보 수집·이용 동의 (PIPA 제15조): required; refusing means the inquiry cannot be filed online. */
    privacyConsent: flag,
  })
  .superRefine((v, ctx) => {
    checkIntake(formToIntake(v, "web"), ctx, [], CHANNELS, true);
    if (v.privacyConsent !== true) ctx.addIssue({ code: "custom", path: ["privacyConsent"], message: "error.consentRequired" });
  }, objectInput)
  .transform((v) => formToIntake(v, "web"));

/** The staff "log a contact" form. */
export const logContactFormSchema = z
  .object({
    ...formIntakeFields,
    channel: choice(STAFF_LOGGED_CHANNELS),
    kind: z.preprocess((v) => (v === "" ? undefined : v), choice(INTAKE_KINDS).optional()),
    /** Unkindness reports and praise: the staff member as the customer named them (free text). */
    staffName: optMasked(100),
    receivedAt: receivedAtField,
    callbackRequested: flag,
    resolvedOnContact: flag,
  })
  .superRefine((v, ctx) => checkIntake(formToIntake(v, v.channel), ctx, [], STAFF_LOGGED_CHANNELS, true), objectInput)
  .transform((v) => formToIntake(v, v.channel));

// Field names of the flat forms are the last part of the API paths ("customer.email" → "email").
export function flatFieldName(path: string): string {
  return path.startsWith("customer.") ? path.slice("customer.".length) : path;
}

export const assignSchema = z.object({ assignee: requiredText(254) });
export const replySchema = z.object({ body: maskedText(20_000), via: choice(REPLY_VIAS) });
export const noteSchema = z.object({ body: maskedText(20_000) });
export const interimNoticeSchema = z.object({
  reason: maskedText(2_000),
  expectedBy: requiredText(10).superRefine(checkDeadlineDate),
  /**
   * Any reply channel (post: a letter to send; phone: a call made); absent, the customer's preferred
   * one. SMS when renegotiating a customer's requested reply date (the charter says by text message).
   */
  via: choice(REPLY_VIAS).optional(),
  /** A manager approves an expected date past the resolution deadline by sending it themself. */
  managerApproval: checkbox.optional(),
});
export const callbackSchema = z.object({ outcome: choice(CALLBACK_OUTCOMES), note: optMasked(2_000) });
export const pauseSchema = z.object({ reason: maskedText(2_000) });
export const resumeSchema = z.object({}).passthrough();
export const resolveSchema = z.object({ answer: maskedText(20_000), via: choice(REPLY_VIAS).optional() });
export const reopenSchema = z.object({ reason: maskedText(2_000), dissatisfied: checkbox.optional() });
export const happyCallSchema = z.object({
  satisfied: z.enum(["yes", "no"], { error: "error.invalidChoice" }).transform((v) => v === "yes"),
  score: optText(1)
    .refine((v) => v === undefined || /^[1-5]$/.test(v), "error.invalidChoice")
    .transform((v) => (v === undefined ? undefined : Number(v))),
  comment: optMasked(2_000),
});

export const MESSAGE_VIA_VALUES = MESSAGE_VIAS;
