// /admin/users — staff accounts: add a person (a temporary password shown once, to be changed at
// the first login), change role and team, deactivate or reactivate, reset a password. Managers may
// look; only administrators change anything, and the desk always keeps an active administrator.
import { type MetaFunction, data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConfirmedRowAction } from "~/admin/row-action";
import { STAFF_ROLES } from "~/db/schema";
import { requireStaff } from "~/auth/session.server";
import { translateDynamic } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { clientIp } from "~/security/client-ip.server";
import { createStaffByAdmin, listStaffForAdmin, listTeams, resetPasswordByAdmin, updateStaffByAdmin } from "~/staff/staff-admin.server";
import { choice, fieldErrors, requiredText } from "~/core/validation";
import { useAdminCanEdit } from "./admin";
import { ErrorSummary, Field, SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminUsers");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  const [people, teams] = await Promise.all([listStaffForAdmin(), listTeams()]);
  return {
    people: people.map((p) => ({ ...p, createdAt: formatKst(p.createdAt) })),
    teams,
    roles: STAFF_ROLES,
  };
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const teamField = z.union([z.literal(""), uuid]).transform((v) => (v === "" ? null : v));
const createSchema = z.object({
  intent: z.literal("create"),
  name: requiredText(100),
  email: requiredText(254).pipe(z.email({ error: "error.email" })),
  role: choice(STAFF_ROLES),
  teamId: teamField,
});
const updateSchema = z.object({
  intent: z.literal("update"),
  id: uuid,
  role: choice(STAFF_ROLES),
  teamId: teamField,
  active: z.enum(["true", "false"]),
});
const resetSchema = z.object({ intent: z.literal("reset"), id: uuid });
const actionSchema = z.discriminatedUnion("intent", [createSchema, updateSchema, resetSchema]);

type Typed = { name?: string; email?: string; role?: string; teamId?: string };
export type UsersActionData =
  /** `errors`: the new-person form's messages by field (the row forms have no fields of their own to mark). */
  | { ok: false; error: string; fields?: string[]; typed?: Typed; id?: string; errors?: Record<string, string> }
  | { ok: true; message: string; name: string; temporaryPassword?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  const form = await request.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const typed: Typed = {
    name: String(raw.name ?? ""),
    email: String(raw.email ?? ""),
    role: String(raw.role ?? ""),
    teamId: String(raw.teamId ?? ""),
  };
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")))];
    const errors = raw.intent === "create" ? fieldErrors(parsed.error, await getLang(request)) : undefined;
    return data<UsersActionData>({ ok: false, error: "people.error.form", fields, typed, errors }, { status: 422 });
  }
  const ip = clientIp(request, context);
  const input = parsed.data;
  if (input.intent === "create") {
    const result = await createStaffByAdmin(user, { name: input.name, email: input.email, role: input.role, teamId: input.teamId }, ip);
    if (!result.ok) {
      const field = result.error === "people.error.team" ? "teamId" : "email";
      const errors = { [field]: translateDynamic(await getLang(request), result.error) };
      return data<UsersActionData>({ ok: false, error: result.error, fields: [field], typed, errors }, { status: 422 });
    }
    return data<UsersActionData>({
      ok: true,
      message: "people.created",
      name: input.name,
      temporaryPassword: result.value.temporaryPassword,
    });
  }
  const people = await listStaffForAdmin();
  const person = people.find((p) => p.id === input.id);
  if (!person) return data<UsersActionData>({ ok: false, error: "people.error.notFound" }, { status: 404 });
  if (input.intent === "reset") {
    const result = await resetPasswordByAdmin(user, input.id, ip);
    if (!result.ok) return data<UsersActionData>({ ok: false, error: result.error }, { status: 404 });
    return data<UsersActionData>({
      ok: true,
      message: "people.resetDone",
      name: person.name,
      temporaryPassword: result.value.temporaryPassword,
    });
  }
  const result = await updateStaffByAdmin(user, input.id, { role: input.role, teamId: input.teamId, active: input.active === "true" }, ip);
  if (!result.ok) return data<UsersActionData>({ ok: false, error: result.error, id: input.id }, { status: 409 });
  return data<UsersActionData>({ ok: true, message: "people.saved", name: person.name });
}

