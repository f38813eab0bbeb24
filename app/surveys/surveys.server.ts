// The yearly satisfaction survey: a manager launches a campaign; every customer who had a ticket
// in the 12 months before the launch and can be reached (email, else a mobile for SMS) gets one
// invitation with a random link token (only its SHA-256 is stored); /survey/<token> takes one
// answer, which becomes a satisfaction rating (source "survey").
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { satisfactionRatings, surveyCampaigns, surveyInvitations } from "~/db/schema";
import { db, executor, inTransaction, type Database, type Transaction } from "~/db/connection";
import { publicUrl } from "~/config/env.server";
import { smsNumber } from "~/notify/address.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { runningBoss } from "~/core/jobs/boss-holder";
import { bossDbFor } from "~/core/jobs/tx";
import { actorLabel, hasRole, type Actor } from "~/core/actor";
import { DeskError, forbidden, notFound } from "~/core/errors";
import type { LaunchCampaignInput, SurveyAnswerInput } from "~/outages/schemas";

type Executor = Database | Transaction;

export const SURVEY_INVITE_QUEUE = "surveys.invite";
const DEFAULT_OPEN_DAYS = 30;
const MAX_OPEN_DAYS = 180;
const BATCH = 500;
const PREVIEW_BATCH = 5000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function surveyUrl(token: string): string {
  return `${publicUrl()}/survey/${token}`;
}

/** The launch moment minus 12 months: customers with a ticket received since then are invited. */
export function eligibilityCutoff(launchedAt: Date): Date {
  return DateTime.fromJSDate(launchedAt).setZone("Asia/Seoul").minus({ months: 12 }).toJSDate();
}

export type Campaign = typeof surveyCampaigns.$inferSelect;

/** A campaign's period: the KST calendar year of its launch. One campaign, one invitation per customer, per period. */
export function surveyPeriod(at: Date): number {
  return DateTime.fromJSDate(at).setZone("Asia/Seoul").year;
}

/**
 * A launch refused because of another campaign: one already launched in this period ("period"),
 * or one of an earlier period still taking answers ("open"). Says when it was launched and how
 * many were invited.
 */
export class CampaignTaken extends DeskError {
  readonly launchedAt: Date;
  readonly closesAt: Date;
  readonly name: string;
  readonly period: number;
  constructor(
    readonly reason: "period" | "open",
    campaign: Campaign,
    readonly invited: number,
  ) {
    super(409, reason === "period" ? "ops.surveys.taken" : "ops.surveys.stillOpen");
    this.launchedAt = campaign.launchedAt;
    this.closesAt = campaign.closesAt;
    this.name = campaign.name;
    this.period = campaign.period ?? surveyPeriod(campaign.launchedAt);
  }
}

/** The campaign that stops a launch at `now`: this period's, else one still open. */
export async function blockingCampaign(
  tx: Executor,
  now = new Date(),
): Promise<{ reason: "period" | "open"; campaign: Campaign; invited: number } | null> {
  const period = surveyPeriod(now);
  const rows = await tx
    .select()
    .from(surveyCampaigns)
    .where(or(eq(surveyCampaigns.period, period), and(lte(surveyCampaigns.launchedAt, now), gte(surveyCampaigns.closesAt, now))))
    .orderBy(desc(surveyCampaigns.launchedAt));
  const campaign = rows.find((r) => r.period === period) ?? rows[0];
  if (!campaign) return null;
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(surveyInvitations)
    .where(eq(surveyInvitations.campaignId, campaign.id));
  return { reason: campaign.period === period ? "period" : "open", campaign, invited: Number(count?.n ?? 0) };
}

/**
 * Launches a campaign. The invitations are written in batches by the `surveys.invite` job (queued
 * in the same transaction); a process without a job runner writes them before returning. Refused
 * (CampaignTaken, 409) when this period already has a campaign or another one is still open; the
 * unique period in the database refuses a concurrent second launch the same way.
 */
