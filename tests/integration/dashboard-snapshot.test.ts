// The dashboard served from a snapshot (ADR 0026) on the real database: a snapshot younger than
// the limit is served as stored and an older one is counted again (over generated ages and
// limits); a cold page is counted once however many views ask at once, also when another process
// holds the page's lock; the refresh button counts now; the refresh job keeps viewed pages fresh
// and drops forgotten ones; and what is stored equals what the page would count live.
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { outages } from "../../db/schema";
import { db } from "../../db/connection";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { ensureTeam } from "~/staff/staff.server";
import { loadDashboard, type DashboardData } from "~/reports/dashboard.server";
import {
  dashboardSnapshot,
  refreshDashboardSnapshots,
  servable,
  snapshotKey,
  SNAPSHOT_REFRESH,
  refreshAfterMs,
} from "~/reports/dashboard-snapshot.server";
import type { Period } from "~/reports/period";
import type { ReportScope } from "~/reports/scope.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);
const MAY: Period = { from: "2026-05-01", to: "2026-05-31" };
const ALL: ReportScope = { team: null, locked: false };
const NOW = kst("2026-06-02T10:00:00");
const MINUTE = 60_000;
const LIMIT = 60_000;
let team: ReportScope;

const addOutage = (start: Date) =>
  db()
    .insert(outages)
    .values({
      service: "모바일뱅킹",
      description: "장애",
      startedAt: start,
      status: "resolved",
      etaNoticeDueAt: new Date(start.getTime() + 3 * 3_600_000),
      etaPublishedAt: new Date(start.getTime() + 3_600_000),
      recoveryDueAt: new Date(start.getTime() + 48 * 3_600_000),
      resolvedAt: new Date(start.getTime() + 10 * 3_600_000),
      createdBy: "test",
    });

/** Stores a snapshot by hand: a marker instead of figures, so that serving it as stored shows. */
async function store(key: string, computedAt: Date, viewedAt: Date, data: unknown) {
  await db().execute(sql`
    insert into dashboard_snapshots (key, computed_at, viewed_at, data)
    values (${key}, ${computedAt.toISOString()}::timestamptz, ${viewedAt.toISOString()}::timestamptz, ${JSON.stringify(data)}::jsonb)
    on conflict (key) do update set computed_at = excluded.computed_at, viewed_at = excluded.viewed_at, data = excluded.data`);
}

async function row(key: string) {
  const [r] = await db().execute<{ computed_at: string; viewed_at: string }>(sql`
    select to_char(computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as computed_at,
           to_char(viewed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as viewed_at
    from dashboard_snapshots where key = ${key}`);
  return r ? { computedAt: r.computed_at, viewedAt: r.viewed_at } : null;
}

const clear = () => db().execute(sql`delete from dashboard_snapshots`);

beforeAll(async () => {
  await ensureDefaultCalendar();
  const t = await ensureTeam("snap-1", "민원1팀");
  team = { team: { id: t.id, key: "snap-1", name: "민원1팀" }, locked: true };
  await addOutage(kst("2026-05-07T09:00:00"));
});

