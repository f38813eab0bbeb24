// The fields both intake forms share (public inquiry and staff "log a contact"), built on the
// accessible Field pieces of ~/ui/form: every control labelled, hints and errors tied to it.
import { useEffect, useState, type RefObject } from "react";
import { useT } from "~/i18n/use-t";
import type { Translate } from "~/i18n/i18n";
import { Field, RadioGroup } from "~/ui/form";
import { CONTACT_OPTIONS, FILE_ACCEPT, FILE_FIELD, INTAKE_CATEGORIES } from "./options";

/** The limits of the intake schema (app/tickets/schemas.ts): no maxLength on these inputs, which
 * would cut pasted text silently; the server refuses with the limit and the length instead. */
export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

type Errors = Record<string, string | undefined>;
type Values = Record<string, string | undefined>;

/** Field name → label, for the error summary's links. */
export function intakeLabels(t: Translate, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: t("intake.name"),
    email: t("intake.email"),
    phone: t("intake.phone"),
    preferredContact: t("intake.preferredContact"),
    postalAddress: t("intake.postalAddress"),
    privacyConsent: t("consent.legend"),
    category: t("intake.category"),
    subject: t("intake.subject"),
    body: t("intake.body"),
    requestedReplyBy: t("intake.requestedReplyBy"),
    [FILE_FIELD]: t("intake.files"),
    ...overrides,
  };
}

/** Which contact field the chosen reply method makes required ("either": one of email or phone). */
export function contactNeed(preferred: string | undefined): {
  email: "required" | "optional" | "either";
  phone: "required" | "optional" | "either";
  address: boolean;
} {
  if (preferred === "email") return { email: "required", phone: "optional", address: false };
  if (preferred === "sms" || preferred === "phone") return { email: "optional", phone: "required", address: false };
  return { email: "either", phone: "either", address: preferred === "mail" };
}

/**
 * Name, email, phone, the preferred way to answer and, for 우편, the postal address. The email and
 * phone labels say which one is needed: the one the chosen reply method uses, else "one of the
 * two" (issue 21: never both "(선택)"). Without JavaScript the labels follow what was sent.
 */
export function CustomerFields({ errors, values, contactHint }: { errors: Errors; values: Values; contactHint: string }) {
  const t = useT();
  const [preferred, setPreferred] = useState(values.preferredContact ?? "");
  useEffect(() => setPreferred(values.preferredContact ?? ""), [values.preferredContact]);
  const need = contactNeed(preferred);
  const mark = (n: "required" | "optional" | "either") =>
    n === "either" ? (
      <span className="muted"> ({t("intake.eitherRequired")})</span>
    ) : n === "required" ? (
      <span className="muted"> ({t("intake.requiredMark")})</span>
    ) : undefined;
  const showAddress = need.address || Boolean(values.postalAddress) || Boolean(errors.postalAddress);
  return (
    <>
      <Field name="name" label={t("intake.name")} error={errors.name} required>
        {(p) => <input {...p} type="text" autoComplete="name" maxLength={100} defaultValue={values.name ?? ""} />}
      </Field>
      <p className="hint muted" id="contact-hint">
        {contactHint}
      </p>
      <Field
        name="email"
        label={t("intake.email")}
        error={errors.email}
        required={need.email === "required"}
        mark={mark(need.email)}
        alsoDescribedBy="contact-hint"
      >
        {(p) => (
          <input
            {...p}
            type="email"
            autoComplete="email"
            inputMode="email"
            maxLength={254}
            placeholder="hong@example.com"
            defaultValue={values.email ?? ""}
          />
        )}
      </Field>
      <Field
        name="phone"
        label={t("intake.phone")}
        error={errors.phone}
        required={need.phone === "required"}
        mark={mark(need.phone)}
        alsoDescribedBy="contact-hint"
      >
        {(p) => (
          <input
            {...p}
            type="tel"
            autoComplete="tel"
            inputMode="tel"
            maxLength={30}
            placeholder="010-1234-5678"
            defaultValue={values.phone ?? ""}
          />
        )}
      </Field>
      <RadioGroup
        name="preferredContact"
        legend={t("intake.preferredContact")}
        value={values.preferredContact}
        error={errors.preferredContact}
        onChange={setPreferred}
        options={[{ value: "", label: t("intake.preferredNone") }, ...CONTACT_OPTIONS.map((c) => ({ value: c, label: t(`contact.${c}`) }))]}
      />
      {/* Shown when 우편 is chosen; without JavaScript always there (its hint says when it is needed). */}
      <PostalAddressField
        error={errors.postalAddress}
        value={values.postalAddress}
        required={need.address}
        hiddenWhenScripted={!showAddress}
      />
    </>
  );
}

