// Pieces of the guarantee pages: accessible forms whose ids carry their intent (so two forms on a
// page never share one), the trigger list, and the ticket page's guarantee section with the
// "repeat visit" form.
import { Form, Link, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, Field, fieldId } from "~/ui/form";
import type { GuaranteeFormResult, TicketCaseLink, TriggerWords } from "./guarantee-desk.server";
import guaranteeStylesheet from "./guarantee.css";

export { guaranteeStylesheet };

export type FormState = Pick<GuaranteeFormResult, "errors" | "values" | "formError">;

/** A message about the whole form: announced and focused. */
function FormError({ message }: { message: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [message]);
  return (
    <p className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      {message}
    </p>
  );
}

const prefixed = (prefix: string, record: Record<string, string> | undefined) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[`${prefix}-${k}`] = v;
  return out;
};

export function GuaranteeForm({
  intent,
  titleId,
  state,
  submitLabel,
  labels,
  children,
  action,
  hidden,
  busy,
  FormComponent = Form,
}: {
  intent: string;
  titleId: string;
  state?: FormState;
  submitLabel: string;
  labels: Record<string, string>;
  children: ReactNode;
  action?: string;
  hidden?: Record<string, string>;
  busy?: boolean;
  FormComponent?: typeof Form;
}) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = busy ?? (navigation.state === "submitting" && navigation.formData?.get("intent") === intent);
  const errors = state?.errors;
  const summary = useMemo(() => prefixed(intent, errors), [intent, errors]);
  return (
    <FormComponent method="post" action={action} className="form guarantee-form" noValidate aria-labelledby={titleId} data-intent={intent}>
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state?.formError ? <FormError message={state.formError} /> : null}
      <ErrorSummary errors={summary} labels={prefixed(intent, labels)} />
      {children}
      <div>
        <button type="submit" className="primary" disabled={submitting} aria-disabled={submitting || undefined}>
          {submitting ? t("guarantee.working") : submitLabel}
        </button>
      </div>
    </FormComponent>
  );
}

type FieldBase = { form: string; name: string; label: string; state?: FormState; required?: boolean; hint?: ReactNode };

export function TextAreaInput({ form, name, label, state, required, hint, rows = 5 }: FieldBase & { rows?: number }) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => <textarea {...p} name={name} rows={rows} defaultValue={state?.values[name] ?? ""} aria-required={required || undefined} required={undefined} />}
    </Field>
  );
}

export function TextInput({ form, name, label, state, required, hint, defaultValue }: FieldBase & { defaultValue?: string }) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => (
        <input {...p} type="text" name={name} defaultValue={state?.values[name] ?? defaultValue ?? ""} aria-required={required || undefined} required={undefined} />
      )}
    </Field>
  );
}

