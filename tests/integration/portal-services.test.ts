// The customer portal's services against a real database: tracking tokens (stored hashed),
// one-time codes (expiry, attempts, rate limits, no trace of existence), replies that resume a
// paused clock, ratings (1–2 reopens with `correction`), guarantee claims, suggestions and
// unkindness reports with the training flag.
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  guaranteeCases,
  messages,
  notifications,
  oneTimeCodes,
  rateLimits,
  satisfactionRatings,
  slaTimers,
  ticketEvents,
  tickets,
} from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { clientAddress } from "~/security/client-ip.server";
import { requestLookupCode, verifyLookupCode } from "~/portal/lookup.server";
import { customerDue, loadPortalView, portalClaim, portalRate, portalReply } from "~/portal/portal.server";
import { hit } from "~/portal/rate-limit.server";
import { hashTrackingToken, ticketForTrackingToken } from "~/tickets/tracking.server";
import {
  markSuggestionAdopted,
  markSuggestionRewarded,
  recordPraise,
  recordUnkindnessApology,
  recordUnkindnessReport,
  staffFlaggedForTraining,
  voicePanel,
} from "~/portal/voice.server";
import { staffVoiceSection } from "~/reports/dashboard.server";
import { computeReportData } from "~/reviews/compliance.server";
import { kstDate } from "~/lib/time";
import { createStaffMember } from "~/staff/staff.server";
import type { TicketIntake } from "~/tickets/schemas";
import {
  addAttachments,
  addInternalNote,
  assignTicket,
  createTicket,
  pauseTicket,
  recordHappyCall,
  replyToCustomer,
  resolveTicket,
} from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const customer = { kind: "customer" } as const;
let seq = 0;

function intake(overrides: Partial<TicketIntake> = {}, who: Partial<TicketIntake["customer"]> = {}): TicketIntake {
  seq += 1;
  return {
    channel: "web",
    category: "general",
    subject: `인증서 등록 문의 ${seq}`,
    body: "인증서 등록이 되지 않습니다.",
    customer: { name: "홍길동", email: `hong${seq}@example.com`, phone: `010-5555-${String(1000 + seq)}`, ...who },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

async function staffMember(email: string, role: "agent" | "lead" | "manager", name = email.split("@")[0]) {
  const row = await createStaffMember({ email, name, role, team: "complaints-1", password: "pw-123456789" });
  return { row, actor: staffActor({ ...row, locale: "ko" }) };
}

async function ticketRow(reference: string) {
  const [row] = await db().select().from(tickets).where(eq(tickets.reference, reference));
  return row;
}

async function eventsOf(reference: string) {
  const t = await ticketRow(reference);
  return db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, t.id)).orderBy(ticketEvents.id);
}

async function timersOf(reference: string) {
  const t = await ticketRow(reference);
  return db().select().from(slaTimers).where(eq(slaTimers.ticketId, t.id));
}

/** The code a customer would receive: read back from the outbox (the only place it exists in clear). */
async function lastCodeFor(reference: string): Promise<string> {
  const t = await ticketRow(reference);
  const [row] = await db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.ticketId, t.id), eq(notifications.template, "one_time_code")))
    .orderBy(desc(notifications.createdAt))
    .limit(1);
  return String(row.payload.code);
}

