// /lookup — find an inquiry by reference + email or mobile number: a one-time code is sent to the
// address on file, and entering it opens the track page. The answers never say whether a ticket
// exists: every request gets "if it matches, we sent a code", every wrong code the same message.
import { data, redirect, type ActionFunctionArgs, type LinksFunction, type MetaFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { clientAddress } from "~/security/client-ip.server";
import { CODE_TTL_MINUTES, parseContact, requestLookupCode, verifyLookupCode } from "~/portal/lookup.server";
import { grantMine } from "~/portal/mine.server";
import portalStyles from "~/portal/portal.css";
import { lookupRequestSchema, lookupVerifySchema, REFERENCE_FORMAT } from "~/portal/schemas";
import { grantAccess } from "~/portal/session.server";
import { SIGNED_LINK_DAYS } from "~/core/tracking-link.server";
import { ErrorSummary, Field } from "~/ui/form";
import { parseForm } from "~/ui/form-data.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

/** Its own title in the tab and history (issue 21), Korean first. */
// Public pages are titled in both languages (the words of lookup.title; meta also runs in the browser,
// which has only the active language's messages).
export const meta: MetaFunction = () => [{ title: "처리 상황 조회 / Check your inquiry" }];

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const reference = url.searchParams.get("reference") ?? "";
  return {
    reference: REFERENCE_FORMAT.test(reference) ? reference : "",
    expired: url.searchParams.has("expired"),
    // An email link that was too old or altered: said in words, with the code form below.
    linkDays: SIGNED_LINK_DAYS,
    link: url.searchParams.get("link") === "expired" ? "expired" : url.searchParams.get("link") === "invalid" ? "invalid" : null,
    /** From "나의 민원": after the code, to the list of the contact's tickets instead of this one. */
    next: url.searchParams.get("next") === "mine" ? ("mine" as const) : null,
  };
}

export type LookupActionData = {
  step: "request" | "code";
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A message for the whole form (wrong code, too many tries). */
  formError?: string;
  sent?: boolean;
  /** How long the sent code stays valid; sent with the answer because a .server value is not in the browser bundle. */
  codeMinutes?: number;
};

const minutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

export async function action({ request, context }: ActionFunctionArgs) {
  const lang = await getLang(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data<LookupActionData>(
      { step: "request", values: {}, errors: {}, formError: translate(lang, "error.formUnreadable") },
      { status: 400 },
    );
  }
  const ip = clientAddress(request, context);
  const intent = form.get("intent") === "verify" ? "verify" : "request";

  if (intent === "request") {
    const parsed = parseForm(lookupRequestSchema, form, lang);
    if (!parsed.ok) return data<LookupActionData>({ step: "request", values: parsed.values, errors: parsed.errors }, { status: 422 });
    const { reference, contact } = parsed.data;
    const result = await requestLookupCode({ reference, contact, ip, lang });
    if (result.status === "limited") {
      const formError = translate(lang, "lookup.limited", { minutes: minutes(result.retryAfterSeconds) });
      return data<LookupActionData>({ step: "request", values: { reference, contact }, errors: {}, formError }, { status: 429 });
    }
    return {
      step: "code",
      values: { reference, contact },
      errors: {},
      sent: true,
      codeMinutes: CODE_TTL_MINUTES,
    } satisfies LookupActionData;
  }

  const parsed = parseForm(lookupVerifySchema, form, lang);
  if (!parsed.ok) {
    // Without a valid reference/contact there is nothing to enter a code for: back to the start.
    const step = parsed.errors.reference || parsed.errors.contact ? "request" : "code";
    return data<LookupActionData>({ step, values: parsed.values, errors: parsed.errors }, { status: 422 });
  }
  const { reference, contact, code } = parsed.data;
  const result = await verifyLookupCode({ reference, contact, code, ip, lang });
  if (result.status === "ok") {
    // The code proved the contact too: "나의 민원" (/track/mine) may list its tickets for a while.
    const headers = new Headers();
    headers.append("Set-Cookie", await grantAccess(request, result.reference));
    headers.append("Set-Cookie", await grantMine(parseContact(contact)));
    const to = form.get("next") === "mine" ? "/track/mine" : `/track/${encodeURIComponent(result.reference)}`;
    throw redirect(to, { status: 303, headers });
  }
  const formError =
    result.status === "limited"
      ? translate(lang, "lookup.limited", { minutes: minutes(result.retryAfterSeconds) })
      : translate(lang, "lookup.invalid");
  const values = { reference, contact };
  return data<LookupActionData>({ step: "code", values, errors: {}, formError }, { status: result.status === "limited" ? 429 : 422 });
}

