// /admin/teams — teams: create, rename, set a lead, deactivate or reactivate, see the members and
// move people between teams. Managers may look; only administrators change anything. The rules
// and the audit rows are in ~/staff/team-admin.server.
import { type MetaFunction, data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { translateDynamic } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { clientIp } from "~/security/client-ip.server";
import {
  createTeam,
  listTeamsForAdmin,
  movePerson,
  renameTeam,
  setTeamActive,
  setTeamLead,
  type TeamMember,
} from "~/staff/team-admin.server";
import { Field } from "~/ui/form";
import { fieldErrors, maskedText } from "~/core/validation";
import { useAdminCanEdit } from "./admin";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminTeams");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  return listTeamsForAdmin();
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "error.invalidChoice");
const optionalUuid = z.union([z.literal(""), uuid]).transform((v) => (v === "" ? null : v));
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: maskedText(60) }),
  z.object({ intent: z.literal("rename"), id: uuid, name: maskedText(60) }),
  z.object({ intent: z.literal("lead"), id: uuid, leadId: optionalUuid }),
  z.object({ intent: z.literal("active"), id: uuid, active: z.enum(["true", "false"]) }),
  z.object({ intent: z.literal("move"), id: uuid, teamId: optionalUuid }),
]);

export type TeamsActionData =
  | { ok: false; intent: string; id: string; errors: Record<string, string>; typed: { name?: string } }
  | { ok: true; message: string; name: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const intent = String(raw.intent ?? "");
  const id = String(raw.id ?? "");
  const typed = { name: raw.name };
  const refuse = (errors: Record<string, string>, status = 422) =>
    data<TeamsActionData>({ ok: false, intent, id, errors, typed }, { status });
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) return refuse(fieldErrors(parsed.error, lang));
  const who = { by: user, ip: clientIp(request, context) };
  const input = parsed.data;
  // The service's refusals go back translated, as fieldErrors does for the zod ones.
  const t = (key: string) => translateDynamic(lang, key);
  switch (input.intent) {
    case "create": {
      const result = await createTeam(who, input.name);
      if (!result.ok) return refuse({ name: t(result.error) });
      return data<TeamsActionData>({ ok: true, message: "teams.created", name: input.name });
    }
    case "rename": {
      const result = await renameTeam(who, input.id, input.name);
      if (!result.ok) return refuse({ name: t(result.error) }, result.error === "teams.error.notFound" ? 404 : 422);
      return data<TeamsActionData>({ ok: true, message: "teams.renamed", name: input.name });
    }
    case "lead": {
      const result = await setTeamLead(who, input.id, input.leadId);
      if (!result.ok) return refuse({ leadId: t(result.error) }, result.error === "teams.error.notFound" ? 404 : 409);
      return data<TeamsActionData>({ ok: true, message: input.leadId ? "teams.leadSet" : "teams.leadCleared", name: "" });
    }
    case "active": {
      const result = await setTeamActive(who, input.id, input.active === "true");
      if (!result.ok) return refuse({ active: t(result.error) }, result.error === "teams.error.notFound" ? 404 : 409);
      return data<TeamsActionData>({ ok: true, message: input.active === "true" ? "teams.reactivated" : "teams.deactivated", name: "" });
    }
    case "move": {
      const result = await movePerson(who, input.id, input.teamId);
      if (!result.ok) return refuse({ teamId: t(result.error) }, result.error === "people.error.notFound" ? 404 : 409);
      return data<TeamsActionData>({ ok: true, message: "teams.moved", name: result.value.name });
    }
  }
}

