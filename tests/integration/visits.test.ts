// Visit assistance (몸이 불편하신 고객의 방문 예약) against a real database, through the public page's and
// the desk's form actions: a booking is a `visit` ticket with its appointment and no clock;
// reception (VISIT_RECEPTION) and the person visited — their deputy while away — are alerted in the
// same transaction; the customer's confirmation names the time and the help; bad input keeps what
// was typed with the reason beside the field, in Korean or English; the outcome is recorded once,
// with its history event, and resolves the ticket.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { notifications, slaTimers, ticketEvents, tickets, visitAppointments } from "../../db/schema";
import { db } from "../../db/connection";
import { startSession } from "~/auth/session.server";
import { toDatetimeLocal } from "~/lib/time";
import { recordAbsence } from "~/staff/absence.server";
import { createStaffMember } from "~/staff/staff.server";
import { renderEmail, renderSms } from "~/notify/render.server";
import { action as publicAction } from "~/routes/visit";
import { action as deskAction, loader as deskLoader } from "~/routes/desk.visits";
import { describeEvent, staffNames } from "~/desk/history";
import { translator } from "~/i18n/i18n";
import { visitCounts } from "~/visits/visits.server";
import { loadDashboard } from "~/reports/dashboard.server";
import { ensureTeam } from "~/staff/staff.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

type Outcome = { status: number; location: string | null; body?: any };

