// Fuzzing (e), the public form actions and webhooks: 2,000 generated posts each (see
// support/form-fuzz.ts), then nothing damaged in the database.
import { describe, expect, it } from "vitest";
import { createTicket } from "~/tickets/tickets.server";
import * as inquiry from "~/routes/inquiry";
import * as lang from "~/routes/lang";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import * as lookup from "~/routes/lookup";
import * as subscribe from "~/routes/status_.subscribe";
import * as unsubscribe from "~/routes/status_.unsubscribe.$token";
import * as survey from "~/routes/survey.$token";
import * as track from "~/routes/track.$reference";
import * as sms from "~/routes/webhooks.twilio.sms";
import * as voice from "~/routes/webhooks.twilio.voice";
import * as recording from "~/routes/webhooks.twilio.voice.recording";
import { useTestDatabase } from "../support/db";
import { damagedTextStored } from "./support/fuzz";
import { fuzzForm, printFormTallies } from "./support/form-fuzz";

useTestDatabase();
printFormTallies();

const TWILIO_TOKEN = "fuzz-twilio-auth-token-0123456789";
const PUBLIC = "https://desk.fuzz.example";
process.env.TWILIO_AUTH_TOKEN = TWILIO_TOKEN;
process.env.PUBLIC_URL = PUBLIC;

let trackReference = "";
let portalCookie = "";
async function portalSession() {
  if (!portalCookie) {
    const created = await createTicket(
      { channel: "web", category: "general", subject: "포털 퍼징", body: "내용", customer: { name: "홍길동", email: "hong@example.com" }, callbackRequested: false, resolvedOnContact: false },
      { kind: "customer" },
    );
    trackReference = created.reference;
    try {
      await track.loader({ request: new Request(`http://desk.test/track/${created.reference}?t=${created.trackingToken}`), params: { reference: created.reference }, context: {} });
    } catch (response) {
      portalCookie = (response as Response).headers.get("Set-Cookie")!.split(";")[0];
    }
  }
  return { Cookie: portalCookie };
}

const CONTACT = { fields: ["name", "email", "phone", "preferredContact", "subject", "body", "category", "kind", "staffName", "requestedReplyBy", "channel"], values: ["홍길동", "hong@example.com", "010-1234-5678", "email", "sms", "문의드립니다", "내용입니다.", "general", "inquiry", "complaint", "suggestion", "unkindness", "2099-12-31", "web"] };
const TWILIO = {
  fields: ["MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaContentType0", "MediaUrl0", "OptOutType", "CallSid", "RecordingSid", "RecordingUrl", "RecordingDuration", "RecordingStatus"],
  values: ["SM0123456789abcdef0123456789abcdef", "MM0123456789abcdef0123456789abcdef", "CA0123456789abcdef0123456789abcdef", "RE0123456789abcdef0123456789abcdef", "AC0123456789abcdef0123456789abcdef", "+821012345678", "+8215880000", "01012345678", "1", "3", "11", "-1", "image/jpeg", "https://api.twilio.com/recording", "completed", "STOP", "7"],
};

describe("fuzzing the public forms", () => {
  fuzzForm({ name: "/inquiry", action: inquiry.action, path: "/inquiry", ...CONTACT });
  fuzzForm({ name: "/login", action: login.action, path: "/login", fields: ["email", "password", "redirectTo"], values: ["agent1@desk.example", "fuzz@desk.test", "demo1234!", "/desk", "//evil.example", "https://evil.example"] });
  fuzzForm({ name: "/logout", action: logout.action, path: "/logout" });
  fuzzForm({ name: "/lang", action: lang.action, path: "/lang", fields: ["lang", "redirectTo"], values: ["ko", "en", "/desk", "//evil.example", "/\\evil"] });
  fuzzForm({ name: "/lookup", action: lookup.action, path: "/lookup", fields: ["intent", "reference", "contact", "code"], values: ["260101-0001", "hong@example.com", "010-1234-5678", "123456"], intents: ["request", "verify"] });
  it("(the portal's ticket for the next case)", async () => {
    await portalSession();
    expect(trackReference).toMatch(/^\d{6}-\d{4,}$/);
  });
  fuzzForm({ name: "/track/{reference}", action: track.action, get path() { return `/track/${trackReference}`; }, get params() { return { reference: trackReference }; }, headers: portalSession, fields: ["intent", "body", "score", "comment", "note", "files"], values: ["1", "5", "답변 감사합니다", "보상 요구"], intents: ["reply", "rate", "claim", "confirm", "leave"] });
  fuzzForm({ name: "/status/subscribe", action: subscribe.action, path: "/status/subscribe", fields: ["email", "phone", "lang"], values: ["hong@example.com", "010-1234-5678", "ko", "en"] });
  fuzzForm({ name: "/status/unsubscribe/{token}", action: unsubscribe.action, path: "/status/unsubscribe/abcdefghijklmnopqrstuvwxyz012345", params: { token: "abcdefghijklmnopqrstuvwxyz012345" }, fields: ["confirm"], values: ["1", "yes"] });
  fuzzForm({ name: "/survey/{token}", action: survey.action, path: "/survey/abcdefghijklmnopqrstuvwxyz012345", params: { token: "abcdefghijklmnopqrstuvwxyz012345" }, fields: ["score", "comment"], values: ["1", "5", "좋아요"] });
  fuzzForm({ name: "/webhooks/twilio/sms", action: sms.action, path: "/webhooks/twilio/sms", twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC, ...TWILIO });
  fuzzForm({ name: "/webhooks/twilio/voice", action: voice.action, path: "/webhooks/twilio/voice", twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC, ...TWILIO });
  fuzzForm({ name: "/webhooks/twilio/voice/recording", action: recording.action, path: "/webhooks/twilio/voice/recording", twilioToken: TWILIO_TOKEN, publicUrl: PUBLIC, ...TWILIO });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    console.log(`[fuzz] public forms: columns with damaged text (U+FFFD from bad bytes): ${damaged.length ? JSON.stringify(damaged) : "none"}`);
    expect(damaged).toEqual([]);
  });
});
