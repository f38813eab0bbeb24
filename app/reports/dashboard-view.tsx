// The dashboard's body: contents, the summary cards and the sections (dashboard-sections.tsx).
import { Form, useNavigation } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { formatKst, formatKstSeconds } from "~/lib/time";
import type { DashboardOk } from "./dashboard-page.server";
import {
  AtRiskSection,
  BreachedOpenSection,
  BreachesSection,
  ComplianceSection,
  FunnelSection,
  GuaranteeSection,
  listHref,
  MaintenanceSection,
  OpenWorkSection,
  OutagesSection,
  SatisfactionSection,
  StaffVoiceSection,
  VisitsSection,
  StandardsSection,
  SurveySection,
  TrainingSection,
  TrendSection,
} from "./dashboard-sections";
import { percent } from "./links";
import { CountLink } from "./ui";

/**
 * When the figures were counted, and a button that counts them now. The time is a polite status:
 * it is read out when a refresh brings new figures.
 */
export function Freshness({ d }: { d: DashboardOk }) {
  const t = useT();
  const navigation = useNavigation();
  const refreshing = navigation.state !== "idle" && navigation.formMethod?.toUpperCase() === "POST";
  const at = formatKstSeconds(d.now);
  return (
    <Form method="post" className="dashboard-freshness">
      <p role="status" aria-live="polite">
        {refreshing ? t("dashboard.snapshot.refreshing") : t(d.snapshot ? "dashboard.snapshot.asOf" : "dashboard.snapshot.live", { at })}
      </p>
      <button type="submit" className="secondary">
        {t("dashboard.snapshot.refresh")}
      </button>
    </Form>
  );
}

const SECTIONS = [
  "breaches",
  "open-work",
  "standards",
  "compliance",
  "trend",
  "at-risk",
  "breached-open",
  "funnel",
  "guarantee",
  "training",
  "staff-voice",
  "satisfaction",
  "survey",
  "outages",
  "maintenance",
] as const;

export function DashboardBody({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { compliance, atRisk, breachedOpen, guarantee, satisfaction, survey } = d.dashboard;
  const list = listHref(p);
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
            {t("dashboard.col.met")}{" "}
            <CountLink
              count={compliance.total.met}
              href={sla("met")}
              label={t("dashboard.card.metLink", { count: compliance.total.met })}
            />
            {" · "}
            {t("dashboard.col.breached")}{" "}
            <CountLink
              count={compliance.total.breached}
              href={sla("breached")}
              label={t("dashboard.card.breachedLink", { count: compliance.total.breached })}
            />
            {" · "}
            {t("dashboard.col.running")}{" "}
            <CountLink
              count={compliance.total.running}
              href={sla("running")}
              label={t("dashboard.card.runningLink", { count: compliance.total.running })}
            />
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
            <CountLink
              count={breachedOpen.count}
              href={list("breached-open")}
              label={t("dashboard.card.breachedOpenLink", { count: breachedOpen.count })}
            />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.guarantee")}</span>
          <span className="figure">
            <CountLink
              count={guarantee.open}
              href={list("guarantee")}
              label={t("dashboard.card.guaranteeLink", { count: guarantee.open })}
            />
          </span>
          <span className="sub">
            {t("dashboard.guarantee.overdue")}{" "}
            <CountLink
              count={guarantee.overdue}
              href={list("guarantee", { overdue: 1 })}
              label={t("dashboard.card.guaranteeOverdueLink", { count: guarantee.overdue })}
            />
          </span>
        </li>
        <li>
          <span className="label">{t("dashboard.card.satisfaction")}</span>
          <span className="figure">{satisfaction.average === null ? "—" : satisfaction.average.toFixed(2)}</span>
          <span className="sub">
            {t("dashboard.sat.responses")}{" "}
            <CountLink
              count={satisfaction.total}
              href={list("satisfaction")}
              label={t("dashboard.sat.allLink", { count: satisfaction.total })}
            />
          </span>
        </li>
      </ul>

      {survey.warning ? (
        <p className="warning" role="note">
          <strong>{t("dashboard.survey.warningTitle")}</strong> {t("dashboard.survey.warning")}
        </p>
      ) : null}

      <BreachesSection d={d} />
      <OpenWorkSection d={d} />
      <StandardsSection d={d} />
      <ComplianceSection d={d} />
      <TrendSection d={d} />
      <AtRiskSection d={d} />
      <BreachedOpenSection d={d} />
      <FunnelSection d={d} />
      <GuaranteeSection d={d} />
      <TrainingSection d={d} />
      <StaffVoiceSection d={d} />
      <VisitsSection d={d} />
      <SatisfactionSection d={d} />
      <SurveySection d={d} />
      <OutagesSection d={d} />
      <MaintenanceSection d={d} />
      <p className="muted">{t("dashboard.asOf", { at: formatKst(d.now) })}</p>
    </>
  );
}
