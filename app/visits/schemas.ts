// The forms of visit assistance (몸이 불편하신 고객의 방문): announcing a visit — on the public page or
// by staff — and recording how it went. One schema each, shared by form and server; messages are
// i18n keys (app/i18n/messages/visits.ts).
import { z } from "zod";
import { VISIT_HELP, VISIT_OUTCOMES, type VisitHelp } from "~/db/schema";
import { requiredInstant } from "~/outages/schemas";
import { emailField, phoneField } from "~/tickets/schemas";
import { checkbox, choice, maskedText, optionalMaskedText, optionalText } from "~/core/validation";

/** One checkbox per kind of help (`help_wheelchair`, …): a form posts each as its own field. */
export const helpField = (help: VisitHelp) => `help_${help}`;

const ONE_YEAR_MS = 366 * 24 * 3600 * 1000;

const announceFields = {
  visitAt: requiredInstant
    .refine((d) => d.getTime() > Date.now(), "error.visit.past")
    .refine((d) => d.getTime() < Date.now() + ONE_YEAR_MS, "error.visit.tooFar"),
  ...(Object.fromEntries(VISIT_HELP.map((h) => [helpField(h), checkbox])) as Record<`help_${VisitHelp}`, typeof checkbox>),
  helpOther: optionalMaskedText(200),
  name: maskedText(100),
  email: emailField,
  phone: phoneField,
};

type AnnounceShape = { [K in `help_${VisitHelp}`]: boolean } & { helpOther?: string; email?: string; phone?: string };

function checkAnnounce(v: AnnounceShape, ctx: z.RefinementCtx) {
  if (!VISIT_HELP.some((h) => v[helpField(h) as `help_${VisitHelp}`]))
    ctx.addIssue({ code: "custom", path: ["help"], message: "error.visit.help" });
  // "Other" says what help is needed.
  if (v.help_other && !v.helpOther) ctx.addIssue({ code: "custom", path: ["helpOther"], message: "error.visit.helpOther" });
  // The confirmation goes somewhere: an email address or a phone number.
  if (!v.email && !v.phone) ctx.addIssue({ code: "custom", path: ["phone"], message: "error.visit.contact" });
}

/** The public form at /visit: whom to visit is free text (the page never lists staff). */
export const publicVisitSchema = z
  .object({ ...announceFields, visiting: optionalMaskedText(100), privacyConsent: checkbox })
  .superRefine((v, ctx) => {
    checkAnnounce(v, ctx);
    if (!v.privacyConsent) ctx.addIssue({ code: "custom", path: ["privacyConsent"], message: "error.consentRequired" });
  });

/** The desk's form at /desk/visits: a staff member and/or a department, from the lists. */
export const staffVisitSchema = z
  .object({
    ...announceFields,
    staffId: optionalText(36),
    department: optionalMaskedText(100),
    channel: choice(["phone", "visit", "email", "fax", "mail"] as const),
  })
  .superRefine((v, ctx) => checkAnnounce(v, ctx));

export const recordVisitSchema = z
  .object({
    reference: z.string().trim().min(1, "error.required").max(40),
    outcome: choice(VISIT_OUTCOMES),
    helpGiven: checkbox,
    note: optionalMaskedText(2_000),
  })
  .superRefine((v, ctx) => {
    // A visit that did not happen says what was tried (as a missed remote session does).
    if (v.outcome === "no_show" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "error.visit.noShowNote" });
  });

export type PublicVisitInput = z.output<typeof publicVisitSchema>;
export type StaffVisitInput = z.output<typeof staffVisitSchema>;
export type RecordVisitInput = z.output<typeof recordVisitSchema>;

/** The help ticked on a parsed form, in the list's order. */
export function helpOf(v: Record<string, unknown>): VisitHelp[] {
  return VISIT_HELP.filter((h) => v[helpField(h)] === true);
}
