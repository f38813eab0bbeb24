// /desk/outages/new — declare an outage (서비스 중단 등록): the service, when it stopped (now by
// default, never in the future) and what customers should know. Leads and above.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { toDatetimeLocal } from "~/lib/time";
import { badRequest, readSmallForm, runForm, type OpsActionData } from "~/outages/form.server";
import { declareOutage } from "~/outages/outages.server";
import { declareOutageSchema, DESCRIPTION_MAX, SERVICE_MAX } from "~/outages/schemas";
import { FormError } from "~/outages/ui";
import { ErrorSummary, Field } from "~/ui/form";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.outageNew");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "lead");
  return { now: toDatetimeLocal(new Date()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  return runForm("declare", declareOutageSchema, form, lang, async (input) => {
    const outage = await declareOutage(input, staffActor(user));
    return redirect(`/desk/outages/${outage.id}?done=declared`, { status: 303 });
  });
}

export default function DeclareOutage() {
  const t = useT();
  const { now } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const labels = { service: t("ops.field.service"), startedAt: t("ops.field.startedAt"), description: t("ops.field.description") };
  return (
    <section aria-labelledby="declare-title">
      <p>
        <Link to="/desk/outages">← {t("ops.outages.title")}</Link>
      </p>
      <h1 id="declare-title">{t("ops.outages.declare")}</h1>
      <p>{t("ops.outages.declareIntro")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <FormError message={result?.formError} />
      <Form method="post" className="form" noValidate aria-labelledby="declare-title">
        <Field name="service" label={labels.service} error={errors.service} hint={t("ops.field.serviceHint")} required>
          {(p) => <input {...p} type="text" maxLength={SERVICE_MAX} defaultValue={values.service ?? ""} autoComplete="off" />}
        </Field>
        <Field name="startedAt" label={labels.startedAt} error={errors.startedAt} hint={t("ops.field.startedAtHint")}>
          {(p) => <input {...p} type="datetime-local" max={now} defaultValue={values.startedAt ?? now} />}
        </Field>
        <Field
          name="description"
          label={labels.description}
          error={errors.description}
          hint={t("ops.field.descriptionPublicHint")}
          required
        >
          {(p) => <textarea {...p} maxLength={DESCRIPTION_MAX} defaultValue={values.description ?? ""} />}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("ops.outages.declareSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
