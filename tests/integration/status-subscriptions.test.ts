// Status-page subscriptions are double opt-in: subscribing sends only a confirmation link to the
// address; outage and maintenance notices go only to confirmed subscriptions; the link works once,
// for 24 hours; unsubscribing stays one click; the subscribe form is rate-limited.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notifications, statusSubscriptions } from "../../db/schema";
import { db } from "../../db/connection";
import { staffActor } from "~/auth/session.server";
import { createStaffMember } from "~/staff/staff.server";
import { declareOutage, publishEta } from "~/outages/outages.server";
import { confirmSubscription, subscribe, unsubscribe, unsubscribeToken } from "~/outages/subscriptions.server";
import { renderEmail } from "~/notify/render.server";
import { action as subscribeAction } from "~/routes/status_.subscribe";
import { action as confirmAction, loader as confirmLoader } from "~/routes/status_.confirm.$token";
import { useTestDatabase } from "../support/db";
import { masked } from "~/core/masked-text";
import { call } from "../support/route-calls";

useTestDatabase();

const BASE = "http://desk.test";
const at = (iso: string) => new Date(iso);

async function confirmations(to: string) {
  return db()
    .select()
    .from(notifications)
    .where(and(eq(notifications.template, "status_confirm"), eq(notifications.toAddress, to)));
}
const tokenOf = (n: { payload: unknown }) => String((n.payload as { confirmUrl: string }).confirmUrl).split("/status/confirm/")[1]!;

async function lead() {
  const s = await createStaffMember({
    email: `lead${Math.random()}@sub.test`,
    name: "박서연",
    role: "lead",
    team: "complaints-1",
    password: "pw-123456789",
  });
  return staffActor({ ...s, locale: "ko" });
}

