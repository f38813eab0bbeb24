// /desk/guarantee — the service-guarantee cases (서비스 보증제): which promise was broken, when the
// case opened, when the fact-check result is due (overdue marked in words and colour), status.
// POST: "고객이 직원 착오로 2회 이상 방문함" for a ticket opens its case and goes to it; or bulk
// assign / close of the selected cases' tickets (the queue's bulk action, app/desk/bulk.server.ts).
import { data, type MetaFunction, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { runBulkIfIntended, type BulkResult } from "~/desk/bulk.server";
import { BulkOutcome, BulkPanel, bulkResetKey } from "~/desk/bulk-ui";
import { bulkSelection } from "~/desk/bulk-selection";
import { slaClocksStylesheet } from "~/desk/sla-clocks";
import { handleRepeatVisit, loadCaseList, type GuaranteeFormResult } from "~/guarantee-desk/guarantee-desk.server";
import { CaseStatusBadge, guaranteeStylesheet, RepeatVisitForm, TriggerList } from "~/guarantee-desk/ui";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { DataTable } from "~/ui/data-table";
import { pageTitle } from "~/ui/page-title";
import { listAssignees } from "~/staff/assignees.server";
import queueStyles from "~/desk/queue.css";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.guarantee");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: slaClocksStylesheet },
  { rel: "stylesheet", href: guaranteeStylesheet },
  { rel: "stylesheet", href: queueStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  // The cases of the tickets this staff member may see (managers and admins: every case).
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const [list, assignees] = await Promise.all([loadCaseList(new URL(request.url), user, lang), listAssignees()]);
  return { ...list, assignees };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const bulk = await runBulkIfIntended(request, user, lang);
  if (bulk) return data(bulk.result, { status: bulk.status });
  return handleRepeatVisit(request, user, lang);
}

const TABS = ["open", "closed", "all"] as const;

export default function GuaranteeCases() {
  const t = useT();
  const { tab, ignored, cases, limited, assignees } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as GuaranteeFormResult | BulkResult | undefined;
  const result = answer && "intent" in answer ? answer : undefined;
  const bulk = answer && !("intent" in answer) ? answer : undefined;
  const selected = new Set(bulk?.values.tickets ?? []);
  const resetKey = bulkResetKey(bulk);
  const busy = useNavigation().state === "loading";
  const tabLabel = t(`guarantee.tab.${tab}`);
  const repeatState = result && result.intent === "repeatVisit" ? result : undefined;
  const overdue = cases.filter((c) => c.factCheck.state === "overdue").length;

  return (
    <section aria-labelledby="guarantee-list-title">
      <h1 id="guarantee-list-title">{t("guarantee.list.title")}</h1>
      <p className="muted">{t("guarantee.list.intro")}</p>

      <nav aria-label={t("guarantee.list.tabsLabel")}>
        <ul className="tabs">
          {TABS.map((key) => (
            <li key={key}>
              <Link
                to={key === "open" ? "/desk/guarantee" : `/desk/guarantee?status=${key}`}
                aria-current={tab === key ? "page" : undefined}
              >
                {t(`guarantee.tab.${key}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {ignored.length ? (
        <p className="warning" role="status">
          {t("guarantee.list.ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}

      <BulkOutcome bulk={bulk} id="guarantee-bulk-done" />

      <p role="status" className="visually-hidden">
        {busy
          ? t("desk.loading")
          : `${t("guarantee.list.caption", { tab: tabLabel })}: ${t("guarantee.list.count", { count: cases.length })}`}
      </p>
      <DataTable
        busy={busy}
        className="case-table"
        caption={
          <>
            {t("guarantee.list.caption", { tab: tabLabel })}
            <span className="muted">
              {" "}
              — {t("guarantee.list.count", { count: cases.length })}
              {overdue ? ` · ${t("guarantee.factCheckState.overdue")} ${t("guarantee.list.count", { count: overdue })}` : ""}
            </span>
          </>
        }
        select={bulkSelection("guarantee-bulk-form", selected)}
        columns={[
          {
            id: "reference",
            header: t("guarantee.col.reference"),
            rowHeader: true,
            cell: (c) => (
              <>
                <Link
                  to={`/desk/guarantee/${c.id}`}
                  className="ref-link"
                  aria-label={t("guarantee.list.openCase", { reference: c.reference })}
                >
                  {c.reference}
                </Link>
                <div className="muted">{c.subject}</div>
              </>
            ),
          },
          { id: "triggers", header: t("guarantee.col.triggers"), cell: (c) => <TriggerList triggers={c.triggers} compact /> },
          { id: "openedAt", header: t("guarantee.col.openedAt"), cell: (c) => <time dateTime={c.openedAt}>{c.openedText}</time> },
          {
            id: "factCheckDue",
            header: t("guarantee.col.factCheckDue"),
            className: "fact-check-due",
            cell: (c) => (
              <>
                {c.factCheck.dueAt ? <time dateTime={c.factCheck.dueAt}>{c.factCheck.dueText}</time> : null}
                <div>
                  <FactCheckBadge state={c.factCheck.state} label={c.factCheck.label} />
                </div>
                {c.factCheck.overdueText ? <div className="error-text">{c.factCheck.overdueText}</div> : null}
              </>
            ),
          },
          { id: "status", header: t("guarantee.col.status"), cell: (c) => <CaseStatusBadge status={c.status} label={c.statusLabel} /> },
          {
            id: "assignee",
            header: t("guarantee.col.assignee"),
            cell: (c) => c.assigneeName ?? <span className="muted">{t("desk.unassigned")}</span>,
          },
        ]}
        rows={cases}
        rowKey={(c) => `${c.id}-${resetKey}`}
        rowProps={(c) => ({
          "data-case": c.id,
          "data-reference": c.reference,
          "data-overdue": c.factCheck.state === "overdue" ? "" : undefined,
        })}
        empty={t("guarantee.list.empty")}
      />
      {limited ? <p className="muted">{t("guarantee.list.limited", { count: cases.length })}</p> : null}

      {cases.length ? <BulkPanel formId="guarantee-bulk-form" bulk={bulk} assignees={assignees} hint={t("bulk.guaranteeHint")} /> : null}

      <details className="panel repeat-visit" open={repeatState ? true : undefined}>
        <summary>
          <h2 id="repeat-visit-title" className="action-title">
            {t("guarantee.repeat.title")}
          </h2>
        </summary>
        <p className="muted">{t("guarantee.repeat.hint")}</p>
        <RepeatVisitForm state={repeatState} reference={repeatState?.values.reference} withReference />
      </details>
    </section>
  );
}

const FACT_ICON: Record<string, string> = { overdue: "✖", late: "✖", met: "✓", on_track: "◷", paused: "‖", cancelled: "–", none: "–" };
const FACT_CLASS: Record<string, string> = { overdue: "breached", late: "breached", met: "met" };

function FactCheckBadge({ state, label }: { state: string; label: string }) {
  return (
    <span className={`badge ${FACT_CLASS[state] ?? ""}`} data-fact-check={state}>
      <span aria-hidden="true">{FACT_ICON[state] ?? ""}</span> {label}
    </span>
  );
}
