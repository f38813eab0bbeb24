/**
 * Human explanations of a deadline trace, in Korean or English, e.g.
 *   "접수 4/30(목) 15:00 → 1일(근무 8시간): 4/30 15–18시 3h, 5/1 노동절 제외, 5/2–5/3 주말 제외,
 *    5/4 9–12시 3h, 13–15시 2h → 5/4(월) 15:00"
 * Runs of skipped days are grouped; times are shown in the trace's zone (KST by default).
 * Pure: only formats the data in the trace.
 */
import { DateTime } from "luxon";
import type { NonWorkingReason } from "./calendar";
import type { DeadlineTrace, Period, TraceStep } from "./counting";

export type ExplainLanguage = "ko" | "en";

/** What a clock counts from: receipt for most, but not for the clocks that start later. */
export type ClockStart = "receipt" | "resolution" | "reopening" | "report" | "guarantee_case";

const START_WORD: Record<ClockStart, { ko: string; en: string }> = {
  receipt: { ko: "접수", en: "Received" },
  resolution: { ko: "처리 완료", en: "Resolved" },
  reopening: { ko: "재처리 요청", en: "Reopened" },
  report: { ko: "신고 접수", en: "Reported" },
  guarantee_case: { ko: "보증 사건 개시", en: "Guarantee case opened" },
};

/** The event a metric's clock starts from (the date-based metrics explain their date instead). */
export function clockStartOf(metric: string): ClockStart {
  switch (metric) {
    case "happy_call":
      return "resolution";
    case "correction":
      return "reopening";
    case "apology":
      return "report";
    case "fact_check":
      return "guarantee_case";
    default:
      return "receipt";
  }
}

const WEEKDAY_KO = ["", "월", "화", "수", "목", "금", "토", "일"];
const WEEKDAY_EN = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

// ---------------------------------------------------------------------------------------
// Holiday names in English
// ---------------------------------------------------------------------------------------

const HOLIDAY_EN: Record<string, string> = {
  "1월 1일": "New Year's Day",
  "설날 전날": "Seollal eve",
  설날: "Seollal (Lunar New Year)",
  "설날 다음 날": "day after Seollal",
  "3ㆍ1절": "Independence Movement Day",
  "3·1절": "Independence Movement Day",
  노동절: "Labour Day",
  근로자의날: "Labour Day",
  어린이날: "Children's Day",
  "부처님 오신 날": "Buddha's Birthday",
  부처님오신날: "Buddha's Birthday",
  현충일: "Memorial Day",
  제헌절: "Constitution Day",
  광복절: "Liberation Day",
  "추석 전날": "Chuseok eve",
  추석: "Chuseok",
  "추석 다음 날": "day after Chuseok",
  개천절: "National Foundation Day",
  한글날: "Hangul Day",
  기독탄신일: "Christmas Day",
  임시공휴일: "temporary holiday",
  대통령선거: "presidential election",
  전국동시지방선거: "local elections",
};

