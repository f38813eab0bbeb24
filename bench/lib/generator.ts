// A year of a busy desk, generated ticket by ticket: each ticket's contact, the clocks the SLA
// engine starts for it (intakeTimerPlan + deadlineOf + warnAtOf on the real calendar and
// policies), what staff did and when, and everything that leaves in the database — timers with
// their outcomes, history events, messages, guarantee cases with their fact-check clocks,
// notifications, happy-call ratings. Rows come out as arrays of raw values (strings, numbers,
// booleans, null; JSON already stringified) for a COPY or an INSERT sink.
//
// Outcomes follow the engine's rules as of `now`: a clock finished by its deadline is met, one
// finished late is breached with met_at beside it (a breach is permanent), one still open past
// its deadline was breached by the sweep seconds after the deadline, and one due after `now`
// is running (or paused while the ticket waits on the customer).
import { randomBytes } from "node:crypto";
import { isoOf, uuid as randomUUID } from "./fast";
import type { WorkingCalendar } from "../../app/sla/calendar";
import type { PolicyRow } from "../../app/sla/policies.server";
import { targetsFor, type ResolvedTarget } from "../../app/sla/policies.server";
import { deadlineOf, warnAtOf, type TimerBasis } from "../../app/sla/timer-math";
import { intakeTimerPlan } from "../../app/sla/timers.server";
import { GUARANTEE_METRICS } from "../../app/sla/sweep.server";
import type { Channel, SlaMetric } from "../../db/schema";

export type Value = string | number | boolean | null;
export type Row = Value[];
export type Sink = (row: Row) => void | Promise<void>;

export const TABLES = {
  customers: ["id", "name", "email", "phone", "preferred_contact", "created_at"],
  tickets: [
    "id",
    "reference",
    "channel",
    "category",
    "subject",
    "body",
    "status",
    "customer_id",
    "assignee_id",
    "team_id",
    "received_at",
    "requested_reply_by",
    "callback_requested",
    "resolved_on_contact",
    "logged_by_id",
    "kind",
    "tracking_token_hash",
    "reported_staff_id",
    "created_at",
    "updated_at",
    "resolved_at",
    "closed_at",
  ],
  messages: ["id", "ticket_id", "direction", "via", "kind", "body", "author_staff_id", "created_at"],
  sla_timers: [
    "id",
    "ticket_id",
    "metric",
    "state",
    "started_at",
    "period",
    "basis_date",
    "pauses",
    "due_at",
    "warn_at",
    "warned_at",
    "met_at",
    "breached_at",
    "breach_detected_at",
    "escalate_at",
    "escalated_at",
    "guarantee_case_id",
    "cancelled_at",
    "policy_id",
    "calendar_version",
    "created_at",
    "updated_at",
  ],
  ticket_events: ["id", "ticket_id", "type", "at", "actor", "data"],
  guarantee_cases: [
    "id",
    "ticket_id",
    "status",
    "triggers",
    "opened_at",
    "fact_check_result",
    "fact_checked_at",
    "fact_checked_by_id",
    "desk_at_fault",
    "apology",
    "apology_by_id",
    "apology_at",
    "customer_confirmed_at",
    "closed_at",
    "closed_by",
  ],
  notifications: [
    "id",
    "dedupe_key",
    "ticket_id",
    "guarantee_case_id",
    "audience",
    "recipient_staff_id",
    "channel",
    "to_address",
    "template",
    "locale",
    "payload",
    "status",
    "attempts",
    "created_at",
    "sent_at",
    "updated_at",
  ],
  satisfaction_ratings: ["id", "ticket_id", "source", "score", "comment", "recorded_by", "created_at"],
  unkindness_reports: ["id", "ticket_id", "staff_id", "reported_by", "reported_at"],
} as const;

export type TableName = keyof typeof TABLES;

/**
 * Columns that may hold a tab, newline or backslash: free text, and JSON text (which never holds a
 * raw control character, only backslashes). The only ones COPY-escaped.
 */
export const FREE_TEXT: Record<TableName, readonly string[]> = {
  customers: ["name", "email"],
  tickets: ["subject", "body"],
  messages: ["body"],
  sla_timers: [],
  ticket_events: ["actor"],
  guarantee_cases: ["fact_check_result", "apology", "closed_by"],
  notifications: ["to_address"],
  satisfaction_ratings: ["comment", "recorded_by"],
  unkindness_reports: [],
};
export const JSON_TEXT: Record<TableName, readonly string[]> = {
  customers: [],
  tickets: [],
  messages: [],
  sla_timers: ["period", "pauses"],
  ticket_events: ["data"],
  guarantee_cases: ["triggers"],
  notifications: ["payload"],
  satisfaction_ratings: [],
  unkindness_reports: [],
};
export type Sinks = Record<TableName, Sink>;

export type StaffMember = { id: string; email: string; name: string; role: "agent" | "lead" | "manager" | "admin"; teamId: string | null };

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

const iso = isoOf;

/** xorshift128+ on two 32-bit halves: fast, deterministic, good enough for distributions. */
export function prng(seed: number) {
  let a = seed >>> 0 || 1;
  let b = (seed * 2654435761) >>> 0 || 2;
  let c = 0x9e3779b9;
  let d = 0x7f4a7c15;
  return () => {
    const t = a ^ (a << 11);
    a = b;
    b = c;
    c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d / 4294967296;
  };
}

function weighted<T>(entries: Array<[T, number]>) {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of entries) cum.push((acc += w / total));
  return (r: number): T => {
    for (let i = 0; i < cum.length; i++) if (r < cum[i]) return entries[i][0];
    return entries[entries.length - 1][0];
  };
}

