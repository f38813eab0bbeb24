// Opening a service guarantee case (서비스 보증제): the one place a case and its fact-check clock
// are created, whoever found the broken promise — the sweep, a clock finished late, a customer's
// claim or a repeat visit. The workflow after that is in guarantee.server.ts.
import { inArray, sql } from "drizzle-orm";
import { tickets, type GuaranteeTrigger } from "~/db/schema";
import type { Transaction } from "~/db/connection";
import { actorLabel, type Actor } from "~/core/actor";
import { currentCalendar } from "./calendar.server";
import type { WorkingCalendar } from "./calendar";
import type { Period } from "./counting";
import { activePolicies, targetsFor, type ResolvedTarget } from "./policies.server";
import { deadlineOf, warnAtOf } from "./timer-math";

/**
 * Opens the ticket's guarantee case or adds the triggers to the open one (the partial unique
 * index makes "at most one open case per ticket" hold under any concurrency).
 */
export async function openOrJoinCase(
  tx: Transaction,
  ticketId: string,
  triggers: GuaranteeTrigger[],
  actor: Actor,
  now = new Date(),
): Promise<{ id: string; inserted: boolean }> {
  const [row] = await openOrJoinCases(tx, [{ ticketId, triggers }], actor, now);
  return { id: row.id, inserted: row.inserted };
}

/**
 * openOrJoinCase for many tickets at once, in one statement whatever their number (the sweep
 * breaches up to a batch of timers per transaction): the cases upserted, each new case's
 * fact-check clock started, and their events appended (case events first, then the clocks',
 * in the order of `items`). One entry per ticket (the triggers of a ticket together); the
 * tickets' channel and category may be given when the caller has them (else they are read).
 */
