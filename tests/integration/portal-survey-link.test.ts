// Issue 21: the final-answer email carries a satisfaction link — the customer's signed tracking
// link opened at the rating form — and following it lets the customer rate that answer.
import { describe, expect, it } from "vitest";
import { staffActor } from "~/auth/session.server";
import { renderEmail } from "~/notify/render.server";
import { createStaffMember } from "~/staff/staff.server";
import { assignTicket, createTicket, resolveTicket } from "~/tickets/tickets.server";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$reference";
import { useTestDatabase } from "../support/db";

process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

useTestDatabase();

function links(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

describe("final-answer email: the satisfaction link", () => {
  it("is in the final answer only, as the signed tracking link at the rating form", async () => {
    const reference = "260430-0042";
    const final = await renderEmail("reply", { reference, subject: "문의", body: "처리했습니다.", final: true }, "ko");
    const rate = links(final.html).filter((h) => h.endsWith("#rate"));
    expect(rate).toHaveLength(1);
    expect(rate[0]).toMatch(new RegExp(`/track/${reference}\\?t=[^#]+#rate$`));
    expect(final.text).toContain("만족도 평가하기");
    const en = await renderEmail("reply", { reference, subject: "Q", body: "Done.", final: true }, "en");
    expect(en.text).toContain("Rate our answer");
    const plain = await renderEmail("reply", { reference, subject: "문의", body: "확인 중입니다." }, "ko");
    expect(links(plain.html).some((h) => h.includes("#rate"))).toBe(false);
    expect(plain.text).not.toContain("만족도 평가하기");
  });

  it("opens the track page with the rating form, and the rating is taken", async () => {
    const row = await createStaffMember({
      email: "survey-link@desk.kr",
      name: "김답변",
      role: "agent",
      team: "complaints-1",
      password: "pw-123456789",
    });
    const actor = staffActor({ ...row, locale: "ko" });
    const created = await createTicket(
      {
        channel: "web",
        category: "general",
        subject: "환급 문의",
        body: "환급해 주세요.",
        customer: { name: "평가인", email: "rate-link@example.com" },
        callbackRequested: false,
        resolvedOnContact: false,
      },
      { kind: "customer" },
    );
    await assignTicket(created.reference, "survey-link@desk.kr", actor);
    await resolveTicket(created.reference, { answer: "환급했습니다." }, actor);
    const mail = await renderEmail(
      "reply",
      { reference: created.reference, subject: "환급 문의", body: "환급했습니다.", final: true },
      "ko",
    );
    const href = links(mail.html).find((h) => h.endsWith("#rate"))!;
    const url = new URL(href);

    let opened: Response;
    try {
      opened = (await trackLoader({
        request: new Request(`http://localhost${url.pathname}${url.search}`),
        params: { reference: created.reference },
        context: {},
      })) as unknown as Response;
    } catch (thrown) {
      opened = thrown as Response;
    }
    expect(opened.status).toBe(303);
    expect(opened.headers.get("Location")).toBe(`/track/${created.reference}`); // the browser keeps #rate
    const cookie = opened.headers.get("Set-Cookie")!.split(";")[0];
    const page = (await trackLoader({
      request: new Request(`http://localhost/track/${created.reference}`, { headers: { Cookie: cookie } }),
      params: { reference: created.reference },
      context: {},
    })) as unknown as {
      data: { view: { canRate: boolean } };
    };
    expect(page.data.view.canRate).toBe(true);
    const form = new FormData();
    form.set("intent", "rate");
    form.set("score", "5");
    const rated = (await trackAction({
      request: new Request(`http://localhost/track/${created.reference}`, { method: "POST", body: form, headers: { Cookie: cookie } }),
      params: { reference: created.reference },
      context: {},
    })) as Response;
    expect(rated.headers.get("Location")).toBe(`/track/${created.reference}?done=rated#done`);
  });
});
