// The administrator's pages, called the way Remix calls them: a Request with the session cookie
// of a signed-in staff member, against a real database.
import { describe, expect, it } from "vitest";
import { policyFormValues, type PolicyFormValues } from "~/admin/policy-form";
import { waitForRecomputations } from "~/admin/recompute.server";
import { startSession, staffActor } from "~/auth/session.server";
import { translate, translateDynamic } from "~/i18n/i18n";
import { kstDate } from "~/lib/time";
import { action as calendarAction, loader as calendarLoader } from "~/routes/admin.calendar";
import { loader as progressLoader } from "~/routes/admin.calendar.progress.$version";
import { loader as homeLoader } from "~/routes/admin._index";
import { action as policyAction, loader as policyLoader } from "~/routes/admin.policies.$key";
import { loader as policiesLoader } from "~/routes/admin.policies._index";
import { recomputationProgress } from "~/sla/calendar-admin.server";
import { policyHistory } from "~/sla/policy-admin.server";
import { createStaffMember } from "~/staff/staff.server";
import { createTicket, getTicketDetail } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";
import { intake } from "../support/intake";
import { asData, call, thrown } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";

function asRedirect(value: unknown): Response {
  expect(value).toBeInstanceOf(Response);
  const response = value as Response;
  expect(response.status).toBe(303);
  return response;
}

const ko = (key: string, params?: Record<string, string | number>) => translateDynamic("ko", key, params);

async function as(role: "admin" | "manager" | "agent") {
  const person = await createStaffMember({
    email: `${role}@desk.test`,
    name: `${role} 직원`,
    role,
    team: "complaints-1",
    password: "pw-123456789",
  });
  const cookie = (await startSession(new Request(BASE), person.id)).split(";")[0];
  return {
    person,
    actor: staffActor({ ...person, locale: "ko" }),
    get: (path: string) => new Request(`${BASE}${path}`, { headers: { Cookie: cookie } }),
    post: (path: string, fields: Record<string, string> | FormData) =>
      new Request(`${BASE}${path}`, {
        method: "POST",
        body: fields instanceof FormData ? fields : new URLSearchParams(fields),
        headers: { Cookie: cookie },
      }),
  };
}

type Who = Awaited<ReturnType<typeof as>>;
let people: { admin: Who; manager: Who; agent: Who } | undefined;
async function staff() {
  people ??= { admin: await as("admin"), manager: await as("manager"), agent: await as("agent") };
  return people;
}

function toForm(values: PolicyFormValues, changes: Record<string, string | string[] | null> = {}, intent = "save"): FormData {
  const merged: PolicyFormValues = { ...values };
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) delete merged[name];
    else merged[name] = Array.isArray(value) ? value : [value];
  }
  const form = new FormData();
  form.append("intent", intent);
  for (const [name, list] of Object.entries(merged)) for (const v of list) form.append(name, v);
  return form;
}

describe("who may use the admin pages", () => {
  it("sends a visitor to the login page, refuses agents, lets managers look but not change", async () => {
    const { agent, manager } = await staff();
    const anonymous = await thrown(call(calendarLoader, new Request(`${BASE}/admin/calendar`)));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/admin/calendar")}`);

    expect((await thrown(call(calendarLoader, agent.get("/admin/calendar")))).status).toBe(403);
    expect((await thrown(call(policiesLoader, agent.get("/admin/policies")))).status).toBe(403);
    expect((await thrown(call(homeLoader, agent.get("/admin")))).status).toBe(403);
    expect((await thrown(call(progressLoader, agent.get("/admin/calendar/progress/1"), { version: "1" }))).status).toBe(403);

    const view = await call(calendarLoader, manager.get("/admin/calendar"));
    expect(view.canEdit).toBe(false);
    const add = manager.post("/admin/calendar", { intent: "add", kind: "holiday", date: "2027-03-02", name: "임시공휴일" });
    expect((await thrown(call(calendarAction, add))).status).toBe(403);
    const policies = await call(policiesLoader, manager.get("/admin/policies"));
    expect(policies.canEdit).toBe(false);
    const edit = manager.post("/admin/policies/charter", { intent: "reapply", confirm: "yes" });
    expect(await thrown(call(policyAction, edit, { key: "charter" }))).toHaveProperty("status", 403);
  });
});

