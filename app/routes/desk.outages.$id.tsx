// /desk/outages/<id> — one outage: its charter deadlines (eta_notice 3 h, recovery 48 h) met or
// breached, the public updates, and the forms to publish the expected recovery, post an update
// and record the recovery. Leads and above.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { toDatetimeLocal } from "~/lib/time";
import { badRequest, failure, orNotFound, readSmallForm, runPrefixedForm, type OpsActionData } from "~/outages/form.server";
import { addOutageUpdate, getOutage, publishEta, resolveOutage } from "~/outages/outages.server";
import { ETA_NOTICE_HOURS, RECOVERY_HOURS } from "~/outages/rules";
import { outageUpdateSchema, publishEtaSchema, resolveOutageSchema, UPDATE_MAX } from "~/outages/schemas";
import { DeadlineBadge, Done, FormError, Kst, minutesText } from "~/outages/ui";
import { ErrorSummary, Field } from "~/ui/form";
import opsStyles from "~/outages/operations.css";
import { pageTitle } from "~/ui/page-title";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.outage");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "lead");
  const now = new Date();
  const o = await orNotFound(getOutage(params.id ?? "", now));
  return {
    now: toDatetimeLocal(now),
    outage: {
      id: o.id,
      service: o.service,
      description: o.description,
      status: o.status,
      startedAt: o.startedAt.toISOString(),
      etaNoticeDueAt: o.etaNoticeDueAt.toISOString(),
      etaPublishedAt: o.etaPublishedAt?.toISOString() ?? null,
      expectedRecoveryAt: o.expectedRecoveryAt?.toISOString() ?? null,
      recoveryDueAt: o.recoveryDueAt.toISOString(),
      resolvedAt: o.resolvedAt?.toISOString() ?? null,
      createdBy: o.createdBy,
      compliance: o.compliance,
      updates: o.updates.map((u) => ({
        id: u.id,
        message: u.message,
        expectedRecoveryAt: u.expectedRecoveryAt?.toISOString() ?? null,
        createdAt: u.createdAt.toISOString(),
        createdBy: u.createdBy,
      })),
    },
  };
}

type OutageIntent = "eta" | "update" | "resolve";
const DONE = ["declared", "eta", "etaLate", "update", "resolved"] as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "lead");
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return badRequest(lang);
  const intent = form.get("intent");
  const id = params.id ?? "";
  const actor = staffActor(user);
  const back = (done: string, notified?: number) =>
    redirect(`/desk/outages/${encodeURIComponent(id)}?done=${done}${notified !== undefined ? `&notified=${notified}` : ""}`, {
      status: 303,
    });
  switch (intent) {
    case "eta":
      return runPrefixedForm("eta", publishEtaSchema, form, lang, async (input) => {
        const r = await publishEta(id, input, actor);
        return back(r.late ? "etaLate" : "eta", r.notified);
      });
    case "update":
      return runPrefixedForm("update", outageUpdateSchema, form, lang, async (input) =>
        back("update", (await addOutageUpdate(id, input, actor)).notified),
      );
    case "resolve":
      return runPrefixedForm("resolve", resolveOutageSchema, form, lang, async (input) =>
        back("resolved", (await resolveOutage(id, input, actor)).notified),
      );
    default:
      return failure(400, { intent: null, errors: {}, values: {}, formError: translate(lang, "ops.error.unknownAction") });
  }
}

