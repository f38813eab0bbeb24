// The portal's routes called with real requests against a real database: the tracking link and
// its cookie, the same 404 for a wrong link and an unknown reference, the one-time code lookup,
// the track page's actions, /status, the inquiry form's kinds, and the desk's voice actions.
import { and, desc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { guaranteeCases, maintenanceWindows, notifications, outages, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { langCookie } from "~/i18n/lang.server";
import { translate } from "~/i18n/i18n";
import { createStaffMember } from "~/staff/staff.server";
import type { TicketIntake } from "~/tickets/schemas";
import { assignTicket, createTicket, getTicketDetail, pauseTicket, resolveTicket } from "~/tickets/tickets.server";
import { action as inquiryAction } from "~/routes/inquiry";
import { loader as receivedPageLoader } from "~/routes/inquiry_.received";

/** The confirmation page's data (the loader answers it with headers that end the cookie). */
const receivedLoader = async (args: Parameters<typeof receivedPageLoader>[0]) => (await receivedPageLoader(args)).data;
import { action as lookupAction, loader as lookupLoader } from "~/routes/lookup";
import { loader as statusLoader } from "~/routes/status";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$reference";
import { action as voiceAction } from "~/routes/desk.tickets.$reference_.voice";
import { useTestDatabase } from "../support/db";

useTestDatabase();

type Outcome = { status: number; headers: Headers; body?: any; text?: string };

async function run(
  fn: (args: any) => Promise<unknown> | unknown,
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
): Promise<Outcome> {
  try {
    const result = await fn({ request, params, context });
    if (result instanceof Response) return { status: result.status, headers: result.headers, text: await result.text() };
    const r = result as { type?: string; data?: unknown; init?: { status?: number; headers?: HeadersInit } | null };
    if (r && r.type === "DataWithResponseInit")
      return { status: r.init?.status ?? 200, headers: new Headers(r.init?.headers), body: r.data };
    return { status: 200, headers: new Headers(), body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, text: await thrown.text() };
    throw thrown;
  }
}

const get = (path: string, cookie?: string) => new Request(`http://localhost${path}`, { headers: cookie ? { Cookie: cookie } : {} });
function post(path: string, fields: Record<string, string>, cookie?: string, files: File[] = []): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("files", f);
  return new Request(`http://localhost${path}`, { method: "POST", body: form, headers: cookie ? { Cookie: cookie } : {} });
}
const cookiePair = (setCookie: string | null) => {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(";")[0];
};

let seq = 0;
function intake(who: Partial<TicketIntake["customer"]> = {}, extra: Partial<TicketIntake> = {}): TicketIntake {
  seq += 1;
  return {
    channel: "web",
    category: "general",
    subject: `자동이체 문의 ${seq}`,
    body: "출금 내역을 확인하고 싶습니다.",
    customer: { name: "이영희", email: `lee${seq}@example.com`, ...who },
    callbackRequested: false,
    resolvedOnContact: false,
    ...extra,
  };
}

/** Opens the track page with the tracking link; returns the access cookie. */
async function openWithLink(reference: string, token: string): Promise<string> {
  const opened = await run(trackLoader, get(`/track/${reference}?t=${token}`), { reference });
  expect(opened.status).toBe(303);
  expect(opened.headers.get("Location")).toBe(`/track/${reference}`);
  return cookiePair(opened.headers.get("Set-Cookie"));
}

async function agent(email: string, role: "agent" | "lead" | "manager" = "agent") {
  const row = await createStaffMember({ email, name: email.split("@")[0], role, team: "complaints-1", password: "pw-123456789" });
  return {
    row,
    actor: staffActor({ ...row, locale: "ko" }),
    cookie: cookiePair(await startSession(new Request("http://localhost/login"), row.id)),
  };
}

describe("GET /track/:reference", () => {
  it("opens with the tracking link, drops the token from the URL and keeps a short-lived cookie", async () => {
    const created = await createTicket(intake(), { kind: "customer" });
    const cookie = await openWithLink(created.reference, created.trackingToken);
    expect(cookie).toMatch(/^__portal_access=/);
    expect(cookie).not.toContain(created.trackingToken);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(page.status).toBe(200);
    expect(page.body.view).toMatchObject({ reference: created.reference, status: "new", kind: "inquiry", canReply: true });
    expect(page.headers.get("Set-Cookie")).toMatch(/__portal_access=.*Max-Age=1800.*Path=\/track/i);
  });

  it("answers a wrong token, a token for another ticket and an unknown reference with the same 404", async () => {
    const a = await createTicket(intake(), { kind: "customer" });
    const b = await createTicket(intake(), { kind: "customer" });
    const wrong = await run(trackLoader, get(`/track/${a.reference}?t=${"A".repeat(43)}`), { reference: a.reference });
    const crossed = await run(trackLoader, get(`/track/${a.reference}?t=${b.trackingToken}`), { reference: a.reference });
    const unknown = await run(trackLoader, get(`/track/200101-9999?t=${a.trackingToken}`), { reference: "200101-9999" });
    const garbage = await run(trackLoader, get(`/track/${a.reference}?t=%3Cscript%3E`), { reference: a.reference });
    for (const r of [wrong, crossed, unknown, garbage]) {
      expect(r.status).toBe(404);
      expect(r.text).toBe(wrong.text);
      expect(r.headers.get("Set-Cookie")).toBeNull();
    }
  });

  it("without access sends to the lookup page, known reference or not; a cookie opens only its own ticket", async () => {
    const a = await createTicket(intake(), { kind: "customer" });
    const b = await createTicket(intake(), { kind: "customer" });
    const known = await run(trackLoader, get(`/track/${a.reference}`), { reference: a.reference });
    const unknown = await run(trackLoader, get(`/track/200101-9998`), { reference: "200101-9998" });
    expect(known.status).toBe(302);
    expect(known.headers.get("Location")).toBe(`/lookup?reference=${a.reference}`);
    expect(unknown.headers.get("Location")).toBe(`/lookup?reference=200101-9998`);
    const cookieA = await openWithLink(a.reference, a.trackingToken);
    const other = await run(trackLoader, get(`/track/${b.reference}`, cookieA), { reference: b.reference });
    expect(other.headers.get("Location")).toBe(`/lookup?reference=${b.reference}`);
    // A forged cookie is no cookie.
    const forged = `__portal_access=${btoa(JSON.stringify({ g: { [b.reference]: Date.now() + 60_000 } }))}`;
    const withForged = await run(trackLoader, get(`/track/${b.reference}`, forged), { reference: b.reference });
    expect(withForged.status).toBe(302);
  });
});

describe("/lookup", () => {
  it("gives the same answer for a known and an unknown reference, and the code opens the track page", async () => {
    const created = await createTicket(intake({ email: "lookup@example.com" }), { kind: "customer" });
    const known = await run(
      lookupAction,
      post("/lookup", { intent: "request", reference: created.reference, contact: "lookup@example.com" }),
      {},
      { clientIp: "192.0.2.1" },
    );
    const unknown = await run(
      lookupAction,
      post("/lookup", { intent: "request", reference: "200101-0007", contact: "lookup@example.com" }),
      {},
      { clientIp: "192.0.2.1" },
    );
    expect(known.status).toBe(200);
    // The minutes travel in the answer: the page cannot read a .server module in the browser (issue 21: "undefined분").
    expect(known.body).toEqual({
      step: "code",
      values: { reference: created.reference, contact: "lookup@example.com" },
      errors: {},
      sent: true,
      codeMinutes: 10,
    });
    expect(unknown.status).toBe(known.status);
    expect({ ...unknown.body, values: {} }).toEqual({ ...known.body, values: {} });

    const wrong = await run(
      lookupAction,
      post("/lookup", { intent: "verify", reference: created.reference, contact: "lookup@example.com", code: "000000" }),
      {},
      { clientIp: "192.0.2.1" },
    );
    const wrongUnknown = await run(
      lookupAction,
      post("/lookup", { intent: "verify", reference: "200101-0007", contact: "lookup@example.com", code: "000000" }),
      {},
      { clientIp: "192.0.2.1" },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body.formError).toBe("인증번호가 맞지 않거나 유효 시간이 지났습니다. 다시 확인하시거나 새 인증번호를 받아 주세요.");
    expect({ ...wrongUnknown.body, values: {} }).toEqual({ ...wrong.body, values: {} });

    const t = (await db().select().from(tickets).where(eq(tickets.reference, created.reference)))[0];
    const [n] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, t.id), eq(notifications.template, "one_time_code")))
      .orderBy(desc(notifications.createdAt))
      .limit(1);
    let code = String(n.payload.code);
    if (code === "000000") {
      // The one-in-a-million case where the wrong guess above was right (and used the code up).
      await run(
        lookupAction,
        post("/lookup", { intent: "request", reference: created.reference, contact: "lookup@example.com" }),
        {},
        { clientIp: "192.0.2.1" },
      );
      const [again] = await db()
        .select()
        .from(notifications)
        .where(eq(notifications.template, "one_time_code"))
        .orderBy(desc(notifications.createdAt))
        .limit(1);
      code = String(again.payload.code);
    }
    const ok = await run(
      lookupAction,
      post("/lookup", { intent: "verify", reference: created.reference, contact: "LOOKUP@example.com", code: ` ${code} ` }),
      {},
      { clientIp: "192.0.2.1" },
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe(`/track/${created.reference}`);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookiePair(ok.headers.get("Set-Cookie"))), {
      reference: created.reference,
    });
    expect(page.body.view.reference).toBe(created.reference);
  });

  it("explains malformed input beside the fields, keeps what was typed, in the customer's language", async () => {
    const ko = await run(lookupAction, post("/lookup", { intent: "request", reference: "12345", contact: "nope" }));
    expect(ko.status).toBe(422);
    expect(ko.body.errors).toEqual({
      reference: "접수번호를 확인해 주세요. (예: 260430-0042)",
      contact: expect.stringContaining("이메일 주소나 휴대전화 번호"),
    });
    expect(ko.body.values).toMatchObject({ reference: "12345", contact: "nope" });
    const en = await run(
      lookupAction,
      post(
        "/lookup",
        { intent: "verify", reference: "260430-0042", contact: "a@b.kr", code: "12ab" },
        cookiePair(await langCookie.serialize("en")),
      ),
    );
    expect(en.status).toBe(422);
    expect(en.body).toMatchObject({ step: "code", errors: { code: "Please enter the 6-digit code." } });
    const broken = await run(
      lookupAction,
      new Request("http://localhost/lookup", {
        method: "POST",
        body: "%%%",
        headers: { "Content-Type": "multipart/form-data; boundary=x" },
      }),
    );
    expect(broken.status).toBe(400);
  });

  it("answers 429 with the wait when a client asks too often", async () => {
    let last: Outcome | undefined;
    for (let i = 0; i < 11; i++) {
      last = await run(
        lookupAction,
        post("/lookup", { intent: "request", reference: `200105-${String(i).padStart(4, "0")}`, contact: "x@example.com" }),
        {},
        { clientIp: "192.0.2.99" },
      );
    }
    expect(last!.status).toBe(429);
    expect(last!.body.formError).toMatch(/^시도 횟수가 너무 많습니다\. \d+분 뒤에 다시 시도해 주세요\.$/);
  });

  it("prefills only a well-formed reference", async () => {
    expect(await lookupLoader({ request: get("/lookup?reference=260430-0042"), params: {}, context: {} })).toEqual({
      reference: "260430-0042",
      expired: false,
      link: null,
      linkDays: 30,
      next: null,
    });
    expect(await lookupLoader({ request: get("/lookup?reference=<b>x</b>&expired=1"), params: {}, context: {} })).toEqual({
      reference: "",
      expired: true,
      link: null,
      linkDays: 30,
      next: null,
    });
  });
});

