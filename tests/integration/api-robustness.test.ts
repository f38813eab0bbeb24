// JSON API v1: no input ever produces a 5xx. Odd Unicode, NUL bytes, lone surrogates, huge
// and deeply nested bodies, wrong types, SQL/HTML as text, bodies over 1 MiB (declared or
// streamed), and generated garbage — each answered 2xx or a 4xx problem.
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import * as listRoute from "~/routes/api.v1.tickets";
import * as ticketRoute from "~/routes/api.v1.tickets.$reference";
import * as actionRoute from "~/routes/api.v1.tickets.$reference.$action";
import { useTestDatabase } from "../support/db";

useTestDatabase();

let token = "";
let reference = "";

beforeAll(async () => {
  token = (await createApiToken({ name: "fuzz", role: "agent" })).token;
  const res = await post("/api/v1/tickets", JSON.stringify(valid()));
  reference = (await res.json()).reference;
});

function valid(overrides: Record<string, unknown> = {}) {
  return {
    channel: "email",
    subject: "문의드립니다",
    body: "내용입니다.",
    customer: { name: "홍길동", email: "hong@example.com" },
    ...overrides,
  };
}

type Body = string | Uint8Array | ReadableStream<Uint8Array>;

function request(path: string, method: string, body?: Body, headers: Record<string, string> = {}): Request {
  const init: RequestInit & { duplex?: "half" } = {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: body as BodyInit | undefined,
  };
  if (body instanceof ReadableStream) init.duplex = "half";
  return new Request(`http://localhost${path}`, init);
}

/** POST to the list route or an action route, as Remix would call it. */
function post(path: string, body?: Body, headers?: Record<string, string>): Promise<Response> {
  const req = request(path, "POST", body, headers);
  const parts = path.split("/").slice(4); // after /api/v1/tickets
  if (parts.length === 0) return listRoute.action({ request: req, params: {}, context: {} });
  return actionRoute.action({ request: req, params: { reference: parts[0], action: parts[1] }, context: {} });
}

async function expectNo5xx(res: Response): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
    const body = JSON.parse(text);
    expect(body).toMatchObject({ status: res.status, title: expect.any(String), detail: expect.any(String) });
    return body;
  }
  expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  return JSON.parse(text);
}

async function ticketCount(): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets);
  return row.n;
}

describe("text that must be refused, never stored", () => {
  it("refuses NUL and other control characters inside JSON strings (422)", async () => {
    const before = await ticketCount();
    const cases = [
      valid({ subject: "abc\u0000def" }),
      valid({ body: "\u0000" }),
      valid({ customer: { name: "홍\u0000길동", email: "hong@example.com" } }),
      valid({ customer: { name: "홍길동", email: "hong\u0000@example.com" } }),
      valid({ category: "gen\u0000eral" }),
      valid({ subject: "bell \u0007" }),
      valid({ body: "escape \u001b[31m" }),
    ];
    for (const body of cases) {
      const res = await post("/api/v1/tickets", JSON.stringify(body));
      expect(res.status).toBe(422);
      await expectNo5xx(res);
    }
    // A NUL in a reply, a reason or an assignee is refused too.
    for (const [action, body] of [
      ["replies", { body: "a\u0000", via: "email" }],
      ["pause", { reason: "\u0000" }],
      ["assign", { assignee: "x\u0000@y.kr" }],
      ["resolve", { answer: "done\u0000" }],
    ] as const) {
      const res = await post(`/api/v1/tickets/${reference}/${action}`, JSON.stringify(body));
      expect(res.status).toBe(422);
    }
    expect(await ticketCount()).toBe(before);
  });

  it("refuses lone surrogates (422) and invalid UTF-8 bytes (400)", async () => {
    const before = await ticketCount();
    for (const escaped of ["\\ud800", "\\udfff", "a\\udc00b", "\\ud83d"]) {
      const text = JSON.stringify(valid({ subject: "PLACEHOLDER" })).replace("PLACEHOLDER", escaped);
      const res = await post("/api/v1/tickets", text);
      expect(res.status).toBe(422);
      expect((await res.json()).errors.subject).toBeTruthy();
    }
    const bytes = new TextEncoder().encode(JSON.stringify(valid({ subject: "XX" })));
    const at = bytes.indexOf(0x58); // "X"
    bytes[at] = 0xff;
    bytes[at + 1] = 0xfe;
    const res = await post("/api/v1/tickets", bytes);
    expect(res.status).toBe(400);
    expect((await expectNo5xx(res)).detail).toMatch(/UTF-8/);
    expect(await ticketCount()).toBe(before);
  });
});

