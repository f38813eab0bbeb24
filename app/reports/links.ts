// URLs and labels shared by the dashboard pages and the CSV exports (pure: browser and server).
import type { Translate } from "~/i18n/i18n";

export type DashboardParams = { from: string; to: string; team?: string | null };

/** A dashboard URL with the period and team kept, plus extra parameters. */
export function dashboardHref(path: string, base: DashboardParams, extra: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  q.set("from", base.from);
  q.set("to", base.to);
  if (base.team) q.set("team", base.team);
  for (const [k, v] of Object.entries(extra)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  return `${path}?${q.toString()}`;
}

export const COMPLIANCE_TABLES = ["metric", "channel", "category", "team", "assignee"] as const;
export type ComplianceTable = (typeof COMPLIANCE_TABLES)[number];

/** The text of a key of a dimension (team and staff names come from the server). */
export function keyLabel(t: Translate, dimension: string, key: string, name?: string | null): string {
  const known = (k: string) => {
    const text = t.dynamic(k);
    return text === k ? key : text;
  };
  switch (dimension) {
    case "metric":
      return known(`dashboard.metric.${key}`);
    case "channel":
      return known(`channel.${key}`);
    case "category":
      return known(`category.${key}`);
    case "team":
      return key === "" ? t("dashboard.noTeam") : (name ?? key);
    case "assignee":
      return key === "" ? t("dashboard.unassigned") : (name ?? key);
    case "total":
      return t("dashboard.total");
    default:
      return key;
  }
}

/** "95.2%" — or "—" when nothing was decided. */
export function percent(rate: number | null): string {
  if (rate === null) return "—";
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** The rate as a number for CSV (95.2), empty when none. */
export function percentNumber(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
