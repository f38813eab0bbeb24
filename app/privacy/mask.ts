// Personal numbers typed into complaints are masked before they are stored or shown
// (SERVICE-STANDARDS §7). One output format per kind of number, everywhere:
//   resident registration number  900101-1******
//   card number                   1234-****-****-3456
//   bank account number           110-****-6789
// The unmasked value is never kept, so it cannot leak into logs or exports later.

const RRN = /(?<!\d)(\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\s?[-–]?\s?([1-8])\d{6}(?!\d)/g;
const CARD = /(?<![\d-])(\d{4})[- ]?(\d{4})[- ]?(\d{4})[- ]?(\d{4})(?![\d-])/g;
// Dashed groups (2+ dashes) or a bare run of 10–14 digits; phone numbers start with 0 (or +,
// the international form "+82-10-1234-5678") and are kept.
const ACCOUNT_DASHED = /(?<![\d+-])([1-9]\d{1,5})-(\d{1,8})-(\d{1,8})(?:-(\d{1,8}))?(?![\d-])/g;
const ACCOUNT_BARE = /(?<![\d+-])([1-9]\d{9,13})(?![\d-])/g;

export type MaskResult = { text: string; masked: Array<"rrn" | "card" | "account"> };

// The desk's own identifiers (UUIDs of cases, timers, notifications) are never personal numbers,
// but their digit runs can look like an account number ("ab345678-1234-4a67-…"): they are left
// whole. An all-digit UUID shape is still masked — a person may type numbers that way.
const UUID_WITH_LETTER = /\b(?=[0-9a-f-]*[a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

export function maskPersonalNumbers(input: string): MaskResult {
  const masked = new Set<"rrn" | "card" | "account">();
  const pieces: string[] = [];
  let from = 0;
  for (const m of input.matchAll(UUID_WITH_LETTER)) {
    pieces.push(maskPiece(input.slice(from, m.index), masked), m[0]);
    from = m.index + m[0].length;
  }
  pieces.push(maskPiece(input.slice(from), masked));
  return { text: pieces.join(""), masked: [...masked] };
}

function maskPiece(input: string, masked: Set<"rrn" | "card" | "account">): string {
  let text = input.replace(RRN, (_m, yy, mm, dd, gender) => {
    masked.add("rrn");
    return `${yy}${mm}${dd}-${gender}******`;
  });
  text = text.replace(CARD, (_m, a, _b, _c, d) => {
    masked.add("card");
    return `${a}-****-****-${d}`;
  });
  text = text.replace(ACCOUNT_DASHED, (match: string, first: string) => {
    const digits = match.replace(/\D/g, "");
    if (digits.length < 10 || digits.length > 16) return match;
    masked.add("account");
    return `${first}-****-${digits.slice(-4)}`;
  });
  text = text.replace(ACCOUNT_BARE, (_m, digits: string) => {
    masked.add("account");
    return `${digits.slice(0, 3)}-****-${digits.slice(-4)}`;
  });
  return text;
}

export function maskText(input: string): string {
  return maskPersonalNumbers(input).text;
}
