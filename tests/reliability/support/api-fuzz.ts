// Fuzzing (e), the JSON API: every /api/v1 endpoint gets 2,000 generated requests (bodies,
// query strings, path parameters, headers, methods, tokens), called in-process as Remix calls
// the route modules. Never a 5xx; afterwards nothing stored holds damaged text. The endpoints are
// split over two test files (fuzz-api-write, fuzz-api-read) to keep each file short.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/auth/tokens.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import * as splatRoute from "~/routes/api.$";
import * as reportsRoute from "~/routes/api.v1.reports.sla";
import * as deadlinesRoute from "~/routes/api.v1.sla.deadlines";
import * as actionRoute from "~/routes/api.v1.tickets.$reference.$action";
import * as ticketRoute from "~/routes/api.v1.tickets.$reference";
import * as listRoute from "~/routes/api.v1.tickets";
import { call, damagedTextStored, headerValue, oddString, record, report, RUNS, tally, wellFormed, type Tally } from "./fuzz";

const tokens: string[] = [];
let reference = "";
const tallies: Tally[] = [];
const limitBefore = process.env.API_RATE_LIMIT_PER_MINUTE;

function setup() {
  beforeAll(async () => {
    // The per-token limit (600/min) is tested elsewhere; here it would answer most cases with 429.
    process.env.API_RATE_LIMIT_PER_MINUTE = "1000000";
    for (const role of ["agent", "lead", "manager", "admin"] as const)
      tokens.push((await createApiToken({ name: `fuzz-${role}`, role })).token);
    await createStaffMember({ email: "fuzz-agent@desk.test", name: "퍼징 상담원", role: "agent", team: "complaints-1" });
    reference = (
      await createTicket(
        {
          channel: "email",
          category: "general",
          subject: "퍼징 대상",
          body: "내용",
          customer: { name: "홍길동", email: "hong@example.com" },
          callbackRequested: false,
          resolvedOnContact: false,
        },
        { kind: "customer" },
      )
    ).reference;
  });

  afterAll(() => {
    if (limitBefore === undefined) delete process.env.API_RATE_LIMIT_PER_MINUTE;
    else process.env.API_RATE_LIMIT_PER_MINUTE = limitBefore;
    for (const t of tallies) console.log(report(t));
  });
}

const oddValue = fc.oneof(oddString, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined), fc.integer(), fc.boolean(), fc.constant(null));
const auth = fc.oneof(
  { weight: 8, arbitrary: fc.nat(3).map((i) => `Bearer ${tokens[i]}`) },
  { weight: 1, arbitrary: oddString.map((s) => `Bearer ${s}`) },
  { weight: 1, arbitrary: fc.constantFrom("", "Basic YWRtaW46YWRtaW4=", "Bearer", "bearer ssd_x") },
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("application/merge-patch+json", "text/plain", "application/json; charset=latin1", "", "multipart/form-data"),
  },
);
const idempotencyKey = fc.option(fc.oneof(oddString, fc.uuid()), { nil: undefined });
const rawBody = fc.oneof(
  fc.json(),
  oddString,
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
  fc.constantFrom(
    "",
    "{",
    "[]",
    "null",
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    JSON.stringify({ a: "x".repeat(2_000_000) }),
  ),
);
const ticketBody = fc.record(
  {
    channel: fc.oneof(fc.constantFrom("web", "email", "phone", "sms", "mail", "fax", "visit"), oddValue),
    kind: oddValue,
    category: oddValue,
    subject: oddValue,
    body: oddValue,
    customer: fc.oneof(
      fc.record({ name: oddValue, email: oddValue, phone: oddValue, preferredContact: oddValue }, { requiredKeys: [] }),
      oddValue,
    ),
    receivedAt: oddValue,
    requestedReplyBy: oddValue,
    callbackRequested: oddValue,
    resolvedOnContact: oddValue,
  },
  { requiredKeys: [] },
);

