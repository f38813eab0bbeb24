// The dashboard's sections below the headline, one component each; every number opens the
// tickets behind it and every table has a CSV export (docs/REPORTS.md §4).
import { Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import type { DashboardOk } from "./dashboard-page.server";
import { dashboardHref, percent, type DashboardParams } from "./links";
import { BreachBars, GuaranteeFunnelChart, OpenWorkChart, StandardTrendCharts } from "./charts";
import { BreachedTable, GuaranteeTable, TimerTable } from "./tables";
import { ComplianceTable, CountLink, CsvLink, DistributionTable, SectionHead, StateBadge, TrendChart } from "./ui";

/** Drill-down link to a list of the dashboard's ticket lists, for the page's period and team. */
export const listHref = (p: DashboardParams) => (name: string, extra: Record<string, string | number> = {}) =>
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
        <ComplianceTable dimension="metric" title={t("dashboard.by.metric")} rows={compliance.metric} total={compliance.total} params={p} exportTable="metric" />
        <ComplianceTable dimension="channel" title={t("dashboard.by.channel")} rows={compliance.channel} total={compliance.total} params={p} exportTable="channel" />
        <ComplianceTable dimension="category" title={t("dashboard.by.category")} rows={compliance.category} total={compliance.total} params={p} exportTable="category" />
        <ComplianceTable dimension="team" title={t("dashboard.by.team")} rows={compliance.team} total={compliance.total} params={p} exportTable="team" />
        <ComplianceTable dimension="assignee" title={t("dashboard.by.assignee")} rows={compliance.assignee} total={compliance.total} params={p} exportTable="assignee" />
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
        <div className="table-wrap">
          <table>
            <caption>{t("dashboard.trend.table")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("dashboard.col.week")}</th>
                <th scope="col" className="num">
                  {t("dashboard.col.rate")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.col.met")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.col.breached")}
                </th>
                <th scope="col" className="num">
                  {t("dashboard.col.running")}
                </th>
              </tr>
            </thead>
            <tbody>
              {trend.weeks.map((w) => {
                const range = { from: w.from, to: w.to, team: p.team };
                const weekHref = (outcome: string) => dashboardHref("/dashboard/tickets", range, { list: "sla", dim: "total", outcome });
                const what = t("dashboard.trend.weekOf", { from: w.from, to: w.to });
                return (
                  <tr key={w.week}>
                    <th scope="row">{what}</th>
                    <td className="num">{percent(w.rate)}</td>
                    <td className="num">
                      <CountLink count={w.met} href={weekHref("met")} label={t("dashboard.drillLabel", { what, outcome: t("dashboard.col.met"), count: w.met })} />
                    </td>
                    <td className="num">
                      <CountLink count={w.breached} href={weekHref("breached")} label={t("dashboard.drillLabel", { what, outcome: t("dashboard.col.breached"), count: w.breached })} />
                    </td>
                    <td className="num">
                      <CountLink count={w.running} href={weekHref("running")} label={t("dashboard.drillLabel", { what, outcome: t("dashboard.col.running"), count: w.running })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
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
        {t("dashboard.guarantee.open")} <strong><CountLink count={guarantee.open} href={list("guarantee")} label={t("dashboard.card.guaranteeLink", { count: guarantee.open })} /></strong>
        {" · "}
        {t("dashboard.guarantee.overdue")}{" "}
        <strong><CountLink count={guarantee.overdue} href={list("guarantee", { overdue: 1 })} label={t("dashboard.card.guaranteeOverdueLink", { count: guarantee.overdue })} /></strong>
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
      <div className="table-wrap">
        <table>
          <caption>{t("dashboard.training.caption", { count: training.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.col.assignee")}</th>
              <th scope="col">{t("dashboard.col.team")}</th>
              <th scope="col" className="num">
                {t("dashboard.training.reports")}
              </th>
              <th scope="col">{t("dashboard.training.last")}</th>
            </tr>
          </thead>
          <tbody>
            {training.rows.length === 0 ? (
              <tr>
                <td colSpan={4}>{t("dashboard.training.none")}</td>
              </tr>
            ) : (
              training.rows.map((r) => (
                <tr key={r.staffId}>
                  <th scope="row">{r.name}</th>
                  <td>{r.teamName ?? t("dashboard.noTeam")}</td>
                  <td className="num">
                    <CountLink count={r.reports} href={list("unkindness", { staff: r.staffId })} label={t("dashboard.training.drill", { name: r.name, count: r.reports })} />
                  </td>
                  <td>{formatKst(r.lastReportedAt)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
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
      <div className="table-wrap">
        <table>
          <caption>{t("dashboard.staffVoice.caption", { count: staffVoice.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.staffVoice.staff")}</th>
              <th scope="col">{t("dashboard.col.team")}</th>
              <th scope="col" className="num">
                {t("dashboard.staffVoice.praise")}
              </th>
              <th scope="col" className="num">
                {t("dashboard.staffVoice.unkindness")}
              </th>
            </tr>
          </thead>
          <tbody>
            {staffVoice.rows.length === 0 ? (
              <tr>
                <td colSpan={4}>{t("dashboard.staffVoice.none")}</td>
              </tr>
            ) : (
              staffVoice.rows.map((r) => (
                <tr key={r.staffId}>
                  <th scope="row">{r.name}</th>
                  <td>{r.teamName ?? t("dashboard.noTeam")}</td>
                  <td className="num">{r.praise}</td>
                  <td className="num">{r.unkindness}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
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
        {t("dashboard.sat.average")} <strong>{satisfaction.average === null ? "—" : satisfaction.average.toFixed(2)}</strong> / 5 · {t("dashboard.sat.responses")}{" "}
        <CountLink count={satisfaction.total} href={list("satisfaction")} label={t("dashboard.sat.allLink", { count: satisfaction.total })} />
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
              {t.dynamic(`dashboard.sat.source.${s.source}`)}: {s.count.toLocaleString("ko-KR")} · {t("dashboard.sat.average")} {s.average === null ? "—" : s.average.toFixed(2)}
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
          <dd>
            {t("dashboard.survey.answeredOf", { answered: survey.last.answered, invited: survey.last.invitations })}
          </dd>
        </dl>
      ) : (
        <p>{t("dashboard.survey.none")}</p>
      )}
      <p>
        {survey.warning ? <span className="badge breached">{t("dashboard.survey.overdueBadge")}</span> : <span className="badge met">{t("dashboard.survey.okBadge")}</span>}{" "}
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
      <div className="table-wrap">
        <table>
          <caption>{t("dashboard.outages.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.outages.service")}</th>
              <th scope="col">{t("dashboard.outages.started")}</th>
              <th scope="col">{t("dashboard.outages.eta")}</th>
              <th scope="col">{t("dashboard.outages.resolved")}</th>
              <th scope="col" className="num">
                {t("dashboard.outages.duration")}
              </th>
              <th scope="col">{t("dashboard.outages.recovery")}</th>
            </tr>
          </thead>
          <tbody>
            {outages.rows.length === 0 ? (
              <tr>
                <td colSpan={6}>{t("dashboard.outages.none")}</td>
              </tr>
            ) : (
              outages.rows.map((o) => (
                <tr key={o.id}>
                  <th scope="row">
                    <Link to={`/desk/outages/${o.id}`}>{o.service}</Link>
                  </th>
                  <td>{formatKst(o.startedAt)}</td>
                  <td>
                    <StateBadge state={o.etaNotice} /> {o.etaPublishedAt ? formatKst(o.etaPublishedAt) : t("dashboard.outages.notPublished")}
                  </td>
                  <td>{o.resolvedAt ? formatKst(o.resolvedAt) : t("dashboard.outages.ongoing")}</td>
                  <td className="num">{o.recoveryMinutes === null ? "—" : hoursText(t, o.recoveryMinutes)}</td>
                  <td>
                    <StateBadge state={o.recovery} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
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
      <p className="figure-line">{t("dashboard.maintenance.summary", { total: maintenance.total, ok: maintenance.compliant, late: maintenance.violations })}</p>
      <div className="table-wrap">
        <table>
          <caption>{t("dashboard.maintenance.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.outages.service")}</th>
              <th scope="col">{t("dashboard.maintenance.starts")}</th>
              <th scope="col">{t("dashboard.maintenance.announced")}</th>
              <th scope="col" className="num">
                {t("dashboard.maintenance.notice")}
              </th>
              <th scope="col">{t("dashboard.maintenance.compliance")}</th>
            </tr>
          </thead>
          <tbody>
            {maintenance.rows.length === 0 ? (
              <tr>
                <td colSpan={5}>{t("dashboard.maintenance.none")}</td>
              </tr>
            ) : (
              maintenance.rows.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <Link to={`/desk/outages/maintenance/${m.id}`}>{m.service}</Link>
                  </th>
                  <td>{formatKst(m.startsAt)}</td>
                  <td>{formatKst(m.announcedAt)}</td>
                  <td className="num">{t("dashboard.maintenance.hours", { hours: m.noticeHours })}</td>
                  <td>
                    {m.cancelled ? (
                      <span className="badge">{t("dashboard.maintenance.cancelled")}</span>
                    ) : m.noticeViolation ? (
                      <span className="badge breached">{t("dashboard.maintenance.violation")}</span>
                    ) : (
                      <span className="badge met">{t("dashboard.maintenance.ok")}</span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}


function hoursText(t: ReturnType<typeof useT>, minutes: number): string {
  return t("dashboard.hoursMinutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

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
