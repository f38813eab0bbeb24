// Customers who asked to hear about outages and maintenance (/status/subscribe), confirmed by a
// link sent to the address (/status/confirm/<token>) before anything else is sent. Each notice
// carries an unsubscribe link; its token is derived from the subscription id with the server
// secret (HMAC), so it can be put in every message while only its SHA-256 is stored.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { statusSubscriptions } from "~/db/schema";
import { executor, inTransaction, type Transaction } from "~/db/connection";
import { publicUrl, sessionSecret } from "~/config/env.server";
import { smsNumber } from "~/notify/address.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { DeskError } from "~/core/errors";
import { hitAll, type RateLimitRule } from "~/security/rate-limit.server";
import type { SubscribeInput } from "./schemas";
import { PRIVACY_CONSENT_VERSION } from "~/privacy/consent";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const secret = sessionSecret;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

function mac(id: string): string {
  return createHmac("sha256", secret()).update(`status-unsubscribe:${id}`).digest("base64url");
}

/** The unsubscribe token of a subscription: `<id>.<hmac>`. */
export function unsubscribeToken(id: string): string {
  return `${id}.${mac(id)}`;
}

export function unsubscribeUrl(id: string): string {
  return `${publicUrl()}/status/unsubscribe/${unsubscribeToken(id)}`;
}

export function statusUrl(): string {
  return `${publicUrl()}/status`;
}

/** Checks a token's form and MAC before touching the database. */
function tokenIsWellFormed(token: string): boolean {
  const [id, given, extra] = token.split(".");
  if (extra !== undefined || !id || !given || !UUID.test(id)) return false;
  const expected = Buffer.from(mac(id));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 24;

/** The subscribe form's limits: per client, and per address typed (so nobody floods someone's inbox). */
export const SUBSCRIBE_LIMITS = {
  perClient: { name: "status-subscribe-ip", limit: 10, windowSeconds: 15 * 60 },
  perAddress: { name: "status-subscribe-address", limit: 3, windowSeconds: 60 * 60 },
} satisfies Record<string, RateLimitRule>;

export function confirmUrl(token: string): string {
  return `${publicUrl()}/status/confirm/${token}`;
}

const CONFIRM_TOKEN = /^[A-Za-z0-9_-]{43}$/;

type Address = { kind: "email" | "phone"; value: string };

/** The addresses typed, normalised: an email in lower case, a mobile number in E.164. */
function addressesOf(input: SubscribeInput): Address[] {
  const out: Address[] = [];
  if (input.email) out.push({ kind: "email", value: input.email.toLowerCase() });
  if (input.phone) {
    const phone = smsNumber(input.phone);
    if (!phone) throw new DeskError(422, "error.opsMobileOnly", { phone: "error.opsMobileOnly" });
    out.push({ kind: "phone", value: phone });
  }
  return out;
}

export type SubscribeResult = { created: number; confirmationsSent: number };

/**
 * Asks for notices at an email address and/or a mobile number: each address gets its own
 * subscription, unconfirmed, and a confirmation link; nothing else is sent to it until the link
 * is followed. An address already confirmed gets nothing new; one still unconfirmed gets a fresh
 * link (the old one stops working). The answer never tells which was the case.
 */
export async function subscribe(input: SubscribeInput, locale: "ko" | "en", now = new Date()): Promise<SubscribeResult> {
  const addresses = addressesOf(input);
  // The customer's 개인정보 수집·이용 동의 on the form: its wording version and time, kept with the subscription.
  const consent = input.privacyConsent ? { privacyConsentVersion: PRIVACY_CONSENT_VERSION, privacyConsentedAt: now } : {};
  return inTransaction(async (tx) => {
    let created = 0;
    let confirmationsSent = 0;
    for (const address of addresses) {
      // One subscription per address: serialize subscribers of the same address.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`status-sub:${address.kind}:${address.value}`}))`);
      const existing = await tx
        .select({ id: statusSubscriptions.id, confirmedAt: statusSubscriptions.confirmedAt })
        .from(statusSubscriptions)
        .where(
          and(
            isNull(statusSubscriptions.cancelledAt),
            address.kind === "email"
              ? sql`lower(${statusSubscriptions.email}) = ${address.value}`
              : eq(statusSubscriptions.phone, address.value),
          ),
        );
      if (existing.some((s) => s.confirmedAt !== null)) continue;
      const token = randomBytes(32).toString("base64url");
      const tokenHash = sha256(token);
      let id = existing[0]?.id;
      if (id) {
        await tx
          .update(statusSubscriptions)
          .set({ confirmTokenHash: tokenHash, confirmSentAt: now, locale, ...consent })
          .where(eq(statusSubscriptions.id, id));
      } else {
        id = crypto.randomUUID();
        await tx.insert(statusSubscriptions).values({
          id,
          email: address.kind === "email" ? address.value : null,
          phone: address.kind === "phone" ? address.value : null,
          locale,
          unsubscribeTokenHash: sha256(unsubscribeToken(id)),
          confirmTokenHash: tokenHash,
          confirmSentAt: now,
          createdAt: now,
          ...consent,
        });
        created++;
      }
      await queueNotifications(tx, [
        {
          dedupeKey: `status-confirm:${id}:${tokenHash.slice(0, 16)}`,
          audience: "customer",
          to: address.value,
          channel: address.kind === "email" ? "email" : "sms",
          locale,
          template: "status_confirm",
          payload: {
            confirmUrl: confirmUrl(token),
            expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000).toISOString(),
            statusUrl: statusUrl(),
          },
        },
      ]);
      confirmationsSent++;
    }
    return { created, confirmationsSent };
  });
}

