// JSON API v1, tickets part (API-CONTRACT.md): auth, create, read, list, actions and
// Idempotency-Key, through the route modules' loader/action as Remix calls them.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apiTokens, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { createApiToken } from "~/auth/tokens.server";
import { kstDate } from "~/lib/time";
import { createStaffMember } from "~/staff/staff.server";
import * as splatRoute from "~/routes/api.$";
import * as listRoute from "~/routes/api.v1.tickets";
import * as ticketRoute from "~/routes/api.v1.tickets.$reference";
import * as actionRoute from "~/routes/api.v1.tickets.$reference.$action";
import { useTestDatabase } from "../support/db";

useTestDatabase();

type Route = { loader: (args: any) => Promise<Response>; action: (args: any) => Promise<Response> };
type Init = { body?: string | object | null; headers?: Record<string, string>; token?: string | null };

let token = "";

/** Routes a request the way the Remix route table does, then calls the module's loader or action. */
async function api(method: string, path: string, init: Init = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const bearer = init.token === undefined ? token : init.token;
  if (bearer !== null) headers.set("Authorization", `Bearer ${bearer}`);
  let body: string | undefined;
  if (init.body !== undefined && init.body !== null) {
    body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    if (!headers.has("Content-Type")) headers.set("Content-Type", "application/json");
  }
  const request = new Request(`http://localhost${path}`, { method, headers, body });
  const segments = new URL(request.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
  let route: Route = splatRoute;
  let params: Record<string, string> = { "*": segments.slice(1).join("/") };
  if (segments[0] === "api" && segments[1] === "v1" && segments[2] === "tickets") {
    if (segments.length === 3) [route, params] = [listRoute, {}];
    else if (segments.length === 4) [route, params] = [ticketRoute, { reference: segments[3] }];
    else if (segments.length === 5) [route, params] = [actionRoute, { reference: segments[3], action: segments[4] }];
  }
  const fn = method === "GET" || method === "HEAD" || method === "OPTIONS" ? route.loader : route.action;
  return fn({ request, params, context: {} });
}

async function read(res: Response): Promise<any> {
  const text = await res.text();
  return text === "" ? null : JSON.parse(text);
}

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
  const body = await read(res);
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  return body;
}

const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The ticket's own history (the SLA engine adds "sla.*" events of its own, actor "system"). */
function ticketEvents(body: { events: Array<{ type: string; at: string; actor: string }> }) {
  return body.events.filter((e) => !e.type.startsWith("sla."));
}

function newTicket(overrides: Record<string, unknown> = {}) {
  return {
    channel: "phone",
    subject: "카드 분실 신고 문의",
    body: "어제 카드를 잃어버렸습니다. 회신 바랍니다.",
    customer: { name: "홍길동", phone: "010-1234-5678", preferredContact: "sms" },
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}, init: Init = {}) {
  const res = await api("POST", "/api/v1/tickets", { body: newTicket(overrides), ...init });
  expect(res.status).toBe(201);
  return read(res);
}

async function ticketCount(): Promise<number> {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(tickets);
  return row.n;
}

beforeAll(async () => {
  // An integration acting for the whole center (access by role: managers see every ticket);
  // team-scoped tokens are tested in access-control.test.ts.
  token = (await createApiToken({ name: "cti", role: "manager" })).token;
});

describe("authentication", () => {
  it("refuses every /api/v1 route without a valid bearer token (401 problem)", async () => {
    const { reference } = await create();
    const revoked = await createApiToken({ name: "old-fax", role: "agent" });
    await db().update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, revoked.id));
    const bad: Array<Init["token"] | "raw"> = [null, "ssd_notarealtokenatall", revoked.token, "raw"];
    for (const candidate of bad) {
      const init: Init = candidate === "raw" ? { token: null, headers: { Authorization: `Basic ${btoa("a:b")}` } } : { token: candidate };
      for (const [method, path, body] of [
        ["GET", "/api/v1/tickets", undefined],
        ["POST", "/api/v1/tickets", newTicket()],
        ["GET", `/api/v1/tickets/${reference}`, undefined],
        ["POST", `/api/v1/tickets/${reference}/pause`, { reason: "x" }],
      ] as const) {
        const res = await api(method, path, { ...init, body });
        await expectProblem(res, 401);
        expect(res.headers.get("WWW-Authenticate")).toContain("Bearer");
      }
    }
    const detail = await read(await api("GET", `/api/v1/tickets/${reference}`));
    expect(detail.status).toBe("new");
  });

  it("records the token as the actor of what it does", async () => {
    const lead = await createApiToken({ name: "crm-sync", role: "lead" });
    const ticket = await create({}, { token: lead.token });
    expect(ticketEvents(ticket)).toEqual([{ type: "ticket.created", at: expect.stringMatching(ISO_Z), actor: "token:crm-sync" }]);
  });
});

