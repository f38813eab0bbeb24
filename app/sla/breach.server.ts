// What a breach sets off, whichever path found it — the sweep at the deadline, or an action that
// finished a clock after its deadline (ADR 0007) — so that both give a broken promise the same
// consequences: the guarantee case (or a trigger joined to the open one), the customer's apology,
// the staff alerts. Exactly once: each clock becomes `breached` once (the callers hold its row
// lock), and every row written here is keyed by that clock or by the case.
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { staff, type GuaranteeTrigger, type SlaMetric } from "~/db/schema";
import type { Transaction } from "~/db/connection";
import type { Actor } from "~/core/actor";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { clockLabelsOf } from "./clock-labels.server";
import type { Period } from "./counting";
import type { WorkingCalendar } from "./calendar";
import { openOrJoinCases } from "./guarantee-cases.server";

/** Breaking these is breaking a promise to the customer: a service guarantee case opens. */
export const GUARANTEE_METRICS: SlaMetric[] = [
  "first_reply",
  "resolution",
  "callback",
  "requested_reply",
  "promised_date",
  "disclosure_decision",
  "remote_contact",
  "remote_session",
];

/** The manager hears of a breach whose ticket is still open 1 working day after the breach. */
const ESCALATE_AFTER_WORKING_MS = 8 * 3_600_000;

/** When a clock that broke at `dueAtMs` escalates to the managers (counted from the breach itself). */
export function escalationAt(calendar: WorkingCalendar, dueAtMs: number): Date {
  return new Date(calendar.addWorkingTime(dueAtMs, ESCALATE_AFTER_WORKING_MS));
}

/** A clock that has just become `breached`, with what its ticket's alerts say. */
export type BreachedClock = {
  id: string;
  ticket_id: string;
  metric: SlaMetric;
  /** The period the clock counts (its policy's); null for a clock counted to a date. */
  period: Period | null;
  /** ISO text (as in the events). */
  due_at: string;
  reference: string;
  subject: string;
  assignee_id: string | null;
  team_id: string | null;
  channel: string;
  category: string;
};

/** Clocks grouped by their ticket, tickets in order of their first clock, clocks in their order. */
export function clocksByTicket<T extends { ticket_id: string }>(clocks: T[]): Map<string, T[]> {
  const byTicket = new Map<string, T[]>();
  for (const c of clocks) {
    const list = byTicket.get(c.ticket_id);
    if (list) list.push(c);
    else byTicket.set(c.ticket_id, [c]);
  }
  return byTicket;
}

/**
 * What an alert about one ticket's clocks says (breach alerts, managers' alerts): the earliest
 * clock's deadline, every clock by its policy's label. `list` is one ticket's clocks, earliest first.
 */
function clocksAlertPayload(list: BreachedClock[]) {
  const c = list[0];
  return {
    reference: c.reference,
    subject: c.subject,
    metric: c.metric,
    dueAt: c.due_at,
    metrics: list.map((x) => x.metric),
    clockLabels: clockLabelsOf(list),
  };
}

/** More tickets than this for one person in one batch reach them as one summary (ADR 0028, 0029). */
export const SUMMARY_AFTER = 5;
/** A summary lists this many tickets (the earliest deadlines); the desk's overdue queue has them all. */
export const SUMMARY_LIST = 20;

/**
 * What a summary of several tickets' clocks says (managers' and breach summaries): how many
 * tickets and clocks, the earliest deadline, the first SUMMARY_LIST tickets by deadline, and every
 * ticket it covers with its clocks (so that each clock is named in an alert, listed or not).
 * `groups` are the tickets' clocks, one list per ticket.
 */
