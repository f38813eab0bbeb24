// A set of open tickets whose clocks are past their deadlines and not yet breached: what the
// sweep finds after a gap. Each ticket: assigned to an agent of a team with a lead, a customer with
// an email address, received 15–17 days before `now`, and two running timers due before `now` —
// first_reply with handoff, resolution or callback (all but handoff are guarantee metrics), with
// deadlines counted by deadlineOf() on the current calendar and policies.
import { randomBytes } from "node:crypto";
import type postgres from "postgres";
import { currentCalendar } from "../../app/sla/calendar.server";
import { activePolicies, targetsFor } from "../../app/sla/policies.server";
import { deadlineOf, warnAtOf } from "../../app/sla/timer-math";
import type { SlaMetric } from "../../db/schema";
import { CopyStream } from "./copy";
import { isoOf, uuid } from "./fast";
import { prng, type StaffMember } from "./generator";

export type DueSet = { tickets: string[]; timers: string[]; guaranteeTimers: number; earliestDue: number; latestDue: number };

const PAIRS: Array<[SlaMetric, SlaMetric, string]> = [
  ["handoff", "first_reply", "email"],
  ["first_reply", "resolution", "web"],
  ["callback", "resolution", "phone"],
];

export async function insertDueSet(
  sql: postgres.Sql,
  o: { tickets: number; now: number; staff: StaffMember[]; seed: number },
): Promise<DueSet> {
  const cal = await currentCalendar();
  const policies = await activePolicies();
  const random = prng(o.seed);
  const agents = o.staff.filter((s) => s.role === "agent" && s.teamId);
  const DAY = 86_400_000;
  // References: reserve a block of today's sequence so nothing collides with the intake.
  const today = isoOf(o.now + 9 * 3_600_000).slice(0, 10);
  const [{ last }] = await sql<{ last: number }[]>`
    insert into reference_counters (day, last) values (${today}, ${o.tickets})
    on conflict (day) do update set last = reference_counters.last + ${o.tickets} returning last`;
  const first = Number(last) - o.tickets + 1;
  const prefix = `${today.slice(2, 4)}${today.slice(5, 7)}${today.slice(8, 10)}`;

  const conns = [await sql.reserve(), await sql.reserve(), await sql.reserve(), await sql.reserve()];
  const customers = await new CopyStream("customers", ["id", "name", "email", "phone", "preferred_contact", "created_at"]).open(conns[0]);
  const ticketsOut = await new CopyStream("tickets", [
    "id",
    "reference",
    "channel",
    "category",
    "subject",
    "body",
    "status",
    "customer_id",
    "assignee_id",
    "team_id",
    "received_at",
    "callback_requested",
    "kind",
    "tracking_token_hash",
    "created_at",
    "updated_at",
  ]).open(conns[1]);
  // Tickets first: the timers and events reference them (foreign keys are checked).
  const set: DueSet = { tickets: [], timers: [], guaranteeTimers: 0, earliestDue: Infinity, latestDue: -Infinity };
  const plans: Array<{ ticket: string; received: number; pair: (typeof PAIRS)[number]; assignee: StaffMember }> = [];
  for (let i = 0; i < o.tickets; i++) {
    const pair = PAIRS[i % PAIRS.length];
    const received = cal.calendar.nextWorkingMoment(o.now - (15 + Math.floor(random() * 3)) * DAY + Math.floor(random() * 8 * 3_600_000));
    const customer = uuid();
    const ticket = uuid();
    const assignee = agents[Math.floor(random() * agents.length)];
    customers.line([customer, "김지연", `due-${o.seed}-${i}@example.com`, "010-5555-0000", "email", isoOf(received)].join("\t"));
    const p = ticketsOut.line(
      [
        ticket,
        `${prefix}-${first + i}`,
        pair[2],
        "general",
        "고객확인 재수행 요청 문자를 받았습니다",
        "앱에서 신분증 촬영 단계가 계속 실패합니다.",
        "open",
        customer,
        assignee.id,
        assignee.teamId,
        isoOf(received),
        pair[0] === "callback" ? "t" : "f",
        "inquiry",
        randomBytes(32).toString("hex"),
        isoOf(received),
        isoOf(received),
      ].join("\t"),
    );
    if (p) await p;
    set.tickets.push(ticket);
    plans.push({ ticket, received, pair, assignee });
  }
  await customers.end();
  await ticketsOut.end();

  const timers = await new CopyStream("sla_timers", [
    "id",
    "ticket_id",
    "metric",
    "state",
    "started_at",
    "period",
    "due_at",
    "warn_at",
    "warned_at",
    "policy_id",
    "calendar_version",
    "created_at",
    "updated_at",
  ]).open(conns[2]);
  const events = await new CopyStream("ticket_events", ["ticket_id", "type", "at", "actor", "data"]).open(conns[3]);
  for (const plan of plans) {
    const targets = targetsFor(policies, plan.pair[2], "general");
    await events.line(
      [plan.ticket, "ticket.created", isoOf(plan.received), "customer", `{"channel":"${plan.pair[2]}","category":"general"}`].join("\t"),
    );
    for (const metric of plan.pair.slice(0, 2) as SlaMetric[]) {
      const resolved = targets.get(metric);
      if (!resolved?.target.period) throw new Error(`no ${metric} target for ${plan.pair[2]}`);
      const period = resolved.target.period;
      const due = deadlineOf(cal.calendar, { metric, startedAtMs: plan.received, period, basisDate: null, pauses: [] });
      if (due > o.now) throw new Error(`${metric} received ${isoOf(plan.received)} is due ${isoOf(due)}, after now`);
      const warn = warnAtOf(cal.calendar, plan.received, due, period, resolved.target);
      const id = uuid();
      set.timers.push(id);
      if (metric !== "handoff") set.guaranteeTimers++;
      set.earliestDue = Math.min(set.earliestDue, due);
      set.latestDue = Math.max(set.latestDue, due);
      const p = timers.line(
        [
          id,
          plan.ticket,
          metric,
          "running",
          isoOf(plan.received),
          JSON.stringify(period),
          isoOf(due),
          warn === null ? "\\N" : isoOf(warn),
          warn === null ? "\\N" : isoOf(warn + 30_000),
          String(resolved.policyId),
          String(cal.version),
          isoOf(plan.received),
          isoOf(plan.received),
        ].join("\t"),
      );
      if (p) await p;
      await events.line(
        [
          plan.ticket,
          "sla.timer_started",
          isoOf(plan.received),
          "customer",
          `{"timerId":"${id}","metric":"${metric}","dueAt":"${isoOf(due)}"}`,
        ].join("\t"),
      );
    }
  }
  await timers.end();
  await events.end();
  for (const c of conns) c.release();
  return set;
}
