// Computing the dashboard must leave the process's other work its database connections: with its
// tables locked (a migration, a long maintenance statement), a page computed meanwhile must not
// park every pooled connection behind the lock — requests and the deadline watch share the pool.
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../db/connection";
import { ensureDefaultCalendar } from "~/sla/calendar.server";
import { DASHBOARD_SECTION_LANES, loadDashboard } from "~/reports/dashboard.server";
import { useTestDatabase } from "../support/db";

const database = useTestDatabase();

describe("the dashboard and the pool", () => {
  it("waits on a locked table with a few connections at most, and the rest of the pool stays free", async () => {
    await ensureDefaultCalendar();
    const [{ pid: ownPid }] = await db().execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
    const locker = postgres(database.url(), { max: 1, onnotice: () => {} });
    const watcher = postgres(database.url(), { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const locking = locker.begin(async (tx) => {
      await tx`lock table sla_timers, guarantee_cases, tickets in access exclusive mode`;
      locked();
      await held;
    });
    try {
      await isLocked;
      const page = loadDashboard({ from: "2026-11-01", to: "2026-11-30" }, { team: null, locked: false }).catch((e: unknown) => e);
      // Let every section that can start reach the lock.
      await new Promise((r) => setTimeout(r, 1_500));
      const [{ waiting }] = await watcher.unsafe<{ waiting: number }[]>(
        `select count(*)::int as waiting from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and pid <> $1`,
        [ownPid],
      );
      expect(waiting).toBeGreaterThan(0);
      expect(waiting).toBeLessThanOrEqual(DASHBOARD_SECTION_LANES);
      // A request meanwhile gets a connection at once.
      const answered = await Promise.race([
        db()
          .execute(sql`select 1`)
          .then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 1_000)),
      ]);
      expect(answered, "a request got a connection within a second").toBe(true);
      release();
      expect(await page).not.toBeInstanceOf(Error);
    } finally {
      release();
      await locking.catch(() => {});
      await locker.end({ timeout: 5 });
      await watcher.end({ timeout: 5 });
    }
  }, 30_000);
});
