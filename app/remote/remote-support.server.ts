// Remote expert support (원격지원): when phone or online help cannot solve a problem, an expert
// contacts the customer within the policy's period (`remote_contact`, 1 working day) and books a
// session; the booked day is a promise of its own (`remote_session`, kept by the end of that
// working day). Each step is one transaction with its history event; a clock is never moved, a
// rebooking cancels the old promise with its reason and makes a new one.
import { and, desc, eq, isNull } from "drizzle-orm";
import { remoteSessions, staff, type RemoteOutcome } from "~/db/schema";
import { executor, type Transaction } from "~/db/connection";
import { env } from "~/config/env.server";
import { translate } from "~/i18n/i18n";
import { kstDate } from "~/lib/time";
import { uuidV7 } from "~/lib/uuid-v7";
import { queueCustomerNotification } from "~/notify/queue.server";
import { currentCalendar } from "~/sla/calendar.server";
import { isFeasibleDate } from "~/sla/reply-dates";
import { cancelMetrics, latestTimer, meetMetrics, startMetric } from "~/sla/timers.server";
import { hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, invalidTransition } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { addOutbound, mutateAs } from "~/tickets/tickets.server";
import { formatInstant } from "~/emails/_shared/format";

type SessionRow = typeof remoteSessions.$inferSelect;

const OPEN = ["new", "open", "waiting"];

function staffOnly(actor: Actor) {
  if (!hasRole(actor, "agent")) throw forbidden();
}

const staffIdOf = (actor: Actor) => ("staffId" in actor ? (actor.staffId ?? null) : null);

/** The ticket's session still in progress (no outcome yet), locked. */
async function openSession(tx: Transaction, ticketId: string): Promise<SessionRow | undefined> {
  const [row] = await tx
    .select()
    .from(remoteSessions)
    .where(and(eq(remoteSessions.ticketId, ticketId), isNull(remoteSessions.outcome)))
    .orderBy(desc(remoteSessions.requestedAt))
    .limit(1)
    .for("update");
  return row;
}

/** How the customer joins when the expert gives no instructions of their own. */
export function defaultJoinInfo(): string {
  const e = env();
  if (e.REMOTE_SUPPORT_JOIN) return e.REMOTE_SUPPORT_JOIN;
  return translate("ko", "remote.defaultJoin", { phone: e.DESK_PHONE ? ` (${e.DESK_PHONE})` : "" });
}

/** Asks for an expert: the contact clock starts now. */
export async function requestRemoteSupport(reference: string, input: { problem: string }, actor: Actor) {
  staffOnly(actor);
  return mutateAs(actor, reference, async (tx, ticket) => {
    if (!OPEN.includes(ticket.status)) throw invalidTransition();
    if (await openSession(tx, ticket.id)) throw new DeskError(409, "remote.error.alreadyOpen");
    const now = new Date();
    const [row] = await tx
      .insert(remoteSessions)
      .values({ ticketId: ticket.id, problem: input.problem, requestedById: staffIdOf(actor), requestedAt: now })
      .returning();
    const clock = await startMetric(tx, ticket, "remote_contact", actor, { startedAt: now, reason: "remote_requested" });
    if (!clock) throw new DeskError(409, "remote.error.noPolicy");
    await appendEvent(
      tx,
      ticket.id,
      "remote.requested",
      actor,
      { sessionId: row.id, problem: input.problem, contactBy: clock.dueAt.toISOString() },
      now,
    );
    return row;
  });
}

export type ScheduleInput = { at: Date; expertId?: string; join?: string; reason?: string; via?: "email" | "sms" };

/**
 * Books (or rebooks) the session: the contact clock is met, the session's day becomes a promise,
 * and the customer is told when and how to join. A rebooking needs its reason.
 */
