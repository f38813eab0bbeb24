import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getStaffUser, login, startSession } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { safeRedirect } from "~/lib/safe-redirect";

const loginSchema = z.object({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(1000) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getStaffUser(request);
  if (user) throw redirect("/desk");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"), "/desk");
  const parsed = loginSchema.safeParse(Object.fromEntries(form));
  const email = typeof form.get("email") === "string" ? String(form.get("email")).slice(0, 254) : "";
  if (!parsed.success) return { error: "auth.invalid", email };
  const user = await login(parsed.data.email, parsed.data.password);
  if (!user) return { error: "auth.invalid", email };
  return redirect(redirectTo, { headers: { "Set-Cookie": await startSession(request, user.id) } });
}

export default function Login() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section aria-labelledby="login-title" style={{ maxWidth: "28rem" }}>
      <h1 id="login-title">{t("auth.title")}</h1>
      {data?.error ? (
        <p className="error-summary" role="alert" id="login-error">
          {t(data.error)}
        </p>
      ) : null}
      <Form method="post" className="form" aria-describedby={data?.error ? "login-error" : undefined}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/desk"} />
        <div className="field">
          <label htmlFor="email">{t("auth.email")}</label>
          <input id="email" name="email" type="email" autoComplete="username" required defaultValue={data?.email ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="password">{t("auth.password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("auth.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