describe("POST /track/:reference", () => {
  it("a reply with a document resumes a waiting ticket; an empty reply is explained; no access → lookup", async () => {
    const { actor } = await agent("track-agent@desk.kr");
    const created = await createTicket(intake(), { kind: "customer" });
    await assignTicket(created.reference, "track-agent@desk.kr", actor);
    await pauseTicket(created.reference, { reason: "통장 사본을 보내 주세요." }, actor);
    const cookie = await openWithLink(created.reference, created.trackingToken);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookie), { reference: created.reference });
    expect(page.body.view.pauseReason).toBe("통장 사본을 보내 주세요.");

    const empty = await run(trackAction, post(`/track/${created.reference}`, { intent: "reply", body: "  " }, cookie), {
      reference: created.reference,
    });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual({ body: "내용을 쓰시거나 파일을 첨부해 주세요." });

    const noAccess = await run(trackAction, post(`/track/${created.reference}`, { intent: "reply", body: "hi" }), {
      reference: created.reference,
    });
    expect(noAccess.status).toBe(303);
    expect(noAccess.headers.get("Location")).toBe(`/lookup?reference=${created.reference}&expired=1`);

    const pdf = new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "통장사본.pdf", { type: "application/pdf" });
    const sent = await run(trackAction, post(`/track/${created.reference}`, { intent: "reply", body: "<b>보냅니다</b>" }, cookie, [pdf]), {
      reference: created.reference,
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("Location")).toBe(`/track/${created.reference}?done=resumed#done`);
    const detail = await getTicketDetail(created.reference);
    expect(detail!.ticket.status).toBe("open");
    const last = detail!.messages[detail!.messages.length - 1];
    expect(last).toMatchObject({ direction: "inbound", via: "portal", body: "<b>보냅니다</b>" });
    expect(detail!.attachments.map((a) => a.filename)).toContain("통장사본.pdf");

    const bad = await run(
      trackAction,
      post(`/track/${created.reference}`, { intent: "reply", body: "파일" }, cookie, [new File(["plain text"], "x.pdf")]),
      { reference: created.reference },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.errors.files).toMatch(/PDF, PNG, JPEG, TIFF/);
    expect(bad.body.values.body).toBe("파일");
    const unknownIntent = await run(trackAction, post(`/track/${created.reference}`, { intent: "drop-table" }, cookie), {
      reference: created.reference,
    });
    expect(unknownIntent.status).toBe(400);
  });

  it("rating 2 reopens; a claim opens then joins the guarantee case", async () => {
    const { actor } = await agent("track-rater@desk.kr");
    const created = await createTicket(intake(), { kind: "customer" });
    await assignTicket(created.reference, "track-rater@desk.kr", actor);
    await resolveTicket(created.reference, { answer: "환급 처리했습니다." }, actor);
    const cookie = await openWithLink(created.reference, created.trackingToken);

    const invalid = await run(trackAction, post(`/track/${created.reference}`, { intent: "rate", comment: "점수 없이" }, cookie), {
      reference: created.reference,
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.values.comment).toBe("점수 없이");
    expect(Object.keys(invalid.body.errors)).toEqual(["score"]);

    const rated = await run(
      trackAction,
      post(`/track/${created.reference}`, { intent: "rate", score: "2", comment: "환급이 안 됐어요" }, cookie),
      { reference: created.reference },
    );
    expect(rated.headers.get("Location")).toBe(`/track/${created.reference}?done=reopened#done`);
    expect((await getTicketDetail(created.reference))!.ticket.status).toBe("open");
    const again = await run(trackAction, post(`/track/${created.reference}`, { intent: "rate", score: "5" }, cookie), {
      reference: created.reference,
    });
    expect(again.status).toBe(409);
    expect(again.body.formError).toBe("지금 상태에서는 할 수 없는 요청입니다. 화면을 새로 고쳐 주세요.");

    const claim = await run(
      trackAction,
      post(`/track/${created.reference}`, { intent: "claim", promise: "reply_deadline", note: "약속한 날짜를 넘겼습니다" }, cookie),
      { reference: created.reference },
    );
    expect(claim.headers.get("Location")).toBe(`/track/${created.reference}?done=claim#done`);
    const joined = await run(
      trackAction,
      post(`/track/${created.reference}`, { intent: "claim", promise: "other", note: "답변 내용도 틀렸습니다" }, cookie),
      { reference: created.reference },
    );
    expect(joined.headers.get("Location")).toBe(`/track/${created.reference}?done=claimJoined#done`);
    const detail = await getTicketDetail(created.reference);
    const cases = await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, detail!.ticket.id));
    expect(cases).toHaveLength(1);
    const page = await run(trackLoader, get(`/track/${created.reference}?done=claim`, cookie), { reference: created.reference });
    expect(page.body.done).toBe("claim");
    expect(page.body.view.guaranteeCases[0]).toMatchObject({ status: "open", claimed: true });

    const left = await run(trackAction, post(`/track/${created.reference}`, { intent: "leave" }, cookie), { reference: created.reference });
    expect(left.headers.get("Location")).toBe("/lookup");
    const after = await run(trackLoader, get(`/track/${created.reference}`, cookiePair(left.headers.get("Set-Cookie"))), {
      reference: created.reference,
    });
    expect(after.status).toBe(302);
  });
});