function request(path: string, init: { method?: string; authorization?: string; contentType?: string; key?: string; body?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.authorization !== undefined) headers.Authorization = headerValue(init.authorization);
  if (init.contentType) headers["Content-Type"] = init.contentType;
  if (init.key !== undefined) {
    const key = headerValue(init.key).trim();
    if (key) headers["Idempotency-Key"] = key;
  }
  return new Request(`http://desk.test${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : wellFormed(init.body),
  });
}

const methods = fc.oneof(
  { weight: 6, arbitrary: fc.constant("GET") },
  { weight: 1, arbitrary: fc.constantFrom("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD") },
);

/** A valid contact with one or two values replaced by something odd: reaches the service, not only the schema. */
const nearlyValidTicket = fc
  .tuple(
    fc.subarray(
      [
        "channel",
        "category",
        "subject",
        "body",
        "customer.name",
        "customer.email",
        "customer.phone",
        "receivedAt",
        "requestedReplyBy",
        "kind",
      ],
      { maxLength: 2 },
    ),
    fc.array(oddValue, { minLength: 2, maxLength: 2 }),
  )
  .map(([keys, values]) => {
    const body: Record<string, any> = {
      channel: "phone",
      category: "general",
      subject: "문의드립니다",
      body: "내용입니다.",
      customer: { name: "홍길동", phone: "010-1234-5678" },
    };
    keys.forEach((k, i) => {
      const [a, b] = k.split(".");
      if (b) body[a][b] = values[i];
      else body[a] = values[i];
    });
    return JSON.stringify(body);
  });

async function run<T>(name: string, arb: fc.Arbitrary<T>, each: (value: T) => Promise<Awaited<ReturnType<typeof call>>>) {
  const t = tally(name);
  tallies.push(t);
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      const outcome = await each(value);
      if (!record(t, outcome)) throw new Error(`5xx (${outcome.status}) ${outcome.detail}`);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  expect(t.cases).toBeGreaterThanOrEqual(RUNS);
  expect(t.fiveHundreds).toBe(0);
}

export const API_CASES = [
  "POST /api/v1/tickets",
  "GET /api/v1/tickets",
  "GET /api/v1/tickets/{reference}",
  "POST /api/v1/tickets/{reference}/{action}",
  "GET /api/v1/sla/deadlines",
  "GET /api/v1/reports/sla",
  "any other /api path",
  "nothing damaged was stored",
] as const;
export type ApiCase = (typeof API_CASES)[number];

/** Registers the setup and the named endpoint cases in the calling test file. */
export function fuzzApi(selected: readonly ApiCase[]) {
  setup();
  describe("fuzzing API endpoints", () => {
    if (selected.includes("POST /api/v1/tickets")) {
      it("POST /api/v1/tickets", async () => {
        await run(
          "POST /api/v1/tickets",
          fc.tuple(
            auth,
            contentType,
            idempotencyKey,
            fc.oneof(
              { weight: 2, arbitrary: nearlyValidTicket },
              { weight: 2, arbitrary: ticketBody.map((b) => JSON.stringify(b)) },
              { weight: 1, arbitrary: rawBody },
            ),
          ),
          ([authorization, type, key, body]) =>
            call(listRoute.action, request("/api/v1/tickets", { method: "POST", authorization, contentType: type, key, body })),
        );
      }, 300_000);
    }
    if (selected.includes("GET /api/v1/tickets")) {
      it("GET /api/v1/tickets", async () => {
        const query = fc.dictionary(fc.oneof(fc.constantFrom("status", "channel", "breached", "cursor", "limit"), oddString), oddString, {
          maxKeys: 6,
        });
        await run("GET /api/v1/tickets", fc.tuple(auth, query, methods), ([authorization, q, method]) => {
          const search = new URLSearchParams(
            Object.entries(q as Record<string, string>).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
          ).toString();
          const fn = method === "GET" || method === "HEAD" ? listRoute.loader : listRoute.action;
          return call(
            fn,
            request(`/api/v1/tickets?${search}`, { method, authorization, body: method === "GET" || method === "HEAD" ? undefined : "" }),
          );
        });
      }, 300_000);
    }
    if (selected.includes("GET /api/v1/tickets/{reference}")) {
      it("GET /api/v1/tickets/{reference}", async () => {
        const ref = fc.oneof(oddString, fc.constant(reference), fc.stringMatching(/^\d{6}-\d{4,6}$/));
        await run("GET /api/v1/tickets/{reference}", fc.tuple(auth, ref, methods), ([authorization, r, method]) => {
          const fn = method === "GET" || method === "HEAD" ? ticketRoute.loader : ticketRoute.action;
          return call(
            fn,
            request(`/api/v1/tickets/${encodeURIComponent(wellFormed(r))}`, {
              method,
              authorization,
              body: method === "GET" || method === "HEAD" ? undefined : "{}",
            }),
            { reference: wellFormed(r) },
          );
        });
      }, 300_000);
    }
    if (selected.includes("POST /api/v1/tickets/{reference}/{action}")) {
      it("POST /api/v1/tickets/{reference}/{action}", async () => {
        const action = fc.oneof(
          { weight: 5, arbitrary: fc.constantFrom("assign", "replies", "interim-notice", "callbacks", "pause", "resume", "resolve") },
          { weight: 1, arbitrary: oddString },
        );
        const nice = {
          assignee: fc.constantFrom("fuzz-agent@desk.test", "nobody@desk.test"),
          body: fc.constant("답변입니다."),
          via: fc.constantFrom("email", "sms", "phone", "mail"),
          reason: fc.constant("사유"),
          expectedBy: fc.constantFrom("2099-12-31", "2026-01-01"),
          outcome: fc.constantFrom("reached", "no_answer", "left_message"),
          answer: fc.constant("처리했습니다."),
        };
        const either = <T>(good: fc.Arbitrary<T>) =>
          fc.oneof({ weight: 2, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: oddValue });
        const body = fc.oneof(
          {
            weight: 3,
            arbitrary: fc
              .record(
                {
                  assignee: either(nice.assignee),
                  body: either(nice.body),
                  via: either(nice.via),
                  reason: either(nice.reason),
                  expectedBy: either(nice.expectedBy),
                  outcome: either(nice.outcome),
                  answer: either(nice.answer),
                },
                { requiredKeys: [] },
              )
              .map((b) => JSON.stringify(b)),
          },
          { weight: 1, arbitrary: rawBody },
        );
        const ref = fc.oneof({ weight: 4, arbitrary: fc.constant(reference) }, { weight: 1, arbitrary: oddString });
        await run(
          "POST /api/v1/tickets/{reference}/{action}",
          fc.tuple(auth, ref, action, body, idempotencyKey, fc.constantFrom("POST", "POST", "POST", "GET", "PUT")),
          ([authorization, r, a, b, key, method]) => {
            const fn = method === "GET" ? actionRoute.loader : actionRoute.action;
            return call(
              fn,
              request(`/api/v1/tickets/${encodeURIComponent(wellFormed(r))}/${encodeURIComponent(wellFormed(a))}`, {
                method,
                authorization,
                contentType: "application/json",
                key,
                body: method === "GET" ? undefined : b,
              }),
              { reference: wellFormed(r), action: wellFormed(a) },
            );
          },
        );
      }, 300_000);
    }
    if (selected.includes("GET /api/v1/sla/deadlines")) {
      it("GET /api/v1/sla/deadlines", async () => {
        const query = fc.record(
          {
            channel: fc.oneof(fc.constantFrom("web", "email", "phone", "sms", "mail", "fax", "visit"), oddString),
            category: oddString,
            receivedAt: fc.oneof(
              oddString,
              fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
            ),
            requestedReplyBy: oddString,
            callbackRequested: oddString,
            resolvedOnContact: oddString,
            lang: oddString,
          },
          { requiredKeys: [] },
        );
        await run(
          "GET /api/v1/sla/deadlines",
          fc.tuple(auth, query, fc.constantFrom("GET", "GET", "POST")),
          ([authorization, q, method]) => {
            const search = new URLSearchParams(
              Object.entries(q as Record<string, string>).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
            ).toString();
            const fn = method === "GET" ? deadlinesRoute.loader : deadlinesRoute.action;
            return call(fn, request(`/api/v1/sla/deadlines?${search}`, { method, authorization, body: method === "GET" ? undefined : "" }));
          },
        );
      }, 300_000);
    }
    if (selected.includes("GET /api/v1/reports/sla")) {
      it("GET /api/v1/reports/sla", async () => {
        const query = fc.record(
          {
            from: fc.oneof(
              oddString,
              fc
                .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
                .map((d) => d.toISOString().slice(0, 10)),
            ),
            to: fc.oneof(
              oddString,
              fc
                .date({ min: new Date("1990-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
                .map((d) => d.toISOString().slice(0, 10)),
            ),
            groupBy: fc.oneof(fc.constantFrom("channel", "category", "metric", "assignee"), oddString),
            team: oddString,
          },
          { requiredKeys: [] },
        );
        await run("GET /api/v1/reports/sla", fc.tuple(auth, query, fc.constantFrom("GET", "GET", "POST")), ([authorization, q, method]) => {
          const search = new URLSearchParams(
            Object.entries(q as Record<string, string>).map(([k, v]) => [wellFormed(k), wellFormed(v)]),
          ).toString();
          const fn = method === "GET" ? reportsRoute.loader : reportsRoute.action;
          return call(fn, request(`/api/v1/reports/sla?${search}`, { method, authorization, body: method === "GET" ? undefined : "" }));
        });
      }, 300_000);
    }
    if (selected.includes("any other /api path")) {
      it("any other /api path", async () => {
        await run("/api/* (unknown)", fc.tuple(oddString, methods), ([path, method]) => {
          const fn = method === "GET" || method === "HEAD" ? splatRoute.loader : splatRoute.action;
          return call(
            fn,
            request(`/api/${encodeURIComponent(wellFormed(path))}`, {
              method,
              body: method === "GET" || method === "HEAD" ? undefined : "x",
            }),
            { "*": wellFormed(path) },
          );
        });
      }, 300_000);
    }
    if (selected.includes("nothing damaged was stored")) {
      it("nothing damaged was stored", async () => {
        const damaged = await damagedTextStored();
        console.log(
          `[fuzz] API: columns with damaged text (U+FFFD from bad bytes or lone surrogates): ${damaged.length ? JSON.stringify(damaged) : "none"}`,
        );
        expect(damaged).toEqual([]);
      });
    }
  });
}