describe("POST /api/v1/tickets", () => {
  it("creates a ticket: 201, the contract's shape, UTC instants, Location", async () => {
    const res = await api("POST", "/api/v1/tickets", {
      body: newTicket({
        channel: "phone",
        category: "card",
        receivedAt: "2026-01-05T09:30:00+09:00",
        requestedReplyBy: "2026-01-09",
        callbackRequested: true,
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = await read(res);
    expect(res.headers.get("Location")).toBe(`/api/v1/tickets/${body.reference}`);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: expect.stringMatching(/^\d{6}-\d{4,}$/),
      status: "new",
      channel: "phone",
      category: "card",
      receivedAt: "2026-01-05T00:30:00.000Z",
      requestedReplyBy: "2026-01-09",
      callbackRequested: true,
      resolvedOnContact: false,
      assignee: null,
      customer: { name: "홍길동", phone: "010-1234-5678", email: null, preferredContact: "sms" },
      timers: expect.any(Array),
      guaranteeCases: expect.any(Array),
      notifications: expect.any(Array),
    });
    expect(ticketEvents(body)).toEqual([{ type: "ticket.created", at: expect.stringMatching(ISO_Z), actor: "token:cti" }]);
    for (const event of body.events)
      expect(event).toEqual({ type: expect.any(String), at: expect.stringMatching(ISO_Z), actor: expect.any(String) });
    // Timers as the contract shows them (whatever else the SLA engine adds).
    for (const timer of body.timers) {
      expect(timer).toMatchObject({ metric: expect.any(String), dueAt: expect.stringMatching(ISO_Z), state: expect.any(String) });
      expect(timer).toHaveProperty("metAt");
      expect(timer).toHaveProperty("breachedAt");
    }
    for (const key of ["createdAt", "updatedAt"]) expect(body[key]).toMatch(ISO_Z);
    // The same shape comes back from GET.
    const again = await api("GET", `/api/v1/tickets/${body.reference}`);
    expect(again.status).toBe(200);
    expect(await read(again)).toEqual(body);
  });

  it("defaults category to general and receivedAt to now", async () => {
    const before = Date.now();
    const body = await create({ channel: "email", customer: { name: "김민수", email: "minsu@example.com" } });
    expect(body.category).toBe("general");
    expect(Date.parse(body.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("records a contact answered on the spot as resolved", async () => {
    const body = await create({ channel: "visit", resolvedOnContact: true, customer: { name: "방문객" } });
    expect(body.status).toBe("resolved");
    expect(ticketEvents(body).map((e) => e.type)).toEqual(["ticket.created", "ticket.resolved"]);
  });

  it("answers 422 with errors by field path", async () => {
    const missing = await expectProblem(await api("POST", "/api/v1/tickets", { body: { customer: {} } }), 422);
    expect(missing.errors).toMatchObject({
      channel: "This field is required.",
      subject: "This field is required.",
      body: "This field is required.",
      "customer.name": "This field is required.",
    });
    const noContact = await expectProblem(
      await api("POST", "/api/v1/tickets", { body: newTicket({ channel: "email", customer: { name: "이름" } }) }),
      422,
    );
    expect(noContact.errors["customer.email"]).toMatch(/email address or a phone number/);
    const badEmail = await expectProblem(
      await api("POST", "/api/v1/tickets", { body: newTicket({ customer: { name: "이름", email: "not-an-email" } }) }),
      422,
    );
    expect(badEmail.errors["customer.email"]).toMatch(/valid email/);
  });

  it("refuses a receivedAt in the future, an unknown channel and a bad date (422)", async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const p1 = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket({ receivedAt: future }) }), 422);
    expect(p1.errors.receivedAt).toMatch(/future/);
    const p2 = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket({ channel: "carrier-pigeon" }) }), 422);
    expect(p2.errors.channel).toMatch(/listed values/);
    const p3 = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket({ receivedAt: "yesterday" }) }), 422);
    expect(p3.errors.receivedAt).toBeTruthy();
    const p4 = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket({ requestedReplyBy: "2026-02-30" }) }), 422);
    expect(p4.errors.requestedReplyBy).toMatch(/YYYY-MM-DD/);
    const p5 = await expectProblem(
      await api("POST", "/api/v1/tickets", {
        body: newTicket({ channel: "email", callbackRequested: true, customer: { name: "a", email: "a@b.kr" } }),
      }),
      422,
    );
    expect(p5.errors.callbackRequested).toBeTruthy();
  });

  it("accepts and returns the postal address of an answer by post (우편); refuses 우편 without one (422 problem)", async () => {
    const body = await create({
      channel: "mail",
      customer: { name: "우편희", preferredContact: "mail" },
      postalAddress: "서울특별시 중구 세종대로 110, 101동 1203호 (주민번호 900101-1234567)",
    });
    // Stored and returned masked, like every free text (§7).
    expect(body.postalAddress).toBe("서울특별시 중구 세종대로 110, 101동 1203호 (주민번호 900101-1******)");
    const read = await api("GET", `/api/v1/tickets/${body.reference}`);
    expect((await read.json()).postalAddress).toBe(body.postalAddress);
    // Other tickets carry null.
    expect((await create()).postalAddress).toBeNull();

    const missing = await expectProblem(
      await api("POST", "/api/v1/tickets", {
        body: newTicket({ channel: "mail", customer: { name: "우편희", preferredContact: "mail" } }),
      }),
      422,
    );
    expect(missing.errors.postalAddress).toMatch(/by post/);
    const blank = await expectProblem(
      await api("POST", "/api/v1/tickets", {
        body: newTicket({ channel: "mail", customer: { name: "우편희", preferredContact: "mail" }, postalAddress: "   " }),
      }),
      422,
    );
    expect(blank.errors.postalAddress).toBeTruthy();
    const tooLong = await expectProblem(
      await api("POST", "/api/v1/tickets", { body: newTicket({ postalAddress: "가".repeat(301) }) }),
      422,
    );
    expect(tooLong.errors.postalAddress).toBeTruthy();
    const notText = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket({ postalAddress: 42 }) }), 422);
    expect(notText.errors.postalAddress).toBeTruthy();
  });

  it("answers 400 for malformed JSON and an empty body", async () => {
    for (const body of ['{"channel": "web",', "{'a': 1}", "NaN", "{} {}"]) {
      await expectProblem(await api("POST", "/api/v1/tickets", { body }), 400);
    }
    await expectProblem(await api("POST", "/api/v1/tickets", { headers: { "Content-Type": "application/json" } }), 400);
  });

  it("answers 422 (never 500) for a JSON array, null or a scalar", async () => {
    for (const body of ["[]", "[1,2]", "null", "42", '"text"', "true"]) {
      const problem = await expectProblem(await api("POST", "/api/v1/tickets", { body }), 422);
      expect(problem.errors).toEqual({ _: expect.any(String) });
    }
  });

  it("accepts application/json with or without charset, or no Content-Type; refuses other media types (415)", async () => {
    const text = JSON.stringify(newTicket());
    for (const type of ["application/json; charset=utf-8", "application/json;charset=UTF-8", "application/vnd.desk+json"]) {
      expect((await api("POST", "/api/v1/tickets", { body: text, headers: { "Content-Type": type } })).status).toBe(201);
    }
    const bare = new Request("http://localhost/api/v1/tickets", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
      body: new TextEncoder().encode(text),
    });
    expect(bare.headers.get("Content-Type")).toBeNull();
    expect((await listRoute.action({ request: bare, params: {}, context: {} })).status).toBe(201);
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/json; charset=iso-8859-1",
      "multipart/form-data; boundary=x",
    ]) {
      await expectProblem(await api("POST", "/api/v1/tickets", { body: text, headers: { "Content-Type": type } }), 415);
    }
  });
});

