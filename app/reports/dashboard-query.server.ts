// The query of every dashboard page: period (from/to, KST) and team, checked against who asks.
import { z } from "zod";
import { staffActor, type StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import { fieldErrors, type FieldErrors } from "~/core/validation";
import { translateError } from "~/core/validation";
import { periodQuerySchema, searchObject, type Period } from "./period";
import { resolveScope, type ReportScope } from "./scope.server";

export type DashboardQuery = { period: Period; scope: ReportScope; now: Date };
export type DashboardQueryResult =
  { ok: true; query: DashboardQuery } | { ok: false; errors: FieldErrors; values: { from: string; to: string; team: string } };

const KEYS = ["from", "to", "team"] as const;

/**
 * Reads from/to/team. Bad dates, periods out of order or over 366 days and unknown teams come
 * back as field errors (the page shows them beside the fields, 422); a lead asking for another
 * team's figures is refused with 403.
 */
export async function readDashboardQuery(request: Request, user: StaffUser, lang: Lang, now = new Date()): Promise<DashboardQueryResult> {
  const url = new URL(request.url);
  const raw = searchObject(url, KEYS);
  const values = { from: raw.from ?? "", to: raw.to ?? "", team: raw.team ?? "" };
  const parsed = periodQuerySchema(
    {
      team: z
        .string()
        .max(100, "error.reportTeam")
        .regex(/^[^\u0000-\u001F\u007F]*$/, "error.reportTeam")
        .optional(),
    },
    now,
  ).safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, lang), values };
  const scope = await resolveScope(staffActor(user), parsed.data.team);
  if (!scope.ok) {
    if (scope.status === 422) return { ok: false, errors: { team: translateError(lang, "error.reportTeam") }, values };
    throw new Response(scope.reason === "noTeam" ? "A lead without a team has no figures to see." : "Forbidden", { status: 403 });
  }
  return { ok: true, query: { period: parsed.data.period, scope: scope.scope, now } };
}
