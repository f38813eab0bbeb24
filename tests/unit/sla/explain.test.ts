import { describe, expect, it } from "vitest";
import { buildCalendar, defaultCalendarSpec } from "../../../app/sla/calendar";
import { computeDeadline, extendForPause, promisedDateDeadline, requestedReplyDeadline, type Period } from "../../../app/sla/counting";
import { clockStartOf, explainDeadline, holidayNameEn } from "../../../app/sla/explain";
import { koreanPublicHolidays } from "../../../app/sla/holidays-kr";

const kst = (s: string) => Date.parse(`${s.replace(" ", "T")}:00+09:00`);
const cal = buildCalendar(defaultCalendarSpec(koreanPublicHolidays()));
const explain = (start: string, period: Period) => {
  const { trace } = computeDeadline(cal, kst(start), period, { trace: true });
  return { ko: explainDeadline(trace, "ko"), en: explainDeadline(trace, "en") };
};

describe("explainDeadline", () => {
  it("worked example: 1 day from Thu 4/30 15:00", () => {
    const { ko, en } = explain("2026-04-30 15:00", { kind: "days", amount: 1 });
    expect(ko).toEqual([
      "접수 4/30(목) 15:00 → 1일(근무 8시간): 4/30 15–18시 3h, 5/1 노동절 제외, 5/2–5/3 주말 제외, 5/4 9–12시 3h, 13–15시 2h → 5/4(월) 15:00",
      "점심·휴게시간 12–13시 제외 (5/4)",
    ]);
    expect(en).toEqual([
      "Received Thu 4/30 15:00 → 1 day (8 working hours): 4/30 15:00–18:00 3h, 5/1 Labour Day skipped, 5/2–5/3 weekend skipped, 5/4 09:00–12:00 3h, 13:00–15:00 2h → Mon 5/4 15:00",
      "Break 12:00–13:00 not counted (5/4)",
    ]);
  });

  it("worked example: 7 days, counted in working days", () => {
    const { ko, en } = explain("2026-04-30 15:00", { kind: "days", amount: 7 });
    expect(ko).toEqual([
      "접수 4/30(목) 15:00 → 7일(근무일 기준, 접수일 포함): 4/30 1일째, 5/1 노동절 제외, 5/2–5/3 주말 제외, 5/4 2일째, 5/5 어린이날 제외, 5/6–5/8 3–5일째, 5/9–5/10 주말 제외, 5/11–5/12 6–7일째 → 5/12(화) 18:00",
    ]);
    expect(en[0]).toBe(
      "Received Thu 4/30 15:00 → 7 days (working days, receipt day included): 4/30 day 1, 5/1 Labour Day skipped, 5/2–5/3 weekend skipped, 5/4 day 2, 5/5 Children's Day skipped, 5/6–5/8 days 3–5, 5/9–5/10 weekend skipped, 5/11–5/12 days 6–7 → Tue 5/12 18:00",
    );
  });

  it("groups runs of holidays (설날) separately from the weekend", () => {
    const { ko, en } = explain("2026-02-13 17:00", { kind: "working_hours", amount: 2 });
    expect(ko[0]).toBe(
      "접수 2/13(금) 17:00 → 근무 2시간: 2/13 17–18시 1h, 2/14–2/15 주말 제외, 2/16–2/18 설날 전날·설날·설날 다음 날 제외, 2/19 9–10시 1h → 2/19(목) 10:00",
    );
    expect(en[0]).toContain("2/16–2/18 Seollal eve / Seollal (Lunar New Year) / day after Seollal skipped");
  });

  it("says where the clock started when received outside working time", () => {
    const { ko, en } = explain("2026-05-08 19:30", { kind: "working_minutes", amount: 30 });
    expect(ko).toEqual([
      "접수 5/8(금) 19:30 → 근무 30분: 5/9–5/10 주말 제외, 5/11 09:00–09:30 30m → 5/11(월) 09:30",
      "근무시간 후 접수 → 다음 근무시간 5/11(월) 09:00부터 계산",
    ]);
    expect(en[1]).toBe("Received after working hours → counted from Mon 5/11 09:00");
    expect(explain("2026-05-05 10:00", { kind: "immediately" }).ko).toEqual([
      "접수 5/5(화) 10:00 → 즉시(근무 3시간): 5/5 어린이날 제외, 5/6 9–12시 3h → 5/6(수) 12:00",
      "근무일이 아닌 날 접수 → 5/6(수) 09:00부터 계산",
    ]);
  });

  it("working days received after 18:00 on Friday", () => {
    const { ko } = explain("2026-05-08 19:00", { kind: "days", amount: 7 });
    expect(ko).toEqual([
      "접수 5/8(금) 19:00 → 7일(근무일 기준, 접수일 포함): 5/9–5/10 주말 제외, 5/11–5/15 1–5일째, 5/16–5/17 주말 제외, 5/18–5/19 6–7일째 → 5/19(화) 18:00",
      "근무 종료(18:00) 후 접수 → 다음 근무일 5/11(월)이 1일째",
    ]);
  });

  it("calendar time and civil periods", () => {
    expect(explain("2026-04-30 15:00", { kind: "calendar_hours", amount: 48 }).ko).toEqual([
      "접수 4/30(목) 15:00 → 48시간(달력 시간, 휴일 포함) → 5/2(토) 15:00",
    ]);
    const months = explain("2026-04-30 15:00", { kind: "months", amount: 1 });
    expect(months.ko).toEqual([
      "접수 4/30(목) 15:00 → 1개월 (민법: 초일 불산입, 5/1부터 기산) → 말일 5/31(일) (5/31 주말 제외 → 다음 근무일 6/1(월)) → 6/1(월) 18:00",
    ]);
    expect(months.en).toEqual([
      "Received Thu 4/30 15:00 → 1 month (Civil Act: first day excluded, counted from 5/1) → last day Sun 5/31 (5/31 weekend skipped → next working day Mon 6/1) → Mon 6/1 18:00",
    ]);
  });

  it("shows the year when the counting crosses into another year", () => {
    const { ko } = explain("2026-12-31 17:00", { kind: "working_hours", amount: 2 });
    expect(ko[0]).toBe(
      "접수 12/31(목) 17:00 → 근무 2시간: 12/31 17–18시 1h, 2027/1/1 1월 1일 제외, 2027/1/2–2027/1/3 주말 제외, 2027/1/4 9–10시 1h → 2027/1/4(월) 10:00",
    );
  });

  it("requested reply and promised dates", () => {
    const rr = requestedReplyDeadline(cal, "2026-05-25", { trace: true });
    expect(explainDeadline(rr.trace, "ko")).toEqual([
      "회신 요청일 5/25(월): 5/23 주말 제외, 5/24–5/25 부처님 오신 날·대체공휴일(부처님 오신 날) 제외 → 직전 근무일 5/22(금) 18:00",
    ]);
    expect(explainDeadline(rr.trace, "en")).toEqual([
      "Requested reply date Mon 5/25: 5/23 weekend skipped, 5/24–5/25 Buddha's Birthday / substitute holiday (Buddha's Birthday) skipped → previous working day Fri 5/22 18:00",
    ]);
    expect(explainDeadline(requestedReplyDeadline(cal, "2026-05-08", { trace: true }).trace, "ko")).toEqual([
      "회신 요청일 5/8(금) → 5/8(금) 18:00",
    ]);
    const pd = promisedDateDeadline(cal, "2026-05-10", { trace: true });
    expect(explainDeadline(pd.trace, "ko")).toEqual(["약속일 5/10(일) → 5/10(일) 18:00", "주의: 약속일은 근무일이 아닙니다(주말)."]);
  });

  it("pauses", () => {
    const due = computeDeadline(cal, kst("2026-04-30 15:00"), { kind: "days", amount: 7 }).dueAtMs;
    const r = extendForPause(cal, due, kst("2026-05-04 10:00"), kst("2026-05-06 11:00"), { kind: "days", amount: 7 }, { trace: true });
    expect(explainDeadline(r.trace, "ko")).toEqual([
      "보완 요청으로 중지 5/4(월) 10:00 – 5/6(수) 11:00: 근무시간 9h 경과: 5/4 10–12시 2h, 13–18시 5h, 5/5 어린이날 제외, 5/6 9–11시 2h",
      "기한 5/12(화) 18:00 + 근무 9h: 5/13 9–12시 3h, 13–18시 5h, 5/14 9–10시 1h → 5/14(목) 10:00",
    ]);
    const w = extendForPause(
      cal,
      kst("2026-05-14 18:00"),
      kst("2026-05-04 10:00"),
      kst("2026-05-06 11:00"),
      { kind: "weeks", amount: 2 },
      { trace: true },
    );
    expect(explainDeadline(w.trace, "en")).toEqual([
      "Paused (waiting on the customer) Mon 5/4 10:00 – Wed 5/6 11:00: 49h elapsed (calendar time)",
      "Deadline Thu 5/14 18:00 + 49h = Sat 5/16 19:00 (weekend) → next working day Mon 5/18 18:00",
    ]);
  });

  it("closures show their reason", () => {
    const c = buildCalendar({ ...defaultCalendarSpec(koreanPublicHolidays()), closures: [{ date: "2026-05-04", reason: "전산 이전" }] });
    const { trace } = computeDeadline(c, kst("2026-04-30 17:00"), { kind: "working_hours", amount: 2 }, { trace: true });
    expect(explainDeadline(trace, "ko")[0]).toBe(
      "접수 4/30(목) 17:00 → 근무 2시간: 4/30 17–18시 1h, 5/1 노동절 제외, 5/2–5/3 주말 제외, 5/4 휴무(전산 이전) 제외, 5/5 어린이날 제외, 5/6 9–10시 1h → 5/6(수) 10:00",
    );
    expect(explainDeadline(trace, "en")[0]).toContain("5/4 closure (전산 이전) skipped");
  });
});