describe("tracking tokens", () => {
  it("are stored only as a SHA-256 and open only their own ticket", async () => {
    const a = await createTicket(intake(), customer);
    const b = await createTicket(intake(), customer);
    expect(a.trackingToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.trackingUrl).toContain(`/track/${a.reference}?t=${a.trackingToken}`);
    const row = await ticketRow(a.reference);
    expect(row.trackingTokenHash).toBe(createHash("sha256").update(a.trackingToken).digest("hex"));
    expect(row.trackingTokenHash).toBe(hashTrackingToken(a.trackingToken));
    expect(JSON.stringify(row)).not.toContain(a.trackingToken);

    expect(await ticketForTrackingToken(a.reference, a.trackingToken)).toMatchObject({ reference: a.reference });
    expect(await ticketForTrackingToken(a.reference, b.trackingToken)).toBeNull();
    expect(await ticketForTrackingToken(b.reference, a.trackingToken)).toBeNull();
    expect(await ticketForTrackingToken(a.reference, a.trackingToken.slice(1) + "A")).toBeNull();
    expect(await ticketForTrackingToken("999999-9999", a.trackingToken)).toBeNull();
    expect(await ticketForTrackingToken(a.reference, "")).toBeNull();
    expect(await ticketForTrackingToken("not-a-ref", "<script>")).toBeNull();
  });

  it("go to the customer in the acknowledgment (the one place the link is sent)", async () => {
    const created = await createTicket(intake(), customer, { locale: "en" });
    const t = await ticketRow(created.reference);
    const [ack] = await db()
      .select()
      .from(notifications)
      .where(eq(notifications.dedupeKey, `ack:${t.id}`));
    expect(ack.template).toBe("acknowledgment");
    expect(ack.locale).toBe("en");
    expect(ack.payload.trackingUrl).toBe(created.trackingUrl);
  });

  it("are made for every ticket, and the kind is kept", async () => {
    const created = await createTicket(intake({ kind: "suggestion", channel: "email" }), customer);
    const row = await ticketRow(created.reference);
    expect(row.kind).toBe("suggestion");
    expect(row.trackingTokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("lookup by one-time code", () => {
  it("sends a code to the address on file and opens the ticket with it", async () => {
    const created = await createTicket(intake({}, { email: "Code.Owner@Example.com", phone: "010-7777-0001" }), customer);
    const sent = await requestLookupCode({ reference: created.reference, contact: "code.owner@example.com", ip: "10.0.0.1", lang: "ko" });
    expect(sent).toEqual({ status: "sent" });
    const t = await ticketRow(created.reference);
    const [n] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, t.id), eq(notifications.template, "one_time_code")));
    expect(n.channel).toBe("email");
    const code = String(n.payload.code);
    expect(code).toMatch(/^\d{6}$/);
    // The code is stored only as an HMAC.
    const [row] = await db().select().from(oneTimeCodes).where(eq(oneTimeCodes.ticketId, t.id));
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain("code.owner");

    const ok = await verifyLookupCode({
      reference: created.reference,
      contact: "code.owner@example.com",
      code,
      ip: "10.0.0.1",
      lang: "ko",
    });
    expect(ok).toEqual({ status: "ok", reference: created.reference });
    // Used once.
    const again = await verifyLookupCode({
      reference: created.reference,
      contact: "code.owner@example.com",
      code,
      ip: "10.0.0.1",
      lang: "ko",
    });
    expect(again).toEqual({ status: "invalid" });
  });

  it("by phone: sends by SMS and matches the number however it is written", async () => {
    const created = await createTicket(intake({}, { email: undefined, phone: "01077770002" }), customer);
    expect(await requestLookupCode({ reference: created.reference, contact: "+82 10-7777-0002", ip: "10.0.0.2", lang: "ko" })).toEqual({
      status: "sent",
    });
    const code = await lastCodeFor(created.reference);
    const t = await ticketRow(created.reference);
    const [n] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, t.id), eq(notifications.template, "one_time_code")));
    expect(n.channel).toBe("sms");
    expect(
      await verifyLookupCode({ reference: created.reference, contact: "010 7777 0002", code, ip: "10.0.0.2", lang: "ko" }),
    ).toMatchObject({ status: "ok" });
  });

  it("answers a wrong address or an unknown reference exactly like a right one, and sends nothing", async () => {
    const created = await createTicket(intake({}, { email: "real@example.com" }), customer);
    const before = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications);
    const wrongContact = await requestLookupCode({ reference: created.reference, contact: "someone@else.com", ip: "10.0.0.3", lang: "ko" });
    const unknown = await requestLookupCode({ reference: "200101-0001", contact: "real@example.com", ip: "10.0.0.3", lang: "ko" });
    expect(wrongContact).toEqual({ status: "sent" });
    expect(unknown).toEqual(wrongContact);
    const after = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications);
    expect(after[0].n).toBe(before[0].n);
    // A code row exists for the guessed pair too (the same work), tied to no ticket.
    const orphans = await db()
      .select()
      .from(oneTimeCodes)
      .where(sql`${oneTimeCodes.ticketId} is null`);
    expect(orphans.length).toBeGreaterThanOrEqual(2);
    for (const code of ["000000", "123456"]) {
      expect(await verifyLookupCode({ reference: "200101-0001", contact: "real@example.com", code, ip: "10.0.0.3", lang: "ko" })).toEqual({
        status: "invalid",
      });
    }
  });

  it("expires after 10 minutes", async () => {
    const created = await createTicket(intake(), customer);
    const contact = (
      await db().execute<{ email: string }>(
        sql`select c.email from customers c join tickets t on t.customer_id = c.id where t.reference = ${created.reference}`,
      )
    )[0].email;
    const issuedAt = new Date(Date.now() - 11 * 60_000);
    await requestLookupCode({ reference: created.reference, contact, ip: "10.0.0.4", lang: "ko", now: issuedAt });
    const code = await lastCodeFor(created.reference);
    expect(await verifyLookupCode({ reference: created.reference, contact, code, ip: "10.0.0.4", lang: "ko" })).toEqual({
      status: "invalid",
    });
    // Within the 10 minutes it would have worked.
    await requestLookupCode({ reference: created.reference, contact, ip: "10.0.0.4", lang: "ko" });
    const fresh = await lastCodeFor(created.reference);
    expect(
      await verifyLookupCode({
        reference: created.reference,
        contact,
        code: fresh,
        ip: "10.0.0.4",
        lang: "ko",
        now: new Date(Date.now() + 9 * 60_000),
      }),
    ).toMatchObject({
      status: "ok",
    });
  });

  it("allows 5 attempts per code; then even the right code is refused", async () => {
    const created = await createTicket(intake({}, { email: "attempts@example.com" }), customer);
    const base = { reference: created.reference, contact: "attempts@example.com", lang: "ko" as const };
    await requestLookupCode({ ...base, ip: "10.0.0.5" });
    const code = await lastCodeFor(created.reference);
    const wrong = code === "999999" ? "999998" : "999999";
    for (let i = 0; i < 5; i++) expect(await verifyLookupCode({ ...base, code: wrong, ip: `10.0.1.${i}` })).toEqual({ status: "invalid" });
    expect(await verifyLookupCode({ ...base, code, ip: "10.0.1.9" })).toEqual({ status: "invalid" });
    const t = await ticketRow(created.reference);
    const [row] = await db().select().from(oneTimeCodes).where(eq(oneTimeCodes.ticketId, t.id));
    expect(row.attempts).toBe(5);
  });

  it("only the newest code of a pair works", async () => {
    const created = await createTicket(intake({}, { email: "newest@example.com" }), customer);
    const base = { reference: created.reference, contact: "newest@example.com", lang: "ko" as const, ip: "10.0.0.6" };
    await requestLookupCode(base);
    const first = await lastCodeFor(created.reference);
    await requestLookupCode(base);
    const second = await lastCodeFor(created.reference);
    if (first !== second) expect(await verifyLookupCode({ ...base, code: first })).toEqual({ status: "invalid" });
    expect(await verifyLookupCode({ ...base, code: second })).toMatchObject({ status: "ok" });
  });

  it("rate-limits code requests per reference (known or not) and per client, in PostgreSQL", async () => {
    const results = [];
    for (let i = 0; i < 6; i++)
      results.push(await requestLookupCode({ reference: "200102-0042", contact: `x${i}@example.com`, ip: `10.1.0.${i}`, lang: "ko" }));
    expect(results.slice(0, 5).every((r) => r.status === "sent")).toBe(true);
    expect(results[5]).toMatchObject({ status: "limited" });
    expect((results[5] as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);

    const perIp = [];
    for (let i = 0; i < 11; i++)
      perIp.push(
        await requestLookupCode({
          reference: `200103-${String(100 + i).padStart(4, "0")}`,
          contact: "a@example.com",
          ip: "10.2.0.1",
          lang: "ko",
        }),
      );
    expect(perIp.slice(0, 10).every((r) => r.status === "sent")).toBe(true);
    expect(perIp[10]).toMatchObject({ status: "limited" });

    // The counters are rows, shared by every process; subjects are stored hashed.
    const rows = await db().select().from(rateLimits);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain("10.2.0.1");
    expect(JSON.stringify(rows)).not.toContain("200102-0042");
  });

  it("rate-limits code entry per reference", async () => {
    const results = [];
    for (let i = 0; i < 11; i++) {
      results.push(
        await verifyLookupCode({ reference: "200104-0001", contact: "a@example.com", code: "000000", ip: `10.3.0.${i}`, lang: "ko" }),
      );
    }
    expect(results.slice(0, 10).every((r) => r.status === "invalid")).toBe(true);
    expect(results[10]).toMatchObject({ status: "limited" });
  });

  it("knows the client by what the server tells (never by X-Forwarded-For); unknown clients share no bucket", async () => {
    const req = (xff?: string) => new Request("http://localhost/lookup", { headers: xff ? { "X-Forwarded-For": xff } : {} });
    expect(clientAddress(req("1.1.1.1"), { clientIp: "203.0.113.9" })).toBe("203.0.113.9");
    expect(clientAddress(req("6.6.6.6, 198.51.100.7"))).toBeNull();
    expect(clientAddress(req())).toBeNull();
    // Without an address only the per-reference limit counts: 11 requests for 11 references pass.
    for (let i = 0; i < 11; i++) {
      expect(
        await requestLookupCode({ reference: `200106-${String(i).padStart(4, "0")}`, contact: "n@example.com", ip: null, lang: "ko" }),
      ).toEqual({ status: "sent" });
    }
  });

  it("counts fixed windows: a new window starts afresh", async () => {
    const rule = { name: "test-window", limit: 2, windowSeconds: 60 };
    const t0 = new Date("2026-05-01T00:00:10Z");
    expect((await hit(rule, "s", t0)).allowed).toBe(true);
    expect((await hit(rule, "s", t0)).allowed).toBe(true);
    const third = await hit(rule, "s", t0);
    expect(third).toMatchObject({ allowed: false, count: 3, retryAfterSeconds: 50 });
    expect((await hit(rule, "s", new Date("2026-05-01T00:01:00Z"))).allowed).toBe(true);
  });
});

