// The sweep's floor: the rows one sweep writes for a due set, written by bare statements with no
// desk code in between — what this machine's PostgreSQL can do for those rows, measured beside the
// sweep in the same run (as the recomputation's bare UPDATE is).
import type postgres from "postgres";

/** Tickets per transaction, and transactions in flight: as the sweep's batches and lanes. */
const BATCH = 1_000;
const LANES = 2;

/**
 * For every ticket of the set: each running timer breached and escalated, with its two events;
 * a guarantee case with its fact-check clock and their two events. And the notifications of a
 * sweep just made (`copyNotifications`: their ids), copied with the same payloads: the same rows.
 * One transaction per BATCH tickets (with its share of the notifications), LANES at once, committed.
 */
export async function writeSweepRowsBare(sql: postgres.Sql, tickets: string[], at: string, copyNotifications: string[]): Promise<void> {
  const [clock] = await sql<{ period: string; policy_id: number; calendar_version: number }[]>`
    select period::text as period, policy_id, calendar_version from sla_timers
    where metric = 'fact_check' and policy_id is not null order by guarantee_case_id limit 1`;
  if (!clock) throw new Error("the sweep floor needs a fact-check clock to copy its period from");
  const batches: Array<{ tickets: string[]; notifications: string[] }> = [];
  const count = Math.ceil(tickets.length / BATCH);
  const share = Math.ceil(copyNotifications.length / count);
  for (let i = 0; i < count; i++)
    batches.push({
      tickets: tickets.slice(i * BATCH, (i + 1) * BATCH),
      notifications: copyNotifications.slice(i * share, (i + 1) * share),
    });
  const write = (b: { tickets: string[]; notifications: string[] }) =>
    sql.begin(async (tx) => {
      await tx`
        with breached as (
          update sla_timers s set state = 'breached', breached_at = s.due_at, breach_detected_at = ${at}::timestamptz,
            escalate_at = null, escalated_at = ${at}::timestamptz, updated_at = ${at}::timestamptz
          where s.ticket_id = any(${b.tickets}::uuid[]) and s.state = 'running'
          returning s.id, s.ticket_id, s.metric, to_char(s.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at
        )
        insert into ticket_events (ticket_id, type, actor, at, data)
        select ticket_id, 'sla.timer_breached', 'system:sla', ${at}::timestamptz,
               jsonb_build_object('timerId', id, 'metric', metric, 'dueAt', due_at, 'detectedAt', ${at}::text) from breached
        union all
        select ticket_id, 'sla.escalated', 'system:sla', ${at}::timestamptz,
               jsonb_build_object('timerId', id, 'metric', metric, 'dueAt', due_at, 'to', 'manager') from breached`;
      await tx`
        with cases as (
          insert into guarantee_cases (ticket_id, triggers, opened_at)
          select s.ticket_id, jsonb_agg(jsonb_build_object('kind', 'breach', 'metric', s.metric, 'timerId', s.id)), ${at}::timestamptz
          from sla_timers s where s.ticket_id = any(${b.tickets}::uuid[]) and s.breach_detected_at = ${at}::timestamptz
          group by s.ticket_id
          returning id, ticket_id
        ), clocks as (
          insert into sla_timers (ticket_id, metric, state, started_at, period, due_at, warn_at, policy_id, calendar_version, guarantee_case_id)
          select ticket_id, 'fact_check', 'running', ${at}::timestamptz, ${clock.period}::jsonb, ${at}::timestamptz + interval '1 day',
                 ${at}::timestamptz + interval '18 hours', ${clock.policy_id}, ${clock.calendar_version}, id
          from cases
          returning id, ticket_id, due_at, guarantee_case_id
        )
        insert into ticket_events (ticket_id, type, actor, at, data)
        select ticket_id, 'guarantee.opened', 'system:sla', ${at}::timestamptz, jsonb_build_object('caseId', id, 'triggers', '["first_reply", "resolution"]'::jsonb)
        from cases
        union all
        select ticket_id, 'sla.timer_started', 'system:sla', ${at}::timestamptz,
               jsonb_build_object('timerId', id, 'metric', 'fact_check', 'dueAt', due_at, 'policy', 'default', 'calendarVersion', ${clock.calendar_version}::int, 'caseId', guarantee_case_id)
        from clocks`;
      await tx`
        insert into notifications (dedupe_key, ticket_id, guarantee_case_id, audience, recipient_staff_id, channel, to_address, template, locale, payload)
        select 'floor:' || n.dedupe_key, n.ticket_id, n.guarantee_case_id, n.audience, n.recipient_staff_id, n.channel, n.to_address, n.template, n.locale, n.payload
        from notifications n where n.id = any(${b.notifications}::uuid[])`;
    });
  const queue = [...batches];
  await Promise.all(
    Array.from({ length: LANES }, async () => {
      for (let ids = queue.shift(); ids; ids = queue.shift()) await write(ids);
    }),
  );
}
