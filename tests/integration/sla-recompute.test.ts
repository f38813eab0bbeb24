import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHANNELS, slaPolicies, slaTimers } from "../../db/schema";
import { db } from "../../db/connection";
import { changeCalendar, recomputeForVersion } from "~/sla/calendar-admin.server";
import { currentCalendar } from "~/sla/calendar.server";
import { deadlineOf, warnAtOf } from "~/sla/timer-math";
import { fallbackTargetOf } from "~/sla/policy-defaults";
import { basisOf } from "~/sla/timers.server";
import { createTicket, getTicketDetail, pauseTicket, resumeTicket } from "~/tickets/tickets.server";
import { addDays } from "~/sla/calendar";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { DeskError } from "~/core/errors";
import type { TicketIntake } from "~/tickets/schemas";
import { atTime } from "../support/clock";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const admin = { kind: "system", name: "test-admin" } as const;

function intake(receivedAt: Date): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "문의",
    body: "내용",
    customer: { name: "홍길동", email: "hong@example.com" },
    receivedAt,
    callbackRequested: false,
    resolvedOnContact: false,
  };
}

describe("a new temporary holiday", () => {
  it("moves only the deadlines whose window it touches, with an event on each affected ticket", async () => {
    const touched = await createTicket(intake(kst("2026-06-08T10:00:00")), { kind: "customer" });
    const untouched = await createTicket(intake(kst("2026-06-15T10:00:00")), { kind: "customer" });
    const due = async (reference: string) => Object.fromEntries((await getTicketDetail(reference))!.timers.map((t) => [t.metric, t]));
    const before = await due(touched.reference);
    expect(before.first_reply.dueAt.toISOString()).toBe(kst("2026-06-09T10:00:00").toISOString());
    const untouchedBefore = await due(untouched.reference);

    const version = await changeCalendar({ action: "add", kind: "holiday", date: "2026-06-09", name: "임시공휴일" }, admin);
    const progress = await recomputeForVersion(version, { batchSize: 1 });
    expect(progress).toMatchObject({ state: "done", examined: 2, moved: 2 });

    const after = await due(touched.reference);
    expect(after.first_reply.dueAt.toISOString()).toBe(kst("2026-06-10T10:00:00").toISOString());
    expect(after.resolution.dueAt.toISOString()).toBe(kst("2026-06-17T18:00:00").toISOString());
    expect(after.first_reply.calendarVersion).toBe(version);
    const events = (await getTicketDetail(touched.reference))!.events.filter((e) => e.type === "sla.deadline_moved");
    expect(events).toHaveLength(2);
    expect(events[0].data).toMatchObject({
      reason: "calendar",
      calendarVersion: version,
      change: { date: "2026-06-09", name: "임시공휴일" },
    });

    const untouchedAfter = await due(untouched.reference);
    expect(untouchedAfter.first_reply.dueAt).toEqual(untouchedBefore.first_reply.dueAt);
    expect(untouchedAfter.first_reply.calendarVersion).toBe(1);
    expect((await getTicketDetail(untouched.reference))!.events.some((e) => e.type === "sla.deadline_moved")).toBe(false);
  });

  it("is idempotent: running the recomputation again moves nothing", async () => {
    const version = await changeCalendar({ action: "add", kind: "closure", date: "2026-06-19", name: "창립기념일" }, admin);
    const first = await recomputeForVersion(version);
    const again = await recomputeForVersion(version);
    expect(again.moved).toBe(first.moved);
    expect(again.examined).toBe(first.examined);
  });

  it("refuses a duplicate date and removing what is not there, keeping the version unchanged", async () => {
    await expect(changeCalendar({ action: "add", kind: "holiday", date: "2026-06-09", name: "x" }, admin)).rejects.toMatchObject({
      status: 422,
    });
    await expect(changeCalendar({ action: "remove", kind: "closure", date: "2026-07-01", name: "" }, admin)).rejects.toMatchObject({
      status: 422,
    });
    await expect(changeCalendar({ action: "add", kind: "holiday", date: "2026-02-30", name: "x" }, admin)).rejects.toMatchObject({
      status: 422,
    });
  });

  it("removing a holiday makes the day working again and deadlines earlier", async () => {
    const t = await createTicket(intake(kst("2026-06-08T10:00:00")), { kind: "customer" });
    const version = await changeCalendar({ action: "remove", kind: "holiday", date: "2026-06-09", name: "" }, admin);
    await recomputeForVersion(version);
    const [timer] = await db().select().from(slaTimers).where(eq(slaTimers.metric, "first_reply")).orderBy(slaTimers.createdAt);
    expect(timer).toBeDefined();
    const detail = await getTicketDetail(t.reference);
    expect(detail!.timers.find((x) => x.metric === "first_reply")!.dueAt.toISOString()).toBe(kst("2026-06-09T10:00:00").toISOString());
  });

  it("writes only the timers whose deadline or warning moves; every live deadline is the newest calendar's", async () => {
    // Received Mon 2026-07-06: its resolution clock and the reply asked for by Fri 07-17 span
    // the weekend 07-11 and Wed 07-08.
    const t = await createTicket({ ...intake(kst("2026-07-06T10:00:00")), requestedReplyBy: "2026-07-17" }, { kind: "customer" });
    const ids = (await getTicketDetail(t.reference))!.timers.map((x) => x.id);
    const rowsOf = async () =>
      new Map(
        (
          await db()
            .select({
              id: slaTimers.id,
              dueAt: slaTimers.dueAt,
              warnAt: slaTimers.warnAt,
              calendarVersion: slaTimers.calendarVersion,
              xmin: sql<string>`xmin::text`,
            })
            .from(slaTimers)
            .where(inArray(slaTimers.id, ids))
        ).map((r) => [r.id, r]),
      );

    // A holiday on a Saturday would move nothing: the calendar refuses it (the day is already
    // off), makes no version and writes no timer.
    const before = await rowsOf();
    await expect(changeCalendar({ action: "add", kind: "holiday", date: "2026-07-11", name: "임시공휴일" }, admin)).rejects.toThrow(
      /calendarAlreadyOffWeekend/,
    );
    expect(await rowsOf()).toEqual(before);

    // A holiday on a working day: a timer is rewritten (on the new version) exactly when its
    // deadline or warning moves; the others keep their very row version.
    const wednesday = await changeCalendar({ action: "add", kind: "holiday", date: "2026-07-08", name: "임시공휴일" }, admin);
    const outcome = await recomputeForVersion(wednesday);
    const after = await rowsOf();
    let moved = 0;
    for (const [id, b] of before) {
      const a = after.get(id)!;
      const changed = a.dueAt.getTime() !== b.dueAt.getTime() || a.warnAt?.getTime() !== b.warnAt?.getTime();
      if (changed) moved++;
      expect({ id, rewritten: a.xmin !== b.xmin, version: a.calendarVersion }).toEqual({
        id,
        rewritten: changed,
        version: changed ? wednesday : b.calendarVersion,
      });
    }
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(outcome.examined).toBe(outcome.rewritten + outcome.unmoved);
    await expectEveryLiveClockCurrent();
  });

  it("an older version's run after a newer change counts on the newest calendar (never pulls a deadline back)", async () => {
    const t = await createTicket(intake(kst("2026-07-13T10:00:00")), { kind: "customer" });
    const dues = async () => Object.fromEntries((await getTicketDetail(t.reference))!.timers.map((x) => [x.metric, x.dueAt.toISOString()]));
    const original = await dues();
    const added = await changeCalendar({ action: "add", kind: "holiday", date: "2026-07-15", name: "임시공휴일" }, admin);
    const removed = await changeCalendar({ action: "remove", kind: "holiday", date: "2026-07-15", name: "" }, admin);
    // The newer version runs first, then the older one (resumed late): both on the newest calendar.
    await recomputeForVersion(removed);
    const older = await recomputeForVersion(added);
    expect(older.moved).toBe(0);
    expect(await dues()).toEqual(original);
    expect((await getTicketDetail(t.reference))!.events.some((e) => e.type === "sla.deadline_moved")).toBe(false);
    await expectEveryLiveClockCurrent();
  });
});