function PostalAddressField({
  error,
  value,
  required,
  hiddenWhenScripted,
}: {
  error?: string;
  value?: string;
  required: boolean;
  hiddenWhenScripted: boolean;
}) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div hidden={hydrated && hiddenWhenScripted}>
      <Field
        name="postalAddress"
        label={t("intake.postalAddress")}
        hint={t("intake.postalAddressHint")}
        error={error}
        required={required}
        mark={
          required ? (
            <span className="muted"> ({t("intake.requiredMark")})</span>
          ) : (
            <span className="muted"> ({t("intake.postalAddressWhen")})</span>
          )
        }
      >
        {(p) => <textarea {...p} rows={2} autoComplete="street-address" defaultValue={value ?? ""} />}
      </Field>
    </div>
  );
}

/**
 * The characters typed against the limit, live once scripted (issue 21: the server refuses an
 * over-long text with the limit and the length; this lets the person see it coming). Polite and
 * only announced near or over the limit, so a screen reader is not told every keystroke.
 */
export function CharCounter({ id, max, initial }: { id: string; max: number; initial: string }) {
  const t = useT();
  const [length, setLength] = useState(initial.length);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    setHydrated(true);
    const input = document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null;
    if (!input) return;
    const update = () => setLength(input.value.trim().length);
    update();
    input.addEventListener("input", update);
    return () => input.removeEventListener("input", update);
  }, [id]);
  if (!hydrated) return null;
  const over = length > max;
  const near = length > max * 0.9;
  return (
    <div className={`char-counter${over ? " over" : ""}`} id={`${id}-counter`} aria-live={near ? "polite" : "off"}>
      {over ? t("intake.counterOver", { length, max, over: length - max }) : t("intake.counter", { length, max })}
    </div>
  );
}

/** Category, subject, message and the requested reply date. */
export function InquiryFields({
  errors,
  values,
  bodyLabel,
  bodyHint,
  requestedHint,
  requestedMin,
  requestedDates,
}: {
  errors: Errors;
  values: Values;
  bodyLabel: string;
  bodyHint: string;
  requestedHint: string;
  requestedMin?: string;
  /** The dates the desk can keep, in words: offered as a list instead of a free date. */
  requestedDates?: Array<{ value: string; label: string }>;
}) {
  const t = useT();
  return (
    <>
      <Field name="category" label={t("intake.category")} error={errors.category} required>
        {(p) => (
          <select {...p} defaultValue={values.category || "general"}>
            {INTAKE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="subject" label={t("intake.subject")} error={errors.subject} required>
        {(p) => <input {...p} type="text" defaultValue={values.subject ?? ""} />}
      </Field>
      <CharCounter id="field-subject" max={SUBJECT_MAX} initial={values.subject ?? ""} />
      <Field name="body" label={bodyLabel} error={errors.body} hint={bodyHint} required>
        {(p) => <textarea {...p} rows={8} defaultValue={values.body ?? ""} />}
      </Field>
      <CharCounter id="field-body" max={BODY_MAX} initial={values.body ?? ""} />
      <Field name="requestedReplyBy" label={t("intake.requestedReplyBy")} error={errors.requestedReplyBy} hint={requestedHint}>
        {(p) =>
          requestedDates ? (
            <select {...p} defaultValue={values.requestedReplyBy ?? ""}>
              <option value="">{t("intake.requestedReplyByNone")}</option>
              {requestedDates.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          ) : (
            <input {...p} type="date" min={requestedMin} max="2099-12-31" defaultValue={values.requestedReplyBy ?? ""} />
          )
        }
      </Field>
    </>
  );
}

/** The multiple-file input; after a failed submission it says that files must be chosen again. */
export function AttachmentsField({
  label,
  error,
  filesDropped,
  inputRef,
}: {
  label: string;
  error?: string;
  filesDropped?: boolean;
  inputRef: RefObject<HTMLInputElement>;
}) {
  const t = useT();
  const hint = (
    <>
      {t("intake.filesHint")}
      {filesDropped ? <strong className="files-again"> {t("intake.filesAgain")}</strong> : null}
    </>
  );
  return (
    <Field name={FILE_FIELD} label={label} error={error} hint={hint}>
      {(p) => <input {...p} ref={inputRef} type="file" multiple accept={FILE_ACCEPT} />}
    </Field>
  );
}