describe("GET /status", () => {
  it("is empty when nothing is disrupted, and shows open outages and announced maintenance", async () => {
    const empty = (await statusLoader()) as Awaited<ReturnType<typeof statusLoader>>;
    expect(empty.outages).toEqual([]);
    expect(empty.maintenance).toEqual([]);
    const now = Date.now();
    await db()
      .insert(outages)
      .values({
        service: "통합공시시스템",
        description: "접속이 되지 않습니다.",
        startedAt: new Date(now - 3_600_000),
        expectedRecoveryAt: new Date(now + 3_600_000),
        etaPublishedAt: new Date(now - 1_800_000),
        etaNoticeDueAt: new Date(now + 7_200_000),
        recoveryDueAt: new Date(now + 47 * 3_600_000),
        createdBy: "test",
      });
    await db()
      .insert(maintenanceWindows)
      .values({
        service: "모바일뱅킹",
        description: "정기 점검",
        startsAt: new Date(now + 4 * 24 * 3_600_000),
        endsAt: new Date(now + 4 * 24 * 3_600_000 + 7_200_000),
        announcedAt: new Date(now - 60_000),
        noticeViolation: false,
        createdBy: "test",
      });
    const shown = await statusLoader();
    expect(shown.outages).toEqual([
      expect.objectContaining({ service: "통합공시시스템", status: "open", expectedRecoveryAt: expect.any(String) }),
    ]);
    expect(shown.maintenance).toEqual([expect.objectContaining({ service: "모바일뱅킹" })]);
  });
});

