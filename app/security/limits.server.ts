// Per-client limits of the public endpoints, as one-line checks for their actions.
import { translate, type Lang } from "~/i18n/i18n";
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