export async function launchCampaign(
  input: LaunchCampaignInput,
  actor: Actor,
  now = new Date(),
): Promise<{ campaign: Campaign; invited: number | null }> {
  if (!hasRole(actor, "manager")) throw forbidden();
  const today = DateTime.fromJSDate(now).setZone("Asia/Seoul").startOf("day");
  let closesAt: Date;
  if (input.closesOn) {
    const day = DateTime.fromISO(input.closesOn, { zone: "Asia/Seoul" });
    if (day < today) throw new DeskError(422, "error.datePast", { closesOn: "error.datePast" });
    if (day > today.plus({ days: MAX_OPEN_DAYS })) throw new DeskError(422, "error.opsCloseTooFar", { closesOn: "error.opsCloseTooFar" });
    closesAt = day.endOf("day").toJSDate();
  } else {
    closesAt = today.plus({ days: DEFAULT_OPEN_DAYS }).endOf("day").toJSDate();
  }
  const period = surveyPeriod(now);
  const boss = runningBoss();
  const campaign = await inTransaction(async (tx) => {
    // Launches one at a time: the second of two clicks waits here, then finds the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('survey-launch'))`);
    const blocking = await blockingCampaign(tx, now);
    if (blocking) throw new CampaignTaken(blocking.reason, blocking.campaign, blocking.invited);
    const [row] = await tx
      .insert(surveyCampaigns)
      .values({ name: input.name, launchedAt: now, launchedBy: actorLabel(actor), closesAt, period })
      .onConflictDoNothing({ target: surveyCampaigns.period })
      .returning();
    if (!row) {
      const taken = await blockingCampaign(tx, now);
      if (taken) throw new CampaignTaken(taken.reason, taken.campaign, taken.invited);
      throw new DeskError(409, "ops.surveys.launchRace");
    }
    if (boss) await boss.insert([{ name: SURVEY_INVITE_QUEUE, data: { campaignId: row.id } }], { db: bossDbFor(tx) });
    return row;
  });
  if (boss) return { campaign, invited: null };
  return { campaign, invited: await inviteAll(campaign.id) };
}

/** Writes every missing invitation of a campaign, batch by batch (safe to repeat or run twice). */
export async function inviteAll(campaignId: string): Promise<number> {
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const step: { invited: number; next: string | null } = await inviteBatch(campaignId, after);
    total += step.invited;
    if (!step.next) return total;
    after = step.next;
  }
}

type Candidate = { id: string; name: string; email: string | null; phone: string | null };

/** What the launch page shows first: the campaign that stops a launch now, else how many a launch would invite. */
export async function launchOutlook(
  now = new Date(),
): Promise<{ blocking: Awaited<ReturnType<typeof blockingCampaign>>; preview: number | null }> {
  const blocking = await blockingCampaign(executor(), now);
  return { blocking, preview: blocking ? null : await previewRecipients(now) };
}

/**
 * The launch's rules, shared by the invitation job and the preview: customers with a ticket
 * received in the 12 months before the launch, with an email or a phone, not yet invited in the
 * period (or, for a campaign from before periods, by this campaign), after `after` by id.
 */
async function candidates(
  tx: Executor,
  rules: { launchedAt: Date; period: number | null; campaignId: string | null },
  after: string | null,
  limit: number,
): Promise<Candidate[]> {
  const cutoff = eligibilityCutoff(rules.launchedAt);
  const invited =
    rules.period !== null ? sql`i.period = ${rules.period}` : rules.campaignId ? sql`i.campaign_id = ${rules.campaignId}` : sql`false`;
  return tx.execute<Candidate>(sql`
    select c.id, c.name, c.email, c.phone
    from customers c
    where (nullif(trim(c.email), '') is not null or nullif(trim(c.phone), '') is not null)
      ${after ? sql`and c.id > ${after}` : sql``}
      and exists (select 1 from tickets t where t.customer_id = c.id and t.received_at >= ${cutoff.toISOString()} and t.received_at <= ${rules.launchedAt.toISOString()})
      and not exists (select 1 from survey_invitations i where i.customer_id = c.id and ${invited})
    order by c.id
    limit ${limit}`);
}