async function post(action: Function, path: string, fields: Record<string, string>, cookie = ""): Promise<Outcome> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const result = await action({
    request: new Request(`http://localhost${path}`, { method: "POST", body: form, headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location") };
  const r = result as { data: unknown; init?: { status?: number } };
  return { status: r.init?.status ?? 200, location: null, body: r.data };
}

const inTwoDays = () => toDatetimeLocal(Date.now() + 2 * 86_400_000);

const publicForm = (fields: Record<string, string> = {}) => ({
  visitAt: inTwoDays(),
  help_wheelchair: "on",
  help_other: "on",
  helpOther: "보청기를 사용합니다",
  name: "방문고객",
  email: "visitor@example.com",
  phone: "",
  visiting: "",
  privacyConsent: "on",
  ...fields,
});

async function ticketOf(reference: string) {
  const [t] = await db().select().from(tickets).where(eq(tickets.reference, reference));
  return t;
}

const alertsOf = (ticketId: string) => db().select().from(notifications).where(eq(notifications.ticketId, ticketId));
const eventsOf = (ticketId: string) => db().select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(ticketEvents.id);

describe("visit assistance", () => {
  let agent: { id: string; cookie: string };
  let wanted: { id: string; name: string };
  let deputy: { id: string };
  let manager: { id: string };

  beforeAll(async () => {
    const a = await createStaffMember({
      email: "front@desk.test",
      name: "안내직원",
      role: "agent",
      team: "front",
      password: "pw-123456789",
    });
    agent = { id: a.id, cookie: (await startSession(new Request("http://localhost/login"), a.id)).split(";")[0] };
    const w = await createStaffMember({
      email: "kim@desk.test",
      name: "김상담",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    wanted = { id: w.id, name: w.name };
    const d = await createStaffMember({
      email: "lee@desk.test",
      name: "이대리",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    deputy = { id: d.id };
    const m = await createStaffMember({ email: "boss@desk.test", name: "최관리", role: "manager", team: null, password: "pw-123456789" });
    manager = { id: m.id };
  });

  afterEach(() => {
    delete process.env.VISIT_RECEPTION;
  });

  it("a public booking is a visit ticket with no clock; reception, the person named and the customer are told at once", async () => {
    process.env.VISIT_RECEPTION = "reception@desk.test";
    const r = await post(publicAction, "/visit", publicForm({ visiting: "김상담", phone: "010-1234-5678" }));
    expect(r.status).toBe(200);
    const booked = r.body.booked;
    expect(booked).toMatchObject({ help: ["wheelchair", "other"], confirmation: "email" });
    const ticket = await ticketOf(booked.reference);
    expect(ticket).toMatchObject({ kind: "visit", channel: "web", status: "new" });
    expect(ticket.privacyConsentVersion).toBeTruthy();
    expect(await db().select().from(slaTimers).where(eq(slaTimers.ticketId, ticket.id))).toEqual([]);
    const [row] = await db().select().from(visitAppointments).where(eq(visitAppointments.ticketId, ticket.id));
    expect(row).toMatchObject({ help: ["wheelchair", "other"], helpOther: "보청기를 사용합니다", staffId: wanted.id, outcome: null });

    const sent = await alertsOf(ticket.id);
    // No separate receipt: the confirmation carries the tracking link.
    expect(sent.map((n) => n.template).sort()).toEqual(["visit_confirmation", "visit_notice", "visit_notice"]);
    const toReception = sent.find((n) => n.template === "visit_notice" && n.toAddress === "reception@desk.test")!;
    expect(toReception).toMatchObject({ audience: "staff", channel: "email", status: "queued" });
    expect(sent.find((n) => n.template === "visit_notice" && n.recipientStaffId === wanted.id)).toBeTruthy();
    const confirmation = sent.find((n) => n.template === "visit_confirmation")!;
    expect(confirmation).toMatchObject({ audience: "customer", toAddress: "visitor@example.com", status: "queued" });
    expect(confirmation.payload).toMatchObject({ at: row.visitAt.toISOString(), help: ["wheelchair", "other"] });

    // The confirmation says the time and the help in words, in both languages.
    for (const locale of ["ko", "en"] as const) {
      const rendered = await renderEmail("visit_confirmation", confirmation.payload as Record<string, unknown>, locale);
      const sms = renderSms("visit_confirmation", confirmation.payload as Record<string, unknown>, locale);
      expect(JSON.stringify(sms)).toContain(locale === "ko" ? "휠체어 지원" : "a wheelchair");
      const words =
        locale === "ko"
          ? ["휠체어 지원", "기타 도움 (보청기를 사용합니다)", "10분 전"]
          : ["a wheelchair", "other help (보청기를 사용합니다)", "10 minutes before"];
      for (const w of words) expect(rendered.text).toContain(w);
    }

    const events = await eventsOf(ticket.id);
    const announced = events.find((e) => e.type === "visit.announced")!;
    expect(announced.data).toMatchObject({
      visitedStaffId: wanted.id,
      alertedStaffId: wanted.id,
      deputy: false,
      reception: "address",
      confirmation: "email",
    });
    const t = translator("ko");
    const line = describeEvent(
      t,
      announced as { type: string; data: Record<string, unknown> },
      staffNames([{ id: wanted.id, name: wanted.name, email: "kim@desk.test" }]),
    );
    expect(line.title).toBe("방문 예약 접수");
    expect(line.details.join(" ")).toContain("휠체어 지원");
  });

  it("bad input keeps what was typed, with each reason beside its field, in Korean or English", async () => {
    const fields = publicForm({
      visitAt: toDatetimeLocal(Date.now() - 3_600_000),
      help_wheelchair: "",
      help_other: "on",
      helpOther: "",
      email: "",
      phone: "",
      name: "홍길동",
      privacyConsent: "",
    });
    const ko = await post(publicAction, "/visit", fields);
    expect(ko.status).toBe(422);
    expect(ko.body.values).toMatchObject({ name: "홍길동", help_other: "on" });
    expect(ko.body.errors).toMatchObject({
      visitAt: "지금 이후의 일시를 입력하세요.",
      helpOther: "기타 도움의 내용을 적어 주세요.",
      phone: "이메일이나 전화번호 중 하나 이상을 입력하세요.",
    });
    expect(ko.body.errors.privacyConsent).toBeTruthy();
    const en = await post(publicAction, "/visit?lang=en", { ...fields, help_other: "", visitAt: "" });
    expect(en.status).toBe(422);
    expect(en.body.errors.help).toBe("Choose at least one kind of help.");
    expect(en.body.errors.phone).toBe("Enter an email address or a phone number.");
    expect(en.body.errors.visitAt).toMatch(/[A-Za-z]/);
    // Nothing was stored.
    expect(await db().select().from(visitAppointments).where(eq(visitAppointments.helpOther, "x"))).toEqual([]);
  });

  it("a personal number typed in free text is masked before it is stored", async () => {
    const r = await post(publicAction, "/visit", publicForm({ helpOther: "주민번호 900101-1234567 확인 필요" }));
    expect(r.status).toBe(200);
    const ticket = await ticketOf(r.body.booked.reference);
    const [row] = await db().select().from(visitAppointments).where(eq(visitAppointments.ticketId, ticket.id));
    expect(row.helpOther).not.toContain("1234567");
  });

  it("booked by staff for someone away: their deputy is alerted, reception is the team named, and the outcome is recorded once", async () => {
    process.env.VISIT_RECEPTION = "team:front";
    await recordAbsence(
      {
        staffId: wanted.id,
        deputyId: deputy.id,
        kind: "leave",
        startsAt: new Date(Date.now() - 3_600_000),
        endsAt: new Date(Date.now() + 5 * 86_400_000),
      },
      { id: manager.id, email: "boss@desk.test", name: "최관리", role: "manager", teamId: null, locale: "ko" },
    );
    const r = await post(
      deskAction,
      "/desk/visits",
      {
        intent: "announce",
        visitAt: inTwoDays(),
        help_sign_language: "on",
        name: "전화고객",
        email: "",
        phone: "010-2222-3333",
        staffId: wanted.id,
        department: "민원1팀",
        channel: "phone",
      },
      agent.cookie,
    );
    expect(r.status).toBe(303);
    const reference = new URL(r.location!, "http://desk").searchParams.get("reference")!;
    const ticket = await ticketOf(reference);
    expect(ticket).toMatchObject({ kind: "visit", channel: "phone" });
    const sent = await alertsOf(ticket.id);
    const staffAlerts = sent.filter((n) => n.template === "visit_notice");
    // The front team (the agent) and the deputy; not the absent person.
    expect(staffAlerts.map((n) => n.recipientStaffId).sort()).toEqual([agent.id, deputy.id].sort());
    expect(staffAlerts.find((n) => n.recipientStaffId === deputy.id)!.payload).toMatchObject({ deputy: true });
    const confirmation = sent.find((n) => n.template === "visit_confirmation")!;
    expect(confirmation).toMatchObject({ channel: "sms", status: "queued" });

    const page = (await deskLoader({
      request: new Request("http://localhost/desk/visits", { headers: { Cookie: agent.cookie } }),
      params: {},
      context: {},
    })) as any;
    expect(page.open.map((v: { reference: string }) => v.reference)).toContain(reference);

    // Did not come, without saying what was tried: refused, what was typed kept.
    const bad = await post(deskAction, "/desk/visits", { intent: "record", reference, outcome: "no_show", note: "" }, agent.cookie);
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ intent: "record", reference, values: { outcome: "no_show" } });
    expect(bad.body.errors.note).toBe("오지 않으신 경우 확인한 내용을 메모에 적어 주세요.");

    const ok = await post(
      deskAction,
      "/desk/visits",
      { intent: "record", reference, outcome: "arrived", helpGiven: "on", note: "수어 통역사 동석" },
      agent.cookie,
    );
    expect(ok.status).toBe(303);
    const again = await post(deskAction, "/desk/visits", { intent: "record", reference, outcome: "no_show", note: "x" }, agent.cookie);
    expect(again.status).toBe(409);
    expect(again.body.errors._).toBe("이미 결과가 기록된 방문입니다.");

    const [row] = await db().select().from(visitAppointments).where(eq(visitAppointments.ticketId, ticket.id));
    expect(row).toMatchObject({ outcome: "arrived", helpGiven: true, outcomeNote: "수어 통역사 동석", outcomeById: agent.id });
    expect((await ticketOf(reference)).status).toBe("resolved");
    const types = (await eventsOf(ticket.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["ticket.created", "visit.announced", "visit.recorded", "ticket.resolved"]));
    expect(types.indexOf("visit.recorded")).toBeLessThan(types.indexOf("ticket.resolved"));

    const after = (await deskLoader({
      request: new Request("http://localhost/desk/visits", { headers: { Cookie: agent.cookie } }),
      params: {},
      context: {},
    })) as any;
    expect(after.open.map((v: { reference: string }) => v.reference)).not.toContain(reference);
    expect(after.recorded.map((v: { reference: string }) => v.reference)).toContain(reference);

    const counts = await visitCounts(new Date(Date.now() - 86_400_000), new Date(Date.now() + 30 * 86_400_000));
    expect(counts.arrived).toBeGreaterThanOrEqual(1);
    expect(counts.helpGiven).toBeGreaterThanOrEqual(1);
    expect(counts.announced).toBeGreaterThanOrEqual(counts.arrived + counts.noShow);
  });

  it("the dashboard counts the visits of its period, as the compliance review does, within the team it shows", async () => {
    const kstDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
    const period = { from: kstDay(Date.now() - 86_400_000), to: kstDay(Date.now() + 30 * 86_400_000) };
    const { start, end } = {
      start: new Date(`${period.from}T00:00:00+09:00`),
      end: new Date(new Date(`${period.to}T00:00:00+09:00`).getTime() + 86_400_000),
    };
    const expected = await visitCounts(start, end);
    expect(expected.announced).toBeGreaterThanOrEqual(1);
    const all = await loadDashboard(period, { team: null, locked: false });
    expect(all.visits).toEqual(expected);
    // A team with no visit ticket counts none.
    const empty = await ensureTeam("no-visits", "방문없는팀");
    const none = await loadDashboard(period, { team: { id: empty.id, key: "no-visits", name: "방문없는팀" }, locked: true });
    expect(none.visits).toEqual({ announced: 0, arrived: 0, helpGiven: 0, noShow: 0 });
  });

  it("without VISIT_RECEPTION the managers are reception", async () => {
    const r = await post(publicAction, "/visit", publicForm({ help_other: "", helpOther: "", help_parking: "on" }));
    const ticket = await ticketOf(r.body.booked.reference);
    const staffAlerts = (await alertsOf(ticket.id)).filter((n) => n.template === "visit_notice");
    expect(staffAlerts.map((n) => n.recipientStaffId)).toEqual([manager.id]);
  });

  it("the inquiry form cannot file a visit without its appointment", async () => {
    const { inquiryFormSchema } = await import("~/tickets/schemas");
    const parsed = inquiryFormSchema.safeParse({
      kind: "visit",
      subject: "s",
      body: "b",
      name: "n",
      email: "a@b.kr",
      privacyConsent: "on",
    });
    expect(parsed.success).toBe(false);
    expect(
      await db()
        .select()
        .from(tickets)
        .where(and(eq(tickets.kind, "visit"), eq(tickets.channel, "email"))),
    ).toEqual([]);
  });
});