describe("POST /inquiry with a kind", () => {
  it("files an unkindness report with the staff member's name in the text and shows the tracking link", async () => {
    const form: Record<string, string> = {
      name: "박민수",
      email: "park@example.com",
      phone: "",
      preferredContact: "",
      category: "general",
      subject: "창구 직원이 불친절했습니다",
      body: "설명을 요청했는데 귀찮다는 듯이 대답했습니다.",
      requestedReplyBy: "",
      privacyConsent: "on",
      kind: "unkindness",
      staffName: "2번 창구 김 모 직원",
    };
    const result = await run(inquiryAction, post("/inquiry", form, undefined, [new File([], "")]));
    expect(result.status).toBe(303);
    const receipt = await receivedLoader({
      request: get("/inquiry/received", cookiePair(result.headers.get("Set-Cookie"))),
      params: {},
      context: {},
    });
    expect(receipt?.trackingUrl).toMatch(new RegExp(`/track/${receipt!.reference}\\?t=[A-Za-z0-9_-]{43}$`));
    const detail = await getTicketDetail(receipt!.reference);
    expect(detail!.ticket.kind).toBe("unkindness");
    expect(detail!.ticket.body).toBe("설명을 요청했는데 귀찮다는 듯이 대답했습니다.\n\n[응대 직원] 2번 창구 김 모 직원");
    // The link on the confirmation page opens the ticket.
    const token = new URL(receipt!.trackingUrl!).searchParams.get("t")!;
    await openWithLink(receipt!.reference, token);

    const bad = await run(inquiryAction, post("/inquiry", { ...form, kind: "flattery" }, undefined, [new File([], "")]));
    expect(bad.status).toBe(422);
    expect(bad.body.errors.kind).toBeTruthy();
    expect(bad.body.values).toMatchObject({ kind: "flattery", staffName: "2번 창구 김 모 직원" });
  });

  it("praise names the staff member as the customer knows them; staff confirm who it is on the ticket page", async () => {
    const result = await run(
      inquiryAction,
      post(
        "/inquiry",
        {
          privacyConsent: "on",
          name: "나칭찬",
          email: "praise@example.com",
          subject: "친절한 상담 감사합니다",
          body: "차근차근 설명해 주셔서 해결했습니다.",
          kind: "praise",
          staffName: "상담실 박 주임",
        },
        undefined,
        [new File([], "")],
      ),
    );
    expect(result.status).toBe(303);
    const receipt = await receivedLoader({
      request: get("/inquiry/received", cookiePair(result.headers.get("Set-Cookie"))),
      params: {},
      context: {},
    });
    const reference = receipt!.reference;
    const detail = await getTicketDetail(reference);
    expect(detail!.ticket.kind).toBe("praise");
    expect(detail!.ticket.body).toBe("차근차근 설명해 주셔서 해결했습니다.\n\n[칭찬 직원] 상담실 박 주임");
    // Acknowledged within the reply standard, like any contact.
    expect(detail!.timers.map((t) => t.metric)).toContain("first_reply");

    const desk = await agent("praise-desk@desk.kr", "agent");
    const kind = await agent("praise-kind@desk.kr", "agent");
    const params = { reference };
    const missing = await run(
      voiceAction,
      post(`/desk/tickets/${reference}/voice`, { voiceIntent: "praise", staff: "" }, desk.cookie),
      params,
    );
    expect(missing.headers.get("Location")).toContain("voiceError=error.unknownStaff");
    const done = await run(
      voiceAction,
      post(`/desk/tickets/${reference}/voice`, { voiceIntent: "praise", staff: kind.row.id }, desk.cookie),
      params,
    );
    expect(done.headers.get("Location")).toBe(`/desk/tickets/${reference}?voice=praise#voice`);
    const twice = await run(
      voiceAction,
      post(`/desk/tickets/${reference}/voice`, { voiceIntent: "praise", staff: kind.row.id }, desk.cookie),
      params,
    );
    expect(twice.headers.get("Location")).toContain("voiceError=voice.error.alreadyPraised");
    const after = await getTicketDetail(reference);
    expect(after!.events.filter((e) => e.type === "praise.attributed").map((e) => e.data)).toEqual([
      expect.objectContaining({ staffId: kind.row.id, staff: "praise-kind@desk.kr" }),
    ]);
  });

  it("a suggestion without a staff name keeps the text as written", async () => {
    const result = await run(
      inquiryAction,
      post(
        "/inquiry",
        {
          privacyConsent: "on",
          name: "정하나",
          email: "jung@example.com",
          subject: "앱 개선 제안",
          body: "글자 크기를 키울 수 있게 해 주세요.",
          kind: "suggestion",
          staffName: "무시됨",
        },
        undefined,
        [new File([], "")],
      ),
    );
    expect(result.status).toBe(303);
    const receipt = await receivedLoader({
      request: get("/inquiry/received", cookiePair(result.headers.get("Set-Cookie"))),
      params: {},
      context: {},
    });
    const detail = await getTicketDetail(receipt!.reference);
    expect(detail!.ticket.kind).toBe("suggestion");
    expect(detail!.ticket.body).toBe("글자 크기를 키울 수 있게 해 주세요.");
  });
});

