// Forms of the operations area (outages, maintenance, compliance review, surveys, status
// subscriptions): shared zod schemas whose messages are i18n keys (see messages/operations.ts).
import { z } from "zod";
import { isCalendarDate, parseInstant } from "~/lib/time";
import { checkbox, maskedText, optionalMaskedText, optionalText } from "~/core/validation";

/** A date and time typed in a datetime-local field (read as KST) or an ISO instant with an offset. */
export const requiredInstant = z
  .string({ error: "error.required" })
  .transform((v) => v.trim())
  .pipe(z.string().min(1, "error.required"))
  .transform((v, ctx) => {
    const d = parseInstant(v);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "error.instant" });
      return z.NEVER;
    }
    return d;
  });

/** Empty or missing → undefined; otherwise a real instant. */
export const optionalInstant = z.union([z.string(), z.null(), z.undefined()], { error: "error.instant" }).transform((v, ctx) => {
  const s = (v ?? "").trim();
  if (s === "") return undefined;
  const d = parseInstant(s);
  if (!d) {
    ctx.addIssue({ code: "custom", message: "error.instant" });
    return z.NEVER;
  }
  return d;
});

export const SERVICE_MAX = 100;
export const DESCRIPTION_MAX = 2000;
export const UPDATE_MAX = 1000;

export const declareOutageSchema = z.object({
  service: maskedText(SERVICE_MAX),
  description: maskedText(DESCRIPTION_MAX),
  /** When the service stopped; empty = now. Never in the future. */
  startedAt: optionalInstant,
});
export type DeclareOutageInput = z.output<typeof declareOutageSchema>;

export const publishEtaSchema = z.object({
  expectedRecoveryAt: requiredInstant,
  message: optionalMaskedText(UPDATE_MAX),
});
export type PublishEtaInput = z.output<typeof publishEtaSchema>;

export const outageUpdateSchema = z.object({
  message: maskedText(UPDATE_MAX),
  expectedRecoveryAt: optionalInstant,
});
export type OutageUpdateInput = z.output<typeof outageUpdateSchema>;

export const resolveOutageSchema = z.object({
  /** When service was restored; empty = now. */
  resolvedAt: optionalInstant,
  message: optionalMaskedText(UPDATE_MAX),
});
export type ResolveOutageInput = z.output<typeof resolveOutageSchema>;

export const maintenanceSchema = z
  .object({
    service: maskedText(SERVICE_MAX),
    description: maskedText(DESCRIPTION_MAX),
    startsAt: requiredInstant,
    endsAt: requiredInstant,
  })
  .superRefine((v, ctx) => {
    if (!(v.endsAt instanceof Date) || !(v.startsAt instanceof Date)) return; // each has its own error
    if (v.endsAt.getTime() <= v.startsAt.getTime()) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "error.opsEndBeforeStart" });
  });
export type MaintenanceInput = z.output<typeof maintenanceSchema>;

/** A calendar month "YYYY-MM". */
export const monthSchema = z
  .string({ error: "error.required" })
  .transform((v) => v.trim())
  .pipe(
    z
      .string()
      .min(1, "error.required")
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "error.opsMonth"),
  );

export const buildReportSchema = z.object({ month: monthSchema });

export const CAMPAIGN_NAME_MAX = 100;

export const launchCampaignSchema = z.object({
  name: maskedText(CAMPAIGN_NAME_MAX),
  /** The last day answers are taken (KST date); empty = 30 days from now. */
  closesOn: z
    .union([z.string(), z.null(), z.undefined()])
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().refine((v) => v === "" || isCalendarDate(v), "error.date"))
    .transform((v) => (v === "" ? undefined : v)),
});
export type LaunchCampaignInput = z.output<typeof launchCampaignSchema>;

export const COMMENT_MAX = 2000;

export const surveyAnswerSchema = z.object({
  score: z
    .union([z.string(), z.null(), z.undefined()])
    .transform((v) => (v ?? "").trim())
    .pipe(
      z
        .string()
        .min(1, "error.opsScoreRequired")
        .regex(/^[1-5]$/, "error.opsScoreRequired"),
    )
    .transform(Number),
  comment: optionalMaskedText(COMMENT_MAX),
});
export type SurveyAnswerInput = z.output<typeof surveyAnswerSchema>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const subscribeSchema = z
  .object({
    email: optionalText(254).pipe(z.string().regex(EMAIL, "error.email").optional()),
    phone: optionalText(30),
    /** 개인정보 수집·이용 동의 (PIPA 제15조, issue 21): required, recorded on the subscription. */
    privacyConsent: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!v.email && !v.phone) ctx.addIssue({ code: "custom", path: ["email"], message: "error.opsSubscribeContact" });
    if (v.privacyConsent !== true) ctx.addIssue({ code: "custom", path: ["privacyConsent"], message: "error.consentRequiredSubscribe" });
  });
/** privacyConsent: true from the public form (required there); other callers (the desk) give none. */
export type SubscribeInput = Omit<z.output<typeof subscribeSchema>, "privacyConsent"> & { privacyConsent?: boolean };