describe("text that must be kept exactly as text", () => {
  it("stores and returns SQL and HTML as plain text", async () => {
    const subject = `<script>alert("x")</script>'; DROP TABLE tickets; --`;
    const body = `<img src=x onerror=alert(1)> " OR 1=1 -- \\ \\' $1 %s {{7*7}} \${7*7}`;
    const res = await post(
      "/api/v1/tickets",
      JSON.stringify(valid({ subject, body, customer: { name: "<b>Robert'); DROP TABLE customers;--</b>", email: "bobby@example.com" } })),
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.subject).toBe(subject);
    expect(created.body).toBe(body);
    expect(created.customer.name).toBe("<b>Robert'); DROP TABLE customers;--</b>");
    const again = await ticketRoute.loader({
      request: request(`/api/v1/tickets/${created.reference}`, "GET"),
      params: { reference: created.reference },
      context: {},
    });
    expect((await again.json()).subject).toBe(subject);
  });

  it("accepts odd but valid Unicode and returns it (NFC)", async () => {
    const samples = [
      "이모지 👨‍👩‍👧‍👦 🇰🇷 ✈︎",
      "cafe\u0301 → café",
      "עברית مرحبا \u202Eevil\u202C",
      "zero\u200Bwidth\u2060joiner\uFEFF",
      "line\u2028separator\u2029",
      "𠜎𠜱𠝹 (CJK ext B) 㐀",
      "ℌ𝔢𝔩𝔩𝔬 𝟘𝟙𝟚",
      "tab\tand\nnewline\r\nok",
    ];
    for (const text of samples) {
      const res = await post("/api/v1/tickets", JSON.stringify(valid({ subject: text.slice(0, 200), body: text })));
      expect(res.status, text).toBe(201);
      const created = await res.json();
      expect(created.body).toBe(text.normalize("NFC").trim());
    }
  });

  it("accepts a UTF-8 byte order mark before the JSON", async () => {
    const res = await post("/api/v1/tickets", "\uFEFF" + JSON.stringify(valid()));
    expect(res.status).toBe(201);
  });
});

describe("wrong types and shapes", () => {
  it("answers 422 for numbers, arrays, objects and booleans where strings belong, and vice versa", async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [valid({ subject: 12345 }), "subject"],
      [valid({ body: ["a"] }), "body"],
      [valid({ channel: 5 }), "channel"],
      [valid({ category: { x: 1 } }), "category"],
      [valid({ customer: "홍길동" }), "customer"],
      [valid({ customer: null }), "customer"],
      [valid({ customer: { name: 42, email: "a@b.kr" } }), "customer.name"],
      [valid({ customer: { name: "a", email: true } }), "customer.email"],
      [valid({ receivedAt: 1714460400000 }), "receivedAt"],
      [valid({ requestedReplyBy: 20260508 }), "requestedReplyBy"],
      [valid({ callbackRequested: "yes" }), "callbackRequested"],
      [valid({ resolvedOnContact: 1 }), "resolvedOnContact"],
      [valid({ subject: 1e400 }), "subject"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/api/v1/tickets", JSON.stringify(body));
      const problem = await expectNo5xx(res);
      expect(res.status, field).toBe(422);
      expect(Object.keys(problem.errors), field).toContain(field);
    }
  });

  it("answers 4xx for deeply nested JSON anywhere in the body", async () => {
    const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + "1" + "}".repeat(n);
    const texts = [
      deep(200_000),
      `{"channel":"email","subject":"s","body":"b","customer":${deep(100_000)}}`,
      `{"channel":"email","subject":"s","body":"b","customer":{"name":"n","email":"a@b.kr"},"extra":${deepObject(50_000)}}`,
      `{"channel":${deepObject(50_000)}}`,
    ];
    for (const text of texts) {
      const res = await post("/api/v1/tickets", text);
      expect(res.status).toBeGreaterThanOrEqual(200);
      await expectNo5xx(res);
    }
    for (const action of ["resume", "pause", "assign"]) {
      await expectNo5xx(await post(`/api/v1/tickets/${reference}/${action}`, `{"x":${deepObject(50_000)}}`));
    }
  });

  it("ignores unknown and prototype-polluting keys", async () => {
    const text = `{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}},"channel":"email","subject":"s","body":"b","customer":{"name":"n","email":"a@b.kr","__proto__":null},"id":"00000000-0000-0000-0000-000000000000","status":"closed"}`;
    const res = await post("/api/v1/tickets", text);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.status).toBe("new");
    expect(created.id).not.toBe("00000000-0000-0000-0000-000000000000");
    expect(({} as any).admin).toBeUndefined();
  });
});

