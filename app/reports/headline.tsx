// The dashboard's first screen: are we keeping our promises in this period, and where not — the
// compliance rate beside its target with the status in words (not colour alone), the lowest
// standard, channel and team below target, and which teams the numbers cover.
import { useT } from "~/i18n/use-t";
import { COMPLIANCE_TARGET } from "./aggregate";
import { targetStatus, worstRow } from "./chart-geometry";
import type { DashboardOk } from "./dashboard-page.server";
import type { RateRow } from "./dashboard.server";
import { dashboardHref, keyLabel, percent } from "./links";
import { CountLink } from "./ui";

export function Headline({ d }: { d: DashboardOk }) {
  const t = useT();
  const p = d.params;
  const { total, metric, channel, team } = d.dashboard.compliance;
  const status = targetStatus(total.rate, COMPLIANCE_TARGET);
  const drill = (dim: string, key: string, outcome: string) =>
    dashboardHref("/dashboard/tickets", p, { list: "sla", dim, ...(dim === "total" ? {} : { key: key === "" ? "none" : key }), outcome });
  const scope = d.teamName
    ? t("dashboard.headline.scopeTeam", { team: d.teamName })
    : d.teams.length
      ? t("dashboard.headline.scopeAll", { teams: d.teams.map((x) => x.name).join(", ") })
      : t("dashboard.headline.scopeAllNoList");
  const worst: Array<{ dim: "metric" | "channel" | "team"; label: string; row: RateRow }> = [];
  const add = (dim: "metric" | "channel" | "team", label: string, rows: RateRow[]) => {
    const row = worstRow(rows, COMPLIANCE_TARGET);
    if (row) worst.push({ dim, label, row });
  };
  add("metric", t("dashboard.headline.worstMetric"), metric);
  add("channel", t("dashboard.headline.worstChannel"), channel);
  // One team's view has one team: naming it as the worst would say nothing.
  if (!d.teamName) add("team", t("dashboard.headline.worstTeam"), team);
  const statusClass = status === "met" ? "badge met" : status === "below" ? "badge breached" : "badge";
  return (
    <section className="headline" aria-labelledby="headline-title">
      <h2 id="headline-title">{t("dashboard.headline.title")}</h2>
      <p className="dashboard-scope">
        {d.teamName ? t(d.locked ? "dashboard.scopeOwnTeam" : "dashboard.scopeTeam", { team: d.teamName }) : t("dashboard.scopeAll")}
        {" · "}
        {t("dashboard.periodText", { from: p.from, to: p.to })}
      </p>
      <p className="headline-scope">{scope}</p>
      <p className="headline-rate">
        <span className="headline-label">{t("dashboard.headline.rateLabel")}</span>{" "}
        <strong className="headline-figure">{percent(total.rate)}</strong>{" "}
        <span className="headline-target">({t("dashboard.headline.target", { target: percent(COMPLIANCE_TARGET) })})</span>{" "}
        <span className={statusClass}>{t(`dashboard.headline.status.${status}`)}</span>
      </p>
      <p className="headline-counts">
        {t("dashboard.headline.decided", { decided: total.met + total.breached })}
        {" · "}
        {t("dashboard.col.met")}{" "}
        <CountLink count={total.met} href={drill("total", "", "met")} label={t("dashboard.card.metLink", { count: total.met })} />
        {" · "}
        {t("dashboard.col.breached")}{" "}
        <CountLink
          count={total.breached}
          href={drill("total", "", "breached")}
          label={t("dashboard.card.breachedLink", { count: total.breached })}
        />
      </p>
      {status === "none" ? (
        <p>{t("dashboard.headline.nothingDecided")}</p>
      ) : worst.length === 0 ? (
        <p>{t("dashboard.headline.allMet")}</p>
      ) : (
        <>
          <h3 className="headline-where">{t("dashboard.headline.whereTitle")}</h3>
          <ul className="headline-worst">
            {worst.map((w) => {
              const name = keyLabel(t, w.dim, w.row.key, w.row.label);
              return (
                <li key={w.dim}>
                  <span className="headline-label">{w.label}</span> <strong>{name}</strong> {percent(w.row.rate)} ·{" "}
                  {t("dashboard.col.breached")}{" "}
                  <CountLink
                    count={w.row.breached}
                    href={drill(w.dim, w.row.key, "breached")}
                    label={t("dashboard.drillLabel", { what: name, outcome: t("dashboard.col.breached"), count: w.row.breached })}
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
