// Masking of stored personal numbers and retention, as the ticket history words them (ADR 0013).
const ko = {
  "desk.event.privacy.masked": "저장된 개인번호 가림 처리",
  "desk.event.privacy.anonymised": "보존기간 경과로 개인정보 익명 처리",
  "desk.history.maskedWhere": "가린 곳: {where}",
  "desk.history.maskedUnknown": "기타 저장 내용",
  "privacy.where.customers": "고객 이름",
  "privacy.where.tickets": "제목·본문",
  "privacy.where.messages": "메시지·답변·메모",
  "privacy.where.attachments": "첨부파일 이름",
  "privacy.where.ticket_events": "처리 이력",
  "privacy.where.notifications": "알림 내용",
  "privacy.where.satisfaction_ratings": "만족도 의견",
  "privacy.where.guarantee_cases": "서비스 보증 기록",
  "privacy.where.disclosure_requests": "정보공개 결정 사유",
  "privacy.where.remote_sessions": "원격지원 기록",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "desk.event.privacy.masked": "Stored personal numbers masked",
  "desk.event.privacy.anonymised": "Personal data anonymised after the retention period",
  "desk.history.maskedWhere": "Masked in: {where}",
  "desk.history.maskedUnknown": "other stored text",
  "privacy.where.customers": "customer name",
  "privacy.where.tickets": "subject and body",
  "privacy.where.messages": "messages, replies and notes",
  "privacy.where.attachments": "attachment names",
  "privacy.where.ticket_events": "history",
  "privacy.where.notifications": "notifications",
  "privacy.where.satisfaction_ratings": "satisfaction comments",
  "privacy.where.guarantee_cases": "service guarantee record",
  "privacy.where.disclosure_requests": "disclosure decision reasons",
  "privacy.where.remote_sessions": "remote support record",
};

export const privacy = { ko, en };
