import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { slaTimers } from "../../db/schema";
import { db } from "../../db/connection";
import { changeCalendar, recomputeForVersion } from "~/sla/calendar-admin.server";
import { currentCalendar } from "~/sla/calendar.server";
import { deadlineOf } from "~/sla/timer-math";
import { basisOf } from "~/sla/timers.server";
import { createTicket, getTicketDetail } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
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
    await expectEveryLiveDeadlineCurrent();
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
    await expectEveryLiveDeadlineCurrent();
  });
});

/** Invariant: every running timer's deadline is the one the calendar in force gives it. */
async function expectEveryLiveDeadlineCurrent() {
  const cal = await currentCalendar();
  const live = await db().select().from(slaTimers).where(eq(slaTimers.state, "running"));
  expect(live.length).toBeGreaterThan(0);
  for (const timer of live) expect([timer.metric, timer.dueAt.getTime()]).toEqual([timer.metric, deadlineOf(cal.calendar, basisOf(timer))]);
}