export default function AdminTeams() {
  const t = useT();
  const { teams, unassigned } = useLoaderData<typeof loader>();
  const result = useActionData<TeamsActionData>();
  const canEdit = useAdminCanEdit();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  const errorOf = (intent: string, id: string, field: string) =>
    failed && failed.intent === intent && failed.id === id ? failed.errors[field] : undefined;
  const typedOf = (intent: string, id: string) => (failed && failed.intent === intent && failed.id === id ? failed.typed.name : undefined);
  const activeTeams = teams.filter((team) => team.active);
  const roleOf = (m: TeamMember) => t.dynamic(`role.${m.role}`);

  const moveForm = (person: TeamMember, currentTeamId: string | null) => {
    const error = errorOf("move", person.id, "teamId");
    return (
      <Form method="post" className="inline-form team-move">
        <input type="hidden" name="intent" value="move" />
        <input type="hidden" name="id" value={person.id} />
        <Field name="teamId" scope={`move-${person.id}`} label={t("teams.moveTo", { name: person.name })} error={error} required>
          {(props) => (
            <select {...props} defaultValue={currentTeamId ?? ""}>
              <option value="">{t("people.noTeam")}</option>
              {activeTeams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="secondary" disabled={busy} aria-label={t("teams.moveButtonFor", { name: person.name })}>
          {t("teams.moveButton")}
        </button>
      </Form>
    );
  };

  return (
    <section aria-labelledby="teams-title">
      <h1 id="teams-title">{t("teams.title")}</h1>
      <p className="lead">{t("teams.lead")}</p>
      {result?.ok ? (
        <p className="notice" role="status">
          {t.dynamic(result.message, { name: result.name })}
        </p>
      ) : null}
      {failed ? (
        <p className="error-summary" role="alert">
          {Object.values(failed.errors)[0] ?? t("people.error.form")}
        </p>
      ) : null}

      {canEdit ? (
        <Form method="post" className="form" aria-labelledby="team-add">
          <h2 id="team-add">{t("teams.add")}</h2>
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="id" value="" />
          <Field
            name="name"
            scope="create"
            label={t("teams.name")}
            hint={t("teams.nameHint")}
            error={errorOf("create", "", "name")}
            required
          >
            {(props) => <input {...props} maxLength={60} defaultValue={typedOf("create", "")} />}
          </Field>
          <div>
            <button type="submit" disabled={busy}>
              {t("teams.create")}
            </button>
          </div>
        </Form>
      ) : null}

      <h2 id="teams-count">{t("teams.count", { count: teams.length })}</h2>
      {teams.map((team) => {
        const lead = team.members.find((m) => m.id === team.leadId) ?? null;
        const headingId = `team-${team.id}-title`;
        return (
          <section key={team.id} id={`team-${team.id}`} className="team-card" aria-labelledby={headingId} data-testid={`team-${team.name}`}>
            <h3 id={headingId}>
              {team.name} {team.active ? null : <span className="badge inactive">{t("teams.inactive")}</span>}
            </h3>
            <p>
              {t("teams.leadLabel")}: {lead ? lead.name : t("teams.noLead")} ·{" "}
              {t("teams.memberCount", { count: team.members.filter((m) => m.active).length })}
            </p>
            {canEdit ? (
              <div className="inline-fields">
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="rename" />
                  <input type="hidden" name="id" value={team.id} />
                  <Field
                    name="name"
                    scope={`rename-${team.id}`}
                    label={t("teams.newName")}
                    error={errorOf("rename", team.id, "name")}
                    required
                  >
                    {(props) => <input {...props} maxLength={60} defaultValue={typedOf("rename", team.id) ?? team.name} />}
                  </Field>
                  <button type="submit" className="secondary" disabled={busy} aria-label={t("teams.renameFor", { name: team.name })}>
                    {t("teams.rename")}
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="lead" />
                  <input type="hidden" name="id" value={team.id} />
                  <Field
                    name="leadId"
                    scope={`lead-${team.id}`}
                    label={t("teams.leadLabel")}
                    hint={t("teams.leadHint")}
                    error={errorOf("lead", team.id, "leadId")}
                    required
                  >
                    {(props) => (
                      <select {...props} defaultValue={team.leadId ?? ""}>
                        <option value="">{t("teams.noLead")}</option>
                        {team.members
                          .filter((m) => m.active)
                          .map((m) => (
                            <option key={m.id} value={m.id}>
                              {m.name} ({roleOf(m)})
                            </option>
                          ))}
                      </select>
                    )}
                  </Field>
                  <button type="submit" className="secondary" disabled={busy} aria-label={t("teams.leadSaveFor", { name: team.name })}>
                    {t("teams.leadSave")}
                  </button>
                </Form>
              </div>
            ) : null}
            {team.members.length === 0 ? (
              <p className="muted">{t("teams.noMembers")}</p>
            ) : (
              <div className="table-wrap">
                <table aria-labelledby={headingId}>
                  <caption className="visually-hidden">{t("teams.membersOf", { name: team.name })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("people.name")}</th>
                      <th scope="col">{t("people.role")}</th>
                      <th scope="col">{t("people.status")}</th>
                      {canEdit ? <th scope="col">{t("teams.move")}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {team.members.map((m) => (
                      <tr key={m.id}>
                        <th scope="row">
                          {m.name}
                          {m.id === team.leadId ? <span className="muted"> · {t("teams.leadLabel")}</span> : null}
                          <div className="muted">{m.email}</div>
                        </th>
                        <td>{roleOf(m)}</td>
                        <td>{m.active ? t("people.active") : t("people.inactive")}</td>
                        {canEdit ? <td>{moveForm(m, team.id)}</td> : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {canEdit ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="active" />
                <input type="hidden" name="id" value={team.id} />
                <input type="hidden" name="active" value={String(!team.active)} />
                <button
                  type="submit"
                  className={team.active ? "danger" : "secondary"}
                  disabled={busy}
                  aria-describedby={errorOf("active", team.id, "active") ? `team-${team.id}-active-error` : undefined}
                >
                  {team.active ? t("teams.deactivateFor", { name: team.name }) : t("teams.reactivateFor", { name: team.name })}
                </button>
                {errorOf("active", team.id, "active") ? (
                  <div className="error" id={`team-${team.id}-active-error`}>
                    {errorOf("active", team.id, "active")}
                  </div>
                ) : null}
              </Form>
            ) : null}
          </section>
        );
      })}

      <section aria-labelledby="unassigned-title">
        <h2 id="unassigned-title">{t("teams.unassigned")}</h2>
        {unassigned.length === 0 ? (
          <p className="muted">{t("teams.noUnassigned")}</p>
        ) : (
          <ul className="plain-list">
            {unassigned.map((m) => (
              <li key={m.id}>
                {m.name} ({roleOf(m)}) {canEdit ? moveForm(m, null) : null}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/admin/users">{t("teams.toPeople")}</Link>
        </p>
      </section>
    </section>
  );
}