/** How a customer is reached: email when they have one, else SMS on a mobile; a landline only cannot be. */
function contactOf(c: Candidate): { channel: "email" | "sms"; to: string } | null {
  const email = c.email?.trim().toLowerCase() || null;
  const mobile = smsNumber(c.phone);
  return email ? { channel: "email", to: email } : mobile ? { channel: "sms", to: mobile } : null;
}

/**
 * How many customers a launch at `now` would invite, under the launch's own rules (eligible,
 * reachable, not invited in the period, one per address).
 */
export async function previewRecipients(now = new Date()): Promise<number> {
  const rules = { launchedAt: now, period: surveyPeriod(now), campaignId: null };
  const addresses = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const page: Candidate[] = await candidates(executor(), rules, after, PREVIEW_BATCH);
    for (const c of page) {
      const to = contactOf(c);
      if (to) addresses.add(to.to);
    }
    if (page.length < PREVIEW_BATCH) return addresses.size;
    after = page[page.length - 1]!.id;
  }
}

/**
 * One batch: the next eligible customers after `after` (by id) who have no invitation in the
 * period yet. A customer is reached by email when they have one, else by SMS on a mobile number;
 * a customer with only a landline cannot be reached and is skipped, and so is one whose email or
 * mobile was already invited in this campaign under another customer record — nobody gets the
 * same survey twice. The insert skips a customer already invited in the period (the database's
 * unique customer and period), and only the rows it wrote get a notification.
 */
export async function inviteBatch(campaignId: string, after: string | null = null): Promise<{ invited: number; next: string | null }> {
  return db().transaction(async (tx) => {
    // One writer per campaign at a time; a second one waits, then finds the work done.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`survey-invite:${campaignId}`}))`);
    const campaigns = await tx.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, campaignId)).limit(1);
    const campaign = campaigns[0];
    if (!campaign) return { invited: 0, next: null };
    const found = await candidates(tx, { launchedAt: campaign.launchedAt, period: campaign.period, campaignId }, after, BATCH);
    if (found.length === 0) return { invited: 0, next: null };

    const reachable = found.map((c) => ({ c, contact: contactOf(c) })).filter((x) => x.contact !== null);
    // One invitation per address and campaign: the notification's dedupe key is the address, so an
    // email or mobile already invited under another customer record is skipped.
    const keyOf = (to: string) => `survey:${campaignId}:${to}`;
    const keys = [...new Set(reachable.map((x) => keyOf(x.contact!.to)))];
    const taken = keys.length
      ? await tx.execute<{ key: string }>(
          sql`select dedupe_key as key from notifications where dedupe_key = any(${`{${keys.map(quoteArrayItem).join(",")}}`}::text[])`,
        )
      : [];
    const seen = new Set(taken.map((t) => t.key));

    const rows: Array<typeof surveyInvitations.$inferInsert> = [];
    const requests = new Map<string, NotificationRequest>();
    const closesAt = campaign.closesAt.toISOString();
    for (const { c, contact: to } of reachable) {
      const key = keyOf(to!.to);
      if (seen.has(key)) continue;
      seen.add(key);
      const token = randomBytes(24).toString("base64url");
      rows.push({ campaignId, customerId: c.id, tokenHash: sha256(token), channel: to!.channel, period: campaign.period });
      requests.set(c.id, {
        dedupeKey: key,
        audience: "customer",
        to: to!.to,
        channel: to!.channel,
        locale: "ko",
        template: "survey_invitation",
        payload: { customerName: c.name, campaignName: campaign.name, surveyUrl: surveyUrl(token), closesAt },
      });
    }
    // Idempotent: a customer already invited in the period (another campaign's writer, a job run
    // twice) is not written again, and gets no second notification.
    const written = rows.length
      ? await tx.insert(surveyInvitations).values(rows).onConflictDoNothing().returning({ customerId: surveyInvitations.customerId })
      : [];
    const send = written.map((w) => requests.get(w.customerId)!);
    await queueNotifications(tx, send);
    return { invited: send.length, next: found.length < BATCH ? null : found[found.length - 1]!.id };
  });
}

