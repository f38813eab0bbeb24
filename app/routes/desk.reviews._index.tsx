// /desk/reviews — 이행표준 점검: every past monthly compliance report, readable by all staff; a
// manager can build the report of any past month now (it is sent to all staff once).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { badRequest, readSmallForm, runForm, type OpsActionData } from "~/outages/form.server";
import { buildReportSchema } from "~/outages/schemas";
import { FormError, Kst } from "~/outages/ui";
import { buildReportOnDemand, listReports } from "~/reviews/compliance.server";
import { previousMonth } from "~/reviews/report-data";
import { hasRole } from "~/core/actor";
import { ErrorSummary, Field } from "~/ui/form";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.reviews");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const reports = await listReports();
  const now = new Date();
  return {
    canBuild: hasRole(staffActor(user), "manager"),
    defaultMonth: previousMonth(now),
    maxMonth: previousMonth(now),
    reports: reports.map((r) => ({
      id: r.id,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      month: DateTime.fromISO(r.periodStart).toFormat("yyyy-MM"),
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manager");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  return runForm("build", buildReportSchema, form, lang, async ({ month }) => {
    const r = await buildReportOnDemand(month, staffActor(user));
    return redirect(`/desk/reviews/${r.report.id}?done=${r.created ? "built" : "existing"}`, { status: 303 });
  });
}

export default function Reviews() {
  const t = useT();
  const { reports, canBuild, defaultMonth, maxMonth } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  return (
    <section aria-labelledby="reviews-title">
      <h1 id="reviews-title">{t("ops.reviews.title")}</h1>
      <p>{t("ops.reviews.intro")}</p>
      <h2 id="reviews-list">{t("ops.reviews.listTitle")}</h2>
      {reports.length === 0 ? (
        <p className="muted">{t("ops.reviews.none")}</p>
      ) : (
        <table aria-labelledby="reviews-list">
          <thead>
            <tr>
              <th scope="col">{t("ops.reviews.period")}</th>
              <th scope="col">{t("ops.reviews.builtAt")}</th>
              <th scope="col">{t("ops.reviews.builtBy")}</th>
              <th scope="col">{t("ops.reviews.sentAt")}</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/desk/reviews/${r.id}`}>{t("ops.reviews.monthLabel", { month: r.month })}</Link>
                </th>
                <td>
                  <Kst at={r.createdAt} />
                </td>
                <td>{r.createdBy}</td>
                <td>
                  <Kst at={r.sentAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canBuild ? (
        <section aria-labelledby="build-title" className="panel ops-form">
          <h2 id="build-title">{t("ops.reviews.buildTitle")}</h2>
          <p className="muted">{t("ops.reviews.buildIntro")}</p>
          <ErrorSummary errors={errors} labels={{ month: t("ops.reviews.month") }} />
          <FormError message={result?.formError} />
          <Form method="post" className="form" noValidate aria-labelledby="build-title">
            <Field name="month" label={t("ops.reviews.month")} error={errors.month} hint={t("ops.reviews.monthHint")} required>
              {(p) => <input {...p} type="month" max={maxMonth} defaultValue={result?.values.month ?? defaultMonth} />}
            </Field>
            <div>
              <button type="submit" className="primary" disabled={busy}>
                {t("ops.reviews.build")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
