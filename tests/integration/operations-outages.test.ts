// Outages and maintenance against a real database: the charter's deadlines in calendar hours, the
// expected recovery published on time or late, recovery, subscribers notified exactly once, the
// managers' deadline alerts, maintenance notice violations and what /status shows.
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, statusSubscriptions } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession, staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import {
  addOutageUpdate,
  alertOutageDeadlines,
  cancelMaintenance,
  declareOutage,
  getOutage,
  publicStatus,
  publishEta,
  resolveOutage,
  scheduleMaintenance,
} from "~/outages/outages.server";
import { outageCompliance } from "~/outages/rules";
import { confirmSubscription, subscribe, unsubscribe, unsubscribeToken } from "~/outages/subscriptions.server";
import { DeskError } from "~/core/errors";
import { action as declareAction } from "~/routes/desk.outages.new";
import { action as outageAction, loader as outageLoader } from "~/routes/desk.outages.$id";
import { action as maintenanceAction } from "~/routes/desk.outages.maintenance.new";
import { loader as maintenancePageLoader } from "~/routes/desk.outages.maintenance.$id";
import { action as subscribeAction } from "~/routes/status_.subscribe";
import { useTestDatabase } from "../support/db";
import { masked } from "~/core/masked-text";
import { call } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const H = 3_600_000;
const at = (iso: string) => new Date(iso);

async function staffSet() {
  const lead = await createStaffMember({
    email: "lead@ops.test",
    name: "박서연",
    role: "lead",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const agent = await createStaffMember({
    email: "agent@ops.test",
    name: "김하늘",
    role: "agent",
    team: "complaints-1",
    password: "pw-123456789",
  });
  const manager = await createStaffMember({ email: "manager@ops.test", name: "최민수", role: "manager", password: "pw-123456789" });
  const manager2 = await createStaffMember({ email: "manager2@ops.test", name: "이관리", role: "manager", password: "pw-123456789" });
  const actorOf = (s: typeof lead) => staffActor({ ...s, locale: "ko" });
  return { lead, agent, manager, manager2, leadActor: actorOf(lead), agentActor: actorOf(agent) };
}
let people: Awaited<ReturnType<typeof staffSet>>;
const setup = async () => (people ??= await staffSet());

async function cookieFor(staffId: string) {
  return (await startSession(new Request(BASE), staffId)).split(";")[0]!;
}
const post = (path: string, cookie: string, fields: Record<string, string>) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie } });

async function outageNotices(outageKeyPart: string) {
  return db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.template, "outage_notice"), like(notifications.dedupeKey, `%${outageKeyPart}%`)));
}

async function deskError(promise: Promise<unknown>): Promise<DeskError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DeskError) return e;
    throw e;
  }
  throw new Error("expected a DeskError");
}

