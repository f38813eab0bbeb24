// Dates as customers read them, in Korea time (browser-safe).
import { DateTime } from "luxon";
import type { Lang } from "./i18n";

const ZONE = "Asia/Seoul";

function at(iso: string, lang: Lang): DateTime {
  return DateTime.fromISO(iso, { zone: "utc" })
    .setZone(ZONE)
    .setLocale(lang === "ko" ? "ko" : "en-GB");
}

/** "5월 12일(화) 18시" / "18:00 on Tue 12 May" — the form of a due date in a sentence. */
export function dueWords(iso: string, lang: Lang, now = new Date()): string {
  const d = at(iso, lang);
  const sameYear = d.year === DateTime.fromJSDate(now).setZone(ZONE).year;
  if (lang === "ko") {
    const day = d.toFormat(sameYear ? "M월 d일(ccc)" : "yyyy년 M월 d일(ccc)");
    return `${day} ${d.hour}시${d.minute ? ` ${d.minute}분` : ""}`;
  }
  return `${d.toFormat("HH:mm")} on ${d.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy")}`;
}

/** "2026년 5월 12일(화) 14:30" / "Tue 12 May 2026, 14:30". */
export function dateTimeWords(iso: string, lang: Lang): string {
  const d = at(iso, lang);
  return lang === "ko" ? d.toFormat("yyyy년 M월 d일(ccc) HH:mm") : d.toFormat("ccc d LLL yyyy, HH:mm");
}

/** "12.3 KB" / "1.2 MB". */
export function sizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "12월 7일(월)" / "Mon 7 Dec" (the year only when it is not this one) — a calendar date in words. */
export function dateWords(isoDate: string, lang: Lang, now = new Date()): string {
  const d = DateTime.fromISO(isoDate, { zone: ZONE }).setLocale(lang === "ko" ? "ko" : "en-GB");
  const sameYear = d.year === DateTime.fromJSDate(now).setZone(ZONE).year;
  if (lang === "ko") return d.toFormat(sameYear ? "M월 d일(ccc)" : "yyyy년 M월 d일(ccc)");
  return d.toFormat(sameYear ? "ccc d LLL" : "ccc d LLL yyyy");
}