describe("confirmed subscriptions", () => {
  it("send only a confirmation until its link is followed; then the notices flow", async () => {
    const actor = await lead();
    const now = at("2026-07-01T00:00:00Z");
    await subscribe({ email: "Kim@Example.com", phone: undefined }, "ko", now);
    await subscribe({ email: undefined, phone: "010-2222-3333" }, "en", now);

    const mail = await confirmations("kim@example.com");
    const sms = await confirmations("+821022223333");
    expect(mail).toHaveLength(1);
    expect(sms).toHaveLength(1);
    expect(mail[0]!.channel).toBe("email");
    expect(sms[0]!.channel).toBe("sms");
    expect(sms[0]!.locale).toBe("en");
    const rendered = await renderEmail("status_confirm", mail[0]!.payload as Record<string, unknown>, "ko");
    expect(rendered.subject).toContain("알림 신청");

    // Unconfirmed: an outage notifies nobody.
    const o = await declareOutage({ service: masked("자격시험 접수"), description: masked("접수 중단"), startedAt: now }, actor, now);
    const first = await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-07-01T06:00:00Z"), message: undefined },
      actor,
      at("2026-07-01T00:30:00Z"),
    );
    expect(first.notified).toBe(0);

    // A forged or altered token confirms nothing.
    expect(await confirmSubscription("nonsense", now)).toBe(false);
    expect(await confirmSubscription(`${tokenOf(mail[0]!)}x`, now)).toBe(false);
    // The real link confirms, once.
    expect(await confirmSubscription(tokenOf(mail[0]!), at("2026-07-01T01:00:00Z"))).toBe(true);
    const second = await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-07-01T08:00:00Z"), message: masked("늦어집니다.") },
      actor,
      at("2026-07-01T01:30:00Z"),
    );
    expect(second.notified).toBe(1);
    const notices = await db().select().from(notifications).where(eq(notifications.template, "outage_notice"));
    expect(notices.map((n) => n.toAddress)).toEqual(["kim@example.com"]);

    // The SMS link, 24 hours later, no longer works; subscribing again sends a fresh one.
    expect(await confirmSubscription(tokenOf(sms[0]!), at("2026-07-02T00:00:01Z"))).toBe(false);
    await subscribe({ email: undefined, phone: "01022223333" }, "en", at("2026-07-02T00:00:02Z"));
    const again = await confirmations("+821022223333");
    expect(again).toHaveLength(2);
    expect(await confirmSubscription(tokenOf(sms[0]!), at("2026-07-02T00:00:03Z"))).toBe(false); // the old link was replaced
    const fresh = again.find((n) => n.id !== sms[0]!.id)!;
    expect(await confirmSubscription(tokenOf(fresh), at("2026-07-02T00:00:03Z"))).toBe(true);
    expect(await db().select().from(statusSubscriptions)).toHaveLength(2);

    // A confirmed address subscribing again gets nothing new; unsubscribing stays one click.
    await subscribe({ email: "kim@example.com", phone: undefined }, "ko", at("2026-07-03T00:00:00Z"));
    expect(await confirmations("kim@example.com")).toHaveLength(1);
    const kim = (await db().select().from(statusSubscriptions).where(eq(statusSubscriptions.email, "kim@example.com")))[0]!;
    expect(await unsubscribe(unsubscribeToken(kim.id))).toBe(true);
    const third = await publishEta(
      o.id,
      { expectedRecoveryAt: at("2026-07-03T08:00:00Z"), message: undefined },
      actor,
      at("2026-07-03T01:00:00Z"),
    );
    expect(third.notified).toBe(1); // the phone only
  });

  it("both an email and a phone typed make two subscriptions, each confirmed by its own link", async () => {
    await subscribe({ email: "both@example.com", phone: "010-4444-5555" }, "ko", at("2026-07-01T00:00:00Z"));
    const rows = (await db().select().from(statusSubscriptions)).filter(
      (r) => r.email === "both@example.com" || r.phone === "+821044445555",
    );
    expect(rows.map((r) => [r.email, r.phone, r.confirmedAt]).sort()).toEqual([
      [null, "+821044445555", null],
      ["both@example.com", null, null],
    ]);
    expect(await confirmations("both@example.com")).toHaveLength(1);
    expect(await confirmations("+821044445555")).toHaveLength(1);
  });

  it("the confirm page shows a button (scanners that open links confirm nothing) and the POST confirms", async () => {
    await subscribe({ email: "page@example.com", phone: undefined }, "ko");
    const token = tokenOf((await confirmations("page@example.com"))[0]!);
    const shown = (await call(confirmLoader, new Request(`${BASE}/status/confirm/${token}`), { token })) as {
      state: string;
      address: string;
    };
    expect(shown.state).toBe("pending");
    expect(shown.address).toBe("pa***@example.com");
    const pageRow = async () =>
      (await db().select().from(statusSubscriptions).where(eq(statusSubscriptions.email, "page@example.com")))[0]!;
    expect((await pageRow()).confirmedAt).toBeNull();
    const done = (await call(confirmAction, new Request(`${BASE}/status/confirm/${token}`, { method: "POST" }), { token })) as Response;
    expect(done.status).toBe(303);
    expect((await pageRow()).confirmedAt).not.toBeNull();
    expect(((await call(confirmLoader, new Request(`${BASE}/status/confirm/${token}`), { token })) as { state: string }).state).toBe(
      "confirmed",
    );
    const bad = (await call(confirmLoader, new Request(`${BASE}/status/confirm/bad`), { token: "bad" })) as { state: string };
    expect(bad.state).toBe("invalid");
  });

  it("the subscribe form says a confirmation was sent, and is rate-limited with Retry-After", async () => {
    const form = (email: string) =>
      new Request(`${BASE}/status/subscribe`, { method: "POST", body: new URLSearchParams({ email, phone: "", privacyConsent: "on" }) });
    const ok = (await call(subscribeAction, form("one@example.com"), {}, { clientIp: "203.0.113.9" })) as Response;
    expect(ok.status).toBe(303);
    expect(ok.headers.get("Location")).toBe("/status/subscribe?sent=1");
    let limited: any = null;
    for (let i = 0; i < 30 && !limited; i++) {
      const r = await call(subscribeAction, form(`n${i}@example.com`), {}, { clientIp: "203.0.113.9" });
      if (!(r instanceof Response)) limited = r;
    }
    expect(limited, "the form is limited per client").not.toBeNull();
    expect(limited.init.status).toBe(429);
    expect(Number(new Headers(limited.init.headers).get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.data.errors._).toMatch(/분 뒤에 다시/);
    expect(limited.data.values.email).toMatch(/@example.com$/);
    // The same address asked for again and again is limited too (from many clients).
    let perAddress: any = null;
    for (let i = 0; i < 10 && !perAddress; i++) {
      const r = await call(subscribeAction, form("victim@example.com"), {}, { clientIp: `198.51.100.${i}` });
      if (!(r instanceof Response)) perAddress = r;
    }
    expect(perAddress?.init.status).toBe(429);
    expect((await confirmations("victim@example.com")).length).toBeLessThanOrEqual(3);
  });
});
