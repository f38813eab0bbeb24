// The form that saves the queue's current filters and sort as a named view (on the queue page,
// and again on /desk/views with what was typed when saving went wrong).
import { Form } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, Field } from "~/ui/form";

export const VIEW_NAME_MAX = 40;

/** Which form answered: "new" (saving) or the id of the view renamed; its errors and what was typed. */
export type ViewFormState = { form: string; errors: Record<string, string>; values: Record<string, string> };

/** Saves the queue's current filters and sort (`query`) under a name; used by the queue page too. */
export function SaveViewForm({ query, state, busy }: { query: string; state?: ViewFormState; busy: boolean }) {
  const t = useT();
  const label = t("workspace.views.name");
  return (
    <Form method="post" action="/desk/views" className="form inline-form save-view-form" noValidate aria-label={t("workspace.views.save")}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="query" value={query} />
      {state?.errors._ ? (
        <p className="error-summary" role="alert">
          {state.errors._}
        </p>
      ) : null}
      <ErrorSummary errors={state?.errors.name ? { "view-new-name": state.errors.name } : undefined} labels={{ "view-new-name": label }} />
      <Field name="name" scope="view-new" label={label} error={state?.errors.name} hint={t("workspace.views.nameHint")} required>
        {(p) => <input {...p} type="text" maxLength={VIEW_NAME_MAX} defaultValue={state?.values.name ?? ""} />}
      </Field>
      <button type="submit" className="secondary" disabled={busy}>
        {t("workspace.views.saveSubmit")}
      </button>
    </Form>
  );
}
