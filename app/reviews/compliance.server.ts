// 이행표준 점검: the monthly standards report. Built once per period (unique index), kept in
// compliance_reports.data, rendered as a react-email and sent once to every active staff member.
//
// SLA figures come from the shared reporting module (app/reports, the dashboard's numbers): a
// timer counts in the month its deadline falls in (KST); met on time = met, met late or past due
// = breached; cancelled timers are left out and running ones not yet due are not decided.
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { complianceReports, staff } from "~/db/schema";
import { db, executor, type Transaction } from "~/db/connection";
import { publicUrl } from "~/config/env.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { maintenanceAnnouncedBetween, outagesStartedBetween } from "~/outages/outages.server";
import { noticeHours } from "~/outages/rules";
import { actorLabel, hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, notFound } from "~/core/errors";
import { slaCube } from "~/reports/sla-report.server";
import { isPastMonth, monthPeriod, rateOf, REPORT_DATA_VERSION, type ComplianceReportData, type DeadlineCounts } from "./report-data";
import { visitCounts } from "~/visits/visits.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EARLIEST_MONTH = "2000-01";

export type ComplianceReport = typeof complianceReports.$inferSelect & { data: ComplianceReportData };

const n = (v: unknown) => Number(v ?? 0);

/** Computes the report's figures for a month (KST); reads only, changes nothing. */
export async function computeReportData(month: string, now = new Date()): Promise<ComplianceReportData> {
  const { start, end, from, to } = monthPeriod(month);
  const ex = executor();
  // Raw SQL takes instants as ISO strings (the driver's Date serializer is off under drizzle).
  const f = from.toISOString();
  const u = to.toISOString();

  const cube = await slaCube({ period: { from: start, to: end }, teamId: null, now, dimensions: ["metric", "channel", "total"] });
  const byMetric = (cube.byDimension.metric ?? [])
    .map((r) => ({ metric: r.key, ...rateOf(r.met, r.breached) }))
    .sort((a, b) => a.metric.localeCompare(b.metric));
  const byChannel = (cube.byDimension.channel ?? [])
    .map((r) => ({ channel: r.key, ...rateOf(r.met, r.breached) }))
    .sort((a, b) => a.channel.localeCompare(b.channel));
  // Breached deadlines of the month whose ticket is still not resolved (same classification as the cube).
  const [open] = await ex.execute<{ still_open: string }>(sql`
    select count(*) as still_open
    from sla_timers s join tickets t on t.id = s.ticket_id
    where s.state <> 'cancelled' and s.due_at >= ${f}::timestamptz and s.due_at < ${u}::timestamptz
      and t.status in ('new', 'open', 'waiting')
      and (s.state = 'breached' or s.breached_at is not null or (s.met_at is not null and s.met_at > s.due_at)
           or (s.state = 'running' and s.due_at <= ${now.toISOString()}::timestamptz))`);

  const [guarantee] = await ex.execute<{ opened: string; closed: string; open_at_end: string }>(sql`
    select
      (select count(*) from guarantee_cases where opened_at >= ${f} and opened_at < ${u}) as opened,
      (select count(*) from guarantee_cases where closed_at >= ${f} and closed_at < ${u}) as closed,
      (select count(*) from guarantee_cases where opened_at < ${u} and (closed_at is null or closed_at >= ${u})) as open_at_end`);

  const ratingRows = await ex.execute<{
    source: string | null;
    score: number | null;
    g_source: number;
    g_score: number;
    count: string;
    average: string | null;
  }>(sql`
    select source, score, grouping(source) as g_source, grouping(score) as g_score, count(*) as count, avg(score)::float8 as average
    from satisfaction_ratings
    where created_at >= ${f} and created_at < ${u}
    group by grouping sets ((source), (score), ())`);
  const ratingTotal = ratingRows.find((r) => n(r.g_source) === 1 && n(r.g_score) === 1);
  const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } as ComplianceReportData["satisfaction"]["distribution"];
  for (const r of ratingRows) {
    if (n(r.g_score) === 0 && r.score !== null && String(r.score) in distribution)
      distribution[String(r.score) as keyof typeof distribution] = n(r.count);
  }

  const [surveys] = await ex.execute<{ campaigns: string; invitations: string; answered: string }>(sql`
    select
      (select count(*) from survey_campaigns where launched_at >= ${f} and launched_at < ${u}) as campaigns,
      (select count(*) from survey_invitations i join survey_campaigns c on c.id = i.campaign_id where c.launched_at >= ${f} and c.launched_at < ${u}) as invitations,
      (select count(*) from survey_invitations where answered_at >= ${f} and answered_at < ${u}) as answered`);

  const praiseRows = await ex.execute<{ name: string; team: string | null; count: string }>(sql`
    select s.name, tm.name as team, count(*) as count
    from staff_praises p join staff s on s.id = p.staff_id left join teams tm on tm.id = s.team_id
    where p.praised_at >= ${f} and p.praised_at < ${u}
    group by s.id, s.name, tm.name order by count(*) desc, s.name`);
  const [unkind] = await ex.execute<{ count: string }>(sql`
    select count(*) as count from unkindness_reports where reported_at >= ${f} and reported_at < ${u}`);

  const visits = await visitCounts(from, to);

  // Outage deadlines as they stood at the end of the month (or now, for a month just ended).
  const asOf = new Date(Math.min(to.getTime(), now.getTime()));
  const outageRows = await outagesStartedBetween(from, to, asOf);
  const counts = (): DeadlineCounts => ({ met: 0, breached: 0, running: 0 });
  const etaNotice = counts();
  const recovery = counts();
  const recoveryMinutes: number[] = [];
  for (const o of outageRows) {
    etaNotice[o.compliance.etaNotice]++;
    recovery[o.compliance.recovery]++;
    if (o.resolvedAt && o.resolvedAt.getTime() < to.getTime() && o.compliance.recoveryMinutes !== null)
      recoveryMinutes.push(o.compliance.recoveryMinutes);
  }
  const windows = await maintenanceAnnouncedBetween(from, to);

  return {
    version: REPORT_DATA_VERSION,
    period: { start, end, from: from.toISOString(), to: to.toISOString() },
    generatedAt: now.toISOString(),
    source: "reports",
    sla: { total: rateOf(cube.total.met, cube.total.breached), byMetric, byChannel },
    breaches: {
      total: cube.total.breached,
      byMetric: byMetric.filter((m) => m.breached > 0).map((m) => ({ metric: m.metric, count: m.breached })),
      stillOpen: n(open?.still_open),
    },
    guarantee: { opened: n(guarantee?.opened), closed: n(guarantee?.closed), openAtEnd: n(guarantee?.open_at_end) },
    satisfaction: {
      count: n(ratingTotal?.count),
      average: ratingTotal?.average == null ? null : Math.round(Number(ratingTotal.average) * 100) / 100,
      distribution,
      bySource: ratingRows
        .filter((r) => n(r.g_source) === 0)
        .map((r) => ({
          source: r.source!,
          count: n(r.count),
          average: r.average == null ? null : Math.round(Number(r.average) * 100) / 100,
        }))
        .sort((a, b) => a.source.localeCompare(b.source)),
    },
    outages: {
      count: outageRows.length,
      etaNotice,
      recovery,
      averageRecoveryMinutes: recoveryMinutes.length
        ? Math.round(recoveryMinutes.reduce((a, b) => a + b, 0) / recoveryMinutes.length)
        : null,
      items: outageRows.map((o) => ({
        id: o.id,
        service: o.service,
        startedAt: o.startedAt.toISOString(),
        resolvedAt: o.resolvedAt?.toISOString() ?? null,
        etaNotice: o.compliance.etaNotice,
        recovery: o.compliance.recovery,
        recoveryMinutes: o.compliance.recoveryMinutes,
      })),
    },
    maintenance: {
      count: windows.length,
      violations: windows.filter((w) => w.noticeViolation).length,
      cancelled: windows.filter((w) => w.cancelledAt).length,
      items: windows.map((w) => ({
        id: w.id,
        service: w.service,
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
        announcedAt: w.announcedAt.toISOString(),
        noticeHours: Math.round(noticeHours(w.startsAt, w.announcedAt) * 10) / 10,
        noticeViolation: w.noticeViolation,
        cancelled: w.cancelledAt !== null,
      })),
    },
    surveys: { campaigns: n(surveys?.campaigns), invitations: n(surveys?.invitations), answered: n(surveys?.answered) },
    staffVoice: { praise: praiseRows.map((r) => ({ name: r.name, team: r.team, count: n(r.count) })), unkindness: n(unkind?.count) },
    visits,
  };
}