describe("outage deadlines", () => {
  it("counts 3 and 48 calendar hours from the start, through nights, weekends and holidays", async () => {
    const { leadActor } = await setup();
    // Friday 1 May 2026 (Labour Day) 22:30 KST: the recovery is due Sunday 22:30, not on a working day.
    const startedAt = at("2026-05-01T13:30:00Z");
    const o = await declareOutage(
      { service: masked("인터넷 접수"), description: masked("접수 서버 장애"), startedAt },
      leadActor,
      at("2026-05-01T13:40:00Z"),
    );
    expect(o.etaNoticeDueAt.toISOString()).toBe("2026-05-01T16:30:00.000Z");
    expect(o.recoveryDueAt.toISOString()).toBe("2026-05-03T13:30:00.000Z");
    expect(o.status).toBe("open");
    expect(o.etaPublishedAt).toBeNull();
  });

  it("defaults the start to now, refuses a start in the future and agents", async () => {
    const { leadActor, agentActor } = await setup();
    const now = at("2026-06-01T01:00:00Z");
    const o = await declareOutage(
      { service: masked("콜센터"), description: masked("전화 연결 불가"), startedAt: undefined },
      leadActor,
      now,
    );
    expect(o.startedAt.toISOString()).toBe(now.toISOString());
    expect(o.etaNoticeDueAt.getTime() - now.getTime()).toBe(3 * H);
    const future = await deskError(
      declareOutage(
        { service: masked("콜센터"), description: masked("x"), startedAt: new Date(now.getTime() + 10 * 60_000) },
        leadActor,
        now,
      ),
    );
    expect(future.status).toBe(422);
    expect(future.fieldErrors).toEqual({ startedAt: "error.opsStartFuture" });
    expect(
      (await deskError(declareOutage({ service: masked("콜센터"), description: masked("x"), startedAt: undefined }, agentActor, now)))
        .status,
    ).toBe(403);
  });

  it("an expected recovery published within 3 hours meets eta_notice; recovery within 48 hours meets recovery", async () => {
    const { leadActor } = await setup();
    const start = at("2026-06-02T00:00:00Z");
    const o = await declareOutage(
      { service: masked("온라인 민원"), description: masked("로그인 불가"), startedAt: start },
      leadActor,
      start,
    );
    const published = await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-06-02T06:00:00Z"), message: masked("서버를 교체하고 있습니다.") },
      leadActor,
      at("2026-06-02T02:59:00Z"),
    );
    expect(published.late).toBe(false);
    expect(published.outage.etaPublishedAt!.toISOString()).toBe("2026-06-02T02:59:00.000Z");
    const resolved = await resolveOutage(
      o.id,
      { resolvedAt: at("2026-06-02T05:00:00Z"), message: undefined },
      leadActor,
      at("2026-06-02T05:10:00Z"),
    );
    expect(resolved.outage.status).toBe("resolved");
    const view = await getOutage(o.id, at("2026-06-10T00:00:00Z"));
    expect(view.compliance).toMatchObject({ etaNotice: "met", recovery: "met", recoveryMinutes: 300 });
    // Resolved: no more publishing or resolving.
    expect(
      (
        await deskError(
          publishEta(o.id, { expectedRecoveryAt: at("2026-06-11T00:00:00Z"), message: undefined }, leadActor, at("2026-06-10T00:00:00Z")),
        )
      ).status,
    ).toBe(409);
    expect(
      (await deskError(resolveOutage(o.id, { resolvedAt: undefined, message: undefined }, leadActor, at("2026-06-10T00:00:00Z")))).status,
    ).toBe(409);
  });

  it("records a late expected recovery, a breach past due without one, and a late recovery", async () => {
    const { leadActor } = await setup();
    const start = at("2026-06-03T00:00:00Z");
    const o = await declareOutage(
      { service: masked("모바일 앱"), description: masked("앱 접속 불가"), startedAt: start },
      leadActor,
      start,
    );
    // Past the 3 hours without a published ETA: breached, visible before anything is done.
    expect(outageCompliance(o, at("2026-06-03T03:00:00Z")).etaNotice).toBe("running");
    expect(outageCompliance(o, at("2026-06-03T03:00:01Z")).etaNotice).toBe("breached");
    const late = await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-06-05T00:00:00Z"), message: undefined },
      leadActor,
      at("2026-06-03T04:00:00Z"),
    );
    expect(late.late).toBe(true);
    const view = await getOutage(o.id, at("2026-06-03T04:00:00Z"));
    expect(view.compliance).toMatchObject({ etaNotice: "breached", etaNoticeLateMinutes: 60, recovery: "running" });
    // Recovery after 48 hours.
    await resolveOutage(
      o.id,
      { resolvedAt: at("2026-06-05T00:00:01Z"), message: masked("복구되었습니다.") },
      leadActor,
      at("2026-06-05T00:30:00Z"),
    );
    expect((await getOutage(o.id)).compliance.recovery).toBe("breached");
  });

  it("a recovery announced before any ETA counts as the announcement (on time within 3 hours)", async () => {
    const { leadActor } = await setup();
    const start = at("2026-06-04T00:00:00Z");
    const quick = await declareOutage(
      { service: masked("홈페이지"), description: masked("일시 장애"), startedAt: start },
      leadActor,
      start,
    );
    await resolveOutage(quick.id, { resolvedAt: at("2026-06-04T01:00:00Z"), message: undefined }, leadActor, at("2026-06-04T01:05:00Z"));
    expect((await getOutage(quick.id)).compliance).toMatchObject({ etaNotice: "met", recovery: "met" });
    const slow = await declareOutage({ service: masked("홈페이지"), description: masked("일시 장애"), startedAt: start }, leadActor, start);
    await resolveOutage(slow.id, { resolvedAt: at("2026-06-04T03:30:00Z"), message: undefined }, leadActor, at("2026-06-04T04:00:00Z"));
    expect((await getOutage(slow.id)).compliance).toMatchObject({ etaNotice: "breached", recovery: "met" });
    const before = await declareOutage({ service: masked("홈페이지"), description: masked("x"), startedAt: start }, leadActor, start);
    const bad = await deskError(
      resolveOutage(before.id, { resolvedAt: at("2026-06-03T23:00:00Z"), message: undefined }, leadActor, at("2026-06-04T04:00:00Z")),
    );
    expect(bad.fieldErrors).toEqual({ resolvedAt: "error.opsResolvedBeforeStart" });
  });
});