describe("POST /desk/tickets/:reference/voice", () => {
  it("lets a lead adopt a suggestion and answers others with the reason, back on the ticket page", async () => {
    const lead = await agent("voice-lead@desk.kr", "lead");
    const plain = await agent("voice-agent@desk.kr", "agent");
    const created = await createTicket(intake({}, { kind: "suggestion" }), { kind: "customer" });
    const params = { reference: created.reference };
    const denied = await run(voiceAction, post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "adopt" }, plain.cookie), params);
    expect(denied.headers.get("Location")).toBe(`/desk/tickets/${created.reference}?voiceError=common.forbidden#voice`);
    const done = await run(voiceAction, post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "adopt" }, lead.cookie), params);
    expect(done.headers.get("Location")).toBe(`/desk/tickets/${created.reference}?voice=adopt#voice`);
    const twice = await run(voiceAction, post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "adopt" }, lead.cookie), params);
    expect(twice.headers.get("Location")).toContain("voiceError=error.badTransition");
    const anonymous = await run(voiceAction, post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "adopt" }), params);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    const unknown = await run(voiceAction, post(`/desk/tickets/200101-0001/voice`, { voiceIntent: "adopt" }, lead.cookie), {
      reference: "200101-0001",
    });
    expect(unknown.status).toBe(404);
  });

  it("links an unkindness report to a staff member and records the apology", async () => {
    const desk = await agent("voice-desk@desk.kr", "agent");
    const rude = await agent("voice-rude@desk.kr", "agent");
    const created = await createTicket(intake({}, { kind: "unkindness" }), { kind: "customer" });
    const params = { reference: created.reference };
    const missing = await run(
      voiceAction,
      post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "report", staff: "", reportedBy: "customer" }, desk.cookie),
      params,
    );
    expect(missing.headers.get("Location")).toContain("voiceError=error.unknownStaff");
    const reported = await run(
      voiceAction,
      post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "report", staff: rude.row.id, reportedBy: "customer" }, desk.cookie),
      params,
    );
    expect(reported.headers.get("Location")).toContain("voice=report");
    const apology = await run(
      voiceAction,
      post(`/desk/tickets/${created.reference}/voice`, { voiceIntent: "apology" }, desk.cookie),
      params,
    );
    expect(apology.headers.get("Location")).toContain("voice=apology");
    const detail = await getTicketDetail(created.reference);
    expect(detail!.ticket.reportedStaffId).toBe(rude.row.id);
    expect(detail!.events.map((e) => e.type)).toEqual(expect.arrayContaining(["unkindness.attributed", "unkindness.apology_recorded"]));
  });
});

