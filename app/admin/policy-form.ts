// The policy edit form, shared by the page (to render it) and the action (to read it back):
// field names, the choices offered, and a policy's current values as form values. Pure and
// browser-safe; the parsing into policyInputSchema input lives in policy-form.server.ts.
import { CHANNELS, DATE_BASED_METRICS, SLA_METRICS, type Channel, type MetricTarget, type SlaMetric } from "~/db/schema";
import { PERIOD_AMOUNT_LIMITS, type PeriodKind } from "~/sla/counting";
import { DEFAULT_POLICIES, fallbackTargetOf } from "~/sla/policy-defaults";

/** Every value of a submitted form, by name (checkbox groups have several). */
export type PolicyFormValues = Record<string, string[]>;

/** The kinds offered in the period select, in the order shown; "date" = no period (date-based). */
export const PERIOD_KINDS = [
  "days",
  "immediately",
  "working_minutes",
  "working_hours",
  "calendar_hours",
  "calendar_days",
  "weeks",
  "months",
  "years",
] as const satisfies readonly PeriodKind[];
export const DATE_KIND = "date";
export type PeriodChoice = PeriodKind | typeof DATE_KIND;

// Compile-time check that every Period kind is offered.
type Missing = Exclude<PeriodKind, (typeof PERIOD_KINDS)[number]>;
const _allKinds: Missing extends never ? true : never = true;
void _allKinds;

export function isPeriodChoice(value: string): value is PeriodChoice {
  return value === DATE_KIND || (PERIOD_KINDS as readonly string[]).includes(value);
}

export function amountLimit(kind: string): number | undefined {
  return (PERIOD_AMOUNT_LIMITS as Record<string, number>)[kind];
}

export { DATE_BASED_METRICS };

/** The categories tickets are filed under (app/i18n/messages/tickets.ts, "category.<key>"). */
export const KNOWN_CATEGORIES = ["general", "kyc", "certificate", "auto_debit", "seller_kyc", "outage"] as const;

export const POLICY_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}$/;
/** /admin/policies/new is the "new policy" form, so no policy may be called "new". */
export const RESERVED_POLICY_KEYS = ["new"];

export const METRICS: readonly SlaMetric[] = SLA_METRICS;
export const CHANNEL_CHOICES: readonly Channel[] = CHANNELS;

/** Field names. */
export const f = {
  key: "key",
  baseVersion: "baseVersion",
  name: "name",
  description: "description",
  channels: "channels",
  categories: "categories",
  categoriesOther: "categoriesOther",
  priority: "priority",
  active: "active",
  enabled: (m: SlaMetric) => `targets.${m}.enabled`,
  kind: (m: SlaMetric) => `targets.${m}.kind`,
  amount: (m: SlaMetric) => `targets.${m}.amount`,
  metricChannels: (m: SlaMetric) => `targets.${m}.channels`,
  warnRatio: (m: SlaMetric) => `targets.${m}.warnRatio`,
  warnBefore: (m: SlaMetric) => `targets.${m}.warnBefore`,
} as const;

export type PolicyLike = {
  key: string;
  version: number;
  name: string;
  description: string;
  channels: string[];
  categories: string[];
  priority: number;
  active: boolean;
  targets: Partial<Record<SlaMetric, MetricTarget>>;
};

const CHARTER_TARGETS: Partial<Record<SlaMetric, MetricTarget>> = DEFAULT_POLICIES.find((p) => p.key === "charter")?.targets ?? {};
const FALLBACK_TARGET = fallbackTargetOf({ kind: "days", amount: 1 });

/** What a metric's fields hold when the policy does not set it: the charter's target, ready to switch on. */
function suggestedTarget(metric: SlaMetric): MetricTarget {
  const charter = CHARTER_TARGETS[metric];
  if (charter) return charter;
  return DATE_BASED_METRICS.includes(metric) ? fallbackTargetOf(null) : FALLBACK_TARGET;
}

function targetValues(metric: SlaMetric, target: MetricTarget, enabled: boolean): PolicyFormValues {
  const period = target.period;
  return {
    [f.enabled(metric)]: enabled ? ["on"] : [],
    [f.kind(metric)]: [period ? period.kind : DATE_KIND],
    [f.amount(metric)]: [period && "amount" in period ? String(period.amount) : ""],
    [f.metricChannels(metric)]: [...(target.channels ?? [])],
    [f.warnRatio(metric)]: [String(target.warnRatio)],
    [f.warnBefore(metric)]: [String(target.warnBeforeMinutes)],
  };
}

/** A policy's values as the form shows them (a new policy: empty, active, metrics off). */
export function policyFormValues(policy: PolicyLike | null): PolicyFormValues {
  const known = new Set<string>(KNOWN_CATEGORIES);
  const categories = policy?.categories ?? [];
  const values: PolicyFormValues = {
    [f.key]: [policy?.key ?? ""],
    [f.baseVersion]: [policy ? String(policy.version) : ""],
    [f.name]: [policy?.name ?? ""],
    [f.description]: [policy?.description ?? ""],
    [f.channels]: [...(policy?.channels ?? [])],
    [f.categories]: categories.filter((c) => known.has(c)),
    [f.categoriesOther]: [categories.filter((c) => !known.has(c)).join(", ")],
    [f.priority]: [String(policy?.priority ?? 0)],
    [f.active]: policy && !policy.active ? [] : ["on"],
  };
  for (const metric of METRICS) {
    const set = policy?.targets[metric];
    Object.assign(values, targetValues(metric, set ?? suggestedTarget(metric), Boolean(set)));
  }
  return values;
}

export const first = (values: PolicyFormValues | undefined, name: string): string => values?.[name]?.[0] ?? "";
export const has = (values: PolicyFormValues | undefined, name: string, value: string): boolean => values?.[name]?.includes(value) ?? false;
