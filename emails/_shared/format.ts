// Dates and labels for messages, in Korean or English. Shared by the email templates and the
// SMS texts; no server-only imports (the react-email preview bundles this too).
import { DateTime } from "luxon";

export type Locale = "ko" | "en";
const ZONE = "Asia/Seoul";

export const BRAND: Record<Locale, string> = { ko: "고객만족센터", en: "Customer Satisfaction Center" };

/** A KST calendar date ("2026-05-08") as "2026년 5월 8일 (금)" / "Fri 8 May 2026". */
export function formatDate(date: string, locale: Locale): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  if (!d.isValid) return date;
  return locale === "ko" ? d.setLocale("ko").toFormat("yyyy년 M월 d일 (ccc)") : d.setLocale("en").toFormat("ccc d LLL yyyy");
}

/** Short form for SMS: "5월 8일(금)" / "Fri 8 May". */
export function formatShortDate(date: string, locale: Locale): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  if (!d.isValid) return date;
  return locale === "ko" ? d.setLocale("ko").toFormat("M월 d일(ccc)") : d.setLocale("en").toFormat("ccc d LLL");
}

/** An instant as KST: "2026-05-08 18:00 (한국 시간)" / "2026-05-08 18:00 KST". */
export function formatInstant(iso: string, locale: Locale): string {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) return iso;
  const text = d.setZone(ZONE).toFormat("yyyy-MM-dd HH:mm");
  return locale === "ko" ? `${text} (한국 시간)` : `${text} KST`;
}

const METRICS: Record<string, Record<Locale, string>> = {
  handoff: { ko: "담당자 전달", en: "hand-off to a responsible person" },
  first_reply: { ko: "1일 내 답변", en: "first reply within 1 working day" },
  resolution: { ko: "처리 기한 (최대 7영업일)", en: "resolution within 7 working days" },
  callback: { ko: "30분 내 연락", en: "call back within 30 minutes" },
  requested_reply: { ko: "요청하신 회신일", en: "the reply date you asked for" },
  promised_date: { ko: "약속드린 처리 예정일", en: "the date we promised" },
  happy_call: { ko: "만족도 확인", en: "satisfaction check" },
  correction: { ko: "즉시 시정", en: "immediate correction" },
  fact_check: { ko: "사실 확인 결과 안내 (1일 내)", en: "fact-check result within 1 working day" },
  apology: { ko: "불친절 신고에 대한 사과", en: "apology for unkind service" },
  disclosure_decision: { ko: "정보공개 결정", en: "information-disclosure decision" },
  remote_contact: { ko: "원격지원 일정 연락 (1영업일 내)", en: "a call to book remote support within 1 working day" },
  remote_session: { ko: "약속드린 원격지원", en: "the remote support session we booked" },
};

/** The name of an SLA promise (metric) in the customer's or staff member's language. */
export function metricLabel(metric: string, locale: Locale): string {
  return METRICS[metric]?.[locale] ?? metric;
}

/**
 * A clock's labels per language, as the desk computes them from the policy the clock counts with
 * ("처리 완료 (14영업일)"): carried in the payload so that an alert never states another period.
 */
export type ClockLabels = Partial<Record<Locale, Record<string, string>>>;

/** The clock's label from the payload, else the metric's general name (payloads queued before labels). */
export function clockName(metric: string, locale: Locale, labels?: ClockLabels): string {
  return labels?.[locale]?.[metric] ?? metricLabel(metric, locale);
}

/** "a, b and c" / "a, b 및 c". */
export function listOf(items: string[], locale: Locale): string {
  if (items.length <= 1) return items.join("");
  const head = items.slice(0, -1).join(", ");
  return locale === "ko" ? `${head} 및 ${items[items.length - 1]}` : `${head} and ${items[items.length - 1]}`;
}

/** Splits a plain text into paragraphs (blank lines) of lines, for rendering without HTML. */
export function paragraphs(text: string): string[][] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.split("\n"))
    .filter((p) => p.join("").trim() !== "");
}