describe("subscribers", () => {
  it("are notified once per ETA, per update and at recovery; the unsubscribed are not", async () => {
    const { leadActor } = await setup();
    await subscribe({ email: "Kim@Example.com", phone: undefined }, "ko");
    await subscribe({ email: "kim@example.com", phone: undefined }, "ko"); // the same address: no second subscription
    await subscribe({ email: undefined, phone: "010-2222-3333" }, "en");
    await subscribe({ email: "gone@example.com", phone: undefined }, "ko");
    // Every address follows its latest confirmation link (a second subscribe replaced Kim's first;
    // tests/integration/status-subscriptions.test.ts covers the unconfirmed).
    for (const n of await db().select().from(notifications).where(eq(notifications.template, "status_confirm")))
      await confirmSubscription(String((n.payload as { confirmUrl: string }).confirmUrl).split("/status/confirm/")[1]!);
    const subs = await db().select().from(statusSubscriptions);
    expect(subs).toHaveLength(3);
    const gone = subs.find((s) => s.email === "gone@example.com")!;
    expect(await unsubscribe(unsubscribeToken(gone.id))).toBe(true);
    expect(await unsubscribe("not-a-token")).toBe(false);
    expect(await unsubscribe(`${gone.id}.forged`)).toBe(false);

    const start = at("2026-07-01T00:00:00Z");
    const o = await declareOutage(
      { service: masked("자격시험 접수"), description: masked("접수 중단"), startedAt: start },
      leadActor,
      start,
    );
    expect(await outageNotices(o.id)).toHaveLength(0); // declaring alone sends nothing

    const eta = at("2026-07-01T06:00:00Z");
    const first = await publishEta(o.id, { expectedRecoveryAt: eta, message: undefined }, leadActor, at("2026-07-01T01:00:00Z"));
    expect(first.notified).toBe(2);
    // The same ETA again (a double click): nothing new.
    await publishEta(o.id, { expectedRecoveryAt: eta, message: undefined }, leadActor, at("2026-07-01T01:00:05Z"));
    let sent = await outageNotices(o.id);
    expect(sent).toHaveLength(2);
    expect(sent.map((n) => [n.channel, n.toAddress, n.locale]).sort()).toEqual([
      ["email", "kim@example.com", "ko"],
      ["sms", "+821022223333", "en"],
    ]);
    expect(sent[0]!.payload).toMatchObject({ kind: "eta", service: "자격시험 접수", expectedRecoveryAt: eta.toISOString() });
    expect(String(sent[0]!.payload.unsubscribeUrl)).toMatch(/\/status\/unsubscribe\//);

    await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-07-01T08:00:00Z"), message: masked("예상보다 늦어집니다.") },
      leadActor,
      at("2026-07-01T02:00:00Z"),
    );
    await addOutageUpdate(
      o.id,
      { message: masked("부품 교체 중입니다."), expectedRecoveryAt: undefined },
      leadActor,
      at("2026-07-01T03:00:00Z"),
    );
    await resolveOutage(o.id, { resolvedAt: undefined, message: undefined }, leadActor, at("2026-07-01T07:00:00Z"));
    sent = await outageNotices(o.id);
    expect(sent).toHaveLength(8);
    expect(sent.filter((n) => n.toAddress === "gone@example.com")).toHaveLength(0);
    expect(sent.map((n) => (n.payload as { kind: string }).kind).sort()).toEqual([
      "eta",
      "eta",
      "eta",
      "eta",
      "resolved",
      "resolved",
      "update",
      "update",
    ]);
    // The first publication is what eta_notice measures.
    expect((await getOutage(o.id)).etaPublishedAt!.toISOString()).toBe("2026-07-01T01:00:00.000Z");
  });

  it("subscribing through the page keeps what was typed on error and refuses landlines", async () => {
    const empty = await call(
      subscribeAction,
      new Request(`${BASE}/status/subscribe`, {
        method: "POST",
        body: new URLSearchParams({ privacyConsent: "on", email: "", phone: "" }),
      }),
    );
    expect((empty as any).init.status).toBe(422);
    expect((empty as any).data.errors.email).toBe("이메일 주소나 휴대전화 번호 중 하나는 입력해 주세요.");
    const landline = await call(
      subscribeAction,
      new Request(`${BASE}/status/subscribe`, {
        method: "POST",
        body: new URLSearchParams({ privacyConsent: "on", email: "", phone: "02-123-4567" }),
      }),
    );
    expect((landline as any).init.status).toBe(422);
    expect((landline as any).data.values.phone).toBe("02-123-4567");
    expect((landline as any).data.errors.phone).toMatch(/휴대전화/);
    const ok = (await call(
      subscribeAction,
      new Request(`${BASE}/status/subscribe`, {
        method: "POST",
        body: new URLSearchParams({ privacyConsent: "on", email: "new@example.com", phone: "" }),
      }),
    )) as Response;
    expect(ok.status).toBe(303);
  });
});

