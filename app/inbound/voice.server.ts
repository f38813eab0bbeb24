// Inbound calls (Twilio) → phone tickets with a `callback` clock. Nobody takes the call live: the
// caller hears a Korean greeting and may leave a voicemail. The ticket opens when the call comes
// in (one per CallSid), so a caller who hangs up at once is still called back; a voicemail is
// appended to it (once per RecordingSid) with its URL and length — the audio stays at Twilio.
import { formatKst } from "~/lib/time";
import { DeskError } from "~/tickets/errors";
import { appendInboundMessage } from "~/tickets/tickets.server";
import { createOnce, inboundActor, type InboundOutcome } from "./common.server";
import { callerNumber } from "./sms.server";

export type InboundCall = { callSid: string; from: string | undefined };

export type RecordingReport = {
  /** RecordingSid, or the one in the recording's URL. */
  sid: string | null;
  url: string | null;
  durationSeconds: number;
  /** RecordingStatus of a status callback ("completed", "absent", "failed"); null for the <Record> action. */
  status: string | null;
};

const actor = inboundActor("voice");

function callIntake(call: InboundCall, now: Date) {
  const phone = callerNumber(call.from);
  const who = phone ?? "발신번호 미상";
  const callback = phone
    ? "고객에게 다시 전화해 주세요."
    : "발신번호가 표시되지 않아 다시 걸 수 없습니다. 음성 메시지에 남긴 연락처를 확인해 주세요.";
  return {
    channel: "phone" as const,
    category: "general",
    subject: `부재중 전화 — 콜백 요청 (${who})`,
    body:
      `${who}에서 ${formatKst(now)}에 걸려 온 전화를 상담원이 받지 못해 음성사서함으로 안내했습니다. ` +
      `음성 메시지가 남겨지면 이 문의에 이어서 기록됩니다. ${callback}`,
    customer: { name: who, phone: phone ?? undefined },
    receivedAt: now,
    callbackRequested: phone !== null,
    resolvedOnContact: false,
  };
}

/** The call's ticket: opened once per CallSid (a retried webhook finds the same one). */
export function openCallTicket(call: InboundCall, now: Date = new Date()): Promise<InboundOutcome> {
  return createOnce(callIntake(call, now), actor, call.callSid);
}

/** A recording worth keeping: audio was recorded and Twilio says where. */
export function hasVoicemail(r: RecordingReport): boolean {
  if (r.status && r.status !== "completed") return false;
  return Boolean(r.url) && r.durationSeconds > 0;
}

/** Only Twilio's own https addresses are kept as the recording's location. */
export function recordingLocation(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" || !(u.hostname === "twilio.com" || u.hostname.endsWith(".twilio.com"))) return null;
    return u.toString().slice(0, 500);
  } catch {
    return null;
  }
}

/** The RecordingSid Twilio sent, else the one at the end of the recording's URL. */
export function recordingSid(sid: string | null | undefined, url: string | null | undefined): string | null {
  const valid = (v: string | null | undefined) => (v && /^RE[0-9a-fA-F]{32}$/.test(v) ? v : null);
  return valid(sid) ?? valid(/\/Recordings\/(RE[0-9a-fA-F]{32})/.exec(url ?? "")?.[1]) ?? null;
}

function voicemailText(r: RecordingReport): string {
  const where = recordingLocation(r.url);
  return [
    `[음성 메시지] 녹음 길이 ${r.durationSeconds}초`,
    where ? `녹음 파일: ${where}` : "녹음 파일 주소를 받지 못했습니다.",
    "(녹음은 Twilio에 보관되어 있으며 데스크로 내려받지 않습니다.)",
  ].join("\n");
}

export type RecordingOutcome = { ticket: InboundOutcome; voicemail: "stored" | "duplicate" | "none" };

/**
 * The <Record> action, the recording status callback and the no-recording redirect all come
 * here: the call's ticket is made sure of, and a voicemail (if any) is appended once.
 */
export async function takeRecording(call: InboundCall, recording: RecordingReport, now: Date = new Date()): Promise<RecordingOutcome> {
  const ticket = await openCallTicket(call, now);
  if (!hasVoicemail(recording)) {
    // A missed call without a message: said once on the ticket (a retry finds the same marker).
    await appendOnce(ticket, call, { body: "[부재중 전화] 음성 메시지 없이 통화가 끝났습니다.", externalId: `${call.callSid}:no-message` });
    return { ticket, voicemail: "none" };
  }
  const externalId = recordingSid(recording.sid, recording.url) ?? `${call.callSid}:recording`;
  const appended = await appendOnce(ticket, call, { body: voicemailText(recording), externalId });
  return { ticket: appended.ticket, voicemail: appended.duplicate ? "duplicate" : "stored" };
}

async function appendOnce(
  ticket: InboundOutcome,
  call: InboundCall,
  message: { body: string; externalId: string },
): Promise<{ ticket: InboundOutcome; duplicate: boolean }> {
  const input = { via: "phone" as const, body: message.body, externalId: message.externalId, verbatim: true };
  try {
    const r = await appendInboundMessage(ticket.ticketId, input, actor);
    return { ticket, duplicate: r.duplicate };
  } catch (error) {
    if (!(error instanceof DeskError && error.status === 409)) throw error;
    // The call's ticket was already resolved: the message opens a new one rather than be lost.
    const fresh = await createOnce(callIntake(call, new Date()), actor, `${call.callSid}:after-resolution`);
    const r = await appendInboundMessage(fresh.ticketId, input, actor);
    return { ticket: fresh, duplicate: r.duplicate };
  }
}
