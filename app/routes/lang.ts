import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLang } from "~/i18n/i18n";
import { langCookie } from "~/i18n/lang.server";
import { safeRedirect } from "~/lib/safe-redirect";

export async function action({ request }: ActionFunctionArgs) {
  // A body that is not a form (or a broken one) just leaves the language as it was.
  const form = await request.formData().catch(() => null);
  const lang = form?.get("lang");
  const to = safeRedirect(form?.get("redirectTo"), "/");
  if (!isLang(lang)) return redirect(to);
  return redirect(to, { headers: { "Set-Cookie": await langCookie.serialize(lang) } });
}

export const loader = () => redirect("/");
