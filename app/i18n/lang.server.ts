import { createCookie } from "@remix-run/node";
import { isLang, type Lang } from "./i18n";

export const langCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

/** The person's language: the `lang` cookie, else Korean (the desk's first language). */
export async function getLang(request: Request): Promise<Lang> {
  const fromCookie = await langCookie.parse(request.headers.get("Cookie"));
  if (isLang(fromCookie)) return fromCookie;
  const url = new URL(request.url);
  const fromQuery = url.searchParams.get("lang");
  return isLang(fromQuery) ? fromQuery : "ko";
}