describe("the track page's view and actions", () => {
  it("shows the public conversation only: no internal notes, no staff uploads", async () => {
    const { actor } = await staffMember("viewer@desk.kr", "agent");
    const created = await createTicket(intake(), customer);
    await assignTicket(created.reference, "viewer@desk.kr", actor);
    await addInternalNote(created.reference, { body: "내부 메모: 고객 성향 주의" }, actor);
    await replyToCustomer(created.reference, { body: "확인해 보겠습니다.", via: "email" }, actor);
    const pdf = Buffer.from("%PDF-1.4\n%%EOF\n");
    await addAttachments(
      created.reference,
      [{ filename: "internal.pdf", contentType: "application/pdf", size: pdf.length, sha256: "x", data: pdf }],
      actor,
    );
    const view = await loadPortalView(created.reference);
    expect(view).not.toBeNull();
    const bodies = view!.messages.map((m) => m.body);
    expect(bodies).toContain("확인해 보겠습니다.");
    expect(bodies.join("\n")).not.toContain("내부 메모");
    expect(view!.messages.map((m) => m.from)).toEqual(["customer", "desk"]);
    expect(view!.documents.map((d) => d.filename)).not.toContain("internal.pdf");
    // The first reply was sent: the overall deadline is what the customer is told now.
    expect(view!.due).toMatchObject({ state: "due", metric: "resolution", overdue: false });
  });

  it("a reply from the portal resumes a paused ticket and its clocks", async () => {
    const { actor } = await staffMember("pauser@desk.kr", "agent");
    const created = await createTicket(intake(), customer);
    await assignTicket(created.reference, "pauser@desk.kr", actor);
    await pauseTicket(created.reference, { reason: "신분증 사본을 보내 주세요." }, actor);
    const waiting = await loadPortalView(created.reference);
    expect(waiting!.due).toEqual({ state: "waiting" });
    expect(waiting!.pauseReason).toBe("신분증 사본을 보내 주세요.");
    expect((await timersOf(created.reference)).filter((t) => t.state === "paused").length).toBeGreaterThan(0);

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const result = await portalReply(created.reference, { body: "신분증 사본 보냅니다." }, [
      { filename: "id.png", contentType: "image/png", size: png.length, sha256: "y", data: png },
    ]);
    expect(result.resumed).toBe(true);
    const row = await ticketRow(created.reference);
    expect(row.status).toBe("open");
    expect((await timersOf(created.reference)).filter((t) => t.state === "paused")).toHaveLength(0);
    const [msg] = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, row.id), eq(messages.via, "portal")));
    expect(msg).toMatchObject({ direction: "inbound", body: "신분증 사본 보냅니다." });
    const view = await loadPortalView(created.reference);
    expect(view!.documents.map((d) => d.filename)).toEqual(["id.png"]);
  });

  it("a rating of 2 reopens the ticket with a correction clock, records it and tells the assignee", async () => {
    const { row: agent, actor } = await staffMember("rated@desk.kr", "agent");
    const created = await createTicket(intake(), customer);
    await assignTicket(created.reference, "rated@desk.kr", actor);
    await resolveTicket(created.reference, { answer: "해결 방법을 안내드립니다." }, actor);
    const resolved = await loadPortalView(created.reference);
    expect(resolved!.canRate).toBe(true);
    expect(resolved!.due).toMatchObject({ state: "answered" });

    expect(await portalRate(created.reference, { score: 2, comment: "여전히 안 됩니다" })).toEqual({ reopened: true });
    const row = await ticketRow(created.reference);
    expect(row.status).toBe("open");
    const timers = await timersOf(created.reference);
    expect(timers.find((t) => t.metric === "correction")?.state).toBe("running");
    expect(timers.find((t) => t.metric === "happy_call")?.state).toBe("met");
    const ratings = await db().select().from(satisfactionRatings).where(eq(satisfactionRatings.ticketId, row.id));
    expect(ratings).toEqual([expect.objectContaining({ source: "portal", score: 2, comment: "여전히 안 됩니다", recordedBy: "customer" })]);
    const [told] = await db()
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, row.id), eq(notifications.template, "customer_dissatisfied")));
    expect(told).toMatchObject({ audience: "staff", recipientStaffId: agent.id, toAddress: "rated@desk.kr" });
    const view = await loadPortalView(created.reference);
    expect(view!.due).toMatchObject({ state: "due", metric: "correction" });
    // Not resolved any more: no second rating until the next answer.
    await expect(portalRate(created.reference, { score: 1 })).rejects.toMatchObject({ status: 409 });
  });

  it("a rating of 5 keeps it resolved, meets the happy call, and is taken once per answer", async () => {
    const { actor } = await staffMember("happy@desk.kr", "agent");
    const created = await createTicket(intake(), customer);
    await assignTicket(created.reference, "happy@desk.kr", actor);
    await resolveTicket(created.reference, { answer: "처리되었습니다." }, actor);
    expect(await portalRate(created.reference, { score: 5 })).toEqual({ reopened: false });
    expect((await ticketRow(created.reference)).status).toBe("resolved");
    expect((await timersOf(created.reference)).find((t) => t.metric === "happy_call")?.state).toBe("met");
    await expect(portalRate(created.reference, { score: 4 })).rejects.toMatchObject({
      status: 409,
      messageKey: "portal.error.alreadyRated",
    });
    const view = await loadPortalView(created.reference);
    expect(view!.canRate).toBe(false);
    expect(view!.rating).toMatchObject({ score: 5 });
  });

  it("the staff's happy call with a score is recorded as a rating too", async () => {
    const { actor } = await staffMember("caller@desk.kr", "agent");
    const created = await createTicket(intake(), customer);
    await assignTicket(created.reference, "caller@desk.kr", actor);
    await resolveTicket(created.reference, { answer: "처리되었습니다." }, actor);
    await recordHappyCall(created.reference, { satisfied: true, score: 4 }, actor);
    const row = await ticketRow(created.reference);
    const ratings = await db().select().from(satisfactionRatings).where(eq(satisfactionRatings.ticketId, row.id));
    expect(ratings).toEqual([expect.objectContaining({ source: "happy_call", score: 4, recordedBy: "staff:caller@desk.kr" })]);
  });

  it("a guarantee claim opens the ticket's case, and a second one joins it", async () => {
    const created = await createTicket(intake(), customer);
    // A month on: the first-reply promise is long past (a claim before that is refused, see portal-claims.test.ts).
    const later = new Date(Date.now() + 30 * 24 * 3600_000);
    const first = await portalClaim(created.reference, { note: "5월 8일까지 답변을 약속받았는데 연락이 없었습니다." }, later);
    expect(first.inserted).toBe(true);
    const second = await portalClaim(created.reference, {}, later);
    expect(second).toEqual({ id: first.id, inserted: false });
    const row = await ticketRow(created.reference);
    const cases = await db().select().from(guaranteeCases).where(eq(guaranteeCases.ticketId, row.id));
    expect(cases).toHaveLength(1);
    expect(cases[0].triggers.map((t) => t.kind)).toEqual(["claim", "claim"]);
    const view = await loadPortalView(created.reference);
    expect(view!.guaranteeCases).toEqual([expect.objectContaining({ status: "open", claimed: true, canConfirm: false })]);
    expect(view!.guaranteeCases[0].factCheckDueAt).toBeTruthy();
  });
});

