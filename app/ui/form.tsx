// Accessible form pieces shared by every form: labels tied to inputs, errors tied to fields
// with aria-describedby, and an error summary that takes focus so screen readers hear it.
import { useEffect, useRef, type ReactNode } from "react";
import { useT } from "~/i18n/use-t";

export type FormErrors = Record<string, string | undefined>;
export type FormValues = Record<string, string | undefined>;

export function ErrorSummary({ errors, labels }: { errors?: FormErrors; labels?: Record<string, string> }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, v]) => v);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!entries.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("common.errorSummary", { count: entries.length })}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li key={name}>
            {name === "_" ? (
              message
            ) : (
              <a href={`#${fieldId(name)}`}>
                {labels?.[name] ? `${labels[name]}: ` : ""}
                {message}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

type FieldProps = {
  name: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  children: (props: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string; required?: boolean }) => ReactNode;
};

/** A labelled control with its hint and error announced together with it. */
export function Field({ name, label, error, hint, required, children }: FieldProps) {
  const t = useT();
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field" data-invalid={error ? "" : undefined}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="muted"> ({t("common.optional")})</span>}
      </label>
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
      {children({ id, name, "aria-invalid": error ? true : undefined, "aria-describedby": described, required })}
    </div>
  );
}

export function CheckboxField({
  name,
  label,
  error,
  defaultChecked,
  hint,
}: {
  name: string;
  label: string;
  error?: string;
  defaultChecked?: boolean;
  hint?: string;
}) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field" data-invalid={error ? "" : undefined}>
      {error ? (
        <div className="error" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div className="checkbox">
        <input type="checkbox" id={id} name={name} defaultChecked={defaultChecked} aria-invalid={error ? true : undefined} aria-describedby={described} />
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
