// The help a visitor asked for (몸이 불편하신 고객의 방문), in words: shared by the visit emails and texts.
import { listOf, type Locale } from "./format";

const HELP: Record<string, Record<Locale, string>> = {
  wheelchair: { ko: "휠체어 지원", en: "a wheelchair" },
  guide: { ko: "안내 직원 동행", en: "a staff member to guide you" },
  sign_language: { ko: "수어 통역", en: "sign-language interpreting" },
  parking: { ko: "장애인 주차 안내", en: "accessible parking" },
  other: { ko: "기타 도움", en: "other help" },
};

/** "휠체어 지원 및 수어 통역" / "a wheelchair and sign-language interpreting"; "other" says what. */
export function helpWords(help: string[], other: string | undefined, locale: Locale): string {
  return listOf(
    help.map((h) => (h === "other" && other ? `${HELP.other[locale]} (${other})` : (HELP[h]?.[locale] ?? HELP.other[locale]))),
    locale,
  );
}
