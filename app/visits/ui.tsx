// The fields of a visit booking, shared by the public page and the desk's form: when, what help
// (one checkbox each, "other" with its text), who, and how to reach them for the confirmation.
import { VISIT_HELP, type VisitHelp } from "~/db/schema";
import { useT } from "~/i18n/use-t";
import { CheckboxField, Field, FieldGroup, fieldId } from "~/ui/form";
import { helpField } from "./schemas";

type Errors = Record<string, string | undefined>;
type Values = Record<string, string | undefined>;

export function visitLabels(t: (key: string) => string): Record<string, string> {
  return {
    visitAt: t("visit.field.visitAt"),
    help: t("visit.field.help"),
    helpOther: t("visit.field.helpOther"),
    name: t("visit.field.name"),
    email: t("visit.field.email"),
    phone: t("visit.field.phone"),
    visiting: t("visit.field.visiting"),
    staffId: t("visit.field.staffId"),
    department: t("visit.field.department"),
    channel: t("visit.field.channel"),
    privacyConsent: t("consent.legend"),
  };
}

export function VisitFields({ errors, values }: { errors: Errors; values: Values }) {
  const t = useT();
  return (
    <>
      <Field name="visitAt" label={t("visit.field.visitAt")} hint={t("visit.field.visitAtHint")} error={errors.visitAt} required>
        {(p) => <input {...p} type="datetime-local" defaultValue={values.visitAt ?? ""} />}
      </Field>
      <FieldGroup id={fieldId("help")} legend={t("visit.field.help")} hint={t("visit.field.helpHint")} error={errors.help} required anchor>
        {VISIT_HELP.map((h: VisitHelp) => (
          <CheckboxField key={h} name={helpField(h)} label={t(`visit.help.${h}`)} defaultChecked={values[helpField(h)] === "on"} />
        ))}
      </FieldGroup>
      <Field name="helpOther" label={t("visit.field.helpOther")} error={errors.helpOther}>
        {(p) => <input {...p} type="text" maxLength={200} defaultValue={values.helpOther ?? ""} />}
      </Field>
      <Field name="name" label={t("visit.field.name")} error={errors.name} required>
        {(p) => <input {...p} type="text" maxLength={100} autoComplete="name" defaultValue={values.name ?? ""} />}
      </Field>
      <p className="muted" id="visit-contact-hint">
        {t("visit.field.contactHint")}
      </p>
      <Field name="email" label={t("visit.field.email")} error={errors.email} alsoDescribedBy="visit-contact-hint">
        {(p) => <input {...p} type="email" maxLength={254} autoComplete="email" defaultValue={values.email ?? ""} />}
      </Field>
      <Field name="phone" label={t("visit.field.phone")} error={errors.phone} alsoDescribedBy="visit-contact-hint">
        {(p) => <input {...p} type="tel" maxLength={30} autoComplete="tel" defaultValue={values.phone ?? ""} />}
      </Field>
    </>
  );
}

/** The help of a visit in words, for lists. */
export function helpText(t: (key: string) => string, help: string[], other: string | null): string {
  return help.map((h) => (h === "other" && other ? `${t("visit.help.other")} (${other})` : t(`visit.help.${h}`))).join(", ");
}
