// 서비스 중단 (outages) and 정기 점검 (maintenance windows): the records behind /status, the
// charter's deadlines (eta_notice 3 h, recovery 48 h, maintenance notice 72 h) and the notices to
// subscribed customers. Writing needs a lead or above; every change is one transaction.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql } from "drizzle-orm";
import { maintenanceWindows, outages, outageUpdates, staff } from "~/db/schema";
import { db, executor, inTransaction } from "~/db/connection";
import { publicUrl } from "~/config/env.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { actorLabel, hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, invalidTransition, notFound } from "~/core/errors";
import { isNoticeViolation, outageCompliance, outageDeadlines, type OutageCompliance } from "./rules";
import type { DeclareOutageInput, MaintenanceInput, OutageUpdateInput, PublishEtaInput, ResolveOutageInput } from "./schemas";
import { notifySubscribers } from "./subscriptions.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Clocks differ a little between a browser and the server. */
const CLOCK_SKEW_MS = 60_000;
const YEAR_MS = 366 * 24 * 3_600_000;

export type Outage = typeof outages.$inferSelect;
export type OutageUpdate = typeof outageUpdates.$inferSelect;
export type MaintenanceWindow = typeof maintenanceWindows.$inferSelect;

function requireLead(actor: Actor) {
  if (!hasRole(actor, "lead")) throw forbidden();
}

const fieldError = (field: string, key: string) => new DeskError(422, key, { [field]: key });

// ------------------------------------------------------------------------------- outages

