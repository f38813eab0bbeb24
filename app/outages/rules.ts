// The charter's outage and maintenance rules, pure (shared by the desk, /status, the dashboard
// and the jobs). Outage deadlines are counted in calendar hours: plain elapsed time, nights,
// weekends and holidays included.
export const HOUR_MS = 3_600_000;

/** The expected recovery is announced within 3 calendar hours of the outage's start (`eta_notice`). */
export const ETA_NOTICE_HOURS = 3;
/** Service is restored within 48 calendar hours (`recovery`). */
export const RECOVERY_HOURS = 48;
/** Scheduled maintenance is announced at least 72 hours before it starts. */
export const MAINTENANCE_NOTICE_HOURS = 72;

export function outageDeadlines(startedAt: Date): { etaNoticeDueAt: Date; recoveryDueAt: Date } {
  return {
    etaNoticeDueAt: new Date(startedAt.getTime() + ETA_NOTICE_HOURS * HOUR_MS),
    recoveryDueAt: new Date(startedAt.getTime() + RECOVERY_HOURS * HOUR_MS),
  };
}

/**
 * The state of one outage deadline, like an SLA timer's: `met` (done by the deadline), `breached`
 * (done late, or past due and still not done), `running` (not done, not yet due).
 */
export type DeadlineState = "running" | "met" | "breached";

export function deadlineState(dueAt: Date, doneAt: Date | null, now: Date): DeadlineState {
  if (doneAt) return doneAt.getTime() <= dueAt.getTime() ? "met" : "breached";
  return now.getTime() > dueAt.getTime() ? "breached" : "running";
}

export type OutageTimes = {
  startedAt: Date;
  etaNoticeDueAt: Date;
  etaPublishedAt: Date | null;
  recoveryDueAt: Date;
  resolvedAt: Date | null;
};

export type OutageCompliance = {
  etaNotice: DeadlineState;
  recovery: DeadlineState;
  /** How late the expected recovery was (or still is) announced, in minutes; 0 when on time. */
  etaNoticeLateMinutes: number;
  /** Minutes from the start to recovery (null while open). */
  recoveryMinutes: number | null;
};

export function outageCompliance(o: OutageTimes, now: Date): OutageCompliance {
  const late = (due: Date, done: Date | null) => Math.max(0, Math.floor(((done ?? now).getTime() - due.getTime()) / 60_000));
  return {
    etaNotice: deadlineState(o.etaNoticeDueAt, o.etaPublishedAt, now),
    recovery: deadlineState(o.recoveryDueAt, o.resolvedAt, now),
    etaNoticeLateMinutes: late(o.etaNoticeDueAt, o.etaPublishedAt),
    recoveryMinutes: o.resolvedAt ? Math.round((o.resolvedAt.getTime() - o.startedAt.getTime()) / 60_000) : null,
  };
}

/** Hours of notice a maintenance window was given (may be fractional). */
export function noticeHours(startsAt: Date, announcedAt: Date): number {
  return (startsAt.getTime() - announcedAt.getTime()) / HOUR_MS;
}

/** Less than 72 hours between the announcement and the start: allowed, but a violation of the charter. */
export function isNoticeViolation(startsAt: Date, announcedAt: Date): boolean {
  return startsAt.getTime() - announcedAt.getTime() < MAINTENANCE_NOTICE_HOURS * HOUR_MS;
}

/** A window is shown on /status from its announcement until it ends, unless cancelled. */
export function maintenanceVisible(w: { announcedAt: Date; endsAt: Date; cancelledAt: Date | null }, now: Date): boolean {
  return !w.cancelledAt && w.announcedAt.getTime() <= now.getTime() && w.endsAt.getTime() > now.getTime();
}