export default function OutagePage() {
  const t = useT();
  const { outage: o, now } = useLoaderData<typeof loader>();
  const result = useActionData<OpsActionData>();
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const busyIntent = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const done = DONE.find((d) => d === search.get("done")) ?? null;
  const notified = /^\d+$/.test(search.get("notified") ?? "") ? search.get("notified") : null;
  const open = o.status === "open";
  const c = o.compliance;
  const errorsFor = (intent: OutageIntent) => (result?.intent === intent ? result.errors : {});
  const valuesFor = (intent: OutageIntent) => (result?.intent === intent ? result.values : {});
  const formErrorFor = (intent: OutageIntent) => (result?.intent === intent ? result.formError : undefined);

  return (
    <article aria-labelledby="outage-title">
      <p>
        <Link to="/desk/outages">← {t("ops.outages.title")}</Link>
      </p>
      <h1 id="outage-title">
        {t("ops.outage.heading", { service: o.service })} <span className="badge">{t(`ops.outage.status.${o.status}`)}</span>
      </h1>
      <Done>
        {done ? (
          <>
            {t(`ops.outage.done.${done}`)} {notified !== null ? t("ops.outage.notified", { count: notified }) : null}
          </>
        ) : null}
      </Done>
      {result?.intent === null && result.formError ? <FormError message={result.formError} /> : null}

      <dl className="facts">
        <dt>{t("ops.field.service")}</dt>
        <dd>{o.service}</dd>
        <dt>{t("ops.field.startedAt")}</dt>
        <dd>
          <Kst at={o.startedAt} />
        </dd>
        <dt>{t("ops.field.expectedRecoveryAt")}</dt>
        <dd>{o.etaPublishedAt ? <Kst at={o.expectedRecoveryAt} /> : <span className="muted">{t("ops.outage.etaNotPublished")}</span>}</dd>
        <dt>{t("ops.field.resolvedAt")}</dt>
        <dd>
          <Kst at={o.resolvedAt} />
        </dd>
        <dt>{t("ops.field.createdBy")}</dt>
        <dd>{o.createdBy}</dd>
      </dl>
      <h2>{t("ops.field.description")}</h2>
      <p className="pre">{o.description}</p>

      <h2 id="deadlines-title">{t("ops.outage.deadlines")}</h2>
      <table aria-labelledby="deadlines-title">
        <thead>
          <tr>
            <th scope="col">{t("ops.outage.deadline")}</th>
            <th scope="col">{t("ops.outage.dueAt")}</th>
            <th scope="col">{t("ops.outage.doneAt")}</th>
            <th scope="col">{t("ops.field.status")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("ops.metric.eta_notice")}</th>
            <td>
              <Kst at={o.etaNoticeDueAt} />
            </td>
            <td>
              <Kst at={o.etaPublishedAt} />
            </td>
            <td>
              <DeadlineBadge state={c.etaNotice} />
              {c.etaNotice === "breached" ? (
                <div className="muted">{t("ops.outage.lateBy", { duration: minutesText(t.dynamic, c.etaNoticeLateMinutes) })}</div>
              ) : null}
            </td>
          </tr>
          <tr>
            <th scope="row">{t("ops.metric.recovery")}</th>
            <td>
              <Kst at={o.recoveryDueAt} />
            </td>
            <td>
              <Kst at={o.resolvedAt} />
            </td>
            <td>
              <DeadlineBadge state={c.recovery} />
              {c.recoveryMinutes !== null ? (
                <div className="muted">{t("ops.outage.recoveredIn", { duration: minutesText(t.dynamic, c.recoveryMinutes) })}</div>
              ) : null}
            </td>
          </tr>
        </tbody>
      </table>
      {c.etaNotice === "breached" || c.recovery === "breached" ? (
        <div className="warning" role="note">
          <strong>{t("ops.outage.breachTitle")}</strong>
          <ul>
            {c.etaNotice === "breached" ? <li>{t("ops.outage.breach.eta_notice", { hours: ETA_NOTICE_HOURS })}</li> : null}
            {c.recovery === "breached" ? <li>{t("ops.outage.breach.recovery", { hours: RECOVERY_HOURS })}</li> : null}
          </ul>
        </div>
      ) : null}

      {open ? (
        <>
          <section aria-labelledby="eta-title" className="panel ops-form">
            <h2 id="eta-title">{o.etaPublishedAt ? t("ops.outage.eta.changeTitle") : t("ops.outage.eta.title")}</h2>
            <p className="muted">{t("ops.outage.eta.intro", { hours: ETA_NOTICE_HOURS })}</p>
            <ErrorSummary
              errors={errorsFor("eta")}
              labels={{ "eta-expectedRecoveryAt": t("ops.field.expectedRecoveryAt"), "eta-message": t("ops.field.publicMessage") }}
            />
            <FormError message={formErrorFor("eta")} />
            <Form method="post" className="form" noValidate aria-labelledby="eta-title">
              <input type="hidden" name="intent" value="eta" />
              <Field
                name="eta-expectedRecoveryAt"
                label={t("ops.field.expectedRecoveryAt")}
                error={errorsFor("eta")["eta-expectedRecoveryAt"]}
                hint={t("ops.field.kstHint")}
                required
              >
                {(p) => <input {...p} type="datetime-local" min={now} defaultValue={valuesFor("eta")["eta-expectedRecoveryAt"] ?? ""} />}
              </Field>
              <Field
                name="eta-message"
                label={t("ops.field.publicMessage")}
                error={errorsFor("eta")["eta-message"]}
                hint={t("ops.field.publicMessageHint")}
              >
                {(p) => <textarea {...p} rows={3} maxLength={UPDATE_MAX} defaultValue={valuesFor("eta")["eta-message"] ?? ""} />}
              </Field>
              <div>
                <button type="submit" className="primary" disabled={busyIntent === "eta"}>
                  {t("ops.outage.eta.submit")}
                </button>
              </div>
            </Form>
          </section>

          <section aria-labelledby="update-title" className="panel ops-form">
            <h2 id="update-title">{t("ops.outage.update.title")}</h2>
            <ErrorSummary
              errors={errorsFor("update")}
              labels={{ "update-message": t("ops.field.updateMessage"), "update-expectedRecoveryAt": t("ops.field.newExpectedRecoveryAt") }}
            />
            <FormError message={formErrorFor("update")} />
            <Form method="post" className="form" noValidate aria-labelledby="update-title">
              <input type="hidden" name="intent" value="update" />
              <Field
                name="update-message"
                label={t("ops.field.updateMessage")}
                error={errorsFor("update")["update-message"]}
                hint={t("ops.field.publicMessageHint")}
                required
              >
                {(p) => <textarea {...p} rows={3} maxLength={UPDATE_MAX} defaultValue={valuesFor("update")["update-message"] ?? ""} />}
              </Field>
              <Field
                name="update-expectedRecoveryAt"
                label={t("ops.field.newExpectedRecoveryAt")}
                error={errorsFor("update")["update-expectedRecoveryAt"]}
                hint={t("ops.field.newEtaHint")}
              >
                {(p) => (
                  <input {...p} type="datetime-local" min={now} defaultValue={valuesFor("update")["update-expectedRecoveryAt"] ?? ""} />
                )}
              </Field>
              <div>
                <button type="submit" className="secondary" disabled={busyIntent === "update"}>
                  {t("ops.outage.update.submit")}
                </button>
              </div>
            </Form>
          </section>

          <section aria-labelledby="resolve-title" className="panel ops-form">
            <h2 id="resolve-title">{t("ops.outage.resolve.title")}</h2>
            <p className="muted">{t("ops.outage.resolve.intro")}</p>
            <ErrorSummary
              errors={errorsFor("resolve")}
              labels={{ "resolve-resolvedAt": t("ops.field.resolvedAt"), "resolve-message": t("ops.field.publicMessage") }}
            />
            <FormError message={formErrorFor("resolve")} />
            <Form method="post" className="form" noValidate aria-labelledby="resolve-title">
              <input type="hidden" name="intent" value="resolve" />
              <Field
                name="resolve-resolvedAt"
                label={t("ops.field.resolvedAt")}
                error={errorsFor("resolve")["resolve-resolvedAt"]}
                hint={t("ops.field.resolvedAtHint")}
              >
                {(p) => <input {...p} type="datetime-local" max={now} defaultValue={valuesFor("resolve")["resolve-resolvedAt"] ?? now} />}
              </Field>
              <Field
                name="resolve-message"
                label={t("ops.field.publicMessage")}
                error={errorsFor("resolve")["resolve-message"]}
                hint={t("ops.field.publicMessageHint")}
              >
                {(p) => <textarea {...p} rows={3} maxLength={UPDATE_MAX} defaultValue={valuesFor("resolve")["resolve-message"] ?? ""} />}
              </Field>
              <div>
                <button type="submit" className="primary" disabled={busyIntent === "resolve"}>
                  {t("ops.outage.resolve.submit")}
                </button>
              </div>
            </Form>
          </section>
        </>
      ) : null}

      <h2 id="updates-title">{t("ops.outage.updates")}</h2>
      {o.updates.length === 0 ? (
        <p className="muted">{t("ops.outage.noUpdates")}</p>
      ) : (
        <ol className="timeline" aria-labelledby="updates-title">
          {o.updates.map((u) => (
            <li key={u.id}>
              <div>
                <Kst at={u.createdAt} /> · <span className="muted">{u.createdBy}</span>
              </div>
              {u.expectedRecoveryAt ? (
                <div>
                  {t("ops.field.expectedRecoveryAt")}: <Kst at={u.expectedRecoveryAt} />
                </div>
              ) : null}
              {u.message ? <p className="pre">{u.message}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
