// /desk/surveys — the yearly satisfaction survey (고객 만족도 조사): a manager launches a campaign to
// every customer of the last 12 months; the list shows invitations, answers and the average.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { badRequest, readSmallForm, runForm, type OpsActionData } from "~/outages/form.server";
import { CAMPAIGN_NAME_MAX, launchCampaignSchema } from "~/outages/schemas";
import { Done, FormError, Kst } from "~/outages/ui";
import { launchCampaign, listCampaigns } from "~/surveys/surveys.server";
import { ErrorSummary, Field } from "~/ui/form";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.surveys");

const YEAR_MS = 365 * 24 * 3_600_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  const campaigns = await listCampaigns();
  const now = new Date();
  const today = DateTime.fromJSDate(now).setZone("Asia/Seoul");
  const last = campaigns[0]?.launchedAt ?? null;
  return {
    overdue: !last || now.getTime() - last.getTime() > YEAR_MS,
    defaultName: `${today.year}년 고객 만족도 조사`,
    defaultClosesOn: today.plus({ days: 30 }).toISODate()!,
    minClosesOn: today.toISODate()!,
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      launchedAt: c.launchedAt.toISOString(),
      launchedBy: c.launchedBy,
      closesAt: c.closesAt.toISOString(),
      open: c.closesAt.getTime() >= now.getTime(),
      invitations: c.invitations,
      answered: c.answered,
      average: c.average,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "manager");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  return runForm("launch", launchCampaignSchema, form, lang, async (input) => {
    const r = await launchCampaign(input, staffActor(user));
    return redirect(`/desk/surveys?done=launched${r.invited !== null ? `&invited=${r.invited}` : ""}`, { status: 303 });
  });
}

export default function Surveys() {
  const t = useT();
  const { campaigns, overdue, defaultName, defaultClosesOn, minClosesOn } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const invited = /^\d+$/.test(search.get("invited") ?? "") ? search.get("invited") : null;
  return (
    <section aria-labelledby="surveys-title">
      <h1 id="surveys-title">{t("ops.surveys.title")}</h1>
      <p>{t("ops.surveys.intro")}</p>
      <Done>
        {search.get("done") === "launched" ? (invited !== null ? t("ops.surveys.launchedCount", { count: invited }) : t("ops.surveys.launchedQueued")) : null}
      </Done>
      {overdue ? (
        <p className="warning" role="note">
          {t("ops.surveys.overdue")}
        </p>
      ) : null}
      <h2 id="campaign-list">{t("ops.surveys.listTitle")}</h2>
      {campaigns.length === 0 ? (
        <p className="muted">{t("ops.surveys.none")}</p>
      ) : (
        <table aria-labelledby="campaign-list">
          <thead>
            <tr>
              <th scope="col">{t("ops.surveys.name")}</th>
              <th scope="col">{t("ops.surveys.launchedAt")}</th>
              <th scope="col">{t("ops.surveys.closesAt")}</th>
              <th scope="col">{t("ops.surveys.invitations")}</th>
              <th scope="col">{t("ops.surveys.answered")}</th>
              <th scope="col">{t("ops.surveys.average")}</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.name} <span className="badge">{c.open ? t("ops.surveys.open") : t("ops.surveys.closed")}</span>
                </th>
                <td>
                  <Kst at={c.launchedAt} />
                  <div className="muted">{c.launchedBy}</div>
                </td>
                <td>
                  <Kst at={c.closesAt} />
                </td>
                <td>{c.invitations}</td>
                <td>
                  {c.answered}
                  {c.invitations ? <span className="muted"> ({Math.round((c.answered / c.invitations) * 100)}%)</span> : null}
                </td>
                <td>{c.average === null ? "—" : c.average.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="launch-title" className="panel ops-form">
        <h2 id="launch-title">{t("ops.surveys.launchTitle")}</h2>
        <p className="muted">{t("ops.surveys.launchIntro")}</p>
        <ErrorSummary errors={errors} labels={{ name: t("ops.surveys.name"), closesOn: t("ops.surveys.closesOn") }} />
        <FormError message={result?.formError} />
        <Form method="post" className="form" noValidate aria-labelledby="launch-title">
          <Field name="name" label={t("ops.surveys.name")} error={errors.name} required>
            {(p) => <input {...p} type="text" maxLength={CAMPAIGN_NAME_MAX} defaultValue={values.name ?? defaultName} />}
          </Field>
          <Field name="closesOn" label={t("ops.surveys.closesOn")} error={errors.closesOn} hint={t("ops.surveys.closesOnHint")}>
            {(p) => <input {...p} type="date" min={minClosesOn} defaultValue={values.closesOn ?? defaultClosesOn} />}
          </Field>
          <div>
            <button type="submit" className="primary" disabled={busy}>
              {t("ops.surveys.launch")}
            </button>
          </div>
        </Form>
      </section>
    </section>
  );
}
