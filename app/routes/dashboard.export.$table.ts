// /dashboard/export/:table — a dashboard table as CSV (UTF-8 with BOM, Korean headers, RFC 5987
// filename), with the same period, team and filters as the page it came from.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { exportCsv, isExportTable } from "~/reports/exports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "lead");
  if (!isExportTable(params.table)) throw new Response("Not Found", { status: 404 });
  return exportCsv(params.table, request, user, await getLang(request));
}
