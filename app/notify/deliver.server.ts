// Delivery of the outbox in rounds (ADR 0005), run by the delivery loop of every worker process.
//
// A round claims a batch of queued notifications whose next attempt has come, with FOR UPDATE
// SKIP LOCKED, and in the same statement gives them a lease: a claim token and a next attempt at
// the end of the lease. The claim commits at once (no lock is held while sending), so other
// processes skip these rows until the lease ends; a process killed in the middle of a round
// leaves its rows to be claimed again then — never lost, and never sent twice by a live process
// as long as a send takes less than the lease. Each row is then rendered and sent, and its
// outcome written at once (with those that arrive while a write is on its way), only if the
// row still carries this round's token:
//   sent    — done;
//   retry   — a failure that may pass (SMTP down, Twilio 5xx): queued again, next attempt after an
//             exponential backoff (NOTIFY_RETRY_DELAY_SECONDS · 2^(try − 1));
//   failed  — the dead letter: a refusal (SMTP 5xx, Twilio 4xx), a payload the template cannot
//             use, or the last of NOTIFY_RETRY_LIMIT retries; the error is kept (masked) and the
//             row waits in the outbox for an administrator;
//   unsent  — a transport that is not configured, or no address: waits in the outbox with why.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { notifications } from "~/db/schema";
import { db } from "~/db/connection";
import { Batcher } from "~/lib/batcher";
import { logError, maskLogText } from "~/core/log.server";
import { notifyConfig, type NotifyConfig } from "./config.server";
import { asLocale, renderEmail, renderSms, type RenderedEmail } from "./render.server";
import { smsOptedOut } from "./sms-consent.server";
import { isTemplateName } from "./templates";
import { DeliveryError, sendEmail, sendSms } from "./transports.server";

/** Rows per round; all of a round's rows are sent at the same time, so this bounds concurrency too. */
export const DELIVERY_BATCH_SIZE = 20;
/**
 * How long a claim holds its rows. Longer than the slowest send can take (each transport gives
 * up after 20 s per step), because a live process's rows must not be claimed by another.
 */
export const DELIVERY_LEASE_SECONDS = 180;
/** Backoff never waits longer than this between two tries. */
const MAX_RETRY_DELAY_SECONDS = 6 * 3600;

const LEASE_EXPIRED = "lease_expired: the process sending it stopped before recording the outcome";

export type DeliveryOutcome =
  | { result: "sent"; providerId: string }
  | { result: "unsent"; error: string }
  | { result: "retry"; error: string; retryInSeconds: number }
  | { result: "failed"; error: string; permanent: boolean }
  /** The lease ran out and another round took the row over before this one recorded its outcome. */
  | { result: "lost" };

export type ClaimedNotification = {
  id: string;
  channel: "email" | "sms";
  toAddress: string | null;
  /** A customer's notification about a ticket: its replies are threaded back to the ticket. */
  threaded?: boolean;
  template: string;
  locale: string;
  payload: Record<string, unknown>;
  /** Tries so far, the abandoned one included (see `abandoned`). */
  attempts: number;
  attemptsBase: number;
  /** A claim whose lease ran out was taken over: its try counts, as it may have sent. */
  abandoned: boolean;
};

export type DeliveryRoundOptions = { batchSize?: number; leaseSeconds?: number; config?: NotifyConfig };
export type DeliveryRound = { claimed: number; outcomes: DeliveryOutcome[] };

/** The wait before the next try, after `tries` failed tries in this budget (1, 2, …). */
export function retryDelaySeconds(tries: number, config: Pick<NotifyConfig, "retryDelaySeconds">): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, config.retryDelaySeconds * 2 ** Math.max(0, tries - 1));
}

/** Claims up to `batchSize` due notifications for the round `token` (one statement, committed at once). */
export async function claimDueNotifications(
  token: string,
  options: { batchSize?: number; leaseSeconds?: number } = {},
): Promise<ClaimedNotification[]> {
  const batchSize = options.batchSize ?? DELIVERY_BATCH_SIZE;
  const leaseSeconds = options.leaseSeconds ?? DELIVERY_LEASE_SECONDS;
  const rows = await db().execute<{
    id: string;
    channel: "email" | "sms";
    to_address: string | null;
    threaded: boolean;
    template: string;
    locale: string;
    payload: Record<string, unknown>;
    attempts: number;
    attempts_base: number;
    abandoned: boolean;
  }>(sql`
    with due as (
      select id, lease_token is not null as abandoned
      from ${notifications}
      where status = 'queued' and next_attempt_at <= now()
      order by next_attempt_at
      limit ${batchSize}
      for update skip locked
    )
    update ${notifications} n
    set lease_token = ${token}::uuid,
        next_attempt_at = now() + make_interval(secs => ${leaseSeconds}),
        attempts = n.attempts + due.abandoned::int,
        error = case when due.abandoned then ${LEASE_EXPIRED} else n.error end,
        updated_at = now()
    from due
    where n.id = due.id
    returning n.id, n.channel, n.to_address, (n.audience = 'customer' and n.ticket_id is not null) as threaded, n.template, n.locale, n.payload, n.attempts, n.attempts_base, due.abandoned`);
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    toAddress: r.to_address,
    threaded: r.threaded,
    template: r.template,
    locale: r.locale,
    payload: r.payload,
    attempts: Number(r.attempts),
    attemptsBase: Number(r.attempts_base),
    abandoned: r.abandoned,
  }));
}

