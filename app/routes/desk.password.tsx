// /desk/password — a staff member changes their own password (the current one required). After an
// administrator created the account or reset its password, every staff page sends the person
// here until they have chosen their own (requireStaff).
import { type MetaFunction, data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { minimumLength, PASSWORD_MAX_LENGTH, type PasswordProblem } from "~/auth/password-policy.server";
import { requireStaff, sessionIdOf } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { safeRedirect } from "~/lib/safe-redirect";
import { clientIp } from "~/security/client-ip.server";
import { changeOwnPassword } from "~/staff/staff-admin.server";
import { Field } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.password");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const changed = new URL(request.url).searchParams.get("changed") === "1";
  return { mustChange: user.mustChangePassword === true, minLength: minimumLength(user.role), changed };
}

const passwordField = z.string().max(PASSWORD_MAX_LENGTH * 4);
const changeSchema = z.object({ current: passwordField, next: passwordField, confirm: passwordField });

type Errors = Partial<Record<"current" | "next" | "confirm", PasswordProblem>>;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const form = await request.formData().catch(() => new FormData());
  const parsed = changeSchema.safeParse({
    current: form.get("current") ?? "",
    next: form.get("next") ?? "",
    confirm: form.get("confirm") ?? "",
  });
  if (!parsed.success)
    return data({ errors: { next: { key: "password.tooLong", params: { max: PASSWORD_MAX_LENGTH } } } as Errors }, { status: 422 });
  const { current, next, confirm } = parsed.data;
  const errors: Errors = {};
  if (!current) errors.current = { key: "password.required" };
  if (!next) errors.next = { key: "password.required" };
  else if (next !== confirm) errors.confirm = { key: "password.mismatch" };
  if (Object.keys(errors).length > 0) return data({ errors }, { status: 422 });
  const result = await changeOwnPassword(user, { current, next }, await sessionIdOf(request), clientIp(request, context));
  if (!result.ok) return data({ errors: { [result.field]: result.problem } as Errors }, { status: 422 });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  return redirect(redirectTo || "/desk/password?changed=1", { status: 303 });
}

export default function ChangePassword() {
  const t = useT();
  const { mustChange, minLength, changed } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Errors }>();
  const errors: Errors = result?.errors ?? {};
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const message = (p?: PasswordProblem) => (p ? t.dynamic(p.key, p.params) : undefined);
  const field = (name: "current" | "next" | "confirm", label: string, autoComplete: string, hint?: string) => (
    <Field name={name} label={label} hint={hint} error={message(errors[name])} required>
      {(p) => <input {...p} type="password" autoComplete={autoComplete} />}
    </Field>
  );
  return (
    <section aria-labelledby="password-title">
      <h1 id="password-title">{t("password.title")}</h1>
      {mustChange ? (
        <p className="notice" role="status">
          {t("password.mustChange")}
        </p>
      ) : null}
      {changed ? (
        <p className="notice" role="status">
          {t("password.changed")}
        </p>
      ) : null}
      <p>{t("password.lead")}</p>
      <Form
        method="post"
        className="form"
        action={`/desk/password${params.get("redirectTo") ? `?redirectTo=${encodeURIComponent(params.get("redirectTo") ?? "")}` : ""}`}
      >
        {field("current", t("password.current"), "current-password")}
        {field("next", t("password.next"), "new-password", t("password.rules", { min: minLength }))}
        {field("confirm", t("password.confirm"), "new-password")}
        <div>
          <button type="submit" disabled={busy}>
            {t("password.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
