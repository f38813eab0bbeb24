// Korean first, English second. Messages live per area in ./messages/*.ts; each area file
// exports { ko, en }: Korean is the typed source (`as const`), English is
// `Record<keyof typeof ko, string>`, so a key missing in English does not compile.
// tests/unit/i18n-parity.test.ts checks keys and {placeholders} match.
import { common } from "./messages/common";
import { tickets } from "./messages/tickets";
import { errors } from "./messages/errors";
import { sla } from "./messages/sla";
import { desk } from "./messages/desk";
import { intake } from "./messages/intake";
import { admin } from "./messages/admin";
import { notify } from "./messages/notify";
import { portal } from "./messages/portal";
import { operations } from "./messages/operations";
import { security } from "./messages/security";
import { dashboard } from "./messages/dashboard";
import { guarantee } from "./messages/guarantee";
import { disclosure } from "./messages/disclosure";
import { remote } from "./messages/remote";
import { inbound } from "./messages/inbound";
import { harden } from "./messages/harden";
import { people } from "./messages/people";
import { portalCustomer } from "./messages/portal-customer";
import { backup } from "./messages/backup";
import { voiceDesk } from "./messages/voice-desk";
import { words } from "./messages/words";
import { queue } from "./messages/queue";
import { portalMore } from "./messages/portal-more";
import { privacy } from "./messages/privacy";
import { surveysLaunch } from "./messages/surveys-launch";
import { workspace } from "./messages/workspace";
import { live } from "./messages/live";
import { dashboardCharts } from "./messages/dashboard-charts";
import { adminConsole } from "./messages/admin-console";
import { visits } from "./messages/visits";
import { LANGS, fill, isLang, translatorOver, type Dictionary, type Lang, type Params, type Translate } from "./format";
import { bulkWake } from "./messages/bulk-wake";
import { forms } from "./messages/forms";

export { LANGS, isLang, type Dictionary, type Lang, type Params, type Translate };

const areaList = [
  common,
  tickets,
  errors,
  sla,
  desk,
  intake,
  admin,
  notify,
  portal,
  operations,
  dashboard,
  security,
  guarantee,
  disclosure,
  remote,
  inbound,
  harden,
  people,
  portalCustomer,
  backup,
  voiceDesk,
  words,
  queue,
  portalMore,
  privacy,
  surveysLaunch,
  workspace,
  live,
  dashboardCharts,
  adminConsole,
  visits,
  bulkWake,
  forms,
] as const;

type AnyArea = (typeof areaList)[number];
/** Every message key: the Korean keys of all areas. */
export type MessageKey = AnyArea extends infer A ? (A extends { ko: infer K } ? keyof K & string : never) : never;
/** Keys an area has in Korean but not in English (must be none; catches an area written as one literal). */
type MissingEnglish = AnyArea extends infer A ? (A extends { ko: infer K; en: infer E } ? Exclude<keyof K, keyof E> : never) : never;
type Expect<T extends true> = T;
/** Fails to compile, naming the keys, when an area lacks English for some Korean key. */
export type EveryKeyInEnglish = Expect<[MissingEnglish] extends [never] ? true : { missingEnglish: MissingEnglish }>;

export const areas: ReadonlyArray<{ readonly ko: Readonly<Record<string, string>>; readonly en: Readonly<Record<string, string>> }> =
  areaList;

function merge(lang: Lang): Dictionary {
  return Object.assign({}, ...areas.map((a) => a[lang]));
}

// Built by argument-free calls marked pure, so that a browser bundle which imports this module only
// for a loader drops the catalog (tests/integration/i18n-client-bundle.test.ts).
export const dictionaries: Record<Lang, Dictionary> = /* @__PURE__ */ catalog();

function catalog(): Record<Lang, Dictionary> {
  return { ko: merge("ko"), en: merge("en") };
}

/**
 * Translates a key written in the code, filling {name} placeholders (`{name|을}` adds the fitting
 * particle). Keys missing in a language fall back to Korean.
 */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fill(dictionaries[lang][key] ?? dictionaries.ko[key], params);
}

/** For a key built at run time: its message when it exists, else the key itself. */
export function translateDynamic(lang: Lang, key: string, params?: Params): string {
  return fill(dictionaries[lang][key] ?? dictionaries.ko[key] ?? key, params);
}

/** Whether a key built at run time has a message. */
export function isMessageKey(key: string): key is MessageKey {
  return dictionaries.ko[key] !== undefined;
}

const translators: Record<Lang, Translate> = /* @__PURE__ */ makeTranslators();

function makeTranslators(): Record<Lang, Translate> {
  return { ko: translatorOver(dictionaries.ko), en: translatorOver(dictionaries.en, dictionaries.ko) };
}

/** The server's translator for a language (the browser's comes from useT()). */
export function translator(lang: Lang): Translate {
  return translators[lang];
}