export function reportUrl(id: string): string {
  return `${publicUrl()}/desk/reviews/${id}`;
}

export type BuildResult = { report: ComplianceReport; created: boolean; sentTo: number };

/**
 * Builds the report of a past month once (a second call, by the job or a manager, finds the
 * stored one) and publishes it: one `compliance_report` email per active staff member, once.
 */
export async function buildComplianceReport(month: string, createdBy: string, now = new Date()): Promise<BuildResult> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month < EARLIEST_MONTH)
    throw new DeskError(422, "error.opsMonth", { month: "error.opsMonth" });
  if (!isPastMonth(month, now)) throw new DeskError(422, "error.opsMonthNotOver", { month: "error.opsMonthNotOver" });
  const { start, end } = monthPeriod(month);
  let created = false;
  const existing = await findByPeriod(start, end);
  if (!existing) {
    const data = await computeReportData(month, now);
    const inserted = await db()
      .insert(complianceReports)
      .values({ periodStart: start, periodEnd: end, data, createdBy, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: complianceReports.id });
    created = inserted.length > 0;
  }
  const sentTo = await db().transaction((tx) => sendReport(tx, start, end, now));
  const report = await findByPeriod(start, end);
  if (!report) throw new Error(`compliance report ${start}..${end} vanished`);
  return { report, created, sentTo };
}