export async function declareOutage(input: DeclareOutageInput, actor: Actor, now = new Date()): Promise<Outage> {
  requireLead(actor);
  const startedAt = input.startedAt ?? now;
  if (startedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError("startedAt", "error.opsStartFuture");
  if (startedAt.getTime() < now.getTime() - YEAR_MS) throw fieldError("startedAt", "error.opsTooOld");
  const { etaNoticeDueAt, recoveryDueAt } = outageDeadlines(startedAt);
  const [row] = await executor()
    .insert(outages)
    .values({
      service: input.service,
      description: input.description,
      startedAt,
      status: "open",
      etaNoticeDueAt,
      recoveryDueAt,
      createdBy: actorLabel(actor),
      createdAt: now,
    })
    .returning();
  return row!;
}

async function lockOutage(tx: Parameters<Parameters<typeof inTransaction>[0]>[0], id: string): Promise<Outage> {
  if (!UUID.test(id)) throw notFound();
  const rows = await tx.select().from(outages).where(eq(outages.id, id)).for("update");
  if (!rows[0]) throw notFound();
  return rows[0];
}

function noticePayload(o: Outage, extra: Record<string, unknown>) {
  return { service: o.service, description: o.description, startedAt: o.startedAt.toISOString(), ...extra };
}

/**
 * Publishes the expected recovery on /status and to subscribers. The first publication meets
 * `eta_notice` when it is no later than 3 hours after the start (a later one is recorded late);
 * publishing again changes the expected recovery. The same ETA twice notifies once.
 */
export async function publishEta(id: string, input: PublishEtaInput, actor: Actor, now = new Date()) {
  requireLead(actor);
  return inTransaction(async (tx) => {
    const o = await lockOutage(tx, id);
    if (o.status !== "open") throw invalidTransition();
    if (input.expectedRecoveryAt.getTime() <= now.getTime()) throw fieldError("expectedRecoveryAt", "error.opsEtaPast");
    const etaMs = input.expectedRecoveryAt.getTime();
    const unchanged = o.expectedRecoveryAt?.getTime() === etaMs && o.etaPublishedAt !== null;
    if (unchanged && !input.message) return { outage: o, notified: 0, late: o.etaPublishedAt!.getTime() > o.etaNoticeDueAt.getTime() };
    const etaPublishedAt = o.etaPublishedAt ?? now;
    const [updated] = await tx
      .update(outages)
      .set({ expectedRecoveryAt: input.expectedRecoveryAt, etaPublishedAt })
      .where(eq(outages.id, o.id))
      .returning();
    const [update] = await tx
      .insert(outageUpdates)
      .values({
        outageId: o.id,
        message: input.message ?? "",
        expectedRecoveryAt: input.expectedRecoveryAt,
        createdBy: actorLabel(actor),
        createdAt: now,
      })
      .returning();
    const notified = await notifySubscribers(
      tx,
      "outage_notice",
      noticePayload(updated!, {
        kind: "eta",
        expectedRecoveryAt: input.expectedRecoveryAt.toISOString(),
        ...(input.message ? { message: input.message } : {}),
      }),
      (sub) => (unchanged ? `outage-update:${o.id}:${update!.id}:${sub}` : `outage-eta:${o.id}:${sub}:${etaMs}`),
    );
    return { outage: updated!, notified, late: etaPublishedAt.getTime() > o.etaNoticeDueAt.getTime() };
  });
}

/** A progress note, optionally with a new expected recovery; every update is sent to subscribers. */
export async function addOutageUpdate(id: string, input: OutageUpdateInput, actor: Actor, now = new Date()) {
  requireLead(actor);
  return inTransaction(async (tx) => {
    const o = await lockOutage(tx, id);
    if (o.status !== "open") throw invalidTransition();
    if (input.expectedRecoveryAt && input.expectedRecoveryAt.getTime() <= now.getTime())
      throw fieldError("expectedRecoveryAt", "error.opsEtaPast");
    let current = o;
    if (input.expectedRecoveryAt) {
      const [updated] = await tx
        .update(outages)
        .set({ expectedRecoveryAt: input.expectedRecoveryAt, etaPublishedAt: o.etaPublishedAt ?? now })
        .where(eq(outages.id, o.id))
        .returning();
      current = updated!;
    }
    const [update] = await tx
      .insert(outageUpdates)
      .values({
        outageId: o.id,
        message: input.message,
        expectedRecoveryAt: input.expectedRecoveryAt ?? null,
        createdBy: actorLabel(actor),
        createdAt: now,
      })
      .returning();
    const eta = current.expectedRecoveryAt;
    const notified = await notifySubscribers(
      tx,
      "outage_notice",
      noticePayload(current, { kind: "update", message: input.message, ...(eta ? { expectedRecoveryAt: eta.toISOString() } : {}) }),
      (sub) => `outage-update:${o.id}:${update!.id}:${sub}`,
    );
    return { outage: current, update: update!, notified };
  });
}

/**
 * Records the recovery. `recovery` is met when service came back within 48 hours of the start.
 * The recovery notice on /status and to subscribers also announces when service returned: if
 * no expected recovery had been published, this notice counts as that announcement (on time
 * only if it is within the 3 hours).
 */
export async function resolveOutage(id: string, input: ResolveOutageInput, actor: Actor, now = new Date()) {
  requireLead(actor);
  return inTransaction(async (tx) => {
    const o = await lockOutage(tx, id);
    if (o.status !== "open") throw invalidTransition();
    const resolvedAt = input.resolvedAt ?? now;
    if (resolvedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError("resolvedAt", "error.opsResolvedFuture");
    if (resolvedAt.getTime() < o.startedAt.getTime()) throw fieldError("resolvedAt", "error.opsResolvedBeforeStart");
    const [updated] = await tx
      .update(outages)
      .set({
        status: "resolved",
        resolvedAt,
        etaPublishedAt: o.etaPublishedAt ?? now,
        expectedRecoveryAt: o.expectedRecoveryAt ?? resolvedAt,
      })
      .where(eq(outages.id, o.id))
      .returning();
    if (input.message) {
      await tx
        .insert(outageUpdates)
        .values({ outageId: o.id, message: input.message, expectedRecoveryAt: null, createdBy: actorLabel(actor), createdAt: now });
    }
    const notified = await notifySubscribers(
      tx,
      "outage_notice",
      noticePayload(updated!, {
        kind: "resolved",
        resolvedAt: resolvedAt.toISOString(),
        ...(input.message ? { message: input.message } : {}),
      }),
      (sub) => `outage-resolved:${o.id}:${sub}`,
    );
    return { outage: updated!, notified };
  });
}

export type OutageView = Outage & { compliance: OutageCompliance; updates: OutageUpdate[] };

export async function getOutage(id: string, now = new Date()): Promise<OutageView> {
  if (!UUID.test(id)) throw notFound();
  const ex = executor();
  const rows = await ex.select().from(outages).where(eq(outages.id, id)).limit(1);
  const o = rows[0];
  if (!o) throw notFound();
  const updates = await ex
    .select()
    .from(outageUpdates)
    .where(eq(outageUpdates.outageId, id))
    .orderBy(desc(outageUpdates.createdAt), desc(outageUpdates.id));
  return { ...o, compliance: outageCompliance(o, now), updates };
}

/** Open outages first, then the most recent ones. */
export async function listOutages(options: { limit?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const rows = await executor()
    .select()
    .from(outages)
    .orderBy(sql`case when ${outages.status} = 'open' then 0 else 1 end`, desc(outages.startedAt))
    .limit(options.limit ?? 50);
  return rows.map((o) => ({ ...o, compliance: outageCompliance(o, now) }));
}

/** Outages that started in [from, to): for the compliance review and the dashboard. */
export async function outagesStartedBetween(from: Date, to: Date, now = new Date()) {
  const rows = await executor()
    .select()
    .from(outages)
    .where(and(gte(outages.startedAt, from), lt(outages.startedAt, to)))
    .orderBy(asc(outages.startedAt));
  return rows.map((o) => ({ ...o, compliance: outageCompliance(o, now) }));
}

// --------------------------------------------------------------------------- maintenance

/**
 * Announces a maintenance window now. It must start in the future (a window already under way
 * cannot be announced in advance) and end after it starts. Less than 72 hours of notice is
 * allowed but recorded as a violation.
 */
export async function scheduleMaintenance(input: MaintenanceInput, actor: Actor, now = new Date()): Promise<MaintenanceWindow> {
  requireLead(actor);
  if (input.startsAt.getTime() <= now.getTime()) throw fieldError("startsAt", "error.opsMaintenancePast");
  if (input.endsAt.getTime() <= input.startsAt.getTime()) throw fieldError("endsAt", "error.opsEndBeforeStart");
  if (input.startsAt.getTime() > now.getTime() + YEAR_MS) throw fieldError("startsAt", "error.opsTooFar");
  return inTransaction(async (tx) => {
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({
        service: input.service,
        description: input.description,
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        announcedAt: now,
        noticeViolation: isNoticeViolation(input.startsAt, now),
        createdBy: actorLabel(actor),
      })
      .returning();
    await notifySubscribers(tx, "maintenance_notice", maintenancePayload(row!, "scheduled"), (sub) => `maintenance:${row!.id}:${sub}`);
    return row!;
  });
}

function maintenancePayload(w: MaintenanceWindow, kind: "scheduled" | "cancelled") {
  return { kind, service: w.service, description: w.description, startsAt: w.startsAt.toISOString(), endsAt: w.endsAt.toISOString() };
}

/** Cancels a window that has not ended; subscribers who heard of it hear of the cancellation. */
export async function cancelMaintenance(id: string, actor: Actor, now = new Date()): Promise<MaintenanceWindow> {
  requireLead(actor);
  if (!UUID.test(id)) throw notFound();
  return inTransaction(async (tx) => {
    const rows = await tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for("update");
    const w = rows[0];
    if (!w) throw notFound();
    if (w.cancelledAt || w.endsAt.getTime() <= now.getTime()) throw invalidTransition();
    const [row] = await tx.update(maintenanceWindows).set({ cancelledAt: now }).where(eq(maintenanceWindows.id, id)).returning();
    await notifySubscribers(
      tx,
      "maintenance_notice",
      maintenancePayload(row!, "cancelled"),
      (sub) => `maintenance-cancelled:${row!.id}:${sub}`,
    );
    return row!;
  });
}

export async function getMaintenance(id: string): Promise<MaintenanceWindow> {
  if (!UUID.test(id)) throw notFound();
  const rows = await executor().select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).limit(1);
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** Upcoming and current windows first (by start), then the most recent past or cancelled ones. */
export async function listMaintenance(options: { limit?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const nowIso = now.toISOString();
  return executor()
    .select()
    .from(maintenanceWindows)
    .orderBy(
      sql`case when ${maintenanceWindows.cancelledAt} is null and ${maintenanceWindows.endsAt} > ${nowIso}::timestamptz then 0 else 1 end`,
      sql`case when ${maintenanceWindows.cancelledAt} is null and ${maintenanceWindows.endsAt} > ${nowIso}::timestamptz then ${maintenanceWindows.startsAt} end asc`,
      desc(maintenanceWindows.startsAt),
    )
    .limit(options.limit ?? 50);
}

/** Windows announced in [from, to) (cancelled ones included, flagged): for the compliance review. */
export async function maintenanceAnnouncedBetween(from: Date, to: Date) {
  return executor()
    .select()
    .from(maintenanceWindows)
    .where(and(gte(maintenanceWindows.announcedAt, from), lt(maintenanceWindows.announcedAt, to)))
    .orderBy(asc(maintenanceWindows.startsAt));
}

// --------------------------------------------------------------------------------- /status

export type PublicOutage = {
  id: string;
  service: string;
  description: string;
  startedAt: string;
  status: "open" | "resolved";
  expectedRecoveryAt: string | null;
  etaPublishedAt: string | null;
  resolvedAt: string | null;
  updates: Array<{ id: string; message: string; expectedRecoveryAt: string | null; createdAt: string }>;
};
export type PublicMaintenance = { id: string; service: string; description: string; startsAt: string; endsAt: string; announcedAt: string };

const RECENTLY_RESOLVED_MS = 24 * 3_600_000;

/**
 * What the public status page shows: open outages (and those resolved in the last 24 hours) with
 * their published updates, and maintenance windows from announcement until they end (not cancelled).
 */
export async function publicStatus(now = new Date()): Promise<{ outages: PublicOutage[]; maintenance: PublicMaintenance[] }> {
  const ex = executor();
  const shown = await ex
    .select()
    .from(outages)
    .where(or(eq(outages.status, "open"), gt(outages.resolvedAt, new Date(now.getTime() - RECENTLY_RESOLVED_MS))))
    .orderBy(sql`case when ${outages.status} = 'open' then 0 else 1 end`, desc(outages.startedAt))
    .limit(50);
  const updates = shown.length
    ? await ex
        .select()
        .from(outageUpdates)
        .where(
          inArray(
            outageUpdates.outageId,
            shown.map((o) => o.id),
          ),
        )
        .orderBy(desc(outageUpdates.createdAt))
    : [];
  const windows = await ex
    .select()
    .from(maintenanceWindows)
    .where(and(isNull(maintenanceWindows.cancelledAt), lte(maintenanceWindows.announcedAt, now), gt(maintenanceWindows.endsAt, now)))
    .orderBy(asc(maintenanceWindows.startsAt))
    .limit(50);
  return {
    outages: shown.map((o) => ({
      id: o.id,
      service: o.service,
      description: o.description,
      startedAt: o.startedAt.toISOString(),
      status: o.status,
      expectedRecoveryAt: o.etaPublishedAt && o.expectedRecoveryAt ? o.expectedRecoveryAt.toISOString() : null,
      etaPublishedAt: o.etaPublishedAt?.toISOString() ?? null,
      resolvedAt: o.resolvedAt?.toISOString() ?? null,
      updates: updates
        .filter((u) => u.outageId === o.id && (u.message !== "" || u.expectedRecoveryAt))
        .map((u) => ({
          id: u.id,
          message: u.message,
          expectedRecoveryAt: u.expectedRecoveryAt?.toISOString() ?? null,
          createdAt: u.createdAt.toISOString(),
        })),
    })),
    maintenance: windows.map((w) => ({
      id: w.id,
      service: w.service,
      description: w.description,
      startsAt: w.startsAt.toISOString(),
      endsAt: w.endsAt.toISOString(),
      announcedAt: w.announcedAt.toISOString(),
    })),
  };
}

// ------------------------------------------------------------------------- deadline alerts

/**
 * For the every-minute job: managers hear once per outage and deadline when an open outage
 * passes its eta_notice deadline with no expected recovery published, or its recovery deadline.
 */
export async function alertOutageDeadlines(now = new Date()): Promise<{ alerts: number }> {
  return db().transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outages)
      .where(
        and(
          eq(outages.status, "open"),
          or(
            and(isNull(outages.etaPublishedAt), lte(outages.etaNoticeDueAt, now)),
            and(isNull(outages.resolvedAt), lte(outages.recoveryDueAt, now)),
          ),
        ),
      );
    if (due.length === 0) return { alerts: 0 };
    let recipients = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, "manager"), eq(staff.active, true)));
    if (recipients.length === 0)
      recipients = await tx
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.role, "admin"), eq(staff.active, true)));
    const requests: NotificationRequest[] = [];
    for (const o of due) {
      const breached: Array<{ metric: "eta_notice" | "recovery"; dueAt: Date }> = [];
      if (!o.etaPublishedAt && o.etaNoticeDueAt.getTime() <= now.getTime())
        breached.push({ metric: "eta_notice", dueAt: o.etaNoticeDueAt });
      if (!o.resolvedAt && o.recoveryDueAt.getTime() <= now.getTime()) breached.push({ metric: "recovery", dueAt: o.recoveryDueAt });
      for (const b of breached) {
        for (const r of recipients) {
          requests.push({
            dedupeKey: `outage-deadline:${o.id}:${b.metric}:${r.id}`,
            audience: "staff",
            recipientStaffId: r.id,
            template: "outage_alert",
            payload: {
              metric: b.metric,
              service: o.service,
              startedAt: o.startedAt.toISOString(),
              dueAt: b.dueAt.toISOString(),
              outageUrl: `${publicUrl()}/desk/outages/${o.id}`,
            },
          });
        }
      }
    }
    await queueNotifications(tx, requests);
    return { alerts: requests.length };
  });
}
