// The audit viewer's filters, read from the query string (the page and its CSV export share them).
import { DateTime } from "luxon";
import { DESK_ZONE, isCalendarDate } from "~/lib/time";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "./audit-actions";
import type { AuditFilter } from "./audit.server";

/** The most rows one CSV export holds (narrow the dates for more). */
export const AUDIT_EXPORT_MAX = 100_000;

export type AuditQuery = {
  filter: AuditFilter;
  /** What the form shows again. */
  values: { actor: string; action: string; targetType: string; targetId: string; from: string; to: string };
  /** Field → message key, for dates that could not be read. */
  errors: Record<string, string>;
  cursor?: number;
};

const CONTROL = /[\u0000-\u001F\u007F]|[\uD800-\uDFFF]/g;

function text(url: URL, name: string, max: number): string {
  return (url.searchParams.get(name) ?? "").replace(CONTROL, "").trim().slice(0, max);
}

export function readAuditQuery(url: URL): AuditQuery {
  const values = {
    actor: text(url, "actor", 100),
    action: text(url, "action", 40),
    targetType: text(url, "targetType", 20),
    targetId: text(url, "targetId", 300),
    from: text(url, "from", 10),
    to: text(url, "to", 10),
  };
  const errors: Record<string, string> = {};
  const filter: AuditFilter = {};
  if (values.actor) filter.actor = values.actor;
  if ((AUDIT_ACTIONS as readonly string[]).includes(values.action)) filter.action = values.action;
  else values.action = "";
  if ((AUDIT_TARGET_TYPES as readonly string[]).includes(values.targetType)) filter.targetType = values.targetType;
  else values.targetType = "";
  if (values.targetId) filter.targetId = values.targetId;
  for (const key of ["from", "to"] as const) {
    const v = values[key];
    if (!v) continue;
    // Years before 1900 are typing mistakes (and year 1 in Seoul is year 0 in UTC, which PostgreSQL refuses).
    if (!isCalendarDate(v) || v < "1900-01-01") {
      errors[key] = "audit.invalidDate";
      continue;
    }
    const day = DateTime.fromISO(v, { zone: DESK_ZONE }).startOf("day");
    // "to" includes its whole day.
    if (key === "from") filter.from = day.toJSDate();
    else filter.to = day.plus({ days: 1 }).toJSDate();
  }
  if (filter.from && filter.to && filter.from.getTime() >= filter.to.getTime()) errors.to = "audit.dateOrder";
  const rawCursor = url.searchParams.get("cursor") ?? "";
  const cursor = /^\d{1,15}$/.test(rawCursor) ? Number(rawCursor) : undefined;
  return { filter, values, errors, cursor };
}

/** The query string of these values (empty ones left out), plus extra parameters. */
export function auditSearch(values: AuditQuery["values"], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
