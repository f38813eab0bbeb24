// Issue 21, the inquiry form's remaining parts: 우편 needs a postal address (stored, shown to
// staff, emptied by retention), over-long text refused with the limit and the length (what was
// typed kept), and the 개인정보 수집·이용 동의 — required, checked on the server, recorded with its
// wording version on the ticket and in its history.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { statusSubscriptions, tickets } from "../../db/schema";
import { db } from "../../db/connection";
import { describeEvent } from "~/desk/history";
import { loadTicketView } from "~/desk/ticket-view.server";
import { translator } from "~/i18n/i18n";
import { contactNeed } from "~/intake/fields";
import { PRIVACY_CONSENT_VERSION } from "~/privacy/consent";
import { retentionYears } from "~/privacy/retention.server";
import { action as inquiryAction, loader as inquiryLoader } from "~/routes/inquiry";
import { loader as receivedPageLoader } from "~/routes/inquiry_.received";
import { action as subscribeAction, loader as subscribeLoader } from "~/routes/status_.subscribe";
import { getTicketDetail } from "~/tickets/tickets.server";
import { useTestDatabase } from "../support/db";

useTestDatabase();

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

function form(fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  const base = {
    name: "우편희",
    email: "",
    phone: "010-3333-4444",
    preferredContact: "mail",
    postalAddress: "04524 서울특별시 중구 세종대로 110, 3층",
    category: "general",
    subject: "우편으로 답변 부탁드립니다",
    body: "서면으로 받아 보관하고 싶습니다.",
    requestedReplyBy: "",
    privacyConsent: "on",
    ...fields,
  };
  for (const [k, v] of Object.entries(base)) f.append(k, v);
  f.append("files", new File([], ""));
  return f;
}

async function submit(fields: Record<string, string> = {}) {
  const result = await inquiryAction({
    request: new Request("http://localhost/inquiry", { method: "POST", body: form(fields) }),
    params: {},
    context: {},
  });
  if (result instanceof Response) return { status: result.status, headers: result.headers, body: undefined };
  const r = result as unknown as { data: ActionData; init?: { status?: number } };
  return { status: r.init?.status ?? 200, headers: new Headers(), body: r.data };
}

