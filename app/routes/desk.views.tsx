// /desk/views — a staff member's saved queue views: saved from the queue's current filters and
// sort, renamed or deleted here. Bad input comes back with what was typed, the reason beside it.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { SaveViewForm, VIEW_NAME_MAX, type ViewFormState as ActionData } from "~/desk/saved-views";
import { deleteView, listViews, renameView, saveView } from "~/desk/saved-views.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { DeskError } from "~/core/errors";
import { Field } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { pageTitle } from "~/ui/page-title";
import { maskedText, optionalText } from "~/core/validation";
import { errorsByField } from "~/ui/form-errors.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "workspace.views.title");

const saveSchema = z.object({ name: maskedText(VIEW_NAME_MAX), query: optionalText(600) });
const renameSchema = z.object({ id: z.string().max(36), name: maskedText(VIEW_NAME_MAX) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return { views: await listViews(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const values = textValues(form);
  const which = values.intent === "rename" ? (values.id ?? "").slice(0, 36) : "new";
  try {
    if (values.intent === "delete") {
      await deleteView(user, (values.id ?? "").slice(0, 36));
      return redirect("/desk/views?done=deleted", { status: 303 });
    }
    if (values.intent === "rename") {
      const parsed = parseForm(renameSchema, form, lang);
      if (!parsed.ok) return data<ActionData>({ form: which, errors: parsed.errors, values: parsed.values }, { status: 422 });
      await renameView(user, parsed.data.id, parsed.data.name);
      return redirect("/desk/views?done=renamed", { status: 303 });
    }
    const parsed = parseForm(saveSchema, form, lang);
    if (!parsed.ok) return data<ActionData>({ form: which, errors: parsed.errors, values: parsed.values }, { status: 422 });
    const view = await saveView(user, { name: parsed.data.name, query: parsed.data.query ?? "" });
    return redirect(`${view.href}&saved=1`, { status: 303 });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ form: which, errors, values }, { status: error.status });
  }
}

const DONE = ["renamed", "deleted"] as const;

export default function SavedViews() {
  const t = useT();
  const { views } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const busy = useNavigation().state === "submitting";
  const stateOf = (form: string) => (result && result.form === form ? result : undefined);
  const saving = stateOf("new");
  return (
    <section aria-labelledby="views-title">
      <h1 id="views-title">{t("workspace.views.title")}</h1>
      <p>{t("workspace.views.intro")}</p>
      {(DONE as readonly string[]).includes(done ?? "") ? (
        <p role="status" className="notice">
          {t.dynamic(`workspace.views.done.${done}`)}
        </p>
      ) : null}
      {saving ? (
        // Saving from the queue went wrong: the same form again, with what was typed.
        <section aria-labelledby="view-save-title" className="panel">
          <h2 id="view-save-title">{t("workspace.views.save")}</h2>
          <SaveViewForm query={saving.values.query ?? ""} state={saving} busy={busy} />
        </section>
      ) : null}
      {views.length === 0 ? (
        <p className="muted">{t("workspace.views.none")}</p>
      ) : (
        <ul className="plain-list">
          {views.map((v) => {
            const state = stateOf(v.id);
            return (
              <li key={v.id} className="panel">
                <h2 id={`view-${v.id}-title`}>
                  <Link to={v.href}>{v.name}</Link>
                </h2>
                <Form method="post" className="form inline-form" noValidate aria-labelledby={`view-${v.id}-title`}>
                  <input type="hidden" name="intent" value="rename" />
                  <input type="hidden" name="id" value={v.id} />
                  {state?.errors._ ? (
                    <p className="error-summary" role="alert">
                      {state.errors._}
                    </p>
                  ) : null}
                  <Field
                    name="name"
                    scope={`view-${v.id}`}
                    label={t("workspace.views.newName", { name: v.name })}
                    error={state?.errors.name}
                    required
                  >
                    {(p) => <input {...p} type="text" maxLength={VIEW_NAME_MAX} defaultValue={state?.values.name ?? v.name} />}
                  </Field>
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("workspace.views.rename")}
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={v.id} />
                  <button
                    type="submit"
                    className="secondary"
                    disabled={busy}
                    aria-label={t("workspace.views.deleteNamed", { name: v.name })}
                  >
                    {t("workspace.views.delete")}
                  </button>
                </Form>
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <Link to="/desk">{t("desk.ticket.backToQueues")}</Link>
      </p>
    </section>
  );
}