export async function scheduleRemoteSession(reference: string, input: ScheduleInput, actor: Actor) {
  staffOnly(actor);
  return mutateAs(actor, reference, async (tx, ticket) => {
    const session = await openSession(tx, ticket.id);
    if (!session) throw new DeskError(409, "remote.error.noRequest");
    const now = new Date();
    if (input.at.getTime() <= now.getTime()) throw new DeskError(422, "error.datePast", { at: "error.datePast" });
    const day = kstDate(input.at);
    const cal = await currentCalendar(tx);
    // A session on a closed day, or one the desk can no longer reach, is a promise it cannot keep.
    if (!isFeasibleDate(cal.calendar, day, now.getTime(), "promise"))
      throw new DeskError(422, "error.promiseNotFeasible", { at: "error.promiseNotFeasible" });
    const rebooking = session.scheduledAt !== null;
    if (rebooking && !input.reason) throw new DeskError(422, "error.required", { reason: "error.required" });
    const expertId = input.expertId ?? staffIdOf(actor);
    const [expert] = expertId
      ? await tx.select({ id: staff.id, name: staff.name, active: staff.active }).from(staff).where(eq(staff.id, expertId)).limit(1)
      : [];
    if (expertId && (!expert || !expert.active)) throw new DeskError(422, "error.invalidChoice", { expertId: "error.invalidChoice" });
    const join = input.join || defaultJoinInfo();

    if (rebooking) await cancelMetrics(tx, ticket, ["remote_session"], actor, `rebooked: ${input.reason}`);
    else await meetMetrics(tx, ticket, ["remote_contact"], actor, "remote_scheduled");
    const clock = await startMetric(tx, ticket, "remote_session", actor, {
      startedAt: now,
      basisDate: day,
      reason: rebooking ? "remote_rebooked" : "remote_scheduled",
    });
    if (!clock) throw new DeskError(409, "remote.error.noPolicy");
    await tx
      .update(remoteSessions)
      .set({ scheduledAt: input.at, expertId: expert?.id ?? null, joinInfo: join })
      .where(eq(remoteSessions.id, session.id));

    const messageId = uuidV7();
    const route = await queueCustomerNotification(
      tx,
      ticket.id,
      "remote_session",
      {
        reference: ticket.reference,
        subject: ticket.subject,
        at: input.at.toISOString(),
        join,
        ...(expert ? { expertName: expert.name } : {}),
      },
      `remote-session:${session.id}:${input.at.toISOString()}`,
      input.via ? { channel: input.via } : {},
    );
    const via = route?.channel === "sms" ? "sms" : "email";
    await addOutbound(
      tx,
      ticket,
      "remote_session",
      via,
      translate("ko", "remote.bookedText", { date: formatInstant(input.at.toISOString(), "ko"), join }),
      actor,
      messageId,
    );
    await appendEvent(
      tx,
      ticket.id,
      rebooking ? "remote.rebooked" : "remote.scheduled",
      actor,
      {
        sessionId: session.id,
        at: input.at.toISOString(),
        expertId: expert?.id ?? null,
        via,
        messageId,
        ...(rebooking ? { from: session.scheduledAt!.toISOString(), reason: input.reason } : {}),
      },
      now,
    );
    return { sessionId: session.id, dueAt: clock.dueAt };
  });
}

/** The session took place (meets its promise) or the customer did not join (the promise ends, kept). */
export async function recordRemoteOutcome(reference: string, input: { outcome: RemoteOutcome; note?: string }, actor: Actor) {
  staffOnly(actor);
  if (input.outcome === "customer_absent" && !input.note) throw new DeskError(422, "error.required", { note: "error.required" });
  return mutateAs(actor, reference, async (tx, ticket) => {
    const session = await openSession(tx, ticket.id);
    if (!session?.scheduledAt) throw new DeskError(409, "remote.error.notBooked");
    const now = new Date();
    if (input.outcome === "held") await meetMetrics(tx, ticket, ["remote_session"], actor, "remote_held");
    else await cancelMetrics(tx, ticket, ["remote_session"], actor, "remote_customer_absent");
    await tx
      .update(remoteSessions)
      .set({ outcome: input.outcome, outcomeNote: input.note ?? null, outcomeAt: now })
      .where(eq(remoteSessions.id, session.id));
    await appendEvent(
      tx,
      ticket.id,
      "remote.outcome",
      actor,
      { sessionId: session.id, outcome: input.outcome, note: input.note ?? null },
      now,
    );
  });
}

/** What the ticket's remote-support page shows: every session, newest first, and the live clocks. */
export async function remotePanel(ticketId: string) {
  const ex = executor();
  const [rows, contact, booked] = await Promise.all([
    ex
      .select({ session: remoteSessions, expertName: staff.name })
      .from(remoteSessions)
      .leftJoin(staff, eq(staff.id, remoteSessions.expertId))
      .where(eq(remoteSessions.ticketId, ticketId))
      .orderBy(desc(remoteSessions.requestedAt)),
    latestTimer(ex, ticketId, "remote_contact"),
    latestTimer(ex, ticketId, "remote_session"),
  ]);
  const sessions = rows.map(({ session: s, expertName }) => ({
    id: s.id,
    problem: s.problem,
    requestedAt: s.requestedAt.toISOString(),
    scheduledAt: s.scheduledAt?.toISOString() ?? null,
    expertName: expertName ?? null,
    joinInfo: s.joinInfo,
    outcome: s.outcome,
    outcomeNote: s.outcomeNote,
    outcomeAt: s.outcomeAt?.toISOString() ?? null,
  }));
  const open = sessions.find((s) => s.outcome === null) ?? null;
  const clock = (t: typeof contact) => (t ? { state: t.state, dueAt: t.dueAt.toISOString() } : null);
  return {
    sessions,
    open,
    contactClock: open && !open.scheduledAt ? clock(contact) : null,
    sessionClock: open?.scheduledAt ? clock(booked) : null,
  };
}
