// The staff "log a contact" form with a memo for an absent staff member (부재 직원 메모): the
// person who took the call or received the visitor names whom it is for; the memo goes to them
// (or their deputy while they are away) and starts a callback clock. Shared by the server and
// the browser (the same checks run before sending).
import { z } from "zod";
import { logContactFormSchema, type TicketIntake } from "~/tickets/schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Channels a memo can be taken from: a phone call or a visit. */
export const MEMO_CHANNELS = ["phone", "visit"] as const;

export type LogContactWithMemo = { intake: TicketIntake; memoFor: string | null };

/**
 * The log-contact form plus `memoFor` (a staff id, "" for none). Every problem is reported at
 * once: the base form's, then the memo's (a memo needs a phone number to call back, comes by
 * phone or visit, and is not something answered on the spot).
 */
export const logContactMemoSchema = z.unknown().transform((raw, ctx): LogContactWithMemo => {
  const input = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const base = logContactFormSchema.safeParse(input);
  if (!base.success) for (const issue of base.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  const rawFor = typeof input.memoFor === "string" ? input.memoFor.trim() : "";
  const memoFor = rawFor === "" ? null : rawFor;
  if (memoFor !== null) {
    if (!UUID.test(memoFor)) ctx.addIssue({ code: "custom", path: ["memoFor"], message: "error.invalidChoice" });
    const channel = input.channel;
    if (typeof channel === "string" && channel !== "" && !(MEMO_CHANNELS as readonly string[]).includes(channel)) {
      ctx.addIssue({ code: "custom", path: ["memoFor"], message: "error.memoChannel" });
    }
    if (typeof input.phone !== "string" || input.phone.trim() === "")
      ctx.addIssue({ code: "custom", path: ["phone"], message: "error.memoNeedsPhone" });
    if (input.resolvedOnContact === "on") ctx.addIssue({ code: "custom", path: ["resolvedOnContact"], message: "error.memoNotOnSpot" });
  }
  if (!base.success) return z.NEVER;
  // A memo is a request to call back, whatever way it came.
  return { intake: memoFor ? { ...base.data, callbackRequested: true } : base.data, memoFor };
});
