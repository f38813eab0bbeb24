// The calendar in force: the newest row of calendar_versions, built once per version per process.
import { desc, eq } from "drizzle-orm";
import { calendarVersions } from "~/db/schema";
import { executor, type Database, type Transaction } from "~/db/connection";
import { buildCalendar, defaultCalendarSpec, type CalendarSpec, type WorkingCalendar } from "./calendar";
import { koreanPublicHolidays } from "./holidays-kr";

type Executor = Database | Transaction;
export type VersionedCalendar = { version: number; calendar: WorkingCalendar; spec: CalendarSpec };

const built = new Map<number, VersionedCalendar>();

/** Version 1: the official almanac's holidays (every year the package has) and 09–12, 13–18 Mon–Fri. */
export function initialCalendarSpec(): CalendarSpec {
  return defaultCalendarSpec(koreanPublicHolidays());
}

export async function ensureDefaultCalendar(ex: Executor = executor()): Promise<void> {
  await ex
    .insert(calendarVersions)
    .values({ version: 1, spec: initialCalendarSpec(), change: null, createdBy: "system" })
    .onConflictDoNothing();
}

export async function calendarVersion(version: number, ex: Executor = executor()): Promise<VersionedCalendar> {
  const cached = built.get(version);
  if (cached) return cached;
  const [row] = await ex.select().from(calendarVersions).where(eq(calendarVersions.version, version)).limit(1);
  if (!row) throw new Error(`calendar version ${version} does not exist`);
  const entry = { version, spec: row.spec, calendar: buildCalendar(row.spec) };
  built.set(version, entry);
  return entry;
}

export async function currentCalendar(ex: Executor = executor()): Promise<VersionedCalendar> {
  let [row] = await ex
    .select({ version: calendarVersions.version })
    .from(calendarVersions)
    .orderBy(desc(calendarVersions.version))
    .limit(1);
  if (!row) {
    await ensureDefaultCalendar(ex);
    row = { version: 1 };
  }
  return calendarVersion(row.version, ex);
}