const pickChannel = weighted<Channel>([
  ["web", 34],
  ["email", 18],
  ["phone", 26],
  ["sms", 7],
  ["mail", 3],
  ["fax", 2],
  ["visit", 10],
]);
const pickCategory = weighted<string>([
  ["general", 30],
  ["kyc", 14],
  ["certificate", 14],
  ["account", 11],
  ["fees", 10],
  ["auto_debit", 8],
  ["seller_kyc", 7],
  ["outage", 6],
]);
const pickKind = weighted<"inquiry" | "complaint" | "suggestion" | "unkindness">([
  ["inquiry", 72],
  ["complaint", 22],
  ["suggestion", 4],
  ["unkindness", 2],
]);

const SUBJECTS: Record<string, Array<[string, string]>> = {
  general: [
    ["자격시험 접수 확인서 재발급 문의", "작년에 응시한 자격시험 접수 확인서를 다시 받을 수 있는지 궁금합니다. 우편으로 받을 수 있을까요?"],
    ["광고심의 결과 통지 일정 문의", "지난주에 제출한 광고 심의 결과를 언제쯤 받을 수 있는지 알고 싶습니다."],
  ],
  kyc: [
    [
      "고객확인 재수행 요청 문자를 받았습니다",
      "3년마다 고객확인을 다시 해야 한다는 문자를 받았는데, 앱에서 신분증 촬영 단계가 계속 실패합니다. 지점에 방문해야 하나요?",
    ],
    [
      "고객확인 미이행으로 거래가 제한되었습니다",
      "고객확인 재이행을 하지 않아 주문이 막혔다고 나옵니다. 직업과 거래 목적을 입력하는 화면에서 오류가 납니다.",
    ],
  ],
  certificate: [
    [
      "금융인증서 등록이 되지 않습니다",
      "은행 앱에서 금융인증서를 발급받았는데, 모바일뱅킹에서 등록하려고 하면 '인증서를 찾을 수 없습니다'라고 나옵니다.",
    ],
    ["공동인증서 타기관 등록 방법 문의", "다른 은행에서 쓰던 공동인증서를 등록하고 싶은데 메뉴를 찾지 못하겠습니다. 순서를 알려 주세요."],
  ],
  account: [
    ["계좌 비밀번호 오류 횟수 초과", "비밀번호를 여러 번 틀려 계좌가 잠겼습니다. 지점 방문 없이 해제할 수 있는 방법이 있나요?"],
    ["휴면계좌 조회 방법 문의", "오래전에 개설한 계좌가 휴면 상태인지 확인하고 잔액을 찾고 싶습니다."],
  ],
  fees: [
    ["수수료가 두 번 청구되었습니다", "이번 달 이체 수수료가 같은 날 두 번 빠져나갔습니다. 확인 후 환급해 주세요."],
    ["수수료 면제 대상 여부 문의", "우대 대상이라고 안내받았는데 수수료가 계속 부과됩니다. 적용 기준을 알려 주세요."],
  ],
  auto_debit: [
    [
      "동의하지 않은 자동이체(CMS) 출금이 있었습니다",
      "지난달부터 제가 신청한 적 없는 업체 이름으로 매달 33,000원이 빠져나갑니다. 출금 동의 자료를 확인하고 환급해 주시기 바랍니다.",
    ],
    ["해지한 자동이체가 계속 출금됩니다", "3월에 해지 신청을 했는데 4월에도 출금되었습니다. 해지 처리 내역과 보상 방안을 알려 주세요."],
  ],
  seller_kyc: [
    [
      "판매자 고객확인(KYC) 심사가 지연되고 있습니다",
      "최근 7일 정산금이 1천만 원을 넘어 KYC 대상이 되었다고 하여 서류를 제출했는데, 일주일째 심사 중입니다.",
    ],
  ],
  outage: [
    ["통합공시시스템 접속이 되지 않습니다", "오늘 오전부터 통합공시시스템 페이지가 열리지 않습니다. 복구 예정 시각을 알려 주세요."],
    ["전문인력조회 서비스 오류", "전문인력조회에서 검색 버튼을 누르면 오류 화면이 나옵니다."],
  ],
};

const SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황"];
const GIVEN = [
  "민준",
  "서연",
  "도윤",
  "하은",
  "지호",
  "수아",
  "예준",
  "지민",
  "현우",
  "서윤",
  "준서",
  "유진",
  "건우",
  "채원",
  "우진",
  "다은",
];

const REPLY = "문의해 주셔서 감사합니다. 담당자가 내용을 확인하였으며, 필요한 절차를 안내해 드립니다.";
const FINAL = "요청하신 내용을 처리하였습니다. 추가 문의는 언제든지 연락 주십시오.";
const NOTE = "[내부 메모] 관련 부서에 확인 요청함.";
const REPLY_JSON = JSON.stringify(REPLY);
const FINAL_JSON = JSON.stringify(FINAL);
const INTERIM_REASON = "관계 기관의 확인이 필요하여 답변이 늦어지고 있습니다.";

type Timer = {
  id: string;
  metric: SlaMetric;
  startedAt: number;
  period: ResolvedTarget["target"]["period"];
  basisDate: string | null;
  policyId: number;
  target: ResolvedTarget["target"];
  /** When staff would finish it (met, or cancelled) — may lie after `now`. */
  finishAt: number;
  finish: "met" | "cancelled";
  finishReason: string;
  pauses: Array<{ from: number; to: number | null }>;
  caseId: string | null;
};

