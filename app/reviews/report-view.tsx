// The compliance report on the desk: the same data the email shows, as accessible tables.
import { useT } from "~/i18n/use-t";
import { Kst, minutesText } from "~/outages/ui";
import { percent, type ComplianceReportData, type Rate } from "./report-data";

function RateTable({
  id,
  caption,
  keyHeader,
  rows,
}: {
  id: string;
  caption: string;
  keyHeader: string;
  rows: Array<{ key: string; label: string } & Rate>;
}) {
  const t = useT();
  return (
    <table aria-labelledby={id}>
      <caption id={id}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyHeader}</th>
          <th scope="col">{t("ops.report.met")}</th>
          <th scope="col">{t("ops.report.breached")}</th>
          <th scope="col">{t("ops.report.rate")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 ? (
          <tr>
            <td colSpan={4} className="muted">
              {t("ops.report.noDecided")}
            </td>
          </tr>
        ) : (
          rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.met}</td>
              <td>{r.breached}</td>
              <td>{percent(r.rate)}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

export function ComplianceReportView({ data }: { data: ComplianceReportData }) {
  const t = useT();
  const d = data;
  const metric = (m: string) => t.dynamic(`ops.metric.${m}`);
  const channel = (c: string) => t.dynamic(`channel.${c}`);
  return (
    <div className="report">
      <section aria-labelledby="r-overall">
        <h2 id="r-overall">{t("ops.report.overall")}</h2>
        <p className="report-figure">
          <strong>{percent(d.sla.total.rate)}</strong> {t("ops.report.decided", { met: d.sla.total.met, breached: d.sla.total.breached })}
        </p>
        <p className="muted">{t("ops.report.rateHow")}</p>
      </section>
      <section aria-labelledby="r-sla">
        <h2 id="r-sla">{t("ops.report.slaTitle")}</h2>
        <RateTable
          id="r-by-metric"
          caption={t("ops.report.byMetric")}
          keyHeader={t("ops.report.metric")}
          rows={d.sla.byMetric.map((r) => ({ ...r, key: r.metric, label: metric(r.metric) }))}
        />
        <RateTable
          id="r-by-channel"
          caption={t("ops.report.byChannel")}
          keyHeader={t("ops.report.channel")}
          rows={d.sla.byChannel.map((r) => ({ ...r, key: r.channel, label: channel(r.channel) }))}
        />
      </section>
      <section aria-labelledby="r-breaches">
        <h2 id="r-breaches">{t("ops.report.breaches")}</h2>
        <p>{t("ops.report.breachTotal", { total: d.breaches.total, open: d.breaches.stillOpen })}</p>
        {d.breaches.byMetric.length ? (
          <ul>
            {d.breaches.byMetric.map((b) => (
              <li key={b.metric}>
                {metric(b.metric)}: {b.count}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="r-guarantee">
        <h2 id="r-guarantee">{t("ops.report.guarantee")}</h2>
        <p>{t("ops.report.guaranteeLine", { opened: d.guarantee.opened, closed: d.guarantee.closed, open: d.guarantee.openAtEnd })}</p>
      </section>
      <section aria-labelledby="r-satisfaction">
        <h2 id="r-satisfaction">{t("ops.report.satisfaction")}</h2>
        <p>
          {d.satisfaction.count === 0
            ? t("ops.report.noRatings")
            : t("ops.report.satisfactionLine", { average: d.satisfaction.average?.toFixed(2) ?? "—", count: d.satisfaction.count })}
        </p>
        {d.satisfaction.count > 0 ? (
          <table aria-labelledby="r-dist">
            <caption id="r-dist">{t("ops.report.distribution")}</caption>
            <thead>
              <tr>
                {(["1", "2", "3", "4", "5"] as const).map((s) => (
                  <th key={s} scope="col">
                    {t("ops.report.score", { score: s })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {(["1", "2", "3", "4", "5"] as const).map((s) => (
                  <td key={s}>{d.satisfaction.distribution[s]}</td>
                ))}
              </tr>
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="r-outages">
        <h2 id="r-outages">{t("ops.report.outages")}</h2>
        <p>
          {t("ops.report.outageLine", {
            count: d.outages.count,
            etaMet: d.outages.etaNotice.met,
            etaBreached: d.outages.etaNotice.breached,
            recMet: d.outages.recovery.met,
            recBreached: d.outages.recovery.breached,
          })}
        </p>
        {d.outages.items.length ? (
          <table aria-labelledby="r-outage-list">
            <caption id="r-outage-list">
              {t("ops.report.outageList")} — {t("ops.report.avgRecovery")}: {minutesText(t.dynamic, d.outages.averageRecoveryMinutes)}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("ops.field.service")}</th>
                <th scope="col">{t("ops.field.startedAt")}</th>
                <th scope="col">{t("ops.field.resolvedAt")}</th>
                <th scope="col">{t("ops.metric.eta_notice")}</th>
                <th scope="col">{t("ops.metric.recovery")}</th>
              </tr>
            </thead>
            <tbody>
              {d.outages.items.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{o.service}</th>
                  <td>
                    <Kst at={o.startedAt} />
                  </td>
                  <td>
                    <Kst at={o.resolvedAt} />
                  </td>
                  <td>{t.dynamic(`ops.deadline.${o.etaNotice}`)}</td>
                  <td>{t.dynamic(`ops.deadline.${o.recovery}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="r-maintenance">
        <h2 id="r-maintenance">{t("ops.report.maintenance")}</h2>
        <p>
          {t("ops.report.maintenanceLine", {
            count: d.maintenance.count,
            violations: d.maintenance.violations,
            cancelled: d.maintenance.cancelled,
          })}
        </p>
        {d.maintenance.items.length ? (
          <table aria-labelledby="r-maintenance-list">
            <caption id="r-maintenance-list">{t("ops.report.maintenanceList")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("ops.field.service")}</th>
                <th scope="col">{t("ops.field.window")}</th>
                <th scope="col">{t("ops.field.notice")}</th>
                <th scope="col">{t("ops.field.status")}</th>
              </tr>
            </thead>
            <tbody>
              {d.maintenance.items.map((w) => (
                <tr key={w.id}>
                  <th scope="row">{w.service}</th>
                  <td>
                    <Kst at={w.startsAt} /> ~ <Kst at={w.endsAt} />
                  </td>
                  <td>
                    {t("ops.maintenance.noticeHours", { hours: Math.floor(w.noticeHours) })} —{" "}
                    {w.noticeViolation ? t("ops.maintenance.violation") : t("ops.maintenance.noticeOk")}
                  </td>
                  <td>{w.cancelled ? t("ops.maintenance.state.cancelled") : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {d.staffVoice ? (
        <section aria-labelledby="r-staff-voice">
          <h2 id="r-staff-voice">{t("ops.report.staffVoice")}</h2>
          <p>
            {t("ops.report.staffVoiceLine", {
              praise: d.staffVoice.praise.reduce((sum, p) => sum + p.count, 0),
              unkindness: d.staffVoice.unkindness,
            })}
          </p>
          {d.staffVoice.praise.length ? (
            <ul>
              {d.staffVoice.praise.map((p) => (
                <li key={`${p.name}-${p.team ?? ""}`}>
                  {t("ops.report.praiseItem", { name: p.team ? `${p.name} (${p.team})` : p.name, count: p.count })}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
      {d.visits ? (
        <section aria-labelledby="r-visits">
          <h2 id="r-visits">{t("dashboard.visits.title")}</h2>
          <p>{t("visit.compliance.line", d.visits)}</p>
        </section>
      ) : null}
      <section aria-labelledby="r-surveys">
        <h2 id="r-surveys">{t("ops.report.surveys")}</h2>
        <p>
          {t("ops.report.surveysLine", {
            campaigns: d.surveys.campaigns,
            invitations: d.surveys.invitations,
            answered: d.surveys.answered,
          })}
        </p>
      </section>
      <p className="muted">
        {t("ops.report.generatedAt")}: <Kst at={d.generatedAt} /> · {t(`ops.report.source.${d.source}`)}
      </p>
    </div>
  );
}