describe("deadline alerts", () => {
  it("tell every manager once per outage and deadline", async () => {
    const { leadActor, manager, manager2 } = await setup();
    const start = at("2026-08-01T00:00:00Z");
    const o = await declareOutage({ service: masked("상담 예약"), description: masked("예약 불가"), startedAt: start }, leadActor, start);
    const alertsFor = async () =>
      (
        await db()
          .select()
          .from(notifications)
          .where(and(eq(notifications.template, "outage_alert"), like(notifications.dedupeKey, `outage-deadline:${o.id}:%`)))
      ).map((n) => `${(n.payload as { metric: string }).metric}:${n.recipientStaffId}`);
    await alertOutageDeadlines(at("2026-08-01T02:59:00Z"));
    expect(await alertsFor()).toEqual([]);
    await alertOutageDeadlines(at("2026-08-01T03:01:00Z"));
    await alertOutageDeadlines(at("2026-08-01T03:02:00Z"));
    expect((await alertsFor()).sort()).toEqual([`eta_notice:${manager.id}`, `eta_notice:${manager2.id}`].sort());
    await alertOutageDeadlines(at("2026-08-03T00:00:01Z"));
    await alertOutageDeadlines(at("2026-08-03T00:05:00Z"));
    expect(await alertsFor()).toHaveLength(4);
  });
});

