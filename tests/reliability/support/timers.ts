// Many due timers at once, written by SQL (set-based) rather than through the ticket service, so
// that 5,000 of them take a second to prepare. Each ticket gets one running `first_reply` timer
// that fell due an hour ago, with the real calendar version and policy of a web inquiry.
import { sql } from "drizzle-orm";
import { db } from "../../../db/connection";
import { currentCalendar } from "~/sla/calendar.server";
import { activePolicies, targetsFor } from "~/sla/policies.server";

export async function seedDueTimers(count: number): Promise<void> {
  const cal = await currentCalendar();
  const policies = await activePolicies();
  const target = targetsFor(policies, "web", "general").get("first_reply");
  if (!target?.target.period) throw new Error("no first_reply policy for web/general");
  await db().execute(sql`
    with c as (
      insert into customers (name)
      select '부하시험 고객 ' || i from generate_series(1, ${count}) as i
      returning id
    ), n as (
      select id, row_number() over (order by id) as i from c
    ), t as (
      insert into tickets (reference, channel, category, subject, body, status, customer_id, received_at, created_at, updated_at)
      select '250101-' || lpad(i::text, 6, '0'), 'web', 'general', '부하시험 ' || i, '내용', 'open', id,
             now() - interval '30 days', now() - interval '30 days', now() - interval '30 days'
      from n
      returning id
    )
    insert into sla_timers (ticket_id, metric, state, started_at, period, due_at, policy_id, calendar_version)
    select id, 'first_reply', 'running', now() - interval '30 days', ${JSON.stringify(target.target.period)}::jsonb,
           now() - interval '1 hour' - (random() * interval '20 days'), ${target.policyId}, ${cal.version}
    from t`);
}

export type SweepOutcome = {
  tickets: number;
  breachedTimers: number;
  breachEvents: number;
  timersBreachedTwice: number;
  guaranteeCases: number;
  ticketsWithoutCase: number;
  ticketsWithSeveralCases: number;
  caseOpenedEvents: number;
  factCheckTimers: number;
  apologies: number;
  ticketsWithSeveralApologies: number;
  duplicateDedupeKeys: number;
};

/** What the sweep left behind, counted so that every duplicate or loss shows. */
export async function sweepOutcome(): Promise<SweepOutcome> {
  const [row] = await db().execute<Record<keyof SweepOutcome, number>>(sql`
    select
      (select count(*)::int from tickets where reference like '250101-%') as "tickets",
      (select count(*)::int from sla_timers where metric = 'first_reply' and state = 'breached') as "breachedTimers",
      (select count(*)::int from ticket_events where type = 'sla.timer_breached') as "breachEvents",
      (select count(*)::int from (select data->>'timerId' from ticket_events where type = 'sla.timer_breached' group by 1 having count(*) > 1) x) as "timersBreachedTwice",
      (select count(*)::int from guarantee_cases) as "guaranteeCases",
      (select count(*)::int from tickets t where not exists (select 1 from guarantee_cases g where g.ticket_id = t.id)) as "ticketsWithoutCase",
      (select count(*)::int from (select ticket_id from guarantee_cases group by 1 having count(*) > 1) x) as "ticketsWithSeveralCases",
      (select count(*)::int from ticket_events where type = 'guarantee.opened') as "caseOpenedEvents",
      (select count(*)::int from sla_timers where metric = 'fact_check') as "factCheckTimers",
      (select count(*)::int from notifications where template = 'breach_apology') as "apologies",
      (select count(*)::int from (select ticket_id from notifications where template = 'breach_apology' group by 1 having count(*) > 1) x) as "ticketsWithSeveralApologies",
      (select count(*)::int - count(distinct dedupe_key)::int from notifications) as "duplicateDedupeKeys"`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as SweepOutcome;
}