export type SubscribeRequestResult = { status: "sent" } | { status: "limited"; retryAfterSeconds: number };

/** The subscribe form: the limits first (per client and per address), then `subscribe`. */
export async function requestSubscription(
  input: SubscribeInput,
  locale: "ko" | "en",
  client: string | null,
  now = new Date(),
): Promise<SubscribeRequestResult> {
  const checks: Array<[RateLimitRule, string]> = addressesOf(input).map((a) => [SUBSCRIBE_LIMITS.perAddress, `${a.kind}:${a.value}`]);
  if (client) checks.unshift([SUBSCRIBE_LIMITS.perClient, client]);
  const limit = await hitAll(checks, now);
  if (!limit.allowed) return { status: "limited", retryAfterSeconds: limit.retryAfterSeconds };
  await subscribe(input, locale, now);
  return { status: "sent" };
}

export type ConfirmLookup = { state: "invalid" } | { state: "pending" | "confirmed"; address: string | null };

/** What a confirmation link names: a live unconfirmed subscription, one already confirmed, or nothing usable. */
export async function findConfirmation(token: string, now = new Date()): Promise<ConfirmLookup> {
  if (!CONFIRM_TOKEN.test(token)) return { state: "invalid" };
  const row = (
    await executor()
      .select()
      .from(statusSubscriptions)
      .where(eq(statusSubscriptions.confirmTokenHash, sha256(token)))
      .limit(1)
  )[0];
  if (!row || row.cancelledAt) return { state: "invalid" };
  if (row.confirmedAt) return { state: "confirmed", address: maskedAddress(row) };
  if (!row.confirmSentAt || now.getTime() - row.confirmSentAt.getTime() > CONFIRM_HOURS * 3_600_000) return { state: "invalid" };
  return { state: "pending", address: maskedAddress(row) };
}

/** Follows a confirmation link: true when it confirmed the subscription now or had already. */
export async function confirmSubscription(token: string, now = new Date()): Promise<boolean> {
  const found = await findConfirmation(token, now);
  if (found.state === "invalid") return false;
  if (found.state === "confirmed") return true;
  const cutoff = new Date(now.getTime() - CONFIRM_HOURS * 3_600_000);
  const updated = await executor()
    .update(statusSubscriptions)
    .set({ confirmedAt: now })
    .where(
      and(
        eq(statusSubscriptions.confirmTokenHash, sha256(token)),
        isNull(statusSubscriptions.cancelledAt),
        gt(statusSubscriptions.confirmSentAt, cutoff),
      ),
    )
    .returning({ id: statusSubscriptions.id });
  return updated.length > 0;
}

