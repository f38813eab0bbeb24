// The one set of accessible form pieces every form uses: labels tied to controls, hints and errors
// tied to them with aria-describedby (and aria-invalid), "(optional)" on what is not required, an
// error summary that takes focus so screen readers hear it, and what was typed put back. A list's
// filters use the same pieces with layout="filter" (side by side, never marked optional), a
// one-line form layout="inline"; a screen needing a piece the kit lacks adds it here.
//
// A page with several small forms (the ticket and guarantee pages) uses IntentForm and the
// Intent* controls: each form posts a hidden `intent`, and its ids carry that intent as a scope,
// so fields named alike ("body", "reason", "via") in two forms never share an id, and errors and
// typed values go back only to the form that was submitted.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useMemo, useRef, type FormEvent, type ReactNode, type Ref } from "react";
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

/** A message about the whole form (not one field): announced and focused. */
export function FormError({ message, id }: { message: string; id?: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [message]);
  return (
    <p className="error-summary" role="alert" tabIndex={-1} ref={ref} id={id}>
      {message}
    </p>
  );
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** The id of a control named `name`, inside the form `scope` when a page has several. */
function scopedId(name: string, scope?: string): string {
  return fieldId(scope ? `${scope}-${name}` : name);
}

/** The hint and error ids that describe the control `id`, in reading order. */
function describedBy(id: string, hint: unknown, error: unknown, ...more: Array<string | undefined>): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null, ...more].filter(Boolean).join(" ") || undefined;
}

function OptionalMark({ required }: { required?: boolean }) {
  const t = useT();
  return required ? null : <NeedMark text={t("common.optional")} />;
}