describe("serving a stored page", () => {
  it("serves it as stored exactly while 0 ≤ age < limit, else counts it again", async () => {
    const key = snapshotKey(MAY, ALL);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -2 * MINUTE, max: 3 * MINUTE }), fc.integer({ min: 1, max: 2 * MINUTE }), async (age, limit) => {
        const marker = { marker: `${age}/${limit}` };
        await store(key, new Date(NOW.getTime() - age), new Date(NOW.getTime() - age), marker);
        const served = await dashboardSnapshot(MAY, ALL, NOW, { limitMs: limit });
        const fromStore = (served.data as unknown as { marker?: string }).marker === marker.marker;
        expect(fromStore).toBe(servable(new Date(NOW.getTime() - age), NOW, limit));
        expect(fromStore).toBe(age >= 0 && age < limit);
        if (!fromStore) {
          expect(served.computedAt.toISOString()).toBe(NOW.toISOString());
          expect((await row(key))?.computedAt).toBe(NOW.toISOString());
        }
      }),
      { numRuns: 30 },
    );
  });

  it("a fresh snapshot keeps its figures after the data changes; a stale one shows the change", async () => {
    await clear();
    const first = await dashboardSnapshot(MAY, ALL, NOW, { limitMs: LIMIT });
    const before = first.data.outages.total;
    await addOutage(kst("2026-05-20T09:00:00"));
    const later = await dashboardSnapshot(MAY, ALL, new Date(NOW.getTime() + 59_000), { limitMs: LIMIT });
    expect(later.data.outages.total).toBe(before);
    expect(later.computedAt.toISOString()).toBe(first.computedAt.toISOString());
    // The view was recorded (bumped at most every few seconds), the figures' time was not.
    expect((await row(snapshotKey(MAY, ALL)))?.viewedAt).toBe(new Date(NOW.getTime() + 59_000).toISOString());
    const stale = await dashboardSnapshot(MAY, ALL, new Date(NOW.getTime() + 60_000), { limitMs: LIMIT });
    expect(stale.data.outages.total).toBe(before + 1);
    expect(stale.computedAt.toISOString()).toBe(new Date(NOW.getTime() + 60_000).toISOString());
  });

  it("the refresh button counts now, however fresh the snapshot", async () => {
    await clear();
    const first = await dashboardSnapshot(MAY, team, NOW, { limitMs: LIMIT });
    await addOutage(kst("2026-05-21T09:00:00"));
    const at = new Date(NOW.getTime() + 1_000);
    const fresh = await dashboardSnapshot(MAY, team, at, { limitMs: LIMIT, refresh: true });
    expect(fresh.data.outages.total).toBe(first.data.outages.total + 1);
    expect(fresh.computedAt.toISOString()).toBe(at.toISOString());
    // The next view serves the refreshed figures from the store.
    const next = await dashboardSnapshot(MAY, team, new Date(NOW.getTime() + 2_000), { limitMs: LIMIT });
    expect(next.computedAt.toISOString()).toBe(at.toISOString());
    expect(next.data.outages.total).toBe(fresh.data.outages.total);
  });

  it("a limit of 0 counts every view and stores nothing", async () => {
    await clear();
    const live = await dashboardSnapshot(MAY, ALL, NOW, { limitMs: 0 });
    expect(live.computedAt.toISOString()).toBe(NOW.toISOString());
    expect(await row(snapshotKey(MAY, ALL))).toBeNull();
  });
});

describe("counted once", () => {
  it("views of a cold page at the same moment share one count", async () => {
    await clear();
    const views = await Promise.all(
      Array.from({ length: 6 }, (_, i) => dashboardSnapshot(MAY, ALL, new Date(NOW.getTime() + i), { limitMs: LIMIT })),
    );
    expect(new Set(views.map((v) => v.computedAt.toISOString())).size).toBe(1);
    expect(views.every((v) => JSON.stringify(v.data) === JSON.stringify(views[0].data))).toBe(true);
  });

  it("while another process counts a cold page, a view waits for its result instead of counting too", async () => {
    await clear();
    const key = snapshotKey(MAY, team);
    const marker = { marker: "the other process" };
    let view: Promise<{ data: DashboardData; computedAt: Date }> | undefined;
    let settled = false;
    // The other process: holds the page's lock, stores its result, then commits.
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dashboard-snapshot:${key}`}))`);
      await tx.execute(sql`
        insert into dashboard_snapshots (key, computed_at, viewed_at, data)
        values (${key}, ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz, ${JSON.stringify(marker)}::jsonb)`);
      view = dashboardSnapshot(MAY, team, new Date(NOW.getTime() + 10), { limitMs: LIMIT });
      void view.then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(settled).toBe(false);
    });
    const served = await view!;
    expect(served.data).toEqual(marker);
    expect(served.computedAt.toISOString()).toBe(NOW.toISOString());
  });

  it("while another process counts a stale page, a view serves the stale one at once", async () => {
    await clear();
    const key = snapshotKey(MAY, team);
    const stale = { marker: "stale" };
    await store(key, new Date(NOW.getTime() - 5 * MINUTE), NOW, stale);
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dashboard-snapshot:${key}`}))`);
      const served = await dashboardSnapshot(MAY, team, NOW, { limitMs: LIMIT });
      expect(served.data).toEqual(stale);
    });
  });
});

