// Editing policies: an edit is a new version of the policy (the old one stays, for the timers
// that used it). New tickets get the new targets; open tickets only when someone re-applies.
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { CHANNELS, DATE_BASED_METRICS, SLA_METRICS, slaPolicies, slaTimers, type MetricTarget, type SlaMetric } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import { appendEvents } from "~/core/events.server";
import { actorLabel, type Actor } from "~/core/actor";
import { DeskError } from "~/core/errors";
import { currentCalendar } from "./calendar.server";
import { periodSchema, type Period } from "./counting";
import type { PolicyRow } from "./policies.server";
import { deadlineOf, warnAtOf } from "./timer-math";
import { basisOf } from "./timers.server";

const DATE_BASED = DATE_BASED_METRICS;

export const metricTargetSchema = z
  .object({
    period: periodSchema.nullable(),
    channels: z.array(z.enum(CHANNELS)).optional(),
    warnRatio: z.number().gt(0, "error.warnRatio").lt(1, "error.warnRatio"),
    warnBeforeMinutes: z
      .number()
      .int()
      .min(0, "error.warnBefore")
      .max(60 * 24 * 30, "error.warnBefore"),
  })
  .strict();

export const policyInputSchema = z
  .object({
    name: z.string().trim().min(1, "error.required").max(200, "error.tooLong?max=200"),
    description: z.string().trim().max(2000, "error.tooLong?max=2000").default(""),
    channels: z.array(z.enum(CHANNELS)).default([]),
    categories: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "error.invalidChoice")).default([]),
    priority: z.number().int().min(-1000).max(1000),
    active: z.boolean().default(true),
    // partialRecord: a policy sets only some metrics (zod 4's record with enum keys requires all).
    targets: z.partialRecord(z.enum(SLA_METRICS), metricTargetSchema),
  })
  .superRefine((value, ctx) => {
    for (const [metric, target] of Object.entries(value.targets) as Array<[SlaMetric, MetricTarget]>) {
      if (DATE_BASED.includes(metric) && target.period !== null) {
        ctx.addIssue({ code: "custom", path: ["targets", metric, "period"], message: "error.dateBasedMetric" });
      }
      if (!DATE_BASED.includes(metric) && target.period === null) {
        ctx.addIssue({ code: "custom", path: ["targets", metric, "period"], message: "error.required" });
      }
    }
  });

export type PolicyInput = z.infer<typeof policyInputSchema>;

/** Saves an edit as the next version of the policy `key` (or creates the policy). */
export async function savePolicy(key: string, input: PolicyInput, actor: Actor): Promise<PolicyRow> {
  if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(key)) throw new DeskError(422, "error.invalid", { key: "error.invalid" });
  return inTransaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727276, hashtext(${key}))`);
    const [latest] = await tx
      .select({ version: sql<number>`max(${slaPolicies.version})::int` })
      .from(slaPolicies)
      .where(eq(slaPolicies.key, key));
    const version = (latest?.version ?? 0) + 1;
    await tx
      .update(slaPolicies)
      .set({ current: false })
      .where(and(eq(slaPolicies.key, key), eq(slaPolicies.current, true)));
    const [row] = await tx
      .insert(slaPolicies)
      .values({ key, version, ...input, current: true, createdBy: actorLabel(actor) })
      .returning();
    return row;
  });
}

export async function policyHistory(key: string) {
  return executor()
    .select()
    .from(slaPolicies)
    .where(eq(slaPolicies.key, key))
    .orderBy(sql`${slaPolicies.version} desc`);
}

/**
 * Re-applies the current version of a policy to the live timers of open tickets that run on an
 * older version of it: each moved deadline gets an event naming the policy versions.
 */
export async function reapplyPolicy(key: string, actor: Actor): Promise<{ examined: number; moved: number }> {
  return inTransaction(async (tx) => {
    const versions = await tx.select().from(slaPolicies).where(eq(slaPolicies.key, key));
    const current = versions.find((v) => v.current);
    if (!current) throw new DeskError(404, "common.notFound");
    const older = versions.filter((v) => v.id !== current.id).map((v) => v.id);
    if (older.length === 0) return { examined: 0, moved: 0 };
    const timers = await tx
      .select()
      .from(slaTimers)
      .where(and(inArray(slaTimers.policyId, older), inArray(slaTimers.state, ["running", "paused"])))
      .for("update");
    const cal = await currentCalendar(tx);
    const now = new Date();
    const label = actorLabel(actor);
    const rows: Array<{ id: string; period: Period | null; due: string; warn: string | null; warnedAt: string | null }> = [];
    const events: Parameters<typeof appendEvents>[1] = [];
    for (const t of timers) {
      const target = current.targets[t.metric];
      if (!target) continue; // the new version no longer sets this metric: the timer keeps its terms
      const period = DATE_BASED.includes(t.metric) ? null : target.period;
      const dueAtMs = deadlineOf(cal.calendar, basisOf({ ...t, period }));
      const warnAtMs = warnAtOf(cal.calendar, t.startedAt.getTime(), dueAtMs, period, target);
      // As in the calendar recomputation: a warning moved into the future may be given again.
      const warnMoved = (warnAtMs ?? null) !== (t.warnAt?.getTime() ?? null);
      const warnedAt = warnMoved && warnAtMs !== null && warnAtMs > now.getTime() ? null : t.warnedAt;
      rows.push({
        id: t.id,
        period,
        due: new Date(dueAtMs).toISOString(),
        warn: warnAtMs === null ? null : new Date(warnAtMs).toISOString(),
        warnedAt: warnedAt ? warnedAt.toISOString() : null,
      });
      if (dueAtMs === t.dueAt.getTime()) continue; // same deadline: nothing moved, no event
      events.push({
        ticketId: t.ticketId,
        type: "sla.deadline_moved",
        actor: label,
        at: now,
        data: {
          timerId: t.id,
          metric: t.metric,
          from: t.dueAt.toISOString(),
          to: new Date(dueAtMs).toISOString(),
          reason: "policy",
          policy: key,
          policyVersion: current.version,
        },
      });
    }
    // One statement for the timers and one for the events, however many there are.
    if (rows.length) {
      await tx.execute(sql`
        update sla_timers t set period = x.period, due_at = x.due_at, warn_at = x.warn_at, warned_at = x.warned_at,
          policy_id = ${current.id}, calendar_version = ${cal.version}, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id, period: r.period, due_at: r.due, warn_at: r.warn, warned_at: r.warnedAt })))}::jsonb)
          as x(id uuid, period jsonb, due_at timestamptz, warn_at timestamptz, warned_at timestamptz)
        where t.id = x.id`);
    }
    await appendEvents(tx, events);
    const moved = events.length;
    return { examined: timers.length, moved };
  });
}
