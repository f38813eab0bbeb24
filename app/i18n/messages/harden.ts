// Hardening: confirmed status subscriptions, refused query parameters, and other edges.
const ko = {
  "notify.template.status_confirm": "서비스 상태 알림 신청 확인",
  "ops.subscribe.sent": "확인 메일(또는 문자)을 보냈습니다. 받으신 링크를 열어 확인하시면 그때부터 알림을 보내 드립니다.",
  "ops.subscribe.limited": "신청이 너무 많습니다. {minutes}분 뒤에 다시 시도해 주세요.",
  "ops.confirm.title": "알림 신청 확인",
  "ops.confirm.ask": "{address|로} 서비스 중단·점검 알림을 받으시겠어요?",
  "ops.confirm.submit": "알림 받기",
  "ops.confirm.done": "확인되었습니다. 앞으로 서비스 중단과 점검 소식을 알려 드리겠습니다.",
  "audit.dateOrder": "끝 날짜는 시작 날짜와 같거나 뒤여야 합니다.",
  "audit.exportRefused": "내보낼 조건을 읽을 수 없습니다: {fields}. 감사 로그 화면에서 날짜를 고친 뒤 다시 내보내 주세요.",
  "ops.confirm.invalid": "이 링크로는 신청을 확인할 수 없습니다. 기한(24시간)이 지났거나 주소가 정확하지 않습니다. 다시 신청해 주세요.",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "notify.template.status_confirm": "Status notifications confirmation",
  "ops.subscribe.sent": "We have sent a confirmation by email (or text message). Notices start once you open its link.",
  "ops.subscribe.limited": "Too many requests. Please try again in {minutes} minutes.",
  "ops.confirm.title": "Confirm notifications",
  "ops.confirm.ask": "Receive outage and maintenance notices at {address}?",
  "ops.confirm.submit": "Receive notices",
  "ops.confirm.done": "Confirmed. We will let you know about outages and maintenance.",
  "audit.dateOrder": "The end date must be the same as or after the start date.",
  "audit.exportRefused": "The export's filters cannot be read: {fields}. Correct the dates on the audit log page and export again.",
  "ops.confirm.invalid":
    "This link cannot confirm a subscription: it has expired (after 24 hours) or is not complete. Please subscribe again.",
};

export const harden = { ko, en };