export type GeneratorOptions = {
  calendar: WorkingCalendar;
  calendarVersion: number;
  policies: PolicyRow[];
  staff: StaffMember[];
  /** The moment the generated desk stands at (ms). */
  now: number;
  seed: number;
  /**
   * Also the customers' acknowledgment, reply and interim-notice messages in the outbox (≈ 3 per
   * ticket). Off for the bench load: no bench reads them, and the sweep meets the notification
   * table only through its dedupe_key index, as deep with them as without.
   */
  customerNotices?: boolean;
  /** Added to each day's reference sequence (keeps a throw-away slice apart from loaded rows). */
  referenceOffset?: number;
  /**
   * History entries carry their ids, numbered in generation order after this one, as a restore's
   * data does: the server then computes no default per row. The load sets the sequence past them.
   */
  eventIdOffset?: number;
};

/** Arrival times: 88 % spread over the year before the last two weeks, 12 % in the last two weeks. */
export function arrivals(count: number, now: number, seed: number): Float64Array {
  const random = prng(seed ^ 0x5eed);
  const out = new Float64Array(count);
  const year = 365 * D;
  const recent = 14 * D;
  for (let i = 0; i < count; i++) {
    const age = random() < 0.88 ? recent + random() * (year - recent) : random() * recent;
    out[i] = Math.floor(now - age);
  }
  out.sort();
  return out;
}

export class DeskGenerator {
  readonly counts = {
    tickets: 0,
    closed: 0,
    timers: 0,
    running: 0,
    paused: 0,
    breached: 0,
    cases: 0,
    events: 0,
    messages: 0,
    notifications: 0,
  };
  /** KST day → how many references were handed out that day. */
  readonly referenceDays = new Map<string, number>();
  private readonly random: () => number;
  private readonly agentsByTeam = new Map<string, StaffMember[]>();
  private readonly leadsByTeam = new Map<string, StaffMember[]>();
  private readonly teams: string[];
  private readonly managers: StaffMember[];
  private readonly agents: StaffMember[];
  /**
   * The customers so far, for returning contacts: ids as latin1 text, 36 bytes each, and whether
   * each has an email address and a phone number (bits 1 and 2); the addresses follow from the
   * number. Kept off the JS heap: 720,000 objects there made every full GC walk them.
   */
  private customerIds = Buffer.alloc(36 * 65_536);
  private customerFlags = new Uint8Array(65_536);
  private customerCount = 0;
  private readonly targetCache = new Map<string, Map<SlaMetric, ResolvedTarget>>();
  /** The last history entry's id handed out (see eventIdOffset). */
  lastEventId: number;
  private hashPool = Buffer.alloc(0);
  private hashPos = 0;

