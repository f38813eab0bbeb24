// GET /api/v1/reports/sla?from=YYYY-MM-DD&to=YYYY-MM-DD&groupBy=channel|category|metric|assignee[&team=]
// → { rows: [ { key, met, breached, running, complianceRate } ] } (docs/REPORTS.md has the definitions).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleApi, json, methodNotAllowed, ProblemResponse, requireApiActor, validate } from "~/api/api.server";
import { problem } from "~/api/problem.server";
import { periodQuerySchema, searchObject } from "~/reports/period";
import { resolveScope } from "~/reports/scope.server";
import { GROUP_BYS, slaReportRows } from "~/reports/sla-report.server";

const QUERY_KEYS = ["from", "to", "groupBy", "team"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    const actor = await requireApiActor(request);
    const url = new URL(request.url);
    const q = validate(
      periodQuerySchema({
        groupBy: z.enum(GROUP_BYS, { error: "error.reportGroupBy" }).default("metric"),
        team: z.string().max(100, "error.reportTeam").optional(),
      }),
      searchObject(url, QUERY_KEYS),
    );
    const scope = await resolveScope(actor, q.team);
    if (!scope.ok) {
      if (scope.status === 422) {
        throw new ProblemResponse(
          problem(422, "Some values in the request are missing or invalid; `errors` says which.", { errors: { team: "error.reportTeam" } }),
        );
      }
      const detail =
        scope.reason === "noTeam"
          ? "A lead's token must belong to a staff member with a team: the report is limited to that team."
          : q.team
            ? "A lead may read only their own team's figures."
            : "Reports need the lead role or higher.";
      throw new ProblemResponse(problem(403, detail));
    }
    const team = scope.scope.team;
    const rows = await slaReportRows({ period: q.period, groupBy: q.groupBy, teamId: team?.id ?? null });
    return json({ from: q.period.from, to: q.period.to, groupBy: q.groupBy, team: team?.key ?? null, rows });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
