// 개인정보 수집·이용 동의 (PIPA 제15조 제2항, 제22조). The wording is versioned: a ticket records the
// version the customer agreed to (in its ticket.created event and tickets.privacy_consent_version),
// so a later change of wording never rewrites what someone agreed to. Change the "consent.*" texts
// (app/i18n/messages/portal-more.ts) → raise the version.
export const PRIVACY_CONSENT_VERSION = "2026-12-v1";

/** The form field of the required checkbox. */
export const CONSENT_FIELD = "privacyConsent";
