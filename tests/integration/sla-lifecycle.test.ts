// Every broken promise caught, whichever path finishes a clock (ADR 0007): the issues found by
// trying the desk as a new user, one test each.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import type { TicketIntake } from "~/tickets/schemas";
import {
  assignTicket,
  closeTicket,
  createTicket,
  getTicketDetail,
  pauseTicket,
  resolveTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import { sweepOnce } from "~/sla/sweep.server";
import { recordFactCheck } from "~/sla/guarantee.server";
import { slaCube } from "~/reports/sla-report.server";
import { kstDate } from "~/lib/time";
import { messages, notifications, slaTimers, TIMER_STATES } from "../../db/schema";
import { db } from "../../db/connection";
import { useTestDatabase } from "../support/db";
import { atTime } from "../support/clock";

useTestDatabase();

const kst = (local: string) => new Date(`${local}+09:00`);

function intake(overrides: Partial<TicketIntake>): TicketIntake {
  return {
    channel: "email",
    category: "general",
    subject: "문의",
    body: "내용",
    customer: { name: "홍길동", email: "hong@example.com", phone: "010-1111-2222" },
    callbackRequested: false,
    resolvedOnContact: false,
    ...overrides,
  };
}

let n = 0;
async function person(role: "agent" | "lead" | "manager", team: string | null = null) {
  n++;
  const s = await createStaffMember({ email: `p${n}@life.test`, name: `직원${n}`, role, team });
  return { ...s, actor: staffActor({ ...s, locale: "ko" }) };
}

/** PostgreSQL's refusal of a statement (drizzle wraps it as the cause). */
async function refusal(statement: ReturnType<typeof sql>): Promise<string> {
  try {
    await db().execute(statement);
    return "accepted";
  } catch (error) {
    const e = error as Error & { cause?: Error };
    return e.cause?.message ?? e.message;
  }
}

const notificationsOf = (ticketId: string) => db().select().from(notifications).where(eq(notifications.ticketId, ticketId));

describe("a clock finished after its deadline is breached (item 1)", () => {
  it.each(["email", "mail", "fax", "visit"] as const)(
    "%s logged for a past working day 10:00 and resolved at once: every clock breached, one case, one apology, alerts — workers off",
    async (channel) => {
      const agent = await person("agent", "life-1");
      const manager = await person("manager");
      const { reference, id } = await atTime(kst("2026-11-24T10:00:00"), () =>
        createTicket(intake({ channel, receivedAt: kst("2026-11-12T10:00:00") }), agent.actor),
      );
      await atTime(kst("2026-11-24T10:05:00"), () => assignTicket(reference, agent.email, agent.actor));
      await atTime(kst("2026-11-24T10:10:00"), () => resolveTicket(reference, { answer: "답변드립니다." }, agent.actor));
      const detail = (await getTicketDetail(reference))!;
      const work = detail.timers.filter((t) => ["handoff", "first_reply", "resolution"].includes(t.metric));
      expect(work.map((t) => t.metric).sort()).toEqual(["first_reply", "handoff", "resolution"]);
      for (const t of work) {
        expect(t.state).toBe("breached");
        expect(t.breachedAt).toEqual(t.dueAt);
        expect(t.metAt!.getTime()).toBeGreaterThan(t.dueAt.getTime());
      }
      expect(detail.guaranteeCases).toHaveLength(1);
      const sent = await notificationsOf(id);
      expect(sent.filter((x) => x.template === "breach_apology")).toHaveLength(1);
      const alerts = sent.filter((x) => x.template === "staff_breach_alert");
      // The clocks broke while nobody had the ticket (and it had no team): the managers hear of it.
      expect(alerts.map((a) => a.recipientStaffId)).toContain(manager.id);
      // Nothing left for the sweep to add, however often it runs.
      const again = await sweepOnce({ now: kst("2026-11-24T11:00:00") });
      expect(again.breached).toBe(0);
      expect(again.guaranteeCasesOpened).toBe(0);
      // The report and the ticket page agree.
      const cube = await slaCube({ period: { from: "2026-11-01", to: "2026-12-31" }, teamId: null, now: kst("2026-11-24T11:00:00") });
      expect(cube.total.breached).toBeGreaterThanOrEqual(3);
    },
  );

  it("create + assign a day late: the handoff clock is breached at assignment, not met", async () => {
    const agent = await person("agent", "life-2");
    const { reference } = await atTime(kst("2026-11-23T10:00:00"), () =>
      createTicket(intake({ receivedAt: kst("2026-11-23T10:00:00") }), agent.actor),
    );
    await atTime(kst("2026-11-24T16:00:00"), () => assignTicket(reference, agent.email, agent.actor));
    const handoff = (await getTicketDetail(reference))!.timers.find((t) => t.metric === "handoff")!;
    expect(handoff.state).toBe("breached");
    expect(handoff.breachedAt).toEqual(handoff.dueAt);
    expect(handoff.metAt).toEqual(kst("2026-11-24T16:00:00"));
    expect(handoff.dueAt).toEqual(kst("2026-11-23T14:00:00")); // 3 working hours from 10:00 across lunch
  });

  it("a breach found by the sweep and then finished late is completed late once, with no second case or apology", async () => {
    const agent = await person("agent", "life-3");
    const { reference, id } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), agent.actor),
    );
    await sweepOnce({ now: kst("2026-11-18T10:00:00") });
    await atTime(kst("2026-11-18T11:00:00"), () => resolveTicket(reference, { answer: "늦었습니다." }, agent.actor));
    const detail = (await getTicketDetail(reference))!;
    expect(detail.timers.find((t) => t.metric === "first_reply")).toMatchObject({ state: "breached", metAt: kst("2026-11-18T11:00:00") });
    expect(detail.events.filter((e) => e.type === "sla.timer_breached" && e.data.metric === "first_reply")).toHaveLength(1);
    expect((await notificationsOf(id)).filter((x) => x.template === "breach_apology")).toHaveLength(1);
  });
});

