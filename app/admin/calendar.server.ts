// The working-calendar page's server side: what the page shows for a year, and its three
// actions — add a date, remove one (after a confirmation step), resume a recomputation. A
// change becomes a new calendar version (app/sla/calendar-admin.server.ts); the recomputation
// of running deadlines then runs in the background (./recompute.server.ts).
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import type { CalendarChange } from "~/db/schema";
import { staffActor, type StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import { kst } from "~/lib/time";
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  isValidIsoDate,
  isoWeekdayOf,
  validateCalendarSpec,
  type CalendarSpec,
} from "~/sla/calendar";
import { calendarHistory, changeCalendar, recomputationProgress, type RecomputeProgress } from "~/sla/calendar-admin.server";
import { currentCalendar } from "~/sla/calendar.server";
import { HOLIDAY_NAME_SEPARATOR, KR_HOLIDAY_YEARS, koreanHolidayNames } from "~/sla/holidays-kr";
import { auditSettingsChange } from "~/security/audit.server";
import { DeskError } from "~/core/errors";
import { parseForm, textValues } from "~/ui/form-data.server";
import { choice, requiredText, translateError } from "~/core/validation";
import { localRecomputationState, startRecomputation } from "./recompute.server";
import { message } from "./policy-form.server";

export const ENTRY_KINDS = ["holiday", "closure", "extra_working_day"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export type CalendarEntry = { kind: EntryKind; date: string; name: string; weekday: number; official: boolean };

export type ProgressView = {
  version: number;
  state: "running" | "done" | "failed";
  /** In this process: being recomputed now, or waiting for an earlier version. */
  local: "running" | "queued" | null;
  candidates: number;
  examined: number;
  moved: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** When this was read (ISO): the page keeps the newer of its loader's and the poll's answer. */
  asOf: string;
};

export type HistoryRow = {
  version: number;
  change: CalendarChange | null;
  createdBy: string;
  createdAt: string;
  progress: ProgressView | null;
};

export function progressView(row: RecomputeProgress): ProgressView {
  return {
    version: row.version,
    state: row.state,
    local: localRecomputationState(row.version),
    candidates: row.candidates,
    examined: row.examined,
    moved: row.moved,
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    asOf: new Date().toISOString(),
  };
}

export function currentKstYear(now = new Date()): number {
  return kst(now).year;
}

function yearParam(value: string | null, fallback: number): number {
  if (!value || !/^\d{4}$/.test(value)) return fallback;
  const year = Number(value);
  return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR ? year : fallback;
}

function entriesOf(spec: CalendarSpec, year: number): Record<EntryKind, CalendarEntry[]> {
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const officialName = (date: string) => koreanHolidayNames(date)?.join(HOLIDAY_NAME_SEPARATOR) ?? null;
  const entry = (kind: EntryKind, date: string, name: string): CalendarEntry => ({
    kind,
    date,
    name,
    weekday: isoWeekdayOf(date),
    official: kind === "holiday" && officialName(date) === name,
  });
  const byDate = (a: CalendarEntry, b: CalendarEntry) => a.date.localeCompare(b.date);
  return {
    holiday: spec.holidays
      .filter((h) => inYear(h.date))
      .map((h) => entry("holiday", h.date, h.name))
      .sort(byDate),
    closure: spec.closures
      .filter((c) => inYear(c.date))
      .map((c) => entry("closure", c.date, c.reason))
      .sort(byDate),
    extra_working_day: spec.extraWorkingDays
      .filter((e) => inYear(e.date))
      .map((e) => entry("extra_working_day", e.date, e.reason ?? ""))
      .sort(byDate),
  };
}

/** The entry of `kind` on `date` in the spec, if there is one. */
export function findEntry(spec: CalendarSpec, kind: EntryKind, date: string): { kind: EntryKind; date: string; name: string } | null {
  if (kind === "holiday") {
    const h = spec.holidays.find((e) => e.date === date);
    return h ? { kind, date, name: h.name } : null;
  }
  const list = kind === "closure" ? spec.closures : spec.extraWorkingDays;
  const e = list.find((x) => x.date === date);
  return e ? { kind, date, name: e.reason ?? "" } : null;
}

function isEntryKind(value: unknown): value is EntryKind {
  return typeof value === "string" && (ENTRY_KINDS as readonly string[]).includes(value);
}

export async function loadCalendarPage(request: Request, user: StaffUser) {
  const url = new URL(request.url);
  const thisYear = currentKstYear();
  const year = yearParam(url.searchParams.get("year"), thisYear);
  const { version, spec, calendar } = await currentCalendar();

  // The year choices: the official data's years, last year to three years ahead, and any year
  // that has an entry of its own.
  const years = new Set<number>([...KR_HOLIDAY_YEARS, year]);
  for (let y = thisYear - 1; y <= thisYear + 3; y++) years.add(y);
  for (const e of [...spec.holidays, ...spec.closures, ...spec.extraWorkingDays]) {
    const y = Number(e.date.slice(0, 4));
    if (y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR) years.add(y);
  }

  let workingDays = 0;
  for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
    if (calendar.isWorkingDay(d.toISOString().slice(0, 10))) workingDays++;
  }

  // "remove=holiday:2026-06-09": the confirmation step of a removal.
  const removeParam = url.searchParams.get("remove") ?? "";
  const [removeKind, removeDate] = removeParam.split(":", 2);
  const pendingRemoval = isEntryKind(removeKind) && isValidIsoDate(removeDate ?? "") ? findEntry(spec, removeKind, removeDate) : null;

  const history: HistoryRow[] = (await calendarHistory(50)).map((row) => ({
    version: row.version,
    change: row.change,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    progress: row.recomputation ? progressView(row.recomputation) : null,
  }));
  const changedParam = Number(url.searchParams.get("changed"));
  const changed = history.find((h) => h.version === changedParam && h.progress) ?? null;
  // The recomputation the page follows: the change just made, else the newest unfinished one.
  const tracked = changed ?? history.find((h) => h.progress && h.progress.state !== "done") ?? null;

  const month = monthParam(url.searchParams.get("month"), year === thisYear ? kst(new Date()).month : 1);
  const grid = monthGrid(calendar, year, month, history);

  const problems = validateCalendarSpec(spec).filter((p) => p.severity === "warning");
  const firstDataYear = KR_HOLIDAY_YEARS[0] ?? null;
  const lastDataYear = KR_HOLIDAY_YEARS[KR_HOLIDAY_YEARS.length - 1] ?? null;

  return {
    canEdit: user.role === "admin",
    year,
    thisYear,
    years: [...years].sort((a, b) => a - b),
    version,
    zone: spec.zone,
    periods: spec.periods,
    workingWeekdays: [...spec.workingWeekdays].sort((a, b) => a - b),
    hoursPerDay: calendar.workingMsPerDay / 3_600_000,
    workingDays,
    entries: entriesOf(spec, year),
    coverage: {
      firstYear: firstDataYear,
      lastYear: lastDataYear,
      nextYear: thisYear + 1,
      nextYearCovered: KR_HOLIDAY_YEARS.includes(thisYear + 1),
      yearCovered: KR_HOLIDAY_YEARS.includes(year),
    },
    warnings: problems.map((p) => ({ ko: p.messageKo, en: p.messageEn })),
    pendingRemoval,
    changedVersion: changed?.version ?? null,
    tracked: tracked?.progress ?? null,
    history,
    month,
    grid,
  };
}

