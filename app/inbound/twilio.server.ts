// Twilio webhooks: every request is checked against X-Twilio-Signature before anything is read
// into the desk. The signed URL is the one Twilio called — the configured PUBLIC_URL plus the
// request's path and query — so the check holds behind a proxy that rewrites host and scheme.
import twilio from "twilio";
import { readEnv } from "~/config/env.server";

/** Twilio's form posts are a few kilobytes; anything far larger is not Twilio. */
const MAX_BODY_BYTES = 64 * 1024;

export type TwilioParams = Record<string, string>;

/** The public base URL (no trailing slash) Twilio is configured with; read at the moment of use. */
export function webhookBase(): string {
  const e = readEnv();
  return (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** Where <Record> reports the voicemail (and where a call without one is redirected). */
export const RECORDING_PATH = "/webhooks/twilio/voice/recording";

/** The public URL of a webhook path (used in TwiML for callbacks). */
export function webhookUrl(path: string): string {
  return `${webhookBase()}${path}`;
}

const plain = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });

export const twiml = (xml: string) =>
  new Response(xml, { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8", "Cache-Control": "no-store" } });

/** GET and friends on a webhook: only POST is served. */
export const onlyPost = () => plain(405, "Method not allowed: Twilio webhooks are POST requests.", { Allow: "POST" });

/**
 * Reads a Twilio webhook request: its form parameters when the signature is right, else the
 * response to send (403 for a missing or wrong signature or when no auth token is configured,
 * 400/413 for a body that is not a small form).
 */
export async function verifiedTwilioRequest(
  request: Request,
): Promise<{ ok: true; params: TwilioParams } | { ok: false; response: Response }> {
  const token = readEnv().TWILIO_AUTH_TOKEN;
  if (!token) return { ok: false, response: plain(403, "Forbidden: Twilio webhooks are not configured (TWILIO_AUTH_TOKEN is unset).") };
  if (request.method !== "POST") return { ok: false, response: onlyPost() };
  const signature = request.headers.get("x-twilio-signature");
  if (!signature) return { ok: false, response: plain(403, "Forbidden: missing X-Twilio-Signature.") };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, response: plain(413, "Payload too large.") };
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return { ok: false, response: plain(400, "Bad request: a form-encoded body is expected.") };
  }
  let text: string;
  try {
    text = await request.text();
  } catch {
    return { ok: false, response: plain(400, "Bad request: the body could not be read.") };
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return { ok: false, response: plain(413, "Payload too large.") };

  // Twilio signs every value of a repeated key; pass them as an array.
  const form = new URLSearchParams(text);
  const signed: Record<string, string | string[]> = {};
  const params: TwilioParams = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    signed[key] = all.length > 1 ? all : all[0];
    params[key] = all[0];
  }
  const url = new URL(request.url);
  const publicUrl = `${webhookBase()}${url.pathname}${url.search}`;
  let valid = false;
  try {
    valid = twilio.validateRequest(token, signature, publicUrl, signed);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, response: plain(403, "Forbidden: invalid X-Twilio-Signature.") };
  return { ok: true, params };
}

/** A Twilio id of the expected kind (e.g. "SM…", "CA…", "RE…"), or null. */
export function sid(value: string | undefined, prefixes: string[]): string | null {
  const v = value?.trim() ?? "";
  return /^[A-Z]{2}[0-9a-fA-F]{32}$/.test(v) && prefixes.includes(v.slice(0, 2)) ? v : null;
}
