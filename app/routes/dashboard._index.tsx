// /dashboard — compliance for a period (default this month, KST), the weekly trend, what is at
// risk now, breaches still open, guarantee cases, training flags, satisfaction, the yearly
// survey, outages and maintenance notice. Every number opens the tickets behind it; every
// table has a CSV export.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { translate, type Lang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { loadDashboard, type DashboardData } from "~/reports/dashboard.server";
import { readDashboardQuery } from "~/reports/dashboard-query.server";
import { dashboardHref, keyLabel, percent, type DashboardParams } from "~/reports/links";
import { last12Months, lastMonth, thisMonth, type Period } from "~/reports/period";
import { listTeams, type TeamRef } from "~/reports/scope.server";
import { BreachedTable, GuaranteeTable, TimerTable } from "~/reports/tables";
import { ComplianceTable, CountLink, CsvLink, DistributionTable, SectionHead, StateBadge, TrendChart } from "~/reports/ui";
import { ErrorSummary, fieldId } from "~/ui/form";
import type { FieldErrors } from "~/ui/validation";

export const meta: MetaFunction = ({ data: d }) => [{ title: translate((d as LoaderData | undefined)?.lang ?? "ko", "dashboard.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const now = new Date();
  const result = await readDashboardQuery(request, user, lang, now);
  const canPickTeam = user.role === "manager" || user.role === "admin";
  const teams = canPickTeam ? await listTeams() : [];
  const presets = { thisMonth: thisMonth(now), lastMonth: lastMonth(now), last12Months: last12Months(now) };
  if (!result.ok) {
    const body: LoaderData = { ok: false, lang, errors: result.errors, values: result.values, teams, canPickTeam, presets };
    return data(body, { status: 422 });
  }
  const { period, scope } = result.query;
  const dashboard = await loadDashboard(period, scope, now);
  const body: LoaderData = {
    ok: true,
    lang,
    params: { from: period.from, to: period.to, team: scope.locked ? "" : (scope.team?.key ?? "") } satisfies DashboardParams,
    teamName: scope.team?.name ?? null,
    locked: scope.locked,
    teams,
    canPickTeam,
    presets,
    now: now.toISOString(),
    dashboard,
  };
  return data(body);
}

type Common = { lang: Lang; teams: TeamRef[]; canPickTeam: boolean; presets: Record<"thisMonth" | "lastMonth" | "last12Months", Period> };
type OkData = Common & {
  ok: true;
  params: DashboardParams;
  teamName: string | null;
  locked: boolean;
  now: string;
  dashboard: DashboardData;
};
type LoaderData = OkData | (Common & { ok: false; errors: FieldErrors; values: { from: string; to: string; team: string } });
type Loaded = LoaderData;

export default function Dashboard() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>() as unknown as LoaderData;
  const busy = useNavigation().state === "loading";
  return (
    <section aria-labelledby="dashboard-title" aria-busy={busy}>
      <div className="dashboard-title-row">
        <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      </div>
      <PeriodForm loaded={loaded} />
      <p role="status" className="visually-hidden">
        {busy ? t("dashboard.loading") : ""}
      </p>
      {loaded.ok ? <DashboardBody d={loaded} /> : null}
    </section>
  );
}

function PeriodForm({ loaded }: { loaded: Loaded }) {
  const t = useT();
  const errors = loaded.ok ? undefined : loaded.errors;
  const values = loaded.ok ? { from: loaded.params.from, to: loaded.params.to, team: loaded.params.team ?? "" } : loaded.values;
  const keepTeam = values.team ? { team: values.team } : {};
  const presetHref = (p: { from: string; to: string }) => dashboardHref("/dashboard", { ...p, ...keepTeam });
  const labels = { from: t("dashboard.from"), to: t("dashboard.to"), team: t("dashboard.team") };
  const describe = (name: string, hint?: string) => [hint, errors?.[name] ? `${fieldId(name)}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      {loaded.ok ? (
        <p className="dashboard-scope">
          {loaded.teamName ? t(loaded.locked ? "dashboard.scopeOwnTeam" : "dashboard.scopeTeam", { team: loaded.teamName }) : t("dashboard.scopeAll")}
          {" · "}
          {t("dashboard.periodText", { from: loaded.params.from, to: loaded.params.to })}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="get" className="period-form" aria-label={t("dashboard.periodForm")}>
        <div className="field" data-invalid={errors?.from ? "" : undefined}>
          <label htmlFor={fieldId("from")}>{labels.from}</label>
          <input
            id={fieldId("from")}
            name="from"
            type="date"
            defaultValue={values.from}
            aria-invalid={errors?.from ? true : undefined}
            aria-describedby={describe("from", "period-hint")}
          />
          {errors?.from ? (
            <span className="error" id={`${fieldId("from")}-error`}>
              {errors.from}
            </span>
          ) : null}
        </div>
        <div className="field" data-invalid={errors?.to ? "" : undefined}>
          <label htmlFor={fieldId("to")}>{labels.to}</label>
          <input
            id={fieldId("to")}
            name="to"
            type="date"
            defaultValue={values.to}
            aria-invalid={errors?.to ? true : undefined}
            aria-describedby={describe("to", "period-hint")}
          />
          {errors?.to ? (
            <span className="error" id={`${fieldId("to")}-error`}>
              {errors.to}
            </span>
          ) : null}
        </div>
        {loaded.canPickTeam ? (
          <div className="field" data-invalid={errors?.team ? "" : undefined}>
            <label htmlFor={fieldId("team")}>{labels.team}</label>
            <select
              id={fieldId("team")}
              name="team"
              defaultValue={values.team}
              aria-invalid={errors?.team ? true : undefined}
              aria-describedby={describe("team")}
            >
              <option value="">{t("dashboard.allTeams")}</option>
              {loaded.teams.map((team) => (
                <option key={team.id} value={team.key}>
                  {team.name}
                </option>
              ))}
            </select>
            {errors?.team ? (
              <span className="error" id={`${fieldId("team")}-error`}>
                {errors.team}
              </span>
            ) : null}
          </div>
        ) : null}
        <div>
          <button type="submit" className="primary">
            {t("dashboard.show")}
          </button>
        </div>
      </Form>
      <p className="muted" id="period-hint">
        {t("dashboard.periodHint")}
      </p>
      <nav aria-label={t("dashboard.presets")}>
        <ul className="period-presets">
          <li>
            <Link to={presetHref(loaded.presets.thisMonth)}>{t("dashboard.preset.thisMonth")}</Link>
          </li>
          <li>
            <Link to={presetHref(loaded.presets.lastMonth)}>{t("dashboard.preset.lastMonth")}</Link>
          </li>
          <li>
            <Link to={presetHref(loaded.presets.last12Months)}>{t("dashboard.preset.last12Months")}</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}

const SECTIONS = ["compliance", "trend", "at-risk", "breached-open", "guarantee", "training", "staff-voice", "satisfaction", "survey", "outages", "maintenance"] as const;

function DashboardBody({ d }: { d: OkData }) {
  const t = useT();
  const p = d.params;
  const { compliance, trend, atRisk, breachedOpen, guarantee, training, staffVoice, satisfaction, survey, outages, maintenance } = d.dashboard;
  const list = (name: string, extra: Record<string, string | number> = {}) => dashboardHref("/dashboard/tickets", p, { list: name, ...extra });
  const sla = (outcome: string) => list("sla", { dim: "total", outcome });
  return (
    <>
      <nav className="dashboard-toc" aria-label={t("dashboard.toc")}>
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#section-${s}`}>{t(`dashboard.section.${s}`)}</a>
            </li>
          ))}
        </ul>
      </nav>

      <ul className="summary-cards" aria-label={t("dashboard.summary")}>
        <li>
          <span className="label">{t("dashboard.card.rate")}</span>
          <span className="figure">{percent(compliance.total.rate)}</span>
          <span className="sub">
            {t("dashboard.col.met")} <CountLink count={compliance.total.met} href={sla("met")} label={t("dashboard.card.metLink", { count: compliance.total.met })} />
            {" · "}
            {t("dashboard.col.breached")}{" "}
            <CountLink count={compliance.total.breached} href={sla("breached")} label={t("dashboard.card.breachedLink", { count: compliance.total.breached })} />
            {" · "}
            {t("dashboard.col.running")}{" "}
            <CountLink count={compliance.total.running} href={sla("running")} label={t("dashboard.card.runningLink", { count: compliance.total.running })} />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.atRisk")}</span>
          <span className="figure">
            <CountLink count={atRisk.count} href={list("at-risk")} label={t("dashboard.card.atRiskLink", { count: atRisk.count })} />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.breachedOpen")}</span>
          <span className="figure">
            <CountLink count={breachedOpen.count} href={list("breached-open")} label={t("dashboard.card.breachedOpenLink", { count: breachedOpen.count })} />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.guarantee")}</span>
          <span className="figure">
            <CountLink count={guarantee.open} href={list("guarantee")} label={t("dashboard.card.guaranteeLink", { count: guarantee.open })} />
          </span>
          <span className="sub">
            {t("dashboard.guarantee.overdue")}{" "}
            <CountLink count={guarantee.overdue} href={list("guarantee", { overdue: 1 })} label={t("dashboard.card.guaranteeOverdueLink", { count: guarantee.overdue })} />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.satisfaction")}</span>
          <span className="figure">{satisfaction.average === null ? "—" : satisfaction.average.toFixed(2)}</span>
          <span className="sub">
            {t("dashboard.sat.responses")}{" "}
            <CountLink count={satisfaction.total} href={list("satisfaction")} label={t("dashboard.sat.allLink", { count: satisfaction.total })} />
          </span>
        </li>
      </ul>

      {survey.warning ? (
        <p className="warning" role="note">
          <strong>{t("dashboard.survey.warningTitle")}</strong> {t("dashboard.survey.warning")}
        </p>
      ) : null}

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
                {t(`dashboard.sat.source.${s.source}`)}: {s.count.toLocaleString("ko-KR")} · {t("dashboard.sat.average")} {s.average === null ? "—" : s.average.toFixed(2)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

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
      <p className="muted">{t("dashboard.asOf", { at: formatKst(d.now) })}</p>
    </>
  );
}

function hoursText(t: ReturnType<typeof useT>, minutes: number): string {
  return t("dashboard.hoursMinutes", { h: Math.floor(minutes / 60), m: minutes % 60 });
}
