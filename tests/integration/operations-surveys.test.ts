// The yearly satisfaction survey against a real database: one invitation per reachable customer
// of the last 12 months (email first, else SMS; the same address never twice), the one-time
// answer page, and the manager's launch page.
import { eq, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { notifications, satisfactionRatings, surveyInvitations } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket } from "~/tickets/tickets.server";
import type { TicketIntake } from "~/tickets/schemas";
import { answerSurvey, inviteAll, invitationState, launchCampaign, listCampaigns, previewRecipients } from "~/surveys/surveys.server";
import { action as surveyAction, loader as surveyLoader } from "~/routes/survey.$token";
import { action as launchAction, loader as surveysLoader } from "~/routes/desk.surveys._index";
import { useTestDatabase } from "../support/db";
import { masked } from "~/core/masked-text";
import { blockingMessage } from "~/surveys/launch";
import { translator } from "~/i18n/i18n";
import { call } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const DAY = 24 * 3_600_000;

async function ticketFor(customer: TicketIntake["customer"], daysAgo: number, channel: TicketIntake["channel"] = "web") {
  const t = await createTicket(
    { channel, category: "general", subject: "문의", body: "내용", customer, callbackRequested: false, resolvedOnContact: false },
    { kind: "system" },
  );
  await db().execute(
    sql`update tickets set received_at = ${new Date(Date.now() - daysAgo * DAY).toISOString()} where reference = ${t.reference}`,
  );
}

let seeded: { manager: Awaited<ReturnType<typeof createStaffMember>>; agent: Awaited<ReturnType<typeof createStaffMember>> } | undefined;
async function seed() {
  if (seeded) return seeded;
  const manager = await createStaffMember({ email: "manager@sv.test", name: "최민수", role: "manager", password: "pw-123456789" });
  const agent = await createStaffMember({
    email: "agent@sv.test",
    name: "김하늘",
    role: "agent",
    team: "complaints-1",
    password: "pw-123456789",
  });
  await ticketFor({ name: "이메일고객", email: "Email@Example.com" }, 60);
  await ticketFor({ name: "이메일고객", email: "Email@Example.com" }, 30); // a second ticket: still one invitation
  await ticketFor({ name: "문자고객", phone: "010-5555-6666" }, 180, "sms");
  await ticketFor({ name: "유선고객", phone: "02-123-4567" }, 10, "phone"); // landline only: cannot be reached
  await ticketFor({ name: "오래된고객", email: "old@example.com" }, 400); // more than 12 months ago
  await ticketFor({ name: "같은주소", email: "email@example.com", phone: "010-7777-8888" }, 5); // another record, same email
  seeded = { manager, agent };
  return seeded;
}

const tokenOf = (url: unknown) => String(url).split("/survey/")[1]!;