describe("guarantee cases own their clocks (item 2, 9)", () => {
  it("closing the ticket leaves the fact-check clock and the happy call running; a recorded reason cancels the happy call", async () => {
    const agent = await person("agent", "life-4");
    const { reference } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), agent.actor),
    );
    await atTime(kst("2026-11-18T10:00:00"), () => resolveTicket(reference, { answer: "답변" }, agent.actor));
    await atTime(kst("2026-11-18T10:05:00"), () => closeTicket(reference, agent.actor));
    const detail = (await getTicketDetail(reference))!;
    expect(detail.guaranteeCases[0].status).toBe("open");
    expect(detail.timers.find((t) => t.metric === "fact_check")?.state).toBe("running");
    expect(detail.timers.find((t) => t.metric === "happy_call")?.state).toBe("running");
    // The fact check still ends its clock after the ticket closed.
    await atTime(kst("2026-11-18T11:00:00"), () =>
      recordFactCheck(detail.guaranteeCases[0].id, { result: "확인했습니다", deskAtFault: true }, agent.actor),
    );
    expect((await getTicketDetail(reference))!.timers.find((t) => t.metric === "fact_check")?.state).toBe("met");

    const other = await atTime(kst("2026-11-23T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-23T10:00:00") }), agent.actor),
    );
    await atTime(kst("2026-11-23T11:00:00"), () => resolveTicket(other.reference, { answer: "답변" }, agent.actor));
    await atTime(kst("2026-11-23T11:05:00"), () =>
      closeTicket(other.reference, agent.actor, { skipHappyCallReason: "고객이 통화를 원하지 않음" }),
    );
    const closed = (await getTicketDetail(other.reference))!;
    expect(closed.timers.find((t) => t.metric === "happy_call")?.state).toBe("cancelled");
    expect(closed.events.find((e) => e.type === "ticket.closed")?.data).toMatchObject({ skipHappyCallReason: "고객이 통화를 원하지 않음" });
  });

  it("보완 요청 tells the customer, stands in the conversation, and does not pause the guarantee case's fact check", async () => {
    const agent = await person("agent", "life-5");
    const { reference, id } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(
        intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00"), customer: { name: "폰고객", phone: "010-3333-4444" } }),
        agent.actor,
      ),
    );
    await sweepOnce({ now: kst("2026-11-17T11:00:00") }); // first_reply broken: a case with its fact check
    await atTime(kst("2026-11-17T11:30:00"), () => pauseTicket(reference, { reason: "통장 사본을 보내 주세요" }, agent.actor));
    const detail = (await getTicketDetail(reference))!;
    const request = detail.messages.find((m) => m.kind === "info_request")!;
    expect(request).toMatchObject({ direction: "outbound", via: "sms", body: "통장 사본을 보내 주세요" });
    const sent = (await notificationsOf(id)).filter((x) => x.template === "info_request");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: "sms", status: "queued" });
    expect(detail.timers.find((t) => t.metric === "fact_check")?.state).toBe("running");
    expect(detail.timers.find((t) => t.metric === "resolution")?.state).toBe("paused");
  });

  it("pausing a ticket whose clock has already run out breaches it instead of stopping it", async () => {
    const agent = await person("agent", "life-6");
    const { reference } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), agent.actor),
    );
    await atTime(kst("2026-11-17T15:00:00"), () => pauseTicket(reference, { reason: "자료 요청" }, agent.actor));
    const timers = (await getTicketDetail(reference))!.timers;
    expect(timers.find((t) => t.metric === "first_reply")?.state).toBe("breached");
    expect(timers.find((t) => t.metric === "resolution")?.state).toBe("paused");
  });
});

