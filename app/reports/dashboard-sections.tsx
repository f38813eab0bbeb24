// The dashboard's sections below the headline, one component each; every number opens the
// tickets behind it and every table has a CSV export (docs/REPORTS.md §4).
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { DataTable, type Column } from "~/ui/data-table";
import type { DashboardOk } from "./dashboard-page.server";
import { dashboardHref, type DashboardParams } from "./links";
import { BreachBars, GuaranteeFunnelChart, OpenWorkChart, StandardTrendCharts } from "./charts";
import { BreachedTable, GuaranteeTable, TimerTable } from "./tables";
import {
  ComplianceTable,
  CountLink,
  CsvLink,
  DistributionTable,
  rateColumns,
  SectionHead,
  StateBadge,
  TrendChart,
  type RateLine,
  type TrendWeekView,
} from "./ui";

/** Drill-down link to a list of the dashboard's ticket lists, for the page's period and team. */
export const listHref =
  (p: DashboardParams) =>
  (name: string, extra: Record<string, string | number> = {}) =>
    dashboardHref("/dashboard/tickets", p, { list: name, ...extra });

export function ComplianceSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { compliance } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-compliance">
      <SectionHead id="section-compliance" title={t("dashboard.section.compliance")} />
      <p className="muted">{t("dashboard.compliance.hint")}</p>
      <div className="report-grid">
        <ComplianceTable
          dimension="metric"
          title={t("dashboard.by.metric")}
          rows={compliance.metric}
          total={compliance.total}
          params={p}
          exportTable="metric"
        />
        <ComplianceTable
          dimension="channel"
          title={t("dashboard.by.channel")}
          rows={compliance.channel}
          total={compliance.total}
          params={p}
          exportTable="channel"
        />
        <ComplianceTable
          dimension="category"
          title={t("dashboard.by.category")}
          rows={compliance.category}
          total={compliance.total}
          params={p}
          exportTable="category"
        />
        <ComplianceTable
          dimension="team"
          title={t("dashboard.by.team")}
          rows={compliance.team}
          total={compliance.total}
          params={p}
          exportTable="team"
        />
        <ComplianceTable
          dimension="assignee"
          title={t("dashboard.by.assignee")}
          rows={compliance.assignee}
          total={compliance.total}
          params={p}
          exportTable="assignee"
        />
      </div>
    </section>
  );
}

export function TrendSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { trend } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-trend">
      <SectionHead id="section-trend" title={t("dashboard.section.trend")}>
        <CsvLink table="trend" params={p} title={t("dashboard.section.trend")} />
      </SectionHead>
      <p className="muted" id="trend-caption">
        {t("dashboard.trend.caption", { from: trend.period.from, to: trend.period.to })}
      </p>
      <TrendChart weeks={trend.weeks} titleId="trend-caption" />
      <details>
        <summary>{t("dashboard.trend.tableToggle")}</summary>
        <DataTable
          caption={t("dashboard.trend.table")}
          columns={rateColumns(t, t("dashboard.col.week"))}
          rows={trend.weeks.map((w) => weekLine(t, w, p))}
          rowKey={(r) => r.id}
        />
      </details>
    </section>
  );
}

function weekLine(t: ReturnType<typeof useT>, w: TrendWeekView, p: DashboardParams): RateLine {
  const range = { from: w.from, to: w.to, team: p.team };
  return {
    ...w,
    id: w.week,
    label: t("dashboard.trend.weekOf", { from: w.from, to: w.to }),
    href: (outcome) => dashboardHref("/dashboard/tickets", range, { list: "sla", dim: "total", outcome }),
  };
}

export function AtRiskSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { atRisk } = d.dashboard;
  const list = listHref(p);
  return (
    <section className="dashboard-section" aria-labelledby="section-at-risk">
      <SectionHead id="section-at-risk" title={t("dashboard.section.at-risk")}>
        <CsvLink table="at-risk" params={p} title={t("dashboard.section.at-risk")} />
      </SectionHead>
      <p className="muted">{t("dashboard.atRisk.hint", { horizon: formatKst(atRisk.horizon) })}</p>
      <TimerTable
        caption={t("dashboard.atRisk.caption", { count: atRisk.count })}
        rows={atRisk.rows}
        more={atRisk.count > atRisk.rows.length ? list("at-risk") : null}
      />
    </section>
  );
}

