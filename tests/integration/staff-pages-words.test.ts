// Readable everywhere: a seeded desk's staff pages, requested as a browser requests them and rendered
// by Remix, show no internal code — no snake_case, no dotted event name, no template id — in the
// text a person reads. Tickets of several kinds carry history entries of many types, customer
// notices that could not be sent and staff alerts; the clocks say the period of their own policy.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { notifications, staff, teams } from "../../db/schema";
import { auditTicketRead, recordAudit } from "~/security/audit.server";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import {
  addInternalNote,
  appendInboundMessage,
  assignTicket,
  createTicket,
  getTicketDetail,
  logCallback,
  pauseTicket,
  reopenTicket,
  replyToCustomer,
  resolveTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { extendDisclosure } from "~/disclosure/disclosure.server";
import { requestRemoteSupport } from "~/remote/remote-support.server";
import { openRepeatVisitCase } from "~/sla/guarantee.server";
import { sweepOnce } from "~/sla/sweep.server";
import { deliverDueNotifications } from "~/notify/deliver.server";
import { requeueNotification } from "~/notify/outbox.server";
import { kstDate } from "~/lib/time";
import { langCookie } from "~/i18n/lang.server";
import { remixHandler, visibleText } from "../support/remix-app";
import { useTestDatabase } from "../support/db";

useTestDatabase();

const BASE = "http://desk.test";
const DAY = 86_400_000;

/** snake_case codes and dotted names (event types, i18n keys, template ids). */
const CODES = [/\b[a-z]+_[a-z_]+\b/g, /\b[a-z]+\.[a-z_]+(\.[a-z_]+)*\b/g];

/** Genuine things that look like codes: addresses, links, file names, host names. */
function withoutGenuine(text: string): string {
  return text
    .replace(/[\w.+-]+@[\w.-]+\.[a-z]{2,}/gi, " ") // email addresses
    .replace(/\bhttps?:\/\/\S+/gi, " ") // links
    .replace(/\b(e\.g|i\.e)\./g, " ") // English abbreviations
    .replace(/[\w가-힣 -]+\.(pdf|png|jpe?g|tiff?|eml|csv|txt)\b/gi, " "); // file names
}

function codesIn(html: string): string[] {
  const text = withoutGenuine(visibleText(html));
  const found = new Set<string>();
  for (const pattern of CODES) for (const m of text.matchAll(pattern)) found.add(m[0]);
  return [...found];
}

function intake(overrides: Partial<TicketIntake> = {}): TicketIntake {
  return {
    channel: "web",
    category: "general",
    subject: "자격시험 접수 확인서 재발급 문의",
    body: "확인서를 다시 받을 수 있나요?",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-1234-5678" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

type Seeded = Awaited<ReturnType<typeof seed>>;
let seeded: Seeded;
let handle: (request: Request) => Promise<Response>;

async function seed() {
  const pw = "pw-123456789";
  const agent = await createStaffMember({ email: "agent@desk.test", name: "김하늘", role: "agent", team: "complaints-1", password: pw });
  const manager = await createStaffMember({
    email: "manager@desk.test",
    name: "최민수",
    role: "manager",
    team: "complaints-1",
    password: pw,
  });
  const admin = await createStaffMember({ email: "admin@desk.test", name: "서관리", role: "admin", team: "complaints-1", password: pw });
  const actor = staffActor({ ...agent, locale: "ko" });
  const managerActor = staffActor({ ...manager, locale: "ko" });

  // A web inquiry worked through many steps: reply, interim notice, note, info request and the
  // customer's answer, final answer, reopened; a repeat visit opens a guarantee case.
  const worked = await createTicket(intake({ callbackRequested: true }), { kind: "customer" });
  await assignTicket(worked.reference, agent.email, actor);
  await replyToCustomer(worked.reference, { body: "확인 중입니다.", via: "email" }, actor);
  await logCallback(worked.reference, { outcome: "no_answer" }, actor);
  await addInternalNote(worked.reference, { body: "담당 부서 확인 필요" }, actor);
  const expectedBy = kstDate(new Date(Date.now() + 3 * DAY));
  await sendInterimNotice(worked.reference, { reason: "관련 부서 확인 중", expectedBy, via: "email" }, actor).catch(() => undefined);
  await pauseTicket(worked.reference, { reason: "신분증 사본을 보내 주세요." }, actor);
  await appendInboundMessage(worked.reference, { via: "email", body: "보냈습니다." }, { kind: "customer" });
  await resolveTicket(worked.reference, { answer: "재발급해 드렸습니다.", via: "email" }, actor);
  await reopenTicket(worked.reference, { reason: "다시 문의", dissatisfied: true }, actor);
  await openRepeatVisitCase(worked.reference, { note: "서류 안내 착오로 두 번 방문" }, managerActor);

  // A CMS withdrawal complaint: its resolution clock counts 14 working days.
  const cms = await createTicket(intake({ category: "auto_debit", subject: "자동이체 부당인출 민원" }), { kind: "customer" });
  await assignTicket(cms.reference, agent.email, actor);

  // An information-disclosure request, extended once.
  const disclosure = await createTicket(intake({ channel: "mail", kind: "disclosure", subject: "분담금 산정 기준 공개 청구" }), {
    kind: "customer",
  });
  await extendDisclosure(disclosure.reference, { reason: "제3자의 의견을 듣고 있습니다." }, actor);

  // A phone call that needs remote support.
  const remote = await createTicket(intake({ channel: "phone", subject: "인증서 프로그램 설치 오류" }), actor);
  await requestRemoteSupport(remote.reference, { problem: "접속 프로그램 설치 오류" }, actor);

  // Without email or SMS set up, the notices cannot go out; an administrator tries one again.
  await deliverDueNotifications({ batchSize: 500 });
  const [waiting] = await db()
    .select()
    .from(notifications)
    .where(eq(notifications.ticketId, (await getTicketDetail(worked.reference))!.ticket.id));
  if (waiting && (waiting.status === "unsent" || waiting.status === "failed"))
    await requeueNotification(waiting.id, staffActor({ ...admin, locale: "ko" }));
  await deliverDueNotifications({ batchSize: 500 });

  // Two weeks on: clocks breach, managers are told, guarantee cases open.
  await sweepOnce({ now: new Date(Date.now() + 20 * DAY) });

  const cookie = async (id: string) => (await startSession(new Request(BASE), id)).split(";")[0];
  return {
    worked,
    cms,
    disclosure,
    remote,
    cookies: { agent: await cookie(agent.id), manager: await cookie(manager.id), admin: await cookie(admin.id) },
  };
}

async function page(path: string, cookie: string): Promise<string> {
  const response = await handle(
    new Request(`${BASE}${path}`, { headers: { Cookie: cookie, "User-Agent": "Googlebot/2.1", Accept: "text/html" } }),
  );
  const html = await response.text();
  expect(response.status, `${path}: ${visibleText(html).slice(0, 500)}`).toBe(200);
  return html;
}

beforeAll(async () => {
  handle = await remixHandler();
  seeded = await seed();
}, 120_000);

describe("staff pages show no internal code", () => {
  it("the queues", async () => {
    for (const tab of ["", "?tab=active", "?tab=team", "?tab=waiting"]) {
      expect(codesIn(await page(`/desk${tab}`, seeded.cookies.agent)), `/desk${tab}`).toEqual([]);
    }
  });

  it("tickets of several kinds, with their history, thread and notices", async () => {
    for (const t of [seeded.worked, seeded.cms, seeded.disclosure, seeded.remote]) {
      const html = await page(`/desk/tickets/${t.reference}`, seeded.cookies.manager);
      expect(codesIn(html), t.reference).toEqual([]);
    }
  });

  it("the dashboard, the guarantee cases and the outbox", async () => {
    for (const path of ["/dashboard", "/desk/guarantee"]) {
      expect(codesIn(await page(path, seeded.cookies.manager)), path).toEqual([]);
    }
    for (const path of ["/admin/outbox", "/admin/outbox?status=unsent", "/admin/outbox?status=failed"]) {
      const html = await page(path, seeded.cookies.admin);
      // The raw error stays only in the administrators' technical details box.
      expect(codesIn(html.replace(/<details class="tech-detail">[\s\S]*?<\/details>/g, "")), path).toEqual([]);
    }
  });

  it("the policy pages name each clock in words, not by its code", async () => {
    for (const path of ["/admin/policies", "/admin/policies/charter", "/promises"]) {
      expect(codesIn(await page(path, seeded.cookies.admin)), path).toEqual([]);
    }
  });

  it("a guarantee case page", async () => {
    const detail = (await getTicketDetail(seeded.worked.reference))!;
    expect(detail.guaranteeCases.length).toBeGreaterThan(0);
    const html = await page(`/desk/guarantee/${detail.guaranteeCases[0].id}`, seeded.cookies.manager);
    expect(codesIn(html)).toEqual([]);
  });
});

describe("the audit log and the teams page read in words", () => {
  it("names people, teams, tokens and policies; details are labelled lines, not JSON, ids or codes", async () => {
    const admin = (await db().select().from(staff).where(eq(staff.email, "admin@desk.test")))[0];
    const agent = (await db().select().from(staff).where(eq(staff.email, "agent@desk.test")))[0];
    const [team] = await db().select().from(teams).limit(1);
    const request = new Request(`${BASE}/admin/teams`, { headers: { "x-desk-client-ip": "198.51.100.9" } });
    // One row of each kind the desk writes, with the details its writers give.
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "staff.change",
      targetType: "staff",
      targetId: agent.id,
      details: {
        role: { from: "agent", to: "lead" },
        teamId: { from: null, to: team.id },
        active: { from: true, to: false },
        leadOfTeamEnded: team.id,
      },
    });
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "staff.create",
      targetType: "staff",
      targetId: agent.id,
      details: { email: agent.email, name: agent.name, role: "agent", teamId: team.id },
    });
    await recordAudit({
      actor: "anonymous",
      action: "login.failure",
      targetType: "staff",
      targetId: agent.id,
      details: { email: agent.email, reason: "invalid", failures: 3, locked: false },
    });
    await recordAudit({
      actor: "token:ERP 연동",
      action: "ticket.change",
      targetType: "ticket",
      targetId: seeded.worked.reference,
      details: { change: "interim-notice", path: `/api/v1/tickets/${seeded.worked.reference}/interim-notice`, requestId: "req-1" },
    });
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "settings.change",
      targetType: "settings",
      targetId: "policy:charter",
      details: { change: "policy.reapplied", version: 3, examined: 12, moved: 2 },
    });
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "settings.change",
      targetType: "settings",
      targetId: "calendar",
      details: { change: "calendar.add", kind: "holiday", date: "2026-12-31", name: "임시공휴일", version: 4 },
    });
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "settings.change",
      targetType: "settings",
      targetId: `team:${team.id}`,
      details: { change: "team.lead", from: null, to: agent.id, leadName: agent.name },
    });
    await recordAudit({
      actor: `staff:${admin.email}`,
      staffId: admin.id,
      action: "settings.change",
      targetType: "staff_absence",
      targetId: "0190a0a0-0000-7000-8000-000000000001",
      details: {
        change: "absence.recorded",
        staffId: agent.id,
        deputyId: admin.id,
        kind: "half_day",
        startsAt: "2026-12-01T00:00:00.000Z",
        endsAt: "2026-12-01T04:00:00.000Z",
      },
    });
    await recordAudit({
      actor: "system:sweeper",
      action: "permission.denied",
      targetType: "route",
      targetId: "/admin/users",
      details: { method: "POST", path: "/admin/users", some_new_fact: 1 },
    });
    await auditTicketRead(request, { ...agent, locale: "ko" }, seeded.worked.reference);

    for (const lang of ["ko", "en"] as const) {
      const cookie = lang === "en" ? `${seeded.cookies.admin}; ${(await langCookie.serialize("en")).split(";")[0]}` : seeded.cookies.admin;
      for (const path of ["/admin/audit", "/admin/teams", "/admin/calendar?year=2026&month=5"]) {
        const html = await page(path, cookie);
        const text = visibleText(html);
        expect(codesIn(html), `${lang} ${path}`).toEqual([]);
        expect(text, `${lang} ${path}`).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
        expect(text, `${lang} ${path}`).not.toMatch(/staff:|token:|system:|[{}]|"\w+":/);
      }
    }
    const text = visibleText(await page("/admin/audit", seeded.cookies.admin));
    for (const words of [
      "김하늘",
      "상담원 → 팀장",
      "팀장에서 물러난 팀",
      "로그인하지 않은 사람",
      "이메일 또는 비밀번호가 틀림",
      "API 토큰 ‘ERP 연동’",
      "중간 안내 보냄",
      "진행 중인 민원에 정책 다시 적용",
      "근무 달력에 날짜 추가",
      "새 팀장",
      "반차",
      "이 화면에 없는 정보 1개",
    ]) {
      expect(text).toContain(words);
    }
    expect(text).toContain(`팀 ‘${team.name}’`);
  });
});