describe("maintenance", () => {
  it("flags 24 hours of notice as a violation, not 96; shows the window on /status from announcement until it ends", async () => {
    const { leadActor } = await setup();
    const now = at("2026-09-01T00:00:00Z");
    const short = await scheduleMaintenance(
      {
        service: masked("인터넷 접수"),
        description: masked("보안 업데이트"),
        startsAt: new Date(now.getTime() + 24 * H),
        endsAt: new Date(now.getTime() + 26 * H),
      },
      leadActor,
      now,
    );
    const long = await scheduleMaintenance(
      {
        service: masked("콜센터"),
        description: masked("교환기 점검"),
        startsAt: new Date(now.getTime() + 96 * H),
        endsAt: new Date(now.getTime() + 98 * H),
      },
      leadActor,
      now,
    );
    const edge = await scheduleMaintenance(
      {
        service: masked("홈페이지"),
        description: masked("점검"),
        startsAt: new Date(now.getTime() + 72 * H),
        endsAt: new Date(now.getTime() + 73 * H),
      },
      leadActor,
      now,
    );
    expect(short.noticeViolation).toBe(true);
    expect(long.noticeViolation).toBe(false);
    expect(edge.noticeViolation).toBe(false);
    expect(short.announcedAt.toISOString()).toBe(now.toISOString());

    const ids = async (when: Date) => (await publicStatus(when)).maintenance.map((m) => m.id);
    expect(await ids(now)).toEqual(expect.arrayContaining([short.id, long.id, edge.id]));
    expect(await ids(new Date(now.getTime() + 25 * H))).toContain(short.id); // under way
    expect(await ids(new Date(now.getTime() + 26 * H))).not.toContain(short.id); // ended
    expect(await ids(new Date(now.getTime() - H))).not.toContain(short.id); // before its announcement

    await cancelMaintenance(long.id, leadActor, new Date(now.getTime() + H));
    expect(await ids(new Date(now.getTime() + 2 * H))).not.toContain(long.id);
    expect((await deskError(cancelMaintenance(long.id, leadActor, new Date(now.getTime() + 2 * H)))).status).toBe(409);
  });

  it("refuses a start in the past and an end before the start", async () => {
    const { leadActor } = await setup();
    const now = at("2026-09-02T00:00:00Z");
    const past = await deskError(
      scheduleMaintenance(
        { service: masked("x"), description: masked("y"), startsAt: new Date(now.getTime() - H), endsAt: new Date(now.getTime() + H) },
        leadActor,
        now,
      ),
    );
    expect(past.fieldErrors).toEqual({ startsAt: "error.opsMaintenancePast" });
    const backwards = await deskError(
      scheduleMaintenance(
        {
          service: masked("x"),
          description: masked("y"),
          startsAt: new Date(now.getTime() + 5 * H),
          endsAt: new Date(now.getTime() + 4 * H),
        },
        leadActor,
        now,
      ),
    );
    expect(backwards.fieldErrors).toEqual({ endsAt: "error.opsEndBeforeStart" });
  });
});

