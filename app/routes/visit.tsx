// /visit — a customer who needs help at the counter books their visit (no login): when, what
// help, whom they visit. Reception and the person visited are alerted at once and the customer
// gets a confirmation. Bad input comes back with what was typed and the reason beside each field.
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import intakeStyles from "~/intake/intake.css";
import { formatKst } from "~/lib/time";
import { ConsentNotice } from "~/portal/consent-notice";
import { PRIVACY_CONSENT_VERSION } from "~/privacy/consent";
import { retentionYears } from "~/privacy/retention.server";
import { limitInquiry, tooManyMessage } from "~/security/limits.server";
import { DeskError } from "~/core/errors";
import { ErrorSummary, Field } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { errorsByField } from "~/ui/form-errors.server";
import { helpOf, publicVisitSchema } from "~/visits/schemas";
import { helpText, VisitFields, visitLabels } from "~/visits/ui";
import { announceVisit } from "~/visits/visits.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: intakeStyles }];

// Public pages are titled in both languages (the words of visit.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "방문 예약 (도움이 필요하신 고객) / Book a visit (customers who need help)" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await getLang(request);
  return { retentionYears: retentionYears() };
}

type Booked = {
  reference: string;
  trackingPath: string;
  visitAt: string;
  help: string[];
  helpOther: string | null;
  confirmation: "email" | "sms" | null;
};
type ActionData =
  | { errors: Record<string, string>; values: Record<string, string>; booked?: undefined }
  | { booked: Booked; errors?: undefined; values?: undefined };

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const limited = await limitInquiry(request, context);
  if (limited) {
    return data<ActionData>(
      { errors: { _: tooManyMessage(lang, limited.retryAfterSeconds) }, values: textValues(form) },
      { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
    );
  }
  const parsed = parseForm(publicVisitSchema, form, lang);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  const v = parsed.data;
  try {
    const help = helpOf(v);
    const booked = await announceVisit(
      {
        visitAt: v.visitAt,
        help,
        helpOther: v.helpOther,
        name: v.name,
        email: v.email,
        phone: v.phone,
        visiting: v.visiting,
        channel: "web",
        locale: lang,
        privacyConsent: { version: PRIVACY_CONSENT_VERSION },
      },
      { kind: "customer" },
    );
    const url = new URL(booked.trackingUrl);
    return data<ActionData>({
      booked: {
        reference: booked.reference,
        trackingPath: `${url.pathname}${url.search}`,
        visitAt: booked.visitAt,
        help,
        helpOther: v.helpOther ?? null,
        confirmation: booked.confirmation,
      },
    });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ errors, values: textValues(form) }, { status: error.status });
  }
}

export default function Visit() {
  const t = useT();
  const { retentionYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  if (result?.booked) {
    const b = result.booked;
    return (
      <section aria-labelledby="visit-done-title" className="intake">
        <h1 id="visit-done-title">{t("visit.received.title")}</h1>
        <p role="status">
          {t("visit.received.text", { reference: b.reference, date: formatKst(b.visitAt), help: helpText(t.dynamic, b.help, b.helpOther) })}
        </p>
        <p>
          {t(
            b.confirmation === "email"
              ? "visit.received.sentEmail"
              : b.confirmation === "sms"
                ? "visit.received.sentSms"
                : "visit.received.notSent",
          )}
        </p>
        <p>
          <Link to={b.trackingPath}>{t("visit.received.track")}</Link>
        </p>
      </section>
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <section aria-labelledby="visit-title" className="intake">
      <h1 id="visit-title">{t("visit.title")}</h1>
      <p>{t("visit.intro")}</p>
      <ErrorSummary errors={errors} labels={visitLabels(t.dynamic)} />
      <Form method="post" className="form" noValidate aria-labelledby="visit-title">
        <VisitFields errors={errors} values={values} />
        <Field name="visiting" label={t("visit.field.visiting")} error={errors.visiting}>
          {(p) => <input {...p} type="text" maxLength={100} autoComplete="off" defaultValue={values.visiting ?? ""} />}
        </Field>
        <ConsentNotice
          form="visit"
          retentionYears={retentionYears}
          error={errors.privacyConsent}
          checked={values.privacyConsent === "on"}
        />
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("visit.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