describe("unassigned breaches reach a person at once (item 3)", () => {
  it("a team-less, unassigned ticket alerts the managers; a team's unassigned ticket its leads; escalation counts from the breach", async () => {
    const manager = await person("manager");
    const lead = await person("lead", "life-7");
    const agent = await person("agent", "life-7");
    const loose = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), { kind: "customer" }),
    );
    const teamed = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), { kind: "customer" }),
    );
    // On the team without an assignee: assigned and unassigned again is not possible, so set the team directly.
    await db().execute(sql`update tickets set team_id = ${agent.teamId} where id = ${teamed.id}`);
    await sweepOnce({ now: kst("2026-11-19T09:30:00") });
    const alertsTo = async (ticketId: string) =>
      (await notificationsOf(ticketId)).filter((x) => x.template === "staff_breach_alert").map((x) => x.recipientStaffId);
    const looseAlerts = await alertsTo(loose.id);
    expect(looseAlerts).toContain(manager.id);
    const roles = await db().execute<{ role: string }>(sql`select role from staff where id = any(${`{${looseAlerts.join(",")}}`}::uuid[])`);
    expect(new Set(roles.map((r) => r.role))).toEqual(new Set(["manager"]));
    expect(await alertsTo(teamed.id)).toEqual([lead.id]);
    const [firstReply] = await db()
      .select()
      .from(slaTimers)
      .where(and(eq(slaTimers.ticketId, loose.id), eq(slaTimers.metric, "first_reply")));
    // Due 11/17 10:00; escalation 1 working day after that, not after the sweep noticed it on 11/19.
    expect(firstReply.escalateAt).toEqual(kst("2026-11-18T10:00:00"));
  });
});

describe("channels recorded as sent (item 4)", () => {
  it("an interim notice to a phone-only customer goes by SMS and the history says SMS", async () => {
    const agent = await person("agent", "life-8");
    const { reference } = await atTime(kst("2026-11-23T10:00:00"), () =>
      createTicket(
        intake({ channel: "web", receivedAt: kst("2026-11-23T10:00:00"), customer: { name: "문자고객", phone: "010-5555-6666" } }),
        agent.actor,
      ),
    );
    // Asked for by email, it goes by the channel the customer has, and the history says both.
    await atTime(kst("2026-11-23T11:00:00"), () =>
      sendInterimNotice(reference, { reason: "확인 중", expectedBy: "2026-11-26", via: "email" }, agent.actor),
    );
    const detail = (await getTicketDetail(reference))!;
    expect(detail.events.find((e) => e.type === "interim_notice.sent")?.data).toMatchObject({ via: "sms", requestedVia: "email" });
    expect(detail.messages.find((m) => m.kind === "interim_notice")?.via).toBe("sms");
    // With no channel given, the reply's default for this customer (text) is chosen at once.
    await atTime(kst("2026-11-23T11:30:00"), () =>
      sendInterimNotice(reference, { reason: "확인 계속", expectedBy: "2026-11-26" }, agent.actor),
    );
    const again = (await getTicketDetail(reference))!.events.filter((e) => e.type === "interim_notice.sent");
    expect(again[1]?.data).toMatchObject({ via: "sms" });
    expect(again[1]?.data).not.toHaveProperty("requestedVia");
  });
});

