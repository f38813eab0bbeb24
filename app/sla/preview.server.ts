// What timers a contact would get, without creating anything (GET /api/v1/sla/deadlines and the
// live preview on the staff "log a contact" form).
import type { Channel, SlaMetric } from "~/db/schema";
import { currentCalendar } from "./calendar.server";
import { activePolicies, targetsFor } from "./policies.server";
import { deadlineOf, type TimerBasis } from "./timer-math";
import { explainBasis, intakeTimerPlan } from "./timers.server";

export type PreviewInput = {
  channel: Channel;
  category: string;
  receivedAt: Date;
  requestedReplyBy?: string | null;
  callbackRequested?: boolean;
  resolvedOnContact?: boolean;
};

export type PreviewTimer = { metric: SlaMetric; dueAt: string; explanation: string[]; policy: string; calendarVersion: number };

export async function previewTimers(input: PreviewInput, lang: "ko" | "en"): Promise<PreviewTimer[]> {
  const [cal, policies] = await Promise.all([currentCalendar(), activePolicies()]);
  const contact = {
    channel: input.channel,
    category: input.category,
    receivedAt: input.receivedAt,
    requestedReplyBy: input.requestedReplyBy ?? null,
    callbackRequested: input.callbackRequested ?? false,
    resolvedOnContact: input.resolvedOnContact ?? false,
  };
  return intakeTimerPlan(contact, targetsFor(policies, input.channel, input.category)).map((planned) => {
    const basis: TimerBasis = {
      metric: planned.metric,
      startedAtMs: input.receivedAt.getTime(),
      period: planned.basisDate ? null : planned.resolved.target.period,
      basisDate: planned.basisDate ?? null,
      pauses: [],
    };
    return {
      metric: planned.metric,
      dueAt: new Date(deadlineOf(cal.calendar, basis)).toISOString(),
      explanation: explainBasis(cal.calendar, basis, lang),
      policy: planned.resolved.policyKey,
      calendarVersion: cal.version,
    };
  });
}
