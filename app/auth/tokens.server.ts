import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { apiTokens, staff, type StaffRole } from "../../db/schema";
import { db } from "../../db/connection";
import type { Actor } from "~/tickets/actor";
import { recordAudit, type AuditEntry } from "~/security/audit.server";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Creates a bearer token; the token itself is returned once and only its hash is stored. The
 * creation is in the audit log (`token.create`), by `createdBy` (default: the command line).
 */
export async function createApiToken(input: { name: string; role: StaffRole; staffId?: string | null; createdBy?: AuditEntry["actor"]; ip?: string | null }) {
  const token = `ssd_${randomBytes(24).toString("base64url")}`;
  const [row] = await db()
    .insert(apiTokens)
    .values({ name: input.name, role: input.role, staffId: input.staffId ?? null, tokenHash: hashToken(token) })
    .returning({ id: apiTokens.id });
  await recordAudit({
    actor: input.createdBy ?? "system:cli",
    action: "token.create",
    targetType: "token",
    targetId: row.id,
    ip: input.ip ?? null,
    details: { name: input.name, role: input.role, forStaffId: input.staffId ?? null },
  });
  return { id: row.id, token };
}

/** The actor behind `Authorization: Bearer <token>`, or null. */
export async function authenticateBearer(header: string | null): Promise<Actor | null> {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_\-.~+/]{8,200}=*)\s*$/);
  if (!match) return null;
  const rows = await db()
    .select({ token: apiTokens, staffActive: staff.active, staffTeamId: staff.teamId })
    .from(apiTokens)
    .leftJoin(staff, eq(staff.id, apiTokens.staffId))
    .where(and(eq(apiTokens.tokenHash, hashToken(match[1])), isNull(apiTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row || row.staffActive === false) return null;
  // Kept to the minute: one write per token per minute, not one per request (every request of a
  // busy integration updating the same row queued them behind each other's row lock).
  const now = new Date();
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() >= 60_000) {
    await db()
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.id, row.token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - 60_000)))));
  }
  return {
    kind: "integration",
    tokenId: row.token.id,
    name: row.token.name,
    role: row.token.role,
    staffId: row.token.staffId,
    teamId: row.staffTeamId ?? null,
  };
}
