// /dashboard/tickets — the tickets behind a number of the dashboard, with the same period and
// team, paged by deadline; the same list exports as CSV. On the SLA list, bulk assign / close of the
// selected tickets (the queue's bulk action, app/desk/bulk.server.ts, with the same access rules).
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import type { Lang } from "~/i18n/format";
import { translate } from "~/i18n/i18n";
import { runBulkIfIntended, type BulkResult } from "~/desk/bulk.server";
import { BulkOutcome, BulkPanel, bulkResetKey } from "~/desk/bulk-ui";
import { bulkSelection } from "~/desk/bulk-selection";
import type { Assignee } from "~/staff/assignees";
import { listAssignees } from "~/staff/assignees.server";
import queueStyles from "~/desk/queue.css";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { translatorOfMatches } from "~/ui/page-title";
import { formatKst } from "~/lib/time";
import { DRILL_PAGE, loadDrill, readDrill, type DrillData, type DrillList } from "~/reports/drill.server";
import { dashboardHref, keyLabel, type DashboardParams } from "~/reports/links";
import { teamNames, staffNames, type DrillDimension } from "~/reports/sla-report.server";
import { assigneeColumn, BreachedTable, GuaranteeTable, referenceColumn, statusColumn, subjectColumn, TimerTable } from "~/reports/tables";
import { CsvLink } from "~/reports/ui";
import { DataTable } from "~/ui/data-table";

// The bulk form's look (shared with the queue).
export const links: LinksFunction = () => [{ rel: "stylesheet", href: queueStyles }];