async function filedReference(headers: Headers): Promise<string> {
  const cookie = headers.get("Set-Cookie")!.split(";")[0];
  const page = await receivedPageLoader({
    request: new Request("http://localhost/inquiry/received", { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  });
  return page.data!.reference;
}

describe("/inquiry: 우편 needs a postal address", () => {
  it("refuses 우편 without an address, naming the field, and keeps what was typed", async () => {
    const result = await submit({ postalAddress: "" });
    expect(result.status).toBe(422);
    expect(result.body?.errors).toEqual({ postalAddress: "우편으로 답변받으려면 받으실 주소를 입력해 주세요." });
    expect(result.body?.values).toMatchObject({ name: "우편희", subject: "우편으로 답변 부탁드립니다", preferredContact: "mail" });
  });

  it("stores the address on the ticket and shows it to staff", async () => {
    const result = await submit();
    expect(result.status).toBe(303);
    const reference = await filedReference(result.headers);
    const view = await loadTicketView(reference);
    expect(view?.customer.postalAddress).toBe("04524 서울특별시 중구 세종대로 110, 3층");
    expect(view?.customer.preferredContact).toBe("mail");
  });

  it("labels say which contact is required for the chosen reply method", () => {
    expect(contactNeed("email")).toEqual({ email: "required", phone: "optional", address: false });
    expect(contactNeed("sms")).toEqual({ email: "optional", phone: "required", address: false });
    expect(contactNeed("phone")).toMatchObject({ email: "optional", phone: "required" });
    expect(contactNeed("")).toEqual({ email: "either", phone: "either", address: false });
    expect(contactNeed("mail")).toEqual({ email: "either", phone: "either", address: true });
  });
});

describe("/inquiry: over-long text is refused, never cut", () => {
  it("names the limit and the current length, and gives the text back whole", async () => {
    const subject = "가".repeat(205);
    const body = "a".repeat(20_003);
    const result = await submit({ subject, body });
    expect(result.status).toBe(422);
    expect(result.body?.errors.subject).toBe("200자 이내로 입력해 주세요. 지금 205자입니다.");
    expect(result.body?.errors.body).toBe("20000자 이내로 입력해 주세요. 지금 20003자입니다.");
    expect(result.body?.values.subject).toBe(subject);
    expect(result.body?.values.body).toBe(body);
  });
});

describe("/inquiry: 개인정보 수집·이용 동의", () => {
  it("the loader passes the RETENTION_YEARS setting the notice names", async () => {
    const loaded = await inquiryLoader({ request: new Request("http://localhost/inquiry"), params: {}, context: {} });
    expect(loaded.retentionYears).toBe(retentionYears());
  });

  it("refuses the form without consent, saying why and what else the customer can do, and files nothing", async () => {
    const before = (await db().select({ id: tickets.id }).from(tickets)).length;
    const result = await submit({ privacyConsent: "" });
    expect(result.status).toBe(422);
    expect(result.body?.errors.privacyConsent).toMatch(/개인정보 수집·이용에 동의해야 접수할 수 있습니다.*전화/);
    expect(result.body?.values.subject).toBe("우편으로 답변 부탁드립니다");
    expect((await db().select({ id: tickets.id }).from(tickets)).length).toBe(before);
  });

  it("records the wording version and time on the ticket and in its history, worded for staff", async () => {
    const started = Date.now();
    const result = await submit({ subject: "동의 기록 확인" });
    expect(result.status).toBe(303);
    const reference = await filedReference(result.headers);
    const [row] = await db().select().from(tickets).where(eq(tickets.reference, reference));
    expect(row.privacyConsentVersion).toBe(PRIVACY_CONSENT_VERSION);
    expect(row.privacyConsentedAt!.getTime()).toBeGreaterThanOrEqual(started - 1000);
    const detail = await getTicketDetail(reference);
    const created = detail!.events.find((e) => e.type === "ticket.created")!;
    expect(created.data.privacyConsent).toMatchObject({ version: PRIVACY_CONSENT_VERSION });
    const words = describeEvent(translator("ko"), created, { byId: new Map(), byEmail: new Map() });
    expect(words.details.join(" ")).toMatch(new RegExp(`개인정보 수집·이용 동의: .*\\(문안 ${PRIVACY_CONSENT_VERSION}\\)`));
    const view = await loadTicketView(reference);
    expect(view?.customer.privacyConsent).toMatchObject({ version: PRIVACY_CONSENT_VERSION });
  });
});

describe("/status/subscribe: 개인정보 수집·이용 동의", () => {
  const post = (fields: Record<string, string>) =>
    subscribeAction({
      request: new Request("http://localhost/status/subscribe", { method: "POST", body: new URLSearchParams(fields) }),
      params: {},
      context: {},
    });

  it("refuses to subscribe without consent, keeping the address typed", async () => {
    const result = (await post({ email: "no-consent@example.com", phone: "" })) as unknown as {
      data: ActionData;
      init: { status: number };
    };
    expect(result.init.status).toBe(422);
    expect(result.data.errors.privacyConsent).toMatch(/동의해야 알림을 신청할 수 있습니다/);
    expect(result.data.values.email).toBe("no-consent@example.com");
    expect(await db().select().from(statusSubscriptions).where(eq(statusSubscriptions.email, "no-consent@example.com"))).toHaveLength(0);
  });

  it("records the wording version and time with the subscription", async () => {
    const result = (await post({ email: "consent@example.com", phone: "", privacyConsent: "on" })) as Response;
    expect(result.status).toBe(303);
    const [row] = await db().select().from(statusSubscriptions).where(eq(statusSubscriptions.email, "consent@example.com"));
    expect(row.privacyConsentVersion).toBe(PRIVACY_CONSENT_VERSION);
    expect(row.privacyConsentedAt).toBeInstanceOf(Date);
    expect(subscribeLoader().retentionYears).toBe(retentionYears());
  });
});
