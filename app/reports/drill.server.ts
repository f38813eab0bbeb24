// The lists behind the dashboard's numbers: which list, with which filters, checked the same
// way for the page and its CSV export.
import { z } from "zod";
import { SLA_METRICS, CHANNELS } from "~/db/schema";
import type { StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import { translateError } from "~/core/validation";
import { atRiskSection, breachedOpenSection, guaranteeSection, ratingTickets, unkindnessTickets } from "./dashboard.server";
import { readDashboardQuery, type DashboardQuery } from "./dashboard-query.server";
import { searchObject } from "./period";
import { slaDrill, type DrillDimension } from "./sla-report.server";

export const DRILL_LISTS = ["sla", "at-risk", "breached-open", "guarantee", "unkindness", "satisfaction"] as const;
export type DrillList = (typeof DRILL_LISTS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY = /^[a-z0-9][a-z0-9_-]{0,39}$/;

const drillSchema = z
  .object({
    list: z.enum(DRILL_LISTS, { error: "error.reportList" }),
    dim: z.enum(["metric", "channel", "category", "assignee", "team", "total"], { error: "error.reportGroupBy" }).optional(),
    key: z.string().max(60, "error.invalid").optional(),
    outcome: z.enum(["met", "breached", "running", "all"], { error: "error.invalidChoice" }).optional(),
    cursor: z.string().max(200).optional(),
    overdue: z.enum(["1", "0"], { error: "error.invalidChoice" }).optional(),
    staff: z.string().regex(UUID, "error.invalid").optional(),
    score: z.enum(["1", "2", "3", "4", "5"], { error: "error.invalidChoice" }).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.list !== "sla") return;
    const dim = v.dim ?? "total";
    const key = v.key ?? "";
    const ok =
      dim === "total" ||
      (dim === "metric" && (SLA_METRICS as readonly string[]).includes(key)) ||
      (dim === "channel" && (CHANNELS as readonly string[]).includes(key)) ||
      (dim === "category" && KEY.test(key)) ||
      ((dim === "assignee" || dim === "team") && (key === "none" || UUID.test(key)));
    if (!ok) ctx.addIssue({ code: "custom", path: ["key"], message: "error.invalid" });
  })
  .superRefine((v, ctx) => {
    if (v.list === "unkindness" && !v.staff) ctx.addIssue({ code: "custom", path: ["staff"], message: "error.required" });
  });

export type DrillRequest = z.output<typeof drillSchema> & { dimension: DrillDimension; keyValue: string };

export type DrillRead =
  | { ok: true; query: DashboardQuery; drill: DrillRequest }
  | { ok: false; errors: Record<string, string>; values: { from: string; to: string; team: string } };

/** Period and team (as on the dashboard) plus the list's own filters. A lead gets 403 for another team. */
export async function readDrill(request: Request, user: StaffUser, lang: Lang): Promise<DrillRead> {
  const base = await readDashboardQuery(request, user, lang);
  if (!base.ok) return base;
  const url = new URL(request.url);
  const raw = searchObject(url, ["list", "dim", "key", "outcome", "cursor", "overdue", "staff", "score"]);
  const parsed = drillSchema.safeParse(raw);
  const values = { from: base.query.period.from, to: base.query.period.to, team: url.searchParams.get("team") ?? "" };
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "_"] ??= translateError(lang, issue.message);
    return { ok: false, errors, values };
  }
  const dimension = (parsed.data.dim ?? "total") as DrillDimension;
  const keyValue = (dimension === "assignee" || dimension === "team") && parsed.data.key === "none" ? "" : (parsed.data.key ?? "");
  // A lead's scope is their team; a team dimension naming another team asks for its figures.
  const own = base.query.scope;
  if (own.locked && dimension === "team" && keyValue !== own.team?.id) throw new Response("Forbidden", { status: 403 });
  return { ok: true, query: base.query, drill: { ...parsed.data, dimension, keyValue } };
}

export const DRILL_PAGE = 50;
export const EXPORT_LIMIT = 10_000;

/** The rows of a drill-down list; `limit` is the page (or the export's cap). */
export async function loadDrill(query: DashboardQuery, drill: DrillRequest, limit: number) {
  const { period, scope, now } = query;
  switch (drill.list) {
    case "sla": {
      const result = await slaDrill({
        period,
        teamId: scope.team?.id ?? null,
        dimension: drill.dimension,
        key: drill.keyValue,
        outcome: drill.outcome ?? "all",
        cursor: drill.cursor ?? null,
        now,
        limit,
      });
      return { list: "sla" as const, ...result };
    }
    case "at-risk":
      return { list: "at-risk" as const, ...(await atRiskSection(scope, { now, limit })) };
    case "breached-open":
      return { list: "breached-open" as const, ...(await breachedOpenSection(scope, { now, limit })) };
    case "guarantee":
      return { list: "guarantee" as const, ...(await guaranteeSection(scope, { now, limit, overdueOnly: drill.overdue === "1" })) };
    case "unkindness": {
      const result = await unkindnessTickets(drill.staff!, scope, { now });
      if (!result) throw new Response("Forbidden", { status: scope.locked ? 403 : 404 });
      return { list: "unkindness" as const, ...result };
    }
    case "satisfaction":
      return {
        list: "satisfaction" as const,
        ...(await ratingTickets(period, scope, drill.score ? Number(drill.score) : null, { limit })),
      };
  }
}

export type DrillData = Awaited<ReturnType<typeof loadDrill>>;