/** Sends a stored, unsent report to every active staff member (one notification each) and marks it sent. */
async function sendReport(tx: Transaction, start: string, end: string, now: Date): Promise<number> {
  const rows = await tx
    .select()
    .from(complianceReports)
    .where(and(eq(complianceReports.periodStart, start), eq(complianceReports.periodEnd, end)))
    .for("update");
  const report = rows[0];
  if (!report || report.sentAt) return 0;
  const people = await tx.select({ id: staff.id }).from(staff).where(eq(staff.active, true)).orderBy(asc(staff.id));
  const data = report.data as ComplianceReportData;
  const requests: NotificationRequest[] = people.map((p) => ({
    dedupeKey: `compliance:${report.id}:${p.id}`,
    audience: "staff",
    recipientStaffId: p.id,
    template: "compliance_report",
    payload: { reportUrl: reportUrl(report.id), data },
  }));
  for (let i = 0; i < requests.length; i += 500) await queueNotifications(tx, requests.slice(i, i + 500));
  await tx.update(complianceReports).set({ sentAt: now }).where(eq(complianceReports.id, report.id));
  return requests.length;
}

async function findByPeriod(start: string, end: string): Promise<ComplianceReport | null> {
  const rows = await executor()
    .select()
    .from(complianceReports)
    .where(and(eq(complianceReports.periodStart, start), eq(complianceReports.periodEnd, end)))
    .limit(1);
  return (rows[0] as ComplianceReport | undefined) ?? null;
}

/** For a manager's "build now" in the desk. */
export async function buildReportOnDemand(month: string, actor: Actor, now = new Date()): Promise<BuildResult> {
  if (!hasRole(actor, "manager")) throw forbidden();
  return buildComplianceReport(month, actorLabel(actor), now);
}

export async function listReports(limit = 120) {
  return executor()
    .select({
      id: complianceReports.id,
      periodStart: complianceReports.periodStart,
      periodEnd: complianceReports.periodEnd,
      createdAt: complianceReports.createdAt,
      createdBy: complianceReports.createdBy,
      sentAt: complianceReports.sentAt,
    })
    .from(complianceReports)
    .orderBy(desc(complianceReports.periodStart))
    .limit(limit);
}

export async function getReport(id: string): Promise<ComplianceReport> {
  if (!UUID.test(id)) throw notFound();
  const rows = await executor().select().from(complianceReports).where(eq(complianceReports.id, id)).limit(1);
  if (!rows[0]) throw notFound();
  return rows[0] as ComplianceReport;
}
