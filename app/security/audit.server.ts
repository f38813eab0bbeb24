// The audit log (SERVICE-STANDARDS §5 비밀 보장): who read or changed what, logins (success and
// failure), permission denials, settings changes, new API tokens. The table is append-only (a
// trigger refuses UPDATE, DELETE and TRUNCATE, migration 0007).
//
// recordAudit never throws into the caller's request: an audit row that cannot be written is
// reported on the error log (masked) and the request goes on. It writes through the pool, not
// the caller's transaction, so a denial recorded just before a rollback is kept.
import { and, desc, eq, gte, ilike, lt, or, sql, type SQL } from "drizzle-orm";
import { auditLog, staff } from "~/db/schema";
import { db } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import { maskText } from "~/core/mask";
import { actorLabel, type Actor } from "~/core/actor";
import { clientIp } from "./client-ip.server";
import { logError } from "~/core/log.server";
import { currentRequest } from "~/core/request-context.server";

import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction } from "./audit-actions";

export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction };

export type AuditEntry = {
  /** Who: an actor label (`staff:<email>`, `token:<name>`, `system:<name>`, `anonymous`), an Actor or a StaffUser. */
  actor: string | Actor | StaffUser;
  /** The staff member behind it, when there is one. */
  staffId?: string | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
};

const MAX_STRING = 1_000;
const MAX_DETAILS_JSON = 8_000;
// What PostgreSQL cannot store in text/jsonb (NUL) or should not (other controls, lone surrogates).
const UNSTORABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it may be stored in the audit log: masked (§7), storable (what cannot be stored is written as an escape, e.g. \u0000), bounded. */
export function auditText(value: string, max = MAX_STRING): string {
  const clean = maskText(value.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function cleanValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return auditText(value);
  if (value === null || typeof value === "number" || typeof value === "boolean") return Number.isNaN(value) ? null : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= 4) return "[…]";
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => cleanValue(v, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
      if (v === undefined || typeof v === "function") continue;
      out[auditText(k, 100)] = cleanValue(v, depth + 1);
    }
    return out;
  }
  return undefined;
}

/** Details as stored: personal numbers masked, control characters replaced, size bounded. */
export function cleanDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const cleaned = (cleanValue(details ?? {}, 0) ?? {}) as Record<string, unknown>;
  const json = JSON.stringify(cleaned);
  return json.length > MAX_DETAILS_JSON ? { truncated: true, excerpt: json.slice(0, MAX_DETAILS_JSON) } : cleaned;
}

function isStaffUser(value: unknown): value is StaffUser {
  return typeof value === "object" && value !== null && "email" in value && "role" in value && !("kind" in value);
}

