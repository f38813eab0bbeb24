// /admin/calendar — the working calendar (SERVICE-STANDARDS §1): a year's holidays, closures and
// extra working days; adding and removing one (a new calendar version each time); the version
// history with the recomputation of running deadlines that each change started.
import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import {
  handleCalendarAction,
  loadCalendarPage,
  type CalendarActionResult,
  type CalendarEntry,
  type EntryKind,
  type HistoryRow,
  type ProgressView,
} from "~/admin/calendar.server";
import { actorText } from "~/admin/fields";
import { progressSentence, RecomputeProgressPanel, stateLabel, useRecomputeProgress } from "~/admin/progress";
import { requireStaff } from "~/auth/session.server";
import type { Translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useLang, useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { holidayNameEn } from "~/sla/explain";
import { ErrorSummary, Field, RadioGroup, SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminCalendar");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manager");
  return loadCalendarPage(request, user);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  return handleCalendarAction(request, user, await getLang(request));
}

type PageData = Awaited<ReturnType<typeof loadCalendarPage>>;

const KINDS: EntryKind[] = ["holiday", "closure", "extra_working_day"];

function weekdayText(t: Translate, weekday: number): string {
  return t.dynamic(`admin.weekday.${weekday}`);
}

export default function CalendarPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as unknown as PageData;
  const result = useActionData<typeof action>() as CalendarActionResult | undefined;
  const addResult = result?.intent === "add" ? result : undefined;
  const otherError = result && result.intent !== "add" ? (result.formError ?? Object.values(result.errors)[0]) : undefined;

  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{t("admin.calendar.title")}</h1>
      <p className="lead">{t("admin.calendar.lead", { version: data.version, zone: data.zone })}</p>

      {data.changedVersion ? (
        <p className="notice" role="status">
          {t("admin.calendar.changed", { version: data.changedVersion })}
        </p>
      ) : null}
      {otherError ? (
        <p className="error-summary" role="alert">
          {otherError}
        </p>
      ) : null}

      <Coverage data={data} />

      {data.pendingRemoval && data.canEdit ? <ConfirmRemoval entry={data.pendingRemoval} year={data.year} /> : null}

      {data.tracked ? (
        <RecomputeProgressPanel key={data.tracked.version} progress={data.tracked} canEdit={data.canEdit} year={data.year} />
      ) : null}

      <WorkingTime data={data} />

      <section aria-labelledby="year-title">
        <h2 id="year-title">{t("admin.calendar.yearTitle", { year: data.year })}</h2>
        <YearPicker data={data} />
        <p>{t("admin.calendar.workingDays", { year: data.year, count: data.workingDays })}</p>
        <MonthGrid data={data} />
        {KINDS.map((kind) => (
          <EntryTable key={kind} kind={kind} entries={data.entries[kind]} year={data.year} canEdit={data.canEdit} />
        ))}
        {data.warnings.length ? <SpecWarnings warnings={data.warnings} /> : null}
      </section>

      {data.canEdit ? <AddForm result={addResult} year={data.year} resetKey={data.version} /> : null}

      <History history={data.history} tracked={data.tracked} />
    </section>
  );
}

const GRID_WEEKDAYS = [7, 1, 2, 3, 4, 5, 6];

