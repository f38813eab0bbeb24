// The outbox: every notification with its state, and the admin's way to send again what waited
// (unsent: no transport or no address) or failed.
import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { customers, notifications, NOTIFICATION_STATUSES, staff, tickets } from "~/db/schema";
import { db, type Transaction } from "~/db/connection";
import type { Actor } from "~/core/actor";
import { appendEvent } from "~/core/events.server";
import { decodeCursor, encodeCursor } from "~/core/cursor";
import { routeCustomer } from "./address.server";
import { notifyConfig } from "./config.server";
import { enqueueDelivery, insertNotifications } from "./queue.server";
import { asLocale, smsFitsWhole } from "./render.server";
import { isTemplateName, templates } from "./templates";

export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export function isNotificationStatus(value: unknown): value is NotificationStatus {
  return typeof value === "string" && (NOTIFICATION_STATUSES as readonly string[]).includes(value);
}

export type OutboxFilter = { status?: NotificationStatus; channel?: "email" | "sms"; cursor?: string; limit?: number };

export async function listOutbox(filter: OutboxFilter) {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 200);
  const where: SQL[] = [];
  if (filter.status) where.push(eq(notifications.status, filter.status));
  if (filter.channel) where.push(eq(notifications.channel, filter.channel));
  const c = filter.cursor ? decodeCursor(filter.cursor) : null;
  if (c)
    where.push(or(lt(notifications.createdAt, c.createdAt), and(eq(notifications.createdAt, c.createdAt), lt(notifications.id, c.id)))!);
  const rows = await db()
    .select({
      id: notifications.id,
      status: notifications.status,
      channel: notifications.channel,
      audience: notifications.audience,
      template: notifications.template,
      locale: notifications.locale,
      toAddress: notifications.toAddress,
      attempts: notifications.attempts,
      nextAttemptAt: notifications.nextAttemptAt,
      /** Claimed by a delivery round whose lease still runs: being sent now. */
      sending: sql<boolean>`(${notifications.leaseToken} is not null and ${notifications.nextAttemptAt} > now())`,
      error: notifications.error,
      createdAt: notifications.createdAt,
      updatedAt: notifications.updatedAt,
      sentAt: notifications.sentAt,
      payload: notifications.payload,
      reference: tickets.reference,
      staffName: staff.name,
    })
    .from(notifications)
    .leftJoin(tickets, eq(tickets.id, notifications.ticketId))
    .leftJoin(staff, eq(staff.id, notifications.recipientStaffId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(({ payload, ...r }) => ({ ...r, routing: typeof payload.routing === "string" ? payload.routing : null })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export async function outboxCounts(): Promise<Record<NotificationStatus, number>> {
  const rows = await db()
    .select({ status: notifications.status, n: sql<number>`count(*)::int` })
    .from(notifications)
    .groupBy(notifications.status);
  const counts = { queued: 0, sent: 0, failed: 0, unsent: 0 } as Record<NotificationStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/** Whether this process could send now (the worker reads the same settings at delivery). */
export function transportStatus() {
  const c = notifyConfig();
  return { email: c.smtp !== null, sms: c.twilio !== null, smtpMissing: c.smtpMissing, twilioMissing: c.twilioMissing };
}

export type RequeueResult = { requeued: boolean; reason?: string };

/**
 * Puts a failed or unsent notification back in the queue (new attempts budget; the count of
 * earlier attempts is kept). A customer message without an address is routed again first, in
 * case the customer's contact details were completed since.
 */
export async function requeueNotification(id: string, actor: Actor): Promise<RequeueResult> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return { requeued: false, reason: "not_found" };
  return db().transaction(async (tx) => {
    const [row] = await tx.select().from(notifications).where(eq(notifications.id, id)).for("update");
    if (!row) return { requeued: false, reason: "not_found" };
    if (row.status !== "failed" && row.status !== "unsent") return { requeued: false, reason: "not_retryable" };
    let patch: Partial<typeof notifications.$inferInsert> = {};
    if (!row.toAddress && row.audience === "customer" && row.ticketId && isTemplateName(row.template)) {
      const template = row.template;
      const [contact] = await tx
        .select({ email: customers.email, phone: customers.phone, preferredContact: customers.preferredContact })
        .from(tickets)
        .innerJoin(customers, eq(customers.id, tickets.customerId))
        .where(eq(tickets.id, row.ticketId));
      const route = contact
        ? routeCustomer(contact, {
            smsOnly: templates[template].smsOnly,
            smsFitsWhole: () => safeFits(template, row.payload, row.locale),
          })
        : null;
      if (!route || !route.ok) {
        const error =
          route?.ok === false && route.error === "no_mobile"
            ? "no_mobile: the customer's phone cannot receive text messages"
            : "no_address: the customer has no email address and no mobile number";
        await tx.update(notifications).set({ error, updatedAt: new Date() }).where(eq(notifications.id, id));
        return { requeued: false, reason: error };
      }
      patch = { channel: route.channel, toAddress: route.to };
    }
    await tx
      .update(notifications)
      .set({ ...patch, status: "queued", error: null, updatedAt: new Date() })
      .where(eq(notifications.id, id));
    await enqueueDelivery(tx, [{ id, baseAttempts: row.attempts }]);
    if (row.ticketId)
      await appendEvent(tx, row.ticketId, "notification.requeued", actor, {
        notificationId: id,
        template: row.template,
        previousStatus: row.status,
        previousError: row.error,
      });
    return { requeued: true };
  });
}

/** Requeues every unsent (and failed) notification, e.g. after a transport was configured. */
export async function requeueAll(statuses: Array<"unsent" | "failed">, actor: Actor): Promise<{ requeued: number; skipped: number }> {
  const rows = await db().select({ id: notifications.id }).from(notifications).where(inArray(notifications.status, statuses)).limit(1_000);
  let requeued = 0;
  for (const r of rows) if ((await requeueNotification(r.id, actor)).requeued) requeued++;
  return { requeued, skipped: rows.length - requeued };
}

/** A fresh token for the resend forms of one page view. */
export function newResendNonce(): string {
  return randomBytes(12).toString("base64url");
}

/**
 * Sends a notification again as a new one (the original stays as it was). `nonce` comes from the
 * form, so a double submission sends once.
 */
export async function resendNotification(id: string, nonce: string, actor: Actor): Promise<RequeueResult> {
  if (!/^[0-9a-f-]{36}$/i.test(id) || !/^[\w-]{8,64}$/.test(nonce)) return { requeued: false, reason: "not_found" };
  return db().transaction(async (tx: Transaction) => {
    const [row] = await tx.select().from(notifications).where(eq(notifications.id, id));
    if (!row || !isTemplateName(row.template)) return { requeued: false, reason: "not_found" };
    if (row.status !== "sent") return { requeued: false, reason: "not_resendable" };
    const { routing: _routing, ...payload } = row.payload;
    const inserted = await insertNotifications(tx, [
      {
        dedupeKey: `resend:${row.id}:${nonce}`,
        ticketId: row.ticketId,
        guaranteeCaseId: row.guaranteeCaseId,
        audience: row.audience,
        recipientStaffId: row.recipientStaffId,
        channel: row.channel,
        // Staff: looked up again. Customer: the same address it went to.
        to: row.audience === "customer" && row.toAddress ? row.toAddress : undefined,
        template: row.template,
        locale: asLocale(row.locale),
        payload,
      },
    ]);
    if (inserted.length && row.ticketId) {
      await appendEvent(tx, row.ticketId, "notification.resent", actor, {
        notificationId: inserted[0],
        originalId: row.id,
        template: row.template,
      });
    }
    return { requeued: inserted.length > 0 };
  });
}

function safeFits(template: Parameters<typeof smsFitsWhole>[0], payload: Record<string, unknown>, locale: string): boolean {
  try {
    return smsFitsWhole(template, payload, asLocale(locale));
  } catch {
    return true;
  }
}
