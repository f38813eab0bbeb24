// Running deadlines by the time left (the dashboard's open-work chart) over generated clocks: the
// count read from the running-due index and the SLA roll-up equals a count of every running clock,
// for the whole desk and per team, at several moments, right after a refresh and after changes the
// roll-up has not seen yet (paused, resumed, finished and new clocks, a ticket moved to another team).
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { customers, slaTimers, ticketEvents, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { ensureDefaultCalendar, currentCalendar } from "~/sla/calendar.server";
import { ensureTeam } from "~/staff/staff.server";
import { openWorkSection, type OpenWork } from "~/reports/dashboard.server";
import { timeLeftBounds } from "~/reports/period";
import { refreshSlaReport } from "~/reports/rollup.server";
import type { ReportScope } from "~/reports/scope.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const HOUR = 3_600_000;
const teams: Array<{ id: string; key: string; name: string }> = [];
const scopes = (): ReportScope[] => [
  { team: null, locked: false } as ReportScope,
  ...teams.map((t) => ({ team: t, locked: false }) as ReportScope),
];

/** Every running clock counted one by one: what the chart must show. */
async function counted(scope: ReportScope, now: Date): Promise<Omit<OpenWork, "soonBy">> {
  const cal = await currentCalendar();
  const b = timeLeftBounds(now, new Date(cal.calendar.addWorkingTime(now.getTime(), HOUR)));
  const rows = await db().execute<{ due: string; team: string | null }>(sql`
    select s.due_at::text as due, t.team_id::text as team from sla_timers s join tickets t on t.id = s.ticket_id where s.state = 'running'`);
  const out = { overdue: 0, soon: 0, today: 0, week: 0, later: 0 };
  for (const r of rows) {
    if (scope.team && r.team !== scope.team.id) continue;
    const due = new Date(r.due).getTime();
    if (due <= b.now.getTime()) out.overdue++;
    else if (due <= b.soon.getTime()) out.soon++;
    else if (due < b.endOfToday.getTime()) out.today++;
    else if (due < b.endOfWeek.getTime()) out.week++;
    else out.later++;
  }
  return out;
}

const NOW = kst("2026-05-13T14:00:00");
// Moments around the day and week edges: the horizon past 18:00 lands on the next working day,
// Friday evening's on Monday (another week).
const MOMENTS = [NOW, kst("2026-05-13T17:30:00"), kst("2026-05-15T17:40:00"), kst("2026-05-17T11:00:00"), kst("2026-05-12T08:00:00")];

let ticketIds: string[] = [];

beforeAll(async () => {
  await ensureDefaultCalendar();
  for (const [key, name] of [
    ["ow-1", "민원1팀"],
    ["ow-2", "민원2팀"],
  ] as const) {
    const t = await ensureTeam(key, name);
    teams.push({ id: t.id, key, name });
  }
  const [customer] = await db().insert(customers).values({ name: "홍길동" }).returning();
  const rows = await db()
    .insert(tickets)
    .values(
      Array.from({ length: 40 }, (_, i) => ({
        reference: `990701-${String(i + 1).padStart(4, "0")}`,
        channel: "web" as const,
        category: "kyc",
        subject: "제목",
        body: "내용",
        status: "open" as const,
        customerId: customer.id,
        teamId: i % 3 === 2 ? null : teams[i % 2].id,
        receivedAt: kst("2026-05-01T09:00:00"),
      })),
    )
    .returning({ id: tickets.id });
  ticketIds = rows.map((r) => r.id);
});

type Clock = { ticket: number; offsetMinutes: number; state: "running" | "paused" | "met" | "breached" };
const clockArb = fc.record({
  ticket: fc.integer({ min: 0, max: 39 }),
  // From two days before NOW to 40 days after, in minutes.
  offsetMinutes: fc.integer({ min: -2 * 24 * 60, max: 40 * 24 * 60 }),
  state: fc.constantFrom("running", "running", "running", "paused", "met", "breached"),
});

async function insertClocks(clocks: Clock[], metricBase = 0) {
  const metrics = ["first_reply", "resolution", "callback", "handoff", "requested_reply", "promised_date"] as const;
  // One live clock per metric per ticket: a generated clock whose slot is taken gets the next metric.
  const taken = new Set(
    (
      await db().execute<{ k: string }>(sql`select ticket_id::text || metric as k from sla_timers where state in ('running', 'paused')`)
    ).map((r) => r.k),
  );
  const timers: Array<typeof slaTimers.$inferInsert> = [];
  for (const [i, c] of clocks.entries()) {
    const ticketId = ticketIds[c.ticket];
    const live = c.state === "running" || c.state === "paused";
    const metric = live ? metrics.find((m) => !taken.has(ticketId + m)) : metrics[(i + metricBase) % metrics.length];
    if (!metric) continue;
    if (live) taken.add(ticketId + metric);
    const dueAt = new Date(NOW.getTime() + c.offsetMinutes * 60_000);
    timers.push({
      ticketId,
      metric,
      state: c.state,
      startedAt: new Date(dueAt.getTime() - 40 * 24 * HOUR),
      dueAt,
      metAt: c.state === "met" ? dueAt : null,
      breachedAt: c.state === "breached" ? dueAt : null,
      calendarVersion: 1,
    });
  }
  if (timers.length === 0) return;
  await db().insert(slaTimers).values(timers);
  // Every change the reports follow leaves an event on its ticket (the roll-up's dirty list).
  await db()
    .insert(ticketEvents)
    .values(timers.map((t) => ({ ticketId: t.ticketId, type: "sla.timer_started", actor: "system:test", data: {} })));
}

async function expectSameAsCounted() {
  for (const now of MOMENTS) {
    for (const scope of scopes()) {
      const { soonBy: _soonBy, ...shown } = await openWorkSection(scope, now);
      expect(shown, `${now.toISOString()} ${scope.team?.key ?? "all"}`).toEqual(await counted(scope, now));
    }
  }
}

describe("running deadlines by the time left, from the index and the roll-up", () => {
  it("equals a count of every running clock, before and after changes the roll-up has not seen", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(clockArb, { minLength: 5, maxLength: 40 }),
        fc.array(clockArb, { maxLength: 15 }),
        fc.integer({ min: 0, max: 39 }),
        async (first, later, moved) => {
          await db().execute(sql`alter table sla_timers disable trigger sla_timers_finished_immutable`);
          await db().execute(sql`delete from sla_timers`);
          await db().execute(sql`alter table sla_timers enable trigger sla_timers_finished_immutable`);
          await insertClocks(first);
          await refreshSlaReport({ full: true });
          await expectSameAsCounted();
          // Not yet refreshed: new clocks, a running clock paused, a paused one resumed, a ticket moved.
          await insertClocks(later, 1);
          const [running] = await db().execute<{ id: string; ticket_id: string }>(
            sql`select id, ticket_id from sla_timers where state = 'running' order by id limit 1`,
          );
          if (running) {
            await db().execute(sql`update sla_timers set state = 'paused' where id = ${running.id}`);
            await db()
              .insert(ticketEvents)
              .values({ ticketId: running.ticket_id, type: "sla.timer_paused", actor: "system:test", data: {} });
          }
          const [paused] = await db().execute<{ id: string; ticket_id: string }>(
            sql`select id, ticket_id from sla_timers where state = 'paused' order by id desc limit 1`,
          );
          if (paused) {
            await db().execute(sql`update sla_timers set state = 'running' where id = ${paused.id}`);
            await db()
              .insert(ticketEvents)
              .values({ ticketId: paused.ticket_id, type: "sla.timer_resumed", actor: "system:test", data: {} });
          }
          await db().execute(sql`update tickets set team_id = ${teams[1].id}::uuid where id = ${ticketIds[moved]}`);
          await db().insert(ticketEvents).values({ ticketId: ticketIds[moved], type: "ticket.assigned", actor: "system:test", data: {} });
          await expectSameAsCounted();
          // And after the next refresh.
          await refreshSlaReport();
          await expectSameAsCounted();
        },
      ),
      { numRuns: 8, endOnFailure: true },
    );
  }, 240_000);
});
