// /desk/macros — canned replies (상용구): team leads keep their team's, administrators every
// team's and the shared ones; everyone else reads them here and uses them on the ticket page.
// Bad input comes back with what was typed and the reason beside the field, in words.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { deleteMacro, keepsMacros, listMacros, macroTeams, saveMacro } from "~/desk/macros/macros.server";
import { MACRO_VARIABLES } from "~/desk/macros/render";
import { macroSchema } from "~/desk/macros/schema";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { CONFIRM_FIELD, confirmed } from "~/tickets/confirm";
import { DeskError } from "~/core/errors";
import { CheckboxField, confirmBeforeSubmit, ErrorSummary, Field } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { pageTitle } from "~/ui/page-title";
import { errorsByField } from "~/ui/form-errors.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "workspace.macros.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const [macros, teams] = await Promise.all([listMacros(user), user.role === "admin" ? macroTeams() : Promise.resolve([])]);
  return { macros, teams, keeps: keepsMacros(user), myTeamId: user.teamId, admin: user.role === "admin" };
}

/** Which form answered: "new" or the id of the macro edited. */
type ActionData = { form: string; errors: Record<string, string>; values: Record<string, string> };

// Deleting cannot be undone: the "확인했습니다" box is required (the browser also asks, with JavaScript).
const deleteSchema = z.object({ id: z.string().max(36), [CONFIRM_FIELD]: confirmed });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const values = textValues(form);
  const id = (values.id ?? "").slice(0, 36);
  const which = values.intent === "delete" ? `delete-${id}` : id || "new";
  try {
    if (values.intent === "delete") {
      const parsed = parseForm(deleteSchema, form, lang);
      if (!parsed.ok) return data<ActionData>({ form: which, errors: parsed.errors, values: parsed.values }, { status: 422 });
      await deleteMacro(request, user, parsed.data.id);
      return redirect("/desk/macros?done=deleted", { status: 303 });
    }
    const parsed = parseForm(macroSchema, form, lang);
    if (!parsed.ok) return data<ActionData>({ form: which, errors: parsed.errors, values: parsed.values }, { status: 422 });
    // A lead's macros are always their own team's; only administrators choose (or share with every team).
    const teamId = user.role === "admin" ? parsed.data.team || null : user.teamId;
    await saveMacro(request, user, { id: values.id || undefined, teamId, title: parsed.data.title, body: parsed.data.body });
    return redirect(`/desk/macros?done=${values.id ? "saved" : "created"}`, { status: 303 });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ form: which, errors, values }, { status: error.status });
  }
}

const DONE = ["created", "saved", "deleted"] as const;