describe("holidayNameEn", () => {
  it.each<[string, string]>([
    ["노동절", "Labour Day"],
    ["대체공휴일(노동절)", "substitute holiday (Labour Day)"],
    ["임시공휴일", "temporary holiday"],
    ["임시공휴일(대통령선거)", "temporary holiday (presidential election)"],
    ["제22대국회의원선거", "National Assembly election"],
    ["전국동시지방선거", "local elections"],
    ["어린이날·부처님 오신 날", "Children's Day / Buddha's Birthday"],
    ["3ㆍ1절", "Independence Movement Day"],
    ["창립기념일", "창립기념일"],
  ])("%s → %s", (ko, en) => {
    expect(holidayNameEn(ko)).toBe(en);
  });
});

describe("what a clock counts from", () => {
  // Every clock that does not start at receipt names its own start, in both languages, and never
  // says 접수 / Received; the receipt-based ones keep saying it.
  const starts: Array<[string, string, string]> = [
    ["handoff", "접수", "Received"],
    ["first_reply", "접수", "Received"],
    ["resolution", "접수", "Received"],
    ["callback", "접수", "Received"],
    ["happy_call", "처리 완료", "Resolved"],
    ["correction", "재처리 요청", "Reopened"],
    ["apology", "신고 접수", "Reported"],
    ["fact_check", "보증 사건 개시", "Guarantee case opened"],
  ];
  it.each(starts)("%s counts from %s", (metric, ko, en) => {
    const start = clockStartOf(metric);
    for (const [at, period] of [
      ["2026-04-30 15:00", { kind: "days", amount: 2 }],
      ["2026-04-30 19:30", { kind: "working_minutes", amount: 30 }],
      ["2026-05-02 10:00", { kind: "days", amount: 7 }],
    ] as Array<[string, Period]>) {
      const { trace } = computeDeadline(cal, kst(at), period, { trace: true });
      const lines = { ko: explainDeadline(trace, "ko", start).join("\n"), en: explainDeadline(trace, "en", start).join("\n") };
      expect(lines.ko.startsWith(`${ko} `)).toBe(true);
      expect(lines.en.startsWith(`${en} `)).toBe(true);
      if (ko !== "접수") {
        expect(lines.ko.replaceAll(ko, "")).not.toMatch(/접수(?!일)/);
        expect(lines.en).not.toMatch(/Received/);
      }
    }
  });
});
