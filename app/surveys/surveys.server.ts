// The yearly satisfaction survey: a manager launches a campaign; every customer who had a ticket
// in the 12 months before the launch and can be reached (email, else a mobile for SMS) gets one
// invitation with a random link token (only its SHA-256 is stored); /survey/<token> takes one
// answer, which becomes a satisfaction rating (source "survey").
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { satisfactionRatings, surveyCampaigns, surveyInvitations } from "../../db/schema";
import { db, executor, inTransaction } from "../../db/connection";
import { publicUrl } from "~/config/env.server";
import { smsNumber } from "~/notify/address.server";
import { queueNotifications, type NotificationRequest } from "~/notify/queue.server";
import { runningBoss } from "../../jobs/boss-holder";
import { bossDbFor } from "../../jobs/tx";
import { actorLabel, hasRole, type Actor } from "~/tickets/actor";
import { DeskError, forbidden, notFound } from "~/tickets/errors";
import type { LaunchCampaignInput, SurveyAnswerInput } from "~/outages/schemas";

export const SURVEY_INVITE_QUEUE = "surveys.invite";
const DEFAULT_OPEN_DAYS = 30;
const MAX_OPEN_DAYS = 180;
const BATCH = 500;

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

/**
 * Launches a campaign. The invitations are written in batches by the `surveys.invite` job (queued
 * in the same transaction); a process without a job runner writes them before returning.
 */
export async function launchCampaign(input: LaunchCampaignInput, actor: Actor, now = new Date()): Promise<{ campaign: Campaign; invited: number | null }> {
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
  const boss = runningBoss();
  const campaign = await inTransaction(async (tx) => {
    const [row] = await tx.insert(surveyCampaigns).values({ name: input.name, launchedAt: now, launchedBy: actorLabel(actor), closesAt }).returning();
    if (boss) await boss.insert([{ name: SURVEY_INVITE_QUEUE, data: { campaignId: row!.id } }], { db: bossDbFor(tx) });
    return row!;
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

/**
 * One batch: the next eligible customers after `after` (by id) who have no invitation yet. A
 * customer is reached by email when they have one, else by SMS on a mobile number; a customer with
 * only a landline cannot be reached and is skipped, and so is one whose email or mobile was already
 * invited in this campaign under another customer record — nobody gets the same survey twice.
 */
export async function inviteBatch(campaignId: string, after: string | null = null): Promise<{ invited: number; next: string | null }> {
  return db().transaction(async (tx) => {
    // One writer per campaign at a time; a second one waits, then finds the work done.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`survey-invite:${campaignId}`}))`);
    const campaigns = await tx.select().from(surveyCampaigns).where(eq(surveyCampaigns.id, campaignId)).limit(1);
    const campaign = campaigns[0];
    if (!campaign) return { invited: 0, next: null };
    const cutoff = eligibilityCutoff(campaign.launchedAt);
    const candidates = await tx.execute<Candidate>(sql`
      select c.id, c.name, c.email, c.phone
      from customers c
      where (nullif(trim(c.email), '') is not null or nullif(trim(c.phone), '') is not null)
        ${after ? sql`and c.id > ${after}` : sql``}
        and exists (select 1 from tickets t where t.customer_id = c.id and t.received_at >= ${cutoff.toISOString()} and t.received_at <= ${campaign.launchedAt.toISOString()})
        and not exists (select 1 from survey_invitations i where i.campaign_id = ${campaignId} and i.customer_id = c.id)
      order by c.id
      limit ${BATCH}`);
    if (candidates.length === 0) return { invited: 0, next: null };

    const contact = (c: Candidate) => {
      const email = c.email?.trim().toLowerCase() || null;
      const mobile = smsNumber(c.phone);
      return email ? { channel: "email" as const, to: email } : mobile ? { channel: "sms" as const, to: mobile } : null;
    };
    const reachable = candidates.map((c) => ({ c, contact: contact(c) })).filter((x) => x.contact !== null);
    // One invitation per address and campaign: the notification's dedupe key is the address, so an
    // email or mobile already invited under another customer record is skipped.
    const keyOf = (to: string) => `survey:${campaignId}:${to}`;
    const keys = [...new Set(reachable.map((x) => keyOf(x.contact!.to)))];
    const taken = keys.length
      ? await tx.execute<{ key: string }>(sql`select dedupe_key as key from notifications where dedupe_key = any(${`{${keys.map(quoteArrayItem).join(",")}}`}::text[])`)
      : [];
    const seen = new Set(taken.map((t) => t.key));

    const rows: Array<typeof surveyInvitations.$inferInsert> = [];
    const requests: NotificationRequest[] = [];
    const closesAt = campaign.closesAt.toISOString();
    for (const { c, contact: to } of reachable) {
      const key = keyOf(to!.to);
      if (seen.has(key)) continue;
      seen.add(key);
      const token = randomBytes(24).toString("base64url");
      rows.push({ campaignId, customerId: c.id, tokenHash: sha256(token), channel: to!.channel });
      requests.push({
        dedupeKey: key,
        audience: "customer",
        to: to!.to,
        channel: to!.channel,
        locale: "ko",
        template: "survey_invitation",
        payload: { customerName: c.name, campaignName: campaign.name, surveyUrl: surveyUrl(token), closesAt },
      });
    }
    // The advisory lock above makes this the only writer of the campaign: nothing conflicts.
    if (rows.length) await tx.insert(surveyInvitations).values(rows);
    await queueNotifications(tx, requests);
    return { invited: requests.length, next: candidates.length < BATCH ? null : candidates[candidates.length - 1]!.id };
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
  const campaigns = rows.length ? await executor().select().from(surveyCampaigns).where(inArray(surveyCampaigns.id, rows.map((r) => r.id))) : [];
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
  const rows = await executor().select({ at: surveyCampaigns.launchedAt }).from(surveyCampaigns).orderBy(desc(surveyCampaigns.launchedAt)).limit(1);
  return rows[0]?.at ?? null;
}

// ------------------------------------------------------------------------------ answering

export type InvitationState =
  /** Unknown token, a closed campaign, or an invitation that was never sent: one neutral page for all. */
  | { state: "invalid" }
  | { state: "answered" }
  | { state: "open"; campaignName: string; closesAt: Date };

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
export async function answerSurvey(token: string, input: SurveyAnswerInput, now = new Date()): Promise<InvitationState["state"] | "recorded"> {
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

