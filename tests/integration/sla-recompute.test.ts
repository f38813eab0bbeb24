import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { slaTimers } from "../../db/schema";
import { db } from "../../db/connection";
import { changeCalendar, recomputeForVersion } from "~/sla/calendar-admin.server";
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
    const due = async (reference: string) =>
      Object.fromEntries((await getTicketDetail(reference))!.timers.map((t) => [t.metric, t]));
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
    expect(events[0].data).toMatchObject({ reason: "calendar", calendarVersion: version, change: { date: "2026-06-09", name: "임시공휴일" } });

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
    await expect(changeCalendar({ action: "add", kind: "holiday", date: "2026-06-09", name: "x" }, admin)).rejects.toMatchObject({ status: 422 });
    await expect(changeCalendar({ action: "remove", kind: "closure", date: "2026-07-01", name: "" }, admin)).rejects.toMatchObject({ status: 422 });
    await expect(changeCalendar({ action: "add", kind: "holiday", date: "2026-02-30", name: "x" }, admin)).rejects.toMatchObject({ status: 422 });
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
});
