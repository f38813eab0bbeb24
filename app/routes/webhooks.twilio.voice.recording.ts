// POST /webhooks/twilio/voice/recording — the <Record> action, the recording status callback
// and the redirect after a call that left no message. The call's phone ticket is made sure of
// (with its `callback` clock); a voicemail's URL and length are appended once per RecordingSid.
import type { ActionFunctionArgs } from "@remix-run/node";
import { takeRecording } from "~/inbound/voice.server";
import { voiceGoodbye, voiceUnavailable } from "~/inbound/twiml.server";
import { onlyPost, sid, twiml, verifiedTwilioRequest } from "~/inbound/twilio.server";
import { limitWebhook } from "~/security/limits.server";

export const loader = () => onlyPost();

export async function action({ request, context }: ActionFunctionArgs) {
  const limited = await limitWebhook(request, context);
  if (limited) return limited;
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const p = verified.params;
  const callSid = sid(p.CallSid, ["CA"]);
  if (!callSid) return twiml(voiceUnavailable());
  const duration = Number.parseInt(p.RecordingDuration ?? "0", 10);
  const result = await takeRecording(
    { callSid, from: p.From },
    {
      sid: p.RecordingSid ?? null,
      url: p.RecordingUrl ?? null,
      durationSeconds: Number.isFinite(duration) && duration > 0 ? Math.min(duration, 86_400) : 0,
      status: p.RecordingStatus ?? null,
    },
  );
  return twiml(voiceGoodbye(result.voicemail === "none" ? "missed" : "voicemail", result.ticket.reference));
}
