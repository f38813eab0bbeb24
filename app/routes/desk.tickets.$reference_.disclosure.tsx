// /desk/tickets/:reference/disclosure — an information-disclosure request's own page: its decision
// clock, the one extension (reason sent to the requester) and the decision (공개 / 부분공개 / 비공개).
import { type MetaFunction, data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import { DEFAULT_OBJECTION_GUIDE, decideDisclosure, disclosurePanel, extendDisclosure } from "~/disclosure/disclosure.server";
import { DISCLOSURE_INTENTS, decideSchema, extendSchema, type DisclosureIntent } from "~/disclosure/schemas";
import { getLang } from "~/i18n/lang.server";
import { translate } from "~/i18n/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { dateTimeWords, dueWords } from "~/i18n/date-words";
import { requireTicketAccess } from "~/security/access.server";
import { auditTicketChange } from "~/security/audit.server";
import { getTicketDetail, ticketAccessFacts } from "~/tickets/tickets.server";
import { ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { domainError, formErrorsOf, notFoundResponse } from "~/ui/form-errors.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.disclosure");

type ActionData = { intent: DisclosureIntent; errors: Record<string, string>; values: Record<string, string>; formError?: string };

async function visibleDisclosure(request: Request, reference: string) {
  const user = await requireStaff(request);
  const facts = await ticketAccessFacts(reference);
  if (!facts) throw notFoundResponse();
  await requireTicketAccess(request, user, facts, reference);
  const detail = await getTicketDetail(reference);
  if (!detail || detail.ticket.kind !== "disclosure") throw notFoundResponse();
  return { user, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const { detail } = await visibleDisclosure(request, reference);
  const done = new URL(request.url).searchParams.get("done");
  return {
    reference,
    subject: detail.ticket.subject,
    customer: { email: detail.customer.email, phone: detail.customer.phone },
    panel: await disclosurePanel(detail.ticket.id),
    done: (DISCLOSURE_INTENTS as readonly string[]).includes(done ?? "") ? (done as DisclosureIntent) : null,
    objectionDefault: DEFAULT_OBJECTION_GUIDE,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
  const { user } = await visibleDisclosure(request, reference);
  const lang = await getLang(request);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as DisclosureIntent;
  if (!DISCLOSURE_INTENTS.includes(intent))
    return data<ActionData>(
      { intent: "decide", errors: {}, values: {}, formError: translate(lang, "desk.error.unknownAction") },
      { status: 400 },
    );
  const invalid = (status: number, errors: Record<string, string>, formError?: string) =>
    data<ActionData>({ intent, errors, values: textValues(form), formError }, { status });
  try {
    if (intent === "extend") {
      const parsed = parseForm(extendSchema, form, lang);
      if (!parsed.ok) return invalid(422, parsed.errors);
      await extendDisclosure(reference, parsed.data, staffActor(user));
    } else {
      const parsed = parseForm(decideSchema, form, lang);
      if (!parsed.ok) return invalid(422, parsed.errors);
      await decideDisclosure(reference, parsed.data, staffActor(user));
    }
  } catch (error) {
    const failed = domainError(error);
    const { errors, formError } = formErrorsOf(failed, lang);
    return invalid(failed.status, errors, formError);
  }
  await auditTicketChange(request, user, reference, `disclosure.${intent}`);
  return redirect(`/desk/tickets/${encodeURIComponent(reference)}/disclosure?done=${intent}`, { status: 303 });
}

export default function DisclosurePage() {
  const t = useT();
  const lang = useLang();
  const { reference, subject, panel, done, objectionDefault, customer } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  const mine = (intent: DisclosureIntent) => (result?.intent === intent ? result : undefined);
  const extend = mine("extend");
  const decide = mine("decide");
  const labels = {
    reason: t("disclosure.field.reason"),
    objection: t("disclosure.field.objection"),
    answer: t("disclosure.field.answer"),
    decision: t("disclosure.field.decision"),
    via: t("disclosure.field.via"),
  };
  return (
    <div className="disclosure-page">
      <p>
        <Link to={`/desk/tickets/${reference}`}>{t("disclosure.back", { reference })}</Link>
      </p>
      <h1>{t("disclosure.title")}</h1>
      <p className="muted">{subject}</p>
      {done ? (
        <p className="notice" role="status">
          {t(`disclosure.done.${done}`)}
        </p>
      ) : null}

      <section aria-labelledby="disclosure-status" className="panel">
        <h2 id="disclosure-status">{t("disclosure.status")}</h2>
        {panel.decidedAt && panel.decision ? (
          <p>
            {t("disclosure.decidedLine", {
              decision: t(`disclosure.decision.${panel.decision}`),
              date: dateTimeWords(panel.decidedAt, lang),
            })}
            {panel.decisionReason ? (
              <>
                <br />
                {t("disclosure.text.reason", { reason: panel.decisionReason })}
              </>
            ) : null}
          </p>
        ) : panel.dueAt ? (
          <p>{t("disclosure.dueLine", { date: dueWords(panel.dueAt, lang) })}</p>
        ) : null}
        {panel.extendedAt ? (
          <p>{t("disclosure.extendedLine", { date: dateTimeWords(panel.extendedAt, lang), reason: panel.extensionReason ?? "" })}</p>
        ) : null}
      </section>

      {panel.canExtend ? (
        <section aria-labelledby="disclosure-extend" className="panel">
          <h2 id="disclosure-extend">{t("disclosure.extend")}</h2>
          <p className="muted">{t("disclosure.extendHint")}</p>
          <ErrorSummary errors={extend?.errors} labels={labels} />
          {extend?.formError ? (
            <p className="error-summary" role="alert">
              {extend.formError}
            </p>
          ) : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="extend" />
            <Field name="reason" scope="extend" label={t("disclosure.field.extensionReason")} error={extend?.errors.reason} required>
              {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={extend?.values.reason ?? ""} />}
            </Field>
            {customer.email && customer.phone ? (
              <RadioGroup
                name="via"
                scope="extend"
                legend={t("disclosure.field.via")}
                value={extend?.values.via ?? "email"}
                options={[
                  { value: "email", label: t("channel.email") },
                  { value: "sms", label: t("channel.sms") },
                ]}
              />
            ) : null}
            <div>
              <button type="submit" className="secondary" disabled={busy}>
                {t("disclosure.extendSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {panel.canDecide ? (
        <section aria-labelledby="disclosure-decide" className="panel">
          <h2 id="disclosure-decide">{t("disclosure.decide")}</h2>
          <p className="muted">{t("disclosure.decideHint")}</p>
          <ErrorSummary errors={decide?.errors} labels={labels} />
          {decide?.formError ? (
            <p className="error-summary" role="alert">
              {decide.formError}
            </p>
          ) : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <RadioGroup
              name="decision"
              scope="decide"
              legend={t("disclosure.field.decision")}
              value={decide?.values.decision ?? ""}
              error={decide?.errors.decision}
              required
              nativeRequired={false}
              options={(["disclosed", "partial", "refused"] as const).map((d) => ({ value: d, label: t(`disclosure.decision.${d}`) }))}
            />
            <Field
              name="reason"
              scope="decide"
              label={t("disclosure.field.reason")}
              hint={t("disclosure.field.reasonHint")}
              error={decide?.errors.reason}
            >
              {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={decide?.values.reason ?? ""} />}
            </Field>
            <Field
              name="objection"
              scope="decide"
              label={t("disclosure.field.objection")}
              hint={t("disclosure.field.objectionHint")}
              error={decide?.errors.objection}
            >
              {(p) => <textarea {...p} rows={3} maxLength={2000} defaultValue={decide?.values.objection ?? objectionDefault} />}
            </Field>
            <Field
              name="answer"
              scope="decide"
              label={t("disclosure.field.answer")}
              hint={t("disclosure.field.answerHint")}
              error={decide?.errors.answer}
              required
            >
              {(p) => <textarea {...p} rows={6} maxLength={20000} defaultValue={decide?.values.answer ?? ""} />}
            </Field>
            <RadioGroup
              name="via"
              scope="decide"
              legend={t("disclosure.field.via")}
              value={decide?.values.via ?? (customer.email ? "email" : customer.phone ? "sms" : "mail")}
              error={decide?.errors.via}
              required
              nativeRequired={false}
              options={(["email", "sms", "phone", "mail"] as const).map((v) => ({ value: v, label: t(`channel.${v}`) }))}
            />
            <div>
              <button type="submit" disabled={busy}>
                {t("disclosure.decideSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
