// GET /admin/audit/export?… — the audit log entries matching the viewer's filters as CSV
// (UTF-8 with BOM, for Excel in Korea), streamed page by page; administrators only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { formatKst, kstDate } from "~/lib/time";
import { BOM, csvField } from "~/reports/csv";
import { listAudit } from "~/security/audit.server";
import { AUDIT_EXPORT_MAX, readAuditQuery } from "~/security/audit-query.server";
import { logError } from "~/core/log.server";
import { translate, translateDynamic } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";

const HEADERS = ["id", "시각 (KST)", "at_utc", "actor", "staff_email", "action", "target_type", "target_id", "ip", "details"];
const PAGE = 2_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin");
  const lang = await getLang(request);
  const { filter, errors } = readAuditQuery(new URL(request.url));
  if (Object.keys(errors).length > 0) {
    const fields = Object.keys(errors)
      .map((k) => translateDynamic(lang, `audit.${k}`))
      .join(", ");
    return new Response(translate(lang, "audit.exportRefused", { fields }), {
      status: 422,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const encoder = new TextEncoder();
  const line = (cells: Array<string | number | null>) => encoder.encode(`${cells.map((c) => csvField(c)).join(",")}\r\n`);
  let cursor: number | undefined;
  let sent = 0;
  // The first page is read before the answer starts: a query that fails is a 500 page, never a
  // 200 whose CSV breaks off after the header.
  let next: Awaited<ReturnType<typeof listAudit>> | null = await listAudit(filter, { limit: Math.min(PAGE, AUDIT_EXPORT_MAX) });
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(BOM));
          controller.enqueue(line(HEADERS));
        }
        const page = next ?? (await listAudit(filter, { cursor, limit: Math.min(PAGE, AUDIT_EXPORT_MAX - sent) }));
        next = null;
        for (const r of page.items) {
          controller.enqueue(
            line([
              r.id,
              formatKst(r.at),
              r.at.toISOString(),
              r.actor,
              r.staffEmail,
              r.action,
              r.targetType,
              r.targetId,
              r.ip,
              JSON.stringify(r.details ?? {}),
            ]),
          );
        }
        sent += page.items.length;
        cursor = page.nextCursor ?? undefined;
        if (page.nextCursor === null || sent >= AUDIT_EXPORT_MAX) controller.close();
      } catch (error) {
        logError("audit export failed:", error);
        controller.error(error);
      }
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${kstDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
