// /inquiry — the public web inquiry form (no login). Works without JavaScript; with it, the
// same zod schema checks the form before it is sent.
import { redirect, type ActionFunctionArgs, type LinksFunction, type MetaFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { AttachmentsField, CustomerFields, InquiryFields, intakeLabels } from "~/intake/fields";
import { handleIntake, type IntakeActionData } from "~/intake/intake-action.server";
import intakeStyles from "~/intake/intake.css";
import { INQUIRY_FIELD_ORDER } from "~/intake/options";
import { rememberReceipt } from "~/intake/receipt.server";
import { useIntakeForm } from "~/intake/use-intake-form";
import { kstDate } from "~/lib/time";
import { feasibleDateOptions } from "~/sla/reply-dates.server";
import { inquiryFormSchema } from "~/tickets/schemas";
import { createTicket } from "~/tickets/tickets.server";
import { ErrorSummary } from "~/ui/form";
import { limitInquiry } from "~/security/limits.server";
import { tooManyInquiries } from "~/intake/too-many.server";
import { KindFields, kindLabels } from "~/portal/intake-extras";
import { ConsentNotice } from "~/portal/consent-notice";
import { retentionYears } from "~/privacy/retention.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

/** Its own title in the tab and history (issue 21), Korean first. */
// Public pages are titled in both languages (the words of inquiry.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "온라인 문의 / Online inquiry" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const lang = await getLang(request);
  // Only dates the desk can keep are offered (a date already past is never promised).
  const dates = await feasibleDateOptions(lang);
  return { today: kstDate(new Date()), dates, earliest: dates[0]?.label ?? null, retentionYears: retentionYears() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = await getLang(request);
  // Per client address (app/security): what was typed comes back with the message.
  const limited = await limitInquiry(request, context);
  if (limited) return tooManyInquiries(request, lang, limited.retryAfterSeconds);
  return handleIntake(request, inquiryFormSchema, lang, async (intake, attachments) => {
    const { reference, trackingUrl } = await createTicket(intake, { kind: "customer" }, { attachments, locale: lang });
    const cookie = await rememberReceipt({ reference, receivedAt: new Date().toISOString(), trackingUrl });
    return redirect("/inquiry/received", { status: 303, headers: { "Set-Cookie": cookie } });
  });
}

export default function Inquiry() {
  const t = useT();
  const { today, dates, earliest, retentionYears } = useLoaderData<typeof loader>();
  const server = useActionData<IntakeActionData>();
  const form = useIntakeForm(inquiryFormSchema, server, INQUIRY_FIELD_ORDER);
  const busy = useNavigation().state === "submitting";
  const { errors, values } = form;
  return (
    <section aria-labelledby="inquiry-title" className="intake">
      <h1 id="inquiry-title">{t("inquiry.title")}</h1>
      <p>{t("inquiry.intro")}</p>
      <p>
        <Link to="/visit">{t("visit.link")}</Link> — {t("visit.linkHint")}
      </p>
      <ErrorSummary errors={errors} labels={{ ...intakeLabels(t), ...kindLabels(t.dynamic) }} />
      <Form
        id="inquiry-form"
        method="post"
        encType="multipart/form-data"
        className="form"
        noValidate={form.noValidate}
        onSubmit={form.onSubmit}
        aria-labelledby="inquiry-title"
      >
        <fieldset>
          <legend>{t("intake.sectionCustomer")}</legend>
          <div className="form">
            <CustomerFields errors={errors} values={values} contactHint={t("intake.contactHint")} />
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("intake.sectionInquiry")}</legend>
          <div className="form">
            <KindFields errors={errors} values={values} />
            <InquiryFields
              errors={errors}
              values={values}
              bodyLabel={t("intake.body")}
              bodyHint={t("intake.bodyHint")}
              requestedHint={earliest ? t("intake.requestedReplyByHintFrom", { date: earliest }) : t("intake.requestedReplyByHint")}
              requestedMin={today}
              requestedDates={dates}
            />
            <AttachmentsField label={t("intake.files")} error={errors.files} filesDropped={form.filesDropped} inputRef={form.fileRef} />
          </div>
        </fieldset>
        <ConsentNotice
          form="inquiry"
          retentionYears={retentionYears}
          error={errors.privacyConsent}
          checked={values.privacyConsent === "on"}
        />
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("inquiry.submit")}
          </button>
          <span className="submit-status" role="status" aria-live="polite">
            {busy ? t("intake.submitting") : ""}
          </span>
        </div>
      </Form>
    </section>
  );
}