/** A claimed row's outcome, as the outcome writer stores it. */
type Outcome = {
  id: string;
  token: string;
  status: "sent" | "unsent" | "failed" | "queued";
  /** Null: the count stays (nothing was tried). */
  attempts: number | null;
  error: string | null;
  providerId: string | null;
  /** Queued again: the next try after this many seconds. */
  retryInSeconds: number | null;
};

/**
 * Outcomes are written as soon as they are known; those that come while a write is on its way go
 * together in the next one (Batcher) — a round's sends often finish at once, so one statement and
 * commit serves many notifications. Each row is written only if it is still queued under this
 * round's claim.
 */
const outcomeWriter = new Batcher<Outcome, boolean>(async (outcomes) => {
  const written = await db().execute<{ id: string }>(sql`
    update ${notifications} n
    set status = o.status,
        attempts = coalesce(o.attempts, n.attempts),
        error = o.error,
        provider_id = coalesce(o.provider_id, n.provider_id),
        sent_at = case when o.status = 'sent' then now() else n.sent_at end,
        next_attempt_at = case when o.retry_in_seconds is null then n.next_attempt_at else now() + make_interval(secs => o.retry_in_seconds) end,
        lease_token = null,
        updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(
      outcomes.map((o) => ({
        id: o.id,
        token: o.token,
        status: o.status,
        attempts: o.attempts,
        error: o.error,
        provider_id: o.providerId,
        retry_in_seconds: o.retryInSeconds,
      })),
    )}::jsonb) as o(id uuid, token uuid, status text, attempts int, error text, provider_id text, retry_in_seconds double precision)
    where n.id = o.id and n.status = 'queued' and n.lease_token = o.token
    returning n.id`);
  const ids = new Set(written.map((r) => r.id));
  return outcomes.map((o) => ids.has(o.id));
});

/** Writes a claimed row's outcome if the claim is still this round's; false when it was taken over. */
function record(
  row: ClaimedNotification,
  token: string,
  outcome: Pick<Outcome, "status" | "error"> & Partial<Pick<Outcome, "attempts" | "providerId" | "retryInSeconds">>,
): Promise<boolean> {
  return outcomeWriter.take({ attempts: null, providerId: null, retryInSeconds: null, ...outcome, id: row.id, token });
}

const stored = (error: string) => maskLogText(error).slice(0, 1000);

/** Renders, sends and records one claimed notification. */
export async function deliverClaimed(
  row: ClaimedNotification,
  token: string,
  config: NotifyConfig = notifyConfig(),
): Promise<DeliveryOutcome> {
  const lost: DeliveryOutcome = { result: "lost" };
  const unsent = async (error: string): Promise<DeliveryOutcome> =>
    (await record(row, token, { status: "unsent", error: stored(error) })) ? { result: "unsent", error } : lost;
  const dead = async (error: string, permanent: boolean, attempts: number): Promise<DeliveryOutcome> =>
    (await record(row, token, { status: "failed", attempts, error: stored(error) })) ? { result: "failed", error, permanent } : lost;

  // Taken over from a process that died: its try counted; it may have been the last one.
  if (row.abandoned && row.attempts - row.attemptsBase > config.retryLimit) return dead(LEASE_EXPIRED, false, row.attempts);

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
    return dead(message.startsWith("template_payload") ? message : `template_payload: ${message}`, true, row.attempts);
  }

  // The customer texted STOP / 수신거부: nothing is sent, and the outbox says why.
  if (row.channel === "sms" && (await smsOptedOut(row.toAddress))) return unsent("sms_opted_out: the recipient replied STOP (수신거부)");

  const attempts = row.attempts + 1;
  try {
    const sent = email
      ? await sendEmail(config.smtp!, { to: row.toAddress, ...email, notificationId: row.id, threaded: row.threaded ?? false })
      : await sendSms(config.twilio!, { to: row.toAddress, body: smsText! });
    const ok = await record(row, token, { status: "sent", attempts, providerId: sent.providerId, error: null });
    if (!ok) logError(`notify: notification ${row.id} was sent after its claim had run out (another round may send it again)`);
    return ok ? { result: "sent", providerId: sent.providerId } : lost;
  } catch (error) {
    const e = error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), false);
    const tries = attempts - row.attemptsBase;
    if (e.permanent || tries > config.retryLimit) return dead(e.message, e.permanent, attempts);
    const wait = retryDelaySeconds(tries, config);
    const ok = await record(row, token, { status: "queued", attempts, error: stored(e.message), retryInSeconds: wait });
    return ok ? { result: "retry", error: e.message, retryInSeconds: wait } : lost;
  }
}

/**
 * One round: claims a batch, sends all of it at once, records each outcome as it comes. A row
 * whose outcome could not be written (the database went away) stays claimed until its lease ends
 * and is tried again then; the round then fails, so that the loop backs off.
 */
export async function deliverDueNotifications(options: DeliveryRoundOptions = {}): Promise<DeliveryRound> {
  const config = options.config ?? notifyConfig();
  const token = randomUUID();
  const rows = await claimDueNotifications(token, options);
  if (rows.length === 0) return { claimed: 0, outcomes: [] };
  const settled = await Promise.allSettled(rows.map((row) => deliverClaimed(row, token, config)));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  const outcomes = settled.map((s) => (s as PromiseFulfilledResult<DeliveryOutcome>).value);
  // The dead letters, for the operator (the reason's code only: the detail may quote an address).
  for (const [i, o] of outcomes.entries()) {
    if (o.result === "failed") logError(`notify: notification ${rows[i]!.id} failed (${o.error.split(":")[0]}); it waits in the outbox`);
  }
  return { claimed: rows.length, outcomes };
}
