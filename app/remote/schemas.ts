// The forms of a ticket's remote-support page: one schema each, shared by form and server.
import { z } from "zod";
import { REMOTE_OUTCOMES } from "~/db/schema";
import { requiredInstant } from "~/outages/schemas";
import { choice, maskedText, optionalMaskedText, optionalText } from "~/core/validation";

export const REMOTE_INTENTS = ["request", "schedule", "outcome"] as const;
export type RemoteIntent = (typeof REMOTE_INTENTS)[number];

export const requestSchema = z.object({ problem: maskedText(2_000) });

export const scheduleSchema = z.object({
  at: requiredInstant,
  expertId: optionalText(64).optional(),
  join: optionalMaskedText(500).optional(),
  reason: optionalMaskedText(2_000).optional(),
  via: z.enum(["email", "sms"], { error: "error.invalidChoice" }).optional(),
});

export const outcomeSchema = z
  .object({ outcome: choice(REMOTE_OUTCOMES), note: optionalMaskedText(2_000).optional() })
  .superRefine((v, ctx) => {
    // A session the customer missed says what was tried.
    if (v.outcome === "customer_absent" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "error.required" });
  });