export function BreachedOpenSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { breachedOpen } = d.dashboard;
  const list = listHref(p);
  return (
    <section className="dashboard-section" aria-labelledby="section-breached-open">
      <SectionHead id="section-breached-open" title={t("dashboard.section.breached-open")}>
        <CsvLink table="breached-open" params={p} title={t("dashboard.section.breached-open")} />
      </SectionHead>
      <BreachedTable
        caption={t("dashboard.breachedOpen.caption", { count: breachedOpen.count })}
        rows={breachedOpen.rows}
        more={breachedOpen.count > breachedOpen.rows.length ? list("breached-open") : null}
      />
    </section>
  );
}

export function GuaranteeSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { guarantee } = d.dashboard;
  const list = listHref(p);
  return (
    <section className="dashboard-section" aria-labelledby="section-guarantee">
      <SectionHead id="section-guarantee" title={t("dashboard.section.guarantee")}>
        <CsvLink table="guarantee" params={p} title={t("dashboard.section.guarantee")} />
      </SectionHead>
      <p className="figure-line">
        {t("dashboard.guarantee.open")}{" "}
        <strong>
          <CountLink count={guarantee.open} href={list("guarantee")} label={t("dashboard.card.guaranteeLink", { count: guarantee.open })} />
        </strong>
        {" · "}
        {t("dashboard.guarantee.overdue")}{" "}
        <strong>
          <CountLink
            count={guarantee.overdue}
            href={list("guarantee", { overdue: 1 })}
            label={t("dashboard.card.guaranteeOverdueLink", { count: guarantee.overdue })}
          />
        </strong>
      </p>
      <GuaranteeTable rows={guarantee.rows} more={guarantee.open > guarantee.rows.length ? list("guarantee") : null} />
    </section>
  );
}

export function TrainingSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { training } = d.dashboard;
  const list = listHref(p);
  return (
    <section className="dashboard-section" aria-labelledby="section-training">
      <SectionHead id="section-training" title={t("dashboard.section.training")}>
        <CsvLink table="training" params={p} title={t("dashboard.section.training")} />
      </SectionHead>
      <p className="muted">{t("dashboard.training.hint")}</p>
      <DataTable
        caption={t("dashboard.training.caption", { count: training.rows.length })}
        columns={[
          { id: "name", header: t("dashboard.col.assignee"), rowHeader: true, cell: (r) => r.name },
          teamColumn(t),
          {
            id: "reports",
            header: t("dashboard.training.reports"),
            numeric: true,
            cell: (r) => (
              <CountLink
                count={r.reports}
                href={list("unkindness", { staff: r.staffId })}
                label={t("dashboard.training.drill", { name: r.name, count: r.reports })}
              />
            ),
          },
          { id: "last", header: t("dashboard.training.last"), cell: (r) => formatKst(r.lastReportedAt) },
        ]}
        rows={training.rows}
        rowKey={(r) => r.staffId}
        empty={t("dashboard.training.none")}
      />
    </section>
  );
}

export function StaffVoiceSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const { staffVoice } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-staff-voice">
      <SectionHead id="section-staff-voice" title={t("dashboard.section.staff-voice")} />
      <p className="muted">{t("dashboard.staffVoice.hint")}</p>
      <DataTable
        caption={t("dashboard.staffVoice.caption", { count: staffVoice.rows.length })}
        columns={[
          { id: "name", header: t("dashboard.staffVoice.staff"), rowHeader: true, cell: (r) => r.name },
          teamColumn(t),
          { id: "praise", header: t("dashboard.staffVoice.praise"), numeric: true, cell: (r) => r.praise },
          { id: "unkindness", header: t("dashboard.staffVoice.unkindness"), numeric: true, cell: (r) => r.unkindness },
        ]}
        rows={staffVoice.rows}
        rowKey={(r) => r.staffId}
        empty={t("dashboard.staffVoice.none")}
      />
    </section>
  );
}

