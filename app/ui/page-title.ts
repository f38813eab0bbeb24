// Each page's <title>: "페이지 · 서비스 이행표준 데스크", in the language the root loader chose.
// Meta functions also run in the browser, so they translate with the messages in the root
// route's data (never with the server's catalog).
import type { MetaDescriptor } from "@remix-run/node";
import { isLang, type Lang, type MessageKey, type Params, type Translate } from "~/i18n/format";
import { translatorOf, type RootI18n } from "~/i18n/use-t";

type Match = { id: string; data?: unknown };

function rootData(matches: readonly Match[] | undefined): RootI18n | undefined {
  return matches?.find((m) => m.id === "root")?.data as RootI18n | undefined;
}

/** The page language, from the root route's data (Korean when unknown). */
export function langOfMatches(matches: readonly Match[] | undefined): Lang {
  const lang = rootData(matches)?.lang;
  return isLang(lang) ? lang : "ko";
}

/** A meta function's translator: the messages in the root route's data. */
export function translatorOfMatches(matches: readonly Match[] | undefined): Translate {
  return translatorOf(rootData(matches));
}

/** The title as text (for tests and for titles built from data). */
export function titleText(t: Translate, key: MessageKey, params?: Params): string {
  return `${t(key, params)} · ${t("app.name")}`;
}

/** For a route's `meta` export: its title, translated. */
export function pageTitle(matches: readonly Match[] | undefined, key: MessageKey, params?: Params): MetaDescriptor[] {
  return [{ title: titleText(translatorOfMatches(matches), key, params) }];
}
