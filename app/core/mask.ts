// Personal numbers typed into complaints are masked before they are stored or shown
// (SERVICE-STANDARDS §7). One output format per kind of number, everywhere:
//   resident registration number  900101-1******
//   card number                   1234-****-****-3456
//   bank account number           110-****-6789
// The unmasked value is never kept, so it cannot leak into logs or exports later.
//
// People type numbers every way a keyboard or a phone allows: full-width digits (９００１０１),
// em/en dashes, the minus sign, dots, slashes, underscores, spaces. Matching runs on a normalised
// copy of the text (NFKC, every dash-like character read as "-", every space as " "), and each
// match replaces the original characters it came from — text that is not a personal number is
// returned exactly as typed.

type Kind = "rrn" | "card" | "account";

/**
 * The version of the masking rules. Raise it whenever a pattern changes so that what is already
 * stored is walked again with the new rules (`privacy:mask-stored`, ADR 0013).
 */
export const MASK_VERSION = 1;
export type MaskResult = { text: string; masked: Kind[] };

// Between digit groups: one separator, optionally with spaces around it, or one space.
const SEP = String.raw`(?: ?[-./_] ?| )`;
// A number does not touch an ASCII letter (codes, tokens, ids), nor continue a longer number, a
// time or an amount ("+82 10 …", "00:10 …", "1,000 …").
const NOT_AFTER = String.raw`(?<![A-Za-z])(?<![\d+](?:[-./_] ?| ))(?<![\d+])(?<!\d[:,])`;
const NOT_BEFORE = String.raw`(?!(?: ?[-./_]| )\d)(?![A-Za-z\d])(?![:,]\d)`;
// Resident registration and card numbers have a fixed shape: one may follow another after a space.
const NOT_AFTER_TIGHT = String.raw`(?<![A-Za-z])(?<![\d+][-./_]?)(?<!\d[:,])`;
const NOT_BEFORE_TIGHT = String.raw`(?![-./_]?\d)(?![A-Za-z\d])(?![:,]\d)`;

const RRN = new RegExp(
  String.raw`${NOT_AFTER_TIGHT}(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])${SEP}?([1-8])\d{6}${NOT_BEFORE_TIGHT}`,
  "g",
);
// 16 digits in fours (15 as 4-6-5), one separator throughout: two phone numbers side by side
// ("1588-0000 1588-0000") are not a card.
const CARD = new RegExp(String.raw`${NOT_AFTER_TIGHT}(\d{4})(${SEP}?)(?:\d{4}\2\d{4}|\d{6}\2\d)\2(\d{4})${NOT_BEFORE_TIGHT}`, "g");
// Three or four groups with the same separator ("110-123-456789", "110 123 456789"); phone
// numbers start with 0 (or +, "+82-10-1234-5678") and are kept, and dates have too few digits.
const ACCOUNT_GROUPED = new RegExp(
  String.raw`${NOT_AFTER}([1-9]\d{1,5})((?: ?[-./_] ?| ))\d{1,8}\2\d{1,8}(?:\2\d{1,8})?${NOT_BEFORE}`,
  "g",
);
const ACCOUNT_BARE = new RegExp(String.raw`${NOT_AFTER}([1-9]\d{9,13})(?![A-Za-z\d])(?![:,]\d)`, "g");

