// /desk — the queues: my work, my team's, the unassigned, the overdue, everything active, waiting
// on the customer; most urgent first (the nearest deadline on top), each tab with its count, and
// bulk assign / close of the selected tickets. Managers and admins land on the dashboard.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireStaff } from "~/auth/session.server";
import { runBulk, type BulkResult } from "~/desk/bulk.server";
import { BulkOutcome, BulkPanel, bulkResetKey } from "~/desk/bulk-ui";
import { bulkSelection } from "~/desk/bulk-selection";
import { DataTable } from "~/ui/data-table";
import { CHANNEL_OPTIONS, STATUS_OPTIONS } from "~/tickets/constants";
import { landingPath, QUEUE_SORTS, queueHref } from "~/desk/queue";
import { loadQueue } from "~/desk/queue.server";
import { SavedViewsBar } from "~/desk/saved-views-bar";
import { canonicalViewQuery, listViews } from "~/desk/saved-views.server";
import { KeyboardShortcuts } from "~/desk/shortcuts/shortcuts";
import { timeLeft } from "~/desk/time-left";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { LiveUpdates } from "~/live/live-updates";
import { Field, SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";
import { listAssignees } from "~/staff/assignees.server";
import queueStyles from "~/desk/queue.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: queueStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.queue");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const url = new URL(request.url);
  // Each role lands where its work is: a bare /desk takes managers and admins to the dashboard.
  if (url.search === "" && landingPath(user.role) !== "/desk") throw redirect(landingPath(user.role));
  const [queue, assignees, views] = await Promise.all([loadQueue(url, user), listAssignees(), listViews(user)]);
  const savedViews = { views, current: canonicalViewQuery(url.search, user), saved: url.searchParams.get("saved") === "1" };
  return { ...queue, assignees, savedViews };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<BulkResult>({ errors: { tickets: "" }, values: { action: "", assignee: "", tickets: [] } }, { status: 400 });
  }
  const { status, result } = await runBulk(request, form, user, lang);
  return data(result, { status });
}

/** The clock the deadline texts are read against: the server's at first, then the browser's, every minute. */
function useMinuteClock(serverNow: string): number {
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(id);
  }, [serverNow]);
  return now;
}