/** The note after a label that says when the field is needed ("optional", "one of the two"). */
export function NeedMark({ text }: { text: string }) {
  return <span className="muted"> ({text})</span>;
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  return hint ? (
    <div className="hint" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

function ErrorText({ id, error }: { id: string; error?: string }) {
  return error ? (
    <div className="error" id={`${id}-error`}>
      {error}
    </div>
  ) : null;
}

type FieldProps = {
  name: string;
  /** The form the field belongs to, on a page with several (its id becomes field-<scope>-<name>). */
  scope?: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /**
   * Replaces the "(optional)" mark, for a field whose need depends on another (e.g. "one of the
   * two"); `false` for a box nobody fills in (a read-only link to copy).
   */
  mark?: ReactNode;
  /** The label is read by screen readers only (the text around the field already says what it is). */
  hideLabel?: boolean;
  /** Ids of text outside the field that also describes it (read after the hint and the error). */
  alsoDescribedBy?: string;
  /**
   * "filter": one of a list's filters, side by side in a `.filters` form; a filter only narrows
   * the list, so none is required and none is marked "(optional)". "inline": the same, with the
   * label beside its control, in a one-line form.
   */
  layout?: "filter" | "inline";
  children: (props: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string; required?: boolean }) => ReactNode;
};

/** A labelled control with its hint and error announced together with it. */
export function Field({ name, scope, label, error, hint, required, mark, hideLabel, alsoDescribedBy, layout, children }: FieldProps) {
  const id = scopedId(name, scope);
  return (
    <div className={layout === "inline" ? "field field-inline" : "field"} data-invalid={error ? "" : undefined}>
      <label htmlFor={id} className={hideLabel ? "visually-hidden" : undefined}>
        {label}
        {mark !== undefined ? mark : layout ? null : <OptionalMark required={required} />}
      </label>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      {children({
        id,
        name,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy(id, hint, error, alsoDescribedBy),
        required,
      })}
    </div>
  );
}

/**
 * A labelled <select>: `placeholder` is a first option with the empty value ("any channel",
 * "choose…"), then `options`, then `groups` as <optgroup>s.
 */
export function SelectField({
  options = [],
  groups,
  placeholder,
  placeholderDisabled,
  defaultValue,
  disabled,
  selectRef,
  ...field
}: Omit<FieldProps, "children"> & {
  options?: readonly Option[];
  groups?: Array<{ label: string; options: Option[] }>;
  placeholder?: string;
  /** The placeholder only prompts: it cannot be chosen again once something is. */
  placeholderDisabled?: boolean;
  defaultValue?: string;
  disabled?: boolean;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  return (
    <Field {...field}>
      {(p) => (
        <select {...p} ref={selectRef} defaultValue={defaultValue ?? ""} disabled={disabled}>
          {placeholder !== undefined ? (
            <option value="" disabled={placeholderDisabled}>
              {placeholder}
            </option>
          ) : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {groups ? <GroupedOptions groups={groups} /> : null}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({
  name,
  scope,
  label,
  error,
  defaultChecked,
  hint,
  value,
}: {
  name: string;
  scope?: string;
  label: string;
  error?: string;
  defaultChecked?: boolean;
  hint?: ReactNode;
  /** What a ticked box sends; "on" as browsers do (React would send "" for an unset value it was given). */
  value?: string;
}) {
  const id = scopedId(name, scope);
  return (
    <div className="field" data-invalid={error ? "" : undefined}>
      <ErrorText id={id} error={error} />
      <div className="checkbox">
        <input
          type="checkbox"
          id={id}
          name={name}
          value={value ?? "on"}
          defaultChecked={defaultChecked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      <Hint id={id} hint={hint} />
    </div>
  );
}

/**
 * A group of controls as a fieldset: the legend names it, and its hint and error are announced
 * with the group. `id` is the group's; with `anchor` the fieldset itself carries it (and takes
 * focus from the error summary's link), otherwise a control inside does.
 */
export function FieldGroup({
  id,
  legend,
  required,
  hint,
  error,
  anchor,
  children,
}: {
  id: string;
  legend: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  anchor?: boolean;
  children: ReactNode;
}) {
  return (
    <fieldset
      className="field"
      id={anchor ? id : undefined}
      tabIndex={anchor ? -1 : undefined}
      data-invalid={error ? "" : undefined}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend>
        {legend}
        <OptionalMark required={required} />
      </legend>
      <Hint id={id} hint={hint} />
      <ErrorText id={id} error={error} />
      {children}
    </fieldset>
  );
}

/** A choice; `hint` (radios and checkbox groups) is read with its label. */
export type Option = { value: string; label: string; hint?: string };

/** The label of one radio or checkbox of a group, with its own hint after it. */
function OptionLabel({ id, option }: { id: string; option: Option }) {
  return (
    <label htmlFor={id}>
      {option.label}
      {option.hint ? (
        <span className="muted" id={`${id}-hint`}>
          {" "}
          — {option.hint}
        </span>
      ) : null}
    </label>
  );
}

function optionId(id: string, value: string): string {
  return `${id}-${value.replace(/[^a-zA-Z0-9_-]/g, "-") || "none"}`;
}

/** Radios in a fieldset; the first radio carries the field's id so the error summary can link to it. */
export function RadioGroup({
  name,
  scope,
  legend,
  options,
  value,
  error,
  hint,
  required,
  nativeRequired = required,
  onChange,
  rowClassName = "radio-row",
}: {
  name: string;
  scope?: string;
  legend: string;
  options: Option[];
  /** The option checked at first (what was typed, or a default). */
  value?: string;
  error?: string;
  hint?: ReactNode;
  required?: boolean;
  /** Whether each radio carries the browser's `required`; forms that only the server checks leave it off. */
  nativeRequired?: boolean;
  onChange?: (value: string) => void;
  /** The class of the radios' row (a page may lay its radios out its own way). */
  rowClassName?: string;
}) {
  const id = scopedId(name, scope);
  return (
    <FieldGroup id={id} legend={legend} required={required} hint={hint} error={error}>
      <div className={rowClassName}>
        {options.map((option, i) => {
          const ownId = i === 0 ? id : optionId(id, option.value);
          return (
            <div className="checkbox" key={option.value}>
              <input
                type="radio"
                id={ownId}
                name={name}
                value={option.value}
                defaultChecked={(value ?? "") === option.value}
                required={nativeRequired}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.hint ? `${ownId}-hint` : undefined}
                onChange={onChange ? () => onChange(option.value) : undefined}
              />
              <OptionLabel id={ownId} option={option} />
            </div>
          );
        })}
      </div>
    </FieldGroup>
  );
}

/**
 * Checkboxes in a fieldset, any number ticked (`selected`); each sends `name` with its value. The
 * fieldset carries the field's id, so the error summary's link focuses the group.
 */
export function CheckboxGroup({
  name,
  scope,
  legend,
  options,
  selected,
  error,
  hint,
  required,
}: {
  name: string;
  scope?: string;
  legend: ReactNode;
  options: Option[];
  selected: readonly string[];
  error?: string;
  hint?: ReactNode;
  required?: boolean;
}) {
  const id = scopedId(name, scope);
  return (
    <FieldGroup id={id} legend={legend} required={required} hint={hint} error={error} anchor>
      <div className="checkbox-row">
        {options.map((option) => {
          const ownId = optionId(id, option.value);
          return (
            <div className="checkbox" key={option.value}>
              <input
                type="checkbox"
                id={ownId}
                name={name}
                value={option.value}
                defaultChecked={selected.includes(option.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={option.hint ? `${ownId}-hint` : undefined}
              />
              <OptionLabel id={ownId} option={option} />
            </div>
          );
        })}
      </div>
    </FieldGroup>
  );
}

// ------------------------------------------------------------- several forms on one page

/** What the action answered for the form that was submitted: its field errors and typed values. */
export type FormState = { errors: Record<string, string>; values: Record<string, string>; formError?: string };

/** A form that posts its `intent`; its error summary links to the fields scoped by that intent. */
/** Asks once in a dialog when the form's "confirm" box is not ticked; ticks it on yes, stops the submission on no. */
export function confirmBeforeSubmit(event: FormEvent<HTMLFormElement>, message: string) {
  const box = event.currentTarget.elements.namedItem("confirm");
  if (!(box instanceof HTMLInputElement) || box.checked) return;
  if (window.confirm(message)) box.checked = true;
  else event.preventDefault();
}

export function IntentForm({
  intent,
  titleId,
  state,
  submitLabel,
  labels,
  children,
  className,
  action,
  hidden,
  multipart,
  busy,
  confirmMessage,
  FormComponent = Form,
}: {
  intent: string;
  /** The id of the heading that names this form. */
  titleId: string;
  state?: FormState;
  submitLabel: string;
  /** Field name → label, for the error summary's links. */
  labels?: Record<string, string>;
  children?: ReactNode;
  className?: string;
  action?: string;
  hidden?: Record<string, string>;
  multipart?: boolean;
  /** Whether it is being sent, when not by a page navigation (a fetcher's form). */
  busy?: boolean;
  /**
   * An irreversible action: when its "confirm" checkbox is not ticked, the browser asks with this
   * message and ticks it on yes (without JavaScript the server asks for the box instead).
   */
  confirmMessage?: string;
  FormComponent?: typeof Form;
}) {
  const t = useT();
  const navigation = useNavigation();
  const submitting = busy ?? (navigation.state === "submitting" && navigation.formData?.get("intent") === intent);
  // Memoised: the summary takes focus whenever its errors change, not on every render.
  const errors = state?.errors;
  const summary = useMemo(() => prefixed(intent, errors), [intent, errors]);
  return (
    <FormComponent
      method="post"
      action={action}
      className={className ? `form ${className}` : "form"}
      noValidate
      encType={multipart ? "multipart/form-data" : undefined}
      aria-labelledby={titleId}
      data-intent={intent}
      onSubmit={confirmMessage ? (event) => confirmBeforeSubmit(event, confirmMessage) : undefined}
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state?.formError ? <FormError message={state.formError} /> : null}
      <ErrorSummary errors={summary} labels={prefixed(intent, labels)} />
      {children}
      <div>
        <button type="submit" className="primary" disabled={submitting} aria-disabled={submitting || undefined}>
          {submitting ? t("common.working") : submitLabel}
        </button>
      </div>
    </FormComponent>
  );
}

function prefixed(intent: string, record: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record ?? {})) out[`${intent}-${name}`] = value;
  return out;
}

/**
 * A control of an IntentForm: `form` is the form's intent. Its error and typed value come from
 * `state`. Required controls say so with aria-required only: these forms are checked on the
 * server (noValidate), never by the browser's own bubbles.
 */
type IntentFieldProps = { form: string; name: string; label: string; state?: FormState; required?: boolean; hint?: ReactNode };

function IntentField({ form, name, label, state, required, hint, children }: IntentFieldProps & { children: FieldProps["children"] }) {
  return (
    <Field name={name} scope={form} label={label} error={state?.errors[name]} required={required} hint={hint}>
      {children}
    </Field>
  );
}

export function IntentTextArea({ rows = 5, defaultValue, ...props }: IntentFieldProps & { rows?: number; defaultValue?: string }) {
  const { name, state, required } = props;
  return (
    <IntentField {...props}>
      {(p) => (
        <textarea
          {...p}
          rows={rows}
          defaultValue={state?.values[name] ?? defaultValue ?? ""}
          aria-required={required || undefined}
          required={undefined}
        />
      )}
    </IntentField>
  );
}

export function IntentTextInput({
  type = "text",
  defaultValue,
  ...props
}: IntentFieldProps & { type?: "text" | "date"; defaultValue?: string }) {
  const { name, state, required } = props;
  return (
    <IntentField {...props}>
      {(p) => (
        <input
          {...p}
          type={type}
          defaultValue={state?.values[name] ?? defaultValue ?? ""}
          aria-required={required || undefined}
          required={undefined}
        />
      )}
    </IntentField>
  );
}

export function IntentFileInput({ accept, ...props }: IntentFieldProps & { accept: string }) {
  const { required } = props;
  return (
    <IntentField {...props}>
      {(p) => <input {...p} type="file" multiple accept={accept} aria-required={required || undefined} required={undefined} />}
    </IntentField>
  );
}

export function IntentSelect({
  groups,
  placeholder,
  defaultValue,
  ...props
}: IntentFieldProps & {
  groups: Array<{ label: string; options: Option[] }>;
  placeholder: string;
  defaultValue?: string;
}) {
  const { name, state, required } = props;
  return (
    <IntentField {...props}>
      {(p) => (
        <select {...p} defaultValue={state?.values[name] ?? defaultValue ?? ""} aria-required={required || undefined} required={undefined}>
          <option value="">{placeholder}</option>
          <GroupedOptions groups={groups} />
        </select>
      )}
    </IntentField>
  );
}

/** Radios; `defaultValue` is checked until the form comes back with what was chosen. */
export function IntentRadioGroup({
  form,
  name,
  label,
  state,
  required,
  hint,
  options,
  defaultValue,
}: IntentFieldProps & { options: Option[]; defaultValue?: string }) {
  return (
    <RadioGroup
      name={name}
      scope={form}
      legend={label}
      options={options}
      value={state ? (state.values[name] ?? "") : (defaultValue ?? "")}
      error={state?.errors[name]}
      hint={hint}
      required={required}
      nativeRequired={false}
    />
  );
}

export function IntentCheckbox({ form, name, label, state, hint }: Omit<IntentFieldProps, "required">) {
  return (
    <CheckboxField
      name={name}
      scope={form}
      label={label}
      error={state?.errors[name]}
      defaultChecked={state?.values[name] === "on"}
      hint={hint}
    />
  );
}

/** <optgroup>s of <option>s, e.g. staff grouped by team. */
export function GroupedOptions({ groups }: { groups: Array<{ label: string; options: Array<{ value: string; label: string }> }> }) {
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g.label} label={g.label}>
          {g.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
