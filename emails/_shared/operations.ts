// Formatting shared by the operations messages (outage and maintenance notices, outage alerts,
// the compliance report, survey invitations). No server-only imports.
import { DateTime } from "luxon";
import type { Locale } from "./format";

const ZONE = "Asia/Seoul";

/** An instant for an SMS: "5월 8일(금) 18:00" / "Fri 8 May 18:00 KST". */
export function formatShortInstant(iso: string, locale: Locale): string {
  const d = DateTime.fromISO(iso, { setZone: true });
  if (!d.isValid) return iso;
  const k = d.setZone(ZONE);
  return locale === "ko" ? k.setLocale("ko").toFormat("M월 d일(ccc) HH:mm") : `${k.setLocale("en").toFormat("ccc d LLL HH:mm")} KST`;
}

/** A KST calendar date range "2026-05-01 ~ 2026-05-31". */
export function formatPeriod(start: string, end: string): string {
  return `${start} ~ ${end}`;
}

/** Minutes as "1시간 20분" / "1 h 20 min". */
export function formatMinutes(minutes: number | null, locale: Locale): string {
  if (minutes === null) return "—";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale === "ko") return h ? (m ? `${h}시간 ${m}분` : `${h}시간`) : `${m}분`;
  return h ? (m ? `${h} h ${m} min` : `${h} h`) : `${m} min`;
}

export const DEADLINE_STATE: Record<string, Record<Locale, string>> = {
  met: { ko: "준수", en: "met" },
  breached: { ko: "위반", en: "breached" },
  running: { ko: "진행 중", en: "running" },
};

/** Staff-facing names of the SLA metrics (the report and the desk). */
export const STAFF_METRICS: Record<string, Record<Locale, string>> = {
  handoff: { ko: "담당자 전달", en: "Hand-off" },
  first_reply: { ko: "1일 내 답변", en: "First reply" },
  resolution: { ko: "처리 기한", en: "Resolution" },
  callback: { ko: "30분 내 회신 전화", en: "Callback" },
  requested_reply: { ko: "고객 요청 회신일", en: "Requested reply date" },
  promised_date: { ko: "약속 처리일", en: "Promised date" },
  happy_call: { ko: "해피콜", en: "Happy call" },
  correction: { ko: "즉시 시정", en: "Correction" },
  fact_check: { ko: "사실 확인", en: "Fact check" },
  apology: { ko: "사과", en: "Apology" },
  disclosure_decision: { ko: "정보공개 결정", en: "Disclosure decision" },
  remote_contact: { ko: "원격지원 일정 연락", en: "Remote support booking" },
  remote_session: { ko: "원격지원 약속일", en: "Remote support session" },
  eta_notice: { ko: "복구 예정 시각 안내 (3시간)", en: "Recovery ETA notice (3 h)" },
  recovery: { ko: "서비스 복구 (48시간)", en: "Service recovery (48 h)" },
};

export const CHANNELS: Record<string, Record<Locale, string>> = {
  web: { ko: "온라인", en: "Web" },
  email: { ko: "이메일", en: "Email" },
  phone: { ko: "전화", en: "Phone" },
  sms: { ko: "문자", en: "SMS" },
  mail: { ko: "우편", en: "Mail" },
  fax: { ko: "팩스", en: "Fax" },
  visit: { ko: "방문", en: "Visit" },
};

export const RATING_SOURCES: Record<string, Record<Locale, string>> = {
  portal: { ko: "고객 포털", en: "Portal" },
  happy_call: { ko: "해피콜", en: "Happy call" },
  survey: { ko: "만족도 조사", en: "Survey" },
};

export const label = (table: Record<string, Record<Locale, string>>, key: string, locale: Locale) => table[key]?.[locale] ?? key;
