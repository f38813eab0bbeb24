// Customers who asked to hear about outages and maintenance (/status/subscribe). Each notice
// carries an unsubscribe link; its token is derived from the subscription id with the server
// secret (HMAC), so it can be put in every message while only its SHA-256 is stored.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { statusSubscriptions } from "../../db/schema";
import { executor, inTransaction, type Transaction } from "../../db/connection";
import { publicUrl } from "~/config/env.server";
import { smsNumber } from "~/notify/address.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { DeskError } from "~/tickets/errors";
import type { SubscribeInput } from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function secret(): string {
  const s = process.env.SESSION_SECRET;
  if (!s) throw new Error("SESSION_SECRET is not set (the start script provides one)");
  return s;
}

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

export type SubscribeResult = { created: boolean };

/**
 * Subscribes an email address and/or a mobile number. Subscribing an address that is already
 * subscribed changes nothing (and the answer does not tell whether it was).
 */
export async function subscribe(input: SubscribeInput, locale: "ko" | "en"): Promise<SubscribeResult> {
  const email = input.email?.toLowerCase() ?? null;
  let phone: string | null = null;
  if (input.phone) {
    phone = smsNumber(input.phone);
    if (!phone) throw new DeskError(422, "error.opsMobileOnly", { phone: "error.opsMobileOnly" });
  }
  return inTransaction(async (tx) => {
    // One subscription per address: serialize subscribers of the same address.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`status-sub:${email ?? ""}:${phone ?? ""}`}))`);
    const existing = await tx
      .select({ id: statusSubscriptions.id, email: statusSubscriptions.email, phone: statusSubscriptions.phone })
      .from(statusSubscriptions)
      .where(
        and(
          isNull(statusSubscriptions.cancelledAt),
          or(email ? sql`lower(${statusSubscriptions.email}) = ${email}` : sql`false`, phone ? eq(statusSubscriptions.phone, phone) : sql`false`),
        ),
      );
    const hasEmail = !email || existing.some((s) => s.email?.toLowerCase() === email);
    const hasPhone = !phone || existing.some((s) => s.phone === phone);
    if (hasEmail && hasPhone) return { created: false };
    const id = crypto.randomUUID();
    await tx.insert(statusSubscriptions).values({
      id,
      email: hasEmail ? null : email,
      phone: hasPhone ? null : phone,
      locale,
      unsubscribeTokenHash: sha256(unsubscribeToken(id)),
    });
    return { created: true };
  });
}

export type UnsubscribeLookup = { found: false } | { found: true; id: string; cancelled: boolean; email: string | null; phone: string | null };

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
 * Queues one message per active subscription (email when it has one, else SMS), in the caller's
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
      .select({ id: statusSubscriptions.id, email: statusSubscriptions.email, phone: statusSubscriptions.phone, locale: statusSubscriptions.locale })
      .from(statusSubscriptions)
      .where(and(isNull(statusSubscriptions.cancelledAt), gt(statusSubscriptions.id, after)))
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