export default function Lookup() {
  const t = useT();
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as LookupActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  const step = result?.step ?? "request";
  const values = result?.values ?? { reference: loaded.reference };
  const labels = { reference: t("lookup.reference"), contact: t("lookup.contact"), code: t("lookup.code") };
  const errors = { ...(result?.errors ?? {}), ...(result?.formError ? { _: result.formError } : {}) };

  return (
    <section aria-labelledby="lookup-title" className="portal">
      <h1 id="lookup-title">{t("lookup.title")}</h1>
      {loaded.expired && !result ? (
        <p className="warning" role="status">
          {t("lookup.expired")}
        </p>
      ) : null}
      {loaded.link && !result ? (
        <p className="warning" role="status">
          {t(loaded.link === "expired" ? "lookup.linkExpired" : "lookup.linkInvalid", { days: loaded.linkDays })}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />

      {step === "request" ? (
        <>
          <p>{t(loaded.next === "mine" ? "mine.intro" : "lookup.intro")}</p>
          {loaded.next === "mine" ? null : (
            <p>
              {t("lookup.mineHint")} <Link to="/lookup?next=mine">{t("mine.title")}</Link>
            </p>
          )}
          <Form method="post" className="form" noValidate aria-labelledby="lookup-title">
            <input type="hidden" name="intent" value="request" />
            <Field
              name="reference"
              label={t("lookup.reference")}
              hint={t("lookup.referenceHint")}
              error={result?.errors.reference}
              required
            >
              {(p) => (
                <input {...p} type="text" inputMode="numeric" autoComplete="off" maxLength={20} defaultValue={values.reference ?? ""} />
              )}
            </Field>
            <Field name="contact" label={t("lookup.contact")} hint={t("lookup.contactHint")} error={result?.errors.contact} required>
              {(p) => <input {...p} type="text" autoComplete="email" maxLength={254} defaultValue={values.contact ?? ""} />}
            </Field>
            <div className="actions-row">
              <button type="submit" className="primary" disabled={busy}>
                {t("lookup.request")}
              </button>
              <span role="status" aria-live="polite" className="muted">
                {busy ? t("lookup.working") : ""}
              </span>
            </div>
          </Form>
        </>
      ) : (
        <>
          <h2 id="code-title">{t("lookup.codeTitle")}</h2>
          {result?.sent && result.codeMinutes ? (
            <div className="notice" role="status">
              <p>{t("lookup.sent", { minutes: result.codeMinutes })}</p>
              <p className="muted">{t("lookup.sentHelp")}</p>
            </div>
          ) : null}
          <Form method="post" className="form" noValidate aria-labelledby="code-title">
            <input type="hidden" name="intent" value="verify" />
            {loaded.next ? <input type="hidden" name="next" value={loaded.next} /> : null}
            <input type="hidden" name="reference" value={values.reference ?? ""} />
            <input type="hidden" name="contact" value={values.contact ?? ""} />
            <p>
              {t("lookup.reference")}: <strong>{values.reference}</strong>
            </p>
            <Field name="code" label={t("lookup.code")} error={result?.errors.code} required>
              {(p) => (
                <input
                  {...p}
                  className="code-input"
                  type="text"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  defaultValue=""
                  // The code field is what the person came to fill in on this step.
                  autoFocus={!result?.formError && !result?.errors.code}
                />
              )}
            </Field>
            <div className="actions-row">
              <button type="submit" className="primary" disabled={busy}>
                {t("lookup.verify")}
              </button>
              <span role="status" aria-live="polite" className="muted">
                {busy ? t("lookup.working") : ""}
              </span>
            </div>
          </Form>
          <Form method="post" className="actions-row" aria-label={t("lookup.resend")}>
            <input type="hidden" name="intent" value="request" />
            <input type="hidden" name="reference" value={values.reference ?? ""} />
            <input type="hidden" name="contact" value={values.contact ?? ""} />
            <button type="submit" className="secondary" disabled={busy}>
              {t("lookup.resend")}
            </button>
            <Link to="/lookup" reloadDocument>
              {t("lookup.startOver")}
            </Link>
          </Form>
        </>
      )}
    </section>
  );
}
