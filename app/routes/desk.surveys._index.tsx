// /desk/surveys — the yearly satisfaction survey (고객 만족도 조사): a manager launches a campaign to
// every customer of the last 12 months; the list shows invitations, answers and the average.
// Before launching, the page shows how many customers will be invited (the launch's own rules) and
// the launch needs the "확인했습니다" box; once this year's campaign exists (or one is still open)
// the page says when it was launched and how many were invited instead of offering another.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { DateTime } from "luxon";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { badRequest, failure, readSmallForm, runForm, type OpsActionData } from "~/outages/form.server";
import { CAMPAIGN_NAME_MAX } from "~/outages/schemas";
import { Done, FormError, Kst } from "~/outages/ui";
import { CampaignTaken, launchCampaign, launchOutlook, listCampaigns } from "~/surveys/surveys.server";
import { blockingMessage, launchConfirmedSchema, type BlockingCampaign } from "~/surveys/launch";
import { translator } from "~/i18n/i18n";
import { CheckboxField, confirmBeforeSubmit, ErrorSummary, Field } from "~/ui/form";
import { textValues } from "~/ui/form-data.server";
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
  const outlook = await launchOutlook(now);
  return {
    current: outlook.blocking ? toBlocking(outlook.blocking.reason, outlook.blocking.campaign, outlook.blocking.invited) : null,
    /** How many customers a launch now would invite; null while a campaign stops launching. */
    preview: outlook.preview,
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
  return runForm("launch", launchConfirmedSchema, form, lang, async (input) => {
    try {
      const r = await launchCampaign({ name: input.name, closesOn: input.closesOn }, staffActor(user));
      return redirect(`/desk/surveys?done=launched${r.invited !== null ? `&invited=${r.invited}` : ""}`, { status: 303 });
    } catch (error) {
      if (!(error instanceof CampaignTaken)) throw error;
      const blocking = toBlocking(error.reason, error, error.invited);
      return failure(409, {
        intent: "launch",
        errors: {},
        values: textValues(form),
        formError: blockingMessage(translator(lang), blocking),
      });
    }
  });
}

function toBlocking(
  reason: BlockingCampaign["reason"],
  c: { name: string; period: number | null; launchedAt: Date; closesAt: Date },
  invited: number,
): BlockingCampaign {
  return {
    reason,
    name: c.name,
    period: c.period ?? DateTime.fromJSDate(c.launchedAt).setZone("Asia/Seoul").year,
    launchedAt: c.launchedAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    invited,
  };
}

export default function Surveys() {
  const t = useT();
  const { campaigns, overdue, defaultName, defaultClosesOn, minClosesOn, current, preview } = useLoaderData<typeof loader>();
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
        {search.get("done") === "launched"
          ? invited !== null
            ? t("ops.surveys.launchedCount", { count: invited })
            : t("ops.surveys.launchedQueued")
          : null}
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
        {current ? (
          <p className="notice" role="note" data-testid="survey-launched">
            {blockingMessage(t, current)}
          </p>
        ) : (
          <>
            <p className="muted">{t("ops.surveys.launchIntro")}</p>
            <p data-testid="survey-preview">
              <strong>{t("ops.surveys.preview", { count: preview ?? 0 })}</strong>
            </p>
            <p className="hint">{t("ops.surveys.previewRules")}</p>
          </>
        )}
        <ErrorSummary
          errors={errors}
          labels={{ name: t("ops.surveys.name"), closesOn: t("ops.surveys.closesOn"), confirm: t("confirm.label") }}
        />
        <FormError message={result?.formError} />
        {current ? null : (
          <Form
            method="post"
            className="form"
            noValidate
            aria-labelledby="launch-title"
            // With JavaScript the browser asks first (and ticks the box on yes); the server refuses without it either way.
            onSubmit={(event) => confirmBeforeSubmit(event, t("ops.surveys.confirmDialog", { count: preview ?? 0 }))}
          >
            <Field name="name" label={t("ops.surveys.name")} error={errors.name} required>
              {(p) => <input {...p} type="text" maxLength={CAMPAIGN_NAME_MAX} defaultValue={values.name ?? defaultName} />}
            </Field>
            <Field name="closesOn" label={t("ops.surveys.closesOn")} error={errors.closesOn} hint={t("ops.surveys.closesOnHint")}>
              {(p) => <input {...p} type="date" min={minClosesOn} defaultValue={values.closesOn ?? defaultClosesOn} />}
            </Field>
            <CheckboxField
              name="confirm"
              label={t("confirm.label")}
              error={errors.confirm}
              hint={t("ops.surveys.confirmHint", { count: preview ?? 0 })}
            />
            <div>
              <button type="submit" className="primary" disabled={busy}>
                {t("ops.surveys.launch")}
              </button>
            </div>
          </Form>
        )}
      </section>
    </section>
  );
}
