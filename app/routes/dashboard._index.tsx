// /dashboard — compliance for a period (default this month, KST), the weekly trend, what is at
// risk now, breaches still open, guarantee cases, training flags, satisfaction, the yearly
// survey, outages and maintenance notice. Every number opens the tickets behind it; every
// table has a CSV export. The figures are served from a snapshot at most a minute old (ADR 0026);
// the refresh button posts here and counts them now. The pieces live in app/reports.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { translatorOfMatches } from "~/ui/page-title";
import { loadDashboardPage, refreshDashboardPage, type DashboardPageData } from "~/reports/dashboard-page.server";
import { DashboardBody, Freshness } from "~/reports/dashboard-view";
import { Headline } from "~/reports/headline";
import { PeriodForm } from "~/reports/period-form";

export const meta: MetaFunction = ({ matches }) => [{ title: translatorOfMatches(matches)("dashboard.title") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const { status, body } = await loadDashboardPage(request, user, lang, new Date());
  return data(body, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const { status } = await refreshDashboardPage(request, user, lang, new Date());
  return data({ refreshed: status === 200 }, { status });
}

export default function Dashboard() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>() as unknown as DashboardPageData;
  const busy = useNavigation().state === "loading";
  return (
    <section aria-labelledby="dashboard-title" aria-busy={busy}>
      <div className="dashboard-title-row">
        <h1 id="dashboard-title">{t("dashboard.title")}</h1>
      </div>
      {loaded.ok ? <Freshness d={loaded} /> : null}
      {loaded.ok ? <Headline d={loaded} /> : null}
      <PeriodForm loaded={loaded} />
      <p role="status" className="visually-hidden">
        {busy ? t("dashboard.loading") : ""}
      </p>
      {loaded.ok ? <DashboardBody d={loaded} /> : null}
    </section>
  );
}
