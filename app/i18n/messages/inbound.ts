// Inbound channels as customers use them: text-message consent (STOP / 수신거부) in the outbox.
const ko = {
  "notify.error.sms_opted_out": "고객이 문자 수신을 거부함 (STOP·수신거부) — 문자는 보내지 않았습니다",
} as const satisfies Record<string, string>;

const en: Record<keyof typeof ko, string> = {
  "notify.error.sms_opted_out": "The customer opted out of text messages (STOP) — no text was sent",
};

export const inbound = { ko, en };