describe("links in emails (issue 21)", () => {
  it("a reply email links /track/REF with a signed token that opens the ticket; an old or altered one explains itself on /lookup", async () => {
    const { renderEmail } = await import("~/notify/render.server");
    const { signedTrackingToken } = await import("~/core/tracking-link.server");
    const created = await createTicket(intake(), { kind: "customer" });
    const mail = await renderEmail("reply", { reference: created.reference, subject: "문의", body: "답변 드립니다.", final: true }, "ko");
    const link = mail.text.match(/https?:\/\/\S+\/track\/\S+\?t=[^\s)\]]+/)?.[0];
    expect(link, mail.text).toBeTruthy();
    const url = new URL(link!);
    expect(url.pathname).toBe(`/track/${created.reference}`);

    const opened = await run(trackLoader, get(`${url.pathname}${url.search}`), { reference: created.reference });
    expect(opened.status).toBe(303);
    expect(opened.headers.get("Location")).toBe(`/track/${created.reference}`);
    const page = await run(trackLoader, get(`/track/${created.reference}`, cookiePair(opened.headers.get("Set-Cookie"))), {
      reference: created.reference,
    });
    expect(page.status).toBe(200);
    expect(page.body.view.reference).toBe(created.reference);

    // Signed 31 days ago: past its 30 days.
    const old = signedTrackingToken(created.reference, new Date(Date.now() - 31 * 86_400_000));
    const expired = await run(trackLoader, get(`/track/${created.reference}?t=${old}`), { reference: created.reference });
    expect(expired.headers.get("Location")).toBe(`/lookup?reference=${created.reference}&link=expired`);
    expect(expired.headers.get("Set-Cookie")).toBeNull();

    // The same signature on another reference, or a changed expiry, is not ours.
    const other = await createTicket(intake(), { kind: "customer" });
    const token = url.searchParams.get("t")!;
    const moved = await run(trackLoader, get(`/track/${other.reference}?t=${token}`), { reference: other.reference });
    expect(moved.headers.get("Location")).toBe(`/lookup?reference=${other.reference}&link=invalid`);
    const [p, exp, sig] = token.split(".");
    const stretched = await run(trackLoader, get(`/track/${created.reference}?t=${p}.${Number(exp) + 86_400}.${sig}`), {
      reference: created.reference,
    });
    expect(stretched.headers.get("Location")).toBe(`/lookup?reference=${created.reference}&link=invalid`);

    const lookupPage = await run(lookupLoader, get(`/lookup?reference=${created.reference}&link=expired`));
    expect(lookupPage.body).toMatchObject({ reference: created.reference, link: "expired", linkDays: 30 });
    expect(translate("ko", "lookup.linkExpired", { days: 30 })).toContain("30일 동안만");
  });
});

