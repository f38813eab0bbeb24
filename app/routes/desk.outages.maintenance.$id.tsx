// /desk/outages/maintenance/<id> — one maintenance window: its notice (a violation below 72 hours,
// with the reason), whether /status shows it, and cancelling it. Leads and above.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { badRequest, deskFailure, failure, orNotFound, readSmallForm, type OpsActionData } from "~/outages/form.server";
import { cancelMaintenance, getMaintenance } from "~/outages/outages.server";
import { MAINTENANCE_NOTICE_HOURS, maintenanceVisible, noticeHours } from "~/outages/rules";
import { Done, FormError, Kst, minutesText } from "~/outages/ui";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.maintenance");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "lead");
  const w = await orNotFound(getMaintenance(params.id ?? ""));
  const now = new Date();
  return {
    window: {
      id: w.id,
      service: w.service,
      description: w.description,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      announcedAt: w.announcedAt.toISOString(),
      cancelledAt: w.cancelledAt?.toISOString() ?? null,
      createdBy: w.createdBy,
      noticeViolation: w.noticeViolation,
      noticeMinutes: Math.max(0, Math.floor(noticeHours(w.startsAt, w.announcedAt) * 60)),
      onStatusPage: maintenanceVisible(w, now),
      cancellable: !w.cancelledAt && w.endsAt.getTime() > now.getTime(),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  if (form.get("intent") !== "cancel")
    return failure(400, { intent: null, errors: {}, values: {}, formError: translate(lang, "ops.error.unknownAction") });
  try {
    await cancelMaintenance(params.id ?? "", staffActor(user));
  } catch (error) {
    return deskFailure(error, "cancel", {}, lang);
  }
  return redirect(`/desk/outages/maintenance/${encodeURIComponent(params.id ?? "")}?done=cancelled`, { status: 303 });
}

export default function MaintenancePage() {
  const t = useT();
  const { window: w } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const [search] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const done = ["scheduled", "cancelled"].find((d) => d === search.get("done")) ?? null;
  return (
    <article aria-labelledby="maintenance-title">
      <p>
        <Link to="/desk/outages">← {t("ops.outages.title")}</Link>
      </p>
      <h1 id="maintenance-title">{t("ops.maintenance.heading", { service: w.service })}</h1>
      <Done>{done ? t.dynamic(`ops.maintenance.done.${done}`) : null}</Done>
      <FormError message={result?.formError} />
      {w.noticeViolation ? (
        <div className="warning" role="note" aria-labelledby="violation-title">
          <h2 id="violation-title">
            <span className="badge breached">{t("ops.maintenance.violation")}</span> {t("ops.maintenance.violationTitle")}
          </h2>
          <p>
            {t("ops.maintenance.violationExplain", { hours: MAINTENANCE_NOTICE_HOURS, given: minutesText(t.dynamic, w.noticeMinutes) })}
          </p>
        </div>
      ) : (
        <p className="notice">
          <span className="badge met">{t("ops.maintenance.noticeOk")}</span>{" "}
          {t("ops.maintenance.noticeOkExplain", { given: minutesText(t.dynamic, w.noticeMinutes) })}
        </p>
      )}
      <dl className="facts">
        <dt>{t("ops.field.service")}</dt>
        <dd>{w.service}</dd>
        <dt>{t("ops.field.window")}</dt>
        <dd>
          <Kst at={w.startsAt} /> ~ <Kst at={w.endsAt} />
        </dd>
        <dt>{t("ops.field.announcedAt")}</dt>
        <dd>
          <Kst at={w.announcedAt} />
        </dd>
        <dt>{t("ops.field.onStatusPage")}</dt>
        <dd>{w.onStatusPage ? t("common.yes") : t("common.no")}</dd>
        {w.cancelledAt ? (
          <>
            <dt>{t("ops.field.cancelledAt")}</dt>
            <dd>
              <Kst at={w.cancelledAt} />
            </dd>
          </>
        ) : null}
        <dt>{t("ops.field.createdBy")}</dt>
        <dd>{w.createdBy}</dd>
      </dl>
      <h2>{t("ops.field.maintenanceDescription")}</h2>
      <p className="pre">{w.description}</p>
      {w.cancellable ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="danger" disabled={busy}>
            {t("ops.maintenance.cancel")}
          </button>
        </Form>
      ) : null}
    </article>
  );
}