export function RadioInput({ form, name, label, state, required, hint, options }: FieldBase & { options: Array<{ value: string; label: string }> }) {
  const t = useT();
  const id = fieldId(`${form}-${name}`);
  const error = state?.errors[name];
  const chosen = state?.values[name] ?? "";
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset className="field" data-invalid={error ? "" : undefined} aria-describedby={described}>
      <legend>
        {label}
        {required ? null : <span className="muted"> ({t("common.optional")})</span>}
      </legend>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div className="radio-row">
        {options.map((o, i) => (
          <label key={o.value} className="radio">
            <input
              type="radio"
              id={i === 0 ? id : `${id}-${o.value}`}
              name={name}
              value={o.value}
              defaultChecked={chosen === o.value}
              aria-invalid={error ? true : undefined}
            />{" "}
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function CheckboxInput({ form, name, label, state, hint }: FieldBase) {
  const id = fieldId(`${form}-${name}`);
  const error = state?.errors[name];
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field" data-invalid={error ? "" : undefined}>
      {error ? (
        <div className="error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div className="checkbox">
        <input type="checkbox" id={id} name={name} defaultChecked={state?.values[name] === "on"} aria-invalid={error ? true : undefined} aria-describedby={described} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

/** The broken promises of a case, with when and any note (customer/staff text shown as text). */
export function TriggerList({ triggers, compact }: { triggers: TriggerWords[]; compact?: boolean }) {
  const t = useT();
  return (
    <ul className={compact ? "trigger-list compact" : "trigger-list"}>
      {triggers.map((tr, i) => (
        <li key={i} data-trigger={tr.kind}>
          {tr.text}
          {!compact && (tr.atText || tr.by) ? (
            <span className="muted">
              {" "}
              ({tr.atText ? <time dateTime={tr.at ?? undefined}>{t("guarantee.trigger.at", { at: tr.atText })}</time> : null}
              {tr.atText && tr.by ? ", " : null}
              {tr.by ? t("guarantee.trigger.by", { by: tr.by }) : null})
            </span>
          ) : null}
          {tr.note ? <div className={compact ? "muted trigger-note" : "trigger-note pre"}>{t("guarantee.trigger.note", { note: tr.note })}</div> : null}
        </li>
      ))}
    </ul>
  );
}

export function CaseStatusBadge({ status, label }: { status: "open" | "closed"; label: string }) {
  return (
    <span className={`badge case-status case-${status}`} data-status={status}>
      <span aria-hidden="true">{status === "open" ? "●" : "✓"}</span> {label}
    </span>
  );
}

/** "고객이 직원 착오로 2회 이상 방문함": posts to /desk/guarantee (which opens the case and goes to it). */
export function RepeatVisitForm({ reference, state, withReference, useFetcherForm }: { reference?: string; state?: FormState; withReference?: boolean; useFetcherForm?: boolean }) {
  const t = useT();
  const fetcher = useFetcher<GuaranteeFormResult>({ key: `repeat-visit-${reference ?? "any"}` });
  const own = useFetcherForm && fetcher.data && fetcher.data.intent === "repeatVisit" ? fetcher.data : undefined;
  const current = own ?? state;
  const labels: Record<string, string> = { note: t("guarantee.field.note") };
  if (withReference) labels.reference = t("guarantee.field.reference");
  return (
    <GuaranteeForm
      intent="repeatVisit"
      titleId="repeat-visit-title"
      state={current}
      submitLabel={t("guarantee.repeat.submit")}
      labels={labels}
      action="/desk/guarantee?index"
      hidden={withReference || !reference ? undefined : { reference }}
      busy={useFetcherForm ? fetcher.state !== "idle" : undefined}
      FormComponent={useFetcherForm ? (fetcher.Form as unknown as typeof Form) : Form}
    >
      {withReference ? (
        <TextInput form="repeatVisit" name="reference" label={t("guarantee.field.reference")} hint={t("guarantee.field.referenceHint")} required state={current} defaultValue={reference} />
      ) : null}
      <TextAreaInput form="repeatVisit" name="note" label={t("guarantee.field.note")} hint={t("guarantee.field.noteHint")} required state={current} rows={3} />
    </GuaranteeForm>
  );
}

/** The ticket page's guarantee panel: links to its case(s) and the "repeat visit" form. */
export function TicketGuaranteeSection({ reference, cases }: { reference: string; cases: TicketCaseLink[] }) {
  const t = useT();
  // With JavaScript the form's errors come back here through its fetcher; without it, the form
  // posts as a page to /desk/guarantee, which shows the same form with the errors.
  const fetcher = useFetcher<GuaranteeFormResult>({ key: `repeat-visit-${reference}` });
  const hasErrors = !!(fetcher.data && fetcher.data.intent === "repeatVisit");
  return (
    <section aria-labelledby="guarantee-title" className="panel desk-panel" id="guarantee">
      <h2 id="guarantee-title">{t("guarantee.ticket.title")}</h2>
      {cases.length === 0 ? (
        <p className="muted">{t("guarantee.ticket.none")}</p>
      ) : (
        <ul className="plain-list">
          {cases.map((c) => (
            <li key={c.id} data-case={c.id}>
              <Link to={`/desk/guarantee/${c.id}`}>{t("guarantee.ticket.caseLink", { status: c.statusLabel, at: c.openedText })}</Link>{" "}
              <CaseStatusBadge status={c.status} label={c.statusLabel} />
              <TriggerList triggers={c.triggers} compact />
            </li>
          ))}
        </ul>
      )}
      <details className="repeat-visit" open={hasErrors || undefined}>
        <summary>
          <h3 id="repeat-visit-title" className="action-title">
            {t("guarantee.repeat.title")}
          </h3>
        </summary>
        <p className="muted">{t("guarantee.repeat.hint")}</p>
        <RepeatVisitForm reference={reference} useFetcherForm />
      </details>
    </section>
  );
}
