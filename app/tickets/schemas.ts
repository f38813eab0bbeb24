// One set of zod schemas for the browser forms, the form actions and the JSON API.
import { z } from "zod";
import { CHANNELS, CONTACT_PREFERENCES, MESSAGE_VIAS } from "../../db/schema";
import { isCalendarDate, kstDate, parseInstant } from "~/lib/time";
import { checkbox, choice, optionalText, requiredText } from "~/ui/validation";

export { CHANNELS, CONTACT_PREFERENCES };
export const STAFF_LOGGED_CHANNELS = ["phone", "email", "mail", "fax", "visit", "sms"] as const;
export const REPLY_VIAS = ["email", "sms", "phone", "mail"] as const;
export const CALLBACK_OUTCOMES = ["reached", "no_answer", "left_message"] as const;

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export const emailField = optionalText(254).refine((v) => v === undefined || EMAIL.test(v), "error.email");

/** Korean and international numbers; kept as typed but only digits, +, -, spaces, parentheses. */
export const phoneField = optionalText(30).refine((v) => {
  if (v === undefined) return true;
  if (!/^[0-9+\-() .]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}, "error.phone");

export const categoryField = optionalText(40)
  .refine((v) => v === undefined || /^[a-z0-9][a-z0-9_-]*$/.test(v), "error.invalidChoice")
  .transform((v) => v ?? "general");

const ONE_YEAR_MS = 366 * 24 * 3600 * 1000;
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/** When the contact actually arrived: optional (now), never in the future, at most a year back. */
export const receivedAtField = optionalText(40)
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

export const calendarDateField = optionalText(10).refine((v) => v === undefined || isCalendarDate(v), "error.date");

const customerFields = {
  name: requiredText(100),
  email: emailField,
  phone: phoneField,
  preferredContact: choice(CONTACT_PREFERENCES).optional().or(z.literal("").transform(() => undefined)),
};

export type TicketIntake = {
  channel: (typeof CHANNELS)[number];
  category: string;
  subject: string;
  body: string;
  customer: { name: string; email?: string; phone?: string; preferredContact?: (typeof CONTACT_PREFERENCES)[number] };
  receivedAt?: Date;
  requestedReplyBy?: string;
  callbackRequested: boolean;
  resolvedOnContact: boolean;
};

type IntakeDraft = Omit<TicketIntake, "receivedAt"> & { receivedAt?: Date };

/** Cross-field rules shared by every intake path. */
function checkIntake(value: IntakeDraft, ctx: z.RefinementCtx, customerPath: string[]) {
  const { customer } = value;
  const at = (field: string) => [...customerPath, field];
  if (!customer.email && !customer.phone && value.channel !== "mail" && value.channel !== "visit") {
    ctx.addIssue({ code: "custom", path: at("email"), message: "error.contactNeeded" });
  }
  if (customer.preferredContact === "email" && !customer.email) {
    ctx.addIssue({ code: "custom", path: at("email"), message: "error.preferredNeedsEmail" });
  }
  if ((customer.preferredContact === "sms" || customer.preferredContact === "phone") && !customer.phone) {
    ctx.addIssue({ code: "custom", path: at("phone"), message: "error.preferredNeedsPhone" });
  }
  if (value.resolvedOnContact && value.channel !== "phone" && value.channel !== "visit") {
    ctx.addIssue({ code: "custom", path: ["resolvedOnContact"], message: "error.onSpotOnly" });
  }
  if (value.callbackRequested && value.channel !== "phone") {
    ctx.addIssue({ code: "custom", path: ["callbackRequested"], message: "error.callbackPhoneOnly" });
  }
  if (value.requestedReplyBy) {
    const receivedDay = kstDate(value.receivedAt ?? new Date());
    if (value.requestedReplyBy < receivedDay) {
      ctx.addIssue({ code: "custom", path: ["requestedReplyBy"], message: "error.datePast" });
    }
  }
}

/** POST /api/v1/tickets body (API-CONTRACT.md). */
export const apiCreateTicketSchema = z
  .object(
    {
      channel: choice(CHANNELS),
      category: categoryField,
      subject: requiredText(200),
      body: requiredText(20_000),
      customer: z.object(customerFields, { error: "error.required" }),
      receivedAt: receivedAtField,
      requestedReplyBy: calendarDateField,
      callbackRequested: checkbox,
      resolvedOnContact: checkbox,
    },
    { error: "error.invalid" },
  )
  .superRefine((value, ctx) => checkIntake(value as IntakeDraft, ctx, ["customer"]));

/** Flat form fields shared by the public inquiry form and the staff "log a contact" form. */
const formIntakeFields = {
  category: categoryField,
  subject: requiredText(200),
  body: requiredText(20_000),
  name: customerFields.name,
  email: emailField,
  phone: phoneField,
  preferredContact: customerFields.preferredContact,
  requestedReplyBy: calendarDateField,
};

function formToIntake(v: Record<string, any>, channel: TicketIntake["channel"]): TicketIntake {
  return {
    channel,
    category: v.category,
    subject: v.subject,
    body: v.body,
    customer: { name: v.name, email: v.email, phone: v.phone, preferredContact: v.preferredContact },
    receivedAt: v.receivedAt,
    requestedReplyBy: v.requestedReplyBy,
    callbackRequested: v.callbackRequested ?? false,
    resolvedOnContact: v.resolvedOnContact ?? false,
  };
}

/** The public web inquiry form at /inquiry. */
export const inquiryFormSchema = z
  .object({ ...formIntakeFields, kind: optionalText(20) })
  .transform((v) => formToIntake(v, "web"))
  .superRefine((value, ctx) => checkIntake(value, ctx, []));

/** The staff "log a contact" form. */
export const logContactFormSchema = z
  .object({
    ...formIntakeFields,
    channel: choice(STAFF_LOGGED_CHANNELS),
    receivedAt: receivedAtField,
    callbackRequested: checkbox,
    resolvedOnContact: checkbox,
  })
  .transform((v) => formToIntake(v, v.channel))
  .superRefine((value, ctx) => checkIntake(value, ctx, []));

// Field names of the flat forms are the last part of the API paths ("customer.email" → "email").
export function flatFieldName(path: string): string {
  return path.startsWith("customer.") ? path.slice("customer.".length) : path;
}

export const assignSchema = z.object({ assignee: requiredText(254) });
export const replySchema = z.object({ body: requiredText(20_000), via: choice(REPLY_VIAS) });
export const noteSchema = z.object({ body: requiredText(20_000) });
export const interimNoticeSchema = z.object({
  reason: requiredText(2_000),
  expectedBy: requiredText(10).refine(isCalendarDate, "error.date"),
  /** SMS when renegotiating a customer's requested reply date (the charter says by text message). */
  via: z.enum(["email", "sms"], { error: "error.invalidChoice" }).optional(),
  /** A manager approves an expected date past the resolution deadline by sending it themself. */
  managerApproval: checkbox.optional(),
});
export const callbackSchema = z.object({ outcome: choice(CALLBACK_OUTCOMES), note: optionalText(2_000) });
export const pauseSchema = z.object({ reason: requiredText(2_000) });
export const resumeSchema = z.object({}).passthrough();
export const resolveSchema = z.object({ answer: requiredText(20_000), via: choice(REPLY_VIAS).optional() });
export const reopenSchema = z.object({ reason: requiredText(2_000), dissatisfied: checkbox.optional() });
export const happyCallSchema = z.object({
  satisfied: z.enum(["yes", "no"], { error: "error.invalidChoice" }).transform((v) => v === "yes"),
  score: optionalText(1)
    .refine((v) => v === undefined || /^[1-5]$/.test(v), "error.invalidChoice")
    .transform((v) => (v === undefined ? undefined : Number(v))),
  comment: optionalText(2_000),
});

export const MESSAGE_VIA_VALUES = MESSAGE_VIAS;