export type UnsubscribeLookup =
  { found: false } | { found: true; id: string; cancelled: boolean; email: string | null; phone: string | null };

export async function findSubscriptionByToken(token: string): Promise<UnsubscribeLookup> {
  if (!tokenIsWellFormed(token)) return { found: false };
  const rows = await executor()
    .select()
    .from(statusSubscriptions)
    .where(eq(statusSubscriptions.unsubscribeTokenHash, sha256(token)))
    .limit(1);
  const row = rows[0];
  if (!row) return { found: false };
  return { found: true, id: row.id, cancelled: row.cancelledAt !== null, email: row.email, phone: row.phone };
}

/** Ends a subscription; true when the token named one (already ended counts). */
export async function unsubscribe(token: string, now = new Date()): Promise<boolean> {
  const found = await findSubscriptionByToken(token);
  if (!found.found) return false;
  await executor()
    .update(statusSubscriptions)
    .set({ cancelledAt: now })
    .where(and(eq(statusSubscriptions.id, found.id), isNull(statusSubscriptions.cancelledAt)));
  return true;
}

export type Subscriber = { id: string; email: string | null; phone: string | null; locale: "ko" | "en" };

const CHUNK = 1_000;

/**
 * Queues one message per confirmed, active subscription (email when it has one, else SMS), in the caller's
 * transaction, in chunks. `dedupe(sub)` makes it exactly once per subscription and event.
 */
export async function notifySubscribers(
  tx: Transaction,
  template: NotificationRequest["template"],
  payload: Record<string, unknown>,
  dedupe: (subscriptionId: string) => string,
): Promise<number> {
  let after = "00000000-0000-0000-0000-000000000000";
  let queued = 0;
  for (;;) {
    const subs = await tx
      .select({
        id: statusSubscriptions.id,
        email: statusSubscriptions.email,
        phone: statusSubscriptions.phone,
        locale: statusSubscriptions.locale,
      })
      .from(statusSubscriptions)
      // Only confirmed subscriptions: an address nobody confirmed receives nothing but its link.
      .where(and(isNull(statusSubscriptions.cancelledAt), isNotNull(statusSubscriptions.confirmedAt), gt(statusSubscriptions.id, after)))
      .orderBy(asc(statusSubscriptions.id))
      .limit(CHUNK);
    if (subs.length === 0) break;
    const requests: NotificationRequest[] = [];
    for (const s of subs) {
      const to = s.email ?? s.phone;
      if (!to) continue;
      requests.push({
        dedupeKey: dedupe(s.id),
        audience: "customer",
        to,
        channel: s.email ? "email" : "sms",
        locale: s.locale === "en" ? "en" : "ko",
        template,
        payload: { ...payload, statusUrl: statusUrl(), unsubscribeUrl: unsubscribeUrl(s.id) },
      });
    }
    await queueNotifications(tx, requests);
    queued += requests.length;
    after = subs[subs.length - 1]!.id;
    if (subs.length < CHUNK) break;
  }
  return queued;
}

/** The subscribed address, partly hidden ("ho***@example.com", "010-****-5678"). */
export function maskedAddress(s: { email: string | null; phone: string | null }): string | null {
  if (s.email) {
    const [local, domain] = s.email.split("@");
    return `${(local ?? "").slice(0, 2)}***@${domain ?? ""}`;
  }
  if (s.phone) {
    const local = s.phone.startsWith("+82") ? `0${s.phone.slice(3)}` : s.phone;
    return `${local.slice(0, 3)}-****-${local.slice(-4)}`;
  }
  return null;
}
