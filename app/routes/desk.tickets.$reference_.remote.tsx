// /desk/tickets/:reference/remote — remote expert support (원격지원) for a ticket: the request (the
// expert's contact clock), the booking (the session's day as a promise, sent to the customer) and
// the outcome.
import { type MetaFunction, data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { translate } from "~/i18n/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { toDatetimeLocal } from "~/lib/time";
import { dateTimeWords, dueWords } from "~/i18n/date-words";
import {
  defaultJoinInfo,
  recordRemoteOutcome,
  remotePanel,
  requestRemoteSupport,
  scheduleRemoteSession,
} from "~/remote/remote-support.server";
import { REMOTE_INTENTS, outcomeSchema, requestSchema, scheduleSchema, type RemoteIntent } from "~/remote/schemas";
import { requireTicketAccess } from "~/security/access.server";
import { auditTicketChange } from "~/security/audit.server";
import { listActiveStaff } from "~/staff/staff.server";
import { getTicketDetail, ticketAccessFacts } from "~/tickets/tickets.server";
import { ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { domainError, formErrorsOf, notFoundResponse } from "~/ui/form-errors.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.remote");

type ActionData = { intent: RemoteIntent; errors: Record<string, string>; values: Record<string, string>; formError?: string };

async function visibleTicket(request: Request, reference: string) {
  const user = await requireStaff(request);
  const facts = await ticketAccessFacts(reference);
  if (!facts) throw notFoundResponse();
  await requireTicketAccess(request, user, facts, reference);
  const detail = await getTicketDetail(reference);
  if (!detail) throw notFoundResponse();
  return { user, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const { user, detail } = await visibleTicket(request, reference);
  const done = new URL(request.url).searchParams.get("done");
  const experts = await listActiveStaff();
  return {
    reference,
    subject: detail.ticket.subject,
    open: ["new", "open", "waiting"].includes(detail.ticket.status),
    customer: { email: detail.customer.email, phone: detail.customer.phone },
    panel: await remotePanel(detail.ticket.id),
    experts: experts.map((s) => ({ id: s.id, name: s.name, teamName: s.teamName })),
    me: user.id,
    joinDefault: defaultJoinInfo(),
    now: toDatetimeLocal(Date.now()),
    done: (REMOTE_INTENTS as readonly string[]).includes(done ?? "") ? (done as RemoteIntent) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const { user } = await visibleTicket(request, reference);
  const lang = await getLang(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as RemoteIntent;
  if (!REMOTE_INTENTS.includes(intent))
    return data<ActionData>(
      { intent: "request", errors: {}, values: {}, formError: translate(lang, "desk.error.unknownAction") },
      { status: 400 },
    );
  const invalid = (status: number, errors: Record<string, string>, formError?: string) =>
    data<ActionData>({ intent, errors, values: textValues(form), formError }, { status });
  try {
    const actor = staffActor(user);
    if (intent === "request") {
      const parsed = parseForm(requestSchema, form, lang);
      if (!parsed.ok) return invalid(422, parsed.errors);
      await requestRemoteSupport(reference, parsed.data, actor);
    } else if (intent === "schedule") {
      const parsed = parseForm(scheduleSchema, form, lang);
      if (!parsed.ok) return invalid(422, parsed.errors);
      await scheduleRemoteSession(reference, parsed.data, actor);
    } else {
      const parsed = parseForm(outcomeSchema, form, lang);
      if (!parsed.ok) return invalid(422, parsed.errors);
      await recordRemoteOutcome(reference, parsed.data, actor);
    }
  } catch (error) {
    const failed = domainError(error);
    const { errors, formError } = formErrorsOf(failed, lang);
    return invalid(failed.status, errors, formError);
  }
  await auditTicketChange(request, user, reference, `remote.${intent}`);
  return redirect(`/desk/tickets/${encodeURIComponent(reference)}/remote?done=${intent}`, { status: 303 });
}

export default function RemotePage() {
  const t = useT();
  const lang = useLang();
  const { reference, subject, open, panel, experts, me, joinDefault, now, done, customer } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const mine = (intent: RemoteIntent) => (result?.intent === intent ? result : undefined);
  const labels = {
    problem: t("remote.field.problem"),
    at: t("remote.field.at"),
    expertId: t("remote.field.expert"),
    join: t("remote.field.join"),
    reason: t("remote.field.reason"),
    outcome: t("remote.field.outcome"),
    note: t("remote.field.note"),
  };
  const session = panel.open;
  const Errors = ({ r }: { r?: ActionData }) => (
    <>
      <ErrorSummary errors={r?.errors} labels={labels} />
      {r?.formError ? (
        <p className="error-summary" role="alert">
          {r.formError}
        </p>
      ) : null}
    </>
  );
  const req = mine("request");
  const sch = mine("schedule");
  const out = mine("outcome");
  return (
    <div className="remote-page">
      <p>
        <Link to={`/desk/tickets/${reference}`}>{t("remote.back", { reference })}</Link>
      </p>
      <h1>{t("remote.title")}</h1>
      <p className="muted">{subject}</p>
      <p>{t("remote.intro")}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`remote.done.${done}`)}
        </p>
      ) : null}

      {panel.contactClock ? <p>{t("remote.contactDue", { date: dueWords(panel.contactClock.dueAt, lang) })}</p> : null}
      {panel.sessionClock && session?.scheduledAt ? (
        <p>{t("remote.sessionDue", { date: dateTimeWords(session.scheduledAt, lang) })}</p>
      ) : null}

      {!session && open ? (
        <section aria-labelledby="remote-request" className="panel">
          <h2 id="remote-request">{t("remote.request")}</h2>
          <p className="muted">{t("remote.requestHint")}</p>
          <Errors r={req} />
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="request" />
            <Field name="problem" scope="request" label={labels.problem} error={req?.errors.problem} required>
              {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={req?.values.problem ?? ""} />}
            </Field>
            <div>
              <button type="submit" disabled={busy}>
                {t("remote.requestSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {session ? (
        <section aria-labelledby="remote-schedule" className="panel">
          <h2 id="remote-schedule">{t(session.scheduledAt ? "remote.reschedule" : "remote.schedule")}</h2>
          <p className="muted">{t(session.scheduledAt ? "remote.rescheduleHint" : "remote.scheduleHint")}</p>
          <Errors r={sch} />
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="schedule" />
            <Field name="at" scope="schedule" label={labels.at} hint={t("remote.field.atHint")} error={sch?.errors.at} required>
              {(p) => <input {...p} type="datetime-local" min={now} defaultValue={sch?.values.at ?? ""} />}
            </Field>
            <Field name="expertId" scope="schedule" label={labels.expertId} error={sch?.errors.expertId}>
              {(p) => (
                <select {...p} defaultValue={sch?.values.expertId ?? me}>
                  {experts.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.teamName ? `${s.name} (${s.teamName})` : s.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="join"
              scope="schedule"
              label={labels.join}
              hint={t("remote.field.joinHint", { default: joinDefault })}
              error={sch?.errors.join}
            >
              {(p) => <textarea {...p} rows={2} maxLength={500} defaultValue={sch?.values.join ?? ""} />}
            </Field>
            {session.scheduledAt ? (
              <Field name="reason" scope="schedule" label={labels.reason} error={sch?.errors.reason} required>
                {(p) => <textarea {...p} rows={2} maxLength={2000} defaultValue={sch?.values.reason ?? ""} />}
              </Field>
            ) : null}
            {customer.email && customer.phone ? (
              <RadioGroup
                name="via"
                scope="schedule"
                legend={t("remote.field.via")}
                value={sch?.values.via ?? "email"}
                options={[
                  { value: "email", label: t("channel.email") },
                  { value: "sms", label: t("channel.sms") },
                ]}
              />
            ) : null}
            <div>
              <button type="submit" disabled={busy}>
                {t("remote.scheduleSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {session?.scheduledAt ? (
        <section aria-labelledby="remote-outcome" className="panel">
          <h2 id="remote-outcome">{t("remote.outcome")}</h2>
          <Errors r={out} />
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="outcome" />
            <RadioGroup
              name="outcome"
              scope="outcome"
              legend={labels.outcome}
              value={out?.values.outcome ?? ""}
              error={out?.errors.outcome}
              required
              nativeRequired={false}
              options={(["held", "customer_absent"] as const).map((o) => ({ value: o, label: t(`remote.outcome.${o}`) }))}
            />
            <Field name="note" scope="outcome" label={labels.note} hint={t("remote.field.noteHint")} error={out?.errors.note}>
              {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={out?.values.note ?? ""} />}
            </Field>
            <div>
              <button type="submit" disabled={busy}>
                {t("remote.outcomeSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="remote-history" className="panel">
        <h2 id="remote-history">{t("remote.history")}</h2>
        {panel.sessions.length === 0 ? (
          <p>{t("remote.none")}</p>
        ) : (
          <ul>
            {panel.sessions.map((s) => (
              <li key={s.id}>
                {t("remote.sessionLine", { requested: dateTimeWords(s.requestedAt, lang), problem: s.problem })}
                {s.scheduledAt ? (
                  <>
                    <br />
                    {t("remote.bookedLine", { date: dateTimeWords(s.scheduledAt, lang), expert: s.expertName ?? t("remote.noExpert") })}
                  </>
                ) : null}
                {s.outcome && s.outcomeAt ? (
                  <>
                    <br />
                    {t("remote.outcomeLine", { date: dateTimeWords(s.outcomeAt, lang), outcome: t(`remote.outcome.${s.outcome}`) })}
                    {s.outcomeNote ? ` — ${s.outcomeNote}` : ""}
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
