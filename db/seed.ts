// Demo data for a zero-setup start: staff in two teams and ~50 tickets over every channel,
// written in the words customers of a financial association actually use.
import { count, eq } from "drizzle-orm";
import { DateTime } from "luxon";
import { staff } from "./schema";
import { db } from "./connection";
import { staffActor } from "../app/auth/session.server";
import { createStaffMember, ensureTeam } from "../app/staff/staff.server";
import type { Actor } from "../app/tickets/actor";
import type { TicketIntake } from "../app/tickets/schemas";
import {
  assignTicket,
  createTicket,
  logCallback,
  pauseTicket,
  replyToCustomer,
  resolveTicket,
  sendInterimNotice,
} from "../app/tickets/tickets.server";

export const DEMO_PASSWORD = "demo1234!";

export const DEMO_STAFF = [
  { email: "admin@desk.example", name: "서관리", role: "admin", team: null },
  { email: "manager@desk.example", name: "최민수", role: "manager", team: null },
  { email: "lead1@desk.example", name: "박서연", role: "lead", team: "complaints-1" },
  { email: "lead2@desk.example", name: "정우진", role: "lead", team: "complaints-2" },
  { email: "agent1@desk.example", name: "김하늘", role: "agent", team: "complaints-1" },
  { email: "agent2@desk.example", name: "이도윤", role: "agent", team: "complaints-1" },
  { email: "agent3@desk.example", name: "한지민", role: "agent", team: "complaints-2" },
  { email: "agent4@desk.example", name: "오세훈", role: "agent", team: "complaints-2" },
] as const;

const TEAMS = { "complaints-1": "민원1팀", "complaints-2": "민원2팀" } as const;

type Sample = { category: string; subject: string; body: string };

const SAMPLES: Sample[] = [
  {
    category: "kyc",
    subject: "고객확인 재수행 요청 문자를 받았습니다",
    body: "3년마다 고객확인을 다시 해야 한다는 문자를 받았는데, 앱에서 신분증 촬영 단계가 계속 실패합니다. 지점에 방문해야 하나요?",
  },
  {
    category: "kyc",
    subject: "고객확인 미이행으로 거래가 제한되었습니다",
    body: "고객확인 재이행을 하지 않아 주문이 막혔다고 나옵니다. 직업과 거래 목적을 입력하는 화면에서 오류가 납니다. 빨리 해결해 주세요.",
  },
  {
    category: "certificate",
    subject: "금융인증서 등록이 되지 않습니다",
    body: "은행 앱에서 금융인증서를 발급받았는데, 증권금융 모바일뱅킹에서 등록하려고 하면 '인증서를 찾을 수 없습니다'라고 나옵니다.",
  },
  {
    category: "certificate",
    subject: "공동인증서 타기관 등록 방법 문의",
    body: "다른 은행에서 쓰던 공동인증서를 등록하고 싶은데 메뉴를 찾지 못하겠습니다. 순서를 알려 주세요.",
  },
  {
    category: "auto_debit",
    subject: "동의하지 않은 자동이체(CMS) 출금이 있었습니다",
    body: "지난달부터 제가 신청한 적 없는 업체 이름으로 매달 33,000원이 빠져나갑니다. 출금 동의 자료를 확인하고 환급해 주시기 바랍니다.",
  },
  {
    category: "auto_debit",
    subject: "해지한 자동이체가 계속 출금됩니다",
    body: "3월에 해지 신청을 했는데 4월에도 출금되었습니다. 해지 처리 내역과 보상 방안을 알려 주세요.",
  },
  {
    category: "seller_kyc",
    subject: "판매자 고객확인(KYC) 심사가 지연되고 있습니다",
    body: "최근 7일 정산금이 1천만 원을 넘어 KYC 대상이 되었다고 하여 서류를 제출했는데, 일주일째 심사 중입니다. 정산이 보류되어 곤란합니다.",
  },
  {
    category: "outage",
    subject: "통합공시시스템 접속이 되지 않습니다",
    body: "오늘 오전부터 통합공시시스템 페이지가 열리지 않습니다. 복구 예정 시각을 알려 주세요.",
  },
  {
    category: "outage",
    subject: "전문인력조회 서비스 오류",
    body: "전문인력조회에서 검색 버튼을 누르면 오류 화면이 나옵니다.",
  },
  {
    category: "general",
    subject: "자격시험 접수 확인서 재발급 문의",
    body: "작년에 응시한 자격시험 접수 확인서를 다시 받을 수 있는지 궁금합니다. 우편으로 받을 수 있을까요?",
  },
  {
    category: "general",
    subject: "광고심의 결과 통지 일정 문의",
    body: "지난주에 제출한 광고 심의 결과를 언제쯤 받을 수 있는지 알고 싶습니다.",
  },
  {
    category: "general",
    subject: "상담 직원의 응대가 불친절했습니다",
    body: "전화로 문의했는데 설명 없이 홈페이지를 보라고만 하고 끊었습니다. 사과를 받고 싶습니다.",
  },
];

