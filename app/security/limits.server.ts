// Per-client limits of the public endpoints, as one-line checks for their actions.
import { data } from "@remix-run/node";
import { translate, type Lang } from "~/i18n/i18n";
import type { IntakeActionData } from "~/intake/intake-action.server";
import { FILE_FIELD } from "~/intake/options";
import { textValues } from "~/ui/form-data.server";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { clientIp } from "./client-ip.server";
import { hit, SECURITY_LIMITS, type RateLimitResult, type RateLimitRule } from "./rate-limit.server";

/** Counts a hit for this client address; null when within the limit, else the result. */
export async function limitClient(rule: RateLimitRule, request: Request, context?: unknown): Promise<RateLimitResult | null> {
  const result = await hit(rule, clientIp(request, context));
  return result.allowed ? null : result;
}

/** "Too many requests, try again in N minutes" in the person's language. */
export function tooManyMessage(lang: Lang, retryAfterSeconds: number): string {
  return retryAfterSeconds < 120
    ? translate(lang, "security.tooManySeconds", { seconds: Math.max(1, retryAfterSeconds) })
    : translate(lang, "security.tooMany", { minutes: Math.ceil(retryAfterSeconds / 60) });
}

/** /inquiry posts per client address. */
export function limitInquiry(request: Request, context?: unknown): Promise<RateLimitResult | null> {
  return limitClient(SECURITY_LIMITS.inquiryPerIp, request, context);
}

/**
 * Twilio webhooks per client address, checked before the signature (so a flood of forged
 * requests costs one row update each). Twilio retries a 429 later.
 */
export async function limitWebhook(request: Request, context?: unknown): Promise<Response | null> {
  const limited = await limitClient(SECURITY_LIMITS.webhookPerIp, request, context);
  if (!limited) return null;
  return new Response("Too many requests.", {
    status: 429,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "Retry-After": String(limited.retryAfterSeconds) },
  });
}

/**
 * The answer to an /inquiry post over the limit: the form again with the message and what was
 * typed (files are not kept), status 429 with Retry-After. Same shape as the intake's own errors.
 */
export async function tooManyInquiries(request: Request, lang: Lang, retryAfterSeconds: number) {
  const upload = await readFormWithFiles(request, FILE_FIELD);
  const failure: IntakeActionData = {
    errors: { _: tooManyMessage(lang, retryAfterSeconds) },
    values: upload.ok ? textValues(upload.form) : {},
    filesDropped: upload.ok ? upload.hadFiles : true,
  };
  return data(failure, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}
