// /status/subscribe — customers ask to hear about outages and scheduled maintenance by email or
// text message; a confirmation link goes to each address first. The answer is the same whether
// the address was already subscribed or not. Limited per client and per address.
import { data, redirect, type ActionFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { readSmallForm } from "~/outages/form.server";
import { subscribeSchema } from "~/outages/schemas";
import { requestSubscription } from "~/outages/subscriptions.server";
import { DeskError } from "~/core/errors";
import { clientAddress } from "~/security/client-ip.server";
import { ErrorSummary, Field } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { errorsByField } from "~/ui/form-errors.server";
import opsStyles from "~/outages/operations.css";
import intakeStyles from "~/intake/intake.css";
import { ConsentNotice } from "~/portal/consent-notice";
import { retentionYears as retentionSetting } from "~/privacy/retention.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: opsStyles },
  { rel: "stylesheet", href: intakeStyles },
];

/** The RETENTION_YEARS the consent notice names. */
export function loader() {
  return { retentionYears: retentionSetting() };
}

export const meta: MetaFunction = () => [{ title: "서비스 상태 알림 신청 / Status notifications" }];

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  if (!form) return data<ActionData>({ errors: { _: translate(lang, "ops.error.badRequest") }, values: {} }, { status: 400 });
  const parsed = parseForm(subscribeSchema, form, lang);
  if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  try {
    const result = await requestSubscription(parsed.data, lang, clientAddress(request, context));
    if (result.status === "limited") {
      const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
      return data<ActionData>(
        { errors: { _: translate(lang, "ops.subscribe.limited", { minutes }) }, values: textValues(form) },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ errors, values: textValues(form) }, { status: error.status });
  }
  return redirect("/status/subscribe?sent=1", { status: 303 });
}

export default function Subscribe() {
  const t = useT();
  const result = useActionData<ActionData>();
  const { retentionYears } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const sent = search.get("sent") === "1";
  return (
    <section aria-labelledby="subscribe-title">
      <p>
        <Link to="/status">← {t("ops.status.title")}</Link>
      </p>
      <h1 id="subscribe-title">{t("ops.subscribe.title")}</h1>
      <div role="status" aria-live="polite">
        {sent ? <p className="notice">{t("ops.subscribe.sent")}</p> : null}
      </div>
      <p>{t("ops.subscribe.intro")}</p>
      <ErrorSummary
        errors={errors}
        labels={{ email: t("ops.subscribe.email"), phone: t("ops.subscribe.phone"), privacyConsent: t("consent.legend") }}
      />
      <Form method="post" className="form" noValidate aria-labelledby="subscribe-title">
        <Field name="email" label={t("ops.subscribe.email")} error={errors.email} hint={t("ops.subscribe.contactHint")}>
          {(p) => <input {...p} type="email" autoComplete="email" maxLength={254} defaultValue={values.email ?? ""} />}
        </Field>
        <Field name="phone" label={t("ops.subscribe.phone")} error={errors.phone} hint={t("ops.subscribe.phoneHint")}>
          {(p) => <input {...p} type="tel" autoComplete="tel" maxLength={30} defaultValue={values.phone ?? ""} />}
        </Field>
        <ConsentNotice
          form="subscribe"
          retentionYears={retentionYears}
          error={errors.privacyConsent}
          checked={values.privacyConsent === "on"}
        />
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("ops.subscribe.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