describe("GET /inquiry/received as a receipt (issue 21)", () => {
  it("names what was filed, the promised date and the reply channel actually chosen", async () => {
    const form: Record<string, string> = {
      name: "정수민",
      email: "",
      phone: "010-2345-6789",
      preferredContact: "sms",
      category: "general",
      subject: "카드 결제 취소 문의",
      body: "결제 취소가 반영되지 않았습니다.",
      requestedReplyBy: "",
      privacyConsent: "on",
      kind: "inquiry",
    };
    const result = await run(inquiryAction, post("/inquiry", form, undefined, [new File([], "")]));
    expect(result.status, JSON.stringify(result.body)).toBe(303);
    const receipt = await receivedLoader({
      request: get("/inquiry/received", cookiePair(result.headers.get("Set-Cookie"))),
      params: {},
      context: {},
    });
    expect(receipt).toMatchObject({ subject: "카드 결제 취소 문의", replyMethod: "sms" });
    expect(Date.parse(receipt!.dueAt!)).toBeGreaterThan(Date.now());
    expect(translate("ko", "received.next2chosen", { channel: translate("ko", "contact.sms") })).toBe(
      "1영업일 안에 고르신 대로 문자로 답변해 드립니다.",
    );
    expect(translate("ko", "received.next2chosen", { channel: translate("ko", "contact.mail") })).toBe(
      "1영업일 안에 고르신 대로 우편으로 답변해 드립니다.",
    );
  });
});
