import { type MetaFunction, data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { attemptLogin } from "~/auth/login.server";
import { getStaffUser, startSession } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { safeRedirect } from "~/lib/safe-redirect";
import { clientIp } from "~/security/client-ip.server";
import { LOGIN_LOCK_SECONDS } from "~/security/rate-limit.server";
import securityStyles from "~/security/security.css";
import { requiredText } from "~/core/validation";
import { Field, FormError } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.login");

// The email goes to the database: control characters (NUL above all) are refused like in every form.
export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

// U+FFFD is what undecodable bytes become: no one types it in an email address.
const loginSchema = z.object({ email: requiredText(254).refine((v) => !v.includes("\uFFFD")), password: z.string().min(1).max(1000) });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getStaffUser(request);
  if (user) throw redirect("/desk");
  return null;
}

type LoginError = { key: string; params?: Record<string, number> };
type LoginActionData = { error: LoginError; email: string };

export async function action({ request, context }: ActionFunctionArgs) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return data({ error: { key: "auth.invalid" } as LoginError, email: "" }, { status: 400 });
  }
  const redirectTo = safeRedirect(form.get("redirectTo"), "/desk");
  const rawEmail = form.get("email");
  const email = typeof rawEmail === "string" ? rawEmail.slice(0, 254) : "";
  const parsed = loginSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return data({ error: { key: "auth.invalid" } as LoginError, email }, { status: 400 });
  const attempt = await attemptLogin(parsed.data.email, parsed.data.password, clientIp(request, context));
  if (attempt.ok) return redirect(redirectTo, { headers: { "Set-Cookie": await startSession(request, attempt.user.id) } });
  if (attempt.reason === "locked") {
    const minutes = Math.max(1, Math.ceil(attempt.retryAfterSeconds / 60));
    return data(
      { error: { key: "auth.locked", params: { minutes } } as LoginError, email },
      { status: 429, headers: { "Retry-After": String(attempt.retryAfterSeconds) } },
    );
  }
  // Warn before the lock rather than after it.
  const error: LoginError =
    attempt.remaining <= 2
      ? { key: "auth.lockedSoon", params: { remaining: attempt.remaining, minutes: LOGIN_LOCK_SECONDS / 60 } }
      : { key: "auth.invalid" };
  return data({ error, email }, { status: 401 });
}

export default function Login() {
  const t = useT();
  const result = useActionData<LoginActionData>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const error = result?.error;
  const ended = /^\d{1,4}$/.test(params.get("everywhere") ?? "") ? Number(params.get("everywhere")) : null;
  return (
    <section aria-labelledby="login-title" className="login">
      <h1 id="login-title">{t("auth.title")}</h1>
      {ended !== null && !error ? (
        <p className="notice" role="status">
          {t("sessions.loggedOutEverywhere", { count: ended })}
        </p>
      ) : null}
      {error ? <FormError message={t.dynamic(error.key, error.params)} id="login-error" /> : null}
      <Form method="post" className="form" aria-describedby={error ? "login-error" : undefined}>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/desk"} />
        <Field name="email" label={t("auth.email")} required>
          {(p) => <input {...p} type="email" autoComplete="username" defaultValue={result?.email ?? ""} />}
        </Field>
        <Field name="password" label={t("auth.password")} required>
          {(p) => <input {...p} type="password" autoComplete="current-password" />}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("auth.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
