// The part of i18n that holds no messages, so the browser can use it: languages, the typed
// translator over one language's messages, and filling {placeholders}. The messages themselves
// are in ./i18n.ts (the server's catalog of both languages); the browser gets the active
// language's from the root loader (./use-t.ts).
import type { MessageKey } from "./i18n";
import { withParticle } from "./particles";

export type { MessageKey };

export const LANGS = ["ko", "en"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === "ko" || value === "en";
}

export type Params = Record<string, string | number>;

/** One language's messages. Indexing with a plain string (a key built at run time) may miss. */
export type Dictionary = Readonly<Record<MessageKey, string>> & Readonly<Record<string, string | undefined>>;

export interface Translate {
  /** The message for a key written in the code (a missing key does not compile). */
  (key: MessageKey, params?: Params): string;
  /**
   * For a key built at run time (`status.${row.status}`): the message when the key exists,
   * else the key itself, so a gap shows up as text instead of failing the page.
   */
  dynamic(key: string, params?: Params): string;
  /** Whether a key built at run time has a message. */
  has(key: string): key is MessageKey;
}

/**
 * Fills {name} placeholders. `{name|을}` also appends the particle that fits the value's last
 * sound (를 after a vowel). A placeholder without a value stays as written.
 */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)(?:\|([\uac00-\ud7a3]+))?\}/g, (whole, name: string, particle?: string) => {
    if (!(name in params)) return whole;
    const value = String(params[name]);
    return particle ? withParticle(value, particle) : value;
  });
}

/** A translator over one language's messages; keys it lacks fall back to `fallback`, then to the key. */
export function translatorOver(messages: Dictionary, fallback?: Dictionary): Translate {
  const lookup = (key: string): string => messages[key] ?? fallback?.[key] ?? key;
  const t = ((key: MessageKey, params?: Params) => fill(lookup(key), params)) as Translate;
  t.dynamic = (key, params) => fill(lookup(key), params);
  t.has = (key): key is MessageKey => messages[key] !== undefined || fallback?.[key] !== undefined;
  return t;
}
