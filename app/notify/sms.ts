// SMS length rules, pure. A message in the GSM 03.38 alphabet is 7-bit: 160 characters in a
// single segment, 153 per segment once concatenated (the header takes 7). Anything else —
// Korean always — goes as UCS-2: 70 UTF-16 code units alone, 67 per concatenated segment.
// The desk keeps every SMS within SMS_MAX_SEGMENTS (2): ≤ 134 code units in UCS-2, ≤ 306 septets in GSM-7.

export const SMS_MAX_SEGMENTS = 2;

const GSM_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Characters of the GSM extension table: each costs two septets (escape + character). */
const GSM_EXTENDED = "^{}\\[~]|€\f";

const basic = new Set(Array.from(GSM_BASIC));
const extended = new Set(Array.from(GSM_EXTENDED));

export type SmsEncoding = "GSM-7" | "UCS-2";

export type SmsSegments = {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** Number of SMS segments the text is sent as (0 for an empty text). */
  segments: number;
  /** Units per segment for a message of this length (160/153 or 70/67). */
  perSegment: number;
};

/** How a text is encoded and into how many segments it is split. */
export function smsSegments(text: string): SmsSegments {
  let gsm = true;
  let septets = 0;
  for (const ch of text) {
    if (basic.has(ch)) septets += 1;
    else if (extended.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) {
    if (septets === 0) return { encoding: "GSM-7", units: 0, segments: 0, perSegment: 160 };
    if (septets <= 160) return { encoding: "GSM-7", units: septets, segments: 1, perSegment: 160 };
    return { encoding: "GSM-7", units: septets, segments: gsmConcatenatedSegments(text), perSegment: 153 };
  }
  const units = text.length; // UTF-16 code units: a character outside the BMP (emoji) takes two
  if (units <= 70) return { encoding: "UCS-2", units, segments: 1, perSegment: 70 };
  return { encoding: "UCS-2", units, segments: ucs2ConcatenatedSegments(text), perSegment: 67 };
}

/** Segments of a long GSM-7 text: an escape pair is never split across two segments. */
function gsmConcatenatedSegments(text: string): number {
  let segments = 1;
  let used = 0;
  for (const ch of text) {
    const cost = extended.has(ch) ? 2 : 1;
    if (used + cost > 153) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/** Segments of a long UCS-2 text: a surrogate pair is never split across two segments. */
function ucs2ConcatenatedSegments(text: string): number {
  let segments = 1;
  let used = 0;
  for (const ch of text) {
    const cost = ch.length;
    if (used + cost > 67) {
      segments++;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

export function fitsSms(text: string, maxSegments = SMS_MAX_SEGMENTS): boolean {
  return smsSegments(text).segments <= maxSegments;
}

/**
 * An SMS built from a fixed head, a variable body (the part that may be cut), a tail (a link
 * or a date) and the note to call that replaces what was cut.
 */
export type SmsParts = { head: string; body?: string; tail?: string; callNote: string };
export type ComposedSms = { text: string; shortened: boolean };

const join = (...lines: Array<string | undefined>) => lines.filter((l) => l !== undefined && l !== "").join("\n");

/**
 * The whole message when it fits in SMS_MAX_SEGMENTS; otherwise the body is cut at the longest
 * prefix that still fits with "…" and the call note (then the tail is dropped, then the text is
 * cut hard as a last resort — never more than the limit).
 */
export function composeSms(parts: SmsParts, maxSegments = SMS_MAX_SEGMENTS): ComposedSms {
  const body = (parts.body ?? "").trim().replace(/\n{3,}/g, "\n\n");
  const full = join(parts.head, body, parts.tail);
  if (fitsSms(full, maxSegments)) return { text: full, shortened: false };

  const chars = Array.from(body);
  for (const tail of [parts.tail, undefined]) {
    const build = (n: number) => join(parts.head, n > 0 ? `${chars.slice(0, n).join("").trimEnd()}…` : undefined, parts.callNote, tail);
    if (!fitsSms(build(0), maxSegments)) continue;
    // Longest prefix that fits: binary search over code points.
    let lo = 0;
    let hi = chars.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fitsSms(build(mid), maxSegments)) lo = mid;
      else hi = mid - 1;
    }
    return { text: build(lo), shortened: true };
  }
  return { text: hardCut(join(parts.head, parts.callNote), maxSegments), shortened: true };
}

function hardCut(text: string, maxSegments: number): string {
  const chars = Array.from(text);
  let n = chars.length;
  while (n > 0 && !fitsSms(`${chars.slice(0, n).join("")}…`, maxSegments)) n--;
  return `${chars.slice(0, n).join("")}…`;
}
