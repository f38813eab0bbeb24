// TwiML the desk answers Twilio with, in Korean (the twilio library escapes the text).
import twilio from "twilio";

const { MessagingResponse, VoiceResponse } = twilio.twiml;

/** Korean text-to-speech (Amazon Polly's Korean voice, available on every Twilio account). */
const SAY = { language: "ko-KR", voice: "Polly.Seoyeon" } as const;

/** A reference read out digit by digit ("2 6 1 1 2 2, 0 0 4 2"), not as one large number. */
export function spokenReference(reference: string): string {
  return reference
    .split("-")
    .map((part) => part.split("").join(" "))
    .join(", ");
}

/** The reply to a text: it was taken as a new inquiry, or added to the one already open. */
export function smsReceipt(kind: "created" | "appended", reference: string): string {
  const r = new MessagingResponse();
  r.message(
    kind === "created"
      ? `[고객만족센터] 문자 문의가 접수되었습니다. 접수번호 ${reference}. 담당자가 확인 후 답변드리겠습니다.`
      : `[고객만족센터] 보내주신 내용을 접수번호 ${reference} 문의에 추가했습니다. 담당자가 확인 후 답변드리겠습니다.`,
  );
  return r.toString();
}

/** The confirmation of STOP / 수신거부 or START / 수신동의. */
export function smsConsentConfirmation(optedOut: boolean): string {
  const r = new MessagingResponse();
  r.message(
    optedOut
      ? "[고객만족센터] 문자 수신거부가 처리되었습니다. 다시 받으시려면 START 또는 수신동의를 보내 주세요."
      : "[고객만족센터] 문자 수신이 다시 시작되었습니다. 그만 받으시려면 STOP 또는 수신거부를 보내 주세요.",
  );
  return r.toString();
}

/** Nothing to send back (e.g. an opt-out keyword Twilio handles itself). */
export function emptyMessaging(): string {
  return new MessagingResponse().toString();
}

/** The greeting of a call to the desk's number: nobody can take it, leave a message after the tone. */
export function voiceGreeting(recordingUrl: string): string {
  const r = new VoiceResponse();
  r.say(
    SAY,
    "안녕하십니까, 고객만족센터입니다. 지금은 상담원이 전화를 받을 수 없습니다. " +
      "삐 소리가 나면 성함과 문의 내용을 말씀해 주시고, 마치시면 우물 정자를 눌러 주십시오. " +
      "남겨 주신 번호로 업무 시간 기준 30분 안에 다시 연락드리겠습니다.",
  );
  r.record({
    action: recordingUrl,
    method: "POST",
    maxLength: 180,
    timeout: 7,
    finishOnKey: "#",
    playBeep: true,
    recordingStatusCallback: recordingUrl,
    recordingStatusCallbackMethod: "POST",
    recordingStatusCallbackEvent: ["completed", "absent"],
  });
  // Reached only when nothing was recorded (silence): the same route records the missed call.
  r.redirect({ method: "POST" }, recordingUrl);
  return r.toString();
}

/** After the recording (or when there was none): thanks, the reference, goodbye. */
export function voiceGoodbye(kind: "voicemail" | "missed", reference: string | null): string {
  const r = new VoiceResponse();
  const ref = reference ? ` 접수번호는 ${spokenReference(reference)} 입니다.` : "";
  r.say(
    SAY,
    kind === "voicemail"
      ? `메시지를 잘 받았습니다.${ref} 확인 후 다시 연락드리겠습니다. 감사합니다.`
      : `메시지가 녹음되지 않았습니다. 걸어 주신 번호로 다시 연락드리겠습니다.${ref} 감사합니다.`,
  );
  r.hangup();
  return r.toString();
}

/** The desk cannot be reached: still answer politely instead of Twilio's generic error message. */
export function voiceUnavailable(): string {
  const r = new VoiceResponse();
  r.say(SAY, "죄송합니다. 지금은 전화를 받을 수 없습니다. 잠시 후 다시 걸어 주십시오.");
  r.hangup();
  return r.toString();
}