describe("outage and maintenance pages", () => {
  it("declare: errors beside fields with what was typed; a lead's declaration redirects to the outage", async () => {
    const { lead, agent } = await setup();
    const cookie = await cookieFor(lead.id);
    const bad = (await call(
      declareAction,
      post("/desk/outages/new", cookie, { service: "", description: "설명", startedAt: "2099-01-01T00:00" }),
    )) as any;
    expect(bad.init.status).toBe(422);
    expect(bad.data.errors.service).toBe("필수 입력 항목입니다.");
    expect(bad.data.values.description).toBe("설명");
    const future = (await call(
      declareAction,
      post("/desk/outages/new", cookie, { service: "접수", description: "설명", startedAt: "2099-01-01T00:00" }),
    )) as any;
    expect(future.data.errors.startedAt).toBe("중단 시작 시각은 미래일 수 없습니다.");
    const garbage = (await call(
      declareAction,
      post("/desk/outages/new", cookie, { service: "접수", description: "설명", startedAt: "어제" }),
    )) as any;
    expect(garbage.data.errors.startedAt).toBe("올바른 날짜와 시각을 입력해 주세요.");
    const ok = (await call(
      declareAction,
      post("/desk/outages/new", cookie, { service: "접수", description: "<b>설명</b>", startedAt: "" }),
    )) as Response;
    expect(ok.status).toBe(303);
    const id = ok.headers.get("Location")!.match(/\/desk\/outages\/([0-9a-f-]+)/)![1]!;

    // The page's forms: a past ETA is refused beside its field, with the prefix kept.
    const pastEta = (await call(
      outageAction,
      post(`/desk/outages/${id}`, cookie, { intent: "eta", "eta-expectedRecoveryAt": "2020-01-01T00:00", "eta-message": "곧" }),
      { id },
    )) as any;
    expect(pastEta.init.status).toBe(422);
    expect(pastEta.data).toMatchObject({
      intent: "eta",
      errors: { "eta-expectedRecoveryAt": "복구 예정 시각은 지금보다 뒤여야 합니다." },
      values: { "eta-message": "곧" },
    });
    const unknown = (await call(outageAction, post(`/desk/outages/${id}`, cookie, { intent: "explode" }), { id })) as any;
    expect(unknown.init.status).toBe(400);
    const page = await call(outageLoader, new Request(`${BASE}/desk/outages/${id}`, { headers: { Cookie: cookie } }), { id });
    expect(page.outage.description).toBe("<b>설명</b>");

    // Unknown or malformed ids are 404s; agents are refused.
    for (const bogus of ["00000000-0000-0000-0000-000000000000", "x'--"]) {
      await expect(
        call(outageLoader, new Request(`${BASE}/desk/outages/${bogus}`, { headers: { Cookie: cookie } }), { id: bogus }),
      ).rejects.toMatchObject({ status: 404 });
    }
    const agentCookie = await cookieFor(agent.id);
    await expect(
      call(outageLoader, new Request(`${BASE}/desk/outages/${id}`, { headers: { Cookie: agentCookie } }), { id }),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("schedule maintenance: a start in the past and an end before it are errors; short notice shows the violation", async () => {
    const { lead } = await setup();
    const cookie = await cookieFor(lead.id);
    const bad = (await call(
      maintenanceAction,
      post("/desk/outages/maintenance/new", cookie, {
        service: "접수",
        description: "점검",
        startsAt: "2020-01-01T10:00",
        endsAt: "2020-01-01T09:00",
      }),
    )) as any;
    expect(bad.init.status).toBe(422);
    expect(bad.data.errors.endsAt).toBe("종료 시각은 시작 시각보다 뒤여야 합니다.");
    const past = (await call(
      maintenanceAction,
      post("/desk/outages/maintenance/new", cookie, {
        service: "접수",
        description: "점검",
        startsAt: "2020-01-01T10:00",
        endsAt: "2020-01-01T12:00",
      }),
    )) as any;
    expect(past.data.errors.startsAt).toMatch(/이미 시작 시각이 지난/);
    const soon = new Date(Date.now() + 5 * H);
    const local = (d: Date) => new Date(d.getTime() + 9 * H).toISOString().slice(0, 16);
    const ok = (await call(
      maintenanceAction,
      post("/desk/outages/maintenance/new", cookie, {
        service: "접수",
        description: "점검",
        startsAt: local(soon),
        endsAt: local(new Date(soon.getTime() + H)),
      }),
    )) as Response;
    expect(ok.status).toBe(303);
    const id = ok.headers.get("Location")!.match(/maintenance\/([0-9a-f-]+)/)![1]!;
    const page = await call(maintenancePageLoader, new Request(`${BASE}/desk/outages/maintenance/${id}`, { headers: { Cookie: cookie } }), {
      id,
    });
    expect(page.window).toMatchObject({ noticeViolation: true, onStatusPage: true, cancellable: true });
  });
});

describe("outage list page", () => {
  it("lists outages (open first) and maintenance windows", async () => {
    const { lead } = await setup();
    const { loader } = await import("~/routes/desk.outages._index");
    const cookie = await cookieFor(lead.id);
    const page = await call(loader, new Request(`${BASE}/desk/outages`, { headers: { Cookie: cookie } }));
    expect(page.outages.length).toBeGreaterThan(0);
    const firstResolved = page.outages.findIndex((o: { status: string }) => o.status === "resolved");
    const lastOpen = page.outages.map((o: { status: string }) => o.status).lastIndexOf("open");
    if (firstResolved >= 0 && lastOpen >= 0) expect(lastOpen).toBeLessThan(firstResolved);
    expect(page.maintenance.length).toBeGreaterThan(0);
  });
});
