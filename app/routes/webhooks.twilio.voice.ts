// POST /webhooks/twilio/voice — Twilio's "a call comes in" webhook (form-encoded, signed).
// Opens the caller's phone ticket with a `callback` clock (once per CallSid) and answers in
// Korean: nobody can take the call, leave a message after the tone (<Record>).
import type { ActionFunctionArgs } from "@remix-run/node";
import { openCallTicket } from "~/inbound/voice.server";
import { voiceGreeting, voiceUnavailable } from "~/inbound/twiml.server";
import { onlyPost, RECORDING_PATH, sid, twiml, verifiedTwilioRequest, webhookUrl } from "~/inbound/twilio.server";
import { limitWebhook } from "~/security/limits.server";
import { logError } from "~/core/log.server";

export const loader = () => onlyPost();

export async function action({ request, context }: ActionFunctionArgs) {
  const limited = await limitWebhook(request, context);
  if (limited) return limited;
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const p = verified.params;
  const callSid = sid(p.CallSid, ["CA"]);
  if (!callSid) return twiml(voiceUnavailable());
  try {
    await openCallTicket({ callSid, from: p.From });
  } catch (error) {
    // The caller still hears the greeting; the recording callback opens the ticket later.
    logError("twilio voice: could not open the call's ticket now:", error instanceof Error ? error.message : error);
  }
  return twiml(voiceGreeting(webhookUrl(RECORDING_PATH)));
}
