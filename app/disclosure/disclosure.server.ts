// Information-disclosure requests (정보공개 청구): a `disclosure` ticket carries the
// `disclosure_decision` clock from receipt (policy `information-disclosure`: 10 days). Before that
// period ends the decision may be extended once by as much, the reason sent to the requester; the
// decision (공개 / 부분공개 / 비공개, its reason and, unless disclosed in full, how to object) is sent
// as the final answer and meets the clock. Each step is one transaction with its history event.
import { eq } from "drizzle-orm";
import { disclosureRequests, type DisclosureDecision } from "~/db/schema";
import { executor, type Transaction } from "~/db/connection";
import { queueCustomerNotification } from "~/notify/queue.server";
import { extendByOwnPeriod, liveTimer, meetMetrics } from "~/sla/timers.server";
import { hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, invalidTransition } from "~/core/errors";
import { appendEvent } from "~/core/events.server";
import { addOutbound, mutateAs, resolveLocked } from "~/tickets/tickets.server";
import { uuidV7 } from "~/lib/uuid-v7";
import { translate } from "~/i18n/i18n";
import { formatInstant } from "~/emails/_shared/format";
import type { REPLY_VIAS } from "~/tickets/schemas";

type ReplyVia = (typeof REPLY_VIAS)[number];

type Ticket = Parameters<Parameters<typeof mutateAs>[2]>[1];

/** What a requester is told about objecting to a decision that withholds anything (정보공개법 제18조). */
export const DEFAULT_OBJECTION_GUIDE =
  "이 결정에 이의가 있으시면 결정 통지를 받은 날부터 30일 안에 협회에 서면(방문·우편·팩스·인터넷)으로 이의신청을 하실 수 있습니다.";

async function requestRow(tx: Transaction, ticket: Ticket) {
  if (ticket.kind !== "disclosure") throw new DeskError(409, "disclosure.error.notDisclosure");
  await tx.insert(disclosureRequests).values({ ticketId: ticket.id }).onConflictDoNothing();
  const [row] = await tx.select().from(disclosureRequests).where(eq(disclosureRequests.ticketId, ticket.id)).for("update");
  return row;
}

function staffOnly(actor: Actor) {
  if (!hasRole(actor, "agent")) throw forbidden();
}

/** Extends the decision period once, before it ends, and tells the requester why and until when. */
export async function extendDisclosure(reference: string, input: { reason: string; via?: "email" | "sms" }, actor: Actor) {
  staffOnly(actor);
  return mutateAs(actor, reference, async (tx, ticket) => {
    const row = await requestRow(tx, ticket);
    if (row.decidedAt || ticket.status === "resolved" || ticket.status === "closed") throw invalidTransition();
    if (row.extendedAt) throw new DeskError(409, "disclosure.error.alreadyExtended");
    const now = new Date();
    const moved = await extendByOwnPeriod(tx, ticket, "disclosure_decision", actor, input.reason, now);
    await tx
      .update(disclosureRequests)
      .set({ extendedAt: now, extensionReason: input.reason })
      .where(eq(disclosureRequests.ticketId, ticket.id));
    const messageId = uuidV7();
    const route = await queueCustomerNotification(
      tx,
      ticket.id,
      "disclosure_extended",
      { reference: ticket.reference, subject: ticket.subject, reason: input.reason, decideBy: moved.to.toISOString() },
      `disclosure-extended:${ticket.id}`,
      input.via ? { channel: input.via } : {},
    );
    const via = route?.channel === "sms" ? "sms" : "email";
    const text = translate("ko", "disclosure.extensionText", { reason: input.reason, date: formatInstant(moved.to.toISOString(), "ko") });
    await addOutbound(tx, ticket, "interim_notice", via, text, actor, messageId);
    await appendEvent(
      tx,
      ticket.id,
      "disclosure.extended",
      actor,
      { reason: input.reason, from: moved.from.toISOString(), to: moved.to.toISOString(), messageId, via },
      now,
    );
    return moved;
  });
}

export type DisclosureDecisionInput = { decision: DisclosureDecision; reason?: string; objection?: string; answer: string; via?: ReplyVia };

/** The decision text the requester receives: the decision in words, its reason, how to object, the answer. */
export function decisionText(input: DisclosureDecisionInput): string {
  const lines = [translate("ko", "disclosure.text.decision", { decision: translate("ko", `disclosure.decision.${input.decision}`) })];
  if (input.reason) lines.push(translate("ko", "disclosure.text.reason", { reason: input.reason }));
  if (input.decision !== "disclosed" && input.objection)
    lines.push(translate("ko", "disclosure.text.objection", { objection: input.objection }));
  return `${lines.join("\n")}\n\n${input.answer}`;
}

/** Records the decision, meets its clock and sends it to the requester as the final answer. */
export async function decideDisclosure(reference: string, input: DisclosureDecisionInput, actor: Actor) {
  staffOnly(actor);
  if (input.decision !== "disclosed" && (!input.reason || !input.objection)) {
    throw new DeskError(422, "error.required", {
      ...(input.reason ? {} : { reason: "error.required" }),
      ...(input.objection ? {} : { objection: "error.required" }),
    });
  }
  return mutateAs(actor, reference, async (tx, ticket) => {
    const row = await requestRow(tx, ticket);
    if (row.decidedAt) throw new DeskError(409, "disclosure.error.alreadyDecided");
    const now = new Date();
    await tx
      .update(disclosureRequests)
      .set({
        decision: input.decision,
        decisionReason: input.reason ?? null,
        objectionGuide: input.decision === "disclosed" ? null : (input.objection ?? null),
        decidedAt: now,
        decidedById: "staffId" in actor ? (actor.staffId ?? null) : null,
      })
      .where(eq(disclosureRequests.ticketId, ticket.id));
    await appendEvent(tx, ticket.id, "disclosure.decided", actor, { decision: input.decision, reason: input.reason ?? null }, now);
    await meetMetrics(tx, ticket, ["disclosure_decision"], actor, `disclosure_${input.decision}`);
    return resolveLocked(tx, ticket, { answer: decisionText(input), via: input.via }, actor);
  });
}

/** What the ticket page shows about a disclosure request. */
export async function disclosurePanel(ticketId: string) {
  const ex = executor();
  const [[row], clock] = await Promise.all([
    ex.select().from(disclosureRequests).where(eq(disclosureRequests.ticketId, ticketId)).limit(1),
    liveTimer(ex, ticketId, "disclosure_decision"),
  ]);
  return {
    extendedAt: row?.extendedAt?.toISOString() ?? null,
    extensionReason: row?.extensionReason ?? null,
    decision: row?.decision ?? null,
    decisionReason: row?.decisionReason ?? null,
    objectionGuide: row?.objectionGuide ?? null,
    decidedAt: row?.decidedAt?.toISOString() ?? null,
    dueAt: clock?.dueAt.toISOString() ?? null,
    canExtend: !row?.extendedAt && !row?.decidedAt && clock !== null && clock.state === "running" && clock.dueAt.getTime() > Date.now(),
    canDecide: !row?.decidedAt,
  };
}