describe("size limits", () => {
  it("answers 422 for a field over its limit inside a body under 1 MiB", async () => {
    const res = await post("/api/v1/tickets", JSON.stringify(valid({ subject: "가".repeat(201), body: "나".repeat(300_000) })));
    const problem = await expectNo5xx(res);
    expect(res.status).toBe(422);
    expect(problem.errors.subject).toMatch(/200/);
    expect(problem.errors.body).toMatch(/20000/);
  });

  it("answers 413 for a body over 1 MiB, declared or not", async () => {
    const big = JSON.stringify(valid({ body: "x".repeat(1024 * 1024) }));
    // A declared Content-Length over the limit is refused before reading.
    const declared = await post("/api/v1/tickets", "{}", { "Content-Length": String(5 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    await expectNo5xx(declared);
    // A body without Content-Length (as the Request here has none) is counted as it is read.
    const plain = await post("/api/v1/tickets", big);
    expect(plain.status).toBe(413);
    // A streamed (chunked) body that never ends on its own: reading stops past 1 MiB.
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await post("/api/v1/tickets", stream);
    expect(streamed.status).toBe(413);
    expect((await expectNo5xx(streamed)).title).toMatch(/too large/i);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
    // The same on an action.
    expect((await post(`/api/v1/tickets/${reference}/replies`, big)).status).toBe(413);
    // Exactly 1 MiB is still read (then refused as a too-long field, not as too large).
    const template = JSON.stringify(valid({ body: "" }));
    const fill = 1024 * 1024 - new TextEncoder().encode(template).byteLength;
    const exact = template.replace('"body":""', `"body":"${"y".repeat(fill)}"`);
    expect(new TextEncoder().encode(exact).byteLength).toBe(1024 * 1024);
    expect((await post("/api/v1/tickets", exact)).status).toBe(422);
  });

  it("answers 400 when the body stream breaks", async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"channel":'));
        controller.error(new Error("connection reset"));
      },
    });
    const res = await post("/api/v1/tickets", broken);
    expect(res.status).toBe(400);
    await expectNo5xx(res);
  });
});

describe("generated input", () => {
  const oddString = fc.oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.constantFrom(
      "",
      " ",
      "\u0000",
      "\ud800",
      "<script>",
      "' OR 1=1 --",
      "010-1234-5678",
      "a@b.kr",
      "phone",
      "email",
      "2026-05-01",
      "2026-04-30T15:00:00+09:00",
    ),
  );
  const oddValue = fc.oneof(oddString, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

  it("never answers 5xx to generated ticket bodies", async () => {
    const body = fc.record(
      {
        channel: oddValue,
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
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const res = await post("/api/v1/tickets", JSON.stringify(value));
        await expectNo5xx(res);
      }),
      { numRuns: 150 },
    );
  });

  it("never answers 5xx to generated raw bodies, actions and query strings", async () => {
    const actions = fc.constantFrom("assign", "replies", "interim-notice", "callbacks", "pause", "resume", "resolve");
    await fc.assert(
      fc.asyncProperty(actions, fc.oneof(fc.json(), oddString), async (action, text) => {
        await expectNo5xx(await post(`/api/v1/tickets/${reference}/${action}`, text));
        await expectNo5xx(await post("/api/v1/tickets", text));
      }),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("status", "channel", "breached", "cursor", "limit"), oddString), async (query) => {
        const url = `/api/v1/tickets?${new URLSearchParams(query as Record<string, string>)}`;
        await expectNo5xx(await listRoute.loader({ request: request(url, "GET"), params: {}, context: {} }));
      }),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(oddString, async (ref) => {
        const res = await ticketRoute.loader({ request: request("/api/v1/tickets/x", "GET"), params: { reference: ref }, context: {} });
        expect(res.status).toBe(404);
        await expectNo5xx(res);
      }),
      { numRuns: 50 },
    );
  });
});