/** English for an official Korean holiday name; unknown names are returned unchanged. */
export function holidayNameEn(name: string): string {
  if (name.includes("·") && !/^3·1절$/.test(name)) return name.split("·").map(holidayNameEn).join(" / ");
  const known = HOLIDAY_EN[name];
  if (known) return known;
  const wrapped = /^(대체공휴일|임시공휴일)\((.+)\)$/.exec(name);
  if (wrapped) {
    const inner = holidayNameEn(wrapped[2]);
    return wrapped[1] === "대체공휴일" ? `substitute holiday (${inner})` : `temporary holiday (${inner})`;
  }
  if (name.endsWith("대통령선거")) return "presidential election";
  if (name.endsWith("국회의원선거")) return "National Assembly election";
  if (name.endsWith("지방선거")) return "local elections";
  return name;
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

class Fmt {
  constructor(
    readonly lang: ExplainLanguage,
    readonly zone: string,
    readonly refYear: number,
  ) {}

  private dt(ms: number): DateTime {
    return DateTime.fromMillis(ms, { zone: this.zone });
  }

  /** "4/30", or "2027/1/4" when the year differs from the reference year. */
  date(iso: string): string {
    const [y, m, d] = iso.split("-").map(Number);
    return y === this.refYear ? `${m}/${d}` : `${y}/${m}/${d}`;
  }

  /** "4/30(목)" / "Thu 4/30". */
  day(iso: string): string {
    const wd = DateTime.fromISO(iso, { zone: "UTC" }).weekday;
    return this.lang === "ko" ? `${this.date(iso)}(${WEEKDAY_KO[wd]})` : `${WEEKDAY_EN[wd]} ${this.date(iso)}`;
  }

  time(ms: number): string {
    return this.dt(ms).toFormat("HH:mm");
  }

  /** "4/30(목) 15:00" / "Thu 4/30 15:00". */
  instant(ms: number): string {
    const d = this.dt(ms);
    return `${this.day(d.toISODate()!)} ${d.toFormat("HH:mm")}`;
  }

  /** A period range within one day: ko "15–18시" / "9:30–12:00", en "15:00–18:00". */
  range(fromMs: number, toMs: number): string {
    const a = this.dt(fromMs);
    const b = this.dt(toMs);
    const endsAtMidnight = b.hour === 0 && b.minute === 0 && toMs > fromMs;
    const bh = endsAtMidnight ? 24 : b.hour;
    if (this.lang === "ko" && a.minute === 0 && b.minute === 0) return `${a.hour}–${bh}시`;
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${pad(a.hour)}:${pad(a.minute)}–${pad(bh)}:${pad(b.minute)}`;
  }

  duration(ms: number): string {
    const totalSeconds = Math.round(ms / 1000);
    const h = Math.floor(totalSeconds / 3600);
    const m = Math.floor((totalSeconds % 3600) / 60);
    const s = totalSeconds % 60;
    const parts: string[] = [];
    if (h) parts.push(`${h}h`);
    if (m) parts.push(`${m}m`);
    if (s) parts.push(`${s}s`);
    return parts.length ? parts.join(" ") : "0m";
  }

  /** "5/2–5/3" or "5/1". */
  dateRange(first: string, last: string): string {
    return first === last ? this.date(first) : `${this.date(first)}–${this.date(last)}`;
  }

  reason(r: NonWorkingReason): string {
    switch (r.type) {
      case "weekend":
        return this.lang === "ko" ? "주말" : "weekend";
      case "holiday":
        return this.lang === "ko" ? r.name : holidayNameEn(r.name);
      case "closure":
        return this.lang === "ko" ? `휴무(${r.reason})` : `closure (${r.reason})`;
    }
  }

  skipped(label: string): string {
    return this.lang === "ko" ? `${label} 제외` : `${label} skipped`;
  }
}

function periodLabel(period: Period, lang: ExplainLanguage, workingMs?: number): string {
  const ko = lang === "ko";
  const hours = (ms: number) => {
    const h = ms / 3_600_000;
    return Number.isInteger(h) ? String(h) : h.toFixed(2).replace(/0+$/, "");
  };
  switch (period.kind) {
    case "working_minutes":
      return ko ? `근무 ${period.amount}분` : `${period.amount} working minute${period.amount === 1 ? "" : "s"}`;
    case "working_hours":
      return ko ? `근무 ${period.amount}시간` : `${period.amount} working hour${period.amount === 1 ? "" : "s"}`;
    case "immediately":
      return ko
        ? `즉시(근무 ${hours(workingMs ?? 3 * 3_600_000)}시간)`
        : `immediately (${hours(workingMs ?? 3 * 3_600_000)} working hours)`;
    case "days":
      if (workingMs !== undefined) {
        return ko
          ? `${period.amount}일(근무 ${hours(workingMs)}시간)`
          : `${period.amount} day${period.amount === 1 ? "" : "s"} (${hours(workingMs)} working hours)`;
      }
      return ko ? `${period.amount}일(근무일 기준, 접수일 포함)` : `${period.amount} days (working days, receipt day included)`;
    case "calendar_hours":
      return ko ? `${period.amount}시간(달력 시간, 휴일 포함)` : `${period.amount} calendar hour${period.amount === 1 ? "" : "s"}`;
    case "calendar_days":
      return ko ? `${period.amount}일(달력 기준, 휴일 포함)` : `${period.amount} calendar day${period.amount === 1 ? "" : "s"}`;
    case "weeks":
      return ko ? `${period.amount}주` : `${period.amount} week${period.amount === 1 ? "" : "s"}`;
    case "months":
      return ko ? `${period.amount}개월` : `${period.amount} month${period.amount === 1 ? "" : "s"}`;
    case "years":
      return ko ? `${period.amount}년` : `${period.amount} year${period.amount === 1 ? "" : "s"}`;
  }
}

/** Grouping key: consecutive skipped days with the same key form one run. */
function reasonKey(r: NonWorkingReason): string {
  return r.type === "closure" ? `closure:${r.reason}` : r.type;
}

function nextIsoDate(iso: string): string {
  return DateTime.fromISO(iso, { zone: "UTC" }).plus({ days: 1 }).toISODate()!;
}

/**
 * Renders steps compactly: working periods as "5/4 9–12시 3h, 13–15시 2h", runs of skipped
 * days as "5/2–5/3 주말 제외", runs of counted working days as "5/6–5/8 3–5일째". Breaks are
 * not rendered inline (see `breakNote`).
 */
function renderSteps(steps: TraceStep[], f: Fmt): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < steps.length) {
    const s = steps[i];
    if (s.kind === "non_working_day") {
      let j = i;
      const names: string[] = [];
      const pushName = (r: NonWorkingReason) => {
        const label = f.reason(r);
        if (!names.includes(label)) names.push(label);
      };
      pushName(s.reason);
      while (
        j + 1 < steps.length &&
        steps[j + 1].kind === "non_working_day" &&
        reasonKey((steps[j + 1] as Extract<TraceStep, { kind: "non_working_day" }>).reason) === reasonKey(s.reason) &&
        steps[j + 1].date === nextIsoDate(steps[j].date)
      ) {
        j++;
        pushName((steps[j] as Extract<TraceStep, { kind: "non_working_day" }>).reason);
      }
      parts.push(`${f.dateRange(s.date, steps[j].date)} ${f.skipped(names.join(f.lang === "ko" ? "·" : " / "))}`);
      i = j + 1;
    } else if (s.kind === "working") {
      const sameDayAsPrevious = i > 0 && steps[i - 1].date === s.date && (steps[i - 1].kind === "working" || steps[i - 1].kind === "break");
      const text = `${f.range(s.fromMs, s.toMs)} ${f.duration(s.durationMs)}`;
      parts.push(sameDayAsPrevious ? text : `${f.date(s.date)} ${text}`);
      i++;
    } else if (s.kind === "working_day") {
      let j = i;
      while (j + 1 < steps.length && steps[j + 1].kind === "working_day" && steps[j + 1].date === nextIsoDate(steps[j].date)) j++;
      const last = steps[j] as Extract<TraceStep, { kind: "working_day" }>;
      const n = s.dayNumber === last.dayNumber ? `${s.dayNumber}` : `${s.dayNumber}–${last.dayNumber}`;
      const label = f.lang === "ko" ? `${n}일째` : `day${s.dayNumber === last.dayNumber ? "" : "s"} ${n}`;
      parts.push(`${f.dateRange(s.date, last.date)} ${label}`);
      i = j + 1;
    } else {
      i++; // breaks: summarised separately
    }
  }
  return parts;
}

/** "점심·휴게시간 12–13시 제외 (5/4, 5/6)" when the counted time crossed a break. */
function breakNote(steps: TraceStep[], f: Fmt): string | null {
  const byRange = new Map<string, string[]>();
  for (const s of steps) {
    if (s.kind !== "break") continue;
    const key = f.range(s.fromMs, s.toMs);
    const dates = byRange.get(key) ?? [];
    dates.push(f.date(s.date));
    byRange.set(key, dates);
  }
  if (byRange.size === 0) return null;
  const items = [...byRange].map(([range, dates]) =>
    f.lang === "ko" ? `점심·휴게시간 ${range} 제외 (${dates.join(", ")})` : `break ${range} not counted (${dates.join(", ")})`,
  );
  const text = items.join("; ");
  return f.lang === "ko" ? text : text[0].toUpperCase() + text.slice(1);
}

function clockStartNote(trace: Extract<DeadlineTrace, { rule: "working_time" }>, f: Fmt, start: ClockStart): string | null {
  const ko = f.lang === "ko";
  const at = f.instant(trace.clockStartMs);
  const word = START_WORD[start][f.lang];
  switch (trace.clockStartReason) {
    case "in_working_time":
      return null;
    case "before_hours":
      return ko ? `근무시간 전 ${word} → ${at}부터 계산` : `${word} before working hours → counted from ${at}`;
    case "break":
      return ko ? `휴게시간 중 ${word} → ${at}부터 계산` : `${word} during a break → counted from ${at}`;
    case "after_hours":
      return ko ? `근무시간 후 ${word} → 다음 근무시간 ${at}부터 계산` : `${word} after working hours → counted from ${at}`;
    case "non_working_day":
      return ko ? `근무일이 아닌 날 ${word} → ${at}부터 계산` : `${word} on a non-working day → counted from ${at}`;
  }
}

function withSteps(head: string, parts: string[]): string {
  return parts.length ? `${head}: ${parts.join(", ")}` : head;
}

function startYearOf(trace: DeadlineTrace): number {
  const ms =
    trace.rule === "requested_reply" || trace.rule === "promised_date"
      ? trace.dueAtMs
      : trace.rule === "pause_extension"
        ? trace.pausedAtMs
        : trace.startMs;
  return DateTime.fromMillis(ms, { zone: trace.zone }).year;
}

/**
 * Lines explaining how the deadline in `trace` was counted; `start` names what the clock counts
 * from (receipt unless said otherwise).
 */
export function explainDeadline(trace: DeadlineTrace, lang: ExplainLanguage, start: ClockStart = "receipt"): string[] {
  const f = new Fmt(lang, trace.zone, startYearOf(trace));
  const ko = lang === "ko";
  const due = f.instant(trace.dueAtMs);
  const lines: string[] = [];
  const word = START_WORD[start][lang];
  const received = (ms: number) => `${word} ${f.instant(ms)}`;

  switch (trace.rule) {
    case "working_time": {
      const head = `${received(trace.startMs)} → ${periodLabel(trace.period, lang, trace.workingMs)}`;
      lines.push(`${withSteps(head, renderSteps(trace.steps, f))} → ${due}`);
      const note = clockStartNote(trace, f, start);
      if (note) lines.push(note);
      const breaks = breakNote(trace.steps, f);
      if (breaks) lines.push(breaks);
      break;
    }
    case "working_days": {
      const head = `${received(trace.startMs)} → ${periodLabel(trace.period, lang)}`;
      lines.push(`${withSteps(head, renderSteps(trace.steps, f))} → ${due}`);
      const first = f.day(trace.firstDay);
      if (trace.firstDayReason === "after_hours") {
        lines.push(
          ko
            ? `근무 종료(${f.time(trace.dueAtMs)}) 후 ${word} → 다음 근무일 ${first}이 1일째`
            : `${word} after the end of the working day → day 1 is the next working day, ${first}`,
        );
      } else if (trace.firstDayReason === "non_working_day") {
        lines.push(
          ko
            ? `근무일이 아닌 날 ${word} → 다음 근무일 ${first}이 1일째`
            : `${word} on a non-working day → day 1 is the next working day, ${first}`,
        );
      }
      break;
    }
    case "calendar_time":
      lines.push(`${received(trace.startMs)} → ${periodLabel(trace.period, lang)} → ${due}`);
      break;
    case "civil_period": {
      const countFrom = trace.startsAtMidnight
        ? ko
          ? `민법: 0시 ${word}로 ${f.date(trace.countFromDate)}부터 기산`
          : `Civil Act: ${word.toLowerCase()} at 00:00, counted from ${f.date(trace.countFromDate)}`
        : ko
          ? `민법: 초일 불산입, ${f.date(trace.countFromDate)}부터 기산`
          : `Civil Act: first day excluded, counted from ${f.date(trace.countFromDate)}`;
      const last = ko ? `말일 ${f.day(trace.lastDate)}` : `last day ${f.day(trace.lastDate)}`;
      const shifted = trace.steps.length
        ? ko
          ? ` (${renderSteps(trace.steps, f).join(", ")} → 다음 근무일 ${f.day(trace.finalDate)})`
          : ` (${renderSteps(trace.steps, f).join(", ")} → next working day ${f.day(trace.finalDate)})`
        : "";
      lines.push(`${received(trace.startMs)} → ${periodLabel(trace.period, lang)} (${countFrom}) → ${last}${shifted} → ${due}`);
      break;
    }
    case "requested_reply": {
      const req = f.day(trace.requestedDate);
      if (trace.steps.length === 0) {
        lines.push(ko ? `회신 요청일 ${req} → ${due}` : `Requested reply date ${req} → ${due}`);
      } else {
        const parts = renderSteps(trace.steps, f).join(", ");
        lines.push(
          ko ? `회신 요청일 ${req}: ${parts} → 직전 근무일 ${due}` : `Requested reply date ${req}: ${parts} → previous working day ${due}`,
        );
      }
      break;
    }
    case "promised_date": {
      const p = f.day(trace.promisedDate);
      lines.push(ko ? `약속일 ${p} → ${due}` : `Promised date ${p} → ${due}`);
      if (trace.nonWorkingReason) {
        const why = f.reason(trace.nonWorkingReason);
        lines.push(ko ? `주의: 약속일은 근무일이 아닙니다(${why}).` : `Note: the promised date is not a working day (${why}).`);
      }
      break;
    }
    case "pause_extension": {
      const window = `${f.instant(trace.pausedAtMs)} – ${f.instant(trace.resumedAtMs)}`;
      const prev = f.instant(trace.previousDueAtMs);
      if (trace.basis === "working_time") {
        const elapsed = f.duration(trace.extensionMs);
        const pauseHead = ko
          ? `보완 요청으로 중지 ${window}: 근무시간 ${elapsed} 경과`
          : `Paused (waiting on the customer) ${window}: ${elapsed} of working time elapsed`;
        lines.push(withSteps(pauseHead, renderSteps(trace.pauseSteps, f)));
        const moveHead = ko ? `기한 ${prev} + 근무 ${elapsed}` : `Deadline ${prev} + ${elapsed} working time`;
        lines.push(`${withSteps(moveHead, renderSteps(trace.steps, f))} → ${due}`);
      } else {
        const elapsed = f.duration(trace.extensionMs);
        lines.push(
          ko
            ? `보완 요청으로 중지 ${window}: ${elapsed} 경과(달력 시간)`
            : `Paused (waiting on the customer) ${window}: ${elapsed} elapsed (calendar time)`,
        );
        if (trace.shiftedFromMs !== undefined && trace.shiftReason) {
          const shifted = f.instant(trace.shiftedFromMs);
          const why = f.reason(trace.shiftReason);
          lines.push(
            ko
              ? `기한 ${prev} + ${elapsed} = ${shifted}(${why}) → 다음 근무일 ${due}`
              : `Deadline ${prev} + ${elapsed} = ${shifted} (${why}) → next working day ${due}`,
          );
        } else {
          lines.push(ko ? `기한 ${prev} + ${elapsed} → ${due}` : `Deadline ${prev} + ${elapsed} → ${due}`);
        }
      }
      break;
    }
  }
  return lines;
}
