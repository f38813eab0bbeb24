// Korean first, English second. Messages live per area in ./messages/*.ts; each area file
// exports { ko, en } with the same keys (a unit test checks they match).
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
import { bulkWake } from "./messages/bulk-wake";
import { withParticle } from "./particles";

export const LANGS = ["ko", "en"] as const;
export type Lang = (typeof LANGS)[number];

type Dictionary = Record<string, string>;
const areas: Array<{ ko: Dictionary; en: Dictionary }> = [common, tickets, errors, sla, desk, intake, admin, notify, portal, operations, dashboard, security, guarantee, disclosure, remote, inbound, harden, people, portalCustomer, backup, voiceDesk, words, queue, portalMore, privacy, surveysLaunch, workspace, live, dashboardCharts, adminConsole, visits, bulkWake];

export const dictionaries: Record<Lang, Dictionary> = {
  ko: Object.assign({}, ...areas.map((a) => a.ko)),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

export function isLang(value: unknown): value is Lang {
  return value === "ko" || value === "en";
}

/**
 * Translates a key, filling {name} placeholders. `{name|을}` also appends the particle that fits
 * the value's last sound (를 after a vowel). Unknown keys fall back to Korean, then to the key.
 */
export function translate(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const template = dictionaries[lang][key] ?? dictionaries.ko[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)(?:\|([\uac00-\ud7a3]+))?\}/g, (whole, name: string, particle?: string) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    return particle ? withParticle(value, particle) : value;
  });
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => translate(lang, key, params);
}
