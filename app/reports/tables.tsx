// Lists of tickets shown on the dashboard and on its drill-down page.
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import type { BreachedOpenRow, GuaranteeRow, TimerListRow } from "./dashboard.server";
import { keyLabel } from "./links";

type TimerRow = TimerListRow & { overdue?: boolean };

export function TimerTable({ caption, rows, more }: { caption: string; rows: TimerRow[]; more: string | null }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.reference")}</th>
            <th scope="col">{t("dashboard.col.subject")}</th>
            <th scope="col">{t("dashboard.col.metric")}</th>
            <th scope="col">{t("dashboard.col.due")}</th>
            <th scope="col">{t("dashboard.col.assignee")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={5}>{t("dashboard.atRisk.none")}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.timerId}>
                <th scope="row">
                  <Link to={`/desk/tickets/${r.reference}`} className="ref-link">
                    {r.reference}
                  </Link>
                </th>
                <td>{r.subject}</td>
                <td>{keyLabel(t, "metric", r.metric)}</td>
                <td>
                  {formatKst(r.dueAt)} {r.overdue ? <span className="badge overdue">{t("dashboard.atRisk.overdue")}</span> : null}
                </td>
                <td>{r.assigneeName ?? t("dashboard.unassigned")}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {more ? (
        <p>
          <Link to={more}>{t("dashboard.showAll")}</Link>
        </p>
      ) : null}
    </div>
  );
}

type BreachedRow = BreachedOpenRow;

export function BreachedTable({ caption, rows, more }: { caption: string; rows: BreachedRow[]; more: string | null }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.reference")}</th>
            <th scope="col">{t("dashboard.col.subject")}</th>
            <th scope="col">{t("dashboard.col.status")}</th>
            <th scope="col">{t("dashboard.col.breachedMetrics")}</th>
            <th scope="col">{t("dashboard.col.firstDue")}</th>
            <th scope="col">{t("dashboard.col.assignee")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6}>{t("dashboard.breachedOpen.none")}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.reference}>
                <th scope="row">
                  <Link to={`/desk/tickets/${r.reference}`} className="ref-link">
                    {r.reference}
                  </Link>
                </th>
                <td>{r.subject}</td>
                <td>{t.dynamic(`status.${r.status}`)}</td>
                <td>{r.metrics.map((m) => keyLabel(t, "metric", m)).join(", ")}</td>
                <td>{formatKst(r.firstDueAt)}</td>
                <td>{r.assigneeName ?? t("dashboard.unassigned")}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {more ? (
        <p>
          <Link to={more}>{t("dashboard.showAll")}</Link>
        </p>
      ) : null}
    </div>
  );
}

type GuaranteeRowView = GuaranteeRow;

export function GuaranteeTable({ rows, more, caption }: { rows: GuaranteeRowView[]; more: string | null; caption?: string }) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption ?? t("dashboard.guarantee.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("dashboard.col.reference")}</th>
            <th scope="col">{t("dashboard.col.subject")}</th>
            <th scope="col">{t("dashboard.guarantee.opened")}</th>
            <th scope="col">{t("dashboard.guarantee.triggers")}</th>
            <th scope="col">{t("dashboard.guarantee.factDue")}</th>
            <th scope="col">{t("dashboard.guarantee.factState")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6}>{t("dashboard.guarantee.none")}</td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.caseId}>
                <th scope="row">
                  <Link to={`/desk/tickets/${r.reference}`} className="ref-link">
                    {r.reference}
                  </Link>
                </th>
                <td>{r.subject}</td>
                <td>{formatKst(r.openedAt)}</td>
                <td>{r.triggers.map((x) => (x === "repeat_visit" || x === "claim" ? t(`dashboard.guarantee.trigger.${x}`) : keyLabel(t, "metric", x))).join(", ")}</td>
                <td>{r.factCheckDueAt ? formatKst(r.factCheckDueAt) : "—"}</td>
                <td>
                  {r.factCheckedAt ? (
                    <span className="badge met">{t("dashboard.guarantee.factDone")}</span>
                  ) : r.overdue ? (
                    <span className="badge overdue">{t("dashboard.guarantee.factOverdue")}</span>
                  ) : (
                    <span className="badge">{t("dashboard.guarantee.factPending")}</span>
                  )}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {more ? (
        <p>
          <Link to={more}>{t("dashboard.showAll")}</Link>
        </p>
      ) : null}
    </div>
  );
}