describe("the refresh button while the page is being counted", () => {
  // A count begun before the click may have read the data before what the manager wants to see:
  // the refresh shows only figures counted from its own moment on.
  it("does not take the result of a count this process began before the click", async () => {
    await clear();
    const key = snapshotKey(MAY, team);
    const marker = { marker: "counted before the click" };
    let refreshed: Promise<{ data: DashboardData; computedAt: Date }> | undefined;
    const at = new Date(NOW.getTime() + 1_000);
    await db().transaction(async (tx) => {
      // Another process holds the page, so this process's view of the cold page waits for it.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dashboard-snapshot:${key}`}))`);
      const view = dashboardSnapshot(MAY, team, NOW, { limitMs: LIMIT });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await addOutage(kst("2026-05-22T09:00:00"));
      refreshed = dashboardSnapshot(MAY, team, at, { limitMs: LIMIT, refresh: true });
      await tx.execute(sql`
        insert into dashboard_snapshots (key, computed_at, viewed_at, data)
        values (${key}, ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz, ${JSON.stringify(marker)}::jsonb)`);
      void view;
    });
    const fresh = await refreshed!;
    expect(fresh.computedAt.toISOString()).toBe(at.toISOString());
    expect(fresh.data).not.toEqual(marker);
    expect(fresh.data.outages.total).toBe((await loadDashboard(MAY, team, at)).outages.total);
  });

  it("does not take the result another process stores of a count it began before the click", async () => {
    await clear();
    const key = snapshotKey(MAY, team);
    await store(key, new Date(NOW.getTime() - 5 * MINUTE), NOW, { marker: "stale" });
    const marker = { marker: "counted elsewhere before the click" };
    const at = new Date(NOW.getTime() + 1_000);
    let refreshed: Promise<{ data: DashboardData; computedAt: Date }> | undefined;
    await db().transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`dashboard-snapshot:${key}`}))`);
      refreshed = dashboardSnapshot(MAY, team, at, { limitMs: LIMIT, refresh: true });
      await new Promise((resolve) => setTimeout(resolve, 150));
      await tx.execute(sql`
        update dashboard_snapshots set computed_at = ${NOW.toISOString()}::timestamptz, data = ${JSON.stringify(marker)}::jsonb
        where key = ${key}`);
    });
    const fresh = await refreshed!;
    expect(fresh.computedAt.toISOString()).toBe(at.toISOString());
    expect(fresh.data).not.toEqual(marker);
  });
});

describe("the refresh job", () => {
  it("counts again the pages viewed lately that would pass the limit before its next round, and drops those not viewed for a day", async () => {
    // The default limit (a minute, the job's round): every viewed page but one counted seconds ago.
    expect(refreshAfterMs(60_000)).toBe(5_000);
    expect(refreshAfterMs(300_000)).toBe(235_000);
    await clear();
    const ago = (ms: number) => new Date(NOW.getTime() - ms);
    const periods: Record<string, Period> = {
      due: MAY,
      young: { from: "2026-05-01", to: "2026-05-15" },
      unviewed: { from: "2026-05-02", to: "2026-05-31" },
      forgotten: { from: "2026-05-03", to: "2026-05-31" },
    };
    const key = (name: string) => snapshotKey(periods[name], ALL);
    await store(key("due"), ago(45_000), ago(MINUTE), { marker: "due" });
    await store(key("young"), ago(2_000), ago(MINUTE), { marker: "young" });
    await store(key("unviewed"), ago(2 * MINUTE), ago(SNAPSHOT_REFRESH.viewedWithinMs + MINUTE), { marker: "unviewed" });
    await store(key("forgotten"), ago(SNAPSHOT_REFRESH.dropAfterMs + MINUTE), ago(SNAPSHOT_REFRESH.dropAfterMs + MINUTE), {
      marker: "forgotten",
    });
    await store(
      snapshotKey(MAY, { team: { id: "00000000-0000-4000-8000-000000000000", key: "x", name: "x" }, locked: false }),
      ago(MINUTE),
      ago(MINUTE),
      {
        marker: "no such team",
      },
    );

    const result = await refreshDashboardSnapshots({ now: () => NOW });
    expect(result).toEqual({ refreshed: 1, dropped: 2 });
    expect((await row(key("due")))?.computedAt).toBe(NOW.toISOString());
    // The job's count is not a view: the page still ages out if nobody looks at it.
    expect((await row(key("due")))?.viewedAt).toBe(ago(MINUTE).toISOString());
    expect((await row(key("young")))?.computedAt).toBe(ago(2_000).toISOString());
    expect((await row(key("unviewed")))?.computedAt).toBe(ago(2 * MINUTE).toISOString());
    expect(await row(key("forgotten"))).toBeNull();
    // A viewer finds the refreshed figures without waiting for a count.
    const served = await dashboardSnapshot(MAY, ALL, new Date(NOW.getTime() + 1_000), { limitMs: LIMIT });
    expect(served.computedAt.toISOString()).toBe(NOW.toISOString());
    expect(served.data.outages.total).toBeGreaterThan(0);
  });
});

describe("what is stored is what the page would show", () => {
  it("the stored snapshot equals the live figures after their JSON round trip, for every team and one", async () => {
    for (const scope of [ALL, team]) {
      await clear();
      const live = await loadDashboard(MAY, scope, NOW);
      // JSON-safe: nothing (a Date, undefined, NaN) that the round trip would change.
      expect(JSON.parse(JSON.stringify(live))).toStrictEqual(live);
      await dashboardSnapshot(MAY, scope, NOW, { limitMs: LIMIT });
      const served = await dashboardSnapshot(MAY, scope, new Date(NOW.getTime() + 1_000), { limitMs: LIMIT });
      expect(served.computedAt.toISOString()).toBe(NOW.toISOString());
      expect(served.data).toStrictEqual(live);
    }
  });
});
