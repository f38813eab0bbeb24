// Demo data for a zero-setup start (`npm start` on an empty database, `npm run desk -- db:seed`):
// the staff in two teams, and the last ~3 months of a real center told through the desk's own
// services — intake, assignment, replies, interim notices, waiting on the customer, final answers,
// happy calls, closing, and the guarantee cases the few broken promises opened — each at its
// moment on a story clock (story-clock.server.ts), with the sweep run as the deadline watch runs
// it. So every clock, breach and case is the engine's own, never a hand-written row.
import { and, count, eq, sql } from "drizzle-orm";
import { guaranteeCases, notifications, slaTimers, staff, type SlaMetric } from "~/db/schema";
import { db } from "~/db/connection";
import { staffActor } from "~/core/staff-user";
import { inboundActor } from "~/inbound/common.server";
import { currentCalendar } from "~/sla/calendar.server";
import { addDays, type WorkingCalendar } from "~/sla/calendar";
import { confirmCustomerSatisfied, recordApology, recordFactCheck } from "~/sla/guarantee.server";
import { sweepOnce } from "~/sla/sweep.server";
import { createStaffMember, ensureTeam } from "~/staff/staff.server";
import type { Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import type { TicketIntake } from "~/tickets/schemas";
import { recordPraise } from "~/portal/voice.server";
import {
  appendInboundMessage,
  assignTicket,
  closeTicket,
  createTicket,
  logCallback,
  pauseTicket,
  recordHappyCall,
  replyToCustomer,
  resolveTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import { pick, planContacts, prng, weighted, type PlannedContact, type Random } from "./plan";
import { withStoryClock, type StoryClock } from "./story-clock.server";

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

/** How many days of history the demo tells, up to a few minutes before the seed runs. */
export const DEMO_DAYS = 91;
const STORY_ENDS_BEFORE_NOW_MS = 10 * 60_000;
const MINUTE = 60_000;
/** The deadline watch sees a moment within a second (it polls every second). */
const WATCH_DELAY_MS = 1_000;

/** Payments and sellers go to team 2; certificates, identity checks and the rest to team 1. */
const TEAM_OF_CATEGORY: Record<string, keyof typeof TEAMS> = {
  auto_debit: "complaints-2",
  seller_kyc: "complaints-2",
  outage: "complaints-2",
  kyc: "complaints-1",
  certificate: "complaints-1",
  general: "complaints-1",
};

const REPLIES: Record<string, string[]> = {
  kyc: ["고객확인은 앱의 [내 정보 > 고객확인] 메뉴에서 다시 진행하실 수 있습니다. 신분증 촬영이 어려우시면 가까운 지점을 방문해 주십시오."],
  certificate: [
    "인증서 관리 메뉴에서 [타기관 인증서 등록]을 선택하신 뒤 안내에 따라 등록해 주십시오. 같은 문제가 계속되면 앱을 최신 버전으로 업데이트해 주십시오.",
  ],
  auto_debit: [
    "출금 동의 자료를 이용기관에 요청하여 확인하였습니다. 동의 없이 출금된 금액은 환급 절차를 진행하며, 처리 결과를 다시 알려 드리겠습니다.",
  ],
  seller_kyc: ["제출하신 서류 심사가 완료되어 정산 보류가 해제되었습니다. 다음 정산일부터 정상 지급됩니다."],
  outage: ["해당 서비스의 장애는 복구되었습니다. 이용에 불편을 드려 죄송합니다."],
  general: ["문의하신 내용을 담당 부서에 확인하여 안내해 드립니다. 추가로 궁금하신 점은 언제든지 연락 주십시오."],
};
const FIRST_REPLY = "문의해 주셔서 감사합니다. 담당자가 내용을 확인하고 있으며, 처리 결과를 곧 알려 드리겠습니다.";

type Person = Awaited<ReturnType<typeof createStaffMember>>;

/** The story's moments, earliest first (ties in the order they were added). */
class Agenda {
  private items: Array<{ at: number; seq: number; run: () => Promise<void>; ticket?: Ticket }> = [];
  private seq = 0;
  add(at: number, run: () => Promise<void>, ticket?: Ticket) {
    const item = { at, seq: this.seq++, run, ticket };
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.items[mid];
      if (m.at < at || (m.at === at && m.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }
  /** When the next moment is (Infinity: none). */
  firstAt() {
    return this.items.length ? this.items[0].at : Infinity;
  }
  /** The next moment, if it comes by `until`. */
  nextBy(until: number) {
    return this.items.length && this.items[0].at <= until ? this.items.shift() : undefined;
  }
  get size() {
    return this.items.length;
  }
}

export type DemoSummary = { staff: number; tickets: number; steps: number; refused: number; guaranteeCases: number; ms: number };

export async function isDatabaseEmpty(): Promise<boolean> {
  const [row] = await db().select({ n: count() }).from(staff);
  return Number(row.n) === 0;
}

export async function seedDemoData(log: (line: string) => void = () => {}): Promise<DemoSummary> {
  const started = performance.now();
  const teamIds = new Map<string, string>();
  for (const [key, name] of Object.entries(TEAMS)) teamIds.set(key, (await ensureTeam(key, name)).id);
  // Accounts are made now, outside the story: their passwords are new today (no forced change).
  const people: Person[] = [];
  for (const person of DEMO_STAFF) people.push(await createStaffMember({ ...person, password: DEMO_PASSWORD }));
  const actorOf = (p: Person): Actor => staffActor({ ...p, locale: "ko" } as Parameters<typeof staffActor>[0]);
  const team = (key: keyof typeof TEAMS) => people.filter((p) => p.role === "agent" && p.teamId === teamIds.get(key));
  const agentsOf = { "complaints-1": team("complaints-1"), "complaints-2": team("complaints-2") };
  const leadOf = (p: Person) => people.find((q) => q.role === "lead" && q.teamId === p.teamId)!;
  const manager = people.find((p) => p.role === "manager")!;

  const cal = (await currentCalendar()).calendar;
  const end = Date.now() - STORY_ENDS_BEFORE_NOW_MS;
  const from = addDays(cal.dateOf(end), -DEMO_DAYS);
  const contacts = planContacts(cal, from, end);
  const story = new Story(cal, end, { agentsOf, leadOf, actorOf, manager }, showcases(cal, contacts, end));

  const summary = await withStoryClock(cal.startOfDay(from), async (clock) => {
    for (const c of contacts) story.agenda.add(c.receivedAt, () => story.intake(c));
    let steps = 0;
    for (;;) {
      for (let step = story.agenda.nextBy(end); step; step = story.agenda.nextBy(end)) {
        // The deadline watch over this ticket up to now: breaches at their deadline, warnings and
        // escalations, as the workers' sweep gives them (an action then finds them done).
        if (step.ticket) {
          await story.watch(clock, step.at, step.ticket);
          // A guarantee case it opened brought steps before this one: they go first.
          if (story.agenda.firstAt() < step.at) {
            story.agenda.add(step.at, step.run, step.ticket);
            continue;
          }
        }
        clock.set(step.at);
        await story.attempt(step.run);
        steps++;
      }
      // The story's remaining moments, on tickets with nothing more to do before its end: the
      // watch over all of them, earliest first (a guarantee case it opens brings new steps).
      if (!(await story.watch(clock, end))) break;
    }
    clock.set(end);
    await clock.redateDatabaseDefaults();
    return { steps };
  });
  // What the story sent went out back then: nothing of it is left to deliver today.
  await db()
    .update(notifications)
    .set({ status: "sent", attempts: 1, sentAt: sql`${notifications.createdAt}`, updatedAt: sql`${notifications.createdAt}` })
    .where(eq(notifications.status, "queued"));
  const [cases] = await db().select({ n: count() }).from(guaranteeCases);
  const result: DemoSummary = {
    staff: people.length,
    tickets: contacts.length,
    steps: summary.steps,
    refused: story.refused,
    guaranteeCases: Number(cases.n),
    ms: Math.round(performance.now() - started),
  };
  log(
    `Seeded demo data: ${result.staff} staff in 2 teams, ${result.tickets} tickets over the last ${DEMO_DAYS} days (${result.steps} steps, ${result.ms} ms)`,
  );
  if (result.refused) log(`Demo data: ${result.refused} steps of the story were refused by the desk's rules`);
  return result;
}

/**
 * Two recent broken promises whatever the day: a case whose customer has the apology and has yet
 * to confirm, and a case just opened, its fact check still to come — so the guarantee desk is
 * never empty today (the story's own few cases come on top).
 */
type Showcase = "awaiting_customer" | "new_case";
function showcases(cal: WorkingCalendar, contacts: PlannedContact[], end: number): Map<number, Showcase> {
  const chosen = new Map<number, Showcase>();
  const workingDaysBack = (n: number) => {
    let d = cal.dateOf(end);
    for (let i = 0; i < n; i++) d = cal.previousWorkingDay(d);
    return d;
  };
  const choose = (days: number[], showcase: Showcase) => {
    for (const n of days) {
      const date = workingDaysBack(n);
      const c = contacts.findLast(
        (x) =>
          (x.channel === "web" || x.channel === "email") && !x.sample.kind && cal.dateOf(x.receivedAt) === date && !chosen.has(x.index),
      );
      if (c) return void chosen.set(c.index, showcase);
    }
  };
  choose([4, 5, 6, 7], "awaiting_customer");
  choose([2, 3], "new_case");
  return chosen;
}

type Cast = {
  agentsOf: Record<keyof typeof TEAMS, Person[]>;
  leadOf: (p: Person) => Person;
  actorOf: (p: Person) => Actor;
  manager: Person;
};

type Ticket = {
  id: string;
  reference: string;
  contact: PlannedContact;
  r: Random;
  agent: Person;
  via: "email" | "sms" | "mail" | "phone";
  showcase?: Showcase;
};

/** One ticket's way through the desk, step by step; each step schedules the next. */
class Story {
  readonly agenda = new Agenda();
  refused = 0;
  private followed = new Set<string>();
  private ticketsById = new Map<string, Ticket>();

  constructor(
    private cal: WorkingCalendar,
    private end: number,
    private cast: Cast,
    private showcase: Map<number, Showcase>,
  ) {}

  /**
   * The deadline watch up to `until`, over one ticket (before its next step) or over all, moment
   * by moment: each clock's warning, deadline and escalation is seen a second after it comes, as
   * the workers' sweep sees it. Returns whether there was anything to see.
   */
  async watch(clock: StoryClock, until: number, t?: Ticket): Promise<boolean> {
    const only = t ? sql`and ticket_id = ${t.id}` : sql``;
    let saw = false;
    for (let i = 0; i < 50; i++) {
      const [row] = await db().execute<{ m: Date | string | null }>(sql`
        select min(m) as m from (
          select due_at as m from sla_timers where state = 'running' ${only}
          union all select warn_at from sla_timers where state = 'running' and warned_at is null and warn_at < due_at ${only}
          union all select escalate_at from sla_timers where state = 'breached' and escalated_at is null ${only}
        ) x`);
      const at = row?.m ? new Date(row.m).getTime() + WATCH_DELAY_MS : Infinity;
      // Never past a step of the story still to come (the case follow-ups it schedules included).
      if (at > Math.min(until, this.agenda.firstAt())) return saw;
      clock.set(at);
      const timerIds = t
        ? (await db().select({ id: slaTimers.id }).from(slaTimers).where(eq(slaTimers.ticketId, t.id))).map((r) => r.id)
        : undefined;
      const swept = await sweepOnce({ now: new Date(at), ...(timerIds ? { timerIds } : {}) });
      saw = true;
      if (swept.guaranteeCasesOpened > 0) await this.followGuaranteeCases(t);
    }
    return saw;
  }

  /** A step the desk refuses (a rule the story did not foresee) is counted, not fatal: the demo still starts. */
  async attempt(run: () => Promise<void>) {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DeskError)) throw error;
      this.refused++;
    }
  }

  private now() {
    return Date.now();
  }

  /** `ms`, but never before the next minute of the story. */
  private later(ms: number) {
    return Math.max(ms, this.now() + MINUTE);
  }

  /** A working instant `minutes` of working time after `ms`. */
  private afterWorking(ms: number, minutes: number) {
    return this.cal.addWorkingTime(ms, Math.round(minutes) * MINUTE);
  }

  /**
   * When an action due by `dueMs` happens: on time (a share `onTime` of the time) somewhere in the
   * working time left — earlier rather than later — else after the deadline by `lateMinutes`.
   */
  private when(r: Random, dueMs: number | undefined, onTime: number, lateMinutes: [number, number], earliest = this.now()): number {
    const start = this.cal.nextWorkingMoment(Math.max(earliest, this.now()));
    if (dueMs === undefined) return this.later(this.afterWorking(start, 30 + r() * 240));
    const left = this.cal.workingTimeBetween(start, dueMs);
    if (r() < onTime && left > 2 * MINUTE) {
      const f = 0.05 + 0.8 * r() ** 1.6;
      return this.later(Math.min(this.cal.addWorkingTime(start, left * f), dueMs - MINUTE));
    }
    return this.later(this.afterWorking(Math.max(dueMs, start), lateMinutes[0] + r() * (lateMinutes[1] - lateMinutes[0])));
  }

  private schedule(t: Ticket, at: number, run: () => Promise<void>) {
    if (at <= this.end) this.agenda.add(at, run, t);
  }

  private async liveClocks(ticketId: string): Promise<Map<SlaMetric, number>> {
    const rows = await db()
      .select({ metric: slaTimers.metric, dueAt: slaTimers.dueAt })
      .from(slaTimers)
      .where(sql`${slaTimers.ticketId} = ${ticketId} and ${slaTimers.state} = 'running' and ${slaTimers.guaranteeCaseId} is null`);
    return new Map(rows.map((row) => [row.metric, row.dueAt.getTime()]));
  }

  private staff(t: Ticket) {
    return this.cast.actorOf(t.agent);
  }

  async intake(c: PlannedContact) {
    const r = prng(0x5eed0000 + c.index * 7919);
    const teamKey = TEAM_OF_CATEGORY[c.sample.category] ?? "complaints-1";
    const agent = pick(r, this.cast.agentsOf[teamKey]);
    const kind = c.sample.kind ?? "inquiry";
    const onContact = kind === "inquiry" && ((c.channel === "phone" && r() < 0.3) || (c.channel === "visit" && r() < 0.45));
    const callbackRequested = c.channel === "phone" && !onContact && r() < 0.5;
    // A few online customers ask for an answer by a date of their own (a few working days ahead).
    const requested =
      (c.channel === "web" || c.channel === "email") && r() < 0.06
        ? this.cal.dateOf(this.cal.endOfNthWorkingDay(c.receivedAt, 4))
        : undefined;
    const body =
      c.channel === "fax" || c.channel === "mail" ? `[${c.channel === "fax" ? "팩스" : "우편"} 접수] ${c.sample.body}` : c.sample.body;
    const intake: TicketIntake = {
      channel: c.channel,
      kind,
      category: c.sample.category,
      subject: c.sample.subject,
      body,
      customer: c.customer,
      receivedAt: new Date(c.receivedAt),
      requestedReplyBy: requested,
      callbackRequested,
      resolvedOnContact: onContact,
      ...(c.channel === "mail" ? { postalAddress: "서울특별시 영등포구 여의대로 00" } : {}),
    };
    const logger: Actor =
      c.channel === "web"
        ? { kind: "customer" }
        : c.channel === "email"
          ? inboundActor("email")
          : c.channel === "sms"
            ? inboundActor("sms")
            : this.cast.actorOf(agent);
    const created = await createTicket(intake, logger);
    const via = c.customer.email ? "email" : c.customer.phone ? "sms" : c.channel === "mail" ? "mail" : "phone";
    const t: Ticket = { id: created.id, reference: created.reference, contact: c, r, agent, via, showcase: this.showcase.get(c.index) };
    this.ticketsById.set(t.id, t);
    if (onContact) return this.afterResolved(t, { satisfiedOnly: false });
    // Letters, faxes, emails and visits are handed to an officer at once (3 working hours); the
    // rest are picked up from the queue within the first reply's day.
    const clocks = await this.liveClocks(t.id);
    const handoff = clocks.get("handoff");
    const at =
      handoff !== undefined
        ? this.when(r, handoff, 0.93, [20, 180])
        : this.later(this.afterWorking(c.receivedAt, 3 + r() * (callbackRequested ? 5 : 90)));
    this.schedule(t, at, () => this.assign(t));
  }

  private async assign(t: Ticket) {
    await assignTicket(t.reference, t.agent.email, this.staff(t));
    const clocks = await this.liveClocks(t.id);
    const callback = clocks.get("callback");
    if (callback !== undefined) {
      this.schedule(t, this.when(t.r, callback, 0.95, [5, 90]), () => this.callBack(t));
      return;
    }
    await this.respond(t, clocks);
  }

  private async callBack(t: Ticket) {
    await logCallback(
      t.reference,
      { outcome: t.r() < 0.85 ? "reached" : "left_message", note: "고객과 통화하여 문의 내용을 확인함" },
      this.staff(t),
    );
    await this.respond(t, await this.liveClocks(t.id));
  }

  /** The first answer: a reply, or (for longer work) an interim notice with a date. */
  private async respond(t: Ticket, clocks: Map<SlaMetric, number>) {
    const first = clocks.get("first_reply");
    if (first === undefined) {
      await this.scheduleResolution(t);
      return;
    }
    const at = this.when(t.r, first, t.showcase ? 0 : 0.97, t.showcase ? [60, 120] : [30, 600]);
    const resolution = clocks.get("resolution");
    const interim = resolution !== undefined && t.r() < 0.1 && !t.showcase;
    this.schedule(t, at, () => (interim ? this.interim(t, resolution!) : this.reply(t)));
  }

  private async reply(t: Ticket) {
    await replyToCustomer(t.reference, { body: FIRST_REPLY, via: t.via === "mail" ? "mail" : t.via }, this.staff(t));
    // Some need papers from the customer first (보완 요청).
    if (t.r() < 0.08) {
      this.schedule(t, this.later(this.afterWorking(this.now(), 20 + t.r() * 100)), () => this.askForPapers(t));
      return;
    }
    await this.scheduleResolution(t);
  }

  /** An interim notice promising a date the resolution deadline allows; sometimes moved once more. */
  private async interim(t: Ticket, resolutionDue: number, again = false) {
    const today = this.cal.dateOf(this.now());
    const earliest = this.cal.nextWorkingDay(today);
    // The promise ends with its date's working day, which must not lie past the resolution deadline.
    let latest = this.cal.dateOf(resolutionDue);
    if (this.cal.endOfWorkingDay(latest) > resolutionDue) latest = this.cal.previousWorkingDay(latest);
    if (earliest > latest) return this.reply(t);
    const expectedBy =
      t.r() < 0.5
        ? latest
        : this.cal.previousWorkingDay(latest, { inclusive: true }) >= earliest
          ? this.cal.previousWorkingDay(latest, { inclusive: true })
          : earliest;
    const reason = again
      ? "이용기관의 회신이 늦어져 처리 예정일을 다시 알려 드립니다."
      : "관계 기관의 확인이 필요하여 답변에 시간이 걸리고 있습니다.";
    await sendInterimNotice(t.reference, { reason, expectedBy, via: t.via === "sms" ? "sms" : "email" }, this.staff(t));
    if (!again && expectedBy < latest && t.r() < 0.3) {
      const at = this.later(this.afterWorking(this.now(), 60 + t.r() * 300));
      if (this.cal.dateOf(at) < expectedBy) {
        this.schedule(t, at, () => this.interim(t, resolutionDue, true));
        return;
      }
    }
    await this.scheduleResolution(t);
  }

  private async askForPapers(t: Ticket) {
    await pauseTicket(t.reference, { reason: "확인을 위해 거래내역서 사본을 보내 주시면 이어서 처리하겠습니다." }, this.staff(t));
    // The customer sends them a working day or three later (or never, for the few still waiting).
    if (t.r() < 0.9) this.schedule(t, this.later(this.afterWorking(this.now(), 300 + t.r() * 1200)), () => this.papersArrive(t));
  }

  private async papersArrive(t: Ticket) {
    const via = t.contact.customer.email ? "email" : "sms";
    await appendInboundMessage(
      t.reference,
      { via, body: "요청하신 거래내역서를 보내 드립니다. 확인 부탁드립니다." },
      via === "email" ? inboundActor("email") : inboundActor("sms"),
    );
    await this.scheduleResolution(t);
  }

  private async scheduleResolution(t: Ticket) {
    const clocks = await this.liveClocks(t.id);
    const dues = [clocks.get("resolution"), clocks.get("promised_date"), clocks.get("requested_reply")].filter(
      (d): d is number => d !== undefined,
    );
    const due = dues.length ? Math.min(...dues) : undefined;
    this.schedule(t, this.when(t.r, due, 0.97, [60, 1200], this.afterWorking(this.now(), 20)), () => this.resolve(t));
  }

  private async resolve(t: Ticket) {
    // A praise names the colleague it was for, as staff confirm it.
    if (t.contact.sample.kind === "praise") {
      const all = [...this.cast.agentsOf["complaints-1"], ...this.cast.agentsOf["complaints-2"]];
      await recordPraise(t.reference, { staffIdOrEmail: pick(t.r, all).email }, this.staff(t));
    }
    const answer = pick(t.r, REPLIES[t.contact.sample.category] ?? REPLIES.general);
    await resolveTicket(t.reference, { answer, via: t.via }, this.staff(t));
    await this.afterResolved(t, { satisfiedOnly: false });
  }

  /** The happy call within 2 days (most), then closing; a dissatisfied customer reopens the ticket. */
  private async afterResolved(t: Ticket, options: { satisfiedOnly: boolean }) {
    const clocks = await this.liveClocks(t.id);
    if (!options.satisfiedOnly && t.r() < 0.05) {
      this.schedule(t, this.later(this.afterWorking(this.now(), 120 + t.r() * 240)), () =>
        closeTicket(t.reference, this.staff(t), { skipHappyCallReason: "고객이 만족도 확인 전화를 원하지 않음" }).then(() => undefined),
      );
      return;
    }
    this.schedule(t, this.when(t.r, clocks.get("happy_call"), 0.8, [60, 480]), () => this.happyCall(t, options.satisfiedOnly));
  }

  private async happyCall(t: Ticket, satisfiedOnly: boolean) {
    const score = weighted(t.r, [
      [5, 44],
      [4, 34],
      [3, 12],
      [2, 6],
      [1, 4],
    ] as const);
    const withScore = t.r() < 0.88;
    const satisfied = satisfiedOnly || score >= 3 || t.r() < 0.4;
    const comment = satisfied ? (score === 5 ? "빠르게 처리해 주셔서 감사합니다." : undefined) : "안내받은 방법으로도 해결되지 않았습니다.";
    await recordHappyCall(t.reference, { satisfied, ...(withScore ? { score } : {}), ...(comment ? { comment } : {}) }, this.staff(t));
    if (!satisfied) {
      // Reopened with a correction due at once (3 working hours): a corrected answer, then the final one.
      const correction = (await this.liveClocks(t.id)).get("correction");
      this.schedule(t, this.when(t.r, correction, 0.9, [30, 240]), async () => {
        await replyToCustomer(
          t.reference,
          { body: "불편을 드려 죄송합니다. 다시 확인하여 정확한 처리 방법을 안내해 드립니다.", via: t.via === "mail" ? "mail" : t.via },
          this.staff(t),
        );
        this.schedule(t, this.later(this.afterWorking(this.now(), 60 + t.r() * 300)), async () => {
          await resolveTicket(
            t.reference,
            { answer: "말씀하신 문제를 다시 처리하였습니다. 이용에 불편을 드려 죄송합니다.", via: t.via },
            this.staff(t),
          );
          await this.afterResolved(t, { satisfiedOnly: true });
        });
      });
      return;
    }
    this.schedule(t, this.later(this.afterWorking(this.now(), 240 + t.r() * 1200)), () =>
      closeTicket(t.reference, this.staff(t)).then(() => undefined),
    );
  }

  /**
   * A broken promise opened a case (the sweep or a late action did): its fact check within the
   * day, the apology of the staff member concerned, the customer's confirmation — each in turn,
   * so the most recent cases stand at different steps today.
   */
  private async followGuaranteeCases(only?: Ticket) {
    const open = await db()
      .select({ id: guaranteeCases.id, ticketId: guaranteeCases.ticketId })
      .from(guaranteeCases)
      .where(only ? and(eq(guaranteeCases.status, "open"), eq(guaranteeCases.ticketId, only.id)) : eq(guaranteeCases.status, "open"));
    for (const c of open) {
      if (this.followed.has(c.id)) continue;
      this.followed.add(c.id);
      const t = this.ticketsById.get(c.ticketId);
      if (!t) continue;
      const [clock] = await db().select({ dueAt: slaTimers.dueAt }).from(slaTimers).where(eq(slaTimers.guaranteeCaseId, c.id));
      const lead = this.cast.leadOf(t.agent);
      const atFault = t.showcase !== undefined || t.r() < 0.75;
      if (t.showcase === "new_case") continue;
      this.schedule(t, this.when(t.r, clock?.dueAt.getTime(), t.showcase ? 1 : 0.95, [30, 240]), async () => {
        const result = atFault
          ? "확인 결과 담당자의 처리 지연으로 약속한 기한을 지키지 못했습니다. 재발하지 않도록 하겠습니다."
          : "확인 결과 이용기관의 전산 장애로 회신이 늦어진 것으로, 센터의 귀책 사유는 없었습니다.";
        await recordFactCheck(c.id, { result, deskAtFault: atFault }, this.cast.actorOf(lead));
        if (!atFault) return;
        this.schedule(t, this.later(this.afterWorking(this.now(), 30 + t.r() * 300)), async () => {
          await recordApology(c.id, { apology: "약속드린 기한을 지키지 못해 진심으로 사과드립니다." }, this.staff(t));
          if (t.showcase === "awaiting_customer") return;
          this.schedule(t, this.later(this.afterWorking(this.now(), 240 + t.r() * 960)), () =>
            confirmCustomerSatisfied(c.id, this.cast.actorOf(lead)),
          );
        });
      });
    }
  }
}

export async function seedDemoDataIfEmpty(options: { mode: "auto" | "never"; log: (line: string) => void }) {
  if (options.mode === "auto" && (await isDatabaseEmpty())) await seedDemoData(options.log);
  // Print the demo logins on every start while the demo accounts exist.
  const [demo] = await db().select({ n: count() }).from(staff).where(eq(staff.email, DEMO_STAFF[0].email));
  if (Number(demo.n) === 0) return;
  options.log(`Demo logins (password for all: ${DEMO_PASSWORD}):`);
  for (const p of DEMO_STAFF) options.log(`  ${p.role.padEnd(8)} ${p.email}  ${p.name}${p.team ? ` (${TEAMS[p.team]})` : ""}`);
}
