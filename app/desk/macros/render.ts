// Canned replies (상용구): the text a team keeps ready, with variables filled in for the ticket at
// hand. One pure function renders them (server-side, for the ticket page) and one finds unknown
// variables, so a misspelt variable is refused when the macro is saved, never when it is used.
import type { Lang } from "~/i18n/i18n";
import { kst } from "~/lib/time";

/** The variables a macro may use, each under its Korean and its English name. */
export const MACRO_VARIABLES = {
  customerName: ["고객명", "customerName"],
  reference: ["접수번호", "reference"],
  dueDate: ["처리기한", "dueDate"],
  staffName: ["담당자명", "staffName"],
} as const;

export type MacroVariable = keyof typeof MACRO_VARIABLES;
export type MacroValues = Record<MacroVariable, string>;

/** `{고객명}` or `{ customerName }`: braces around a name without spaces or braces. */
const PLACEHOLDER = /\{\s*([^{}\s]{1,40})\s*\}/g;

const BY_NAME: ReadonlyMap<string, MacroVariable> = new Map(
  (Object.entries(MACRO_VARIABLES) as Array<[MacroVariable, readonly string[]]>).flatMap(([key, names]) =>
    names.map((n) => [n, key] as const),
  ),
);

/** The placeholders of `body` that name no variable, each once, in order of appearance. */
export function unknownVariables(body: string): string[] {
  const unknown: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!BY_NAME.has(name) && !unknown.includes(name)) unknown.push(name);
  }
  return unknown;
}

/** The macro's text with every variable replaced by its value (unknown placeholders stay as typed). */
export function renderMacro(body: string, values: MacroValues): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const key = BY_NAME.get(name);
    return key ? values[key] : whole;
  });
}

const KO_WEEKDAYS = ["월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"];

/**
 * A deadline as a customer reads it, in KST: "2026년 12월 8일 화요일 오후 6시",
 * "… 오전 9시 30분"; in English "Tuesday 8 December 2026, 6:00 pm".
 */
export function dueInWords(instant: Date | string, lang: Lang): string {
  const at = kst(instant);
  if (lang === "en") return at.setLocale("en").toFormat("cccc d LLLL yyyy, h:mm a").replace(/AM$/, "am").replace(/PM$/, "pm");
  const half = at.hour < 12 ? "오전" : "오후";
  const hour12 = at.hour % 12 === 0 ? 12 : at.hour % 12;
  const minutes = at.minute ? ` ${at.minute}분` : "";
  return `${at.year}년 ${at.month}월 ${at.day}일 ${KO_WEEKDAYS[at.weekday - 1]} ${half} ${hour12}시${minutes}`;
}
