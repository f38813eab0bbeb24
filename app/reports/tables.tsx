// Lists of tickets shown on the dashboard and on its drill-down page, and the columns they share.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { DataTable, type Column } from "~/ui/data-table";
import type { BreachedOpenRow, GuaranteeRow, TimerListRow } from "./dashboard.server";
import { keyLabel } from "./links";

type Translate = ReturnType<typeof useT>;

/** The ticket reference as the row's name, linked to the ticket (`none` where a row has no ticket). */
export function referenceColumn(t: Translate, none?: ReactNode): Column<{ reference: string | null }> {
  return {
    id: "reference",
    header: t("dashboard.col.reference"),
    rowHeader: true,
    link: (r) => (r.reference ? { to: `/desk/tickets/${r.reference}`, className: "ref-link" } : null),
    cell: (r) => r.reference ?? none,
  };
}

export const subjectColumn = (t: Translate): Column<{ subject: string | null }> => ({
  id: "subject",
  header: t("dashboard.col.subject"),
  cell: (r) => r.subject ?? "",
});

export const statusColumn = (t: Translate): Column<{ status: string }> => ({
  id: "status",
  header: t("dashboard.col.status"),
  cell: (r) => t.dynamic(`status.${r.status}`),
});

export const assigneeColumn = (t: Translate): Column<{ assigneeName: string | null }> => ({
  id: "assignee",
  header: t("dashboard.col.assignee"),
  cell: (r) => r.assigneeName ?? t("dashboard.unassigned"),
});

/** "Show all" under a dashboard table that shows only the first rows. */
function ShowAll({ to }: { to: string | null }) {
  const t = useT();
  return to ? (
    <p>
      <Link to={to}>{t("dashboard.showAll")}</Link>
    </p>
  ) : null;
}

type TimerRow = TimerListRow & { overdue?: boolean };

export function TimerTable({ caption, rows, more }: { caption: string; rows: TimerRow[]; more: string | null }) {
  const t = useT();
  const columns: Column<TimerRow>[] = [
    referenceColumn(t),
    subjectColumn(t),
    { id: "metric", header: t("dashboard.col.metric"), cell: (r) => keyLabel(t, "metric", r.metric) },
    {
      id: "due",
      header: t("dashboard.col.due"),
      cell: (r) => (
        <>
          {formatKst(r.dueAt)} {r.overdue ? <span className="badge overdue">{t("dashboard.atRisk.overdue")}</span> : null}
        </>
      ),
    },
    assigneeColumn(t),
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.timerId}
      empty={t("dashboard.atRisk.none")}
      after={<ShowAll to={more} />}
    />
  );
}

export function BreachedTable({ caption, rows, more }: { caption: string; rows: BreachedOpenRow[]; more: string | null }) {
  const t = useT();
  const columns: Column<BreachedOpenRow>[] = [
    referenceColumn(t),
    subjectColumn(t),
    statusColumn(t),
    { id: "metrics", header: t("dashboard.col.breachedMetrics"), cell: (r) => r.metrics.map((m) => keyLabel(t, "metric", m)).join(", ") },
    { id: "firstDue", header: t("dashboard.col.firstDue"), cell: (r) => formatKst(r.firstDueAt) },
    assigneeColumn(t),
  ];
  return (
    <DataTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.reference}
      empty={t("dashboard.breachedOpen.none")}
      after={<ShowAll to={more} />}
    />
  );
}

export function GuaranteeTable({ rows, more, caption }: { rows: GuaranteeRow[]; more: string | null; caption?: string }) {
  const t = useT();
  const columns: Column<GuaranteeRow>[] = [
    referenceColumn(t),
    subjectColumn(t),
    { id: "opened", header: t("dashboard.guarantee.opened"), cell: (r) => formatKst(r.openedAt) },
    {
      id: "triggers",
      header: t("dashboard.guarantee.triggers"),
      cell: (r) =>
        r.triggers
          .map((x) => (x === "repeat_visit" || x === "claim" ? t(`dashboard.guarantee.trigger.${x}`) : keyLabel(t, "metric", x)))
          .join(", "),
    },
    { id: "factDue", header: t("dashboard.guarantee.factDue"), cell: (r) => (r.factCheckDueAt ? formatKst(r.factCheckDueAt) : "—") },
    {
      id: "factState",
      header: t("dashboard.guarantee.factState"),
      cell: (r) =>
        r.factCheckedAt ? (
          <span className="badge met">{t("dashboard.guarantee.factDone")}</span>
        ) : r.overdue ? (
          <span className="badge overdue">{t("dashboard.guarantee.factOverdue")}</span>
        ) : (
          <span className="badge">{t("dashboard.guarantee.factPending")}</span>
        ),
    },
  ];
  return (
    <DataTable
      caption={caption ?? t("dashboard.guarantee.caption")}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.caseId}
      empty={t("dashboard.guarantee.none")}
      after={<ShowAll to={more} />}
    />
  );
}