function monthParam(text: string | null, fallback: number): number {
  return text && /^(0?[1-9]|1[0-2])$/.test(text) ? Number(text) : fallback;
}

export type GridDay = {
  date: string;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  working: boolean;
  /** Why it is off, or what makes a weekend day a working day. */
  kind: "holiday" | "closure" | "weekend" | "extra_working_day" | null;
  name: string;
  /** The calendar version that added the entry (1: the starting calendar). */
  version: number | null;
};

/**
 * One month as weeks of seven days (Sunday first, as Korean wall calendars), days of other months
 * left empty. Each day says whether it is worked, why not, and which version added its entry.
 */
export function monthGrid(
  calendar: Awaited<ReturnType<typeof currentCalendar>>["calendar"],
  year: number,
  month: number,
  history: HistoryRow[],
) {
  const pad = (n: number) => String(n).padStart(2, "0");
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  // Newest first: the first change naming a date is the one its entry comes from.
  const addedIn = (date: string, kind: string) =>
    history.find((h) => h.change?.date === date && h.change.kind === kind && h.change.action === "add")?.version ?? 1;
  const cells: Array<GridDay | null> = Array.from({ length: first.getUTCDay() }, () => null);
  for (let d = 1; d <= days; d++) {
    const date = `${year}-${pad(month)}-${pad(d)}`;
    const jsDay = new Date(Date.UTC(year, month - 1, d)).getUTCDay();
    const weekday = jsDay === 0 ? 7 : jsDay;
    const reason = calendar.nonWorkingDayReason(date);
    const extra = calendar.spec.extraWorkingDays.find((e) => e.date === date);
    const kind = reason ? reason.type : extra ? "extra_working_day" : null;
    const name = reason?.type === "holiday" ? reason.name : reason?.type === "closure" ? reason.reason : (extra?.reason ?? "");
    cells.push({ date, day: d, weekday, working: !reason, kind, name, version: kind && kind !== "weekend" ? addedIn(date, kind) : null });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<GridDay | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const prev = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { year, month, weeks, prev, next };
}

// ---------------------------------------------------------------------------------- actions

export type CalendarActionResult = {
  intent: "add" | "remove" | "resume" | null;
  errors: Record<string, string>;
  values: Record<string, string>;
  formError?: string;
};

const dateField = z
  .string({ error: "error.required" })
  .trim()
  .min(1, "error.required")
  .refine((v) => isValidIsoDate(v), "error.date")
  .refine((v) => {
    const y = Number(v.slice(0, 4));
    return y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR;
  }, "admin.error.yearRange");

const addSchema = z.object({ kind: choice(ENTRY_KINDS), date: dateField, name: requiredText(100) });
const removeSchema = z.object({
  kind: choice(ENTRY_KINDS),
  date: dateField,
  confirm: z.literal("yes", { error: "admin.calendar.confirmRequired" }),
});

const fail = (status: number, result: CalendarActionResult) => data(result, { status });

/** Translates message keys ("error.…", "admin.…"); text that is already translated stays as it is. */
function translateKeys(lang: Lang, errors: Record<string, string>): Record<string, string> {
  const isKey = (v: string) => v.startsWith("error.") || v.startsWith("admin.");
  // A weekday travels as its ISO number ("error.calendarAlreadyOffWeekend?weekday=6") and is named here.
  const named = (v: string) =>
    v.replace(
      /([?&]weekday=)([1-7])\b/,
      (_, head: string, n: string) => `${head}${encodeURIComponent(message(lang, `admin.weekday.${n}`))}`,
    );
  return Object.fromEntries(
    Object.entries(errors).map(([k, v]) => [k, v.startsWith("error.") ? translateError(lang, named(v)) : isKey(v) ? message(lang, v) : v]),
  );
}

async function applyChange(
  request: Request,
  change: CalendarChange,
  user: StaffUser,
  lang: Lang,
  values: Record<string, string>,
  intent: "add" | "remove",
) {
  let version: number;
  try {
    version = await changeCalendar(change, staffActor(user));
  } catch (error) {
    if (error instanceof DeskError) {
      const errors = error.fieldErrors ? translateKeys(lang, error.fieldErrors) : { date: translateError(lang, error.messageKey) };
      return fail(error.status, { intent, errors, values });
    }
    throw error;
  }
  await auditSettingsChange(request, user, "calendar", {
    change: `calendar.${change.action}`,
    kind: change.kind,
    date: change.date,
    name: change.name,
    version,
  });
  // Not awaited: the person sees the new version at once and the progress on the next page.
  void startRecomputation(version);
  const params = new URLSearchParams({ year: change.date.slice(0, 4), changed: String(version) });
  return redirect(`/admin/calendar?${params}`, { status: 303 });
}

export async function handleCalendarAction(request: Request, user: StaffUser, lang: Lang) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "admin.error.badRequest") });
  }
  const intent = form.get("intent");
  switch (intent) {
    case "add": {
      const parsed = parseForm(addSchema, form, lang);
      if (!parsed.ok) return fail(422, { intent, errors: translateKeys(lang, parsed.errors), values: parsed.values });
      const { kind, date, name } = parsed.data;
      return applyChange(request, { action: "add", kind, date, name }, user, lang, textValues(form), intent);
    }
    case "remove": {
      const parsed = parseForm(removeSchema, form, lang);
      if (!parsed.ok) return fail(422, { intent, errors: translateKeys(lang, parsed.errors), values: parsed.values });
      const { kind, date } = parsed.data;
      // The history says what was removed, by the name it had.
      const existing = findEntry((await currentCalendar()).spec, kind, date);
      return applyChange(request, { action: "remove", kind, date, name: existing?.name ?? "" }, user, lang, textValues(form), intent);
    }
    case "resume": {
      const text = form.get("version");
      const version = typeof text === "string" && /^\d{1,9}$/.test(text) ? Number(text) : NaN;
      const progress = Number.isInteger(version) ? await recomputationProgress(version) : null;
      if (!progress) return fail(404, { intent, errors: {}, values: {}, formError: message(lang, "admin.calendar.noSuchRecomputation") });
      if (progress.state !== "done") void startRecomputation(version);
      const params = new URLSearchParams({ changed: String(version) });
      const year = form.get("year");
      if (typeof year === "string" && /^\d{4}$/.test(year)) params.set("year", year);
      return redirect(`/admin/calendar?${params}`, { status: 303 });
    }
    default:
      return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "admin.error.unknownAction") });
  }
}