export async function openOrJoinCases(
  tx: Transaction,
  items: Array<{ ticketId: string; triggers: GuaranteeTrigger[]; channel?: string; category?: string }>,
  actor: Actor,
  now = new Date(),
): Promise<Array<{ id: string; ticketId: string; inserted: boolean }>> {
  // One row per ticket: an upsert may not touch the same case twice.
  const merged = new Map<string, { triggers: GuaranteeTrigger[]; channel?: string; category?: string }>();
  for (const i of items) {
    const entry = merged.get(i.ticketId);
    if (entry) entry.triggers.push(...i.triggers);
    else merged.set(i.ticketId, { triggers: [...i.triggers], channel: i.channel, category: i.category });
  }
  if (merged.size === 0) return [];
  const unknown = [...merged].filter(([, m]) => m.channel === undefined || m.category === undefined).map(([id]) => id);
  if (unknown.length) {
    const rows = await tx
      .select({ id: tickets.id, channel: tickets.channel, category: tickets.category })
      .from(tickets)
      .where(inArray(tickets.id, unknown));
    for (const r of rows) Object.assign(merged.get(r.id)!, { channel: r.channel, category: r.category });
  }
  const [cal, policies] = await Promise.all([currentCalendar(tx), activePolicies(tx)]);
  // The case's own clock: the fact-check result reaches the customer within 1 day (8 working h).
  // Every clock of the batch starts now, so its deadline depends on its target alone: computed
  // once per target, not per case.
  const clockOf = new Map<string, FactCheckClock | null>();
  const clockFor = (channel: string, category: string): FactCheckClock | null => {
    const key = `${channel}\u0000${category}`;
    if (!clockOf.has(key)) clockOf.set(key, factCheckClock(cal.calendar, targetsFor(policies, channel, category).get("fact_check"), now));
    return clockOf.get(key)!;
  };
  const json = JSON.stringify(
    [...merged].map(([ticketId, m]) => {
      const clock = m.channel !== undefined && m.category !== undefined ? clockFor(m.channel, m.category) : null;
      return {
        ticket_id: ticketId,
        triggers: m.triggers,
        labels: m.triggers.map((t) => (t.kind === "breach" ? t.metric : t.kind)),
        period: clock?.period ?? null,
        due_at: clock?.dueAt ?? null,
        warn_at: clock?.warnAt ?? null,
        policy_id: clock?.policyId ?? null,
        policy_key: clock?.policyKey ?? null,
      };
    }),
  );
  const at = now.toISOString();
  const rows = await tx.execute<{ id: string; ticket_id: string; inserted: boolean }>(sql`
    with input as (
      select * from rows from (jsonb_to_recordset(${json}::jsonb) as (ticket_id uuid, triggers jsonb, labels jsonb, period jsonb,
        due_at timestamptz, warn_at timestamptz, policy_id integer, policy_key text)) with ordinality
        as x(ticket_id, triggers, labels, period, due_at, warn_at, policy_id, policy_key, n)
    ), cases as (
      insert into guarantee_cases (ticket_id, triggers, opened_at)
      -- In ticket order: concurrent batches (sweep lanes, worker processes) that touch the same
      -- tickets' cases then wait for each other in one order, never in a cycle.
      select i.ticket_id, i.triggers, ${at}::timestamptz from input i order by i.ticket_id
      on conflict (ticket_id) where status = 'open'
      do update set triggers = guarantee_cases.triggers || excluded.triggers
      returning id, ticket_id, (xmax = 0) as inserted
    ), clocks as (
      -- A ticket that already has a live fact-check clock keeps it. Checked with NOT EXISTS, not ON
      -- CONFLICT: a speculative insertion checks every unique index of sla_timers first and cost
      -- twice a plain insert; the case upsert above already makes
      -- concurrent openers of one ticket's case wait for each other, and only the one that
      -- inserted the case gets here (the partial unique index on live clocks still guards it).
      insert into sla_timers (ticket_id, metric, state, started_at, period, due_at, warn_at, policy_id, calendar_version, guarantee_case_id)
      select i.ticket_id, 'fact_check', 'running', ${at}::timestamptz, i.period, i.due_at, i.warn_at, i.policy_id, ${cal.version}, c.id
      from cases c join input i on i.ticket_id = c.ticket_id
      where c.inserted and i.due_at is not null
        and not exists (select 1 from sla_timers live where live.ticket_id = i.ticket_id and live.metric = 'fact_check' and live.state in ('running', 'paused'))
      returning id, ticket_id, due_at, guarantee_case_id
    ), events as (
      insert into ticket_events (ticket_id, type, actor, at, data)
      select e.ticket_id, e.type, e.actor, ${at}::timestamptz, e.data
      from (
        select c.ticket_id, case when c.inserted then 'guarantee.opened' else 'guarantee.trigger_added' end as type, ${actorLabel(actor)} as actor,
               jsonb_build_object('caseId', c.id, 'triggers', i.labels) as data, 1 as part, i.n
        from cases c join input i on i.ticket_id = c.ticket_id
        union all
        select f.ticket_id, 'sla.timer_started', ${actorLabel({ kind: "system", name: "sla" })},
               jsonb_build_object('timerId', f.id, 'metric', 'fact_check', 'dueAt', ${isoMsOf(sql`f.due_at`)}, 'policy', i.policy_key,
                 'calendarVersion', ${cal.version}::int, 'caseId', f.guarantee_case_id),
               2, i.n
        from clocks f join input i on i.ticket_id = f.ticket_id
      ) e
      order by e.part, e.n
    )
    select id, ticket_id, inserted from cases`);
  const byTicket = new Map(rows.map((r) => [r.ticket_id, r]));
  return items.map((i) => {
    const row = byTicket.get(i.ticketId)!;
    return { id: row.id, ticketId: i.ticketId, inserted: row.inserted };
  });
}

type FactCheckClock = { period: Period; dueAt: string; warnAt: string | null; policyId: number; policyKey: string };

/** The fact-check clock a case opened `now` gets under a target (none when no policy sets one). */
function factCheckClock(calendar: WorkingCalendar, resolved: ResolvedTarget | undefined, now: Date): FactCheckClock | null {
  const period = resolved?.target.period;
  if (!resolved || !period) return null;
  const dueAtMs = deadlineOf(calendar, { metric: "fact_check", startedAtMs: now.getTime(), period, basisDate: null, pauses: [] });
  const warnAtMs = warnAtOf(calendar, now.getTime(), dueAtMs, period, resolved.target);
  return {
    period,
    dueAt: new Date(dueAtMs).toISOString(),
    warnAt: warnAtMs === null ? null : new Date(warnAtMs).toISOString(),
    policyId: resolved.policyId,
    policyKey: resolved.policyKey,
  };
}

/** An instant column as the ISO text JavaScript writes (milliseconds, Z). */
const isoMsOf = (column: ReturnType<typeof sql>) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
