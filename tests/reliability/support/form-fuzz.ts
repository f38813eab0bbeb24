// Fuzzing the form actions: each route's action gets generated posts (its own field names and
// intents mixed with garbage; multipart with files, urlencoded, bytes that are not UTF-8, JSON,
// broken multipart, no body), from a random client address, with the session a real browser of
// that page would carry. Never a 5xx.
import fc from "fast-check";
import twilio from "twilio";
import { afterAll, expect, it } from "vitest";
import { call, formRequest, formSpec, record, report, RUNS, tally, type FormSpec, type Tally } from "./fuzz";

/** Field names the desk's forms use (and a few they do not). */
export const FIELD_NAMES = [
  "action",
  "actor",
  "answer",
  "apology",
  "assignee",
  "body",
  "callbackRequested",
  "category",
  "channel",
  "closesOn",
  "code",
  "comment",
  "confirm",
  "confirmed",
  "contact",
  "date",
  "description",
  "deskAtFault",
  "dissatisfied",
  "email",
  "endsAt",
  "eta-expectedRecoveryAt",
  "eta-message",
  "expectedBy",
  "files",
  "from",
  "id",
  "intent",
  "kind",
  "lang",
  "managerApproval",
  "month",
  "name",
  "nonce",
  "note",
  "outcome",
  "password",
  "phone",
  "preferredContact",
  "q",
  "reason",
  "receivedAt",
  "redirectTo",
  "reference",
  "remove",
  "reportedBy",
  "requestedReplyBy",
  "resolve-message",
  "resolve-resolvedAt",
  "resolvedOnContact",
  "result",
  "satisfied",
  "score",
  "service",
  "staff",
  "staffName",
  "startedAt",
  "startsAt",
  "status",
  "subject",
  "targetId",
  "targetType",
  "team",
  "to",
  "update-expectedRecoveryAt",
  "update-message",
  "version",
  "via",
  "voiceIntent",
  "which",
  "year",
  "subscribe",
  "targets.first_reply.enabled",
  "targets.first_reply.kind",
  "targets.first_reply.amount",
  "targets.resolution.warnRatio",
  "targets.resolution.warnBefore",
  "channels",
  "categories",
  "priority",
  "active",
  "__proto__",
  "constructor",
];

/** Intents the desk's forms post. */
export const INTENT_VALUES = [
  "reply",
  "note",
  "assign",
  "interim",
  "callback",
  "pause",
  "resume",
  "resolve",
  "reopen",
  "happycall",
  "close",
  "upload",
  "add",
  "remove",
  "rate",
  "claim",
  "confirm",
  "leave",
  "request",
  "verify",
  "adopt",
  "reward",
  "report",
  "apology",
  "factCheck",
  "eta",
  "update",
  "cancel",
  "retry",
  "retryAll",
  "resend",
  "launch",
  "send",
  "build",
  "save",
  "reapply",
  "deactivate",
  "activate",
];

export type FormTarget = {
  name: string;
  action: (args: any) => unknown;
  path: string;
  params?: Record<string, string>;
  /** Headers of the session this page is used with (a staff cookie, a portal cookie). */
  headers?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Sign the generated form as Twilio would (sometimes), so the handler behind the signature is reached. */
  twilioToken?: string;
  /** The page's own field names, values that pass its checks and intents: chosen more often than the rest. */
  fields?: string[];
  values?: string[];
  intents?: string[];
  publicUrl?: string;
  runs?: number;
};

const tallies: Tally[] = [];
let printed = false;

export function printFormTallies() {
  afterAll(() => {
    if (printed) return;
    printed = true;
    for (const t of tallies) console.log(report(t));
  });
}

function signedHeaders(target: FormTarget, spec: FormSpec): Record<string, string> {
  if (!target.twilioToken || spec.encoding !== "urlencoded") return {};
  const params: Record<string, string | string[]> = {};
  const form = new URLSearchParams(spec.fields);
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    params[key] = all.length > 1 ? all : all[0];
  }
  return {
    "X-Twilio-Signature": twilio.getExpectedTwilioSignature(
      target.twilioToken,
      `${target.publicUrl}${target.path}`,
      params as Record<string, string>,
    ),
  };
}

export function fuzzForm(target: FormTarget) {
  it(`POST ${target.name}`, async () => {
    const t = tally(`POST ${target.name}`);
    tallies.push(t);
    const arb = fc.tuple(
      formSpec(FIELD_NAMES, INTENT_VALUES, { fields: target.fields, values: target.values, intents: target.intents }),
      fc.ipV4(),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(arb, async ([spec, ip, sign]) => {
        const session = (await target.headers?.()) ?? {};
        const extra = sign ? signedHeaders(target, spec) : {};
        const request = formRequest(`http://desk.test${target.path}`, spec, { ...session, ...extra });
        const outcome = await call(target.action, request, target.params ?? {}, { clientIp: ip });
        if (!record(t, outcome)) throw new Error(`5xx (${outcome.status}) ${outcome.detail}`);
      }),
      { numRuns: target.runs ?? RUNS, endOnFailure: true },
    );
    expect(t.cases).toBeGreaterThanOrEqual(target.runs ?? RUNS);
    expect(t.fiveHundreds).toBe(0);
  }, 600_000);
}