describe("a promise the desk cannot keep is never made (item 8)", () => {
  it("an interim notice may not promise a Sunday, nor a day with no working hour left", async () => {
    const agent = await person("agent", "life-9");
    const { reference } = await atTime(kst("2026-12-04T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-12-04T10:00:00") }), agent.actor),
    );
    for (const [now, date] of [
      ["2026-12-04T11:00:00", "2026-12-13"], // a Sunday
      ["2026-12-04T17:30:00", "2026-12-04"], // half an hour left today
    ]) {
      await expect(
        atTime(kst(now), () => sendInterimNotice(reference, { reason: "확인 중", expectedBy: date }, agent.actor)),
      ).rejects.toMatchObject({
        status: 422,
        fieldErrors: { expectedBy: "error.promiseNotFeasible" },
      });
    }
    expect((await getTicketDetail(reference))!.timers.find((t) => t.metric === "promised_date")).toBeUndefined();
  });

  it("a requested reply date whose deadline has passed at receipt is refused: no clock breaches at filing", async () => {
    await expect(
      atTime(kst("2026-12-05T10:00:00"), () =>
        createTicket(intake({ channel: "web", requestedReplyBy: "2026-12-06" }), { kind: "customer" }),
      ),
    ).rejects.toMatchObject({ status: 422, fieldErrors: { requestedReplyBy: "error.requestedTooSoon" } });
    const ok = await atTime(kst("2026-12-05T10:00:00"), () =>
      createTicket(intake({ channel: "web", requestedReplyBy: "2026-12-07" }), { kind: "customer" }),
    );
    const requested = (await getTicketDetail(ok.reference))!.timers.find((t) => t.metric === "requested_reply")!;
    expect(requested).toMatchObject({ state: "running", dueAt: kst("2026-12-07T18:00:00") });
    expect(kstDate(requested.dueAt)).toBe("2026-12-07");
  });
});

describe("finished clocks are immutable in the database (item 7)", () => {
  it("refuses any change of state, deadline or finishing instants of a met, breached or cancelled timer, and its deletion", async () => {
    const agent = await person("agent", "life-10");
    const { reference, id } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), agent.actor),
    );
    await sweepOnce({ now: kst("2026-11-18T10:00:00") });
    await atTime(kst("2026-11-18T10:30:00"), () => resolveTicket(reference, { answer: "답변" }, agent.actor));
    const finished = await db()
      .select()
      .from(slaTimers)
      .where(and(eq(slaTimers.ticketId, id), sql`${slaTimers.state} in ('met', 'breached', 'cancelled')`));
    expect(finished.length).toBeGreaterThan(0);
    for (const t of finished) {
      // Only real changes (setting a value a column already has changes nothing).
      const changes = [
        t.state !== "met" ? sql`state = 'met'` : sql`state = 'breached'`,
        sql`state = 'running'`,
        sql`due_at = due_at + interval '1 day'`,
        sql`started_at = started_at - interval '1 hour'`,
        sql`met_at = now()`,
        sql`cancelled_at = now()`,
        ...(t.breachedAt ? [sql`breached_at = null`] : []),
      ];
      for (const change of changes) {
        expect(await refusal(sql`update sla_timers set ${change} where id = ${t.id}`), `${t.state}`).toMatch(
          /finished SLA timer is permanent/,
        );
      }
      expect(await refusal(sql`delete from sla_timers where id = ${t.id}`)).toMatch(/finished SLA timer is permanent/);
    }
    expect(await refusal(sql`truncate sla_timers cascade`)).toMatch(/TRUNCATE refused/);
  });

  it("guards exactly the finished states: a running or paused timer's deadline may move, a finished one's never", async () => {
    const agent = await person("agent", "life-10b");
    const { id: ticketId } = await atTime(kst("2026-11-16T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-16T10:00:00") }), agent.actor),
    );
    const [{ version }] = await db().execute<{ version: number }>(sql`select max(version) as version from calendar_versions`);
    for (const state of TIMER_STATES) {
      // A metric a web ticket does not start, so that the live-metric key holds.
      const metric = state === "paused" ? "happy_call" : "correction";
      const [{ id }] = await db().execute<{ id: string }>(sql`
        insert into sla_timers (ticket_id, metric, state, started_at, due_at, calendar_version)
        values (${ticketId}, ${metric}, ${state}, now() - interval '1 hour', now() + interval '1 day', ${version}) returning id`);
      const moved = await refusal(sql`update sla_timers set due_at = due_at + interval '1 day' where id = ${id}`);
      if (state === "running" || state === "paused") expect(moved, state).toBe("accepted");
      else expect(moved, state).toMatch(/finished SLA timer is permanent/);
    }
  });
});

describe("messages in the conversation", () => {
  it("the request for information is an outbound message the customer sees", async () => {
    const agent = await person("agent", "life-11");
    const { reference, id } = await atTime(kst("2026-11-23T10:00:00"), () =>
      createTicket(intake({ channel: "web", receivedAt: kst("2026-11-23T10:00:00") }), agent.actor),
    );
    await atTime(kst("2026-11-23T10:30:00"), () => pauseTicket(reference, { reason: "계좌번호 앞자리를 알려 주세요" }, agent.actor));
    const rows = await db()
      .select()
      .from(messages)
      .where(and(eq(messages.ticketId, id), eq(messages.kind, "info_request")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ direction: "outbound", via: "email" });
  });
});