export default function Queues() {
  const t = useT();
  const {
    query,
    tabs,
    counts,
    ignored,
    rows,
    nextCursor,
    teamless,
    now: serverNow,
    assignees,
    savedViews,
  } = useLoaderData<typeof loader>();
  const bulk = useActionData<typeof action>() as BulkResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "loading";
  const now = useMinuteClock(serverNow);
  const searching = query.q !== "";
  const tabLabel = t(`queue.tab.${query.tab}`);
  const caption = searching ? t("desk.queue.searchCaption", { q: query.q }) : tabLabel;
  const keep = { channel: query.channel, status: query.status, sort: query.sort };
  const selected = new Set(bulk?.values.tickets ?? []);
  // After a bulk run the selection starts empty again (the rows are re-created).
  const resetKey = bulkResetKey(bulk);
  const lines = rows.map((row) => ({ ...row, left: row.dueIso ? timeLeft(row.dueIso, now, t) : null }));

  return (
    <section aria-labelledby="queue-title">
      <div className="desk-title-row">
        <h1 id="queue-title">{t("desk.queue.title")}</h1>
        <Link to="/desk/log-contact" className="button secondary">
          {t("desk.queue.logContact")}
        </Link>
      </div>
      <LiveUpdates />

      <nav aria-label={t("desk.queue.tabsLabel")}>
        <ul className="tabs">
          {tabs.map((tab) => (
            <li key={tab}>
              <Link
                to={queueHref({ tab, ...keep })}
                aria-current={!searching && query.tab === tab ? "page" : undefined}
                className={tab === "overdue" && counts.overdue > 0 ? "tab-overdue" : undefined}
              >
                {t(`queue.tab.${tab}`)} <span className="tab-count">{t("queue.tabCount", { count: counts[tab] })}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted" id="queue-tab-hint">
        {searching ? t("desk.queue.searchHint") : t(`queue.tabHint.${query.tab}`)}
        {!searching && query.tab === "unassigned" && teamless ? ` ${t("queue.teamlessHint")}` : null}
      </p>

      <SavedViewsBar {...savedViews} />

      <Form method="get" className="filters" role="search" aria-label={t("desk.queue.filtersLabel")}>
        <input type="hidden" name="tab" value={query.tab} />
        <input type="hidden" name="sort" value={query.sort} />
        <Field name="q" label={t("desk.queue.search")} hint={t("desk.queue.searchFieldHint")} layout="filter">
          {(p) => <input {...p} type="search" defaultValue={query.q} maxLength={100} />}
        </Field>
        <SelectField
          name="channel"
          label={t("desk.field.channel")}
          layout="filter"
          placeholder={t("desk.queue.anyChannel")}
          options={CHANNEL_OPTIONS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          defaultValue={query.channel}
        />
        <SelectField
          name="status"
          label={t("desk.field.status")}
          layout="filter"
          placeholder={t("desk.queue.anyStatus")}
          options={STATUS_OPTIONS.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          defaultValue={query.status}
          disabled={query.tab === "waiting" && !searching}
        />
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t("desk.queue.apply")}
          </button>{" "}
          {searching || query.channel || query.status ? (
            <Link to={queueHref({ tab: query.tab, sort: query.sort })} className="button secondary">
              {t("desk.queue.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      <nav aria-label={t("queue.sort.label")} className="queue-sort">
        <span className="muted">{t("queue.sort.label")}:</span>{" "}
        {QUEUE_SORTS.map((sort) => (
          <Link
            key={sort}
            to={queueHref({ ...query, sort, cursor: "" })}
            aria-current={query.sort === sort ? "true" : undefined}
            className="queue-sort-link"
          >
            {t(`queue.sort.${sort}`)}
          </Link>
        ))}
      </nav>

      {ignored.length ? (
        <p className="warning" role="status">
          {t("desk.queue.ignored", { params: ignored.map((p) => t.dynamic(`desk.queue.param.${p}`)).join(", ") })}
        </p>
      ) : null}

      <BulkOutcome bulk={bulk} id="bulk-done" />

      <p role="status" className="visually-hidden">
        {busy ? t("desk.loading") : `${caption}: ${t("desk.queue.count", { count: rows.length })}`}
      </p>
      <DataTable
        busy={busy}
        caption={
          <>
            {caption}
            <span className="muted">
              {" "}
              — {t("desk.queue.count", { count: rows.length })} · {t("queue.sort.current", { sort: t(`queue.sort.${query.sort}`) })}
            </span>
          </>
        }
        select={bulkSelection("bulk-form", selected)}
        columns={[
          {
            id: "reference",
            header: t("desk.field.reference"),
            link: (row) => ({ to: `/desk/tickets/${row.reference}`, className: "ref-link" }),
            cell: (row) => row.reference,
          },
          { id: "subject", header: t("desk.field.subject"), cell: (row) => row.subject },
          { id: "deadline", header: t("queue.col.deadline"), className: "deadline-cell", cell: (row) => <DeadlineCell row={row} /> },
          { id: "customer", header: t("desk.field.customer"), cell: (row) => row.customerName },
          { id: "channel", header: t("desk.field.channel"), cell: (row) => t(`channel.${row.channel}`) },
          {
            id: "status",
            header: t("desk.field.status"),
            cell: (row) => <span className={`badge status-${row.status}`}>{t(`status.${row.status}`)}</span>,
          },
          { id: "received", header: t("desk.field.receivedKst"), cell: (row) => <time dateTime={row.receivedIso}>{row.receivedAt}</time> },
          {
            id: "assignee",
            header: t("desk.field.assignee"),
            cell: (row) => row.assigneeName ?? <span className="muted">{t("desk.unassigned")}</span>,
          },
        ]}
        rows={lines}
        rowKey={(row) => `${row.reference}-${resetKey}`}
        rowProps={(row) => ({ className: row.left?.overdue ? "row-overdue" : undefined })}
        empty={t("desk.queue.empty")}
      />

      {nextCursor || query.cursor ? (
        <nav aria-label={t("desk.queue.pagination")} className="pagination">
          {query.cursor ? (
            <Link to={queueHref({ ...query, cursor: "" })} className="button secondary">
              {t("desk.queue.firstPage")}
            </Link>
          ) : null}{" "}
          {nextCursor ? (
            <Link to={queueHref({ ...query, cursor: nextCursor })} className="button secondary" rel="next">
              {t("desk.queue.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}

      {rows.length ? <BulkPanel formId="bulk-form" bulk={bulk} assignees={assignees} hint={t("queue.bulk.hint")} /> : null}
      <KeyboardShortcuts page="queue" />
    </section>
  );
}

/** Time left before the next deadline (or since it passed), with the deadline itself. */
function DeadlineCell({
  row,
}: {
  row: { status: string; dueIso: string | null; dueAt: string | null; left: { overdue: boolean; text: string } | null };
}) {
  const t = useT();
  const { left } = row;
  if (!left || !row.dueIso) return <span className="muted">{row.status === "waiting" ? t("queue.paused") : t("queue.noDeadline")}</span>;
  return (
    <>
      {left.overdue ? (
        <>
          <span className="badge breached">
            <span aria-hidden="true">! </span>
            {t("queue.breached")}
          </span>{" "}
        </>
      ) : null}
      <span className="time-left" data-due={row.dueIso}>
        {left.text}
      </span>
      <br />
      <span className="muted">
        <time dateTime={row.dueIso}>{t("queue.dueAt", { at: row.dueAt ?? "" })}</time>
      </span>
    </>
  );
}
