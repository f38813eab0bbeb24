// The public promises page (the charter is "상시 공개 … 보완ㆍ발전"): the standards in force, the date
// of their last change, and every change since they were first published — policy versions and
// calendar changes — read from the versions the desk actually counts with.
import { asc, desc } from "drizzle-orm";
import { calendarVersions, slaPolicies, type CalendarChange, type MetricTarget, type SlaMetric } from "~/db/schema";
import { executor } from "~/db/connection";
import { currentCalendar } from "~/sla/calendar.server";
import { dayShapeOf, type DayShape } from "~/sla/period-text";

export type TargetChange = { metric: SlaMetric; before: MetricTarget | null; after: MetricTarget | null };

export type StandardsChange =
  | {
      kind: "policy";
      at: string;
      name: string;
      version: number;
      first: boolean;
      targets: TargetChange[];
      scopeChanged: boolean;
      active: boolean;
      activeChanged: boolean;
    }
  | { kind: "calendar"; at: string; version: number; change: CalendarChange };

export type PublicStandards = {
  inForce: Array<{
    key: string;
    name: string;
    description: string;
    channels: string[];
    categories: string[];
    version: number;
    since: string;
    targets: Array<{ metric: SlaMetric; target: MetricTarget }>;
  }>;
  lastChangedAt: string | null;
  history: StandardsChange[];
  shape: DayShape;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const sameSet = (a: readonly string[], b: readonly string[]) => same([...a].sort(), [...b].sort());

/** What changed in a policy's targets between two versions, metric by metric. */
export function targetChanges(
  before: Partial<Record<SlaMetric, MetricTarget>>,
  after: Partial<Record<SlaMetric, MetricTarget>>,
): TargetChange[] {
  const metrics = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort() as SlaMetric[];
  return metrics
    .filter((m) => !same(before[m], after[m]))
    .map((metric) => ({ metric, before: before[metric] ?? null, after: after[metric] ?? null }));
}

export async function publicStandards(): Promise<PublicStandards> {
  const ex = executor();
  const [policies, calendars, calendar] = await Promise.all([
    ex.select().from(slaPolicies).orderBy(asc(slaPolicies.key), asc(slaPolicies.version)),
    ex
      .select({ version: calendarVersions.version, change: calendarVersions.change, createdAt: calendarVersions.createdAt })
      .from(calendarVersions)
      .orderBy(desc(calendarVersions.version)),
    currentCalendar(),
  ]);
  const history: StandardsChange[] = [];
  let previous: (typeof policies)[number] | null = null;
  for (const p of policies) {
    const prior = previous && previous.key === p.key ? previous : null;
    history.push({
      kind: "policy",
      at: p.createdAt.toISOString(),
      name: p.name,
      version: p.version,
      first: prior === null,
      targets: targetChanges(prior?.targets ?? {}, prior === null ? {} : p.targets),
      scopeChanged: prior !== null && (!sameSet(prior.channels, p.channels) || !sameSet(prior.categories, p.categories)),
      active: p.active,
      activeChanged: prior !== null && prior.active !== p.active,
    });
    previous = p;
  }
  for (const c of calendars)
    if (c.change) history.push({ kind: "calendar", at: c.createdAt.toISOString(), version: c.version, change: c.change });
  history.sort((a, b) => b.at.localeCompare(a.at) || b.version - a.version);

  const inForce = policies
    .filter((p) => p.current && p.active)
    .sort((a, b) => a.priority - b.priority || a.key.localeCompare(b.key))
    .map((p) => ({
      key: p.key,
      name: p.name,
      description: p.description,
      channels: p.channels,
      categories: p.categories,
      version: p.version,
      since: p.createdAt.toISOString(),
      targets: (Object.entries(p.targets) as Array<[SlaMetric, MetricTarget]>)
        .filter(([, target]) => target)
        .map(([metric, target]) => ({ metric, target })),
    }));
  return { inForce, lastChangedAt: history[0]?.at ?? null, history, shape: dayShapeOf(calendar.calendar.periodMinutes) };
}
