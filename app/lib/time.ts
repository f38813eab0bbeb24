// Instants are stored in UTC and shown in Korea Standard Time.
import { DateTime } from "luxon";

export const DESK_ZONE = "Asia/Seoul";

export function kst(instant: Date | number | string): DateTime {
  const d = typeof instant === "string" ? DateTime.fromISO(instant) : DateTime.fromJSDate(new Date(instant));
  return d.setZone(DESK_ZONE);
}

/** "2026-04-30 15:00" in KST. */
export function formatKst(instant: Date | number | string | null | undefined): string {
  if (instant == null) return "";
  return kst(instant).toFormat("yyyy-MM-dd HH:mm");
}

/** "2026-04-30 15:00:07" in KST: for figures that change within a minute. */
export function formatKstSeconds(instant: Date | number | string): string {
  return kst(instant).toFormat("yyyy-MM-dd HH:mm:ss");
}

/** Value for an <input type="datetime-local"> in KST. */
export function toDatetimeLocal(instant: Date | number): string {
  return kst(instant).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** The KST calendar date ("YYYY-MM-DD") of an instant. */
export function kstDate(instant: Date | number): string {
  return kst(instant).toISODate()!;
}

/**
 * Parses an instant from the API (ISO 8601 with an offset) or from a form's datetime-local
 * (no offset: read as KST). Returns null when it is not a real instant.
 */
export function parseInstant(value: string): Date | null {
  const trimmed = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.test(trimmed)) return null;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(trimmed);
  const parsed = hasOffset ? DateTime.fromISO(trimmed, { setZone: true }) : DateTime.fromISO(trimmed, { zone: DESK_ZONE });
  return parsed.isValid ? parsed.toJSDate() : null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: DESK_ZONE }).isValid;
}
