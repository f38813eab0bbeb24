// The two ways out: email over SMTP (nodemailer) and SMS through Twilio's REST API (the official
// client; TWILIO_API_URL points it at another base URL, e.g. a local fake or a proxy).
import nodemailer from "nodemailer";
import twilio from "twilio";
import type { SmtpConfig, TwilioConfig } from "./config.server";
import { notificationMessageId, replyAddress } from "./threading";

/** A send that did not succeed. `permanent`: retrying the same message cannot help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export type Sent = { providerId: string };

const TIMEOUT_MS = 20_000;

type Mailer = ReturnType<typeof nodemailer.createTransport>;
const mailers = new Map<string, Mailer>();

function mailer(url: string): Mailer {
  let m = mailers.get(url);
  if (!m) {
    // No pool: one connection per message, so a server that went away is noticed at once.
    m = nodemailer.createTransport({ url, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
    mailers.set(url, m);
  }
  return m;
}

/** `threaded`: mail to a customer about a ticket, whose reply should find the ticket (Reply-To: desk+<id>@…). */
export type EmailMessage = { to: string; subject: string; html: string; text: string; notificationId: string; threaded?: boolean };

export async function sendEmail(config: SmtpConfig, message: EmailMessage): Promise<Sent> {
  try {
    const info = await mailer(config.url).sendMail({
      from: config.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      // The same Message-ID on every attempt: a receiving system can drop a duplicate.
      messageId: notificationMessageId(message.notificationId),
      replyTo: (message.threaded && replyAddress(config.from, message.notificationId)) || undefined,
      headers: { "X-Desk-Notification": message.notificationId, "Auto-Submitted": "auto-generated" },
    });
    return { providerId: info.messageId ?? message.notificationId };
  } catch (error) {
    throw smtpError(error);
  }
}

function smtpError(error: unknown): DeliveryError {
  const e = error as { message?: string; code?: string; responseCode?: number; response?: string };
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  // 5xx is a definite refusal (unknown mailbox, rejected content); 4xx and network errors may pass later.
  const permanent = code !== undefined && code >= 500 && code < 600;
  const detail = [e.code, code, e.response ?? e.message].filter(Boolean).join(" ");
  return new DeliveryError(`smtp: ${detail || String(error)}`.slice(0, 500), permanent);
}

type TwilioClient = ReturnType<typeof twilio>;
const twilioClients = new Map<string, TwilioClient>();

function twilioClient(config: TwilioConfig): TwilioClient {
  const key = `${config.accountSid}\u0000${config.authToken}\u0000${config.apiUrl ?? ""}`;
  let client = twilioClients.get(key);
  if (!client) {
    client = twilio(config.accountSid, config.authToken, { timeout: TIMEOUT_MS, autoRetry: false });
    // The API domain's base URL is a public property of the client (default https://api.twilio.com).
    if (config.apiUrl) client.api.baseUrl = config.apiUrl.replace(/\/$/, "");
    twilioClients.set(key, client);
  }
  return client;
}

export type SmsMessage = { to: string; body: string };

export async function sendSms(config: TwilioConfig, message: SmsMessage): Promise<Sent> {
  try {
    // TWILIO_FROM is a sender number, or a Messaging Service (MG…) that picks one.
    const from = /^MG[0-9a-f]{32}$/i.test(config.from) ? { messagingServiceSid: config.from } : { from: config.from };
    const sent = await twilioClient(config).messages.create({ to: message.to, body: message.body, ...from });
    return { providerId: sent.sid };
  } catch (error) {
    throw twilioError(error);
  }
}

function twilioError(error: unknown): DeliveryError {
  const e = error as { message?: string; status?: number; code?: number | string };
  const status = typeof e.status === "number" ? e.status : undefined;
  // A 4xx answer (bad number, unverified sender, bad credentials) will not change on retry; 429 will.
  const permanent = status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408;
  const detail = [status, e.code, e.message].filter((x) => x !== undefined && x !== "").join(" ");
  return new DeliveryError(`twilio: ${detail || String(error)}`.slice(0, 500), permanent);
}