export default function Macros() {
  const t = useT();
  const { macros, teams, keeps, myTeamId, admin } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const busy = useNavigation().state === "submitting";
  const stateOf = (form: string) => (result && result.form === form ? result : undefined);
  return (
    <section aria-labelledby="macros-title" className="macros-page">
      <h1 id="macros-title">{t("workspace.macros.title")}</h1>
      <p>{keeps ? t("workspace.macros.introKeeper") : t("workspace.macros.introReader")}</p>
      {(DONE as readonly string[]).includes(done ?? "") ? (
        <p role="status" className="notice">
          {t.dynamic(`workspace.macros.done.${done}`)}
        </p>
      ) : null}
      <VariableHelp />

      {keeps ? (
        <section aria-labelledby="macro-new-title" className="panel">
          <h2 id="macro-new-title">{t("workspace.macros.new")}</h2>
          <MacroForm
            scope="new"
            state={stateOf("new")}
            teams={teams}
            admin={admin}
            defaults={{ title: "", body: "", team: myTeamId ?? "" }}
            busy={busy}
            submitLabel={t("workspace.macros.create")}
          />
        </section>
      ) : null}

      <h2>{t("workspace.macros.list")}</h2>
      {macros.length === 0 ? (
        <p className="muted">{t("workspace.macros.none")}</p>
      ) : (
        <ul className="plain-list macro-list">
          {macros.map((m) => (
            <li key={m.id} className="panel">
              <h3 id={`macro-${m.id}-title`}>{m.title}</h3>
              <p className="muted">
                {m.teamName ? t("workspace.macros.teamOf", { team: m.teamName }) : t("workspace.macros.shared")} ·{" "}
                {t("workspace.macros.updated", { at: formatKst(m.updatedAt) })}
              </p>
              <div className="pre">{m.body}</div>
              {m.manageable ? (
                <>
                  <details open={!!stateOf(m.id) || undefined}>
                    <summary>{t("workspace.macros.edit", { title: m.title })}</summary>
                    <MacroForm
                      scope={m.id}
                      id={m.id}
                      state={stateOf(m.id)}
                      teams={teams}
                      admin={admin}
                      defaults={{ title: m.title, body: m.body, team: m.teamId ?? "" }}
                      busy={busy}
                      submitLabel={t("workspace.macros.save")}
                    />
                  </details>
                  <Form
                    method="post"
                    className="form inline-form"
                    noValidate
                    aria-label={t("workspace.macros.deleteNamed", { title: m.title })}
                    onSubmit={(event) => confirmBeforeSubmit(event, t("workspace.macros.deleteDialog", { title: m.title }))}
                  >
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={m.id} />
                    {stateOf(`delete-${m.id}`)?.errors._ ? (
                      <p className="error-summary" role="alert">
                        {stateOf(`delete-${m.id}`)?.errors._}
                      </p>
                    ) : null}
                    <CheckboxField
                      name={CONFIRM_FIELD}
                      scope={`delete-${m.id}`}
                      label={t("confirm.label")}
                      hint={t("workspace.macros.deleteHint")}
                      error={stateOf(`delete-${m.id}`)?.errors.confirm}
                    />
                    <button type="submit" className="secondary" disabled={busy}>
                      {t("workspace.macros.delete")}
                    </button>
                  </Form>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/desk">{t("desk.ticket.backToQueues")}</Link>
      </p>
    </section>
  );
}

function VariableHelp() {
  const t = useT();
  return (
    <section aria-labelledby="macro-vars-title" className="panel">
      <h2 id="macro-vars-title">{t("workspace.macros.variables")}</h2>
      <p className="muted">{t("workspace.macros.variablesHint")}</p>
      <dl className="facts">
        {(Object.keys(MACRO_VARIABLES) as Array<keyof typeof MACRO_VARIABLES>).map((key) => (
          <div key={key}>
            <dt>
              <code>{`{${MACRO_VARIABLES[key][0]}}`}</code>
            </dt>
            <dd>{t(`workspace.macros.var.${key}`)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function MacroForm({
  scope,
  id,
  state,
  teams,
  admin,
  defaults,
  busy,
  submitLabel,
}: {
  scope: string;
  id?: string;
  state: ActionData | undefined;
  teams: Array<{ id: string; name: string }>;
  admin: boolean;
  defaults: { title: string; body: string; team: string };
  busy: boolean;
  submitLabel: string;
}) {
  const t = useT();
  const errors = state?.errors ?? {};
  const values = state?.values ?? {};
  const labels = {
    title: t("workspace.macros.field.title"),
    body: t("workspace.macros.field.body"),
    team: t("workspace.macros.field.team"),
  };
  const scoped = (record: Record<string, string>) =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k === "_" ? k : `${scope}-${k}`, v]));
  return (
    <Form method="post" className="form" noValidate>
      <input type="hidden" name="intent" value="save" />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      {errors._ ? (
        <p className="error-summary" role="alert">
          {errors._}
        </p>
      ) : null}
      <ErrorSummary errors={scoped(Object.fromEntries(Object.entries(errors).filter(([k]) => k !== "_")))} labels={scoped(labels)} />
      {admin ? (
        <Field name="team" scope={scope} label={labels.team} error={errors.team}>
          {(p) => (
            <select {...p} defaultValue={values.team ?? defaults.team}>
              <option value="">{t("workspace.macros.shared")}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field name="title" scope={scope} label={labels.title} error={errors.title} required>
        {(p) => <input {...p} type="text" maxLength={60} defaultValue={values.title ?? defaults.title} />}
      </Field>
      <Field name="body" scope={scope} label={labels.body} error={errors.body} hint={t("workspace.macros.field.bodyHint")} required>
        {(p) => <textarea {...p} rows={8} defaultValue={values.body ?? defaults.body} />}
      </Field>
      <div>
        <button type="submit" className="primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
