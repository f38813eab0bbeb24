// Inbound calls (Twilio) → phone tickets with a `callback` clock. Nobody takes the call live: the
// caller hears a Korean greeting and may leave a voicemail. The ticket opens when the call comes
// in (one per CallSid), so a caller who hangs up at once is still called back; the call status
// callback records a missed or abandoned call; a voicemail is appended (once per RecordingSid)
// with its length, and its recording is linked to the ticket for staff — the audio stays at
// Twilio and its address never reaches the customer's pages. A later call from a number whose
// callback is still open joins that ticket and its one clock.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { callRecordings, customers, slaTimers, tickets } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import { formatKst } from "~/lib/time";
import { DeskError } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { appendInboundMessage } from "~/tickets/tickets.server";
import { createOnce, findByExternalId, inboundActor, knownNameByPhone, type InboundOutcome } from "./common.server";
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

/** "010-1234-5678" → "5678": what the subject says of the number (the customer record holds it whole). */
const lastDigits = (phone: string) => phone.replace(/\D/g, "").slice(-4);

async function callIntake(call: InboundCall, now: Date) {
  const phone = callerNumber(call.from);
  const callback = phone
    ? "고객 정보의 전화번호로 다시 전화해 주세요."
    : "발신번호가 표시되지 않아 다시 걸 수 없습니다. 음성 메시지에 남긴 연락처를 확인해 주세요.";
  // The number is kept once, in the customer record the desk calls back from; the text that
  // staff and the history read names only its last digits.
  const name = phone ? ((await knownNameByPhone(phone)) ?? phone) : "발신번호 미상";
  return {
    channel: "phone" as const,
    category: "general",
    subject: phone ? `부재중 전화 — 콜백 요청 (끝자리 ${lastDigits(phone)})` : "부재중 전화 — 발신번호 미상",
    body:
      `${formatKst(now)}에 걸려 온 전화를 상담원이 받지 못해 음성사서함으로 안내했습니다. ` +
      `음성 메시지가 남겨지면 이 문의에 이어서 기록됩니다. ${callback}`,
    customer: { name, phone: phone ?? undefined },
    receivedAt: now,
    callbackRequested: phone !== null,
    resolvedOnContact: false,
  };
}

/**
 * The caller's ticket whose callback is still owed: open, of this number, with a live `callback`
 * clock. A further call joins it rather than opening another ticket and clock.
 */
export async function openCallbackTicketOf(phone: string) {
  const [row] = await executor()
    .select({ id: tickets.id, reference: tickets.reference })
    .from(tickets)
    .innerJoin(customers, eq(customers.id, tickets.customerId))
    .innerJoin(
      slaTimers,
      and(eq(slaTimers.ticketId, tickets.id), eq(slaTimers.metric, "callback"), inArray(slaTimers.state, ["running", "paused"])),
    )
    .where(and(eq(customers.phone, phone), inArray(tickets.status, ["new", "open", "waiting"])))
    .orderBy(desc(tickets.receivedAt), desc(tickets.id))
    .limit(1);
  return row ?? null;
}

/**
 * The call's ticket: once per CallSid (a retried webhook finds the same one). A call from a
 * number still waiting for its callback joins that ticket (its CallSid is kept on the message
 * that records the call); otherwise a phone ticket with a `callback` clock opens.
 */
export async function openCallTicket(call: InboundCall, now: Date = new Date()): Promise<InboundOutcome> {
  const seen = await findByExternalId(call.callSid);
  if (seen) return seen;
  const phone = callerNumber(call.from);
  const open = phone ? await openCallbackTicketOf(phone) : null;
  if (open) {
    try {
      const body = `[다시 건 전화] ${formatKst(now)}에 같은 번호로 다시 전화가 왔습니다. 회신 전화가 아직 끝나지 않아 이 문의에 이어서 기록합니다.`;
      const r = await appendInboundMessage(open.id, { via: "phone", body, externalId: call.callSid, verbatim: true }, actor);
      if (r.duplicate) return (await findByExternalId(call.callSid))!;
      return { kind: "appended", reference: r.reference, ticketId: r.ticketId, resumed: r.resumed };
    } catch (error) {
      if (!(error instanceof DeskError && error.status === 409)) throw error; // resolved meanwhile: a new ticket
    }
  }
  return createOnce(await callIntake(call, now), actor, call.callSid);
}

/** What Twilio's call status callback reports at the end of a call. */
export type CallStatusReport = {
  status: string;
  /** CallDuration in seconds (0 when absent). */
  durationSeconds: number;
  /** A staff member took the call (a <Dial> leg that connected): no callback is owed. */
  answeredByAgent: boolean;
};

