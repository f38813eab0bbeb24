// Transport settings, read at the moment of delivery (not cached): an administrator who sets
// SMTP_URL or the Twilio variables and restarts the worker can retry what waited in the outbox.
import { readEnv } from "~/config/env.server";

export type SmtpConfig = { url: string; from: string };
export type TwilioConfig = { accountSid: string; authToken: string; from: string; apiUrl?: string };

export type NotifyConfig = {
  smtp: SmtpConfig | null;
  twilio: TwilioConfig | null;
  /** Why a transport is not configured, for the outbox. */
  smtpMissing: string | null;
  twilioMissing: string | null;
  deskPhone?: string;
  retryLimit: number;
  retryDelaySeconds: number;
};

export function notifyConfig(source?: NodeJS.ProcessEnv): NotifyConfig {
  const e = readEnv(source);
  const smtp = e.SMTP_URL ? { url: e.SMTP_URL, from: e.MAIL_FROM } : null;
  const missingTwilio = (
    [
      ["TWILIO_ACCOUNT_SID", e.TWILIO_ACCOUNT_SID],
      ["TWILIO_AUTH_TOKEN", e.TWILIO_AUTH_TOKEN],
      ["TWILIO_FROM", e.TWILIO_FROM],
    ] as const
  )
    .filter(([, v]) => !v?.trim())
    .map(([k]) => k);
  const twilio =
    missingTwilio.length === 0
      ? {
          accountSid: e.TWILIO_ACCOUNT_SID!.trim(),
          authToken: e.TWILIO_AUTH_TOKEN!.trim(),
          from: e.TWILIO_FROM!.trim(),
          apiUrl: e.TWILIO_API_URL,
        }
      : null;
  return {
    smtp,
    twilio,
    smtpMissing: smtp ? null : "SMTP_URL",
    twilioMissing: twilio ? null : missingTwilio.join(", "),
    deskPhone: e.DESK_PHONE || undefined,
    retryLimit: e.NOTIFY_RETRY_LIMIT,
    retryDelaySeconds: e.NOTIFY_RETRY_DELAY_SECONDS,
  };
}
