// SMS length rules and channel routing: pure functions, no database.
import { describe, expect, it } from "vitest";
import { routeCustomer, smsNumber } from "~/notify/address.server";
import { callNote, renderSms } from "~/notify/render.server";
import { composeSms, fitsSms, smsSegments } from "~/notify/sms";

// Links in texts are signed with the desk's secret (the start script provides one).
process.env.SESSION_SECRET ??= "test-secret-test-secret-test-secret";

const ko = (n: number) => "가".repeat(n);
const ascii = (n: number) => "a".repeat(n);

describe("smsSegments", () => {
  it("counts GSM-7 texts in septets: 160 in one segment, 153 per concatenated segment", () => {
    expect(smsSegments("")).toMatchObject({ encoding: "GSM-7", segments: 0 });
    expect(smsSegments(ascii(160))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments(ascii(161))).toMatchObject({ encoding: "GSM-7", units: 161, segments: 2, perSegment: 153 });
    expect(smsSegments(ascii(306))).toMatchObject({ segments: 2 });
    expect(smsSegments(ascii(307))).toMatchObject({ segments: 3 });
  });

  it("counts GSM extension characters (€ [ ] { } ~ ^ | \\) as two septets", () => {
    expect(smsSegments("€".repeat(80))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments(`${ascii(159)}€`)).toMatchObject({ units: 161, segments: 2 });
    // An escape pair is never split: 152 plain + € needs a second segment.
    expect(smsSegments(`${ascii(152)}€${ascii(10)}`).segments).toBe(2);
    expect(smsSegments(`${ascii(152)}€${ascii(153)}`).segments).toBe(3);
  });

  it("sends Korean (and anything outside GSM-7) as UCS-2: 70 alone, 67 per concatenated segment", () => {
    expect(smsSegments(ko(70))).toMatchObject({ encoding: "UCS-2", units: 70, segments: 1, perSegment: 70 });
    expect(smsSegments(ko(71))).toMatchObject({ encoding: "UCS-2", segments: 2, perSegment: 67 });
    expect(smsSegments(ko(134))).toMatchObject({ segments: 2 });
    expect(smsSegments(ko(135))).toMatchObject({ segments: 3 });
    // One Korean character turns an otherwise ASCII text into UCS-2.
    expect(smsSegments(`${ascii(100)}가`)).toMatchObject({ encoding: "UCS-2", units: 101, segments: 2 });
  });

  it("counts a character outside the BMP (emoji) as two code units and never splits it", () => {
    expect(smsSegments("😀")).toMatchObject({ encoding: "UCS-2", units: 2, segments: 1 });
    expect(smsSegments(`${ko(66)}😀${ko(10)}`).segments).toBe(2);
    expect(smsSegments(`${ko(66)}😀${ko(66)}`).segments).toBe(3); // 66 + (2 + 66) would split the pair
  });

  it("the desk's limit is 2 segments: ≤ 134 UCS-2 units, ≤ 306 GSM-7 septets", () => {
    expect(fitsSms(ko(134))).toBe(true);
    expect(fitsSms(ko(135))).toBe(false);
    expect(fitsSms(ascii(306))).toBe(true);
    expect(fitsSms(ascii(307))).toBe(false);
  });
});

describe("composeSms", () => {
  const note = callNote("ko", "1588-0000");

  it("keeps a text that fits whole", () => {
    const r = composeSms({ head: "[고객만족센터] 접수번호 260430-0042", body: "답변 드립니다.", callNote: note });
    expect(r).toEqual({ text: "[고객만족센터] 접수번호 260430-0042\n답변 드립니다.", shortened: false });
  });

  it("cuts a long body to fit 2 segments, with … and the note to call", () => {
    const r = composeSms({ head: "[고객만족센터] 접수번호 260430-0042", body: ko(500), tail: "답변 예정일: 5월 8일(금)", callNote: note });
    expect(r.shortened).toBe(true);
    expect(smsSegments(r.text).segments).toBeLessThanOrEqual(2);
    expect(r.text).toContain("…");
    expect(r.text).toContain("1588-0000");
    expect(r.text).toContain("5월 8일(금)");
    // The longest body that fits: one more character would not.
    expect(r.text.length).toBeGreaterThan(120);
  });

  it("drops the tail, then cuts hard, rather than ever going over the limit", () => {
    const r = composeSms({ head: ko(100), body: ko(50), tail: ko(60), callNote: note });
    expect(fitsSms(r.text)).toBe(true);
    expect(r.text.startsWith(ko(100))).toBe(true);
    const hard = composeSms({ head: ko(200), callNote: note });
    expect(fitsSms(hard.text)).toBe(true);
    expect(hard.shortened).toBe(true);
  });
});

