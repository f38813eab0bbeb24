// The fields both intake forms share (public inquiry and staff "log a contact"), built on the
// accessible Field pieces of ~/ui/form: every control labelled, hints and errors tied to it.
import type { RefObject } from "react";
import { useT } from "~/i18n/use-t";
import type { Translate } from "~/i18n/i18n";
import { Field, RadioGroup } from "~/ui/form";
import { CONTACT_OPTIONS, FILE_ACCEPT, FILE_FIELD, INTAKE_CATEGORIES } from "./options";

type Errors = Record<string, string | undefined>;
type Values = Record<string, string | undefined>;

/** Field name → label, for the error summary's links. */
export function intakeLabels(t: Translate, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: t("intake.name"),
    email: t("intake.email"),
    phone: t("intake.phone"),
    preferredContact: t("intake.preferredContact"),
    category: t("intake.category"),
    subject: t("intake.subject"),
    body: t("intake.body"),
    requestedReplyBy: t("intake.requestedReplyBy"),
    [FILE_FIELD]: t("intake.files"),
    ...overrides,
  };
}

/** Name, email, phone and the preferred way to answer. */
export function CustomerFields({ errors, values, contactHint }: { errors: Errors; values: Values; contactHint: string }) {
  const t = useT();
  return (
    <>
      <Field name="name" label={t("intake.name")} error={errors.name} required>
        {(p) => <input {...p} type="text" autoComplete="name" maxLength={100} defaultValue={values.name ?? ""} />}
      </Field>
      <p className="hint muted" id="contact-hint">
        {contactHint}
      </p>
      <Field name="email" label={t("intake.email")} error={errors.email} alsoDescribedBy="contact-hint">
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
      <Field name="phone" label={t("intake.phone")} error={errors.phone} alsoDescribedBy="contact-hint">
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
        options={[
          { value: "", label: t("intake.preferredNone") },
          ...CONTACT_OPTIONS.map((c) => ({ value: c, label: t(`contact.${c}`) })),
        ]}
      />
    </>
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
        {(p) => <input {...p} type="text" maxLength={200} defaultValue={values.subject ?? ""} />}
      </Field>
      <Field name="body" label={bodyLabel} error={errors.body} hint={bodyHint} required>
        {(p) => <textarea {...p} rows={8} maxLength={20_000} defaultValue={values.body ?? ""} />}
      </Field>
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