function actorOf(entry: AuditEntry): { label: string; staffId: string | null } {
  const a = entry.actor;
  if (typeof a === "string") return { label: a, staffId: entry.staffId ?? null };
  if (isStaffUser(a)) return { label: `staff:${a.email}`, staffId: entry.staffId ?? a.id };
  const staffId = a.kind === "staff" ? a.staffId : a.kind === "integration" ? a.staffId : null;
  return { label: actorLabel(a), staffId: entry.staffId ?? staffId };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row an entry becomes (masked, bounded, with the request's id). */
export function auditRow(entry: AuditEntry): Omit<typeof auditLog.$inferInsert, "id" | "at"> {
  const { label, staffId } = actorOf(entry);
  // The request's id (also its X-Request-Id header and on its log line) ties the entry to both.
  const requestId = currentRequest()?.requestId;
  return {
    actor: auditText(label, 300),
    staffId: staffId && UUID.test(staffId) ? staffId : null,
    action: entry.action,
    targetType: entry.targetType ? auditText(entry.targetType, 50) : null,
    targetId: entry.targetId ? auditText(entry.targetId, 300) : null,
    ip: entry.ip ? auditText(entry.ip, 64) : null,
    details: cleanDetails(requestId ? { ...entry.details, requestId } : entry.details),
  };
}

/** Appends one entry to the audit log. Never throws. */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  try {
    await db().insert(auditLog).values(auditRow(entry));
  } catch (error) {
    logError(`audit: could not record ${entry.action}`, error);
  }
}

// ---------------------------------------------------------------- one-line helpers for routes

type Who = StaffUser | Actor;

function whoOf(who: Who): AuditEntry["actor"] {
  return who;
}

/** A staff member (or API client) read a ticket: call from the ticket's loader / GET handler. */
export function auditTicketRead(request: Request, who: Who, ticket: string, details?: Record<string, unknown>): Promise<void> {
  return recordAudit({
    actor: whoOf(who),
    action: "ticket.read",
    targetType: "ticket",
    targetId: ticket,
    ip: clientIp(request),
    details: { path: pathOf(request), ...details },
  });
}

/**
 * How long one view of a ticket page lasts for the audit log. Remix calls the page's loader again
 * after every action and on each live-update revalidation (a `.data` request that carries nothing
 * telling it from a navigation), so the page records a read only when the same person has not
 * read the same ticket there within this many minutes.
 */
export const TICKET_READ_WINDOW_MINUTES = 15;

/** The ticket page was viewed: one ticket.read per person, ticket and page within the window. */
export async function auditTicketView(request: Request, user: StaffUser, ticket: string): Promise<void> {
  const path = pathOf(request);
  try {
    const requestId = currentRequest()?.requestId;
    const details = cleanDetails(requestId ? { path, requestId } : { path });
    await db().transaction(async (tx) => {
      // Serialises parallel revalidations of one view, so the check below sees the other's row.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ticket.read:${user.id}:${ticket}`}))`);
      await tx.execute(sql`
        insert into audit_log (actor, staff_id, action, target_type, target_id, ip, details)
        select ${auditText(`staff:${user.email}`, 300)}, ${user.id}, 'ticket.read', 'ticket', ${auditText(ticket, 300)},
               ${auditIp(clientIp(request))}, ${JSON.stringify(details)}::jsonb
        where not exists (
          select 1 from audit_log
           where target_type = 'ticket' and target_id = ${auditText(ticket, 300)} and action = 'ticket.read'
             and at > now() - make_interval(mins => ${TICKET_READ_WINDOW_MINUTES})
             and staff_id = ${user.id} and details->>'path' = ${path})`);
    });
  } catch (error) {
    logError("audit: could not record ticket.read", error);
  }
}

function auditIp(ip: string | null | undefined): string | null {
  return ip ? auditText(ip, 64) : null;
}

/** A staff member (or API client) changed a ticket: call after the change succeeded. */
export function auditTicketChange(
  request: Request,
  who: Who,
  ticket: string,
  change: string,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(ticketChangeEntry(request, who, ticket, change, details));
}

/** The entry auditTicketChange records (intake writes it in its own call: ADR 0020). */
export function ticketChangeEntry(
  request: Request,
  who: Who,
  ticket: string,
  change: string,
  details?: Record<string, unknown>,
): AuditEntry {
  return {
    actor: whoOf(who),
    action: "ticket.change",
    targetType: "ticket",
    targetId: ticket,
    ip: clientIp(request),
    details: { change, path: pathOf(request), ...details },
  };
}

/** An administrator changed a setting (calendar, policy, user, transport…). */
export function auditSettingsChange(request: Request, who: Who, setting: string, details?: Record<string, unknown>): Promise<void> {
  return recordAudit({
    actor: whoOf(who),
    action: "settings.change",
    targetType: "settings",
    targetId: setting,
    ip: clientIp(request),
    details: { path: pathOf(request), ...details },
  });
}

/** Someone was refused: a role too low, or an object outside what they may see. */
export function auditPermissionDenied(
  request: Request,
  who: Who | null,
  target: { type: string; id: string },
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit({
    actor: who ?? "anonymous",
    action: "permission.denied",
    targetType: target.type,
    targetId: target.id,
    ip: clientIp(request),
    details: { method: request.method, path: pathOf(request), ...details },
  });
}

function pathOf(request: Request): string {
  try {
    return new URL(request.url).pathname;
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------- reading (the admin viewer)

export type AuditFilter = {
  /** Matches the actor label, the staff member's email or name, or the email typed at a failed login. */
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Instants: from inclusive, to exclusive. */
  from?: Date;
  to?: Date;
};

export type AuditRow = {
  id: number;
  at: Date;
  actor: string;
  staffId: string | null;
  staffEmail: string | null;
  staffName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
};

function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function whereOf(filter: AuditFilter, before?: number): SQL | undefined {
  const where: SQL[] = [];
  if (filter.actor) {
    const pattern = `%${likeEscape(filter.actor)}%`;
    where.push(
      or(
        ilike(auditLog.actor, pattern),
        ilike(staff.email, pattern),
        ilike(staff.name, pattern),
        sql`${auditLog.details}->>'email' ilike ${pattern}`,
      )!,
    );
  }
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
  if (filter.from) where.push(gte(auditLog.at, filter.from));
  if (filter.to) where.push(lt(auditLog.at, filter.to));
  if (before !== undefined) where.push(lt(auditLog.id, before));
  return where.length ? and(...where) : undefined;
}

/** Newest first, keyset-paginated on the id (`cursor` = the last id of the previous page). */
export async function listAudit(
  filter: AuditFilter,
  options: { cursor?: number; limit?: number } = {},
): Promise<{ items: AuditRow[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 5_000);
  const rows = await db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      staffId: auditLog.staffId,
      staffEmail: staff.email,
      staffName: staff.name,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      ip: auditLog.ip,
      details: auditLog.details,
    })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.staffId))
    .where(whereOf(filter, options.cursor))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
}
