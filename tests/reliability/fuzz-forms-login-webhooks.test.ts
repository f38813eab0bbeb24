// Fuzzing (e), the staff login and the Twilio webhooks (partly signed correctly, so the handlers
// behind the signature are reached): 2,000 generated posts each (see support/form-fuzz.ts), then
// nothing damaged in the database.
import { describe, expect, it } from "vitest";
import * as login from "~/routes/login";
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

const TWILIO = {
  fields: [
    "MessageSid",
    "SmsSid",
    "AccountSid",
    "From",
    "To",
    "Body",
    "NumMedia",
    "MediaContentType0",
    "MediaUrl0",
    "OptOutType",
    "CallSid",
    "RecordingSid",
    "RecordingUrl",
    "RecordingDuration",
    "RecordingStatus",
  ],
  values: [
    "SM0123456789abcdef0123456789abcdef",
    "MM0123456789abcdef0123456789abcdef",
    "CA0123456789abcdef0123456789abcdef",
    "RE0123456789abcdef0123456789abcdef",
    "AC0123456789abcdef0123456789abcdef",
    "+821012345678",
    "+8215880000",
    "01012345678",
    "1",
    "3",
    "11",
    "-1",
    "image/jpeg",
    "https://api.twilio.com/recording",
    "completed",
    "STOP",
    "7",
  ],
};

describe("fuzzing the login and the webhooks", () => {
  fuzzForm({
    name: "/login",
    action: login.action,
    path: "/login",
    fields: ["email", "password", "redirectTo"],
    values: ["agent1@desk.example", "fuzz@desk.test", "demo1234!", "/desk", "//evil.example", "https://evil.example"],
  });
  fuzzForm({
    name: "/webhooks/twilio/sms",
    action: sms.action,
    path: "/webhooks/twilio/sms",
    twilioToken: TWILIO_TOKEN,
    publicUrl: PUBLIC,
    ...TWILIO,
  });
  fuzzForm({
    name: "/webhooks/twilio/voice",
    action: voice.action,
    path: "/webhooks/twilio/voice",
    twilioToken: TWILIO_TOKEN,
    publicUrl: PUBLIC,
    ...TWILIO,
  });
  fuzzForm({
    name: "/webhooks/twilio/voice/recording",
    action: recording.action,
    path: "/webhooks/twilio/voice/recording",
    twilioToken: TWILIO_TOKEN,
    publicUrl: PUBLIC,
    ...TWILIO,
  });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    console.log(
      `[fuzz] login and webhooks: columns with damaged text (U+FFFD from bad bytes): ${damaged.length ? JSON.stringify(damaged) : "none"}`,
    );
    expect(damaged).toEqual([]);
  });
});