// The desk's own identifiers (UUIDs of cases, timers, notifications) are never personal numbers,
// but their digit runs can look like an account number ("ab345678-1234-4a67-…"): they are left
// whole. An all-digit UUID shape is still masked — a person may type numbers that way.
// Email addresses are how the desk reaches a customer and are kept whole too.
const UUID_WITH_LETTER = /(?<![0-9a-f])(?=[0-9a-f-]*[a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
// IPv4 addresses (the audit log's client address) are dotted groups too, and not personal numbers.
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(String.raw`(?<![\d.])${OCTET}(?:\.${OCTET}){3}(?![\d.])`, "g");

// A Korean phone number written with separators ("010-1234-5678", "02.123.4567") is kept, and an
// account number that follows it after a space is still recognised.
const PHONE = /(?<![\d+])0\d{1,2}([-.])\d{3,4}\1\d{4}(?![\d-./_])/g;

const DASH_LIKE = /^[\p{Pd}\u2212\u2043\uFE63\uFF0D]$/u;
const INVISIBLE = /^[\p{Cf}]$/u;

/** The text as matching sees it; `start`/`end`: each character's span in the original (null: the same position). */
type Normalised = { text: string; start: number[] | null; end: number[] | null };

/**
 * Every pattern that masks needs at least this many digits (the shortest, an account number,
 * has 10), and the only characters that matching reads as digits are Unicode numbers (ASCII
 * digits, and the full-width, mathematical, circled… digits NFKC folds to them).
 */
export const MIN_MASKED_DIGITS = 10;
const NUMBER_CHAR = /\p{N}/gu;
// Every pattern that masks is a chain of at least MIN_MASKED_DIGITS digits, each group joined to
// the next by at most one separator: text (as matching reads it) without such a chain has none.
const DIGIT_CHAIN = new RegExp(String.raw`\d(?:${SEP}?\d){${MIN_MASKED_DIGITS - 1},}`);
const NON_ASCII = /[^\x00-\x7f]/;
const ASCII_SPACE = /[\t\n\v\f\r]/g;

export function fewerNumberCharsThan(input: string, min: number): boolean {
  NUMBER_CHAR.lastIndex = 0;
  let n = 0;
  while (n < min && NUMBER_CHAR.exec(input)) n++;
  return n < min;
}

/**
 * The text as matching sees it. ASCII text skips the walk: only its whitespace changes (no ASCII
 * character is dash-like but "-", invisible, or changed by NFKC) and every character keeps its place.
 */
export function normalise(input: string): Normalised {
  if (!NON_ASCII.test(input)) return { text: input.replace(ASCII_SPACE, " "), start: null, end: null };
  return normaliseUnicode(input);
}

/** The text as matching sees it, with each character's span in the original. */
export function normaliseUnicode(input: string): Normalised {
  let text = "";
  const start: number[] = [];
  const end: number[] = [];
  let index = 0;
  for (const char of input) {
    const next = index + char.length;
    let out: string;
    if (DASH_LIKE.test(char)) out = "-";
    else if (/^\s$/u.test(char)) out = " ";
    else if (INVISIBLE.test(char)) out = "";
    else {
      // One character stays one character: full-width digits and separators become ASCII.
      const folded = char.normalize("NFKC");
      out = [...folded].length === 1 ? folded : char;
      if (DASH_LIKE.test(out)) out = "-";
      else if (/^\s$/u.test(out)) out = " ";
    }
    for (let k = 0; k < out.length; k++) {
      start.push(index);
      end.push(next);
    }
    text += out;
    index = next;
  }
  return { text, start, end };
}

type Span = { from: number; to: number; replacement: string | null; kind?: Kind };

export function maskPersonalNumbers(input: string): MaskResult {
  // Most stored text (ids, names, subjects, dates) has too few digits to hold any number that is
  // masked: returned as it is without normalising it (a sweep masks thousands of payloads).
  if (fewerNumberCharsThan(input, MIN_MASKED_DIGITS)) return { text: input, masked: [] };
  const { text, start, end } = normalise(input);
  if (!DIGIT_CHAIN.test(text)) return { text: input, masked: [] };
  const spans: Span[] = [];
  const free = (from: number, to: number) => spans.every((s) => to <= s.from || from >= s.to);
  const take = (pattern: RegExp, replace: ((m: RegExpMatchArray) => string | undefined) | null, kind?: Kind, source = text) => {
    for (const m of source.matchAll(pattern)) {
      const from = m.index!;
      const to = from + m[0].length;
      if (!free(from, to)) continue;
      const replacement = replace ? replace(m) : null;
      if (replacement === undefined) continue;
      spans.push({ from, to, replacement, kind });
    }
  };
  take(UUID_WITH_LETTER, null);
  take(EMAIL, null);
  take(IPV4, null);
  take(RRN, (m) => `${m[1]}${m[2]}${m[3]}-${m[4]}******`, "rrn");
  take(CARD, (m) => `${m[1]}-****-****-${m[3]}`, "card");
  // An account number may follow (or precede) a resident registration, card or phone number after
  // just a space ("850715-2234561 110 987 654321"): matched on a copy where those are blanked out, so the
  // rule that keeps "+82 10 1234 5678" whole (no account right after another digit group) does
  // not hide it.
  take(PHONE, null);
  let blanked = text;
  for (const span of spans) blanked = blanked.slice(0, span.from) + "#".repeat(span.to - span.from) + blanked.slice(span.to);
  take(
    ACCOUNT_GROUPED,
    (m) => {
      const digits = m[0].replace(/\D/g, "");
      return digits.length < 10 || digits.length > 16 ? undefined : `${m[1]}-****-${digits.slice(-4)}`;
    },
    "account",
    blanked,
  );
  take(ACCOUNT_BARE, (m) => `${m[1].slice(0, 3)}-****-${m[1].slice(-4)}`, "account", blanked);

  const masked = new Set<Kind>();
  const replacements = spans.filter((s) => s.replacement !== null).sort((a, b) => a.from - b.from);
  let out = "";
  let cursor = 0;
  for (const span of replacements) {
    const from = start ? start[span.from] : span.from;
    const to = end ? end[span.to - 1] : span.to;
    out += input.slice(cursor, from) + span.replacement;
    cursor = to;
    masked.add(span.kind!);
  }
  out += input.slice(cursor);
  return { text: out, masked: [...masked] };
}

export function maskText(input: string): string {
  return maskPersonalNumbers(input).text;
}

/**
 * Every string inside a JSON value masked (keys too: a personal number can be used as a key).
 * The last line of defence for event data, notification payloads and job data.
 */
export function maskJson<T>(value: T, cache?: Map<string, string>): T {
  const mask = cache
    ? (text: string) => {
        let masked = cache.get(text);
        if (masked === undefined) cache.set(text, (masked = maskText(text)));
        return masked;
      }
    : maskText;
  return maskJsonValue(value, 0, mask) as T;
}

/**
 * A cache for maskJson over many values that share strings (a sweep's thousands of alerts repeat
 * the same keys, clock labels and subjects): each distinct string is masked once.
 */
export function maskCache(): Map<string, string> {
  return new Map();
}

function maskJsonValue(value: unknown, depth: number, mask: (text: string) => string): unknown {
  if (typeof value === "string") return mask(value);
  if (value === null || typeof value !== "object" || depth > 64) return value;
  // A value with nothing to mask is returned as it is, not copied: a sweep's payloads are many
  // and share their lists, and almost none holds a personal number.
  if (Array.isArray(value)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const masked = maskJsonValue(value[i], depth + 1, mask);
      if (masked !== value[i] && !out) out = value.slice(0, i);
      out?.push(masked);
    }
    return out ?? value;
  }
  if (value instanceof Date) return value;
  const entries = Object.entries(value);
  let changed = false;
  const masked = entries.map(([key, v]): [string, unknown] => {
    const k = mask(key);
    const m = maskJsonValue(v, depth + 1, mask);
    if (k !== key || m !== v) changed = true;
    return [k, m];
  });
  return changed ? Object.fromEntries(masked) : value;
}