export function SatisfactionSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { satisfaction } = d.dashboard;
  const list = listHref(p);
  return (
    <section className="dashboard-section" aria-labelledby="section-satisfaction">
      <SectionHead id="section-satisfaction" title={t("dashboard.section.satisfaction")}>
        <CsvLink table="satisfaction" params={p} title={t("dashboard.section.satisfaction")} />
      </SectionHead>
      <p className="figure-line">
        {t("dashboard.sat.average")} <strong>{satisfaction.average === null ? "—" : satisfaction.average.toFixed(2)}</strong> / 5 ·{" "}
        {t("dashboard.sat.responses")}{" "}
        <CountLink
          count={satisfaction.total}
          href={list("satisfaction")}
          label={t("dashboard.sat.allLink", { count: satisfaction.total })}
        />
      </p>
      {satisfaction.teamScoped ? <p className="muted">{t("dashboard.sat.teamNote")}</p> : null}
      <DistributionTable
        distribution={satisfaction.distribution}
        total={satisfaction.total}
        title={t("dashboard.sat.distribution")}
        hrefFor={(score) => list("satisfaction", { score })}
      />
      {satisfaction.bySource.length ? (
        <ul className="plain-list">
          {satisfaction.bySource.map((s) => (
            <li key={s.source}>
              {t.dynamic(`dashboard.sat.source.${s.source}`)}: {s.count.toLocaleString("ko-KR")} · {t("dashboard.sat.average")}{" "}
              {s.average === null ? "—" : s.average.toFixed(2)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function SurveySection({ d }: { d: DashboardOk }) {
  const t = useT();
  const { survey } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-survey">
      <SectionHead id="section-survey" title={t("dashboard.section.survey")} />
      {survey.last ? (
        <dl className="facts">
          <dt>{t("dashboard.survey.last")}</dt>
          <dd>{survey.last.name}</dd>
          <dt>{t("dashboard.survey.launched")}</dt>
          <dd>{formatKst(survey.last.launchedAt)}</dd>
          <dt>{t("dashboard.survey.closes")}</dt>
          <dd>{formatKst(survey.last.closesAt)}</dd>
          <dt>{t("dashboard.survey.answered")}</dt>
          <dd>{t("dashboard.survey.answeredOf", { answered: survey.last.answered, invited: survey.last.invitations })}</dd>
        </dl>
      ) : (
        <p>{t("dashboard.survey.none")}</p>
      )}
      <p>
        {survey.warning ? (
          <span className="badge breached">{t("dashboard.survey.overdueBadge")}</span>
        ) : (
          <span className="badge met">{t("dashboard.survey.okBadge")}</span>
        )}{" "}
        <Link to="/desk/surveys">{t("dashboard.survey.manage")}</Link>
      </p>
    </section>
  );
}

export function OutagesSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { outages } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-outages">
      <SectionHead id="section-outages" title={t("dashboard.section.outages")}>
        <CsvLink table="outages" params={p} title={t("dashboard.section.outages")} />
      </SectionHead>
      <p className="figure-line">
        {t("dashboard.outages.summary", {
          total: outages.total,
          within: outages.recoveredWithin,
          late: outages.recoveryBreached,
          open: outages.recoveryRunning,
          etaMet: outages.etaMet,
          etaLate: outages.etaBreached,
        })}
      </p>
      <DataTable
        caption={t("dashboard.outages.caption")}
        columns={[
          {
            id: "service",
            header: t("dashboard.outages.service"),
            rowHeader: true,
            link: (o) => ({ to: `/desk/outages/${o.id}` }),
            cell: (o) => o.service,
          },
          { id: "started", header: t("dashboard.outages.started"), cell: (o) => formatKst(o.startedAt) },
          {
            id: "eta",
            header: t("dashboard.outages.eta"),
            cell: (o) => (
              <>
                <StateBadge state={o.etaNotice} /> {o.etaPublishedAt ? formatKst(o.etaPublishedAt) : t("dashboard.outages.notPublished")}
              </>
            ),
          },
          {
            id: "resolved",
            header: t("dashboard.outages.resolved"),
            cell: (o) => (o.resolvedAt ? formatKst(o.resolvedAt) : t("dashboard.outages.ongoing")),
          },
          {
            id: "duration",
            header: t("dashboard.outages.duration"),
            numeric: true,
            cell: (o) => (o.recoveryMinutes === null ? "—" : hoursText(t, o.recoveryMinutes)),
          },
          { id: "recovery", header: t("dashboard.outages.recovery"), cell: (o) => <StateBadge state={o.recovery} /> },
        ]}
        rows={outages.rows}
        rowKey={(o) => o.id}
        empty={t("dashboard.outages.none")}
      />
    </section>
  );
}

export function MaintenanceSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { maintenance } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-maintenance">
      <SectionHead id="section-maintenance" title={t("dashboard.section.maintenance")}>
        <CsvLink table="maintenance" params={p} title={t("dashboard.section.maintenance")} />
      </SectionHead>
      <p className="figure-line">
        {t("dashboard.maintenance.summary", { total: maintenance.total, ok: maintenance.compliant, late: maintenance.violations })}
      </p>
      <DataTable
        caption={t("dashboard.maintenance.caption")}
        columns={[
          {
            id: "service",
            header: t("dashboard.outages.service"),
            rowHeader: true,
            link: (m) => ({ to: `/desk/outages/maintenance/${m.id}` }),
            cell: (m) => m.service,
          },
          { id: "starts", header: t("dashboard.maintenance.starts"), cell: (m) => formatKst(m.startsAt) },
          { id: "announced", header: t("dashboard.maintenance.announced"), cell: (m) => formatKst(m.announcedAt) },
          {
            id: "notice",
            header: t("dashboard.maintenance.notice"),
            numeric: true,
            cell: (m) => t("dashboard.maintenance.hours", { hours: m.noticeHours }),
          },
          {
            id: "compliance",
            header: t("dashboard.maintenance.compliance"),
            cell: (m) =>
              m.cancelled ? (
                <span className="badge">{t("dashboard.maintenance.cancelled")}</span>
              ) : m.noticeViolation ? (
                <span className="badge breached">{t("dashboard.maintenance.violation")}</span>
              ) : (
                <span className="badge met">{t("dashboard.maintenance.ok")}</span>
              ),
          },
        ]}
        rows={maintenance.rows}
        rowKey={(m) => m.id}
        empty={t("dashboard.maintenance.none")}
      />
    </section>
  );
}

function hoursText(t: ReturnType<typeof useT>, minutes: number): string {
  return t("dashboard.hoursMinutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

const teamColumn = (t: ReturnType<typeof useT>): Column<{ teamName: string | null }> => ({
  id: "team",
  header: t("dashboard.col.team"),
  cell: (r) => r.teamName ?? t("dashboard.noTeam"),
});

export function StandardsSection({ d }: { d: DashboardOk }) {
  const t = useT();
  return (
    <section className="dashboard-section" aria-labelledby="section-standards">
      <SectionHead id="section-standards" title={t("dashboard.section.standards")} />
      <StandardTrendCharts trend={d.dashboard.standardTrend} params={d.params} />
    </section>
  );
}

export function BreachesSection({ d }: { d: DashboardOk }) {
  const t = useT();
  const { compliance } = d.dashboard;
  return (
    <section className="dashboard-section" aria-labelledby="section-breaches">
      <SectionHead id="section-breaches" title={t("dashboard.section.breaches")} />
      <div className="report-grid">
        <BreachBars dimension="channel" title={t("dashboard.breaches.byChannel")} rows={compliance.channel} params={d.params} />
        <BreachBars dimension="team" title={t("dashboard.breaches.byTeam")} rows={compliance.team} params={d.params} />
      </div>
    </section>
  );
}

export function OpenWorkSection({ d }: { d: DashboardOk }) {
  const t = useT();
  return (
    <section className="dashboard-section" aria-labelledby="section-open-work">
      <SectionHead id="section-open-work" title={t("dashboard.section.open-work")} />
      <OpenWorkChart work={d.dashboard.openWork} params={d.params} />
    </section>
  );
}

export function FunnelSection({ d }: { d: DashboardOk }) {
  const t = useT();
  return (
    <section className="dashboard-section" aria-labelledby="section-funnel">
      <SectionHead id="section-funnel" title={t("dashboard.section.funnel")} />
      <GuaranteeFunnelChart funnel={d.dashboard.guaranteeFunnel} params={d.params} />
    </section>
  );
}

/** Visits of customers who need help in the period: booked, came (help given), did not come — as in the compliance review. */
export function VisitsSection({ d }: { d: DashboardOk }) {
  const t = useT();
  return (
    <section className="dashboard-section" aria-labelledby="section-visits">
      <SectionHead id="section-visits" title={t("dashboard.visits.title")} />
      <p>{t("visit.compliance.line", d.dashboard.visits)}</p>
    </section>
  );
}
