// The browser's side of i18n: the root loader sends the active language's messages (only those:
// the client bundle holds no dictionary), and components translate with them. Server code uses
// translator(lang) from ./i18n instead.
import { useRouteLoaderData } from "@remix-run/react";
import { translatorOver, type Dictionary, type Lang, type Translate } from "./format";
import { FALLBACK } from "./fallback";

/** What the root loader sends for i18n. */
export type RootI18n = { lang?: Lang; messages?: Dictionary };

const made = new WeakMap<Dictionary, Translate>();
const fallback = translatorOver(FALLBACK);

/** The translator over messages the root loader sent (made once per dictionary). */
export function translatorOf(data: RootI18n | undefined): Translate {
  const messages = data?.messages;
  if (!messages) return fallback;
  let t = made.get(messages);
  if (!t) made.set(messages, (t = translatorOver(messages, FALLBACK)));
  return t;
}

export function useLang(): Lang {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  return data?.lang ?? "ko";
}

export function useT(): Translate {
  return translatorOf(useRouteLoaderData("root") as RootI18n | undefined);
}