export const meta: MetaFunction = ({ matches }) => [{ title: translatorOfMatches(matches)("dashboard.drill.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const read = await readDrill(request, user, lang);
  if (!read.ok) {
    const body: LoaderData = { ok: false, lang, errors: read.errors };
    return data(body, { status: 422 });
  }
  const { query, drill } = read;
  const [result, assignees] = await Promise.all([
    loadDrill(query, drill, DRILL_PAGE),
    drill.list === "sla" ? listAssignees() : Promise.resolve([]),
  ]);
  // Names for the heading: a staff member or a team named by the filter.
  let keyName: string | null = null;
  if (drill.list === "sla" && drill.dimension === "assignee" && drill.keyValue)
    keyName = (await staffNames([drill.keyValue])).get(drill.keyValue)?.name ?? null;
  if (drill.list === "sla" && drill.dimension === "team" && drill.keyValue)
    keyName = (await teamNames([drill.keyValue])).get(drill.keyValue)?.name ?? null;
  const url = new URL(request.url);
  const params: DashboardParams = {
    from: query.period.from,
    to: query.period.to,
    team: query.scope.locked ? "" : (query.scope.team?.key ?? ""),
  };
  const filters: Record<string, string> = {};
  for (const k of ["list", "dim", "key", "outcome", "overdue", "staff", "score"]) {
    const v = url.searchParams.get(k);
    if (v) filters[k] = v;
  }
  const body: LoaderData = {
    ok: true,
    lang,
    params,
    filters,
    cursor: drill.cursor ?? null,
    teamName: query.scope.team?.name ?? null,
    drill: {
      list: drill.list,
      dimension: drill.dimension,
      key: drill.keyValue,
      outcome: drill.outcome ?? "all",
      overdue: drill.overdue === "1",
      score: drill.score ?? null,
    },
    keyName,
    result,
    assignees,
  };
  return data(body);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const bulk = await runBulkIfIntended(request, user, lang);
  if (!bulk) {
    const refused: BulkResult = {
      errors: { action: translate(lang, "queue.bulk.chooseAction") },
      values: { action: "", assignee: "", tickets: [] },
    };
    return data(refused, { status: 400 });
  }
  return data(bulk.result, { status: bulk.status });
}

type Ok = {
  ok: true;
  lang: Lang;
  params: DashboardParams;
  filters: Record<string, string>;
  cursor: string | null;
  teamName: string | null;
  drill: {
    list: DrillList;
    dimension: DrillDimension;
    key: string;
    outcome: "met" | "breached" | "running" | "all";
    overdue: boolean;
    score: string | null;
  };
  keyName: string | null;
  result: DrillData;
  assignees: Assignee[];
};
type LoaderData = Ok | { ok: false; lang: Lang; errors: Record<string, string> };

export default function DrillDown() {
  const t = useT();
  const d = useLoaderData<typeof loader>() as unknown as LoaderData;
  const bulk = useActionData<typeof action>() as BulkResult | undefined;
  if (!d.ok) {
    return (
      <section aria-labelledby="drill-title">
        <h1 id="drill-title">{t("dashboard.drill.title")}</h1>
        <div className="error-summary" role="alert">
          <h2>{t("dashboard.drill.badFilter")}</h2>
          <ul>
            {Object.entries(d.errors).map(([k, v]) => (
              <li key={k}>
                {k === "_" ? "" : `${k}: `}
                {v}
              </li>
            ))}
          </ul>
        </div>
        <p>
          <Link to="/dashboard">{t("dashboard.drill.back")}</Link>
        </p>
      </section>
    );
  }
  const { params, result, drill } = d;
  const heading = headingOf(t, d);
  const selected = new Set(bulk?.values.tickets ?? []);
  const resetKey = bulkResetKey(bulk);
  return (
    <section aria-labelledby="drill-title">
      <p className="breadcrumb">
        <Link to={dashboardHref("/dashboard", params)}>{t("dashboard.drill.back")}</Link>
      </p>
      <h1 id="drill-title">{heading}</h1>
      <p className="dashboard-scope">
        {d.teamName ? t("dashboard.scopeTeam", { team: d.teamName }) : t("dashboard.scopeAll")}
        {drill.list === "sla" || drill.list === "satisfaction"
          ? ` · ${t("dashboard.periodText", { from: params.from, to: params.to })}`
          : null}
      </p>
      <div className="table-tools">
        <CsvLink table="tickets" params={params} extra={d.filters} title={heading} />
      </div>
      {result.list === "sla" ? (
        <>
          <BulkOutcome bulk={bulk} id="drill-bulk-done" />
          <DataTable
            caption={t("dashboard.drill.pageCaption", { count: result.rows.length })}
            select={bulkSelection("drill-bulk-form", selected)}
            columns={[
              referenceColumn(t),
              subjectColumn(t),
              { id: "metric", header: t("dashboard.col.metric"), cell: (r) => keyLabel(t, "metric", r.metric) },
              { id: "due", header: t("dashboard.col.due"), cell: (r) => formatKst(r.dueAt) },
              {
                id: "outcome",
                header: t("dashboard.col.outcome"),
                cell: (r) => (
                  <span className={`badge ${r.outcome === "met" ? "met" : r.outcome === "breached" ? "breached" : ""}`}>
                    {t(`dashboard.state.${r.outcome}`)}
                  </span>
                ),
              },
              statusColumn(t),
              assigneeColumn(t),
            ]}
            rows={result.rows}
            rowKey={(r) => `${r.timerId}-${resetKey}`}
            rowProps={(r) => ({ "data-reference": r.reference })}
            empty={t("dashboard.drill.empty")}
          />
          {result.rows.length ? (
            <BulkPanel formId="drill-bulk-form" bulk={bulk} assignees={d.assignees} hint={t("bulk.drillHint")} />
          ) : null}
          {result.nextCursor || d.cursor ? (
            <nav aria-label={t("dashboard.drill.pages")} className="pagination">
              {d.cursor ? <Link to={dashboardHref("/dashboard/tickets", params, d.filters)}>{t("dashboard.drill.first")}</Link> : null}
              {result.nextCursor ? (
                <Link to={dashboardHref("/dashboard/tickets", params, { ...d.filters, cursor: result.nextCursor })}>
                  {t("dashboard.drill.next")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
      {result.list === "at-risk" ? (
        <TimerTable caption={t("dashboard.atRisk.caption", { count: result.count })} rows={result.rows} more={null} />
      ) : null}
      {result.list === "breached-open" ? (
        <BreachedTable caption={t("dashboard.breachedOpen.caption", { count: result.count })} rows={result.rows} more={null} />
      ) : null}
      {result.list === "guarantee" ? (
        <GuaranteeTable
          caption={
            drill.overdue
              ? t("dashboard.guarantee.overdueCaption", { count: result.overdue })
              : t("dashboard.guarantee.openCaption", { count: result.open })
          }
          rows={result.rows}
          more={null}
        />
      ) : null}
      {result.list === "unkindness" ? (
        <DataTable
          caption={t("dashboard.unkindness.caption", { name: result.name, count: result.rows.length })}
          columns={[
            referenceColumn(t),
            subjectColumn(t),
            { id: "reportedAt", header: t("dashboard.unkindness.reportedAt"), cell: (r) => formatKst(r.reportedAt) },
            {
              id: "reportedBy",
              header: t("dashboard.unkindness.reportedBy"),
              cell: (r) => t.dynamic(`dashboard.unkindness.by.${r.reportedBy}`),
            },
            statusColumn(t),
          ]}
          rows={result.rows}
          rowKey={(r, i) => `${r.reference}-${i}`}
        />
      ) : null}
      {result.list === "satisfaction" ? (
        <DataTable
          caption={t("dashboard.sat.listCaption", { count: result.count, shown: result.rows.length })}
          columns={[
            referenceColumn(t, <span className="muted">{t("dashboard.sat.noTicket")}</span>),
            subjectColumn(t),
            { id: "source", header: t("dashboard.sat.source"), cell: (r) => t.dynamic(`dashboard.sat.source.${r.source}`) },
            { id: "score", header: t("dashboard.sat.score"), numeric: true, cell: (r) => r.score },
            { id: "recordedAt", header: t("dashboard.sat.recordedAt"), cell: (r) => formatKst(r.createdAt) },
          ]}
          rows={result.rows}
          rowKey={(_, i) => i}
          empty={t("dashboard.drill.empty")}
        />
      ) : null}
    </section>
  );
}

function headingOf(t: ReturnType<typeof useT>, d: Ok): string {
  const { drill } = d;
  switch (drill.list) {
    case "sla": {
      const what =
        drill.dimension === "total"
          ? t("dashboard.total")
          : `${t(`dashboard.col.${drill.dimension}`)}: ${keyLabel(t, drill.dimension, drill.key, d.keyName)}`;
      return t("dashboard.drill.slaHeading", {
        what,
        outcome: drill.outcome === "all" ? t("dashboard.drill.allOutcomes") : t(`dashboard.state.${drill.outcome}`),
      });
    }
    case "at-risk":
      return t("dashboard.section.at-risk");
    case "breached-open":
      return t("dashboard.section.breached-open");
    case "guarantee":
      return drill.overdue ? t("dashboard.guarantee.overdueHeading") : t("dashboard.section.guarantee");
    case "unkindness":
      return t("dashboard.unkindness.heading");
    case "satisfaction":
      return drill.score ? t("dashboard.sat.scoreHeading", { score: drill.score }) : t("dashboard.section.satisfaction");
  }
}
