// /desk/log-contact — staff record a contact that came by phone, email, post, fax, visit or
// text message, with the time it actually arrived (the SLA clocks start there).
import { type MetaFunction, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { auditTicketChange } from "~/security/audit.server";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { AttachmentsField, CustomerFields, InquiryFields, intakeLabels } from "~/intake/fields";
import { handleIntake, type IntakeActionData } from "~/intake/intake-action.server";
import intakeStyles from "~/intake/intake.css";
import { LOG_CONTACT_FIELD_ORDER, STAFF_CHANNEL_OPTIONS } from "~/intake/options";
import { useIntakeForm } from "~/intake/use-intake-form";
import { formatKst, toDatetimeLocal } from "~/lib/time";
import { DeadlinePreview } from "~/sla/ui/deadline-preview";
import { logContactMemoSchema } from "~/intake/memo";
import { logContactWithMemo } from "~/intake/memo.server";
import { listActiveStaff } from "~/staff/staff.server";
import { awayNow } from "~/staff/absence.server";
import { KindFields, kindLabels } from "~/portal/intake-extras";
import { CheckboxField, ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.logContact");

const FIELD_ORDER = [...LOG_CONTACT_FIELD_ORDER.filter((f) => f !== "resolvedOnContact"), "memoFor", "resolvedOnContact"];

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const [people, away] = await Promise.all([listActiveStaff(), awayNow()]);
  const staff = people.map((s) => ({ id: s.id, name: s.name, teamName: s.teamName, awayUntil: away.get(s.id) ?? null }));
  return { now: toDatetimeLocal(new Date()), staff };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  return handleIntake(request, logContactMemoSchema, lang, async (input, attachments) => {
    const { reference } = await logContactWithMemo(input, attachments, staffActor(user));
    await auditTicketChange(request, user, reference, "create");
    // The ticket page says in words that the contact was logged (?done=logged).
    return redirect(`/desk/tickets/${encodeURIComponent(reference)}?done=logged`, { status: 303 });
  });
}

/** "Now" in KST for the arrival time's upper bound, kept current while the form is open. */
function useNowMax(initial: string): string {
  const [max, setMax] = useState(initial);
  useEffect(() => {
    const tick = () => setMax(toDatetimeLocal(Date.now()));
    tick();
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, []);
  return max;
}

export default function LogContact() {
  const t = useT();
  const { now, staff } = useLoaderData<typeof loader>();
  const server = useActionData<IntakeActionData>();
  const form = useIntakeForm(logContactMemoSchema, server, FIELD_ORDER);
  const max = useNowMax(now);
  const busy = useNavigation().state === "submitting";
  const { errors, values } = form;
  const labels = intakeLabels(t, {
    ...kindLabels(t.dynamic),
    channel: t("logContact.channel"),
    receivedAt: t("logContact.receivedAt"),
    body: t("logContact.body"),
    files: t("logContact.files"),
    callbackRequested: t("logContact.callback"),
    resolvedOnContact: t("logContact.onSpot"),
    memoFor: t("memo.field.for"),
  });
  return (
    <section aria-labelledby="log-title" className="intake">
      <h1 id="log-title">{t("logContact.title")}</h1>
      <p>{t("logContact.intro")}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form
        id="log-contact-form"
        method="post"
        encType="multipart/form-data"
        className="form"
        noValidate={form.noValidate}
        onSubmit={form.onSubmit}
        aria-labelledby="log-title"
      >
        <fieldset>
          <legend>{t("logContact.sectionContact")}</legend>
          <div className="form">
            <RadioGroup
              name="channel"
              legend={t("logContact.channel")}
              value={values.channel}
              error={errors.channel}
              required
              options={STAFF_CHANNEL_OPTIONS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
            />
            <Field
              name="receivedAt"
              label={t("logContact.receivedAt")}
              error={errors.receivedAt}
              hint={t("logContact.receivedAtHint")}
              required
            >
              {(p) => <input {...p} type="datetime-local" max={max} defaultValue={values.receivedAt ?? now} />}
            </Field>
            <DeadlinePreview formId="log-contact-form" />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.sectionCustomerStaff")}</legend>
          <div className="form">
            <CustomerFields errors={errors} values={values} contactHint={t("intake.contactHintStaff")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.sectionInquiry")}</legend>
          <div className="form">
            <KindFields errors={errors} values={values} />
            <InquiryFields
              errors={errors}
              values={values}
              bodyLabel={t("logContact.body")}
              bodyHint={t("logContact.bodyHint")}
              requestedHint={t("logContact.requestedReplyByHint")}
            />
            <AttachmentsField label={t("logContact.files")} error={errors.files} filesDropped={form.filesDropped} inputRef={form.fileRef} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("logContact.options")}</legend>
          <div className="form">
            <CheckboxField
              name="callbackRequested"
              label={t("logContact.callback")}
              hint={t("logContact.callbackHint")}
              error={errors.callbackRequested}
              defaultChecked={values.callbackRequested === "on"}
            />
            <Field name="memoFor" label={t("memo.field.for")} error={errors.memoFor} hint={t("memo.field.forHint")}>
              {(p) => (
                <select {...p} defaultValue={values.memoFor ?? ""}>
                  <option value="">{t("memo.field.none")}</option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.awayUntil ? t("absence.staffAway", { name: s.name, until: formatKst(s.awayUntil) }) : s.name}
                      {s.teamName ? ` · ${s.teamName}` : ""}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <CheckboxField
              name="resolvedOnContact"
              label={t("logContact.onSpot")}
              hint={t("logContact.onSpotHint")}
              error={errors.resolvedOnContact}
              defaultChecked={values.resolvedOnContact === "on"}
            />
          </div>
        </fieldset>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("logContact.submit")}
          </button>
          <span className="submit-status" role="status" aria-live="polite">
            {busy ? t("intake.submitting") : ""}
          </span>
        </div>
      </Form>
    </section>
  );
}
