// A memo for an absent staff member (부재 중 메모), taken on the log-contact page: the contact's
// ticket is assigned to the person asked for (their deputy while they are away — the assignment
// says so), a `callback` clock starts from the callback policy, and the person is alerted.
import { eq } from "drizzle-orm";
import { tickets } from "~/db/schema";
import { inTransaction } from "~/db/connection";
import type { CheckedAttachment } from "~/tickets/attachments.server";
import type { Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import { appendEvent, type Tx } from "~/core/events.server";
import { assignTicket, createTicket, findStaff, type CreatedTicket } from "~/tickets/tickets.server";
import { liveTimer, startMetric } from "~/sla/timers.server";
import { queueStaffNotification } from "~/notify/queue.server";
import type { LogContactWithMemo } from "./memo";

/** Logs the contact; with a memo, delivers it — all in one transaction. */
export async function logContactWithMemo(
  input: LogContactWithMemo,
  attachments: CheckedAttachment[],
  actor: Actor,
): Promise<CreatedTicket> {
  return inTransaction(async (tx) => {
    const named = input.memoFor ? await findStaff(tx, input.memoFor) : null;
    if (input.memoFor && !named) throw new DeskError(422, "error.unknownStaff", { memoFor: "error.unknownStaff" });
    const created = await createTicket(input.intake, actor, { attachments });
    if (named) await deliverMemo(tx, created, named, actor);
    return created;
  });
}

async function deliverMemo(tx: Tx, created: CreatedTicket, named: NonNullable<Awaited<ReturnType<typeof findStaff>>>, actor: Actor) {
  // Assigning redirects to the deputy of someone away (with its own event naming both).
  const assigned = await assignTicket(created.reference, named.id, actor);
  const deliveredToId = assigned.assigneeId!;
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, created.id)).limit(1);
  // The callback is a phone call whichever way the memo came: a visit's memo gets the target the
  // callback policy sets for calls (30 working minutes by default), from the contact's arrival.
  let clock = await liveTimer(tx, ticket.id, "callback");
  if (!clock)
    clock = await startMetric(tx, { ...ticket, channel: "phone" }, "callback", actor, {
      startedAt: ticket.receivedAt,
      reason: "staff_memo",
    });
  await appendEvent(tx, ticket.id, "memo.recorded", actor, {
    forStaffId: named.id,
    forStaff: named.email,
    deliveredToId,
    channel: ticket.channel,
    callbackDueAt: clock?.dueAt.toISOString() ?? null,
  });
  const takenBy = actor.kind === "staff" ? actor.name : undefined;
  await queueStaffNotification(
    tx,
    deliveredToId,
    "staff_memo",
    {
      reference: ticket.reference,
      subject: ticket.subject,
      metric: "callback",
      dueAt: (clock?.dueAt ?? ticket.receivedAt).toISOString(),
      forName: named.name,
      deputy: deliveredToId !== named.id,
      channel: ticket.channel,
      ...(takenBy ? { takenBy } : {}),
    },
    `memo:${ticket.id}:${deliveredToId}`,
    { ticketId: ticket.id },
  );
}