/** Statuses of a call nobody could take. */
export const MISSED_CALL_STATUSES = ["no-answer", "busy", "failed", "canceled"] as const;
/** A completed call this short, taken by no one, was abandoned during the greeting. */
export const ABANDONED_CALL_SECONDS = 10;

export function isMissedCall(r: CallStatusReport): boolean {
  if ((MISSED_CALL_STATUSES as readonly string[]).includes(r.status)) return true;
  return r.status === "completed" && !r.answeredByAgent && r.durationSeconds < ABANDONED_CALL_SECONDS;
}

const NO_MESSAGE_TEXT = "[부재중 전화] 음성 메시지 없이 통화가 끝났습니다.";
const noMessageId = (callSid: string) => `${callSid}:no-message`;

export type CallStatusOutcome = { ticket: InboundOutcome | null; missed: boolean };

/**
 * The call status callback. A missed or abandoned call makes sure of its ticket (with its
 * callback clock) and is said once on it, with a `call.missed` event; a retried callback, or the
 * <Record> redirect of the same silent call, adds nothing more. A call a staff member took, or a
 * longer one the voicemail route already handles, changes nothing here.
 */
export async function takeCallStatus(call: InboundCall, report: CallStatusReport, now: Date = new Date()): Promise<CallStatusOutcome> {
  if (report.answeredByAgent) return { ticket: null, missed: false };
  const ticket = await openCallTicket(call, now);
  if (!isMissedCall(report)) return { ticket, missed: false };
  return { ticket: await recordMissed(ticket, call, report.status, report.durationSeconds), missed: true };
}

/**
 * Says once on the ticket that the call ended without a message, with a `call.missed` event —
 * whichever of the status callback and the <Record> redirect of a silent call comes first.
 */
async function recordMissed(
  ticket: InboundOutcome,
  call: InboundCall,
  callStatus: string,
  durationSeconds: number | null,
): Promise<InboundOutcome> {
  const appended = await appendOnce(ticket, call, { body: NO_MESSAGE_TEXT, externalId: noMessageId(call.callSid) });
  if (!appended.duplicate) {
    await inTransaction((tx) =>
      appendEvent(tx, appended.ticket.ticketId, "call.missed", actor, { callSid: call.callSid, callStatus, durationSeconds }),
    );
  }
  return appended.ticket;
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

/** What the conversation says of a voicemail: its length. The address is linked for staff only (call_recordings). */
function voicemailText(r: RecordingReport): string {
  return [`[음성 메시지] 녹음 길이 ${r.durationSeconds}초`, "담당 직원이 녹음을 듣고 연락드립니다."].join("\n");
}

/**
 * Links the recording to the ticket once per RecordingSid (a retried callback finds it), with a
 * `call.recording_linked` event. Only a Twilio https address is kept.
 */
export async function linkRecording(ticketId: string, call: InboundCall, recording: RecordingReport, key: string): Promise<boolean> {
  const url = recordingLocation(recording.url);
  if (!url) return false;
  return inTransaction(async (tx) => {
    const [row] = await tx
      .insert(callRecordings)
      .values({ ticketId, callSid: call.callSid, recordingSid: key, url, durationSeconds: recording.durationSeconds })
      .onConflictDoNothing({ target: callRecordings.recordingSid })
      .returning({ id: callRecordings.id });
    if (!row) return false;
    await appendEvent(tx, ticketId, "call.recording_linked", actor, {
      recordingId: row.id,
      recordingSid: key,
      durationSeconds: recording.durationSeconds,
    });
    return true;
  });
}

export type LinkedRecording = { id: string; url: string; durationSeconds: number; createdAt: string };

/** The ticket's voicemail recordings, for the staff ticket page. */
export async function recordingsOf(ticketId: string): Promise<LinkedRecording[]> {
  const rows = await executor()
    .select({
      id: callRecordings.id,
      url: callRecordings.url,
      durationSeconds: callRecordings.durationSeconds,
      createdAt: callRecordings.createdAt,
    })
    .from(callRecordings)
    .where(eq(callRecordings.ticketId, ticketId))
    .orderBy(asc(callRecordings.createdAt), asc(callRecordings.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
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
    await recordMissed(ticket, call, "no-voicemail", null);
    return { ticket, voicemail: "none" };
  }
  const externalId = recordingSid(recording.sid, recording.url) ?? `${call.callSid}:recording`;
  const appended = await appendOnce(ticket, call, { body: voicemailText(recording), externalId });
  // Linked after the message (its own step): a retry after a failure in between links it then.
  await linkRecording(appended.ticket.ticketId, call, recording, externalId);
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
    const fresh = await createOnce(await callIntake(call, new Date()), actor, `${call.callSid}:after-resolution`);
    const r = await appendInboundMessage(fresh.ticketId, input, actor);
    return { ticket: fresh, duplicate: r.duplicate };
  }
}
