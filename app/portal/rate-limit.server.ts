// The customer portal's limits. The counters themselves (fixed windows in PostgreSQL, shared by
// every process) live in ~/security/rate-limit.server, with the desk's other limits.
import type { RateLimitRule } from "~/security/rate-limit.server";

export { hit, hitAll, sweepOldWindows, type RateLimitResult, type RateLimitRule } from "~/security/rate-limit.server";

/** The limits of the customer portal. */
export const PORTAL_LIMITS = {
  /** Asking for a one-time code: per client address and per reference typed. */
  codeRequestPerIp: { name: "otc-request-ip", limit: 10, windowSeconds: 15 * 60 },
  codeRequestPerReference: { name: "otc-request-ref", limit: 5, windowSeconds: 60 * 60 },
  /** Entering a code (each code also allows only 5 attempts). */
  codeVerifyPerIp: { name: "otc-verify-ip", limit: 20, windowSeconds: 15 * 60 },
  codeVerifyPerReference: { name: "otc-verify-ref", limit: 10, windowSeconds: 15 * 60 },
  /** Presenting a tracking link. */
  trackingLinkPerIp: { name: "track-link-ip", limit: 60, windowSeconds: 15 * 60 },
  /** What a customer sends on the track page, per ticket. */
  portalPostPerTicket: { name: "portal-post-ticket", limit: 30, windowSeconds: 60 * 60 },
  claimPerTicket: { name: "portal-claim-ticket", limit: 5, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, RateLimitRule>;
