// /admin — where the administrator's sections are, with what needs attention in each.
import type { MetaFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { currentKstYear } from "~/admin/calendar.server";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { latestBackup } from "~/ops/backup-schedule.server";
import { setting } from "~/config/env.server";
import { unfinishedRecomputations } from "~/sla/calendar-admin.server";
import { currentCalendar } from "~/sla/calendar.server";
import { KR_HOLIDAY_YEARS } from "~/sla/holidays-kr";
import { currentPolicies } from "~/sla/policies.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.admin");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  const [calendar, policies, unfinished, backup] = await Promise.all([
    currentCalendar(),
    currentPolicies(),
    unfinishedRecomputations(),
    latestBackup().catch(() => null),
  ]);
  const nextYear = currentKstYear() + 1;
  return {
    calendarVersion: calendar.version,
    policies: policies.length,
    activePolicies: policies.filter((p) => p.active).length,
    unfinished: unfinished.length,
    nextYear,
    nextYearCovered: KR_HOLIDAY_YEARS.includes(nextYear),
    backup: {
      configured: Boolean(setting("BACKUP_DIR")),
      at: backup ? formatKst(backup.at) : null,
      size: backup ? `${(backup.bytes / (1024 * 1024)).toFixed(1)} MB` : null,
      stale: backup ? Date.now() - backup.at.getTime() > 26 * 3600 * 1000 : false,
    },
  };
}

export default function AdminHome() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t("admin.home.title")}</h1>
      <p className="lead">{t("admin.home.lead")}</p>
      <ul className="card-list">
        <li>
          <h2>
            <Link to="/admin/calendar">{t("admin.nav.calendar")}</Link>
          </h2>
          <p>{t("admin.home.calendarText")}</p>
          <p className="muted">{t("admin.home.calendarVersion", { version: data.calendarVersion })}</p>
          {data.nextYearCovered ? null : <p className="warning">{t("admin.calendar.coverageNextYear", { year: data.nextYear })}</p>}
          {data.unfinished > 0 ? <p className="warning">{t("admin.home.unfinished", { count: data.unfinished })}</p> : null}
        </li>
        <li>
          <h2>
            <Link to="/admin/policies">{t("admin.nav.policies")}</Link>
          </h2>
          <p>{t("admin.home.policiesText")}</p>
          <p className="muted">{t("admin.home.policyCount", { count: data.policies, active: data.activePolicies })}</p>
        </li>
        <li id="backup">
          <h2>{t("backup.title")}</h2>
          <p>{t("backup.text")}</p>
          {data.backup.at ? (
            <p className="muted">{t("backup.last", { at: data.backup.at, size: data.backup.size ?? "" })}</p>
          ) : (
            <p className="muted">{t(data.backup.configured ? "backup.none" : "backup.off")}</p>
          )}
          {data.backup.stale ? <p className="warning">{t("backup.stale")}</p> : null}
        </li>
      </ul>
    </section>
  );
}
