import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, staff, type TokenRole } from "~/db/schema";
import { db } from "~/db/connection";
import type { Actor } from "~/core/actor";
import { recordAudit, type AuditEntry } from "~/security/audit.server";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a bearer token; the token itself is returned once and only its hash is stored. The
 * creation is in the audit log (`token.create`), by `createdBy` (default: the command line).
 */
export async function createApiToken(input: {
  name: string;
  role: TokenRole;
  staffId?: string | null;
  expiresAt?: Date | null;
  createdBy?: AuditEntry["actor"];
  ip?: string | null;
}) {
  const token = `ssd_${randomBytes(24).toString("base64url")}`;
  const [row] = await db()
    .insert(apiTokens)
    .values({
      name: input.name,
      role: input.role,
      staffId: input.staffId ?? null,
      tokenHash: hashToken(token),
      expiresAt: input.expiresAt ?? null,
    })
    .returning({ id: apiTokens.id });
  await recordAudit({
    actor: input.createdBy ?? "system:cli",
    action: "token.create",
    targetType: "token",
    targetId: row.id,
    ip: input.ip ?? null,
    details: { name: input.name, role: input.role, forStaffId: input.staffId ?? null, expiresAt: input.expiresAt ?? null },
  });
  return { id: row.id, token };
}

/** Whether `Authorization: Bearer <token>` may read GET /metrics: a live token of role admin or metrics. */
export async function mayReadMetrics(header: string | null): Promise<boolean> {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_\-.~+/]{8,200}=*)\s*$/);
  if (!match) return false;
  const rows = await db().execute<{ role: string; staff_active: boolean | null }>(sql`
    select t.role, s.active as staff_active
    from api_tokens t left join staff s on s.id = t.staff_id
    where t.token_hash = ${hashToken(match[1])} and t.revoked_at is null
    limit 1`);
  const row = rows[0];
  return !!row && row.staff_active !== false && (row.role === "admin" || row.role === "metrics");
}

/** The actor behind `Authorization: Bearer <token>`, or null (a metrics token opens nothing but /metrics). */
export async function authenticateBearer(header: string | null): Promise<Actor | null> {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_\-.~+/]{8,200}=*)\s*$/);
  if (!match) return null;
  // Every API request comes through here: plain SQL, as building the query costs more CPU than
  // running it.
  const rows = await db().execute<{
    id: string;
    name: string;
    role: TokenRole;
    staff_id: string | null;
    last_used_at: string | Date | null;
    staff_active: boolean | null;
    staff_team_id: string | null;
  }>(sql`
    select t.id, t.name, t.role, t.staff_id, t.last_used_at, s.active as staff_active, s.team_id as staff_team_id
    from api_tokens t left join staff s on s.id = t.staff_id
    where t.token_hash = ${hashToken(match[1])} and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())
    limit 1`);
  const row = rows[0];
  if (!row || row.staff_active === false || row.role === "metrics") return null;
  // Kept to the minute: one write per token per minute, not one per request (every request of a
  // busy integration updating the same row queued them behind each other's row lock). Requests
  // that find the row being written already skip it rather than wait: they would write the same.
  const now = new Date();
  const lastUsedAt = row.last_used_at === null ? null : new Date(row.last_used_at);
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= 60_000) {
    await db().execute(sql`
      update api_tokens set last_used_at = ${now.toISOString()}::timestamptz
      where id = (
        select id from api_tokens
        where id = ${row.id} and (last_used_at is null or last_used_at < ${new Date(now.getTime() - 60_000).toISOString()}::timestamptz)
        for update skip locked)`);
  }
  return {
    kind: "integration",
    tokenId: row.id,
    name: row.name,
    role: row.role,
    staffId: row.staff_id,
    teamId: row.staff_team_id ?? null,
  };
}

/** Every token, newest first, for the administrator's list (never the hash). */
export async function listApiTokens() {
  return db()
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      role: apiTokens.role,
      staffName: staff.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      expiresAt: apiTokens.expiresAt,
    })
    .from(apiTokens)
    .leftJoin(staff, eq(staff.id, apiTokens.staffId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes a token at once (it stops authenticating on the next request); null if there is no such live token. */
export async function revokeApiToken(id: string, by: AuditEntry["actor"], ip: string | null): Promise<{ name: string } | null> {
  const [row] = await db()
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  if (!row) return null;
  await recordAudit({ actor: by, action: "token.revoke", targetType: "token", targetId: row.id, ip, details: { name: row.name } });
  return { name: row.name };
}
