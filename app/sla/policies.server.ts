// Policies in force and which targets a contact gets from them.
import { and, asc, eq } from "drizzle-orm";
import { slaPolicies, type MetricTarget, type SlaMetric } from "~/db/schema";
import { executor, type Database, type Transaction } from "~/db/connection";
import { DEFAULT_POLICIES } from "./policy-defaults";

type Executor = Database | Transaction;
export type PolicyRow = typeof slaPolicies.$inferSelect;
export type ResolvedTarget = { target: MetricTarget; policyId: number; policyKey: string };

export async function ensureDefaultPolicies(ex: Executor = executor()): Promise<void> {
  for (const p of DEFAULT_POLICIES) {
    await ex
      .insert(slaPolicies)
      .values({ ...p, version: 1, current: true, active: true, createdBy: "system" })
      .onConflictDoNothing();
  }
}

export async function currentPolicies(ex: Executor = executor()): Promise<PolicyRow[]> {
  let rows = await ex.select().from(slaPolicies).where(eq(slaPolicies.current, true)).orderBy(asc(slaPolicies.key));
  if (rows.length === 0) {
    await ensureDefaultPolicies(ex);
    rows = await ex.select().from(slaPolicies).where(eq(slaPolicies.current, true)).orderBy(asc(slaPolicies.key));
  }
  return rows;
}

export async function activePolicies(ex: Executor = executor()): Promise<PolicyRow[]> {
  return (await currentPolicies(ex)).filter((p) => p.active);
}

export async function policyById(id: number, ex: Executor = executor()): Promise<PolicyRow | null> {
  const [row] = await ex
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, id)))
    .limit(1);
  return row ?? null;
}

/**
 * The target of each metric for a contact: among active policies selecting its channel and
 * category, the highest priority (then the more specific) that sets the metric wins; a metric
 * limited to some channels applies only to those.
 */
export function targetsFor(policies: PolicyRow[], channel: string, category: string): Map<SlaMetric, ResolvedTarget> {
  const matching = policies
    .filter((p) => p.active)
    .filter(
      (p) => (p.channels.length === 0 || p.channels.includes(channel)) && (p.categories.length === 0 || p.categories.includes(category)),
    )
    .sort((a, b) => b.priority - a.priority || specificity(b) - specificity(a) || a.key.localeCompare(b.key));
  const out = new Map<SlaMetric, ResolvedTarget>();
  for (const policy of matching) {
    for (const [metric, target] of Object.entries(policy.targets) as Array<[SlaMetric, MetricTarget]>) {
      if (out.has(metric) || !target) continue;
      if (target.channels?.length && !target.channels.includes(channel as never)) continue;
      out.set(metric, { target, policyId: policy.id, policyKey: policy.key });
    }
  }
  return out;
}

function specificity(p: PolicyRow): number {
  return (p.categories.length ? 2 : 0) + (p.channels.length ? 1 : 0);
}