/** The month as a table of weeks: each day worked or off and why, with the version of its entry. */
function MonthGrid({ data }: { data: PageData }) {
  const t = useT();
  const lang = useLang();
  const { grid } = data;
  const monthName = t("calendarGrid.month", { year: grid.year, month: grid.month });
  const href = (m: { year: number; month: number }) => `?year=${m.year}&month=${m.month}#month-grid`;
  const dayName = (d: NonNullable<PageData["grid"]["weeks"][number][number]>) =>
    lang === "en" && d.kind === "holiday" ? holidayNameEn(d.name) : d.name;
  return (
    <section aria-labelledby="month-grid-title" id="month-grid" className="month-grid-section">
      <div className="month-nav">
        <Link to={href(grid.prev)} aria-label={t("calendarGrid.prev", { month: t("calendarGrid.month", grid.prev) })}>
          ← {t("calendarGrid.month", grid.prev)}
        </Link>
        <h3 id="month-grid-title" aria-live="polite">
          {monthName}
        </h3>
        <Link to={href(grid.next)} aria-label={t("calendarGrid.next", { month: t("calendarGrid.month", grid.next) })}>
          {t("calendarGrid.month", grid.next)} →
        </Link>
      </div>
      <p className="muted">{t("calendarGrid.legend", { version: data.version })}</p>
      <div className="table-wrap">
        <table className="month-grid" aria-labelledby="month-grid-title" data-testid="month-grid">
          <thead>
            <tr>
              {GRID_WEEKDAYS.map((w) => (
                <th key={w} scope="col">
                  {weekdayText(t, w)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.weeks.map((week, i) => (
              <tr key={i}>
                {week.map((d, j) =>
                  d ? (
                    <td key={d.date} data-off={d.working ? undefined : ""} data-kind={d.kind ?? undefined}>
                      <time dateTime={d.date} className="day-number">
                        {d.day}
                      </time>
                      <span className="visually-hidden">
                        {" "}
                        {t("calendarGrid.dayOf", { month: grid.month, day: d.day, weekday: weekdayText(t, d.weekday) })}
                      </span>
                      <span className="day-state">
                        {d.working
                          ? d.kind === "extra_working_day"
                            ? t("calendarGrid.extraWorking")
                            : t("calendarGrid.working")
                          : t.dynamic(`calendarGrid.off.${d.kind}`)}
                      </span>
                      {d.name ? <span className="day-name">{dayName(d)}</span> : null}
                      {d.version ? <span className="day-version">{t("calendarGrid.version", { version: d.version })}</span> : null}
                    </td>
                  ) : (
                    <td key={`empty-${i}-${j}`} className="empty" aria-hidden="true" />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Coverage({ data }: { data: PageData }) {
  const t = useT();
  const { coverage } = data;
  const range = coverage.firstYear && coverage.lastYear ? `${coverage.firstYear}–${coverage.lastYear}` : t("common.none");
  return (
    <>
      {coverage.nextYearCovered ? null : (
        <div className="warning" data-testid="coverage-warning">
          <p>
            <strong>{t("admin.calendar.coverageNextYear", { year: coverage.nextYear })}</strong>
          </p>
          <p>{t("admin.calendar.coverageExplain", { range, year: coverage.nextYear })}</p>
        </div>
      )}
      {!coverage.yearCovered && (coverage.nextYearCovered || data.year !== coverage.nextYear) ? (
        <p className="warning">{t("admin.calendar.coverageYear", { year: data.year, range })}</p>
      ) : null}
    </>
  );
}

function WorkingTime({ data }: { data: PageData }) {
  const t = useT();
  return (
    <section aria-labelledby="working-time-title">
      <h2 id="working-time-title">{t("admin.calendar.workingTimeTitle")}</h2>
      <dl className="facts">
        <dt>{t("admin.calendar.periods")}</dt>
        <dd>
          {data.periods.map((p) => `${p.start}–${p.end}`).join(", ")} ({t("admin.calendar.hoursPerDay", { hours: data.hoursPerDay })})
        </dd>
        <dt>{t("admin.calendar.weekdays")}</dt>
        <dd>{data.workingWeekdays.map((w) => weekdayText(t, w)).join(", ")}</dd>
        <dt>{t("admin.calendar.zone")}</dt>
        <dd>{data.zone}</dd>
      </dl>
      <p className="muted">{t("admin.calendar.workingTimeNote")}</p>
    </section>
  );
}

function YearPicker({ data }: { data: PageData }) {
  const t = useT();
  const prev = data.year - 1;
  const next = data.year + 1;
  return (
    <Form method="get" className="year-nav" aria-label={t("admin.calendar.yearPick")}>
      <SelectField
        key={data.year}
        name="year"
        label={t("admin.calendar.year")}
        layout="filter"
        options={data.years.map((y) => ({ value: String(y), label: t("admin.calendar.yearOption", { year: y }) }))}
        defaultValue={String(data.year)}
      />
      <button type="submit" className="secondary">
        {t("admin.calendar.show")}
      </button>
      <Link to={`?year=${prev}`}>{t("admin.calendar.prevYear", { year: prev })}</Link>
      <Link to={`?year=${next}`}>{t("admin.calendar.nextYear", { year: next })}</Link>
    </Form>
  );
}

function entryName(lang: string, entry: CalendarEntry): string {
  return lang === "en" && entry.official ? holidayNameEn(entry.name) : entry.name;
}

function EntryTable({ kind, entries, year, canEdit }: { kind: EntryKind; entries: CalendarEntry[]; year: number; canEdit: boolean }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="table-wrap">
      <table data-testid={`entries-${kind}`}>
        <caption>{t(`admin.calendar.caption.${kind}`, { year, count: entries.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.calendar.col.date")}</th>
            <th scope="col">{t("admin.calendar.col.weekday")}</th>
            <th scope="col">{kind === "holiday" ? t("admin.calendar.col.name") : t("admin.calendar.col.reason")}</th>
            {kind === "holiday" ? <th scope="col">{t("admin.calendar.col.source")}</th> : null}
            {canEdit ? (
              <th scope="col" className="actions">
                {t("admin.calendar.col.actions")}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td colSpan={(kind === "holiday" ? 4 : 3) + (canEdit ? 1 : 0)} className="muted">
                {t("admin.calendar.noEntries")}
              </td>
            </tr>
          ) : (
            entries.map((e) => (
              <tr key={e.date}>
                <th scope="row">
                  <time dateTime={e.date}>{e.date}</time>
                </th>
                <td>{weekdayText(t, e.weekday)}</td>
                <td>{entryName(lang, e) || <span className="muted">{t("common.none")}</span>}</td>
                {kind === "holiday" ? (
                  <td>
                    <span className={`badge ${e.official ? "official" : "manual"}`}>
                      {e.official ? t("admin.calendar.official") : t("admin.calendar.manual")}
                    </span>
                  </td>
                ) : null}
                {canEdit ? (
                  <td className="actions">
                    <Form method="get" className="inline-form">
                      <input type="hidden" name="year" value={year} />
                      <input type="hidden" name="remove" value={`${kind}:${e.date}`} />
                      <button type="submit" className="danger">
                        {t("admin.calendar.remove")}
                        <span className="visually-hidden">
                          {" "}
                          {e.date} {entryName(lang, e)}
                        </span>
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function SpecWarnings({ warnings }: { warnings: Array<{ ko: string; en: string }> }) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="warning">
      <p>
        <strong>{t("admin.calendar.specWarnings")}</strong>
      </p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>{lang === "en" ? w.en : w.ko}</li>
        ))}
      </ul>
    </div>
  );
}

/** The second step of a removal: says what will happen, then a POST with confirm=yes. */
function ConfirmRemoval({ entry, year }: { entry: { kind: EntryKind; date: string; name: string }; year: number }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "remove";
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [entry.kind, entry.date]);
  return (
    <section aria-labelledby="confirm-title" className="confirm-panel" data-testid="confirm-removal">
      <h2 id="confirm-title" tabIndex={-1} ref={heading}>
        {t("admin.calendar.confirmTitle")}
      </h2>
      <p>
        {t("admin.calendar.confirmText", {
          date: entry.date,
          kind: t(`admin.calendar.kind.${entry.kind}`),
          name: entry.name || t("common.none"),
        })}
      </p>
      <p>{t(`admin.calendar.confirmEffect.${entry.kind}`)}</p>
      <Form method="post" action={`/admin/calendar?year=${year}`} className="section-actions">
        <input type="hidden" name="intent" value="remove" />
        <input type="hidden" name="kind" value={entry.kind} />
        <input type="hidden" name="date" value={entry.date} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className="danger" disabled={busy}>
          {t("admin.calendar.confirmRemove")}
        </button>
        <Link to={`/admin/calendar?year=${year}`}>{t("common.cancel")}</Link>
      </Form>
    </section>
  );
}

function AddForm({ result, year, resetKey }: { result?: CalendarActionResult; year: number; resetKey: number }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "add";
  const errors = result?.errors;
  const values = result?.values;
  const labels = { kind: t("admin.calendar.field.kind"), date: t("admin.calendar.field.date"), name: t("admin.calendar.field.name") };
  return (
    <section aria-labelledby="add-title">
      <h2 id="add-title">{t("admin.calendar.addTitle")}</h2>
      <p className="muted">{t("admin.calendar.addLead")}</p>
      <Form method="post" action={`/admin/calendar?year=${year}`} className="form" noValidate key={resetKey} aria-labelledby="add-title">
        <input type="hidden" name="intent" value="add" />
        <ErrorSummary errors={errors} labels={labels} />
        <RadioGroup
          name="kind"
          legend={labels.kind}
          error={errors?.kind}
          value={values?.kind ?? "holiday"}
          options={KINDS.map((k) => ({ value: k, label: t(`admin.calendar.kind.${k}`), hint: t(`admin.calendar.kindHint.${k}`) }))}
          required
          nativeRequired={false}
          rowClassName="checkbox-row"
        />
        <Field name="date" label={labels.date} error={errors?.date} hint={t("admin.calendar.field.dateHint")} required>
          {(props) => <input {...props} type="date" defaultValue={values?.date ?? ""} min="2000-01-01" max="2100-12-31" />}
        </Field>
        <Field name="name" label={labels.name} error={errors?.name} hint={t("admin.calendar.field.nameHint")} required>
          {(props) => <input {...props} type="text" defaultValue={values?.name ?? ""} maxLength={100} autoComplete="off" />}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t("admin.working") : t("admin.calendar.addSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function changeText(t: Translate, lang: string, row: HistoryRow): string {
  const c = row.change;
  if (!c) return t("admin.calendar.initialVersion");
  return t(`admin.calendar.changeText.${c.action}`, {
    kind: t(`admin.calendar.kind.${c.kind}`),
    date: c.date,
    name: c.name ? (lang === "en" ? holidayNameEn(c.name) : c.name) : t("common.none"),
  });
}

function History({ history, tracked }: { history: HistoryRow[]; tracked: ProgressView | null }) {
  const t = useT();
  const lang = useLang();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("admin.calendar.historyTitle")}</h2>
      <div className="table-wrap">
        <table data-testid="calendar-history">
          <caption>{t("admin.calendar.historyCaption", { count: history.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.calendar.col.version")}</th>
              <th scope="col">{t("admin.calendar.col.change")}</th>
              <th scope="col">{t("admin.calendar.col.by")}</th>
              <th scope="col">{t("admin.calendar.col.at")}</th>
              <th scope="col">{t("admin.calendar.col.recompute")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((row) => (
              <tr key={row.version}>
                <th scope="row">{row.version}</th>
                <td>{changeText(t, lang, row)}</td>
                <td>{actorText(t.dynamic, row.createdBy)}</td>
                <td>
                  <time dateTime={row.createdAt}>{formatKst(row.createdAt)}</time>
                </td>
                <td>
                  {row.progress ? (
                    tracked && tracked.version === row.version ? (
                      <LiveProgressCell initial={tracked} />
                    ) : (
                      <ProgressText progress={row.progress} />
                    )
                  ) : (
                    <span className="muted">{t("admin.recompute.none")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Reads the shared poll of the panel above (same fetcher key); does not poll itself. */
function LiveProgressCell({ initial }: { initial: ProgressView }) {
  const p = useRecomputeProgress(initial, { poll: false });
  return <ProgressText progress={p} />;
}

function ProgressText({ progress }: { progress: ProgressView }) {
  const t = useT();
  return (
    <span data-state={progress.state}>
      <span className={`badge${progress.state === "failed" ? " breached" : progress.state === "done" ? " met" : ""}`}>
        {stateLabel(t, progress)}
      </span>{" "}
      <span className="muted">{progressSentence(t, progress)}</span>
    </span>
  );
}
