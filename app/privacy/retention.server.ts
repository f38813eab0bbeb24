// Retention (SERVICE-STANDARDS §7, issue 7): the personal data of tickets closed longer than
// RETENTION_YEARS (default 5) ago is anonymised — the customer's name, email and phone (and a postal address), every
// message body, the subject and first text, attachments' contents and names, notification
// addresses and texts, survey comments, guarantee write-ups. What is kept: the reference,
// channel, category, dates, SLA timers and outcomes, and the (append-only) history, so the
// statistics and the audit trail stay whole.
//
// `retentionReport` is the dry run: it counts what would change and changes nothing. The job
// and `npm run desk -- privacy:retention` anonymise in batches, one transaction per batch, each
// ticket with a `privacy.anonymised` event (which is also how a ticket is known to be done).
// A customer is anonymised only when none of their other tickets is still within retention.
import { DateTime } from "luxon";
import { sql } from "drizzle-orm";
import { db, type Transaction } from "~/db/connection";
import { setting } from "~/config/env.server";

export const REDACTED = "[보존기간 경과로 삭제됨]";
export const ANONYMOUS_NAME = "(익명 처리됨)";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
export const RETENTION_EVENT = "privacy.anonymised";

/** RETENTION_YEARS: a whole number of years, 1–100 (default 5). A bad value is an error, never a guess. */
export function retentionYears(source?: Record<string, string | undefined>): number {
  return setting("RETENTION_YEARS", source);
}

/** Tickets closed before this instant are past retention (calendar years back, in KST). */
export function retentionCutoff(now: Date, years: number): Date {
  return DateTime.fromJSDate(now, { zone: "Asia/Seoul" }).minus({ years }).toJSDate();
}

export type RetentionReport = {
  years: number;
  cutoff: Date;
  tickets: number;
  customers: number;
  messages: number;
  attachments: number;
  attachmentBytes: number;
  notifications: number;
  ratingsWithComments: number;
};

type Options = { years?: number; now?: Date };

function eligible(cutoff: Date) {
  return sql`
    t.status = 'closed' and t.closed_at < ${cutoff.toISOString()}::timestamptz
    and not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.type = ${RETENTION_EVENT})`;
}

/** Customers of these tickets that no ticket still within retention (or open) needs. */
function releasableCustomers(ticketIds: ReturnType<typeof sql>, cutoff: Date) {
  return sql`
    select distinct c.id from customers c
    where c.id in (select customer_id from tickets where id in (${ticketIds}))
      and c.name <> ${ANONYMOUS_NAME}
      and not exists (
        select 1 from tickets o
        where o.customer_id = c.id and not (o.status = 'closed' and o.closed_at < ${cutoff.toISOString()}::timestamptz)
      )`;
}

/** The dry run: what an anonymisation now would change. Nothing is written. */
export async function retentionReport(options: Options = {}): Promise<RetentionReport> {
  const years = options.years ?? retentionYears();
  const cutoff = retentionCutoff(options.now ?? new Date(), years);
  const ids = sql`select t.id from tickets t where ${eligible(cutoff)}`;
  const [row] = await db().execute<{
    tickets: number;
    customers: number;
    messages: number;
    attachments: number;
    attachment_bytes: string | number;
    notifications: number;
    ratings: number;
  }>(sql`
    select
      (select count(*)::int from tickets t where ${eligible(cutoff)}) as tickets,
      (select count(*)::int from (${releasableCustomers(ids, cutoff)}) c) as customers,
      (select count(*)::int from messages m where m.ticket_id in (${ids})) as messages,
      (select count(*)::int from attachments a where a.ticket_id in (${ids})) as attachments,
      (select coalesce(sum(octet_length(a.data)), 0)::bigint from attachments a where a.ticket_id in (${ids})) as attachment_bytes,
      (select count(*)::int from notifications n where n.ticket_id in (${ids})) as notifications,
      (select count(*)::int from satisfaction_ratings r where r.ticket_id in (${ids}) and r.comment is not null) as ratings`);
  return {
    years,
    cutoff,
    tickets: Number(row.tickets),
    customers: Number(row.customers),
    messages: Number(row.messages),
    attachments: Number(row.attachments),
    attachmentBytes: Number(row.attachment_bytes),
    notifications: Number(row.notifications),
    ratingsWithComments: Number(row.ratings),
  };
}

export type RetentionResult = {
  years: number;
  cutoff: Date;
  batches: number;
  tickets: number;
  customers: number;
  messages: number;
  attachments: number;
  notifications: number;
};