  constructor(private readonly o: GeneratorOptions) {
    this.random = prng(o.seed);
    this.lastEventId = o.eventIdOffset ?? 0;
    for (const s of o.staff) {
      if (!s.teamId) continue;
      const map = s.role === "agent" ? this.agentsByTeam : s.role === "lead" ? this.leadsByTeam : null;
      if (!map) continue;
      map.set(s.teamId, [...(map.get(s.teamId) ?? []), s]);
    }
    this.teams = [...this.agentsByTeam.keys()];
    this.managers = o.staff.filter((s) => s.role === "manager");
    this.agents = o.staff.filter((s) => s.role === "agent");
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private trackingHash(): string {
    if (this.hashPos + 32 > this.hashPool.length) {
      this.hashPool = randomBytes(32 * 4096);
      this.hashPos = 0;
    }
    const hex = this.hashPool.toString("hex", this.hashPos, this.hashPos + 32);
    this.hashPos += 32;
    return hex;
  }

  private targets(channel: string, category: string) {
    const key = `${channel}|${category}`;
    let t = this.targetCache.get(key);
    if (!t) this.targetCache.set(key, (t = targetsFor(this.o.policies, channel, category)));
    return t;
  }

  /** Working time from `from`: an exponential with the given mean, with a share of slow cases. */
  private workingDelay(from: number, meanMs: number, slowShare = 0, slowMs = 0): number {
    const base = -Math.log(1 - this.random()) * meanMs;
    const extra = this.random() < slowShare ? slowMs * (1 + this.random()) : 0;
    return this.o.calendar.addWorkingTime(from, Math.round((base + extra) / 1000) * 1000);
  }

  /** A KST date string (YYYY-MM-DD) of an instant. */
  private kstDate(ms: number): string {
    return isoOf(ms + 9 * H).slice(0, 10);
  }

  private reference(receivedAt: number): string {
    const day = this.kstDate(receivedAt);
    const n = (this.referenceDays.get(day) ?? 0) + 1;
    this.referenceDays.set(day, n);
    return `${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}-${String(n + (this.o.referenceOffset ?? 0)).padStart(4, "0")}`;
  }

  private customerEmail(n: number): string {
    return `c${n}.${this.o.seed}@example.com`;
  }

  private customerPhone(n: number): string {
    return `010-${String(1000 + (n % 9000)).padStart(4, "0")}-${String(Math.floor(n / 9000) % 10000).padStart(4, "0")}`;
  }

  private customer(channel: Channel, at: number, rows: Row[]): { id: string; email: string | null; phone: string | null } {
    if (this.customerCount > 1000 && this.random() < 0.28) {
      const i = Math.floor(this.random() * this.customerCount);
      const n = i + 1 + (this.o.referenceOffset ?? 0);
      const flags = this.customerFlags[i];
      return {
        id: this.customerIds.toString("latin1", i * 36, i * 36 + 36),
        email: flags & 1 ? this.customerEmail(n) : null,
        phone: flags & 2 ? this.customerPhone(n) : null,
      };
    }
    const n = this.customerCount + 1 + (this.o.referenceOffset ?? 0);
    const hasEmail = channel !== "phone" && channel !== "sms" ? true : this.random() < 0.3;
    const hasPhone = channel !== "email" && channel !== "web" ? true : this.random() < 0.5;
    const email = hasEmail ? this.customerEmail(n) : null;
    const phone = hasPhone ? this.customerPhone(n) : null;
    const c = { id: randomUUID(at), email, phone };
    const preferred =
      email && (channel === "web" || channel === "email")
        ? "email"
        : phone
          ? channel === "sms"
            ? "sms"
            : "phone"
          : email
            ? "email"
            : "mail";
    if (this.customerCount === this.customerFlags.length) {
      const ids = Buffer.alloc(this.customerIds.length * 2);
      this.customerIds.copy(ids);
      this.customerIds = ids;
      const flags = new Uint8Array(this.customerFlags.length * 2);
      flags.set(this.customerFlags);
      this.customerFlags = flags;
    }
    this.customerIds.write(c.id, this.customerCount * 36, 36, "latin1");
    this.customerFlags[this.customerCount] = (hasEmail ? 1 : 0) | (hasPhone ? 2 : 0);
    this.customerCount++;
    rows.push([c.id, `${this.pick(SURNAMES)}${this.pick(GIVEN)}`, email, phone, preferred, iso(at)]);
    return c;
  }

  /** Generates one ticket received at `receivedAt` and writes every row it leaves. */
  /** Synchronous unless a sink asks to wait (back-pressure): then the returned promise settles when it may go on. */
  ticket(receivedAt: number, out: Sinks): Promise<unknown> | void {
    const waits: Array<Promise<void>> = [];
    const put = (table: TableName, row: Row) => {
      const p = out[table](row);
      if (p) waits.push(p);
    };
    const { calendar: cal, now } = this.o;
    const r = this.random;
    const channel = pickChannel(r());
    const category = pickCategory(r());
    const kind = pickKind(r());
    const customerRows: Row[] = [];
    const extraRows: Array<[TableName, Row]> = [];
    const customer = this.customer(channel, receivedAt, customerRows);
    const id = randomUUID(receivedAt);
    const reference = this.reference(receivedAt);
    const [subject, body] = this.pick(SUBJECTS[category]);
    const subjectJson = JSON.stringify(subject);
    const staffPayload = (metric: string, dueIso: string) =>
      `{"reference":"${reference}","subject":${subjectJson},"metric":"${metric}","dueAt":"${dueIso}"}`;
    const staffLogged = channel !== "web" && channel !== "email" && channel !== "sms";
    const createdAt = Math.min(
      now,
      receivedAt +
        (channel === "mail" || channel === "fax"
          ? Math.floor(r() * 2 * H)
          : staffLogged
            ? Math.floor(r() * 10 * M)
            : Math.floor(r() * 5000)),
    );
    const callbackRequested = channel === "phone" && r() < 0.45;
    const resolvedOnContact = (channel === "phone" || channel === "visit") && !callbackRequested && r() < 0.2;
    const requestedReplyBy = !resolvedOnContact && r() < 0.1 ? this.kstDate(receivedAt + (2 + Math.floor(r() * 12)) * D) : null;
    const team = this.pick(this.teams);
    const reported = kind === "unkindness" ? this.pick(this.agents) : null;
    const assignee = this.pick(this.agentsByTeam.get(team)!);
    const logger = staffLogged ? assignee : null;
    const actorOf = (s: StaffMember | null) => (s ? `staff:${s.email}` : "customer");
    const assigneeActor = `staff:${assignee.email}`;
    const events: Array<[number, string, string, unknown]> = [];
    const messages: Row[] = [];
    const notifications: Row[] = [];
    /** data: an object, or JSON text already (the frequent events are written as text directly). */
    const ev = (at: number, type: string, actor: string, data: unknown) => {
      if (at <= now) events.push([at, type, actor, data]);
    };
    const msg = (at: number, direction: string, via: string, kindOf: string, text: string, author: string | null) => {
      if (at <= now) messages.push([randomUUID(at), id, direction, via, kindOf, text, author, iso(at)]);
    };
    const notify = (
      at: number,
      key: string,
      audience: "customer" | "staff",
      recipient: string | null,
      channelOf: "email" | "sms",
      to: string | null,
      template: string,
      payload: unknown,
      caseId: string | null = null,
    ) => {
      if (at > now) return;
      // Delivered within seconds when the address exists; the outbox keeps it otherwise.
      const sent = to !== null;
      notifications.push([
        randomUUID(at),
        key,
        id,
        caseId,
        audience,
        recipient,
        channelOf,
        to,
        template,
        "ko",
        typeof payload === "string" ? payload : JSON.stringify(payload),
        sent ? "sent" : "unsent",
        sent ? 1 : 0,
        iso(at),
        sent ? iso(at + 3000) : null,
        iso(sent ? at + 3000 : at),
      ]);
    };
    const customerTo = (): ["email" | "sms", string | null] =>
      customer.email ? ["email", customer.email] : customer.phone ? ["sms", customer.phone] : ["email", null];

    // ---- what staff do, and when (times past `now` simply have not happened yet)
    const targets = this.targets(channel, category);
    const plan = intakeTimerPlan(
      { channel, category, receivedAt: null as never, requestedReplyBy, callbackRequested, resolvedOnContact },
      targets,
    );
    const never = Number.POSITIVE_INFINITY;
    let assignAt = never;
    let firstReplyAt = never;
    let interimAt = never;
    let callbackAt = never;
    let resolveAt = never;
    let happyAt = never;
    let closeAt = never;
    let pauseFrom = never;
    let pauseTo = never;
    let promisedDate: string | null = null;
    if (resolvedOnContact) {
      assignAt = createdAt;
      resolveAt = createdAt;
    } else {
      assignAt = this.workingDelay(createdAt, 30 * M, 0.03, 3 * H);
      firstReplyAt = this.workingDelay(assignAt, 2 * H, 0.03, 8 * H);
      if (callbackRequested) callbackAt = this.workingDelay(receivedAt, 8 * M, 0.04, 30 * M);
      if (r() < 0.12) {
        interimAt = firstReplyAt;
        firstReplyAt = never;
        promisedDate = this.kstDate(cal.addWorkingTime(interimAt, (3 + Math.floor(r() * 10)) * 8 * H));
      }
      const workStart = Math.min(firstReplyAt, interimAt);
      if (r() < 0.1) {
        pauseFrom = this.workingDelay(workStart, 1 * H);
        pauseTo = pauseFrom + Math.floor((0.5 + r() * 5) * D);
      }
      const resolveFrom = pauseTo !== never ? pauseTo : workStart;
      resolveAt = this.workingDelay(resolveFrom, 14 * H, 0.03, 56 * H);
      if (promisedDate)
        resolveAt = Math.min(
          resolveAt,
          Math.max(resolveFrom, cal.endOfWorkingDay(promisedDate) - (r() < 0.93 ? Math.floor(r() * 8 * H) : -4 * H)),
        );
    }
    const happyCall = r() < 0.8;
    if (happyCall) happyAt = this.workingDelay(resolveAt, 5 * H, 0.03, 16 * H);
    // About a quarter of resolved tickets are never closed (closing is a separate, optional step).
    closeAt = r() < 0.24 ? never : happyCall ? happyAt + Math.floor(r() * 2 * H) : resolveAt + Math.floor((1 + r() * 2) * D);

    // ---- the clocks
    const timers: Timer[] = [];
    for (const p of plan) {
      const finish: Record<string, [number, "met" | "cancelled", string]> = {
        handoff: [assignAt, "met", "assigned"],
        first_reply: [Math.min(firstReplyAt, interimAt), "met", interimAt < firstReplyAt ? "interim_notice" : "reply:email"],
        resolution: [resolveAt, "met", "final_answer"],
        callback: [
          Math.min(callbackAt, resolveAt),
          callbackAt <= resolveAt ? "met" : "cancelled",
          callbackAt <= resolveAt ? "callback:reached" : "resolved",
        ],
        requested_reply: [Math.min(firstReplyAt, resolveAt), "met", "reply:email"],
        happy_call: [happyCall ? happyAt : closeAt, happyCall ? "met" : "cancelled", happyCall ? "satisfaction_recorded" : "closed"],
      };
      const [finishAt, how, reason] = finish[p.metric] ?? [resolveAt, "met", "final_answer"];
      timers.push({
        id: randomUUID(receivedAt),
        metric: p.metric,
        startedAt: p.metric === "happy_call" && resolvedOnContact ? createdAt : receivedAt,
        period: p.basisDate ? null : p.resolved.target.period,
        basisDate: p.basisDate ?? null,
        policyId: p.resolved.policyId,
        target: p.resolved.target,
        finishAt,
        finish: how,
        finishReason: reason,
        pauses: [],
        caseId: null,
      });
    }
    if (!resolvedOnContact && promisedDate && targets.get("promised_date")) {
      const t = targets.get("promised_date")!;
      timers.push({
        id: randomUUID(interimAt),
        metric: "promised_date",
        startedAt: interimAt,
        period: null,
        basisDate: promisedDate,
        policyId: t.policyId,
        target: t.target,
        finishAt: resolveAt,
        finish: "met",
        finishReason: "final_answer",
        pauses: [],
        caseId: null,
      });
    }
    if (!resolvedOnContact && targets.get("happy_call")) {
      const t = targets.get("happy_call")!;
      timers.push({
        id: randomUUID(resolveAt),
        metric: "happy_call",
        startedAt: resolveAt,
        period: t.target.period,
        basisDate: null,
        policyId: t.policyId,
        target: t.target,
        finishAt: happyCall ? happyAt : closeAt,
        finish: happyCall ? "met" : "cancelled",
        finishReason: happyCall ? "satisfaction_recorded" : "closed",
        pauses: [],
        caseId: null,
      });
    }

    // ---- outcomes as of `now`
    type Outcome = {
      t: Timer;
      due: number;
      warn: number | null;
      state: string;
      warnedAt: number | null;
      metAt: number | null;
      breachedAt: number | null;
      detectedAt: number | null;
      escalateAt: number | null;
      escalatedAt: number | null;
      cancelledAt: number | null;
    };
    const outcomes: Outcome[] = [];
    const basis = (t: Timer): TimerBasis => ({
      metric: t.metric,
      startedAtMs: t.startedAt,
      period: t.period,
      basisDate: t.basisDate,
      pauses: t.pauses.filter((p) => p.to !== null).map((p) => ({ fromMs: p.from, toMs: p.to! })),
    });
    const ticketOpenAt = (at: number) => at < resolveAt; // new/open/waiting: the escalation's condition
    const guaranteeBreaches: Array<{ t: Timer; due: number; detectedAt: number }> = [];
    const settle = (t: Timer): Outcome | null => {
      if (t.startedAt > now) return null; // not started yet
      let due = deadlineOf(cal, basis(t));
      // A pause stops the clocks that are live when it starts; the deadline moves on resume.
      if (pauseFrom !== never && pauseFrom <= now && t.startedAt <= pauseFrom && t.finishAt > pauseFrom && due > pauseFrom) {
        if (pauseTo <= now) {
          t.pauses.push({ from: pauseFrom, to: pauseTo });
          due = deadlineOf(cal, basis(t));
          t.finishAt = Math.max(t.finishAt, pauseTo);
        } else {
          t.pauses.push({ from: pauseFrom, to: null });
        }
      }
      const warn = warnAtOf(cal, t.startedAt, due, t.period, t.target);
      const o: Outcome = {
        t,
        due,
        warn,
        state: "running",
        warnedAt: null,
        metAt: null,
        breachedAt: null,
        detectedAt: null,
        escalateAt: null,
        escalatedAt: null,
        cancelledAt: null,
      };
      const pausedNow = t.pauses.some((p) => p.to === null);
      const finished = t.finishAt <= now;
      const end = finished ? t.finishAt : now;
      if (due < end && !(pausedNow && due > pauseFrom)) {
        // Breached: recorded by the per-timer job seconds after the deadline.
        o.state = "breached";
        o.breachedAt = due;
        o.detectedAt = Math.min(now, due + 500 + Math.floor(r() * 4500));
        if (t.metric !== "fact_check") o.escalateAt = cal.addWorkingTime(o.detectedAt, 8 * H);
        if (finished && t.finish === "met") o.metAt = t.finishAt;
        if (o.escalateAt !== null && o.escalateAt <= now && o.escalateAt < (o.metAt ?? never) && ticketOpenAt(o.escalateAt)) {
          o.escalatedAt = o.escalateAt + 1000 + Math.floor(r() * 50_000);
        }
        if (o.metAt !== null) o.escalateAt = null; // a late completion clears it
        if (GUARANTEE_METRICS.includes(t.metric)) guaranteeBreaches.push({ t, due, detectedAt: o.detectedAt });
      } else if (finished) {
        o.state = t.finish;
        if (t.finish === "met") o.metAt = t.finishAt;
        else o.cancelledAt = t.finishAt;
      } else if (pausedNow) {
        o.state = "paused";
      }
      if (warn !== null && warn < due && warn <= Math.min(now, o.breachedAt ?? t.finishAt))
        o.warnedAt = warn + 500 + Math.floor(r() * 50_000);
      if (o.warnedAt !== null && o.warnedAt > now) o.warnedAt = null;
      return o;
    };
    for (const t of timers) {
      const o = settle(t);
      if (o) outcomes.push(o);
    }

    // ---- service guarantee: one case for the ticket's broken promises, with its fact-check clock
    let gcase: Row | null = null;
    let caseEvents = 0;
    if (guaranteeBreaches.length) {
      guaranteeBreaches.sort((a, b) => a.detectedAt - b.detectedAt);
      const openedAt = guaranteeBreaches[0].detectedAt;
      const caseId = randomUUID(openedAt);
      const triggers = guaranteeBreaches.map((b) => ({
        kind: "breach",
        metric: b.t.metric,
        timerId: b.t.id,
        dueAt: iso(b.due),
        at: iso(b.detectedAt),
      }));
      const fc = targets.get("fact_check");
      let factCheckedAt: number | null = null;
      let deskAtFault: boolean | null = null;
      let apologyAt: number | null = null;
      let confirmedAt: number | null = null;
      let closedAt: number | null = null;
      if (fc) {
        const fcTimer: Timer = {
          id: randomUUID(openedAt),
          metric: "fact_check",
          startedAt: openedAt,
          period: fc.target.period,
          basisDate: null,
          policyId: fc.policyId,
          target: fc.target,
          finishAt: this.workingDelay(openedAt, 3 * H, 0.06, 8 * H),
          finish: "met",
          finishReason: "fact_check_sent",
          pauses: [],
          caseId,
        };
        const o = settle(fcTimer);
        if (o) outcomes.push(o);
        timers.push(fcTimer);
        if (fcTimer.finishAt <= now) {
          factCheckedAt = fcTimer.finishAt;
          deskAtFault = r() < 0.4;
          if (!deskAtFault) closedAt = factCheckedAt;
          else {
            apologyAt = this.workingDelay(factCheckedAt, 6 * H);
            confirmedAt = this.workingDelay(apologyAt, 6 * H);
            if (apologyAt > now) apologyAt = null;
            if (confirmedAt > now || apologyAt === null) confirmedAt = null;
            closedAt = confirmedAt;
          }
        }
      }
      const joined = guaranteeBreaches.slice(1);
      ev(openedAt, "guarantee.opened", "system:sla", { caseId, triggers: [guaranteeBreaches[0].t.metric] });
      for (const b of joined) ev(b.detectedAt, "guarantee.trigger_added", "system:sla", { caseId, triggers: [b.t.metric] });
      caseEvents++;
      const [ch, to] = customerTo();
      notify(
        openedAt,
        `breach-apology:${caseId}`,
        "customer",
        null,
        ch,
        to,
        "breach_apology",
        { reference, subject, metrics: [guaranteeBreaches[0].t.metric] },
        caseId,
      );
      if (factCheckedAt !== null) {
        ev(factCheckedAt, "guarantee.fact_checked", assigneeActor, { caseId, deskAtFault });
        notify(factCheckedAt, `guarantee-result:${caseId}`, "customer", null, ch, to, "guarantee_result", {
          reference,
          result: "사실 확인 결과를 안내드립니다.",
          deskAtFault,
        });
      }
      if (apologyAt !== null) ev(apologyAt, "guarantee.apology_recorded", assigneeActor, { caseId });
      if (closedAt !== null)
        ev(closedAt, "guarantee.closed", deskAtFault ? "staff:" + assignee.email : assigneeActor, {
          caseId,
          reason: deskAtFault ? "customer_satisfied" : "not_at_fault",
        });
      gcase = [
        caseId,
        id,
        closedAt !== null ? "closed" : "open",
        JSON.stringify(triggers),
        iso(openedAt),
        factCheckedAt !== null ? "사실 확인 결과를 안내드립니다." : null,
        factCheckedAt !== null ? iso(factCheckedAt) : null,
        factCheckedAt !== null ? assignee.id : null,
        deskAtFault,
        apologyAt !== null ? "불편을 드려 죄송합니다." : null,
        apologyAt !== null ? assignee.id : null,
        apologyAt !== null ? iso(apologyAt) : null,
        confirmedAt !== null ? iso(confirmedAt) : null,
        closedAt !== null ? iso(closedAt) : null,
        closedAt !== null ? assigneeActor : null,
      ];
    }

    // ---- the ticket's history, messages and outgoing notices
    const creator = actorOf(logger);
    ev(
      createdAt,
      "ticket.created",
      creator,
      `{"channel":"${channel}","kind":"${kind}","category":"${category}","receivedAt":"${iso(receivedAt)}","requestedReplyBy":${requestedReplyBy ? `"${requestedReplyBy}"` : "null"},"callbackRequested":${callbackRequested},"resolvedOnContact":${resolvedOnContact}}`,
    );
    msg(receivedAt, "inbound", channel, "message", body, null);
    if (!resolvedOnContact && (customer.email || customer.phone)) {
      const [ch, to] = customerTo();
      if (this.o.customerNotices)
        notify(
          createdAt,
          `ack:${id}`,
          "customer",
          null,
          ch,
          to,
          "acknowledgment",
          `{"reference":"${reference}","subject":${subjectJson},"receivedAt":"${iso(receivedAt)}"}`,
        );
    }
    if (resolvedOnContact) ev(createdAt, "ticket.resolved", creator, { onContact: true });
    for (const o of outcomes) {
      const t = o.t;
      const timerJson = `"timerId":"${t.id}","metric":"${t.metric}","dueAt":"${iso(o.due)}"`;
      ev(
        t.startedAt,
        "sla.timer_started",
        t.metric === "fact_check" ? "system:sla" : creator,
        `{${timerJson},"policy":"charter","calendarVersion":${this.o.calendarVersion}${t.basisDate ? `,"basisDate":"${t.basisDate}"` : ""}}`,
      );
      if (o.warnedAt !== null) {
        ev(o.warnedAt, "sla.timer_warned", "system:sla", `{${timerJson}}`);
        notify(
          o.warnedAt,
          `warn:${t.id}:${o.due}:${assignee.id}`,
          "staff",
          assignee.id,
          "email",
          assignee.email,
          "staff_warning",
          staffPayload(t.metric, iso(o.due)),
        );
      }
      for (const p of t.pauses) {
        ev(p.from, "sla.timer_paused", assigneeActor, { timerId: t.id, metric: t.metric, dueAt: iso(o.due) });
        if (p.to !== null)
          ev(p.to, "sla.deadline_moved", assigneeActor, {
            timerId: t.id,
            metric: t.metric,
            to: iso(o.due),
            reason: "pause",
            pausedFrom: iso(p.from),
            pausedTo: iso(p.to),
            calendarVersion: this.o.calendarVersion,
          });
      }
      if (o.detectedAt !== null) {
        ev(o.detectedAt, "sla.timer_breached", "system:sla", `{${timerJson},"detectedAt":"${iso(o.detectedAt)}"}`);
        const leads = this.leadsByTeam.get(team) ?? [];
        for (const s of [assignee, ...leads]) {
          notify(
            o.detectedAt,
            `breach:${t.id}:${s.id}`,
            "staff",
            s.id,
            "email",
            s.email,
            "staff_breach_alert",
            staffPayload(t.metric, iso(o.due)),
          );
        }
      }
      if (o.escalatedAt !== null) {
        ev(o.escalatedAt, "sla.escalated", "system:sla", { timerId: t.id, metric: t.metric, dueAt: iso(o.due), to: "manager" });
        for (const m of this.managers)
          notify(
            o.escalatedAt,
            `escalate:${t.id}:${m.id}`,
            "staff",
            m.id,
            "email",
            m.email,
            "manager_alert",
            staffPayload(t.metric, iso(o.due)),
          );
      }
      if (o.state === "met") ev(o.metAt!, "sla.timer_met", assigneeActor, `{${timerJson},"reason":"${t.finishReason}"}`);
      if (o.state === "breached" && o.metAt !== null)
        ev(o.metAt, "sla.timer_completed_late", assigneeActor, `{${timerJson},"reason":"${t.finishReason}"}`);
      if (o.state === "cancelled") ev(o.cancelledAt!, "sla.timer_cancelled", assigneeActor, `{${timerJson},"reason":"${t.finishReason}"}`);
    }
    const assigned = !resolvedOnContact && assignAt <= now;
    if (assigned)
      ev(
        assignAt,
        "ticket.assigned",
        assigneeActor,
        `{"assigneeId":"${assignee.id}","assignee":"${assignee.email}","previousAssigneeId":null}`,
      );
    if (callbackAt <= now && callbackAt <= resolveAt) ev(callbackAt, "callback.logged", assigneeActor, { outcome: "reached" });
    const replyVia = customer.email ? "email" : "sms";
    if (firstReplyAt <= now && firstReplyAt < resolveAt) {
      const mid = randomUUID(firstReplyAt);
      if (firstReplyAt <= now) messages.push([mid, id, "outbound", replyVia, "reply", REPLY, assignee.id, iso(firstReplyAt)]);
      ev(firstReplyAt, "reply.sent", assigneeActor, `{"messageId":"${mid}","via":"${replyVia}"}`);
      if (this.o.customerNotices)
        notify(
          firstReplyAt,
          `reply:${mid}`,
          "customer",
          null,
          replyVia,
          customer.email ?? customer.phone,
          "reply",
          `{"reference":"${reference}","subject":${subjectJson},"body":${REPLY_JSON},"final":false}`,
        );
    }
    if (interimAt <= now) {
      const mid = randomUUID(interimAt);
      const text = `[중간 안내] ${INTERIM_REASON}\n처리 예정일: ${promisedDate}`;
      messages.push([mid, id, "outbound", replyVia, "interim_notice", text, assignee.id, iso(interimAt)]);
      ev(interimAt, "interim_notice.sent", assigneeActor, {
        messageId: mid,
        reason: INTERIM_REASON,
        expectedBy: promisedDate,
        via: replyVia,
        managerApproval: false,
      });
      if (this.o.customerNotices)
        notify(interimAt, `interim:${mid}`, "customer", null, replyVia, customer.email ?? customer.phone, "interim_notice", {
          reference,
          subject,
          reason: INTERIM_REASON,
          expectedBy: promisedDate,
        });
    }
    if (r() < 0.2 && assigned) msg(assignAt + 60_000, "internal", "note", "note", NOTE, assignee.id);
    if (pauseFrom <= now) ev(pauseFrom, "ticket.paused", assigneeActor, { reason: "신분증 사본을 보내 주시면 이어서 처리하겠습니다." });
    if (pauseTo <= now) ev(pauseTo, "ticket.resumed", assigneeActor, {});
    if (!resolvedOnContact && resolveAt <= now) {
      const mid = randomUUID(resolveAt);
      messages.push([mid, id, "outbound", replyVia, "final_answer", FINAL, assignee.id, iso(resolveAt)]);
      ev(resolveAt, "ticket.resolved", assigneeActor, `{"messageId":"${mid}","via":"${replyVia}"}`);
      if (this.o.customerNotices)
        notify(
          resolveAt,
          `reply:${mid}`,
          "customer",
          null,
          replyVia,
          customer.email ?? customer.phone,
          "reply",
          `{"reference":"${reference}","subject":${subjectJson},"body":${FINAL_JSON},"final":true}`,
        );
    }
    let score: number | null = null;
    if (happyCall && happyAt <= now) {
      score = r() < 0.6 ? [5, 5, 5, 4, 4, 4, 3, 2, 1][Math.floor(r() * 9)] : null;
      ev(happyAt, "satisfaction.recorded", assigneeActor, `{"satisfied":true,"score":${score},"comment":null,"source":"happy_call"}`);
      if (score !== null)
        extraRows.push(["satisfaction_ratings", [randomUUID(happyAt), id, "happy_call", score, null, assigneeActor, iso(happyAt)]]);
    }
    if (closeAt <= now) ev(closeAt, "ticket.closed", assigneeActor, "{}");
    if (kind === "unkindness" && createdAt <= now) {
      extraRows.push(["unkindness_reports", [randomUUID(createdAt), id, reported!.id, "customer", iso(createdAt)]]);
    }

    // ---- the ticket row
    const status =
      closeAt <= now ? "closed" : resolveAt <= now ? "resolved" : pauseFrom <= now && pauseTo > now ? "waiting" : assigned ? "open" : "new";
    let updatedAt = createdAt;
    for (const e of events) if (e[0] > updatedAt) updatedAt = e[0];
    for (const c of customerRows) put("customers", c);
    put("tickets", [
      id,
      reference,
      channel,
      category,
      subject,
      body,
      status,
      customer.id,
      assigned || resolvedOnContact ? assignee.id : null,
      assigned || resolvedOnContact ? team : null,
      iso(receivedAt),
      requestedReplyBy,
      callbackRequested,
      resolvedOnContact,
      logger?.id ?? null,
      kind,
      this.trackingHash(),
      reported?.id ?? null,
      iso(createdAt),
      iso(updatedAt),
      resolveAt <= now ? iso(resolveAt) : null,
      closeAt <= now ? iso(closeAt) : null,
    ]);
    for (const o of outcomes) {
      const t = o.t;
      const lastChange = Math.max(
        t.startedAt,
        o.metAt ?? 0,
        o.cancelledAt ?? 0,
        o.detectedAt ?? 0,
        o.warnedAt ?? 0,
        o.escalatedAt ?? 0,
        ...t.pauses.map((p) => p.to ?? p.from),
      );
      put("sla_timers", [
        t.id,
        id,
        t.metric,
        o.state,
        iso(t.startedAt),
        t.period ? JSON.stringify(t.period) : null,
        t.basisDate,
        JSON.stringify(t.pauses.map((p) => ({ from: iso(p.from), to: p.to === null ? null : iso(p.to) }))),
        iso(o.due),
        o.warn === null ? null : iso(o.warn),
        o.warnedAt === null ? null : iso(o.warnedAt),
        o.metAt === null ? null : iso(o.metAt),
        o.breachedAt === null ? null : iso(o.breachedAt),
        o.detectedAt === null ? null : iso(o.detectedAt),
        o.escalateAt === null ? null : iso(o.escalateAt),
        o.escalatedAt === null ? null : iso(o.escalatedAt),
        t.caseId,
        o.cancelledAt === null ? null : iso(o.cancelledAt),
        t.policyId,
        this.o.calendarVersion,
        iso(t.startedAt),
        iso(lastChange),
      ]);
      this.counts.timers++;
      if (o.state === "running") this.counts.running++;
      if (o.state === "paused") this.counts.paused++;
      if (o.state === "breached") this.counts.breached++;
    }
    if (gcase) {
      put("guarantee_cases", gcase);
      this.counts.cases++;
    }
    void caseEvents;
    events.sort((a, b) => a[0] - b[0]);
    for (const [at, type, actor, data] of events)
      put("ticket_events", [++this.lastEventId, id, type, iso(at), actor, typeof data === "string" ? data : JSON.stringify(data)]);
    for (const m of messages) put("messages", m);
    for (const n of notifications) put("notifications", n);
    for (const [table, row] of extraRows) put(table, row);
    this.counts.tickets++;
    if (status === "closed") this.counts.closed++;
    this.counts.events += events.length;
    this.counts.messages += messages.length;
    this.counts.notifications += notifications.length;
    if (waits.length) return Promise.all(waits);
  }
}