const NAMES = ["홍길동", "김영희", "이철수", "박지성", "최유리", "정하늘", "강민호", "윤서아", "장도현", "임수빈", "오지훈", "한예린", "신동욱", "조은비", "배성민", "송하윤"];
const CHANNELS = ["web", "email", "phone", "sms", "mail", "fax", "visit"] as const;

/** A small deterministic generator, so every demo database looks the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function isDatabaseEmpty(): Promise<boolean> {
  const [row] = await db().select({ n: count() }).from(staff);
  return Number(row.n) === 0;
}

export async function seedDemoData(log: (line: string) => void = () => {}) {
  for (const [key, name] of Object.entries(TEAMS)) await ensureTeam(key, name);
  const people = [];
  for (const person of DEMO_STAFF) people.push(await createStaffMember({ ...person, password: DEMO_PASSWORD }));
  const agents = people.filter((p) => p.role === "agent");
  const manager = staffActor({ ...people.find((p) => p.role === "manager")!, locale: "ko" });
  const random = prng(20260430);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const now = DateTime.now().setZone("Asia/Seoul");

  let made = 0;
  for (let i = 0; i < 50; i++) {
    const channel = CHANNELS[i % CHANNELS.length];
    const sample = SAMPLES[(i * 5) % SAMPLES.length];
    const name = NAMES[i % NAMES.length];
    // Spread arrivals over the last three weeks, in and out of office hours.
    const receivedAt = now.minus({ days: Math.floor(random() * 21), hours: Math.floor(random() * 10), minutes: Math.floor(random() * 60) });
    const phone = `010-${String(2000 + i * 37).padStart(4, "0")}-${String(1000 + i * 53).slice(-4)}`;
    const email = `customer${i + 1}@example.com`;
    const intake: TicketIntake = {
      channel,
      category: sample.category,
      subject: sample.subject,
      body: channel === "fax" || channel === "mail" ? `[${channel === "fax" ? "팩스" : "우편"} 접수] ${sample.body}` : sample.body,
      customer: {
        name,
        email: channel === "sms" || channel === "phone" ? undefined : email,
        phone: channel === "email" ? undefined : phone,
        preferredContact: channel === "sms" ? "sms" : channel === "phone" ? "phone" : channel === "mail" ? "mail" : "email",
      },
      receivedAt: (receivedAt > now ? now : receivedAt).toJSDate(),
      requestedReplyBy: i % 9 === 0 ? receivedAt.plus({ days: 5 }).toISODate()! : undefined,
      callbackRequested: channel === "phone" && i % 2 === 0,
      resolvedOnContact: channel === "visit" && i % 3 === 0,
    };
    const logger: Actor = channel === "web" ? { kind: "customer" } : staffActor({ ...pick(agents), locale: "ko" });
    const { reference } = await createTicket(intake, logger);
    made++;
    if (intake.resolvedOnContact) continue;
    const stage = random();
    if (stage < 0.25) continue; // still new and unassigned
    const agent = pick(agents);
    const actor = staffActor({ ...agent, locale: "ko" });
    await assignTicket(reference, agent.email, actor);
    if (channel === "phone" && intake.callbackRequested && stage < 0.6) {
      await logCallback(reference, { outcome: "reached", note: "고객과 통화하여 문의 내용을 확인함" }, actor);
    }
    if (stage < 0.45) continue;
    if (stage < 0.55) {
      // The date may lie past the 7-working-day limit for older tickets: the manager approves it.
      await sendInterimNotice(
        reference,
        { reason: "관계 기관의 확인이 필요하여 답변이 늦어지고 있습니다.", expectedBy: now.plus({ days: 3 }).toISODate()!, managerApproval: true },
        manager,
      );
      continue;
    }
    const via = intake.customer.email ? "email" : "sms";
    await replyToCustomer(reference, { body: "문의해 주셔서 감사합니다. 담당자가 내용을 확인하고 있습니다.", via }, actor);
    if (stage < 0.65) {
      await pauseTicket(reference, { reason: "신분증 사본과 거래내역서를 보내 주시면 이어서 처리하겠습니다." }, actor);
      continue;
    }
    if (stage < 0.8) continue;
    await resolveTicket(reference, { answer: "요청하신 내용을 처리하였습니다. 추가 문의는 언제든지 연락 주십시오.", via }, actor);
  }
  log(`Seeded demo data: ${people.length} staff in 2 teams, ${made} tickets`);
}

export async function seedDemoDataIfEmpty(options: { mode: "auto" | "never"; log: (line: string) => void }) {
  if (options.mode === "auto" && (await isDatabaseEmpty())) await seedDemoData(options.log);
  // Print the demo logins on every start while the demo accounts exist.
  const [demo] = await db().select({ n: count() }).from(staff).where(eq(staff.email, DEMO_STAFF[0].email));
  if (Number(demo.n) === 0) return;
  options.log(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const p of DEMO_STAFF) options.log(`  ${p.role.padEnd(8)} ${p.email}  ${p.name}${p.team ? ` (${TEAMS[p.team]})` : ""}`);
}
