// The forms of an information-disclosure request's page: one schema each, shared by form and server.
import { z } from "zod";
import { DISCLOSURE_DECISIONS } from "~/db/schema";
import { REPLY_VIAS } from "~/tickets/schemas";
import { choice, maskedText, optionalMaskedText } from "~/core/validation";

export const DISCLOSURE_INTENTS = ["extend", "decide"] as const;
export type DisclosureIntent = (typeof DISCLOSURE_INTENTS)[number];

export const extendSchema = z.object({
  reason: maskedText(2_000),
  via: z.enum(["email", "sms"], { error: "error.invalidChoice" }).optional(),
});

export const decideSchema = z
  .object({
    decision: choice(DISCLOSURE_DECISIONS),
    reason: optionalMaskedText(2_000).optional(),
    objection: optionalMaskedText(2_000).optional(),
    answer: maskedText(20_000),
    via: choice(REPLY_VIAS),
  })
  .superRefine((v, ctx) => {
    // Anything withheld is explained, with how to object.
    if (v.decision === "disclosed") return;
    if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "error.required" });
    if (!v.objection) ctx.addIssue({ code: "custom", path: ["objection"], message: "error.required" });
  });