function quoteArrayItem(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export type CampaignSummary = Campaign & { invitations: number; answered: number; average: number | null };

export async function listCampaigns(limit = 50): Promise<CampaignSummary[]> {
  const rows = await executor().execute<{ id: string; invitations: string; answered: string; average: number | null }>(sql`
    select c.id,
      (select count(*) from survey_invitations i where i.campaign_id = c.id) as invitations,
      (select count(*) from survey_invitations i where i.campaign_id = c.id and i.answered_at is not null) as answered,
      (select avg(r.score)::float8 from satisfaction_ratings r join survey_invitations i on i.id = r.survey_invitation_id where i.campaign_id = c.id) as average
    from survey_campaigns c
    order by c.launched_at desc
    limit ${limit}`);
  const campaigns = rows.length
    ? await executor()
        .select()
        .from(surveyCampaigns)
        .where(
          inArray(
            surveyCampaigns.id,
            rows.map((r) => r.id),
          ),
        )
    : [];
  const byId = new Map(campaigns.map((c) => [c.id, c]));
  return rows.map((r) => ({
    ...byId.get(r.id)!,
    invitations: Number(r.invitations),
    answered: Number(r.answered),
    average: r.average === null ? null : Math.round(Number(r.average) * 100) / 100,
  }));
}

/** When the last campaign was launched (for "no survey in 12 months"). */
export async function lastCampaignAt(): Promise<Date | null> {
  const rows = await executor()
    .select({ at: surveyCampaigns.launchedAt })
    .from(surveyCampaigns)
    .orderBy(desc(surveyCampaigns.launchedAt))
    .limit(1);
  return rows[0]?.at ?? null;
}

// ------------------------------------------------------------------------------ answering

export type InvitationState =
  /** Unknown token, a closed campaign, or an invitation that was never sent: one neutral page for all. */
  { state: "invalid" } | { state: "answered" } | { state: "open"; campaignName: string; closesAt: Date };

async function findInvitation(token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const rows = await executor()
    .select({ invitation: surveyInvitations, campaign: surveyCampaigns })
    .from(surveyInvitations)
    .innerJoin(surveyCampaigns, eq(surveyCampaigns.id, surveyInvitations.campaignId))
    .where(eq(surveyInvitations.tokenHash, sha256(token)))
    .limit(1);
  return rows[0] ?? null;
}

export async function invitationState(token: string, now = new Date()): Promise<InvitationState> {
  const found = await findInvitation(token);
  if (!found) return { state: "invalid" };
  if (found.invitation.answeredAt) return { state: "answered" };
  if (found.campaign.closesAt.getTime() < now.getTime()) return { state: "invalid" };
  return { state: "open", campaignName: found.campaign.name, closesAt: found.campaign.closesAt };
}

/** Takes the one answer of an invitation. A second answer is refused (state "answered"), never stored. */
export async function answerSurvey(
  token: string,
  input: SurveyAnswerInput,
  now = new Date(),
): Promise<InvitationState["state"] | "recorded"> {
  const found = await findInvitation(token);
  if (!found) return "invalid";
  if (found.campaign.closesAt.getTime() < now.getTime() && !found.invitation.answeredAt) return "invalid";
  return inTransaction(async (tx) => {
    const claimed = await tx
      .update(surveyInvitations)
      .set({ answeredAt: now })
      .where(and(eq(surveyInvitations.id, found.invitation.id), isNull(surveyInvitations.answeredAt)))
      .returning({ id: surveyInvitations.id });
    if (claimed.length === 0) return "answered";
    await tx.insert(satisfactionRatings).values({
      surveyInvitationId: found.invitation.id,
      source: "survey",
      score: input.score,
      comment: input.comment ?? null,
      recordedBy: "customer:survey",
      createdAt: now,
    });
    return "recorded";
  });
}

export async function getCampaign(id: string): Promise<Campaign> {
  if (!UUID.test(id)) throw notFound();
  const rows = await executor().select().from(surveyCampaigns).where(eq(surveyCampaigns.id, id)).limit(1);
  if (!rows[0]) throw notFound();
  return rows[0];
}
