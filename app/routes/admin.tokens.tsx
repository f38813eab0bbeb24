// /admin/tokens — API tokens for other systems: create one with a name, permission and optional
// expiry (the token shown once; only its hash is kept), see when each was last used, revoke.
import { type MetaFunction, data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ConfirmedRowAction } from "~/admin/row-action";
import { STAFF_ROLES } from "~/db/schema";
import { requireStaff } from "~/auth/session.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/auth/tokens.server";
import { useT } from "~/i18n/use-t";
import { formatKst, kstDate } from "~/lib/time";
import { clientIp } from "~/security/client-ip.server";
import { choice, requiredText } from "~/core/validation";
import { Field } from "~/ui/form";
import { useAdminCanEdit } from "./admin";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminTokens");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  const now = Date.now();
  const tokens = await listApiTokens();
  return {
    roles: STAFF_ROLES,
    today: kstDate(new Date()),
    tokens: tokens.map((tk) => ({
      id: tk.id,
      name: tk.name,
      role: tk.role,
      staffName: tk.staffName,
      created: formatKst(tk.createdAt),
      lastUsed: tk.lastUsedAt ? formatKst(tk.lastUsedAt) : null,
      expires: tk.expiresAt ? formatKst(tk.expiresAt) : null,
      status: tk.revokedAt ? "revoked" : tk.expiresAt && tk.expiresAt.getTime() <= now ? "expired" : "live",
    })),
  };
}

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const createSchema = z.object({
  intent: z.literal("create"),
  name: requiredText(100),
  role: choice(STAFF_ROLES),
  expires: z.union([z.literal(""), z.iso.date()]),
});
const revokeSchema = z.object({ intent: z.literal("revoke"), id: uuid });
const actionSchema = z.discriminatedUnion("intent", [createSchema, revokeSchema]);

export type TokensActionData =
  | { ok: false; error: string; typed?: { name: string; role: string; expires: string } }
  | { ok: true; message: string; name: string; token?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  const form = await request.formData().catch(() => new FormData());
  const raw = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string"));
  const typed = { name: String(raw.name ?? ""), role: String(raw.role ?? ""), expires: String(raw.expires ?? "") };
  const parsed = actionSchema.safeParse(raw);
  if (!parsed.success) return data<TokensActionData>({ ok: false, error: "people.error.form", typed }, { status: 422 });
  const ip = clientIp(request, context);
  const input = parsed.data;
  if (input.intent === "revoke") {
    const revoked = await revokeApiToken(input.id, user, ip);
    if (!revoked) return data<TokensActionData>({ ok: false, error: "people.error.notFound" }, { status: 404 });
    return data<TokensActionData>({ ok: true, message: "tokens.revokedDone", name: revoked.name });
  }
  // An expiry date means "usable through that day" in Korea: it ends at the next KST midnight.
  let expiresAt: Date | null = null;
  if (input.expires) {
    if (input.expires <= kstDate(new Date()))
      return data<TokensActionData>({ ok: false, error: "tokens.error.expiresPast", typed }, { status: 422 });
    expiresAt = new Date(`${input.expires}T00:00:00+09:00`);
    expiresAt.setUTCDate(expiresAt.getUTCDate() + 1);
  }
  const created = await createApiToken({ name: input.name, role: input.role, expiresAt, createdBy: user, ip });
  return data<TokensActionData>({ ok: true, message: "tokens.madeFor", name: input.name, token: created.token });
}

export default function AdminTokens() {
  const t = useT();
  const { tokens, roles, today } = useLoaderData<typeof loader>();
  const result = useActionData<TokensActionData>();
  const canEdit = useAdminCanEdit();
  const busy = useNavigation().state === "submitting";
  const failed = result && !result.ok ? result : null;
  return (
    <section aria-labelledby="tokens-title">
      <h1 id="tokens-title">{t("tokens.title")}</h1>
      <p className="lead">{t("tokens.lead")}</p>
      {result?.ok ? (
        <div className="notice" role="status">
          <p>{t.dynamic(result.message, { name: result.name })}</p>
          {result.token ? (
            <>
              <p className="hint">{t("tokens.shownOnce")}</p>
              <p>
                <code data-testid="new-token">{result.token}</code>
              </p>
            </>
          ) : null}
        </div>
      ) : null}
      {failed ? (
        <p className="error-summary" role="alert">
          {t.dynamic(failed.error)}
        </p>
      ) : null}
      {tokens.length === 0 ? (
        <p>{t("tokens.none")}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby="tokens-title">
            <thead>
              <tr>
                <th scope="col">{t("tokens.name")}</th>
                <th scope="col">{t("tokens.role")}</th>
                <th scope="col">{t("tokens.created")}</th>
                <th scope="col">{t("tokens.lastUsed")}</th>
                <th scope="col">{t("tokens.expires")}</th>
                <th scope="col">{t("tokens.status")}</th>
                {canEdit ? <th scope="col">{t("people.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id} data-testid={`token-${tk.name}`}>
                  <th scope="row">
                    {tk.name}
                    {tk.staffName ? <span className="muted"> · {tk.staffName}</span> : null}
                  </th>
                  <td>{t.dynamic(`role.${tk.role}`)}</td>
                  <td>{tk.created}</td>
                  <td>{tk.lastUsed ?? t("tokens.never")}</td>
                  <td>{tk.expires ?? t("tokens.noExpiry")}</td>
                  <td>{t.dynamic(`tokens.${tk.status}`)}</td>
                  {canEdit ? (
                    <td>
                      {tk.status === "revoked" ? null : (
                        <ConfirmedRowAction
                          intent="revoke"
                          id={tk.id}
                          question={t("tokens.revokeConfirm", { name: tk.name })}
                          label={t("tokens.revoke")}
                          accessibleLabel={`${tk.name} ${t("tokens.revoke")}`}
                          className="danger"
                          busy={busy}
                        />
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canEdit ? (
        <Form method="post" className="form" aria-labelledby="tokens-new">
          <h2 id="tokens-new">{t("tokens.new")}</h2>
          <input type="hidden" name="intent" value="create" />
          <Field name="name" scope="token" label={t("tokens.name")} required>
            {(p) => <input {...p} maxLength={100} defaultValue={failed?.typed?.name} />}
          </Field>
          <Field name="role" scope="token" label={t("tokens.role")} required>
            {(p) => (
              <select {...p} defaultValue={failed?.typed?.role || "agent"}>
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="expires" scope="token" label={t("tokens.expires")}>
            {(p) => <input {...p} type="date" min={today} defaultValue={failed?.typed?.expires} />}
          </Field>
          <div>
            <button type="submit" disabled={busy}>
              {t("tokens.create")}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}