/** Anonymises every ticket past retention, `batchSize` tickets per transaction. Resumable and idempotent. */
export async function anonymiseExpired(
  options: Options & { batchSize?: number; maxBatches?: number; onBatch?: (done: RetentionResult) => void } = {},
): Promise<RetentionResult> {
  const years = options.years ?? retentionYears();
  const now = options.now ?? new Date();
  const cutoff = retentionCutoff(now, years);
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 500, 5_000));
  const total: RetentionResult = { years, cutoff, batches: 0, tickets: 0, customers: 0, messages: 0, attachments: 0, notifications: 0 };
  for (let i = 0; i < (options.maxBatches ?? Number.POSITIVE_INFINITY); i++) {
    const step = await db().transaction((tx) => anonymiseBatch(tx, cutoff, years, batchSize, now));
    if (step.tickets === 0) break;
    total.batches++;
    total.tickets += step.tickets;
    total.customers += step.customers;
    total.messages += step.messages;
    total.attachments += step.attachments;
    total.notifications += step.notifications;
    options.onBatch?.({ ...total });
    if (step.tickets < batchSize) break;
  }
  return total;
}

async function anonymiseBatch(tx: Transaction, cutoff: Date, years: number, batchSize: number, now: Date) {
  const claimed = await tx.execute<{ id: string }>(sql`
    select t.id from tickets t where ${eligible(cutoff)}
    order by t.closed_at, t.id
    limit ${batchSize}
    for update of t skip locked`);
  const empty = { tickets: 0, customers: 0, messages: 0, attachments: 0, notifications: 0 };
  if (claimed.length === 0) return empty;
  const idList = sql.join(
    claimed.map((c) => sql`${c.id}::uuid`),
    sql`, `,
  );

  const customers = await tx.execute<{ id: string }>(sql`
    update customers set name = ${ANONYMOUS_NAME}, email = null, phone = null, preferred_contact = null
    where id in (${releasableCustomers(idList, cutoff)})
    returning id`);
  const messages = await tx.execute<{ ticket_id: string }>(sql`
    update messages set body = ${REDACTED} where ticket_id in (${idList}) and body <> ${REDACTED} returning ticket_id`);
  const attachments = await tx.execute<{ ticket_id: string }>(sql`
    update attachments set data = ''::bytea, size = 0, sha256 = ${EMPTY_SHA256},
      filename = 'deleted' || case content_type when 'application/pdf' then '.pdf' when 'image/png' then '.png' when 'image/jpeg' then '.jpg' else '.tif' end
    where ticket_id in (${idList}) and size > 0 returning ticket_id`);
  const notifications = await tx.execute<{ ticket_id: string }>(sql`
    update notifications set to_address = null,
      payload = jsonb_build_object('reference', payload->'reference', 'anonymised', true), updated_at = ${now.toISOString()}::timestamptz
    where ticket_id in (${idList}) and not (payload ? 'anonymised') returning ticket_id`);
  await tx.execute(sql`update satisfaction_ratings set comment = null where ticket_id in (${idList}) and comment is not null`);
  // A visit's free text (the help asked for, whom, how it went) goes with the person; when and what kind of help stay for the counts.
  await tx.execute(sql`
    update visit_appointments set help_other = null, department = null, outcome_note = null
    where ticket_id in (${idList}) and (help_other is not null or department is not null or outcome_note is not null)`);
  await tx.execute(sql`
    update guarantee_cases set
      fact_check_result = case when fact_check_result is null then null else ${REDACTED} end,
      apology = case when apology is null then null else ${REDACTED} end
    where ticket_id in (${idList})`);
  await tx.execute(sql`delete from one_time_codes where ticket_id in (${idList})`);
  await tx.execute(sql`
    update tickets set subject = ${REDACTED}, body = ${REDACTED}, tracking_token_hash = null, postal_address = null, updated_at = ${now.toISOString()}::timestamptz
    where id in (${idList})`);

  const count = (rows: Array<{ ticket_id: string }>) => {
    const by = new Map<string, number>();
    for (const r of rows) by.set(r.ticket_id, (by.get(r.ticket_id) ?? 0) + 1);
    return by;
  };
  const [m, a, n] = [count(messages), count(attachments), count(notifications)];
  await tx.execute(sql`
    insert into ticket_events (ticket_id, type, at, actor, data)
    select x.id, ${RETENTION_EVENT}, ${now.toISOString()}::timestamptz, 'system:retention', x.data
    from jsonb_to_recordset(${JSON.stringify(
      claimed.map((c) => ({
        id: c.id,
        data: {
          retentionYears: years,
          closedBefore: cutoff.toISOString(),
          messages: m.get(c.id) ?? 0,
          attachments: a.get(c.id) ?? 0,
          notifications: n.get(c.id) ?? 0,
        },
      })),
    )}::jsonb) as x(id uuid, data jsonb)`);
  return {
    tickets: claimed.length,
    customers: customers.length,
    messages: messages.length,
    attachments: attachments.length,
    notifications: notifications.length,
  };
}