describe("working calendar", () => {
  it("shows the year's holidays from the almanac, the working time and the first version", async () => {
    const { admin } = await staff();
    const data = await call(calendarLoader, admin.get("/admin/calendar?year=2026"));
    expect(data.canEdit).toBe(true);
    expect(data.year).toBe(2026);
    expect(data.version).toBe(1);
    expect(data.entries.holiday).toContainEqual({ kind: "holiday", date: "2026-05-01", name: "노동절", weekday: 5, official: true });
    expect(data.periods).toEqual([
      { start: "09:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ]);
    expect(data.workingWeekdays).toEqual([1, 2, 3, 4, 5]);
    expect(data.hoursPerDay).toBe(8);
    expect(data.history).toHaveLength(1);
    expect(data.history[0]).toMatchObject({ version: 1, change: null, createdBy: "system" });
    // A bad year falls back to the current one instead of failing.
    const fallback = await call(calendarLoader, admin.get("/admin/calendar?year=99999"));
    expect(fallback.year).toBe(data.thisYear);
  });

  it("warns when the official holiday data does not cover a year", async () => {
    const { admin } = await staff();
    const data = await call(calendarLoader, admin.get("/admin/calendar?year=2099"));
    expect(data.coverage.yearCovered).toBe(false);
    expect(data.entries.holiday).toEqual([]);
    const covered = await call(calendarLoader, admin.get("/admin/calendar?year=2026"));
    expect(covered.coverage.yearCovered).toBe(true);
    expect(covered.coverage.nextYear).toBe(covered.thisYear + 1);
  });

  it("a valid change creates a version, redirects to its history and recomputes in the background", async () => {
    const { admin } = await staff();
    const ticket = await createTicket(intake(), admin.actor);
    const before = (await getTicketDetail(ticket.reference))!.timers.find((t) => t.metric === "first_reply")!;
    const dueDate = kstDate(before.dueAt);

    const response = asRedirect(
      await call(
        calendarAction,
        admin.post("/admin/calendar", { intent: "add", kind: "holiday", date: dueDate, name: "임시공휴일(테스트)" }),
      ),
    );
    expect(response.headers.get("Location")).toBe(`/admin/calendar?year=${dueDate.slice(0, 4)}&changed=2`);
    await waitForRecomputations();

    const progress = await recomputationProgress(2);
    expect(progress).toMatchObject({ state: "done" });
    expect(progress!.moved).toBeGreaterThanOrEqual(1);
    const after = (await getTicketDetail(ticket.reference))!.timers.find((t) => t.metric === "first_reply")!;
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
    expect(after.calendarVersion).toBe(2);

    const page = await call(calendarLoader, admin.get(`/admin/calendar?year=${dueDate.slice(0, 4)}&changed=2`));
    expect(page.version).toBe(2);
    expect(page.changedVersion).toBe(2);
    expect(page.entries.holiday).toContainEqual(expect.objectContaining({ date: dueDate, name: "임시공휴일(테스트)", official: false }));
    expect(page.history[0]).toMatchObject({
      version: 2,
      change: { action: "add", kind: "holiday", date: dueDate, name: "임시공휴일(테스트)" },
      createdBy: "staff:admin@desk.test",
      progress: { state: "done" },
    });
    expect(page.tracked).toMatchObject({ version: 2, state: "done" });

    const json = (await call(progressLoader, admin.get("/admin/calendar/progress/2"), { version: "2" })) as Response;
    expect(json.status).toBe(200);
    expect(json.headers.get("Cache-Control")).toBe("no-store");
    expect(await json.json()).toMatchObject({ version: 2, state: "done", examined: progress!.examined, moved: progress!.moved });
    expect(((await call(progressLoader, admin.get("/admin/calendar/progress/999"), { version: "999" })) as Response).status).toBe(404);
    expect(((await call(progressLoader, admin.get("/admin/calendar/progress/x"), { version: "x" })) as Response).status).toBe(404);
  });

  it("invalid input keeps what was typed and says what is wrong beside each field", async () => {
    const { admin } = await staff();
    const bad = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2026-02-30", name: "  " })),
    );
    expect(bad.init?.status).toBe(422);
    expect(bad.data.intent).toBe("add");
    expect(bad.data.errors).toEqual({ date: ko("error.date"), name: ko("error.required") });
    expect(bad.data.values).toMatchObject({ kind: "closure", date: "2026-02-30" });

    const kind = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "party", date: "2026-12-24", name: "x" })),
    );
    expect(kind.data.errors.kind).toBe(ko("error.invalidChoice"));

    const far = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2150-01-02", name: "먼 미래" })),
    );
    expect(far.data.errors.date).toBe(ko("admin.error.yearRange"));

    // A date already on the calendar: the service refuses it; the form keeps the name.
    const duplicate = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "holiday", date: "2026-05-01", name: "또 노동절" })),
    );
    expect(duplicate.init?.status).toBe(422);
    expect(duplicate.data.errors).toEqual({ date: ko("error.calendarDuplicate") });
    expect(duplicate.data.values).toMatchObject({ date: "2026-05-01", name: "또 노동절" });

    // In English when the person chose English.
    const en = asData(
      await call(
        calendarAction,
        admin.post("/admin/calendar?lang=en", { intent: "add", kind: "holiday", date: "2026-05-01", name: "again" }),
      ),
    );
    expect(en.data.errors.date).toBe(translate("en", "error.calendarDuplicate"));

    expect((await call(calendarLoader, admin.get("/admin/calendar"))).version).toBe(2);
  });

  it("removes a date only after the confirmation step, naming it in the history", async () => {
    const { admin } = await staff();
    const first = await call(calendarLoader, admin.get("/admin/calendar?year=2026&remove=closure:2026-07-01"));
    expect(first.pendingRemoval).toBeNull(); // nothing there to remove

    asRedirect(
      await call(
        calendarAction,
        admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2026-12-31", name: "연말 전산 점검" }),
      ),
    );
    const confirm = await call(calendarLoader, admin.get("/admin/calendar?year=2026&remove=closure:2026-12-31"));
    expect(confirm.pendingRemoval).toEqual({ kind: "closure", date: "2026-12-31", name: "연말 전산 점검" });

    const unconfirmed = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "remove", kind: "closure", date: "2026-12-31" })),
    );
    expect(unconfirmed.init?.status).toBe(422);
    expect(unconfirmed.data.errors.confirm).toBe(ko("admin.calendar.confirmRequired"));

    const removed = asRedirect(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "remove", kind: "closure", date: "2026-12-31", confirm: "yes" })),
    );
    expect(removed.headers.get("Location")).toBe("/admin/calendar?year=2026&changed=4");
    await waitForRecomputations();
    const page = await call(calendarLoader, admin.get("/admin/calendar?year=2026"));
    expect(page.entries.closure).toEqual([]);
    expect(page.history[0]).toMatchObject({
      version: 4,
      change: { action: "remove", kind: "closure", date: "2026-12-31", name: "연말 전산 점검" },
    });

    const missing = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "remove", kind: "closure", date: "2026-12-31", confirm: "yes" })),
    );
    expect(missing.data.errors.date).toBe(ko("error.calendarMissing"));
  });

  it("moves a requested-reply deadline back when a day before the requested date becomes working again", async () => {
    const { admin } = await staff();
    // Saturday 2027-01-16 requested: due Friday 2027-01-15 18:00. A closure on that Friday moves it
    // to Thursday; removing the closure must move it back (its due date lies before the change).
    const ticket = await createTicket(intake({ requestedReplyBy: "2027-01-16" }), admin.actor);
    const due = async () =>
      (await getTicketDetail(ticket.reference))!.timers.find((t) => t.metric === "requested_reply")!.dueAt.toISOString();
    expect(await due()).toBe(new Date("2027-01-15T18:00:00+09:00").toISOString());
    asRedirect(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2027-01-15", name: "전산 이전" })),
    );
    await waitForRecomputations();
    expect(await due()).toBe(new Date("2027-01-14T18:00:00+09:00").toISOString());
    asRedirect(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "remove", kind: "closure", date: "2027-01-15", confirm: "yes" })),
    );
    await waitForRecomputations();
    expect(await due()).toBe(new Date("2027-01-15T18:00:00+09:00").toISOString());
  });

  it("resumes an unfinished recomputation and refuses an unknown one", async () => {
    const { admin } = await staff();
    const resumed = asRedirect(await call(calendarAction, admin.post("/admin/calendar", { intent: "resume", version: "2", year: "2026" })));
    expect(resumed.headers.get("Location")).toBe("/admin/calendar?changed=2&year=2026");
    const unknown = asData(await call(calendarAction, admin.post("/admin/calendar", { intent: "resume", version: "77" })));
    expect(unknown.init?.status).toBe(404);
    const huge = asData(await call(calendarAction, admin.post("/admin/calendar", { intent: "resume", version: "99999999999" })));
    expect(huge.init?.status).toBe(404);
    const nul = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2026-12-30", name: "a\u0000b" })),
    );
    expect(nul.data.errors.name).toBe(ko("error.controlChars"));
    const nonsense = asData(await call(calendarAction, admin.post("/admin/calendar", { intent: "explode" })));
    expect(nonsense.init?.status).toBe(400);
  });

  it("adding a day off on a day that is already off says so and makes no new version", async () => {
    const { admin } = await staff();
    const before = (await call(calendarLoader, admin.get("/admin/calendar"))).version;
    // 2026-12-26 is a Saturday, 2026-12-27 a Sunday; 2026-05-05 is 어린이날 (an official holiday).
    const saturday = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "holiday", date: "2026-12-26", name: "연말 휴무" })),
    );
    expect(saturday.init?.status).toBe(422);
    expect(saturday.data.errors).toEqual({ date: ko("error.calendarAlreadyOffWeekend", { weekday: ko("admin.weekday.6") }) });
    expect(saturday.data.values).toMatchObject({ kind: "holiday", date: "2026-12-26", name: "연말 휴무" });
    const sunday = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2026-12-27", name: "휴무" })),
    );
    expect(sunday.data.errors.date).toBe(ko("error.calendarAlreadyOffWeekend", { weekday: ko("admin.weekday.7") }));
    const holiday = asData(
      await call(calendarAction, admin.post("/admin/calendar", { intent: "add", kind: "closure", date: "2026-05-05", name: "기관 휴무" })),
    );
    expect(holiday.init?.status).toBe(422);
    expect(holiday.data.errors.date).toBe(ko("error.calendarAlreadyOffHoliday", { name: "어린이날" }));
    const en = asData(
      await call(calendarAction, admin.post("/admin/calendar?lang=en", { intent: "add", kind: "holiday", date: "2026-12-26", name: "x" })),
    );
    expect(en.data.errors.date).toBe(translate("en", "error.calendarAlreadyOffWeekend", { weekday: translate("en", "admin.weekday.6") }));
    expect((await call(calendarLoader, admin.get("/admin/calendar"))).version).toBe(before);
    // A Saturday made a working day is a real change.
    const extra = await call(
      calendarAction,
      admin.post("/admin/calendar", { intent: "add", kind: "extra_working_day", date: "2026-12-26", name: "연말 특별 근무" }),
    );
    expect((extra as Response).status).toBe(303);
    expect((await call(calendarLoader, admin.get("/admin/calendar"))).version).toBe(before + 1);
    await waitForRecomputations();
    // The month grid: weeks of seven days, each day worked or off and why, with the version of its entry.
    const may = (await call(calendarLoader, admin.get("/admin/calendar?year=2026&month=5"))).grid;
    expect(may.weeks.every((w: unknown[]) => w.length === 7)).toBe(true);
    const days = may.weeks.flat().filter(Boolean);
    expect(days).toHaveLength(31);
    expect(days.find((d: any) => d.date === "2026-05-05")).toMatchObject({ working: false, kind: "holiday", name: "어린이날", version: 1 });
    expect(days.find((d: any) => d.date === "2026-05-09")).toMatchObject({ working: false, kind: "weekend", version: null });
    expect(days.find((d: any) => d.date === "2026-05-11")).toMatchObject({ working: true, kind: null });
    expect(may.weeks[0].slice(0, 5)).toEqual([null, null, null, null, null]); // 2026-05-01 is a Friday
    expect([may.prev, may.next]).toEqual([
      { year: 2026, month: 4 },
      { year: 2026, month: 6 },
    ]);
    const december = (await call(calendarLoader, admin.get("/admin/calendar?year=2026&month=12"))).grid;
    expect(december.weeks.flat().find((d: any) => d?.date === "2026-12-26")).toMatchObject({
      working: true,
      kind: "extra_working_day",
      version: before + 1,
    });
    expect((await call(calendarLoader, admin.get("/admin/calendar?year=2025&month=13"))).grid.next).toEqual({ year: 2025, month: 2 });
  });
});

