// The ticket page holds many small forms on one page. Each gets its own id prefix (its intent),
// so that fields named alike ("body", "reason", "via") in two forms never share an id, and
// errors and typed values go back only to the form that was submitted.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, Field, fieldId } from "~/ui/form";
import type { Intent } from "./constants";

export type FormState = { errors: Record<string, string>; values: Record<string, string>; formError?: string };

export type FieldBase = { form: Intent; name: string; label: string; state?: FormState; required?: boolean; hint?: ReactNode };

export function controlId(form: Intent, name: string): string {
  return fieldId(`${form}-${name}`);
}

export function ActionForm({
  intent,
  title,
  state,
  submitLabel,
  labels,
  children,
  multipart,
  danger,
  resetKey,
  hidden,
}: {
  intent: Intent;
  /** The id of the heading that names this form. */
  title: string;
  state?: FormState;
  submitLabel: string;
  /** Field name → label, for the error summary's links. */
  labels?: Record<string, string>;
  children?: ReactNode;
  multipart?: boolean;
  danger?: boolean;
  /** Changes after a successful action, so the form starts empty again. */
  resetKey: string | number;
  hidden?: Record<string, string>;
}) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  // Memoised: the summary takes focus whenever its errors change, not on every render.
  const errors = state?.errors;
  const prefixed = useMemo(() => prefix(intent, errors), [intent, errors]);
  const prefixedLabels = prefix(intent, labels);
  return (
    <Form
      key={resetKey}
      method="post"
      className="form desk-action-form"
      noValidate
      encType={multipart ? "multipart/form-data" : undefined}
      aria-labelledby={title}
      data-intent={intent}
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state?.formError ? <FormError message={state.formError} /> : null}
      <ErrorSummary errors={prefixed} labels={prefixedLabels} />
      {children}
      <div>
        <button type="submit" className={danger ? "danger" : "primary"} disabled={submitting} aria-disabled={submitting || undefined}>
          {submitting ? t("desk.action.working") : submitLabel}
        </button>
      </div>
    </Form>
  );
}

function prefix(intent: Intent, record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record ?? {})) out[`${intent}-${name}`] = value;
  return out;
}

/** A message about the whole form (not one field): announced and focused. */
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

export function TextAreaField({ form, name, label, state, required, hint, rows = 5 }: FieldBase & { rows?: number }) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => (
        <textarea {...p} name={name} rows={rows} defaultValue={state?.values[name] ?? ""} aria-required={required || undefined} required={undefined} />
      )}
    </Field>
  );
}

export function TextField({ form, name, label, state, required, hint, type = "text" }: FieldBase & { type?: "text" | "date" }) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => <input {...p} type={type} name={name} defaultValue={state?.values[name] ?? ""} aria-required={required || undefined} required={undefined} />}
    </Field>
  );
}

export function FileField({ form, name, label, state, required, hint, accept }: FieldBase & { accept: string }) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => <input {...p} type="file" name={name} multiple accept={accept} aria-required={required || undefined} required={undefined} />}
    </Field>
  );
}

export function RadioGroup({
  form,
  name,
  label,
  state,
  required,
  options,
  defaultValue,
  hint,
}: FieldBase & { options: Array<{ value: string; label: string }>; defaultValue?: string }) {
  const t = useT();
  const id = controlId(form, name);
  const error = state?.errors[name];
  const chosen = state ? (state.values[name] ?? "") : (defaultValue ?? "");
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

export function SelectField({
  form,
  name,
  label,
  state,
  required,
  hint,
  groups,
  placeholder,
  defaultValue,
}: FieldBase & {
  groups: Array<{ label: string; options: Array<{ value: string; label: string }> }>;
  placeholder: string;
  defaultValue?: string;
}) {
  return (
    <Field name={`${form}-${name}`} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {(p) => (
        <select {...p} name={name} defaultValue={state?.values[name] ?? defaultValue ?? ""} aria-required={required || undefined} required={undefined}>
          <option value="">{placeholder}</option>
          {groups.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxInput({ form, name, label, state }: FieldBase) {
  const id = controlId(form, name);
  const checked = state?.values[name] === "on";
  return (
    <div className="field">
      <div className="checkbox">
        <input type="checkbox" id={id} name={name} defaultChecked={checked} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  );
}
