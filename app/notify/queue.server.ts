// Queueing notifications, inside the caller's transaction: the row is written exactly once per
// dedupe key, and the row is all there is to queue — the delivery loops (delivery-loop.server.ts,
// ADR 0005) claim queued rows whose next attempt has come — so a notification exists, and will
// be delivered, if and only if the change that caused it committed. The delivery loops are woken
// when the transaction commits, by PostgreSQL itself (trigger of migration 0039, wake.server.ts).
import { eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { customers, notifications, staff, tickets } from "~/db/schema";
import type { Transaction } from "~/db/connection";
import { uuidArray } from "~/db/sql-arrays";
import { routeCustomer, smsNumber, type NotifyChannel } from "./address.server";
import { asLocale, smsFitsWhole } from "./render.server";
import { isTemplateName, templates, type TemplateName } from "./templates";
import { maskCache, maskJson } from "~/core/mask";

export type { TemplateName } from "./templates";

export type NotificationRequest = {
  /** Exactly once per key: `ack:<ticketId>`, `reply:<messageId>`, `breach:<timerId>:<staffId>`… */
  dedupeKey: string;
  ticketId?: string | null;
  guaranteeCaseId?: string | null;
  audience: "customer" | "staff";
  recipientStaffId?: string | null;
  /** With `to`: the channel of that address. Without: the preferred channel (a customer's address is looked up). */
  channel?: NotifyChannel;
  to?: string;
  template: TemplateName;
  locale?: "ko" | "en";
  payload: Record<string, unknown>;
};

type Row = typeof notifications.$inferInsert;

/** Where each request goes (in the order given): the channel chosen for it and whether it is queued or unsent. */
export type QueuedRoute = { channel: NotifyChannel; status: string };

export async function queueNotifications(tx: Transaction, requests: NotificationRequest[]): Promise<QueuedRoute[]> {
  const routes: QueuedRoute[] = [];
  await insertNotifications(tx, requests, routes, { ids: false });
  return routes;
}

/**
 * Inserts what is new (by dedupe key) for delivery; returns the ids of the new rows (none with
 * `ids: false`: a sweep batch's thousand rows need not come back). `routes`, when given, receives
 * the channel and status chosen for every request.
 */
export async function insertNotifications(
  tx: Transaction,
  requests: NotificationRequest[],
  routes?: QueuedRoute[],
  options: { ids: boolean } = { ids: true },
): Promise<string[]> {
  if (requests.length === 0) return [];
  for (const r of requests) {
    if (!isTemplateName(r.template)) throw new Error(`unknown notification template: ${String(r.template)}`);
    if (!r.dedupeKey) throw new Error("a notification needs a dedupe key");
  }
  const rows = await resolveRows(tx, requests);
  routes?.push(...rows.map((r) => ({ channel: r.channel as NotifyChannel, status: r.status ?? "queued" })));
  // One JSON parameter for the whole batch (the sweep queues thousands at once): building a
  // multi-row VALUES list of them cost more than the insert. Unset columns take their defaults.
  const masked = maskCache();
  const json = JSON.stringify(
    rows.map((r) => ({
      dedupe_key: r.dedupeKey,
      ticket_id: r.ticketId ?? null,
      guarantee_case_id: r.guaranteeCaseId ?? null,
      audience: r.audience,
      recipient_staff_id: r.recipientStaffId ?? null,
      channel: r.channel,
      to_address: r.toAddress ?? null,
      template: r.template,
      locale: r.locale ?? null,
      // Masked whole: what a message says is rendered from this payload (SERVICE-STANDARDS §7).
      payload: r.payload ? maskJson(r.payload, masked) : null,
      status: r.status ?? null,
      error: r.error ?? null,
    })),
  );
  const inserted = await tx.execute<{ id: string }>(sql`
    insert into notifications (dedupe_key, ticket_id, guarantee_case_id, audience, recipient_staff_id, channel, to_address, template, locale, payload, status, error)
    select x.dedupe_key, x.ticket_id, x.guarantee_case_id, x.audience, x.recipient_staff_id, x.channel, x.to_address, x.template,
           coalesce(x.locale, 'ko'), coalesce(x.payload, '{}'::jsonb), coalesce(x.status, 'queued'), x.error
    from jsonb_to_recordset(${json}::jsonb) as x(dedupe_key text, ticket_id uuid, guarantee_case_id uuid, audience text,
      recipient_staff_id uuid, channel text, to_address text, template text, locale text, payload jsonb, status text, error text)
    on conflict (dedupe_key) do nothing
    ${options.ids ? sql`returning id` : sql``}`);
  return options.ids ? inserted.map((r) => r.id) : [];
}

/**
 * Makes queued rows due now, with a new budget of tries counted from `baseAttempts` (their
 * attempts so far), in the caller's transaction; the delivery loops are woken at the commit.
 */
export async function enqueueDelivery(tx: Transaction, items: Array<{ id: string; baseAttempts: number }>): Promise<void> {
  if (items.length === 0) return;
  const json = JSON.stringify(items.map((i) => ({ id: i.id, base: i.baseAttempts })));
  await tx.execute(sql`
    update notifications n
    set next_attempt_at = now(), attempts_base = x.base, lease_token = null, updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as x(id uuid, base int)
    where n.id = x.id and n.status = 'queued'`);
}

/**
 * `column` is one of `ids`. One id (every intake) as a plain equality: its prepared statement can
 * then keep a generic plan (allowGenericPlans), where `= any($1)` is planned again each call.
 */
function oneOrAny(column: AnyPgColumn, ids: string[]): SQL {
  return ids.length === 1 ? eq(column, ids[0]) : sql`${column} = any(${uuidArray(ids)})`;
}

async function resolveRows(tx: Transaction, requests: NotificationRequest[]): Promise<Row[]> {
  const needCustomer = [...new Set(requests.filter((r) => r.audience === "customer" && !r.to && r.ticketId).map((r) => r.ticketId!))];
  const needStaff = [...new Set(requests.filter((r) => r.audience === "staff" && r.recipientStaffId).map((r) => r.recipientStaffId!))];
  const [customerRows, staffRows] = await Promise.all([
    needCustomer.length
      ? tx
          .select({
            ticketId: tickets.id,
            name: customers.name,
            email: customers.email,
            phone: customers.phone,
            preferredContact: customers.preferredContact,
          })
          .from(tickets)
          .innerJoin(customers, eq(customers.id, tickets.customerId))
          .where(oneOrAny(tickets.id, needCustomer))
      : [],
    needStaff.length
      ? tx
          .select({ id: staff.id, email: staff.email, name: staff.name, locale: staff.locale, active: staff.active })
          .from(staff)
          .where(oneOrAny(staff.id, needStaff))
      : [],
  ]);
  const customerOf = new Map(customerRows.map((c) => [c.ticketId, c]));
  const staffOf = new Map(staffRows.map((s) => [s.id, s]));

  return requests.map((r): Row => {
    const base = rowBase(r);
    const def = templates[r.template];

    if (r.to) {
      const channel: NotifyChannel = def.smsOnly ? "sms" : (r.channel ?? (r.to.includes("@") ? "email" : "sms"));
      const to = channel === "sms" ? (smsNumber(r.to) ?? r.to) : r.to;
      return { ...base, channel, toAddress: to, locale: r.locale ?? "ko", payload: r.payload, status: "queued" };
    }

    if (r.audience === "staff") {
      const person = r.recipientStaffId ? staffOf.get(r.recipientStaffId) : undefined;
      const locale = r.locale ?? asLocale(person?.locale);
      const payload = person && r.payload.staffName === undefined ? { ...r.payload, staffName: person.name } : r.payload;
      if (!person) return { ...base, channel: "email", locale, payload, status: "unsent", error: "staff_no_email: no such staff member" };
      if (!person.active)
        return { ...base, channel: "email", toAddress: person.email, locale, payload, status: "unsent", error: "staff_inactive" };
      return { ...base, channel: "email", toAddress: person.email, locale, payload, status: "queued" };
    }

    return customerRow(r, base, r.ticketId ? customerOf.get(r.ticketId) : undefined);
  });
}

type CustomerContact = { name: string; email: string | null; phone: string | null; preferredContact: string | null };

/**
 * A customer's notification as it is queued: the channel and address their contact details allow
 * (or unsent, with the reason), the payload with their name. Intake calls this with the customer
 * row its one statement will leave (app/tickets/tickets.server.ts), the batch path above with the
 * row it read.
 */
export function customerNotificationRow(r: NotificationRequest, customer: CustomerContact | undefined): Row {
  return customerRow(r, rowBase(r), customer);
}

/** The columns every notification row takes from its request, whatever its channel. */
function rowBase(r: NotificationRequest) {
  return {
    dedupeKey: r.dedupeKey,
    ticketId: r.ticketId ?? null,
    guaranteeCaseId: r.guaranteeCaseId ?? null,
    audience: r.audience,
    recipientStaffId: r.recipientStaffId ?? null,
    template: r.template,
  };
}

function customerRow(r: NotificationRequest, base: Omit<Row, "channel">, customer: CustomerContact | undefined): Row {
  const def = templates[r.template];
  const locale = r.locale ?? "ko";
  const payload = customer && r.payload.customerName === undefined ? { ...r.payload, customerName: customer.name } : r.payload;
  if (!customer) {
    return {
      ...base,
      channel: r.channel ?? "email",
      locale,
      payload,
      status: "unsent",
      error: "no_address: no ticket/customer to send to",
    };
  }
  const route = routeCustomer(customer, {
    preferred: r.channel,
    smsOnly: def.smsOnly,
    smsFitsWhole: () => {
      try {
        return smsFitsWhole(r.template, payload, asLocale(locale));
      } catch {
        return true; // a payload that does not render fails at delivery, with the reason
      }
    },
  });
  if (!route.ok) {
    const detail =
      route.error === "no_mobile"
        ? `no_mobile: ${customer.phone} cannot receive text messages`
        : "no_address: the customer has no email address and no mobile number";
    return { ...base, channel: route.channel, locale, payload, status: "unsent", error: detail };
  }
  return {
    ...base,
    channel: route.channel,
    toAddress: route.to,
    locale,
    payload: route.note ? { ...payload, routing: route.note } : payload,
    status: "queued",
  };
}

/** A message to the customer of a ticket, on the channel their contact details allow. */
export async function queueCustomerNotification(
  tx: Transaction,
  ticketId: string,
  template: TemplateName,
  payload: Record<string, unknown>,
  dedupeKey: string,
  options: { channel?: NotifyChannel; locale?: "ko" | "en"; guaranteeCaseId?: string | null } = {},
): Promise<QueuedRoute> {
  const [route] = await queueNotifications(tx, [
    {
      dedupeKey,
      ticketId,
      guaranteeCaseId: options.guaranteeCaseId ?? null,
      audience: "customer",
      channel: options.channel,
      locale: options.locale,
      template,
      payload,
    },
  ]);
  return route;
}

/** A work notice to a staff member (by email, in their language). */
export async function queueStaffNotification(
  tx: Transaction,
  staffId: string,
  template: TemplateName,
  payload: Record<string, unknown>,
  dedupeKey: string,
  options: { ticketId?: string | null } = {},
): Promise<void> {
  await queueNotifications(tx, [
    { dedupeKey, ticketId: options.ticketId ?? null, audience: "staff", recipientStaffId: staffId, template, payload },
  ]);
}
