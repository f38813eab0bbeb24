// POST /webhooks/twilio/sms — Twilio's "a message comes in" webhook (form-encoded, signed).
// A text becomes an `sms` ticket or joins the sender's open ticket; the reply (TwiML) gives the
// reference. A retried MessageSid gets the same reply and adds nothing.
import type { ActionFunctionArgs } from "@remix-run/node";
import { takeInboundSms } from "~/inbound/sms.server";
import { emptyMessaging, smsConsentConfirmation, smsReceipt } from "~/inbound/twiml.server";
import { consentKeyword, recordConsent } from "~/notify/sms-consent.server";
import { onlyPost, sid, twiml, verifiedTwilioRequest } from "~/inbound/twilio.server";
import { limitWebhook } from "~/security/limits.server";

export const loader = () => onlyPost();

export async function action({ request, context }: ActionFunctionArgs) {
  const limited = await limitWebhook(request, context);
  if (limited) return limited;
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const p = verified.params;
  const messageSid = sid(p.MessageSid ?? p.SmsSid, ["SM", "MM"]);
  if (!messageSid)
    return new Response("Bad request: MessageSid is missing.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  // STOP / 수신거부 and START / 수신동의: recorded (the desk stops texting), no ticket. Twilio's
  // Advanced Opt-Out (OptOutType set) sends its own confirmation; otherwise the desk confirms.
  const optOutType = p.OptOutType?.toUpperCase();
  const word =
    optOutType === "STOP"
      ? { optedOut: true, keyword: (p.Body ?? "stop").trim().toLowerCase().slice(0, 40) }
      : optOutType === "START"
        ? { optedOut: false, keyword: (p.Body ?? "start").trim().toLowerCase().slice(0, 40) }
        : consentKeyword(p.Body ?? "");
  if (word) {
    await recordConsent(p.From ?? "", word, messageSid);
    return twiml(optOutType ? emptyMessaging() : smsConsentConfirmation(word.optedOut));
  }
  if (optOutType) return twiml(emptyMessaging()); // HELP and the like: Twilio answers them
  const mediaCount = Math.max(0, Math.min(10, Number.parseInt(p.NumMedia ?? "0", 10) || 0));
  const mediaTypes = Array.from({ length: mediaCount }, (_, i) => p[`MediaContentType${i}`]).filter((t): t is string => Boolean(t));
  const outcome = await takeInboundSms({ messageSid, from: p.From ?? "", body: p.Body ?? "", mediaCount, mediaTypes });
  const kind = outcome.kind === "duplicate" ? outcome.first : outcome.kind;
  return twiml(smsReceipt(kind, outcome.reference));
}
