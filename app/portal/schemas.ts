// The customer portal's forms and the desk's voice actions. Messages are i18n keys (see
// app/i18n/messages/portal.ts); the same schemas run in the browser and in the actions.
import { z } from "zod";
import { choice, maskedText, optionalMaskedText, requiredText } from "~/core/validation";

/** Mirrors REFERENCE_PATTERN (app/tickets/reference.server.ts) for browser code. */
export const REFERENCE_FORMAT = /^\d{6}-\d{4,}$/;
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/** Free text a person typed: masked as it is parsed (ADR 0008). */
const optMasked = (max: number) => optionalMaskedText(max).optional();

/** A reference as people type it: spaces dropped, any dash-like character read as "-". */
export const referenceField = requiredText(20)
  .transform((v) => v.replace(/\s+/g, "").replace(/[‐-―−－]/g, "-"))
  .refine((v) => REFERENCE_FORMAT.test(v), "error.referenceFormat");

/** One field for "email or mobile number". */
export const contactField = requiredText(254).refine((v) => {
  if (v.includes("@")) return EMAIL.test(v);
  if (!/^[0-9+\-() .]+$/.test(v)) return false;
  const digits = v.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15;
}, "error.contactFormat");

export const lookupRequestSchema = z.object({ reference: referenceField, contact: contactField });

export const lookupVerifySchema = z.object({
  reference: referenceField,
  contact: contactField,
  code: requiredText(20)
    .transform((v) => v.replace(/\s+/g, ""))
    .refine((v) => /^\d{6}$/.test(v), "error.codeFormat"),
});

/** The text of a reply; documents may come without it (checked in the action with the files). */
export const portalReplySchema = z.object({ body: optMasked(20_000) });

export const SCORES = ["1", "2", "3", "4", "5"] as const;
export const portalRateSchema = z.object({
  score: choice(SCORES).transform(Number),
  comment: optMasked(2_000),
});

/** The promises a customer can say were broken (the charter's published standards), or another. */
export const CLAIM_PROMISES = ["reply_deadline", "requested_date", "no_interim", "callback", "other"] as const;
export type ClaimPromise = (typeof CLAIM_PROMISES)[number];

/** A guarantee claim: which promise, and what happened — both required (issue 21: no one-click, empty claim). */
export const portalClaimSchema = z.object({ promise: choice(CLAIM_PROMISES), note: maskedText(2_000) });

export const UNKINDNESS_REPORTERS = ["customer", "manager"] as const;
export const unkindnessReportSchema = z.object({
  staff: requiredText(254),
  reportedBy: choice(UNKINDNESS_REPORTERS),
});

export const praiseSchema = z.object({ staff: requiredText(254) });
