import { contentDisposition } from "~/lib/download.server";
import { toCsv, type CsvCell } from "./csv";

/** A CSV download: UTF-8 with BOM, attachment with an RFC 5987 (UTF-8) filename. */
export function csvResponse(filename: string, headers: string[], rows: CsvCell[][], extraHeaders?: HeadersInit): Response {
  const body = new TextEncoder().encode(toCsv(headers, rows));
  const h = new Headers(extraHeaders);
  h.set("Content-Type", "text/csv; charset=utf-8");
  h.set("Content-Length", String(body.byteLength));
  h.set("Content-Disposition", contentDisposition(filename));
  h.set("Cache-Control", "private, no-store");
  h.set("X-Content-Type-Options", "nosniff");
  return new Response(body, { status: 200, headers: h });
}
