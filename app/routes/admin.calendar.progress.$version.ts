// GET /admin/calendar/progress/:version — JSON progress of the recomputation of running deadlines
// after calendar version :version (the calendar page polls it every second while it runs).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { progressView } from "~/admin/calendar.server";
import { requireStaff } from "~/auth/session.server";
import { recomputationProgress } from "~/sla/calendar-admin.server";

const noStore = { "Cache-Control": "no-store" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, "manager");
  const text = params.version ?? "";
  const version = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  const row = Number.isInteger(version) ? await recomputationProgress(version) : null;
  if (!row) return Response.json({ error: "not_found" }, { status: 404, headers: noStore });
  return Response.json(progressView(row), { headers: noStore });
}