describe("template SMS texts", () => {
  const reference = "260430-0042";
  const trackingUrl = "https://desk.example.kr/track/260430-0042";

  it("every customer template fits in 2 segments with ordinary content", () => {
    const cases = [
      ["acknowledgment", { reference, trackingUrl }],
      ["reply", { reference, body: "확인서는 마이페이지에서 다시 출력하실 수 있습니다." }],
      ["interim_notice", { reference, reason: "은행 확인 대기", expectedBy: "2026-05-08" }],
      ["renegotiation_sms", { reference, expectedBy: "2026-05-08", reason: "은행 확인 대기" }],
      ["breach_apology", { reference, metrics: ["first_reply"] }],
      ["guarantee_result", { reference, result: "배정 지연은 센터 잘못이었습니다.", deskAtFault: true }],
    ] as const;
    for (const [template, payload] of cases) {
      for (const locale of ["ko", "en"] as const) {
        const sms = renderSms(template, payload, locale, "1588-0000");
        expect(fitsSms(sms.text), `${template}/${locale}: ${sms.text}`).toBe(true);
        expect(sms.text).toContain(reference);
      }
    }
  });

  it("a long reply is shortened with a note to call; the renegotiation keeps its date", () => {
    const long = renderSms("reply", { reference, body: "자세한 안내 ".repeat(60) }, "ko", "1588-0000");
    expect(long.shortened).toBe(true);
    expect(long.text).toContain("고객센터(1588-0000)로 문의해 주세요");
    expect(smsSegments(long.text).segments).toBe(2);
    const reneg = renderSms("renegotiation_sms", { reference, expectedBy: "2026-05-08", reason: "사유 ".repeat(80) }, "ko");
    expect(fitsSms(reneg.text)).toBe(true);
    expect(reneg.text).toContain("5월 8일(금)까지 답변드리겠습니다");
  });

  it("English texts without Korean stay GSM-7", () => {
    const sms = renderSms("reply", { reference, body: "Your certificate can be printed again from My Page." }, "en");
    expect(smsSegments(sms.text).encoding).toBe("GSM-7");
  });
});

describe("routing a customer message", () => {
  const fits = () => true;
  const tooLong = () => false;

  it("turns Korean mobiles into E.164 and refuses landlines", () => {
    expect(smsNumber("010-1234-5678")).toBe("+821012345678");
    expect(smsNumber("+82 10 1234 5678")).toBe("+821012345678");
    expect(smsNumber("011-123-4567")).toBe("+82111234567");
    expect(smsNumber("02-123-4567")).toBeNull();
    expect(smsNumber("1588-1234")).toBeNull();
    expect(smsNumber("+1 415 555 0100")).toBe("+14155550100");
    expect(smsNumber(null)).toBeNull();
  });

  it("follows the customer's preference when there is an address for it, else the other channel", () => {
    const both = { email: "hong@example.com", phone: "010-1234-5678", preferredContact: null };
    expect(routeCustomer(both, { smsFitsWhole: fits })).toEqual({ ok: true, channel: "email", to: "hong@example.com" });
    expect(routeCustomer({ ...both, preferredContact: "sms" }, { smsFitsWhole: fits })).toEqual({
      ok: true,
      channel: "sms",
      to: "+821012345678",
    });
    expect(routeCustomer({ ...both, preferredContact: "phone" }, { smsFitsWhole: fits })).toMatchObject({ channel: "sms" });
    expect(routeCustomer({ ...both, email: null, preferredContact: "email" }, { smsFitsWhole: fits })).toEqual({
      ok: true,
      channel: "sms",
      to: "+821012345678",
      note: "fallback",
    });
    // Staff's choice (reply via sms) wins over the customer's preference.
    expect(routeCustomer(both, { preferred: "sms", smsFitsWhole: fits })).toMatchObject({ channel: "sms" });
  });

  it("sends by email what would not fit in 2 text messages, when there is an email", () => {
    const both = { email: "hong@example.com", phone: "010-1234-5678", preferredContact: "sms" };
    expect(routeCustomer(both, { smsFitsWhole: tooLong })).toEqual({
      ok: true,
      channel: "email",
      to: "hong@example.com",
      note: "sms_too_long",
    });
    // No email: stays SMS (and is shortened when rendered).
    expect(routeCustomer({ ...both, email: null }, { smsFitsWhole: tooLong })).toMatchObject({ ok: true, channel: "sms" });
  });

  it("says why when there is nothing usable; SMS-only messages never go by email", () => {
    expect(routeCustomer({ email: null, phone: null, preferredContact: null }, { smsFitsWhole: fits })).toMatchObject({
      ok: false,
      error: "no_address",
    });
    expect(routeCustomer({ email: null, phone: "02-123-4567", preferredContact: null }, { smsFitsWhole: fits })).toMatchObject({
      ok: false,
      error: "no_mobile",
    });
    expect(routeCustomer({ email: "a@b.kr", phone: null, preferredContact: null }, { smsOnly: true, smsFitsWhole: fits })).toMatchObject({
      ok: false,
      channel: "sms",
      error: "no_address",
    });
  });
});