describe("GET /api/v1/tickets/{reference}", () => {
  it("answers 404 for an unknown or malformed reference", async () => {
    for (const ref of ["990101-9999", "nope", "' or 1=1 --", "%00", "x".repeat(5000)]) {
      await expectProblem(await api("GET", `/api/v1/tickets/${encodeURIComponent(ref)}`), 404);
    }
  });

  it("answers HEAD like GET and 405 for other methods", async () => {
    const { reference } = await create();
    expect((await api("HEAD", `/api/v1/tickets/${reference}`)).status).toBe(200);
    const res = await api("DELETE", `/api/v1/tickets/${reference}`);
    await expectProblem(res, 405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    const put = await api("PUT", "/api/v1/tickets", { body: {} });
    await expectProblem(put, 405);
    expect(put.headers.get("Allow")).toBe("GET, POST, HEAD, OPTIONS");
    const options = await api("OPTIONS", "/api/v1/tickets");
    expect(options.status).toBe(204);
    expect(options.headers.get("Allow")).toContain("POST");
  });
});

describe("actions", () => {
  it("assigns by email or id, replies, sends an interim notice, logs a callback, pauses, resumes and resolves", async () => {
    const agent = await createStaffMember({ email: "agent.api@test.kr", name: "박상담", role: "agent", team: "complaints-1" });
    const other = await createStaffMember({ email: "other.api@test.kr", name: "최상담", role: "agent", team: "complaints-2" });
    const { reference } = await create();
    const path = (action: string) => `/api/v1/tickets/${reference}/${action}`;

    let res = await api("POST", path("assign"), { body: { assignee: "AGENT.API@test.kr" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    let t = await read(res);
    expect(t).toMatchObject({ reference, status: "open", assignee: { id: agent.id, email: "agent.api@test.kr", name: "박상담" } });
    expect(t.team).toMatchObject({ key: "complaints-1" });

    t = await read(await api("POST", path("assign"), { body: { assignee: other.id } }));
    expect(t.assignee.id).toBe(other.id);

    t = await read(await api("POST", path("replies"), { body: { body: "확인 후 연락드리겠습니다.", via: "sms" } }));
    expect(t.status).toBe("open");

    const p = await expectProblem(
      await api("POST", path("interim-notice"), { body: { reason: "확인 중", expectedBy: "2020-01-02" } }),
      422,
    );
    expect(p.errors.expectedBy).toBeTruthy();
    const soon = kstDate(Date.now() + 2 * 86400_000);
    res = await api("POST", path("interim-notice"), { body: { reason: "관계 부서 확인 중", expectedBy: soon } });
    expect(res.status).toBe(200);

    res = await api("POST", path("callbacks"), { body: { outcome: "no_answer" } });
    expect(res.status).toBe(200);

    t = await read(await api("POST", path("pause"), { body: { reason: "서류 보완 요청" } }));
    expect(t.status).toBe("waiting");
    t = await read(await api("POST", path("resume"))); // no body at all
    expect(t.status).toBe("open");
    await api("POST", path("pause"), { body: { reason: "다시 보완 요청" } });
    t = await read(await api("POST", path("resume"), { body: {} }));
    expect(t.status).toBe("open");

    res = await api("POST", path("resolve"), { body: { answer: "재발급 처리되었습니다." } });
    expect(res.status).toBe(200);
    t = await read(res);
    expect(t.status).toBe("resolved");
    expect(t.resolvedAt).toMatch(ISO_Z);
    expect(ticketEvents(t).map((e) => e.type)).toEqual([
      "ticket.created",
      "ticket.assigned",
      "ticket.assigned",
      "reply.sent",
      "interim_notice.sent",
      "callback.logged",
      "ticket.paused",
      "ticket.resumed",
      "ticket.paused",
      "ticket.resumed",
      "ticket.resolved",
    ]);
    expect(ticketEvents(t).every((e) => e.actor === "token:cti" && ISO_Z.test(e.at))).toBe(true);
  });

  it("answers 409 for an action the ticket's state does not allow", async () => {
    const { reference } = await create();
    const p = await expectProblem(await api("POST", `/api/v1/tickets/${reference}/resume`, { body: {} }), 409);
    expect(p.detail).toMatch(/current state/);
    await api("POST", `/api/v1/tickets/${reference}/resolve`, { body: { answer: "끝" } });
    await expectProblem(await api("POST", `/api/v1/tickets/${reference}/pause`, { body: { reason: "x" } }), 409);
    await expectProblem(await api("POST", `/api/v1/tickets/${reference}/resolve`, { body: { answer: "again" } }), 409);
  });

  it("answers 422 with errors for bad input, including an unknown assignee", async () => {
    const { reference } = await create();
    const path = (action: string) => `/api/v1/tickets/${reference}/${action}`;
    const cases: Array<[string, unknown, string]> = [
      ["assign", { assignee: "nobody@test.kr" }, "assignee"],
      ["assign", { assignee: "00000000-0000-0000-0000-000000000000" }, "assignee"],
      ["assign", {}, "assignee"],
      ["replies", { body: "hi", via: "pigeon" }, "via"],
      ["replies", { via: "sms" }, "body"],
      ["interim-notice", { reason: "r", expectedBy: "next week" }, "expectedBy"],
      ["callbacks", { outcome: "maybe" }, "outcome"],
      ["pause", { reason: "   " }, "reason"],
      ["resolve", { answer: 42 }, "answer"],
      ["resume", [], "_"],
    ];
    for (const [action, body, field] of cases) {
      const p = await expectProblem(await api("POST", path(action), { body: JSON.stringify(body) }), 422);
      expect(Object.keys(p.errors)).toContain(field);
    }
    const unknown = await expectProblem(await api("POST", path("assign"), { body: { assignee: "nobody@test.kr" } }), 422);
    expect(unknown.errors.assignee).toBe("No such staff member.");
    await expectProblem(await api("POST", path("pause")), 400); // a body is required except for resume
  });

  it("answers 404 for an unknown ticket or action and 405 for GET on an action", async () => {
    const { reference } = await create();
    await expectProblem(await api("POST", "/api/v1/tickets/990101-9999/pause", { body: { reason: "x" } }), 404);
    await expectProblem(await api("POST", "/api/v1/tickets/not-a-ref/resume"), 404);
    const p = await expectProblem(await api("POST", `/api/v1/tickets/${reference}/delete`, { body: {} }), 404);
    expect(p.detail).toMatch(/assign, replies/);
    await expectProblem(await api("POST", `/api/v1/tickets/${reference}/__proto__`, { body: {} }), 404);
    const get = await api("GET", `/api/v1/tickets/${reference}/assign`);
    await expectProblem(get, 405);
    expect(get.headers.get("Allow")).toBe("POST, OPTIONS");
  });
});

describe("GET /api/v1/tickets", () => {
  it("lists newest first with filters, a limit and a cursor", async () => {
    const fax = await create({ channel: "fax", customer: { name: "팩스 고객", phone: "02-123-4567" }, subject: "팩스 접수 1" });
    const fax2 = await create({ channel: "fax", customer: { name: "팩스 고객", phone: "02-123-4567" }, subject: "팩스 접수 2" });
    const all = await read(await api("GET", "/api/v1/tickets?limit=200"));
    expect(all.items.length).toBeGreaterThan(2);
    const created = all.items.map((i: any) => Date.parse(i.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(all.items[0]).toMatchObject({
      id: fax2.id,
      reference: fax2.reference,
      status: "new",
      channel: "fax",
      category: "general",
      assignee: null,
    });
    expect(all.items[0].receivedAt).toMatch(ISO_Z);

    const faxes = await read(await api("GET", "/api/v1/tickets?channel=fax&status=new&breached=&cursor="));
    expect(faxes.items.map((i: any) => i.reference)).toEqual([fax2.reference, fax.reference]);
    expect(faxes.nextCursor).toBeNull();

    const page1 = await read(await api("GET", "/api/v1/tickets?channel=fax&limit=1"));
    expect(page1.items.map((i: any) => i.reference)).toEqual([fax2.reference]);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await read(await api("GET", `/api/v1/tickets?channel=fax&limit=1&cursor=${encodeURIComponent(page1.nextCursor)}`));
    expect(page2.items.map((i: any) => i.reference)).toEqual([fax.reference]);

    const resolved = await read(await api("GET", "/api/v1/tickets?status=resolved"));
    expect(resolved.items.every((i: any) => i.status === "resolved")).toBe(true);
    const breached = await api("GET", "/api/v1/tickets?breached=true");
    expect(breached.status).toBe(200);
    expect(await read(breached)).toMatchObject({ items: expect.any(Array) });
  });

  it("refuses an unknown status or channel, a malformed cursor and a bad limit (422)", async () => {
    const bad: Array<[string, string]> = [
      ["status=pending", "status"],
      ["channel=telegram", "channel"],
      ["cursor=garbage", "cursor"],
      [`cursor=${Buffer.from("2026-01-01T00:00:00.000Z|------------------------------------").toString("base64url")}`, "cursor"],
      [`cursor=${Buffer.from("+275760-09-13T00:00:00.000Z|00000000-0000-0000-0000-000000000000").toString("base64url")}`, "cursor"],
      ["cursor=%00%00", "cursor"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=abc", "limit"],
      ["limit=-1", "limit"],
      ["limit=1.5", "limit"],
      ["breached=false", "breached"],
      ["status=new&status=open", "status"],
    ];
    for (const [query, field] of bad) {
      const p = await expectProblem(await api("GET", `/api/v1/tickets?${query}`), 422);
      expect(Object.keys(p.errors)).toEqual([field]);
    }
  });
});

describe("Idempotency-Key", () => {
  it("replays the original response for the same key and body; refuses a different body (422)", async () => {
    const body = JSON.stringify(newTicket({ subject: "멱등 요청 1" }));
    const headers = { "Idempotency-Key": "cti-call-0001" };
    const first = await api("POST", "/api/v1/tickets", { body, headers });
    expect(first.status).toBe(201);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    const firstText = await first.text();
    const count = await ticketCount();

    const second = await api("POST", "/api/v1/tickets", { body, headers });
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(second.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(await second.text()).toBe(firstText);
    expect(await ticketCount()).toBe(count);

    const different = await api("POST", "/api/v1/tickets", { body: JSON.stringify(newTicket({ subject: "다른 내용" })), headers });
    const p = await expectProblem(different, 422);
    expect(p.errors).toHaveProperty("Idempotency-Key");
    expect(await ticketCount()).toBe(count);

    // Keys belong to the token that used them.
    const other = await createApiToken({ name: "mailroom", role: "agent" });
    const third = await api("POST", "/api/v1/tickets", { body, headers, token: other.token });
    expect(third.status).toBe(201);
    expect(third.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await ticketCount()).toBe(count + 1);
  });

  it("creates exactly one ticket for 10 concurrent identical requests, all answered alike", async () => {
    const body = JSON.stringify(newTicket({ subject: "동시 요청 테스트" }));
    const headers = { "Idempotency-Key": "concurrent-1" };
    const responses = await Promise.all(Array.from({ length: 10 }, () => api("POST", "/api/v1/tickets", { body, headers })));
    const texts = await Promise.all(responses.map((r) => r.text()));
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    expect(new Set(texts).size).toBe(1);
    expect(responses.filter((r) => r.headers.get("Idempotent-Replayed") === "true")).toHaveLength(9);
    const [row] = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(tickets)
      .where(eq(tickets.subject, "동시 요청 테스트"));
    expect(row.n).toBe(1);
  });

  it("applies to actions: a replayed reply is sent once", async () => {
    const { reference } = await create();
    const headers = { "Idempotency-Key": "reply-7" };
    const body = { body: "답변드립니다.", via: "email" };
    const a = await api("POST", `/api/v1/tickets/${reference}/replies`, { body, headers });
    const b = await api("POST", `/api/v1/tickets/${reference}/replies`, { body, headers });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await b.text()).toBe(await a.text());
    const detail = await read(await api("GET", `/api/v1/tickets/${reference}`));
    expect(detail.events.filter((e: any) => e.type === "reply.sent")).toHaveLength(1);
    // The same key on another endpoint is a different request.
    await expectProblem(await api("POST", `/api/v1/tickets/${reference}/resolve`, { body: { answer: "x" }, headers }), 422);
  });

  it("stores nothing when the request fails, so the key can be retried", async () => {
    const { reference } = await create();
    const headers = { "Idempotency-Key": "resume-then-retry" };
    await expectProblem(await api("POST", `/api/v1/tickets/${reference}/resume`, { body: {}, headers }), 409);
    await api("POST", `/api/v1/tickets/${reference}/pause`, { body: { reason: "보완" } });
    const retry = await api("POST", `/api/v1/tickets/${reference}/resume`, { body: {}, headers });
    expect(retry.status).toBe(200);
    expect((await read(retry)).status).toBe("open");

    const createKey = { "Idempotency-Key": "bad-then-good" };
    const before = await ticketCount();
    await expectProblem(await api("POST", "/api/v1/tickets", { body: { channel: "web" }, headers: createKey }), 422);
    expect(await ticketCount()).toBe(before);
    expect((await api("POST", "/api/v1/tickets", { body: newTicket(), headers: createKey })).status).toBe(201);
  });

  it("refuses a malformed key (422)", async () => {
    for (const key of ["", "x".repeat(256), "caf\u00e9", "has space"]) {
      const p = await expectProblem(await api("POST", "/api/v1/tickets", { body: newTicket(), headers: { "Idempotency-Key": key } }), 422);
      expect(p.errors).toHaveProperty("Idempotency-Key");
    }
  });
});

describe("other /api paths", () => {
  it("answers problem+json 404 for unknown paths", async () => {
    for (const [method, path] of [
      ["GET", "/api/v2/tickets"],
      ["POST", "/api/v1/nothing"],
      ["GET", "/api"],
      ["DELETE", "/api/v1/tickets/260101-0001/assign/extra"],
    ]) {
      await expectProblem(await api(method, path), 404);
    }
  });
});
