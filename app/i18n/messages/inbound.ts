// Inbound channels as customers use them: text-message consent (STOP / 수신거부) in the outbox.
export const inbound = {
  ko: {
    "notify.error.sms_opted_out": "고객이 문자 수신을 거부함 (STOP·수신거부) — 문자는 보내지 않았습니다",
  },
  en: {
    "notify.error.sms_opted_out": "The customer opted out of text messages (STOP) — no text was sent",
  },
};
