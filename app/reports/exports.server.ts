// CSV exports of every dashboard table, with the same period, team and filters as the page.
import type { StaffUser } from "~/core/staff-user";
import { translator, type Lang, type Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";
import type { CsvCell } from "./csv";
import { csvResponse } from "./csv.server";
import {
  atRiskSection,
  breachedOpenSection,
  complianceSection,
  guaranteeSection,
  maintenanceSection,
  outageSection,
  satisfactionSection,
  trainingSection,
  trendSection,
  type BreachedOpenRow,
  type GuaranteeRow,
  type RateRow,
  type TimerListRow,
} from "./dashboard.server";
import { readDashboardQuery, type DashboardQuery } from "./dashboard-query.server";
import { EXPORT_LIMIT, loadDrill, readDrill } from "./drill.server";
import { keyLabel, percentNumber } from "./links";

export const EXPORT_TABLES = [
  "metric",
  "channel",
  "category",
  "team",
  "assignee",
  "trend",
  "at-risk",
  "breached-open",
  "guarantee",
  "training",
  "satisfaction",
  "outages",
  "maintenance",
  "tickets",
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

export function isExportTable(value: string | undefined): value is ExportTable {
  return (EXPORT_TABLES as readonly string[]).includes(value ?? "");
}

type Sheet = { headers: string[]; rows: CsvCell[][] };
const kstText = (iso: string | null | undefined) => (iso ? formatKst(iso) : "");
const yesNo = (t: Translate, v: boolean) => (v ? t("common.yes") : t("common.no"));

function complianceSheet(
  t: Translate,
  dimension: "metric" | "channel" | "category" | "team" | "assignee",
  rows: RateRow[],
  total: RateRow,
): Sheet {
  const headers = [
    t(`dashboard.col.${dimension}`),
    t("dashboard.csv.rate"),
    t("dashboard.col.met"),
    t("dashboard.col.breached"),
    t("dashboard.col.running"),
  ];
  const line = (label: string, r: RateRow): CsvCell[] => [label, percentNumber(r.rate), r.met, r.breached, r.running];
  return {
    headers,
    rows: [...rows.map((r) => line(keyLabel(t, dimension, r.key, r.label), r)), line(t("dashboard.total"), total)],
  };
}

function timerSheet(t: Translate, rows: Array<TimerListRow & { overdue?: boolean }>): Sheet {
  return {
    headers: [
      t("dashboard.col.reference"),
      t("dashboard.col.subject"),
      t("dashboard.col.metric"),
      t("dashboard.csv.due"),
      t("dashboard.atRisk.overdue"),
      t("dashboard.col.assignee"),
      t("dashboard.col.team"),
    ],
    rows: rows.map((r) => [
      r.reference,
      r.subject,
      keyLabel(t, "metric", r.metric),
      kstText(r.dueAt),
      yesNo(t, Boolean(r.overdue)),
      r.assigneeName ?? "",
      r.teamName ?? "",
    ]),
  };
}

function breachedSheet(t: Translate, rows: BreachedOpenRow[]): Sheet {
  return {
    headers: [
      t("dashboard.col.reference"),
      t("dashboard.col.subject"),
      t("dashboard.col.status"),
      t("dashboard.col.breachedMetrics"),
      t("dashboard.csv.firstDue"),
      t("dashboard.col.assignee"),
      t("dashboard.col.team"),
    ],
    rows: rows.map((r) => [
      r.reference,
      r.subject,
      t.dynamic(`status.${r.status}`),
      r.metrics.map((m) => keyLabel(t, "metric", m)).join(", "),
      kstText(r.firstDueAt),
      r.assigneeName ?? "",
      r.teamName ?? "",
    ]),
  };
}

function guaranteeSheet(t: Translate, rows: GuaranteeRow[]): Sheet {
  const trigger = (x: string) => (x === "repeat_visit" || x === "claim" ? t(`dashboard.guarantee.trigger.${x}`) : keyLabel(t, "metric", x));
  return {
    headers: [
      t("dashboard.col.reference"),
      t("dashboard.col.subject"),
      t("dashboard.col.team"),
      t("dashboard.csv.opened"),
      t("dashboard.guarantee.triggers"),
      t("dashboard.csv.factDue"),
      t("dashboard.csv.factChecked"),
      t("dashboard.guarantee.factOverdue"),
    ],
    rows: rows.map((r) => [
      r.reference,
      r.subject,
      r.teamName ?? "",
      kstText(r.openedAt),
      r.triggers.map(trigger).join(", "),
      kstText(r.factCheckDueAt),
      kstText(r.factCheckedAt),
      yesNo(t, r.overdue),
    ]),
  };
}

async function sheetFor(table: Exclude<ExportTable, "tickets">, q: DashboardQuery, t: Translate): Promise<Sheet> {
  const { period, scope, now } = q;
  switch (table) {
    case "metric":
    case "channel":
    case "category":
    case "team":
    case "assignee": {
      const c = await complianceSection(period, scope, now);
      return complianceSheet(t, table, c[table], c.total);
    }
    case "trend": {
      const trend = await trendSection(period, scope, now);
      return {
        headers: [
          t("dashboard.csv.weekFrom"),
          t("dashboard.csv.weekTo"),
          t("dashboard.csv.rate"),
          t("dashboard.col.met"),
          t("dashboard.col.breached"),
          t("dashboard.col.running"),
        ],
        rows: trend.weeks.map((w) => [w.from, w.to, percentNumber(w.rate), w.met, w.breached, w.running]),
      };
    }
    case "at-risk":
      return timerSheet(t, (await atRiskSection(scope, { now, limit: EXPORT_LIMIT })).rows);
    case "breached-open":
      return breachedSheet(t, (await breachedOpenSection(scope, { now, limit: EXPORT_LIMIT })).rows);
    case "guarantee":
      return guaranteeSheet(t, (await guaranteeSection(scope, { now, limit: EXPORT_LIMIT })).rows);
    case "training": {
      const training = await trainingSection(scope, { now });
      return {
        headers: [
          t("dashboard.col.assignee"),
          t("dashboard.csv.email"),
          t("dashboard.col.team"),
          t("dashboard.training.reports"),
          t("dashboard.csv.lastReport"),
        ],
        rows: training.rows.map((r) => [r.name, r.email, r.teamName ?? "", r.reports, kstText(r.lastReportedAt)]),
      };
    }
    case "satisfaction": {
      const s = await satisfactionSection(period, scope, { now });
      const dist = s.distribution as Record<number, number>;
      return {
        headers: [t("dashboard.sat.score"), t("dashboard.sat.count"), t("dashboard.csv.share")],
        rows: [
          ...[5, 4, 3, 2, 1].map((score) => [score, dist[score], s.total === 0 ? null : percentNumber(dist[score] / s.total)] as CsvCell[]),
          [t("dashboard.total"), s.total, s.total === 0 ? null : 100],
        ],
      };
    }
    case "outages": {
      const o = await outageSection(period, { now });
      return {
        headers: [
          t("dashboard.outages.service"),
          t("dashboard.csv.outageStatus"),
          t("dashboard.csv.started"),
          t("dashboard.csv.etaDue"),
          t("dashboard.csv.etaPublished"),
          t("dashboard.csv.etaState"),
          t("dashboard.csv.recoveryDue"),
          t("dashboard.csv.resolved"),
          t("dashboard.csv.recoveryMinutes"),
          t("dashboard.csv.recoveryState"),
        ],
        rows: o.rows.map((r) => [
          r.service,
          t.dynamic(`dashboard.outages.status.${r.status}`),
          kstText(r.startedAt),
          kstText(r.etaNoticeDueAt),
          kstText(r.etaPublishedAt),
          t(`dashboard.state.${r.etaNotice}`),
          kstText(r.recoveryDueAt),
          kstText(r.resolvedAt),
          r.recoveryMinutes,
          t(`dashboard.state.${r.recovery}`),
        ]),
      };
    }
    case "maintenance": {
      const m = await maintenanceSection(period);
      return {
        headers: [
          t("dashboard.outages.service"),
          t("dashboard.csv.starts"),
          t("dashboard.csv.ends"),
          t("dashboard.csv.announced"),
          t("dashboard.csv.noticeHours"),
          t("dashboard.csv.noticeOk"),
          t("dashboard.maintenance.cancelled"),
        ],
        rows: m.rows.map((r) => [
          r.service,
          kstText(r.startsAt),
          kstText(r.endsAt),
          kstText(r.announcedAt),
          r.noticeHours,
          yesNo(t, !r.noticeViolation),
          yesNo(t, r.cancelled),
        ]),
      };
    }
  }
}

function filename(t: Translate, table: string, q: DashboardQuery, suffix = ""): string {
  const team = q.scope.team ? `_${q.scope.team.name}` : "";
  return `${t.dynamic(`dashboard.export.${table}`)}${suffix}${team}_${q.period.from}_${q.period.to}.csv`.replace(/[\\/:*?"<>|]/g, "_");
}

/** The CSV of one table, or a 422 text response for bad filters (403 is thrown for a lead's other team). */
export async function exportCsv(table: ExportTable, request: Request, user: StaffUser, lang: Lang): Promise<Response> {
  const t = translator(lang);
  const bad = (errors: Record<string, string>) =>
    new Response(
      `${t("dashboard.drill.badFilter")}\n${Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n")}\n`,
      {
        status: 422,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      },
    );
  if (table === "tickets") {
    const read = await readDrill(request, user, lang);
    if (!read.ok) return bad(read.errors);
    const drill = { ...read.drill, cursor: undefined };
    const result = await loadDrill(read.query, drill, EXPORT_LIMIT);
    let sheet: Sheet;
    switch (result.list) {
      case "sla":
        sheet = {
          headers: [
            t("dashboard.col.reference"),
            t("dashboard.col.subject"),
            t("dashboard.col.metric"),
            t("dashboard.csv.due"),
            t("dashboard.col.outcome"),
            t("dashboard.col.status"),
            t("dashboard.col.channel"),
            t("dashboard.col.category"),
            t("dashboard.col.assignee"),
            t("dashboard.col.team"),
          ],
          rows: result.rows.map((r) => [
            r.reference,
            r.subject,
            keyLabel(t, "metric", r.metric),
            kstText(r.dueAt),
            t(`dashboard.state.${r.outcome}`),
            t.dynamic(`status.${r.status}`),
            keyLabel(t, "channel", r.channel),
            keyLabel(t, "category", r.category),
            r.assigneeName ?? "",
            r.teamName ?? "",
          ]),
        };
        break;
      case "at-risk":
        sheet = timerSheet(t, result.rows);
        break;
      case "breached-open":
        sheet = breachedSheet(t, result.rows);
        break;
      case "guarantee":
        sheet = guaranteeSheet(t, result.rows);
        break;
      case "unkindness":
        sheet = {
          headers: [
            t("dashboard.col.reference"),
            t("dashboard.col.subject"),
            t("dashboard.csv.reportedAt"),
            t("dashboard.unkindness.reportedBy"),
            t("dashboard.col.status"),
          ],
          rows: result.rows.map((r) => [
            r.reference,
            r.subject,
            kstText(r.reportedAt),
            t.dynamic(`dashboard.unkindness.by.${r.reportedBy}`),
            t.dynamic(`status.${r.status}`),
          ]),
        };
        break;
      case "satisfaction":
        sheet = {
          headers: [
            t("dashboard.col.reference"),
            t("dashboard.col.subject"),
            t("dashboard.sat.source"),
            t("dashboard.sat.score"),
            t("dashboard.csv.recordedAt"),
          ],
          rows: result.rows.map((r) => [
            r.reference ?? "",
            r.subject ?? "",
            t.dynamic(`dashboard.sat.source.${r.source}`),
            r.score,
            kstText(r.createdAt),
          ]),
        };
        break;
    }
    const truncated = sheet.rows.length >= EXPORT_LIMIT;
    return csvResponse(
      filename(t, `list.${result.list}`, read.query),
      sheet.headers,
      sheet.rows,
      truncated ? { "X-Export-Truncated": String(EXPORT_LIMIT) } : undefined,
    );
  }
  const read = await readDashboardQuery(request, user, lang);
  if (!read.ok) return bad(read.errors);
  const sheet = await sheetFor(table, read.query, t);
  return csvResponse(filename(t, table, read.query), sheet.headers, sheet.rows);
}
