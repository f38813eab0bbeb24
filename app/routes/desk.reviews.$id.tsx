// /desk/reviews/<id> — one compliance report, as it was built and sent.
import { type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { orNotFound } from "~/outages/form.server";
import { Done, Kst } from "~/outages/ui";
import { getReport } from "~/reviews/compliance.server";
import { ComplianceReportView } from "~/reviews/report-view";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.review");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const r = await orNotFound(getReport(params.id ?? ""));
  return {
    report: {
      id: r.id,
      month: DateTime.fromISO(r.periodStart).toFormat("yyyy-MM"),
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      sentAt: r.sentAt?.toISOString() ?? null,
      data: r.data,
    },
  };
}

export default function ReviewPage() {
  const t = useT();
  const { report } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const done = search.get("done");
  return (
    <article aria-labelledby="review-title">
      <p>
        <Link to="/desk/reviews">← {t("ops.reviews.title")}</Link>
      </p>
      <h1 id="review-title">{t("ops.reviews.reportTitle", { month: report.month })}</h1>
      <Done>{done === "built" || done === "existing" ? t(`ops.reviews.done.${done}`) : null}</Done>
      <dl className="facts">
        <dt>{t("ops.reviews.period")}</dt>
        <dd>
          {report.periodStart} ~ {report.periodEnd}
        </dd>
        <dt>{t("ops.reviews.builtAt")}</dt>
        <dd>
          <Kst at={report.createdAt} /> ({report.createdBy})
        </dd>
        <dt>{t("ops.reviews.sentAt")}</dt>
        <dd>{report.sentAt ? <Kst at={report.sentAt} /> : t("ops.reviews.notSent")}</dd>
      </dl>
      <ComplianceReportView data={report.data} />
    </article>
  );
}
