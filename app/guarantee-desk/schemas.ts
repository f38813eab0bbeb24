// The guarantee desk's forms, checked with zod on the server. Messages are i18n keys
// ("error.*"), translated beside the fields by app/core/validation.ts.
import { z } from "zod";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { maskedText } from "~/core/validation";

export const GUARANTEE_INTENTS = ["factCheck", "apology", "confirm"] as const;
export type GuaranteeIntent = (typeof GUARANTEE_INTENTS)[number];

export function isGuaranteeIntent(value: unknown): value is GuaranteeIntent {
  return typeof value === "string" && (GUARANTEE_INTENTS as readonly string[]).includes(value);
}

/** The fact-check result (sent to the customer) and whether the desk was at fault. */
export const factCheckFormSchema = z.object({
  result: maskedText(2000),
  deskAtFault: z.enum(["yes", "no"], { error: "error.guaranteeFault" }).transform((v) => v === "yes"),
});

/** The apology of the staff member concerned. */
export const apologyFormSchema = z.object({
  apology: maskedText(2000),
});

/** The customer's confirmation that closes the case: an explicit tick, never a default. */
export const confirmFormSchema = z.object({
  confirmed: z.literal("on", { error: "error.guaranteeConfirm" }),
});

/** "고객이 직원 착오로 2회 이상 방문함": the ticket and what happened. */
export const repeatVisitFormSchema = z.object({
  reference: z
    .string({ error: "error.required" })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, "error.required").regex(REFERENCE_PATTERN, "error.guaranteeReference")),
  note: maskedText(1000),
});
