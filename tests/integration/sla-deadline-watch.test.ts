// The deadline watch (ADR 0005): a worker runtime's poll loop breaches a clock within seconds of
// its due moment — not at the next every-minute sweep, which this test unschedules so that only
// the loop can do it — and writes no pg-boss job per clock.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slaTimers, ticketEvents, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startJobs, type JobsRuntime } from "../../jobs/runtime";
import { somethingDue } from "~/sla/sweep.server";
import { createTicket } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { waitFor } from "../support/wait";

useTestDatabase();

let jobs: JobsRuntime | undefined;

beforeAll(async () => {
  jobs = await startJobs();
  // The safety net would also breach the clock, at the next minute: take it away.
  await jobs.boss.unschedule("sla.sweep");
});

afterAll(async () => {
  await jobs?.stop();
});

describe("the deadline watch", () => {
  it("breaches a clock due 2 s ahead within a few seconds, without the every-minute sweep", async () => {
    const { reference } = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "인증서 재발급 문의",
        body: "절차를 알려 주세요.",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    const [ticket] = await db().select().from(tickets).where(eq(tickets.reference, reference));
    // No policy gives a 2-second target: the clock's deadline is brought forward here.
    const due = new Date(Date.now() + 2_000);
    const [timer] = await db()
      .update(slaTimers)
      .set({ dueAt: due, warnAt: null })
      .where(and(eq(slaTimers.ticketId, ticket.id), eq(slaTimers.metric, "first_reply")))
      .returning();
    expect(await somethingDue(new Date(due.getTime() - 1_000))).toBe(false);
    expect(await somethingDue(new Date(due.getTime() + 1))).toBe(true);

    const breached = await waitFor(
      "the clock to be breached",
      async () => {
        const [row] = await db().select().from(slaTimers).where(eq(slaTimers.id, timer.id));
        return row.state === "breached" ? row : null;
      },
      15_000,
    );
    expect(breached.breachedAt).toEqual(due);
    const lateMs = breached.breachDetectedAt!.getTime() - due.getTime();
    expect(lateMs).toBeGreaterThanOrEqual(0);
    expect(lateMs).toBeLessThan(5_000);
    // Once, with its event; and no job was written for the clock's moments.
    const events = await db()
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "sla.timer_breached")));
    expect(events).toHaveLength(1);
    const [{ n }] = await db().execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where data->>'timerId' = ${timer.id}`);
    expect(n).toBe(0);
    // Nothing else was due: the clock's siblings keep running.
    const [{ running }] = await db().execute<{ running: number }>(
      sql`select count(*)::int as running from sla_timers where ticket_id = ${ticket.id} and state = 'running'`,
    );
    expect(running).toBeGreaterThan(0);
  }, 30_000);
});