function summaryPayload(groups: BreachedClock[][]) {
  // A batch can come in escalation order, which can tie for different deadlines: the summary lists
  // by deadline (ISO texts of one format sort as instants).
  const byDue = (list: BreachedClock[]) => list.reduce((min, c) => (c.due_at < min ? c.due_at : min), list[0].due_at);
  const listed = groups
    .map((list) => ({ list, due: byDue(list) }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
    .slice(0, SUMMARY_LIST);
  return {
    count: groups.length,
    clocks: groups.reduce((n, list) => n + list.length, 0),
    earliestDueAt: listed[0].due,
    tickets: listed.map(({ list, due }) => {
      const { metric: _metric, ...p } = clocksAlertPayload(list);
      return { ...p, dueAt: due };
    }),
    covered: groups.map((list) => ({ ticketId: list[0].ticket_id, metrics: list.map((c) => c.metric) })),
  };
}

/** The alert and the summary one kind of news comes as, with their exactly-once key prefixes. */
type AlertKinds = {
  alert: "staff_breach_alert" | "manager_alert";
  alertKey: string;
  summary: "staff_breach_summary" | "manager_digest";
  summaryKey: string;
};

/**
 * Each person's alerts for their tickets in one batch (`ticketsOf`: person → tickets' clocks, in
 * due order): up to SUMMARY_AFTER tickets, one alert per ticket; more, one summary (ADRs 0028,
 * 0029). Keyed by the earliest clock (of the ticket, or of the person's tickets): each clock breaches
 * or escalates once, so each key is new exactly once. A payload shared by several people is built
 * once (resolveRows copies it to add each recipient's name).
 */
export function alertsPerPerson(ticketsOf: Map<string, BreachedClock[][]>, kinds: AlertKinds): NotificationRequest[] {
  const alerts = new Map<BreachedClock[], ReturnType<typeof clocksAlertPayload>>();
  const summaries = new Map<BreachedClock[][], ReturnType<typeof summaryPayload>>();
  const requests: NotificationRequest[] = [];
  for (const [staffId, lists] of ticketsOf) {
    if (lists.length > SUMMARY_AFTER) {
      let payload = summaries.get(lists);
      if (!payload) summaries.set(lists, (payload = summaryPayload(lists)));
      requests.push({
        dedupeKey: `${kinds.summaryKey}:${lists[0][0].id}:${staffId}`,
        audience: "staff",
        recipientStaffId: staffId,
        template: kinds.summary,
        payload,
      });
      continue;
    }
    for (const list of lists) {
      let payload = alerts.get(list);
      if (!payload) alerts.set(list, (payload = clocksAlertPayload(list)));
      requests.push({
        dedupeKey: `${kinds.alertKey}:${list[0].id}:${staffId}`,
        ticketId: list[0].ticket_id,
        audience: "staff",
        recipientStaffId: staffId,
        template: kinds.alert,
        payload,
      });
    }
  }
  return requests;
}

export type BreachConsequences = { guaranteeCasesOpened: number; guaranteeTriggersAdded: number; notificationsQueued: number };

/**
 * Opens or joins the guarantee cases, queues the apology per new case and the staff alerts (one
 * per ticket and recipient, naming every clock of the ticket that broke together). `clocks` must
 * be in due order (earliest first); `detected` is when the breach was found.
 */
export async function breachConsequences(
  tx: Transaction,
  clocks: BreachedClock[],
  detected: Date,
  actor: Actor,
  /** Further notifications of the same transaction, queued in the same statement (the sweep's escalations). */
  alsoQueue: NotificationRequest[] = [],
): Promise<BreachConsequences> {
  const result: BreachConsequences = { guaranteeCasesOpened: 0, guaranteeTriggersAdded: 0, notificationsQueued: 0 };
  if (clocks.length === 0) return result;
  const at = detected.toISOString();

  // Service guarantee: one open case per ticket (partial unique index); more triggers join it.
  const triggersOf = new Map<string, GuaranteeTrigger[]>();
  const clocksOf = clocksByTicket(clocks);
  for (const c of clocks) {
    if (!GUARANTEE_METRICS.includes(c.metric)) continue;
    const trigger: GuaranteeTrigger = { kind: "breach", metric: c.metric, timerId: c.id, dueAt: c.due_at, at };
    const triggers = triggersOf.get(c.ticket_id);
    if (triggers) triggers.push(trigger);
    else triggersOf.set(c.ticket_id, [trigger]);
  }
  const cases = await openOrJoinCases(
    tx,
    [...triggersOf].map(([ticketId, triggers]) => ({
      ticketId,
      triggers,
      channel: clocksOf.get(ticketId)![0].channel,
      category: clocksOf.get(ticketId)![0].category,
    })),
    actor,
    detected,
  );
  for (const c of cases) {
    if (c.inserted) result.guaranteeCasesOpened++;
    else result.guaranteeTriggersAdded += triggersOf.get(c.ticketId)!.length;
  }

  const recipientsOf = await breachRecipients(
    tx,
    [...clocksOf.values()].map((list) => list[0]),
  );
  const requests: NotificationRequest[] = [...alsoQueue];
  // Each person's tickets in this batch: a handful come one alert per ticket; more come as one
  // summary (ADR 0029) — a burst must not become hundreds of emails to one assignee.
  const ticketsOf = new Map<string, BreachedClock[][]>();
  for (const list of clocksOf.values()) {
    for (const staffId of recipientsOf(list[0])) {
      const mine = ticketsOf.get(staffId);
      if (mine) mine.push(list);
      else ticketsOf.set(staffId, [list]);
    }
  }
  requests.push(
    ...alertsPerPerson(ticketsOf, {
      alert: "staff_breach_alert",
      alertKey: "breach",
      summary: "staff_breach_summary",
      summaryKey: "breach-summary",
    }),
  );
  for (const c of cases) {
    if (!c.inserted) continue;
    const t = clocksOf.get(c.ticketId)![0];
    requests.push({
      dedupeKey: `breach-apology:${c.id}`,
      ticketId: c.ticketId,
      guaranteeCaseId: c.id,
      audience: "customer",
      template: "breach_apology",
      payload: {
        reference: t.reference,
        subject: t.subject,
        metrics: triggersOf.get(c.ticketId)!.map((x) => (x.kind === "breach" ? x.metric : x.kind)),
      },
    });
  }
  if (requests.length) {
    await queueNotifications(tx, requests);
    result.notificationsQueued = requests.length;
  }
  return result;
}

/**
 * Who hears of a ticket's breach at once: its assignee and its team's leads; a ticket nobody has
 * yet reaches its team's leads, or — with no team or no lead — the managers.
 */
async function breachRecipients(tx: Transaction, clocks: BreachedClock[]): Promise<(c: BreachedClock) => string[]> {
  const teamIds = [...new Set(clocks.map((c) => c.team_id).filter((x): x is string => !!x))];
  const needManagers = clocks.some((c) => !c.assignee_id);
  const people =
    teamIds.length || needManagers
      ? await tx
          .select({ id: staff.id, teamId: staff.teamId, role: staff.role })
          .from(staff)
          .where(
            and(
              eq(staff.active, true),
              or(
                teamIds.length ? and(eq(staff.role, "lead"), inArray(staff.teamId, teamIds)) : sql`false`,
                needManagers ? eq(staff.role, "manager") : sql`false`,
              ),
            ),
          )
      : [];
  const leadsOf = new Map<string, string[]>();
  const managers: string[] = [];
  for (const p of people) {
    if (p.role === "manager") managers.push(p.id);
    else if (p.teamId) leadsOf.set(p.teamId, [...(leadsOf.get(p.teamId) ?? []), p.id]);
  }
  return (c) => {
    const leads = c.team_id ? (leadsOf.get(c.team_id) ?? []) : [];
    if (c.assignee_id) return [...new Set([c.assignee_id, ...leads])];
    return leads.length ? leads : managers;
  };
}