describe("customerDue", () => {
  const at = (iso: string) => new Date(iso);
  const timer = (
    metric: string,
    dueAt: string,
    state = "running",
    extra: Partial<{ metAt: Date | null; guaranteeCaseId: string | null }> = {},
  ) => ({
    metric,
    state,
    dueAt: at(dueAt),
    metAt: null,
    guaranteeCaseId: null,
    ...extra,
  });
  const open = { status: "open" as const, resolvedAt: null, closedAt: null };
  const now = at("2026-05-04T00:00:00Z");

  it("takes the earliest promised clock, then resolution", () => {
    const timers = [
      timer("resolution", "2026-05-12T09:00:00Z"),
      timer("promised_date", "2026-05-08T09:00:00Z"),
      timer("first_reply", "2026-05-06T09:00:00Z"),
      timer("fact_check", "2026-05-05T09:00:00Z", "running", { guaranteeCaseId: "c" }),
    ];
    expect(customerDue(open, timers, now)).toEqual({
      state: "due",
      metric: "first_reply",
      dueAt: "2026-05-06T09:00:00.000Z",
      overdue: false,
    });
    expect(customerDue(open, [timers[0]], now)).toMatchObject({ metric: "resolution" });
    expect(customerDue(open, [], now)).toEqual({ state: "checking" });
  });

  it("says when a promise is overdue, and what a waiting or answered ticket is", () => {
    expect(customerDue(open, [timer("resolution", "2026-05-01T09:00:00Z", "breached")], now)).toMatchObject({
      state: "due",
      overdue: true,
    });
    expect(customerDue(open, [timer("first_reply", "2026-05-03T09:00:00Z")], now)).toMatchObject({ overdue: true });
    expect(customerDue({ ...open, status: "waiting" }, [], now)).toEqual({ state: "waiting" });
    expect(customerDue({ status: "resolved", resolvedAt: at("2026-05-02T01:00:00Z"), closedAt: null }, [], now)).toEqual({
      state: "answered",
      at: "2026-05-02T01:00:00.000Z",
    });
  });
});

