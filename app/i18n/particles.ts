// Korean particles chosen by the word they follow (받침), so messages say "보고서를", "버전 2를",
// "신청을" instead of "을(를)". Used by translate() for placeholders written `{name|을}`.

/** Each pair as [after a final consonant, after a vowel]; 으로/로 also takes 로 after ㄹ. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ["을", "를"],
  ["이", "가"],
  ["은", "는"],
  ["과", "와"],
  ["으로", "로"],
  ["이나", "나"],
  ["이라", "라"],
  ["이에요", "예요"],
  ["이었", "였"],
];

/** The particles a placeholder may name (either form of a pair). */
export const PARTICLES: ReadonlySet<string> = new Set(PAIRS.flat());

const RIEUL = 8; // index of ㄹ among the final consonants

// Sino-Korean readings of the last digit: 영 일 이 삼 사 오 육 칠 팔 구. A trailing 0 of a larger
// number is read 십/백/천/만 — all with a final consonant, none ㄹ — so 0 counts as "has one".
const DIGIT_FINAL: Record<string, "none" | "rieul" | "other"> = {
  "0": "other",
  "1": "rieul",
  "2": "none",
  "3": "other",
  "4": "none",
  "5": "none",
  "6": "other",
  "7": "rieul",
  "8": "rieul",
  "9": "none",
};

// Latin letters as Koreans read a final letter: …l (엘) ends in ㄹ; …m, …n (엠, 엔) end in another
// consonant; the rest (에이, 비, 시, …) end in a vowel. A reading of an English word is a guess;
// this one keeps abbreviations (SMS를, URL을, PDF를) right.
function latinFinal(ch: string): "none" | "rieul" | "other" {
  const c = ch.toLowerCase();
  if (c === "l" || c === "r") return "rieul";
  if (c === "m" || c === "n") return "other";
  return "none";
}

/** What the last readable character of `word` ends in: no final consonant, ㄹ, or another one. */
export function finalSound(word: string): "none" | "rieul" | "other" {
  // Closing brackets and quotes are skipped: "보고서(2)를" is read at the 2.
  const trimmed = word.replace(/[\s)\]}"'’”」』>.,!?]+$/u, "");
  const ch = trimmed.slice(-1);
  if (!ch) return "none";
  const code = ch.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? "none" : jong === RIEUL ? "rieul" : "other";
  }
  if (ch in DIGIT_FINAL) return DIGIT_FINAL[ch];
  if (/[A-Za-z]/.test(ch)) return latinFinal(ch);
  return "none";
}

/** The right form of `particle` (either form of a pair, e.g. 을 or 를) after `word`. */
export function particleFor(word: string, particle: string): string {
  const pair = PAIRS.find(([a, b]) => a === particle || b === particle);
  if (!pair) return particle;
  const sound = finalSound(word);
  if (pair[0] === "으로") return sound === "other" ? "으로" : "로";
  return sound === "none" ? pair[1] : pair[0];
}

/** `word` followed by its particle: withParticle("보고서", "을") → "보고서를". */
export function withParticle(word: string, particle: string): string {
  return word + particleFor(word, particle);
}
