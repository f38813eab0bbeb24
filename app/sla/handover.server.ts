// Running clocks of an absent assignee handed to a deputy (issue 19, ADR 0012): while someone is
// away, a ticket of theirs with a running callback, or with a clock whose warning moment has come
// (due soon), is reassigned to their deputy — the absence's deputy (following the deputy's own
// deputy while they are away too), else the present lead of the absent person's team — with an
// `assignment.handed_over` event and an alert to the new assignee. The sweep runs it before its
// warnings, so a due-soon warning reaches the person who can act on it.
// It is a step of the sweep and tells the clocks of the new assignment (ticketLifecycle), so it
// lives in sla; who is away and who deputises stays staff's (app/staff/absence.server.ts).
import { and, eq, ne, sql } from "drizzle-orm";
import { staff, tickets } from "~/db/schema";
import { db, type Transaction } from "~/db/connection";
import { uuidArray } from "~/db/sql-arrays";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import type { Actor } from "~/core/actor";
import { appendEvent } from "~/core/events.server";
import { absenceAt, deputyFor } from "~/staff/absence.server";
import { ticketLifecycle } from "./lifecycle.server";

type StaffRow = typeof staff.$inferSelect;

const SYSTEM: Actor = { kind: "system", name: "sla" };
const HANDOVER_BATCH = 200;

/** The lead of the absent person's team who is here now (not the person themself), if any. */
async function presentLead(tx: Transaction, person: StaffRow, at: Date): Promise<StaffRow | null> {
  if (!person.teamId) return null;
  const leads = await tx
    .select()
    .from(staff)
    .where(and(eq(staff.teamId, person.teamId), eq(staff.role, "lead"), eq(staff.active, true), ne(staff.id, person.id)))
    .orderBy(staff.name, staff.id);
  for (const lead of leads) if (!(await absenceAt(tx, lead.id, at))) return lead;
  return null;
}

export type HandoverResult = { handedOver: number; notificationsQueued: number };

/**
 * One pass: claims (FOR UPDATE SKIP LOCKED) open tickets whose assignee is away now and that have
 * a running callback or due-soon clock, and hands each to its deputy in the same transaction as its
 * event and alert — so several workers never hand a ticket over twice. A ticket whose assignee has
 * no one present to take it stays, and is looked at again on the next pass.
 */
export async function handOverAbsentWork(options: { now?: Date; timerIds?: string[]; batchSize?: number } = {}): Promise<HandoverResult> {
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const timerFilter = options.timerIds?.length ? sql`and s.id = any(${uuidArray(options.timerIds)})` : sql``;
  // What a ticket needs to be handed over: its assignee away now, a callback or due-soon clock running.
  const needsHandover = sql`
      t.status in ('new', 'open', 'waiting')
        and t.assignee_id in (
          select a.staff_id from staff_absences a
          where a.cancelled_at is null and a.starts_at <= ${at}::timestamptz and a.ends_at > ${at}::timestamptz)
        and exists (
          select 1 from sla_timers s
          where s.ticket_id = t.id and s.state = 'running' and (s.metric = 'callback' or s.warn_at <= ${at}::timestamptz) ${timerFilter})`;
  // The sweep runs every second: one plain statement when there is nothing to hand over.
  const [probe] = await db().execute<{ any: boolean }>(sql`select exists (select 1 from tickets t where ${needsHandover}) as any`);
  if (!probe?.any) return { handedOver: 0, notificationsQueued: 0 };
  return db().transaction(async (tx) => {
    const claimed = await tx.execute<{ id: string }>(sql`
      select t.id from tickets t
      where ${needsHandover}
      order by t.id
      limit ${options.batchSize ?? HANDOVER_BATCH}
      for update of t skip locked`);
    const result: HandoverResult = { handedOver: 0, notificationsQueued: 0 };
    const requests: NotificationRequest[] = [];
    for (const { id } of claimed) {
      const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, id)).limit(1);
      if (!ticket?.assigneeId) continue;
      const [absent] = await tx.select().from(staff).where(eq(staff.id, ticket.assigneeId)).limit(1);
      if (!absent) continue;
      const redirect = await deputyFor(tx, absent, now);
      const absence = redirect?.absence ?? (await absenceAt(tx, absent.id, now));
      if (!absence) continue;
      const deputy = redirect?.deputy ?? (await presentLead(tx, absent, now));
      if (!deputy) continue;
      const timers = await tx.execute<{ id: string; metric: string; due_at: string }>(sql`
        select s.id, s.metric, to_char(s.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at from sla_timers s
        where s.ticket_id = ${ticket.id} and s.state = 'running' and (s.metric = 'callback' or s.warn_at <= ${at}::timestamptz)
        order by s.due_at, s.id`);
      if (timers.length === 0) continue;
      const [updated] = await tx
        .update(tickets)
        .set({
          assigneeId: deputy.id,
          teamId: deputy.teamId ?? ticket.teamId,
          status: ticket.status === "new" ? "open" : ticket.status,
          updatedAt: now,
        })
        .where(eq(tickets.id, ticket.id))
        .returning();
      await appendEvent(
        tx,
        ticket.id,
        "assignment.handed_over",
        SYSTEM,
        {
          absentStaffId: absent.id,
          absentStaff: absent.email,
          absenceId: absence.id,
          absentUntil: absence.endsAt.toISOString(),
          deputyId: deputy.id,
          deputy: deputy.email,
          // "deputy": the absence named them (or their deputy); "lead": no deputy was here.
          via: redirect ? "deputy" : "lead",
          clocks: timers.map((t) => ({ timerId: t.id, metric: t.metric, dueAt: t.due_at })),
        },
        now,
      );
      await ticketLifecycle.assigned(tx, updated, SYSTEM);
      const first = timers[0];
      requests.push({
        dedupeKey: `handover:${ticket.id}:${absence.id}:${deputy.id}`,
        ticketId: ticket.id,
        audience: "staff",
        recipientStaffId: deputy.id,
        template: "staff_handover",
        payload: {
          reference: ticket.reference,
          subject: ticket.subject,
          metric: first.metric,
          dueAt: first.due_at,
          forName: absent.name,
          absentUntil: absence.endsAt.toISOString(),
          lead: !redirect,
        },
      });
      result.handedOver++;
    }
    if (requests.length) {
      await queueNotifications(tx, requests);
      result.notificationsQueued = requests.length;
    }
    return result;
  });
}
