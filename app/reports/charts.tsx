// The dashboard's charts, drawn on the server as SVG (no charting library, no style attributes:
// the CSP forbids them — colours come from dashboard.css classes). Each is a figure with a
// caption, an image with a text alternative, and the same figures in a table whose counts open
// the tickets behind them. Geometry: chart-geometry.ts.
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { DataTable, type Column } from "~/ui/data-table";
import { COMPLIANCE_TARGET, complianceRate } from "./aggregate";
import { barLengths, lineGeometry, px, stackSegments, type Box } from "./chart-geometry";
import type { GuaranteeFunnel, OpenWork, RateRow, StandardTrend } from "./dashboard.server";
import { dashboardHref, keyLabel, percent, type DashboardParams } from "./links";
import { Bar, CountLink } from "./ui";

const shortDate = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}`;

/** Compliance per standard by week: one small line chart per standard, the target dashed. */
export function StandardTrendCharts({ trend, params }: { trend: StandardTrend; params: DashboardParams }) {
  const t = useT();
  if (trend.series.length === 0 || trend.weeks.length === 0) return <p>{t("dashboard.standards.none")}</p>;
  const first = trend.weeks[0];
  const last = trend.weeks[trend.weeks.length - 1];
  return (
    <>
      <p className="muted" id="standards-caption">
        {t("dashboard.standards.caption", { from: first.from, to: last.to, target: percent(COMPLIANCE_TARGET) })}
      </p>
      <ul className="small-multiples">
        {trend.series.map((s) => (
          <li key={s.metric}>
            <StandardLine trend={trend} series={s} />
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("dashboard.standards.tableToggle")}</summary>
        <DataTable
          caption={t("dashboard.standards.table")}
          className="wide-table"
          scrollLabel={t("dashboard.standards.scrollLabel")}
          columns={[
            { id: "metric", header: t("dashboard.col.metric"), rowHeader: true, cell: (s) => keyLabel(t, "metric", s.metric) },
            ...trend.weeks.map((w, i): Column<Series> => ({
              id: w.week,
              header: t("dashboard.trend.weekOf", { from: shortDate(w.from), to: shortDate(w.to) }),
              numeric: true,
              cell: (s) => {
                const pt = s.points[i];
                const name = keyLabel(t, "metric", s.metric);
                const href = dashboardHref(
                  "/dashboard/tickets",
                  { from: w.from, to: w.to, team: params.team },
                  { list: "sla", dim: "metric", key: s.metric, outcome: "breached" },
                );
                const what = `${name} ${t("dashboard.trend.weekOf", { from: w.from, to: w.to })}`;
                return (
                  <>
                    {percent(pt.rate)}
                    {pt.breached > 0 ? (
                      <>
                        {" "}
                        <span className="muted">
                          ({t("dashboard.col.breached")}{" "}
                          <CountLink
                            count={pt.breached}
                            href={href}
                            label={t("dashboard.drillLabel", { what, outcome: t("dashboard.col.breached"), count: pt.breached })}
                          />
                          )
                        </span>
                      </>
                    ) : null}
                  </>
                );
              },
            })),
          ]}
          rows={trend.series}
          rowKey={(s) => s.metric}
        />
      </details>
    </>
  );
}

type Series = StandardTrend["series"][number];

const LINE_BOX: Box = { width: 320, height: 150, left: 40, right: 10, top: 12, bottom: 26 };

function StandardLine({ trend, series }: { trend: StandardTrend; series: Series }) {
  const t = useT();
  const name = keyLabel(t, "metric", series.metric);
  const g = lineGeometry(
    series.points.map((p) => p.rate),
    LINE_BOX,
  );
  const captionId = `standard-${series.metric}-caption`;
  const descId = `standard-${series.metric}-desc`;
  const decided = series.points.map((p, i) => ({ ...p, week: trend.weeks[i].week })).filter((p) => p.rate !== null);
  const low = decided.reduce<(typeof decided)[number] | null>((m, p) => (m === null || p.rate! < m.rate! ? p : m), null);
  const high = decided.reduce<(typeof decided)[number] | null>((m, p) => (m === null || p.rate! > m.rate! ? p : m), null);
  const lastRate = series.points[series.points.length - 1]?.rate ?? null;
  const desc =
    low && high
      ? t("dashboard.standards.desc", {
          weeks: trend.weeks.length,
          metric: name,
          low: percent(low.rate),
          lowWeek: shortDate(low.week),
          high: percent(high.rate),
          highWeek: shortDate(high.week),
          last: percent(lastRate),
          target: percent(COMPLIANCE_TARGET),
        })
      : t("dashboard.standards.descEmpty", { weeks: trend.weeks.length, metric: name });
  const yTarget = g.y(COMPLIANCE_TARGET);
  const bottomY = LINE_BOX.height - LINE_BOX.bottom;
  return (
    <figure className="chart-figure">
      <figcaption id={captionId}>
        {t("dashboard.standards.figcaption", { metric: name, rate: percent(complianceRate(series.met, series.breached)) })}
      </figcaption>
      <svg
        className="line-chart"
        viewBox={`0 0 ${LINE_BOX.width} ${LINE_BOX.height}`}
        role="img"
        aria-labelledby={`${captionId} ${descId}`}
        focusable="false"
      >
        <desc id={descId}>{desc}</desc>
        {g.yTicks.map((tick) => (
          <g key={tick.value} aria-hidden="true">
            <line
              className={tick.value === 0 ? "axis" : "grid"}
              x1={LINE_BOX.left}
              x2={LINE_BOX.width - LINE_BOX.right}
              y1={tick.y}
              y2={tick.y}
            />
            {tick.value === 0 || tick.value === 0.5 || tick.value === 1 ? (
              <text className="tick" x={LINE_BOX.left - 4} y={tick.y + 4} textAnchor="end">
                {Math.round(tick.value * 100)}%
              </text>
            ) : null}
          </g>
        ))}
        <g aria-hidden="true">
          <line className="target" x1={LINE_BOX.left} x2={LINE_BOX.width - LINE_BOX.right} y1={yTarget} y2={yTarget} />
          <text className="tick" x={LINE_BOX.width - LINE_BOX.right} y={px(yTarget - 3)} textAnchor="end">
            {t("dashboard.standards.targetLabel")} {percent(COMPLIANCE_TARGET)}
          </text>
        </g>
        {g.path ? <path className="line" d={g.path} /> : null}
        {g.points.map((pt, i) =>
          pt ? (
            <circle
              key={trend.weeks[i].week}
              className={series.points[i].rate! < COMPLIANCE_TARGET ? "point below" : "point"}
              cx={pt.x}
              cy={pt.y}
              r={g.r}
            />
          ) : null,
        )}
        <g aria-hidden="true">
          <text className="tick" x={g.xs[0]} y={bottomY + 16} textAnchor="start">
            {shortDate(trend.weeks[0].week)}
          </text>
          {trend.weeks.length > 1 ? (
            <text className="tick" x={g.xs[g.xs.length - 1]} y={bottomY + 16} textAnchor="end">
              {shortDate(trend.weeks[trend.weeks.length - 1].week)}
            </text>
          ) : null}
        </g>
      </svg>
    </figure>
  );
}

/** Breaches per key of one dimension as bars in a table: name, breached (a drill-down), rate, bar. */
export function BreachBars({
  dimension,
  title,
  rows,
  params,
}: {
  dimension: "channel" | "team";
  title: string;
  rows: RateRow[];
  params: DashboardParams;
}) {
  const t = useT();
  const shown = rows.filter((r) => r.met + r.breached > 0).sort((a, b) => b.breached - a.breached || (a.rate ?? 1) - (b.rate ?? 1));
  const lengths = barLengths(
    shown.map((r) => r.breached),
    100,
  );
  return (
    <figure className="chart-figure">
      <DataTable
        caption={title}
        className="bar-table"
        columns={[
          { id: "name", header: t(`dashboard.col.${dimension}`), rowHeader: true, cell: (r) => r.label },
          {
            id: "breached",
            header: t("dashboard.col.breached"),
            numeric: true,
            cell: (r) => (
              <CountLink
                count={r.breached}
                href={r.href}
                label={t("dashboard.drillLabel", { what: r.label, outcome: t("dashboard.col.breached"), count: r.breached })}
              />
            ),
          },
          { id: "rate", header: t("dashboard.col.rate"), numeric: true, cell: (r) => percent(r.rate) },
          {
            id: "bar",
            header: t("dashboard.breaches.bar"),
            hideHeader: true,
            className: "bar-cell",
            decorative: true,
            cell: (r) => <Bar length={r.length} className="breach-bar" />,
          },
        ]}
        rows={shown.map((r, i) => ({
          ...r,
          label: keyLabel(t, dimension, r.key, r.label),
          href: dashboardHref("/dashboard/tickets", params, {
            list: "sla",
            dim: dimension,
            key: r.key === "" ? "none" : r.key,
            outcome: "breached",
          }),
          length: lengths[i],
        }))}
        rowKey={(r) => r.key || "none"}
        empty={t("dashboard.noTimers")}
      />
    </figure>
  );
}

const BUCKETS = ["overdue", "soon", "today", "week", "later"] as const;

/** Running deadlines by time left as one stacked bar, with a legend in words and a table. */
export function OpenWorkChart({ work, params }: { work: OpenWork; params: DashboardParams }) {
  const t = useT();
  const counts = BUCKETS.map((b) => work[b]);
  const total = counts.reduce((a, b) => a + b, 0);
  const W = 600;
  const segs = stackSegments(counts, W);
  const atRisk = dashboardHref("/dashboard/tickets", params, { list: "at-risk" });
  const bucketName = (b: (typeof BUCKETS)[number]) => t(`dashboard.openWork.bucket.${b}`);
  return (
    <figure className="chart-figure">
      <figcaption id="open-work-caption">{t("dashboard.openWork.caption")}</figcaption>
      <svg
        className="stack-chart"
        viewBox={`0 0 ${W} 28`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby="open-work-caption open-work-desc"
        focusable="false"
      >
        <desc id="open-work-desc">{t("dashboard.openWork.desc", { total, ...work })}</desc>
        <rect className="stack-empty" x="0" y="0" width={W} height="28" />
        {segs.map((s, i) =>
          s.width > 0 ? <rect key={BUCKETS[i]} className={`stack-${BUCKETS[i]}`} x={s.x} y="0" width={s.width} height="28" /> : null,
        )}
      </svg>
      <ul className="legend" aria-hidden="true">
        {BUCKETS.map((b, i) => (
          <li key={b}>
            <svg className="swatch" viewBox="0 0 10 10" focusable="false">
              <rect className={`stack-${b}`} x="0" y="0" width="10" height="10" />
            </svg>
            {bucketName(b)} {counts[i].toLocaleString("ko-KR")}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t("dashboard.chart.tableToggle")}</summary>
        <DataTable
          caption={t("dashboard.openWork.table")}
          columns={[
            { id: "bucket", header: t("dashboard.openWork.col.bucket"), rowHeader: true, cell: (r) => bucketName(r.bucket) },
            {
              id: "count",
              header: t("dashboard.openWork.col.count"),
              numeric: true,
              // Overdue and within the hour are the at-risk list; the later ones have no list of their own.
              cell: (r) =>
                r.bucket === "overdue" || r.bucket === "soon" ? (
                  <CountLink
                    count={r.count}
                    href={atRisk}
                    label={t("dashboard.openWork.drill", { bucket: bucketName(r.bucket), count: r.count })}
                  />
                ) : (
                  r.count.toLocaleString("ko-KR")
                ),
            },
          ]}
          rows={BUCKETS.map((bucket, i) => ({ bucket, count: counts[i] }))}
          rowKey={(r) => r.bucket}
        />
      </details>
    </figure>
  );
}

const STAGES = ["opened", "factChecked", "apologised", "closed"] as const;

/** The guarantee cases opened in the period, by the furthest step reached: opened → closed. */
export function GuaranteeFunnelChart({ funnel, params }: { funnel: GuaranteeFunnel; params: DashboardParams }) {
  const t = useT();
  const counts = STAGES.map((s) => funnel[s]);
  const W = 600;
  const rowH = 42;
  const lengths = barLengths(counts, W, funnel.opened);
  const stageName = (s: (typeof STAGES)[number]) => t(`dashboard.funnel.stage.${s}`);
  return (
    <figure className="chart-figure">
      <figcaption id="funnel-caption">{t("dashboard.funnel.caption")}</figcaption>
      <svg
        className="funnel-chart"
        viewBox={`0 0 ${W} ${rowH * STAGES.length}`}
        role="img"
        aria-labelledby="funnel-caption funnel-desc"
        focusable="false"
      >
        <desc id="funnel-desc">{t("dashboard.funnel.desc", { ...funnel })}</desc>
        {STAGES.map((s, i) => (
          <g key={s}>
            <text className="funnel-label" x="0" y={i * rowH + 15}>
              {stageName(s)} {counts[i].toLocaleString("ko-KR")}
              {i > 0 && funnel.opened > 0 ? ` (${percent(counts[i] / funnel.opened)})` : ""}
            </text>
            <rect className="stack-empty" x="0" y={i * rowH + 20} width={W} height="16" />
            {lengths[i] > 0 ? <rect className="funnel-bar" x="0" y={i * rowH + 20} width={lengths[i]} height="16" /> : null}
          </g>
        ))}
      </svg>
      <details>
        <summary>{t("dashboard.chart.tableToggle")}</summary>
        <DataTable
          caption={t("dashboard.funnel.table")}
          columns={[
            { id: "stage", header: t("dashboard.funnel.col.stage"), rowHeader: true, cell: (r) => stageName(r.stage) },
            { id: "count", header: t("dashboard.funnel.col.count"), numeric: true, cell: (r) => r.count.toLocaleString("ko-KR") },
            {
              id: "share",
              header: t("dashboard.funnel.col.share"),
              numeric: true,
              cell: (r) => (funnel.opened === 0 ? "—" : percent(r.count / funnel.opened)),
            },
          ]}
          rows={STAGES.map((stage, i) => ({ stage, count: counts[i] }))}
          rowKey={(r) => r.stage}
        />
      </details>
      <p>
        <Link to={dashboardHref("/dashboard/tickets", params, { list: "guarantee" })}>{t("dashboard.funnel.openCases")}</Link>
      </p>
    </figure>
  );
}
