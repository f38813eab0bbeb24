// POST /webhooks/twilio/voice/status — Twilio's call status callback (the number's "call status
// changes" URL; form-encoded, signed). A call nobody took (CallStatus no-answer, busy, failed,
// canceled, or completed within seconds with no staff member on the line) makes sure of the
// caller's phone ticket and its `callback` clock, and is recorded once; a retry adds nothing.
import type { ActionFunctionArgs } from "@remix-run/node";
import { takeCallStatus } from "~/inbound/voice.server";
import { onlyPost, sid, verifiedTwilioRequest } from "~/inbound/twilio.server";
import { limitWebhook } from "~/security/limits.server";

export const loader = () => onlyPost();

const CALL_STATUSES = new Set(["queued", "initiated", "ringing", "in-progress", "completed", "busy", "failed", "no-answer", "canceled"]);
const FINAL_STATUSES = new Set(["completed", "busy", "failed", "no-answer", "canceled"]);

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function action({ request, context }: ActionFunctionArgs) {
  const limited = await limitWebhook(request, context);
  if (limited) return limited;
  const verified = await verifiedTwilioRequest(request);
  if (!verified.ok) return verified.response;
  const p = verified.params;
  const callSid = sid(p.CallSid, ["CA"]);
  const status = (p.CallStatus ?? "").trim().toLowerCase();
  if (!callSid || !CALL_STATUSES.has(status)) return text(400, "Bad request: CallSid and a known CallStatus are expected.");
  // Progress events (ringing, in-progress) change nothing: the call's end decides.
  if (!FINAL_STATUSES.has(status)) return new Response(null, { status: 204 });
  const duration = Number.parseInt(p.CallDuration ?? "0", 10);
  // A <Dial> leg that connected means a staff member spoke with the caller.
  const dial = (p.DialCallStatus ?? "").trim().toLowerCase();
  await takeCallStatus(
    { callSid, from: p.From },
    {
      status,
      durationSeconds: Number.isFinite(duration) && duration > 0 ? Math.min(duration, 86_400) : 0,
      answeredByAgent: dial === "completed" || dial === "answered" || dial === "in-progress",
    },
  );
  return new Response(null, { status: 204 });
}