export default function AdminUsers() {
  const t = useT();
  const { people, teams, roles } = useLoaderData<typeof loader>();
  const result = useActionData<UsersActionData>();
  const canEdit = useAdminCanEdit();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const errors = failed?.errors;
  const labels = { name: t("people.name"), email: t("people.email"), role: t("people.role"), teamId: t("people.team") };
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title">{t("people.title")}</h1>
      <p className="lead">{t("people.lead")}</p>
      <p>
        <Link to="/admin/teams">{t("people.toTeams")}</Link>
      </p>
      {result?.ok ? (
        <div className="notice" role="status">
          <p>{t.dynamic(result.message, { name: result.name })}</p>
          {result.temporaryPassword ? (
            <>
              <p>
                {t("people.temporaryPassword")}: <code data-testid="temporary-password">{result.temporaryPassword}</code>
              </p>
              <p className="hint">{t("people.temporaryHint")}</p>
            </>
          ) : null}
        </div>
      ) : null}
      {failed && !errors ? (
        <p className="error-summary" role="alert">
          {t.dynamic(failed.error)}
        </p>
      ) : null}
      <h2 id="people-count">{t("people.count", { count: people.length })}</h2>
      <div className="table-wrap">
        <table aria-labelledby="people-count">
          <thead>
            <tr>
              <th scope="col">{t("people.name")}</th>
              <th scope="col">{t("people.email")}</th>
              <th scope="col">{t("people.role")}</th>
              <th scope="col">{t("people.team")}</th>
              <th scope="col">{t("people.status")}</th>
              {canEdit ? <th scope="col">{t("people.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} data-testid={`person-${p.email}`}>
                <th scope="row">{p.name}</th>
                <td>{p.email}</td>
                <td>
                  {canEdit ? (
                    <select form={`person-form-${p.id}`} name="role" defaultValue={p.role} aria-label={`${p.name} ${t("people.role")}`}>
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`role.${p.role}`)
                  )}
                </td>
                <td>
                  {canEdit ? (
                    <select
                      form={`person-form-${p.id}`}
                      name="teamId"
                      defaultValue={p.teamId ?? ""}
                      aria-label={`${p.name} ${t("people.team")}`}
                    >
                      <option value="">{t("people.noTeam")}</option>
                      {teams
                        .filter((team) => team.active || team.id === p.teamId)
                        .map((team) => (
                          <option key={team.id} value={team.id}>
                            {team.active ? team.name : t("people.teamInactive", { name: team.name })}
                          </option>
                        ))}
                    </select>
                  ) : p.teamId ? (
                    <Link to={`/admin/teams#team-${p.teamId}`}>{p.teamName}</Link>
                  ) : (
                    t("people.noTeam")
                  )}
                </td>
                <td>
                  {p.active ? t("people.active") : t("people.inactive")}
                  {p.mustChangePassword ? <span className="muted"> · {t("people.mustChange")}</span> : null}
                </td>
                {canEdit ? (
                  <td>
                    <Form method="post" id={`person-form-${p.id}`} className="inline-form">
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="id" value={p.id} />
                      <input type="hidden" name="active" value={String(p.active)} />
                      <button type="submit" className="secondary" disabled={busy} aria-label={`${p.name} ${t("people.save")}`}>
                        {t("people.save")}
                      </button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="update" />
                      <input type="hidden" name="id" value={p.id} />
                      <input type="hidden" name="role" value={p.role} />
                      <input type="hidden" name="teamId" value={p.teamId ?? ""} />
                      <input type="hidden" name="active" value={String(!p.active)} />
                      <button
                        type="submit"
                        className={p.active ? "danger" : "secondary"}
                        disabled={busy}
                        aria-label={`${p.name} ${p.active ? t("people.deactivate") : t("people.reactivate")}`}
                      >
                        {p.active ? t("people.deactivate") : t("people.reactivate")}
                      </button>
                    </Form>
                    <ConfirmedRowAction
                      intent="reset"
                      id={p.id}
                      question={t("people.resetConfirm", { name: p.name })}
                      label={t("people.reset")}
                      accessibleLabel={`${p.name} ${t("people.reset")}`}
                      className="secondary"
                      busy={busy}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <Form method="post" className="form" aria-labelledby="people-add">
          <h2 id="people-add">{t("people.add")}</h2>
          <ErrorSummary errors={errors} labels={labels} />
          <input type="hidden" name="intent" value="create" />
          <Field name="name" label={labels.name} error={errors?.name} required>
            {(p) => <input {...p} maxLength={100} defaultValue={failed?.typed?.name} />}
          </Field>
          <Field name="email" label={labels.email} error={errors?.email} required>
            {(p) => <input {...p} type="email" maxLength={254} defaultValue={failed?.typed?.email} />}
          </Field>
          <SelectField
            name="role"
            label={labels.role}
            error={errors?.role}
            required
            options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            defaultValue={failed?.typed?.role || "agent"}
          />
          <SelectField
            name="teamId"
            label={labels.teamId}
            error={errors?.teamId}
            placeholder={t("people.noTeam")}
            options={teams.filter((team) => team.active).map((team) => ({ value: team.id, label: team.name }))}
            defaultValue={failed?.typed?.teamId ?? ""}
          />
          <div>
            <button type="submit" disabled={busy}>
              {t("people.create")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