describe("in English too", () => {
  it("the same pages read in English show no internal code", async () => {
    const en = async (path: string, cookie: string) => page(path, `${cookie}; ${(await langCookie.serialize("en")).split(";")[0]}`);
    const pages: Array<[string, string]> = [
      ["/desk?tab=active", seeded.cookies.agent],
      ["/dashboard", seeded.cookies.manager],
      ["/desk/guarantee", seeded.cookies.manager],
      ...[seeded.worked, seeded.cms, seeded.disclosure, seeded.remote].map((t): [string, string] => [
        `/desk/tickets/${t.reference}`,
        seeded.cookies.manager,
      ]),
    ];
    for (const [path, cookie] of pages) {
      const html = await en(path, cookie);
      expect(html).toContain('lang="en"');
      expect(codesIn(html), path).toEqual([]);
    }
    const outbox = await en("/admin/outbox", seeded.cookies.admin);
    expect(codesIn(outbox.replace(/<details class="tech-detail">[\s\S]*?<\/details>/g, ""))).toEqual([]);
    expect(visibleText(outbox)).toContain("Email is not set up, so it could not be sent — call the customer or tell an administrator.");
  });
});

describe("the thread tells the truth about delivery", () => {
  it("each outgoing message says whether the customer was sent it, and what to do when not", async () => {
    const html = await page(`/desk/tickets/${seeded.worked.reference}`, seeded.cookies.agent);
    const text = visibleText(html);
    // No SMTP in the tests: the email reply could not go out, and the thread says so under it.
    expect(text).toMatch(/확인 중입니다\.\s+발송 상태\s*:\s+발송 실패/);
    expect(text).toContain("이메일 설정이 없어 보내지 못했습니다 — 전화로 안내하거나 관리자에게 알려 주세요.");
    // The panels say what they list.
    expect(text).toContain("고객에게 보낸 알림");
    expect(text).not.toMatch(/고객 알림(?! )/);
  });

  it("an extension of a disclosure decision, sent as an interim notice, says its delivery too", async () => {
    const text = visibleText(await page(`/desk/tickets/${seeded.disclosure.reference}`, seeded.cookies.agent));
    expect(text).toMatch(/중간 안내[\s\S]*제3자의 의견을 듣고 있습니다[\s\S]*발송 상태\s*:\s+발송 실패/);
  });

  it("a notice that went out says so", async () => {
    const detail = (await getTicketDetail(seeded.worked.reference))!;
    const reply = detail.messages.find((m) => m.kind === "reply")!;
    const notice = detail.notifications.find((n) => n.template === "reply" && n.createdAt.getTime() === reply.createdAt.getTime())!;
    expect(notice).toBeTruthy();
    // As the delivery round records a success (the transport is outside this test).
    await db().update(notifications).set({ status: "sent", sentAt: new Date(), error: null }).where(eq(notifications.id, notice.id));
    const text = visibleText(await page(`/desk/tickets/${seeded.worked.reference}`, seeded.cookies.agent));
    expect(text).toMatch(/확인 중입니다\.\s+발송 상태\s*:\s+발송됨/);
  });
});

describe("clocks are named by their own policy", () => {
  it("a CMS complaint's resolution clock says 14 working days, the charter's says 7", async () => {
    const cms = visibleText(await page(`/desk/tickets/${seeded.cms.reference}`, seeded.cookies.agent));
    expect(cms).toContain("처리 완료 (14영업일)");
    expect(cms).not.toContain("(7일)");
    expect(cms).not.toContain("7영업일");
    const charter = visibleText(await page(`/desk/tickets/${seeded.worked.reference}`, seeded.cookies.agent));
    expect(charter).toContain("처리 완료 (7영업일)");
  });
});