describe("SLA policies", () => {
  it("lists the policies in force with their targets", async () => {
    const { manager } = await staff();
    const data = await call(policiesLoader, manager.get("/admin/policies"));
    const charter = data.policies.find((p) => p.key === "charter")!;
    expect(charter).toMatchObject({ version: 1, active: true });
    expect(charter.targets.first_reply?.period).toEqual({ kind: "days", amount: 1 });
    expect(data.shape).toEqual({ hoursPerDay: 8, dayEndMinute: 18 * 60 });
    const page = await call(policyLoader, manager.get("/admin/policies/charter"), { key: "charter" });
    expect(page.policy).toMatchObject({ key: "charter", version: 1 });
    expect(page.canEdit).toBe(false);
    expect((await thrown(call(policyLoader, manager.get("/admin/policies/nope"), { key: "nope" }))).status).toBe(404);
    expect((await thrown(call(policyLoader, manager.get("/admin/policies/..%2F"), { key: "../" }))).status).toBe(404);
  });

  it("refuses a zero amount, a ratio outside (0,1) and a period on a date-based metric, keeping what was typed", async () => {
    const { admin } = await staff();
    const page = await call(policyLoader, admin.get("/admin/policies/charter"), { key: "charter" });
    const form = toForm(page.values, {
      name: "서비스 이행표준 (수정 중)",
      "targets.first_reply.amount": "0",
      "targets.resolution.warnRatio": "1.5",
      "targets.requested_reply.kind": "days",
      "targets.requested_reply.amount": "3",
      "targets.callback.amount": "ten",
      priority: "5000",
    });
    const result = asData(await call(policyAction, admin.post("/admin/policies/charter", form), { key: "charter" }));
    expect(result.init?.status).toBe(422);
    expect(result.data.errors).toMatchObject({
      "targets.first_reply.amount": ko("admin.error.amountPositive"),
      "targets.resolution.warnRatio": ko("error.warnRatio"),
      "targets.requested_reply.kind": ko("error.dateBasedMetric"),
      "targets.callback.amount": ko("admin.error.wholeNumber"),
      priority: ko("admin.error.priority"),
    });
    expect(result.data.values.name).toEqual(["서비스 이행표준 (수정 중)"]);
    expect(result.data.values["targets.first_reply.amount"]).toEqual(["0"]);
    expect(result.data.values["targets.handoff.channels"]).toEqual(["email", "mail", "fax", "visit"]);
    expect(await policyHistory("charter")).toHaveLength(1);

    const negative = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { "targets.first_reply.amount": "-2" })), {
        key: "charter",
      }),
    );
    expect(negative.data.errors).toEqual({ "targets.first_reply.amount": ko("admin.error.amountPositive") });
    const tooBig = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { "targets.first_reply.amount": "400" })), {
        key: "charter",
      }),
    );
    expect(tooBig.data.errors).toEqual({ "targets.first_reply.amount": ko("admin.error.amountMax", { max: 366 }) });
    const noPeriod = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { "targets.first_reply.kind": "date" })), {
        key: "charter",
      }),
    );
    expect(noPeriod.data.errors).toEqual({ "targets.first_reply.kind": ko("admin.error.periodRequired") });
    const badCategory = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { categoriesOther: "loan, Bad Key!" })), {
        key: "charter",
      }),
    );
    expect(badCategory.data.errors).toEqual({ categoriesOther: ko("admin.error.categoryKey") });
    const nul = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { description: "설명\u0000" })), {
        key: "charter",
      }),
    );
    expect(nul.data.errors).toEqual({ description: ko("error.controlChars") });
  });

  it("a valid edit creates version 2; re-applying it moves the open tickets' deadlines and reports the counts", async () => {
    const { admin } = await staff();
    const ticket = await createTicket(intake(), admin.actor);
    const before = (await getTicketDetail(ticket.reference))!.timers.find((t) => t.metric === "first_reply")!;

    const page = await call(policyLoader, admin.get("/admin/policies/charter"), { key: "charter" });
    const saved = asRedirect(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { "targets.first_reply.amount": "2" })), {
        key: "charter",
      }),
    );
    expect(saved.headers.get("Location")).toBe("/admin/policies/charter?saved=2");
    const history = await policyHistory("charter");
    expect(history.map((p) => [p.version, p.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(history[0].targets.first_reply).toMatchObject({ period: { kind: "days", amount: 2 } });
    // Everything else is kept as it was.
    expect(history[0].targets.callback).toEqual(history[1].targets.callback);
    expect(history[0].targets.handoff).toEqual(history[1].targets.handoff);
    expect(history[0].channels).toEqual(history[1].channels);

    const after = await call(policyLoader, admin.get("/admin/policies/charter?saved=2"), { key: "charter" });
    expect(after.saved).toBe(2);
    expect(after.history.map((v) => v.version)).toEqual([2, 1]);

    // A form loaded before version 2 was saved: refused, typed values kept, next save allowed.
    const stale = asData(
      await call(policyAction, admin.post("/admin/policies/charter", toForm(page.values, { name: "옛 양식" })), { key: "charter" }),
    );
    expect(stale.init?.status).toBe(409);
    expect(stale.data.formError).toBe(ko("admin.policy.stale", { version: 2 }));
    expect(stale.data.values.name).toEqual(["옛 양식"]);
    expect(stale.data.values.baseVersion).toEqual(["2"]);

    const unconfirmed = asData(await call(policyAction, admin.post("/admin/policies/charter", { intent: "reapply" }), { key: "charter" }));
    expect(unconfirmed.init?.status).toBe(422);
    expect(unconfirmed.data.errors.confirm).toBe(ko("admin.policy.reapplyConfirmRequired"));

    const reapplied = asRedirect(
      await call(policyAction, admin.post("/admin/policies/charter", { intent: "reapply", confirm: "yes" }), { key: "charter" }),
    );
    const location = new URL(reapplied.headers.get("Location")!, BASE);
    expect(location.pathname).toBe("/admin/policies/charter");
    const examined = Number(location.searchParams.get("examined"));
    const moved = Number(location.searchParams.get("moved"));
    expect(examined).toBeGreaterThanOrEqual(1);
    expect(moved).toBeGreaterThanOrEqual(1);
    const shown = await call(policyLoader, admin.get(location.pathname + location.search), { key: "charter" });
    expect(shown.reapplied).toEqual({ examined, moved });

    const timer = (await getTicketDetail(ticket.reference))!.timers.find((t) => t.metric === "first_reply")!;
    expect(timer.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
    expect(timer.period).toEqual({ kind: "days", amount: 2 });
  });

  it("edits a policy that sets only some metrics", async () => {
    const { admin } = await staff();
    const page = await call(policyLoader, admin.get("/admin/policies/cms-unauthorized-withdrawal"), { key: "cms-unauthorized-withdrawal" });
    expect(Object.keys(page.policy!.targets)).toEqual(["resolution"]);
    const saved = asRedirect(
      await call(
        policyAction,
        admin.post(
          "/admin/policies/cms-unauthorized-withdrawal",
          toForm(page.values, { "targets.resolution.amount": "10", priority: "20" }),
        ),
        { key: "cms-unauthorized-withdrawal" },
      ),
    );
    expect(saved.headers.get("Location")).toBe("/admin/policies/cms-unauthorized-withdrawal?saved=2");
    const [latest] = await policyHistory("cms-unauthorized-withdrawal");
    expect(latest).toMatchObject({ version: 2, priority: 20, categories: ["auto_debit"] });
    expect(latest.targets).toEqual({ resolution: { period: { kind: "days", amount: 10 }, warnRatio: 0.75, warnBeforeMinutes: 60 } });
  });

  it("creates a new policy with a key, refusing a bad, reserved or taken key", async () => {
    const { admin } = await staff();
    const blank = await call(policyLoader, admin.get("/admin/policies/new"), { key: "new" });
    expect(blank.mode).toBe("new");
    expect(blank.policy).toBeNull();
    const values = {
      ...blank.values,
      key: ["loan-complaints"],
      name: ["대출 민원"],
      categoriesOther: ["loan"],
      channels: ["web", "email"],
      "targets.resolution.enabled": ["on"],
      "targets.resolution.kind": ["days"],
      "targets.resolution.amount": ["10"],
      "targets.callback.enabled": ["on"],
      "targets.callback.kind": ["working_minutes"],
      "targets.callback.amount": ["20"],
      "targets.callback.channels": ["phone"],
      "targets.callback.warnRatio": ["75%"],
    };
    for (const [key, message] of [
      ["Bad Key", ko("admin.error.policyKey")],
      ["new", ko("admin.error.policyKeyReserved")],
      ["charter", ko("admin.error.policyKeyTaken")],
      ["", ko("error.required")],
    ]) {
      const refused = asData(await call(policyAction, admin.post("/admin/policies/new", toForm(values, { key })), { key: "new" }));
      expect(refused.init?.status).toBe(422);
      expect(refused.data.errors.key).toBe(message);
      expect(refused.data.values.name).toEqual(["대출 민원"]);
    }
    const created = asRedirect(await call(policyAction, admin.post("/admin/policies/new", toForm(values)), { key: "new" }));
    expect(created.headers.get("Location")).toBe("/admin/policies/loan-complaints?saved=1");
    const [row] = await policyHistory("loan-complaints");
    expect(row).toMatchObject({ version: 1, name: "대출 민원", categories: ["loan"], channels: ["web", "email"], active: true });
    expect(row.targets).toEqual({
      resolution: { period: { kind: "days", amount: 10 }, warnRatio: 0.75, warnBeforeMinutes: 60 },
      callback: { period: { kind: "working_minutes", amount: 20 }, channels: ["phone"], warnRatio: 0.75, warnBeforeMinutes: 60 },
    });
    // The form of the saved policy shows exactly what was saved.
    const page = await call(policyLoader, admin.get("/admin/policies/loan-complaints"), { key: "loan-complaints" });
    expect(page.values).toEqual(policyFormValues(row));
    expect(page.categories).toContain("loan");
  });
});
