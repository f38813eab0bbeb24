// Dashboard pieces: tables whose numbers link to the tickets behind them, a CSV link per table,
// and the weekly trend as an SVG chart readable without colour (hatching, value labels, and the
// same figures in a table).
import { Link } from "@remix-run/react";
import { useId } from "react";
import { useT } from "~/i18n/use-t";
import { DataTable, type Column } from "~/ui/data-table";
import { dashboardHref, keyLabel, percent, type DashboardParams } from "./links";

export type RateRowView = { key: string; label: string | null; met: number; breached: number; running: number; rate: number | null };

/** A count that opens the list behind it (0 stays plain text: there is nothing to list). */
export function CountLink({ count, href, label }: { count: number; href: string; label: string }) {
  if (count === 0) return <span>0</span>;
  return (
    <Link to={href} aria-label={label}>
      {count.toLocaleString("ko-KR")}
    </Link>
  );
}

export function CsvLink({
  table,
  params,
  extra,
  title,
}: {
  table: string;
  params: DashboardParams;
  extra?: Record<string, string | number | null | undefined>;
  title: string;
}) {
  const t = useT();
  return (
    <a className="csv-link" href={dashboardHref(`/dashboard/export/${table}`, params, extra)} download>
      {t("dashboard.csv")}
      <span className="visually-hidden"> — {title}</span>
    </a>
  );
}

export function SectionHead({ id, title, children }: { id: string; title: string; children?: React.ReactNode }) {
  return (
    <div className="section-head">
      <h2 id={id}>{title}</h2>
      {children ? <div className="section-tools">{children}</div> : null}
    </div>
  );
}

/** One row of a rate table: its name, the rate, and the met / breached / running counts with the list behind each. */
export type RateLine = {
  id: string;
  label: string;
  rate: number | null;
  met: number;
  breached: number;
  running: number;
  href: (outcome: "met" | "breached" | "running") => string;
};

/** The columns of a rate table: name, rate, then each count as a drill-down. */
export function rateColumns(t: ReturnType<typeof useT>, header: string): Column<RateLine>[] {
  const count = (outcome: "met" | "breached" | "running"): Column<RateLine> => ({
    id: outcome,
    header: t(`dashboard.col.${outcome}`),
    numeric: true,
    cell: (r) => (
      <CountLink
        count={r[outcome]}
        href={r.href(outcome)}
        label={t("dashboard.drillLabel", { what: r.label, outcome: t(`dashboard.col.${outcome}`), count: r[outcome] })}
      />
    ),
  });
  return [
    { id: "name", header, rowHeader: true, cell: (r) => r.label },
    { id: "rate", header: t("dashboard.col.rate"), numeric: true, cell: (r) => percent(r.rate) },
    count("met"),
    count("breached"),
    count("running"),
  ];
}

/** Compliance per key of one dimension: rate, met, breached, running — each count a drill-down. */
export function ComplianceTable({
  dimension,
  title,
  rows,
  total,
  params,
  exportTable,
}: {
  dimension: "metric" | "channel" | "category" | "team" | "assignee";
  title: string;
  rows: RateRowView[];
  total: RateRowView;
  params: DashboardParams;
  exportTable: string;
}) {
  const t = useT();
  const drill = (key: string, dim: string) => (outcome: string) =>
    dashboardHref("/dashboard/tickets", params, { list: "sla", dim, key: key === "" ? "none" : key, outcome });
  const headId = useId();
  const lines = rows.map((r): RateLine => ({
    ...r,
    id: r.key || "none",
    label: keyLabel(t, dimension, r.key, r.label),
    href: drill(r.key, dimension),
  }));
  const totalLine: RateLine = { ...total, id: "total", label: t("dashboard.total"), href: drill("", "total") };
  return (
    <div className="report-table">
      <div className="table-tools">
        <CsvLink table={exportTable} params={params} title={title} />
      </div>
      <DataTable
        caption={title}
        columns={rateColumns(t, t(`dashboard.col.${dimension}`))}
        rows={lines}
        rowKey={(r) => r.id}
        empty={t("dashboard.noTimers")}
        footer={rows.length > 1 ? [totalLine] : undefined}
        describedBy={headId}
      />
      <p id={headId} className="visually-hidden">
        {t("dashboard.tableHint")}
      </p>
    </div>
  );
}

export type TrendWeekView = { week: string; from: string; to: string; met: number; breached: number; running: number; rate: number | null };

const shortDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}`;

/**
 * The weekly compliance rate as bars: hatched (not colour-coded), each with its value written
 * above it, a labelled 0–100 % axis, and "no data" written where a week had no decided clocks.
 */
export function TrendChart({ weeks, titleId }: { weeks: TrendWeekView[]; titleId: string }) {
  const t = useT();
  const pattern = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const descId = `${titleId}-desc`;
  const W = 760;
  const H = 280;
  const left = 48;
  const right = 12;
  const top = 28;
  const bottom = 48;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const slot = plotW / Math.max(weeks.length, 1);
  const barW = Math.min(44, slot * 0.6);
  const y = (rate: number) => top + plotH * (1 - rate);
  const decided = weeks.filter((w) => w.rate !== null);
  const lowest = decided.reduce<TrendWeekView | null>((m, w) => (m === null || (w.rate ?? 0) < (m.rate ?? 0) ? w : m), null);
  const highest = decided.reduce<TrendWeekView | null>((m, w) => (m === null || (w.rate ?? 0) > (m.rate ?? 0) ? w : m), null);
  const summary =
    decided.length === 0
      ? t("dashboard.trend.descEmpty", { weeks: weeks.length })
      : t("dashboard.trend.desc", {
          weeks: weeks.length,
          low: percent(lowest!.rate),
          lowWeek: shortDate(lowest!.week),
          high: percent(highest!.rate),
          highWeek: shortDate(highest!.week),
          last: percent(weeks[weeks.length - 1]?.rate ?? null),
        });
  return (
    <svg
      className="trend-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      preserveAspectRatio="xMidYMid meet"
    >
      <desc id={descId}>{summary}</desc>
      <defs>
        <pattern id={pattern} patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
          <rect width="8" height="8" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="8" stroke="#1b1f24" strokeWidth="3" />
        </pattern>
      </defs>
      {[0, 0.25, 0.5, 0.75, 1].map((v) => (
        <g key={v} aria-hidden="true">
          <line
            x1={left}
            x2={W - right}
            y1={y(v)}
            y2={y(v)}
            stroke="#8c959f"
            strokeDasharray={v === 0 ? undefined : "3 4"}
            strokeWidth={v === 0 ? 1.5 : 1}
          />
          <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="12" fill="#1b1f24">
            {Math.round(v * 100)}%
          </text>
        </g>
      ))}
      {weeks.map((w, i) => {
        const cx = left + slot * i + slot / 2;
        const label = shortDate(w.week);
        return (
          <g key={w.week}>
            {w.rate === null ? (
              <text x={cx} y={y(0) - 6} textAnchor="middle" fontSize="11" fill="#57606a">
                {t("dashboard.trend.noData")}
              </text>
            ) : (
              <>
                <rect
                  x={cx - barW / 2}
                  y={y(w.rate)}
                  width={barW}
                  height={Math.max(y(0) - y(w.rate), 1)}
                  fill={`url(#${pattern})`}
                  stroke="#1b1f24"
                  strokeWidth="1.5"
                />
                <text x={cx} y={y(w.rate) - 6} textAnchor="middle" fontSize="12" fontWeight="700" fill="#1b1f24">
                  {percent(w.rate)}
                </text>
              </>
            )}
            <text x={cx} y={H - bottom + 18} textAnchor="middle" fontSize="12" fill="#1b1f24">
              {label}
            </text>
            {w.breached > 0 ? (
              <text x={cx} y={H - bottom + 34} textAnchor="middle" fontSize="11" fill="#1b1f24">
                {t("dashboard.trend.breachedShort", { count: w.breached })}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars for the 1–5 distribution, with the count and share written out. */
export function DistributionTable({
  distribution,
  total,
  title,
  hrefFor,
}: {
  distribution: Record<string, number>;
  total: number;
  title: string;
  hrefFor: (score: number) => string;
}) {
  const t = useT();
  type ScoreRow = { score: number; count: number; share: number };
  const rows = [5, 4, 3, 2, 1].map((score): ScoreRow => {
    const count = distribution[String(score)] ?? 0;
    return { score, count, share: total === 0 ? 0 : count / total };
  });
  const columns: Column<ScoreRow>[] = [
    { id: "score", header: t("dashboard.sat.score"), rowHeader: true, cell: (r) => t("dashboard.sat.scoreLabel", { score: r.score }) },
    {
      id: "count",
      header: t("dashboard.sat.count"),
      numeric: true,
      cell: (r) => (
        <CountLink count={r.count} href={hrefFor(r.score)} label={t("dashboard.sat.drill", { score: r.score, count: r.count })} />
      ),
    },
    { id: "share", header: t("dashboard.sat.share"), numeric: true, cell: (r) => (total === 0 ? "—" : percent(r.share)) },
    {
      id: "bar",
      header: t("dashboard.sat.bar"),
      hideHeader: true,
      className: "bar-cell",
      decorative: true,
      cell: (r) => <Bar length={r.count > 0 ? Math.max(Math.round(r.share * 100), 1) : 0} />,
    },
  ];
  return <DataTable caption={title} className="distribution" columns={columns} rows={rows} rowKey={(r) => r.score} />;
}

/** A bar of 0–100 drawn as SVG geometry, not an inline style: the desk's CSP (style-src 'self') blocks style attributes. */
export function Bar({ length, className }: { length: number; className?: string }) {
  if (length <= 0) return null;
  return (
    <svg className={className ? `bar ${className}` : "bar"} viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
      <rect x="0" y="0" width={length} height="10" />
    </svg>
  );
}

/** A state of an outage deadline, in words (never colour alone). */
export function StateBadge({ state }: { state: "met" | "breached" | "running" }) {
  const t = useT();
  const cls = state === "met" ? "badge met" : state === "breached" ? "badge breached" : "badge";
  return <span className={cls}>{t(`dashboard.state.${state}`)}</span>;
}