describe("before launching", () => {
  it("the page shows how many customers will be invited, and refuses to launch without the confirmation, keeping what was typed", async () => {
    const { manager } = await seed();
    const m = (await startSession(new Request(BASE), manager.id)).split(";")[0]!;
    expect(await previewRecipients()).toBe(2);
    const page = await call(surveysLoader, new Request(`${BASE}/desk/surveys`, { headers: { Cookie: m } }));
    expect(page.preview).toBe(2);
    expect(page.current).toBeNull();
    const post = (fields: Record<string, string>, lang = "") =>
      new Request(`${BASE}/desk/surveys${lang}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: m } });
    const refused = (await call(launchAction, post({ name: "올해 조사", closesOn: "" }))) as any;
    expect(refused.init.status).toBe(422);
    expect(refused.data.errors.confirm).toBe("되돌릴 수 없는 작업입니다. '확인했습니다'에 표시한 뒤 다시 보내 주세요.");
    expect(refused.data.values.name).toBe("올해 조사");
    const english = (await call(launchAction, post({ name: "This year", closesOn: "" }, "?lang=en"))) as any;
    expect(english.data.errors.confirm).toBe("This cannot be undone. Tick 'I confirm' and send again.");
    expect(english.data.values.name).toBe("This year");
    expect(await listCampaigns()).toHaveLength(0);
    expect(await db().select().from(notifications).where(eq(notifications.template, "survey_invitation"))).toHaveLength(0);
  });
});

describe("launching a campaign", () => {
  it("invites each reachable customer of the last 12 months once, email first, else SMS", async () => {
    const { manager, agent } = await seed();
    const actor = staffActor({ ...manager, locale: "ko" });
    await expect(
      launchCampaign({ name: masked("조사"), closesOn: undefined }, staffActor({ ...agent, locale: "ko" })),
    ).rejects.toMatchObject({ status: 403 });
    const { campaign, invited } = await launchCampaign({ name: masked("2026년 고객 만족도 조사"), closesOn: undefined }, actor);
    expect(invited).toBe(2);
    expect(campaign.closesAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);

    const sent = await db().select().from(notifications).where(eq(notifications.template, "survey_invitation"));
    expect(sent.map((n) => [n.channel, n.toAddress]).sort()).toEqual([
      ["email", "email@example.com"],
      ["sms", "+821055556666"],
    ]);
    expect(sent.every((n) => n.status === "queued")).toBe(true);
    expect(sent[0]!.payload).toMatchObject({ campaignName: "2026년 고객 만족도 조사" });
    expect(tokenOf(sent[0]!.payload.surveyUrl)).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const invitations = await db().select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaign.id));
    expect(invitations).toHaveLength(2);
    // Only hashes are stored.
    const tokens = sent.map((n) => tokenOf(n.payload.surveyUrl));
    expect(invitations.map((i) => i.tokenHash)).not.toEqual(expect.arrayContaining(tokens));

    // Running the invitation job again adds nobody.
    expect(await inviteAll(campaign.id)).toBe(0);
    expect(await db().select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaign.id))).toHaveLength(2);
    const [summary] = await listCampaigns();
    expect(summary).toMatchObject({ invitations: 2, answered: 0, average: null });
  });
});

describe("a second launch in the same period (issue 20)", () => {
  const perCustomer = async () =>
    (
      await db().execute<{ customer_id: string; n: number }>(
        sql`select customer_id, count(*)::int as n from survey_invitations group by customer_id`,
      )
    ).map((r) => r.n);
  const perAddress = async () =>
    (
      await db().execute<{ n: number }>(
        sql`select count(*)::int as n from notifications where template = 'survey_invitation' group by to_address`,
      )
    ).map((r) => r.n);

  it("a second click a minute later invites nobody again and is refused, saying when the first was launched and how many were invited", async () => {
    const { manager } = await seed();
    const actor = staffActor({ ...manager, locale: "ko" });
    const before = await db().select().from(surveyInvitations);
    expect(before).toHaveLength(2);
    const again = launchCampaign({ name: masked("2026년 고객 만족도 조사"), closesOn: undefined }, actor, new Date(Date.now() + 60_000));
    await expect(again).rejects.toMatchObject({ status: 409, invited: 2, launchedAt: expect.any(Date) });
    expect(await perCustomer()).toEqual([1, 1]);
    expect(await perAddress()).toEqual([1, 1]);
    expect(await listCampaigns()).toHaveLength(1);
  });

  it("two launches at once (two tabs, two workers) send one invitation per customer", async () => {
    const { manager } = await seed();
    const actor = staffActor({ ...manager, locale: "ko" });
    // A period without a campaign yet: a launch dated last year, for a customer of that time.
    await ticketFor({ name: "작년고객", email: "lastyear@example.com" }, 420);
    const lastYear = new Date(Date.now() - 380 * DAY);
    const launches = await Promise.allSettled(
      [0, 1].map(() => launchCampaign({ name: masked("작년 조사"), closesOn: undefined }, actor, lastYear)),
    );
    expect(launches.map((l) => l.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((launches.find((l) => l.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    const campaign = (launches.find((l) => l.status === "fulfilled") as PromiseFulfilledResult<Awaited<ReturnType<typeof launchCampaign>>>)
      .value.campaign;
    // The invitation job running twice for the same campaign adds nobody.
    await Promise.all([inviteAll(campaign.id), inviteAll(campaign.id)]);
    expect((await perCustomer()).every((n) => n === 1)).toBe(true);
    expect((await perAddress()).every((n) => n === 1)).toBe(true);
    // The database itself refuses a second campaign in the period, and a second invitation of a customer.
    expect(campaign.period).toBe(Number(DateTime.fromJSDate(lastYear).setZone("Asia/Seoul").toFormat("yyyy")));
    await expect(
      db().execute(
        sql`insert into survey_campaigns (name, launched_by, launched_at, closes_at) values ('x', 'test', ${lastYear.toISOString()}, ${lastYear.toISOString()})`,
      ),
    ).rejects.toMatchObject({ cause: { code: "23505", constraint_name: "survey_campaigns_period_key" } });
    const [one] = await db().select().from(surveyInvitations).where(eq(surveyInvitations.campaignId, campaign.id)).limit(1);
    expect(one!.period).toBe(campaign.period);
    await expect(
      db().execute(
        sql`insert into survey_invitations (campaign_id, customer_id, token_hash, channel) values (${campaign.id}, ${one!.customerId}, 'x', 'email')`,
      ),
    ).rejects.toMatchObject({ cause: { code: "23505" } });
  });
});

describe("a campaign still open across the new year", () => {
  it("stops a launch in January until it closes, saying so in Korean and English", async () => {
    const { manager } = await seed();
    const actor = staffActor({ ...manager, locale: "ko" });
    const year = DateTime.now().setZone("Asia/Seoul").year - 3;
    const december = DateTime.fromObject({ year, month: 12, day: 20, hour: 10 }, { zone: "Asia/Seoul" }).toJSDate();
    const { campaign } = await launchCampaign({ name: masked("연말 조사"), closesOn: `${year + 1}-01-31` }, actor, december);
    expect(campaign.period).toBe(year);
    const january = DateTime.fromObject({ year: year + 1, month: 1, day: 10, hour: 10 }, { zone: "Asia/Seoul" }).toJSDate();
    const refused = await launchCampaign({ name: masked("새해 조사"), closesOn: undefined }, actor, january).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 409, reason: "open", name: "연말 조사", invited: 0 });
    const b = {
      reason: "open" as const,
      name: "연말 조사",
      period: year,
      launchedAt: december.toISOString(),
      closesAt: campaign.closesAt.toISOString(),
      invited: 0,
    };
    expect(blockingMessage(translator("ko"), b)).toBe(
      `진행 중인 조사(연말 조사)를 ${year}-12-20 10:00에 시작해 고객 0명에게 초대를 보냈고, ${year + 1}-01-31 23:59까지 응답을 받고 있습니다. 이 조사가 마감된 뒤에 새 조사를 시작할 수 있습니다.`,
    );
    expect(blockingMessage(translator("en"), b)).toContain("A new survey can be launched once it has closed.");
    // Once it has closed, the new year's survey can be launched.
    const february = DateTime.fromObject({ year: year + 1, month: 2, day: 1, hour: 10 }, { zone: "Asia/Seoul" }).toJSDate();
    expect((await launchCampaign({ name: masked("새해 조사"), closesOn: undefined }, actor, february)).campaign.period).toBe(year + 1);
  });
});

describe("answering", () => {
  it("takes one answer per invitation; a second is refused; unknown and expired links are one neutral state", async () => {
    await seed();
    const [n] = await db().select().from(notifications).where(eq(notifications.template, "survey_invitation")).limit(1);
    const token = tokenOf(n!.payload.surveyUrl);
    expect(await invitationState(token)).toMatchObject({ state: "open" });
    expect(await invitationState("unknown-token-unknown-token-00")).toEqual({ state: "invalid" });
    expect(await invitationState("../../etc")).toEqual({ state: "invalid" });
    expect(await invitationState(token, new Date(Date.now() + 60 * DAY))).toEqual({ state: "invalid" }); // closed

    const [first, second] = await Promise.all([
      answerSurvey(token, { score: 4, comment: masked("친절했어요") }),
      answerSurvey(token, { score: 1, comment: undefined }),
    ]);
    expect([first, second].sort()).toEqual(["answered", "recorded"]);
    expect(await invitationState(token)).toEqual({ state: "answered" });
    const ratings = await db().select().from(satisfactionRatings).where(eq(satisfactionRatings.source, "survey"));
    expect(ratings).toHaveLength(1);
    expect(ratings[0]!.surveyInvitationId).not.toBeNull();
    expect(await answerSurvey("unknown-token-unknown-token-00", { score: 5, comment: undefined })).toBe("invalid");
  });

  it("the page keeps what was typed on error, thanks once, then refuses politely", async () => {
    await seed();
    const sent = await db().select().from(notifications).where(eq(notifications.template, "survey_invitation"));
    const answered = await db()
      .select({ hash: surveyInvitations.tokenHash })
      .from(surveyInvitations)
      .where(sql`${surveyInvitations.answeredAt} is not null`);
    const { createHash } = await import("node:crypto");
    const open = sent
      .map((n) => tokenOf(n.payload.surveyUrl))
      .find((t) => !answered.some((a) => a.hash === createHash("sha256").update(t).digest("hex")))!;
    const page = (path: string) => new Request(`${BASE}${path}`);
    const form = (fields: Record<string, string>) =>
      new Request(`${BASE}/survey/${open}`, { method: "POST", body: new URLSearchParams(fields) });

    expect(await call(surveyLoader, page(`/survey/${open}`), { token: open })).toMatchObject({ state: "open" });
    const bad = (await call(surveyAction, form({ score: "9", comment: "<b>좋아요</b>" }), { token: open })) as any;
    expect(bad.init.status).toBe(422);
    expect(bad.data.errors.score).toBe("1점부터 5점 중 하나를 골라 주세요.");
    expect(bad.data.values.comment).toBe("<b>좋아요</b>");
    const ok = (await call(surveyAction, form({ score: "5", comment: "<b>좋아요</b>" }), { token: open })) as Response;
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe(`/survey/${open}?thanks=1`);
    expect(await call(surveyLoader, page(`/survey/${open}?thanks=1`), { token: open })).toMatchObject({ state: "answered", thanks: true });
    const again = (await call(surveyAction, form({ score: "1" }), { token: open })) as Response;
    expect(again.headers.get("Location")).toBe(`/survey/${open}`);
    expect(await call(surveyLoader, page(`/survey/${open}`), { token: open })).toMatchObject({ state: "answered", thanks: false });
    expect(await call(surveyLoader, page("/survey/nope"), { token: "nope" })).toMatchObject({ state: "invalid" });
    const stored = await db().select().from(satisfactionRatings).where(eq(satisfactionRatings.comment, "<b>좋아요</b>"));
    expect(stored).toHaveLength(1);
  });
});

describe("the surveys page", () => {
  it("is for managers; a bad closing date is an error beside the field", async () => {
    const { manager, agent } = await seed();
    const cookie = async (id: string) => (await startSession(new Request(BASE), id)).split(";")[0]!;
    const m = await cookie(manager.id);
    const a = await cookie(agent.id);
    await expect(call(surveysLoader, new Request(`${BASE}/desk/surveys`, { headers: { Cookie: a } }))).rejects.toMatchObject({
      status: 403,
    });
    const page = await call(surveysLoader, new Request(`${BASE}/desk/surveys`, { headers: { Cookie: m } }));
    expect(page.overdue).toBe(false);
    expect(page.campaigns[0]).toMatchObject({ invitations: 2, answered: 2 });
    const post = (fields: Record<string, string>) =>
      new Request(`${BASE}/desk/surveys`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: m } });
    const bad = (await call(launchAction, post({ name: "조사", closesOn: "2020-01-01", confirm: "on" }))) as any;
    expect(bad.init.status).toBe(422);
    expect(bad.data.errors.closesOn).toBe("오늘이나 그 이후의 날짜를 입력해 주세요.");
    expect(bad.data.values.name).toBe("조사");
    const garbage = (await call(launchAction, post({ name: "", closesOn: "내일" }))) as any;
    expect(garbage.data.errors).toMatchObject({ name: "필수 입력 항목입니다.", closesOn: "날짜를 YYYY-MM-DD 형식으로 입력해 주세요." });
    // This year's survey is launched: the page says so instead of offering a second one, and a
    // confirmed launch anyway is refused with when and how many.
    expect(page.current).toMatchObject({ reason: "period", invited: 2 });
    const taken = (await call(launchAction, post({ name: "추가 조사", closesOn: "", confirm: "on" }))) as any;
    expect(taken.init.status).toBe(409);
    expect(taken.data.formError).toMatch(/^\d{4}년 조사는 이미 \d{4}-\d{2}-\d{2} \d{2}:\d{2}에 시작했고 고객 2명에게 초대를 보냈습니다\./);
    expect(taken.data.values.name).toBe("추가 조사");
    expect(
      await db()
        .select()
        .from(surveyInvitations)
        .where(eq(surveyInvitations.customerId, (await db().select().from(surveyInvitations).limit(1))[0]!.customerId)),
    ).toHaveLength(1);
  });
});
