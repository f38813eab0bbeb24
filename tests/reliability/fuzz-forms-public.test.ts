// Fuzzing (e), the public form actions (inquiry, portal, status, survey, language, logout): 2,000
// generated posts each (see support/form-fuzz.ts), then nothing damaged in the database. The login
// and the Twilio webhooks are in fuzz-forms-login-webhooks.test.ts.
import { describe, expect, it } from "vitest";
import { createTicket } from "~/tickets/tickets.server";
import * as inquiry from "~/routes/inquiry";
import * as lang from "~/routes/lang";
import * as logout from "~/routes/logout";
import * as lookup from "~/routes/lookup";
import * as subscribe from "~/routes/status_.subscribe";
import * as unsubscribe from "~/routes/status_.unsubscribe.$token";
import * as confirmSubscription from "~/routes/status_.confirm.$token";
import * as survey from "~/routes/survey.$token";
import * as track from "~/routes/track.$reference";
import { useTestDatabase } from "../support/db";
import { damagedTextStored } from "./support/fuzz";
import { fuzzForm, printFormTallies } from "./support/form-fuzz";

useTestDatabase();
printFormTallies();

process.env.PUBLIC_URL = "https://desk.fuzz.example";

let trackReference = "";
let portalCookie = "";
async function portalSession() {
  if (!portalCookie) {
    const created = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "포털 퍼징",
        body: "내용",
        customer: { name: "홍길동", email: "hong@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    trackReference = created.reference;
    try {
      await track.loader({
        request: new Request(`http://desk.test/track/${created.reference}?t=${created.trackingToken}`),
        params: { reference: created.reference },
        context: {},
      });
    } catch (response) {
      portalCookie = (response as Response).headers.get("Set-Cookie")!.split(";")[0];
    }
  }
  return { Cookie: portalCookie };
}

const CONTACT = {
  fields: [
    "name",
    "email",
    "phone",
    "preferredContact",
    "subject",
    "body",
    "category",
    "kind",
    "staffName",
    "requestedReplyBy",
    "channel",
    "privacyConsent",
    "postalAddress",
  ],
  values: [
    "on",
    "서울특별시 중구 세종대로 110",
    "홍길동",
    "hong@example.com",
    "010-1234-5678",
    "email",
    "sms",
    "문의드립니다",
    "내용입니다.",
    "general",
    "inquiry",
    "complaint",
    "suggestion",
    "unkindness",
    "2099-12-31",
    "web",
  ],
};

describe("fuzzing the public forms", () => {
  fuzzForm({ name: "/inquiry", action: inquiry.action, path: "/inquiry", ...CONTACT });
  fuzzForm({ name: "/logout", action: logout.action, path: "/logout" });
  fuzzForm({
    name: "/lang",
    action: lang.action,
    path: "/lang",
    fields: ["lang", "redirectTo"],
    values: ["ko", "en", "/desk", "//evil.example", "/\\evil"],
  });
  fuzzForm({
    name: "/lookup",
    action: lookup.action,
    path: "/lookup",
    fields: ["intent", "reference", "contact", "code"],
    values: ["260101-0001", "hong@example.com", "010-1234-5678", "123456"],
    intents: ["request", "verify"],
  });
  it("(the portal's ticket for the next case)", async () => {
    await portalSession();
    expect(trackReference).toMatch(/^\d{6}-\d{4,}$/);
  });
  fuzzForm({
    name: "/track/{reference}",
    action: track.action,
    get path() {
      return `/track/${trackReference}`;
    },
    get params() {
      return { reference: trackReference };
    },
    headers: portalSession,
    fields: ["intent", "body", "score", "comment", "note", "files"],
    values: ["1", "5", "답변 감사합니다", "보상 요구"],
    intents: ["reply", "rate", "claim", "confirm", "leave"],
  });
  fuzzForm({
    name: "/status/subscribe",
    action: subscribe.action,
    path: "/status/subscribe",
    fields: ["email", "phone", "lang", "privacyConsent"],
    values: ["hong@example.com", "010-1234-5678", "ko", "en", "on"],
  });
  fuzzForm({
    name: "/status/confirm/{token}",
    action: confirmSubscription.action,
    path: "/status/confirm/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
    params: { token: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" },
    fields: ["confirm"],
    values: ["1", "yes"],
  });
  fuzzForm({
    name: "/status/unsubscribe/{token}",
    action: unsubscribe.action,
    path: "/status/unsubscribe/abcdefghijklmnopqrstuvwxyz012345",
    params: { token: "abcdefghijklmnopqrstuvwxyz012345" },
    fields: ["confirm"],
    values: ["1", "yes"],
  });
  fuzzForm({
    name: "/survey/{token}",
    action: survey.action,
    path: "/survey/abcdefghijklmnopqrstuvwxyz012345",
    params: { token: "abcdefghijklmnopqrstuvwxyz012345" },
    fields: ["score", "comment"],
    values: ["1", "5", "좋아요"],
  });

  it("nothing damaged was stored", async () => {
    const damaged = await damagedTextStored();
    console.log(
      `[fuzz] public forms: columns with damaged text (U+FFFD from bad bytes): ${damaged.length ? JSON.stringify(damaged) : "none"}`,
    );
    expect(damaged).toEqual([]);
  });
});
