// /desk/outages — 서비스 중단과 정기 점검: open and recent outages with their charter deadlines,
// and maintenance windows with their notice. Leads and above.
import { type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { listMaintenance, listOutages } from "~/outages/outages.server";
import { noticeHours } from "~/outages/rules";
import { DeadlineBadge, Kst } from "~/outages/ui";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.outages");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "lead");
  const now = new Date();
  const [outages, windows] = await Promise.all([listOutages({ now }), listMaintenance({ now })]);
  return {
    outages: outages.map((o) => ({
      id: o.id,
      service: o.service,
      status: o.status,
      startedAt: o.startedAt.toISOString(),
      expectedRecoveryAt: o.expectedRecoveryAt?.toISOString() ?? null,
      resolvedAt: o.resolvedAt?.toISOString() ?? null,
      etaNotice: o.compliance.etaNotice,
      recovery: o.compliance.recovery,
    })),
    maintenance: windows.map((w) => ({
      id: w.id,
      service: w.service,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      announcedAt: w.announcedAt.toISOString(),
      noticeHours: Math.floor(noticeHours(w.startsAt, w.announcedAt)),
      noticeViolation: w.noticeViolation,
      state: w.cancelledAt
        ? "cancelled"
        : w.endsAt.getTime() <= now.getTime()
          ? "ended"
          : w.startsAt.getTime() <= now.getTime()
            ? "inProgress"
            : "upcoming",
    })),
  };
}

export default function OutagesIndex() {
  const t = useT();
  const { outages, maintenance } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="outages-title">
      <h1 id="outages-title">{t("ops.outages.title")}</h1>
      <p>{t("ops.outages.intro")}</p>
      <p className="actions-row">
        <Link className="button primary" to="/desk/outages/new">
          {t("ops.outages.declare")}
        </Link>{" "}
        <Link className="button secondary" to="/desk/outages/maintenance/new">
          {t("ops.maintenance.schedule")}
        </Link>{" "}
        <Link to="/status">{t("ops.outages.viewStatus")}</Link>
      </p>

      <h2 id="outage-list">{t("ops.outages.listTitle")}</h2>
      {outages.length === 0 ? (
        <p className="muted">{t("ops.outages.none")}</p>
      ) : (
        <table aria-labelledby="outage-list">
          <thead>
            <tr>
              <th scope="col">{t("ops.field.service")}</th>
              <th scope="col">{t("ops.field.status")}</th>
              <th scope="col">{t("ops.field.startedAt")}</th>
              <th scope="col">{t("ops.metric.eta_notice")}</th>
              <th scope="col">{t("ops.metric.recovery")}</th>
            </tr>
          </thead>
          <tbody>
            {outages.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/desk/outages/${o.id}`}>{o.service}</Link>
                </td>
                <td>{t(`ops.outage.status.${o.status}`)}</td>
                <td>
                  <Kst at={o.startedAt} />
                </td>
                <td>
                  <DeadlineBadge state={o.etaNotice} />
                </td>
                <td>
                  <DeadlineBadge state={o.recovery} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="maintenance-list">{t("ops.maintenance.listTitle")}</h2>
      {maintenance.length === 0 ? (
        <p className="muted">{t("ops.maintenance.none")}</p>
      ) : (
        <table aria-labelledby="maintenance-list">
          <thead>
            <tr>
              <th scope="col">{t("ops.field.service")}</th>
              <th scope="col">{t("ops.field.window")}</th>
              <th scope="col">{t("ops.field.status")}</th>
              <th scope="col">{t("ops.field.notice")}</th>
            </tr>
          </thead>
          <tbody>
            {maintenance.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link to={`/desk/outages/maintenance/${w.id}`}>{w.service}</Link>
                </td>
                <td>
                  <Kst at={w.startsAt} /> ~ <Kst at={w.endsAt} />
                </td>
                <td>{t.dynamic(`ops.maintenance.state.${w.state}`)}</td>
                <td>
                  {t("ops.maintenance.noticeHours", { hours: w.noticeHours })}{" "}
                  {w.noticeViolation ? (
                    <span className="badge breached">{t("ops.maintenance.violation")}</span>
                  ) : (
                    <span className="badge met">{t("ops.maintenance.noticeOk")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
