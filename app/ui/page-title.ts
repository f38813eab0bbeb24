// Each page's <title>: "페이지 · 서비스 이행표준 데스크", in the language the root loader chose.
import type { MetaDescriptor } from "@remix-run/node";
import { isLang, translate, type Lang } from "~/i18n/i18n";

type Match = { id: string; data?: unknown };

/** The page language, from the root route's data (Korean when unknown). */
export function langOfMatches(matches: readonly Match[] | undefined): Lang {
  const root = matches?.find((m) => m.id === "root")?.data as { lang?: unknown } | undefined;
  return isLang(root?.lang) ? root.lang : "ko";
}

/** The title as text (for tests and for titles built from data). */
export function titleText(lang: Lang, key: string, params?: Record<string, string | number>): string {
  return `${translate(lang, key, params)} · ${translate(lang, "app.name")}`;
}

/** For a route's `meta` export: its title, translated. */
export function pageTitle(matches: readonly Match[] | undefined, key: string, params?: Record<string, string | number>): MetaDescriptor[] {
  return [{ title: titleText(langOfMatches(matches), key, params) }];
}
