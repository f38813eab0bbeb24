// /desk/outages/maintenance/new — schedule a maintenance window (정기 점검 공지). It is announced
// on /status at once; less than 72 hours of notice is allowed but recorded as a violation.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { toDatetimeLocal } from "~/lib/time";
import { badRequest, readSmallForm, runForm, type OpsActionData } from "~/outages/form.server";
import { scheduleMaintenance } from "~/outages/outages.server";
import { MAINTENANCE_NOTICE_HOURS } from "~/outages/rules";
import { DESCRIPTION_MAX, maintenanceSchema, SERVICE_MAX } from "~/outages/schemas";
import { FormError } from "~/outages/ui";
import { ErrorSummary, Field } from "~/ui/form";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.maintenanceNew");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "lead");
  const now = Date.now();
  return { now: toDatetimeLocal(now), earliestCompliant: toDatetimeLocal(now + MAINTENANCE_NOTICE_HOURS * 3_600_000 + 60_000) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  return runForm("schedule", maintenanceSchema, form, lang, async (input) => {
    const w = await scheduleMaintenance(input, staffActor(user));
    return redirect(`/desk/outages/maintenance/${w.id}?done=scheduled`, { status: 303 });
  });
}

export default function ScheduleMaintenance() {
  const t = useT();
  const { now, earliestCompliant } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const labels = {
    service: t("ops.field.service"),
    startsAt: t("ops.field.startsAt"),
    endsAt: t("ops.field.endsAt"),
    description: t("ops.field.maintenanceDescription"),
  };
  return (
    <section aria-labelledby="schedule-title">
      <p>
        <Link to="/desk/outages">← {t("ops.outages.title")}</Link>
      </p>
      <h1 id="schedule-title">{t("ops.maintenance.schedule")}</h1>
      <p>{t("ops.maintenance.intro", { hours: MAINTENANCE_NOTICE_HOURS })}</p>
      <p className="muted">{t("ops.maintenance.earliest", { at: earliestCompliant.replace("T", " ") })}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <FormError message={result?.formError} />
      <Form method="post" className="form" noValidate aria-labelledby="schedule-title">
        <Field name="service" label={labels.service} error={errors.service} hint={t("ops.field.serviceHint")} required>
          {(p) => <input {...p} type="text" maxLength={SERVICE_MAX} defaultValue={values.service ?? ""} autoComplete="off" />}
        </Field>
        <Field name="startsAt" label={labels.startsAt} error={errors.startsAt} hint={t("ops.field.kstHint")} required>
          {(p) => <input {...p} type="datetime-local" min={now} defaultValue={values.startsAt ?? ""} />}
        </Field>
        <Field name="endsAt" label={labels.endsAt} error={errors.endsAt} hint={t("ops.field.kstHint")} required>
          {(p) => <input {...p} type="datetime-local" min={now} defaultValue={values.endsAt ?? ""} />}
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
            {t("ops.maintenance.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