describe("suggestions and unkindness", () => {
  it("a suggestion is adopted by a lead and then marked for a reward by a manager", async () => {
    const { actor: agent } = await staffMember("s-agent@desk.kr", "agent");
    const { actor: lead } = await staffMember("s-lead@desk.kr", "lead");
    const { actor: manager } = await staffMember("s-manager@desk.kr", "manager");
    const created = await createTicket(intake({ kind: "suggestion" }), customer);
    await expect(markSuggestionRewarded(created.reference, manager)).rejects.toMatchObject({ status: 409 });
    await expect(markSuggestionAdopted(created.reference, agent)).rejects.toMatchObject({ status: 403 });
    await markSuggestionAdopted(created.reference, lead);
    await expect(markSuggestionAdopted(created.reference, lead)).rejects.toMatchObject({ status: 409 });
    await expect(markSuggestionRewarded(created.reference, lead)).rejects.toMatchObject({ status: 403 });
    await markSuggestionRewarded(created.reference, manager);
    const row = await ticketRow(created.reference);
    expect(row.suggestionAdoptedAt).toBeInstanceOf(Date);
    expect(row.suggestionRewardedAt).toBeInstanceOf(Date);
    const events = await db().execute<{ type: string }>(
      sql`select type from ticket_events where ticket_id = ${row.id} and type like 'suggestion.%' order by id`,
    );
    expect(events.map((e) => e.type)).toEqual(["suggestion.adopted", "suggestion.rewarded"]);
    // Only suggestions.
    const inquiry = await createTicket(intake(), customer);
    await expect(markSuggestionAdopted(inquiry.reference, lead)).rejects.toMatchObject({ status: 409 });
  });

  it("an unkindness report's apology clock runs from its arrival; naming the staff member moves no clock; the apology meets it", async () => {
    const { actor: agent } = await staffMember("u-agent@desk.kr", "agent");
    const { row: rude } = await staffMember("rude@desk.kr", "agent", "불친절");
    const receivedAt = new Date(Date.now() - 60_000);
    const created = await createTicket(
      intake({ kind: "unkindness", body: "전화 응대가 불친절했습니다.\n\n[응대 직원] 김 모 직원", receivedAt }),
      customer,
    );
    const atArrival = (await timersOf(created.reference)).find((t) => t.metric === "apology");
    expect(atArrival).toMatchObject({ state: "running", startedAt: receivedAt });
    await recordUnkindnessReport(created.reference, { staffIdOrEmail: "RUDE@desk.kr", reportedBy: "customer" }, agent);
    const row = await ticketRow(created.reference);
    expect(row.reportedStaffId).toBe(rude.id);
    const apologies = (await timersOf(created.reference)).filter((t) => t.metric === "apology");
    expect(apologies).toHaveLength(1);
    const apology = apologies[0];
    expect(apology).toMatchObject({ id: atArrival!.id, state: "running", dueAt: atArrival!.dueAt });
    const types = (await eventsOf(created.reference)).map((e) => e.type);
    expect(types).toContain("unkindness.attributed");
    expect(types).not.toContain("unkindness.reported");
    await expect(
      recordUnkindnessReport(created.reference, { staffIdOrEmail: rude.id, reportedBy: "customer" }, agent),
    ).rejects.toMatchObject({ status: 409 });

    await recordUnkindnessApology(created.reference, agent);
    expect((await timersOf(created.reference)).find((t) => t.metric === "apology")?.state).toBe("met");
    await expect(recordUnkindnessApology(created.reference, agent)).rejects.toMatchObject({ status: 409 });
    const panel = await voicePanel(created.reference);
    expect(panel).toMatchObject({
      kind: "unkindness",
      reportedStaff: { id: rude.id },
      report: { reportedBy: "customer" },
      reportsInWindow: 1,
      flagged: false,
    });
    expect(panel!.report!.apologyAt).toBeTruthy();
  });

  it("an apology made before anyone is named meets the clock and stays recorded when the person is named later", async () => {
    const { actor: agent } = await staffMember("u3-agent@desk.kr", "agent");
    const { row: rude } = await staffMember("rude3@desk.kr", "agent", "나중에");
    const created = await createTicket(intake({ kind: "unkindness" }), customer);
    expect((await voicePanel(created.reference))!.apologyDueAt).toBeTruthy();
    await recordUnkindnessApology(created.reference, agent);
    const [apology] = (await timersOf(created.reference)).filter((t) => t.metric === "apology");
    expect(apology.state).toBe("met");
    await expect(recordUnkindnessApology(created.reference, agent)).rejects.toMatchObject({ status: 409 });
    await recordUnkindnessReport(created.reference, { staffIdOrEmail: rude.email, reportedBy: "customer" }, agent);
    expect((await timersOf(created.reference)).filter((t) => t.metric === "apology")).toEqual([apology]);
    const panel = (await voicePanel(created.reference))!;
    expect(panel.report!.apologyAt).toBe(apology.metAt!.toISOString());
    expect(panel.apologyDueAt).toBeNull();
  });

  it("a manager's report on another ticket arrives when it is recorded: its apology clock starts then", async () => {
    const { actor: manager } = await staffMember("u4-manager@desk.kr", "manager");
    const { row: rude } = await staffMember("rude4@desk.kr", "agent", "관찰");
    const inquiry = await createTicket(intake(), customer);
    expect((await timersOf(inquiry.reference)).some((t) => t.metric === "apology")).toBe(false);
    const before = Date.now();
    await recordUnkindnessReport(inquiry.reference, { staffIdOrEmail: rude.email, reportedBy: "manager" }, manager);
    const [apology] = (await timersOf(inquiry.reference)).filter((t) => t.metric === "apology");
    expect(apology.state).toBe("running");
    expect(apology.startedAt.getTime()).toBeGreaterThanOrEqual(before);
    expect((await eventsOf(inquiry.reference)).map((e) => e.type)).toContain("unkindness.reported");
  });

  it("refuses an agent reporting as a manager, an unknown person, and a customer report on a non-unkindness ticket", async () => {
    const { actor: agent } = await staffMember("u2-agent@desk.kr", "agent");
    const inquiry = await createTicket(intake(), customer);
    await expect(
      recordUnkindnessReport(inquiry.reference, { staffIdOrEmail: "u2-agent@desk.kr", reportedBy: "manager" }, agent),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      recordUnkindnessReport(inquiry.reference, { staffIdOrEmail: "u2-agent@desk.kr", reportedBy: "customer" }, agent),
    ).rejects.toMatchObject({ status: 409 });
    const report = await createTicket(intake({ kind: "unkindness" }), customer);
    await expect(
      recordUnkindnessReport(report.reference, { staffIdOrEmail: "nobody@desk.kr", reportedBy: "customer" }, agent),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("3 reports in 12 months flag the staff member for training; older ones do not count", async () => {
    const { actor: manager } = await staffMember("u-manager@desk.kr", "manager");
    const { row: flagged } = await staffMember("thrice@desk.kr", "agent", "세번");
    const { row: twice } = await staffMember("twice@desk.kr", "agent", "두번");
    for (let i = 0; i < 2; i++) {
      const r = await createTicket(intake({ kind: "unkindness" }), customer);
      await recordUnkindnessReport(r.reference, { staffIdOrEmail: "thrice@desk.kr", reportedBy: "customer" }, manager);
      const s = await createTicket(intake(), customer);
      await recordUnkindnessReport(s.reference, { staffIdOrEmail: "twice@desk.kr", reportedBy: "manager" }, manager);
    }
    expect((await staffFlaggedForTraining()).map((s) => s.staffId)).not.toContain(flagged.id);
    // A report from 13 months ago does not count.
    const old = await createTicket(intake({ kind: "unkindness" }), customer);
    await recordUnkindnessReport(old.reference, { staffIdOrEmail: "twice@desk.kr", reportedBy: "customer" }, manager);
    await db().execute(
      sql`update unkindness_reports set reported_at = now() - interval '13 months' where ticket_id = (select id from tickets where reference = ${old.reference})`,
    );

    const third = await createTicket(intake({ kind: "unkindness" }), customer);
    await recordUnkindnessReport(third.reference, { staffIdOrEmail: flagged.id, reportedBy: "customer" }, manager);
    const list = await staffFlaggedForTraining();
    expect(list.map((s) => s.staffId)).toEqual([flagged.id]);
    expect(list[0]).toMatchObject({ name: "세번", email: "thrice@desk.kr", reports: 3 });
    expect(await voicePanel(third.reference)).toMatchObject({ reportsInWindow: 3, flagged: true });
    expect((await staffFlaggedForTraining()).map((s) => s.staffId)).not.toContain(twice.id);
  });
});

describe("praise (칭찬)", () => {
  it("is linked to the staff member once, only on praise, and counted per person beside unkindness — on the dashboard and in the standards review", async () => {
    const { actor: agent } = await staffMember("p-agent@desk.kr", "agent");
    const { actor: manager } = await staffMember("p-manager@desk.kr", "manager");
    const { row: kind } = await staffMember("kind@desk.kr", "agent", "친절해");
    const { row: both } = await staffMember("both@desk.kr", "agent", "둘다");

    const inquiry = await createTicket(intake(), customer);
    await expect(recordPraise(inquiry.reference, { staffIdOrEmail: kind.email }, agent)).rejects.toMatchObject({ status: 409 });
    const praised: string[] = [];
    for (const person of [kind, kind, both]) {
      const t = await createTicket(intake({ kind: "praise" }), customer);
      await expect(recordPraise(t.reference, { staffIdOrEmail: "nobody@desk.kr" }, agent)).rejects.toMatchObject({ status: 422 });
      await recordPraise(t.reference, { staffIdOrEmail: person.email.toUpperCase() }, agent);
      await expect(recordPraise(t.reference, { staffIdOrEmail: person.email }, agent)).rejects.toMatchObject({ status: 409 });
      praised.push(t.reference);
    }
    const reported = await createTicket(intake({ kind: "unkindness" }), customer);
    await recordUnkindnessReport(reported.reference, { staffIdOrEmail: both.email, reportedBy: "customer" }, manager);

    const panel = (await voicePanel(praised[0]))!;
    expect(panel.praise).toMatchObject({ staff: { id: kind.id }, inWindow: 2 });

    const today = kstDate(new Date());
    const voice = await staffVoiceSection({ from: today, to: today }, { team: null, locked: false } as never);
    expect(voice.rows.filter((r) => r.staffId === kind.id || r.staffId === both.id)).toEqual([
      { staffId: kind.id, name: "친절해", teamName: expect.any(String), praise: 2, unkindness: 0 },
      { staffId: both.id, name: "둘다", teamName: expect.any(String), praise: 1, unkindness: 1 },
    ]);

    const review = await computeReportData(today.slice(0, 7));
    expect(review.staffVoice!.praise).toEqual(
      expect.arrayContaining([
        { name: "친절해", team: expect.any(String), count: 2 },
        { name: "둘다", team: expect.any(String), count: 1 },
      ]),
    );
    expect(review.staffVoice!.unkindness).toBeGreaterThanOrEqual(1);
  });
});