describe("every calendar change, generated", () => {
  // Tickets received on the working days of one week in August 2026, replies asked for on any day
  // of the three weeks after (weekends and the 15th included), some clocks paused; then a run of
  // holidays added and removed on those days, each recomputed. Whatever the change touched, every
  // live clock must end on the deadline and warning the newest calendar gives it.
  const firstDay = "2026-08-03"; // a Monday
  it("leaves every live clock on the newest calendar's deadline and warning", async () => {
    const agent = await createStaffMember({ email: "calendar-prop@recompute.test", name: "직원", role: "agent", team: null });
    const actor = staffActor({ ...agent, locale: "ko" });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 0, max: 4 }),
            hour: fc.integer({ min: 7, max: 20 }),
            requestedIn: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
            pause: fc.boolean(),
            resumeAfterHours: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
            channel: fc.constantFrom(...CHANNELS),
            kind: fc.constantFrom("inquiry", "complaint", "unkindness", "disclosure"),
            callback: fc.boolean(),
            resolvedOnContact: fc.boolean(),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.array(fc.record({ add: fc.boolean(), day: fc.integer({ min: 0, max: 20 }) }), { minLength: 1, maxLength: 4 }),
        async (tickets, changes) => {
          for (const t of tickets) {
            const received = addDays(firstDay, t.day);
            // Each ticket's story runs at its own time, so its clocks are live while it is paused.
            const at = kst(`${received}T${String(t.hour).padStart(2, "0")}:00:00`);
            let made: { reference: string };
            try {
              made = await atTime(at, () =>
                createTicket(
                  {
                    ...intake(at),
                    channel: t.channel,
                    kind: t.kind,
                    customer: { name: "홍길동", email: "hong@example.com", phone: "010-1234-5678" },
                    postalAddress: "서울특별시 중구 세종대로 110",
                    callbackRequested: t.callback && t.channel === "phone",
                    resolvedOnContact: t.resolvedOnContact && t.channel === "phone",
                    ...(t.requestedIn === null ? {} : { requestedReplyBy: addDays(received, t.requestedIn) }),
                  },
                  { kind: "customer" },
                ),
              );
            } catch (error) {
              // A contact the intake rules refuse (a reply asked for sooner than the desk can give it…): no ticket.
              if (error instanceof DeskError && error.status === 422) continue;
              throw error;
            }
            if (!t.pause) continue;
            const pausedAt = new Date(at.getTime() + 30 * 60_000);
            try {
              await atTime(pausedAt, () => pauseTicket(made.reference, { reason: "서류를 보내 주세요" }, actor));
            } catch (error) {
              // A ticket that cannot wait for the customer (answered on the spot…).
              if (error instanceof DeskError && error.status === 409) continue;
              throw error;
            }
            if (t.resumeAfterHours !== null) {
              await atTime(new Date(pausedAt.getTime() + t.resumeAfterHours * 3_600_000), () => resumeTicket(made.reference, actor));
            }
          }
          for (const c of changes) {
            const date = addDays(firstDay, c.day);
            let version: number;
            try {
              version = await changeCalendar(
                c.add
                  ? { action: "add", kind: "holiday", date, name: "임시공휴일" }
                  : { action: "remove", kind: "holiday", date, name: "" },
                admin,
              );
            } catch (error) {
              // A day already off, or no holiday to remove: refused, nothing to recompute.
              if (error instanceof DeskError && error.status === 422) continue;
              throw error;
            }
            await recomputeForVersion(version);
          }
          await expectEveryLiveClockCurrent();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("moves a requested reply due before a day made working again, when the asked-for date lies after it", async () => {
    // Asked for Saturday 09-12 with Friday 09-11 a holiday: due Thursday 09-10. Friday working again
    // moves it to Friday — a deadline before the changed day that the change moves later.
    await recomputeForVersion(await changeCalendar({ action: "add", kind: "holiday", date: "2026-09-11", name: "임시공휴일" }, admin));
    const t = await createTicket({ ...intake(kst("2026-09-07T10:00:00")), requestedReplyBy: "2026-09-12" }, { kind: "customer" });
    expect(await requestedDue(t.reference)).toBe(kst("2026-09-10T18:00:00").toISOString());
    await recomputeForVersion(await changeCalendar({ action: "remove", kind: "holiday", date: "2026-09-11", name: "" }, admin));
    expect(await requestedDue(t.reference)).toBe(kst("2026-09-11T18:00:00").toISOString());
    await expectEveryLiveClockCurrent();
  });

  it("moves a requested reply whose clock started after the changed day: its deadline is the asked-for date's, not the start's", async () => {
    // Received Friday 10-16 asking for Saturday 10-17: due that Friday 18:00. A holiday declared
    // afterwards for that Friday moves it to Thursday 10-15 — before the clock started; one more
    // for that Thursday must move it to Wednesday, although the clock started after that day.
    const t = await createTicket({ ...intake(kst("2026-10-16T10:00:00")), requestedReplyBy: "2026-10-17" }, { kind: "customer" });
    expect(await requestedDue(t.reference)).toBe(kst("2026-10-16T18:00:00").toISOString());
    await recomputeForVersion(await changeCalendar({ action: "add", kind: "holiday", date: "2026-10-16", name: "임시공휴일" }, admin));
    expect(await requestedDue(t.reference)).toBe(kst("2026-10-15T18:00:00").toISOString());
    await recomputeForVersion(await changeCalendar({ action: "add", kind: "holiday", date: "2026-10-15", name: "임시공휴일" }, admin));
    expect(await requestedDue(t.reference)).toBe(kst("2026-10-14T18:00:00").toISOString());
    await expectEveryLiveClockCurrent();
  });
});

async function requestedDue(reference: string): Promise<string> {
  return (await getTicketDetail(reference))!.timers.find((x) => x.metric === "requested_reply")!.dueAt.toISOString();
}

/**
 * Invariant: every live (running or paused) timer's deadline, and the warning point of every
 * running one, are the ones the calendar in force gives it (under its policy's warning rule).
 */
async function expectEveryLiveClockCurrent() {
  const cal = await currentCalendar();
  const policies = new Map((await db().select().from(slaPolicies)).map((p) => [p.id, p.targets]));
  const live = await db()
    .select()
    .from(slaTimers)
    .where(inArray(slaTimers.state, ["running", "paused"]));
  expect(live.length).toBeGreaterThan(0);
  const wrong = live
    .map((t) => {
      const due = deadlineOf(cal.calendar, basisOf(t));
      const target = (t.policyId ? policies.get(t.policyId)?.[t.metric] : undefined) ?? fallbackTargetOf(t.period);
      const warn = t.state === "running" ? warnAtOf(cal.calendar, t.startedAt.getTime(), due, t.period, target) : null;
      return {
        metric: t.metric,
        state: t.state,
        basisDate: t.basisDate,
        dueAt: [t.dueAt.toISOString(), new Date(due).toISOString()],
        warnAt: t.state === "running" ? [t.warnAt?.toISOString() ?? null, warn === null ? null : new Date(warn).toISOString()] : [],
      };
    })
    .filter((t) => t.dueAt[0] !== t.dueAt[1] || t.warnAt[0] !== t.warnAt[1]);
  expect(wrong).toEqual([]);
}
