// Delivery of one notification (the `notify.deliver` job) and the safety-net sweep.
//
// A delivery claims its row with FOR UPDATE SKIP LOCKED while it is `queued` and keeps the lock
// until the outcome is written, so two jobs for the same row (a retry and a sweep's job, two
// workers) never both send it. Each try is counted on the row; a failure that may pass (SMTP
// down, Twilio 5xx) is retried by pg-boss with exponential backoff; after the last try the row
// is `failed` with the error and the job goes to the dead letters. A transport that is not
// configured leaves the row `unsent` with the reason: it stays in the outbox until an admin
// retries it.
import { and, eq, inArray, sql } from "drizzle-orm";
import { notifications } from "../../db/schema";
import { db } from "../../db/connection";
import { runningBoss } from "../../jobs/boss-holder";
import { notifyConfig, type NotifyConfig } from "./config.server";
import { enqueueDelivery } from "./queue.server";
import { asLocale, renderEmail, renderSms, type RenderedEmail } from "./render.server";
import { isTemplateName } from "./templates";
import { DeliveryError, sendEmail, sendSms } from "./transports.server";
import { NOTIFY_DELIVER_QUEUE } from "./names";

export type DeliveryOutcome =
  | { result: "skipped" }
  | { result: "sent"; providerId: string }
  | { result: "unsent"; error: string }
  | { result: "retry"; error: string }
  | { result: "failed"; error: string; permanent: boolean };

/**
 * Tries to deliver a queued notification once. `baseAttempts` is the row's attempt count when
 * the job was enqueued: the job's tries are counted from there (retryLimit + 1 in all).
 */
export async function deliverNotification(notificationId: string, baseAttempts = 0, config: NotifyConfig = notifyConfig()): Promise<DeliveryOutcome> {
  return db().transaction(async (tx): Promise<DeliveryOutcome> => {
    const [row] = await tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.id, notificationId), eq(notifications.status, "queued")))
      .for("update", { skipLocked: true });
    if (!row) return { result: "skipped" }; // sent, failed or unsent already — or another worker has it

    const finish = async (patch: Partial<typeof notifications.$inferInsert>) => {
      await tx.update(notifications).set({ ...patch, updatedAt: new Date() }).where(eq(notifications.id, row.id));
    };
    const unsent = async (error: string): Promise<DeliveryOutcome> => {
      await finish({ status: "unsent", error });
      return { result: "unsent", error };
    };

    if (!row.toAddress) return unsent("no_address: no recipient address");
    if (row.channel === "email" && !config.smtp) return unsent(`smtp_not_configured: ${config.smtpMissing} is not set`);
    if (row.channel === "sms" && !config.twilio) return unsent(`sms_not_configured: ${config.twilioMissing} not set`);

    // A payload the template cannot use will never render: failed at once, with the reason.
    let email: RenderedEmail | null = null;
    let smsText: string | null = null;
    try {
      if (!isTemplateName(row.template)) throw new Error(`template_payload: unknown template ${row.template}`);
      const locale = asLocale(row.locale);
      if (row.channel === "email") email = await renderEmail(row.template, row.payload, locale);
      else smsText = renderSms(row.template, row.payload, locale, config.deskPhone).text;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const text = message.startsWith("template_payload") ? message : `template_payload: ${message}`;
      await finish({ status: "failed", error: text.slice(0, 1000) });
      return { result: "failed", error: text, permanent: true };
    }

    const attempts = row.attempts + 1;
    try {
      const sent = email
        ? await sendEmail(config.smtp!, { to: row.toAddress, ...email, notificationId: row.id })
        : await sendSms(config.twilio!, { to: row.toAddress, body: smsText! });
      await finish({ status: "sent", attempts, providerId: sent.providerId, sentAt: new Date(), error: null });
      return { result: "sent", providerId: sent.providerId };
    } catch (error) {
      const e = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), false);
      const last = e.permanent || attempts - baseAttempts > config.retryLimit;
      await finish({ status: last ? "failed" : "queued", attempts, error: e.message });
      return last ? { result: "failed", error: e.message, permanent: e.permanent } : { result: "retry", error: e.message };
    }
  });
}

/** What the `notify.deliver` job does with an outcome: pg-boss retries on a throw. */
export async function runDeliveryJob(payload: { notificationId: string; baseAttempts: number }): Promise<DeliveryOutcome> {
  const outcome = await deliverNotification(payload.notificationId, payload.baseAttempts);
  if (outcome.result === "retry") throw new Error(outcome.error);
  if (outcome.result === "failed") {
    if (!outcome.permanent) throw new Error(outcome.error); // the last retry: pg-boss dead-letters the job
    // Retrying cannot help (bad address, refused content, broken payload): dead-letter it now.
    await runningBoss()?.send("dead-letters", { queue: NOTIFY_DELIVER_QUEUE, data: payload, reason: outcome.error });
  }
  return outcome;
}

/**
 * The safety net: queued rows untouched for `olderThanSeconds` with no live delivery job (none
 * created, waiting to retry or active) get one. Rows are claimed with SKIP LOCKED and touched,
 * so concurrent or repeated sweeps enqueue each at most once per interval.
 */
export async function sweepNotifications(options: { olderThanSeconds?: number; limit?: number } = {}): Promise<{ enqueued: number }> {
  if (!runningBoss()) return { enqueued: 0 };
  const olderThan = options.olderThanSeconds ?? 30;
  const limit = options.limit ?? 500;
  return db().transaction(async (tx) => {
    const stale = await tx.execute<{ id: string; attempts: number }>(sql`
      select n.id, n.attempts
      from ${notifications} n
      where n.status = 'queued'
        and n.updated_at < now() - make_interval(secs => ${olderThan})
        and not exists (
          select 1 from pgboss.job j
          where j.name = ${NOTIFY_DELIVER_QUEUE} and j.state < 'completed' and j.data->>'notificationId' = n.id::text
        )
      order by n.created_at
      limit ${limit}
      for update of n skip locked`);
    if (stale.length === 0) return { enqueued: 0 };
    const ids = stale.map((r) => r.id);
    await tx.update(notifications).set({ updatedAt: new Date() }).where(inArray(notifications.id, ids));
    await enqueueDelivery(tx, stale.map((r) => ({ id: r.id, baseAttempts: Number(r.attempts) })));
    return { enqueued: stale.length };
  });
}
