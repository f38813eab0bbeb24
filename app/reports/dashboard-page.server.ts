// What the /dashboard page loads: the period and team read and checked (dashboard-query.server),
// the teams a manager may pick, the preset periods and every section's figures — as served from
// the page's snapshot (dashboard-snapshot.server, at most a minute old), with the time it was counted.
import type { StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import type { FieldErrors } from "~/core/validation";
import type { DashboardData } from "./dashboard.server";
import { dashboardSnapshot, snapshotLimitMs } from "./dashboard-snapshot.server";
import { readDashboardQuery } from "./dashboard-query.server";
import type { DashboardParams } from "./links";
import { last12Months, lastMonth, thisMonth, type Period } from "./period";
import { listTeams, type TeamRef } from "./scope.server";

type Common = { lang: Lang; teams: TeamRef[]; canPickTeam: boolean; presets: Record<"thisMonth" | "lastMonth" | "last12Months", Period> };
export type DashboardOk = Common & {
  ok: true;
  params: DashboardParams;
  teamName: string | null;
  locked: boolean;
  /** When the figures were counted (the snapshot's time; the view's "as of"). */
  now: string;
  /** Served from a snapshot refreshed every minute (false: counted at this view). */
  snapshot: boolean;
  dashboard: DashboardData;
};
export type DashboardPageData =
  DashboardOk | (Common & { ok: false; errors: FieldErrors; values: { from: string; to: string; team: string } });

/** The page's data, 422 with the field errors when the period or team is not valid. */
export async function loadDashboardPage(
  request: Request,
  user: StaffUser,
  lang: Lang,
  now: Date,
): Promise<{ status: 200 | 422; body: DashboardPageData }> {
  const result = await readDashboardQuery(request, user, lang, now);
  const canPickTeam = user.role === "manager" || user.role === "admin";
  const teams = canPickTeam ? await listTeams() : [];
  const presets = { thisMonth: thisMonth(now), lastMonth: lastMonth(now), last12Months: last12Months(now) };
  if (!result.ok)
    return { status: 422, body: { ok: false, lang, errors: result.errors, values: result.values, teams, canPickTeam, presets } };
  const { period, scope } = result.query;
  const { data: dashboard, computedAt } = await dashboardSnapshot(period, scope, now);
  return {
    status: 200,
    body: {
      ok: true,
      lang,
      params: { from: period.from, to: period.to, team: scope.locked ? "" : (scope.team?.key ?? "") },
      teamName: scope.team?.name ?? null,
      locked: scope.locked,
      teams,
      canPickTeam,
      presets,
      now: computedAt.toISOString(),
      snapshot: snapshotLimitMs() > 0,
      dashboard,
    },
  };
}

/** The refresh button: counts this page's figures now (once, if another view is already at it). */
export async function refreshDashboardPage(request: Request, user: StaffUser, lang: Lang, now: Date): Promise<{ status: 200 | 422 }> {
  const result = await readDashboardQuery(request, user, lang, now);
  if (!result.ok) return { status: 422 };
  await dashboardSnapshot(result.query.period, result.query.scope, now, { refresh: true });
  return { status: 200 };
}
