// What arrives at the demo center, day by day: a pure, deterministic plan (seeded PRNG) of the
// last ~3 months' contacts on the desk's working calendar — busy weekdays, Mondays busiest,
// weekends and public holidays quiet (no calls or visits; web, email and texts still arrive).
// How each contact is then worked is told by seed.server.ts through the desk's own services.
import type { WorkingCalendar } from "~/sla/calendar";
import { addDays, isoWeekdayOf } from "~/sla/calendar";
import type { Channel, TicketKind } from "~/db/schema";

/** A small deterministic generator (mulberry32), so every demo database tells the same story. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** An index drawn by weight. */
export function weighted<T>(random: Random, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = random() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1][0];
}

/** A Poisson count with mean `mean` (Knuth; the means here are small). */
export function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

/** Contacts per working day by channel (a mid-sized center's counter, phone and online desk). */
export const WORKING_DAY_VOLUME: Record<Channel, number> = {
  web: 1.8,
  phone: 1.5,
  email: 0.8,
  sms: 0.35,
  visit: 0.3,
  mail: 0.2,
  fax: 0.12,
};
/** On weekends and holidays only what customers send by themselves arrives, far less of it. */
export const CLOSED_DAY_VOLUME: Record<Channel, number> = { web: 0.6, phone: 0, email: 0.3, sms: 0.12, visit: 0, mail: 0, fax: 0 };
/** Monday carries the weekend's backlog; Friday is lighter (ISO weekday 1–5). */
const WEEKDAY_FACTOR = [0, 1.3, 1.05, 1.0, 0.95, 0.8, 1, 1];

export type Sample = { category: string; kind?: TicketKind; subject: string; body: string; weight: number };

/** What customers of a financial association write, in their words (categories as the policies know them). */
export const SAMPLES: Sample[] = [
  {
    category: "kyc",
    weight: 10,
    subject: "고객확인 재수행 요청 문자를 받았습니다",
    body: "3년마다 고객확인을 다시 해야 한다는 문자를 받았는데, 앱에서 신분증 촬영 단계가 계속 실패합니다. 지점에 방문해야 하나요?",
  },
  {
    category: "kyc",
    weight: 6,
    kind: "complaint",
    subject: "고객확인 미이행으로 거래가 제한되었습니다",
    body: "고객확인 재이행을 하지 않아 주문이 막혔다고 나옵니다. 직업과 거래 목적을 입력하는 화면에서 오류가 납니다. 빨리 해결해 주세요.",
  },
  {
    category: "certificate",
    weight: 10,
    subject: "금융인증서 등록이 되지 않습니다",
    body: "은행 앱에서 금융인증서를 발급받았는데, 모바일뱅킹에서 등록하려고 하면 '인증서를 찾을 수 없습니다'라고 나옵니다.",
  },
  {
    category: "certificate",
    weight: 8,
    subject: "공동인증서 타기관 등록 방법 문의",
    body: "다른 은행에서 쓰던 공동인증서를 등록하고 싶은데 메뉴를 찾지 못하겠습니다. 순서를 알려 주세요.",
  },
  {
    category: "auto_debit",
    weight: 4,
    kind: "complaint",
    subject: "동의하지 않은 자동이체(CMS) 출금이 있었습니다",
    body: "지난달부터 제가 신청한 적 없는 업체 이름으로 매달 33,000원이 빠져나갑니다. 출금 동의 자료를 확인하고 환급해 주시기 바랍니다.",
  },
  {
    category: "auto_debit",
    weight: 3,
    kind: "complaint",
    subject: "해지한 자동이체가 계속 출금됩니다 (CMS 부당인출)",
    body: "지난달에 해지 신청을 했는데 이번 달에도 출금되었습니다. 해지 처리 내역과 보상 방안을 알려 주세요.",
  },
  {
    category: "auto_debit",
    weight: 3,
    subject: "자동이체 출금 동의 내역 확인 요청",
    body: "어느 업체가 어떤 방식으로 출금 동의를 받았는지 확인하고 싶습니다. 동의 자료를 열람할 수 있나요?",
  },
  {
    category: "seller_kyc",
    weight: 3,
    subject: "판매자 고객확인(KYC) 심사가 지연되고 있습니다",
    body: "최근 7일 정산금이 1천만 원을 넘어 KYC 대상이 되었다고 하여 서류를 제출했는데, 아직 심사 중입니다. 정산이 보류되어 곤란합니다.",
  },
  {
    category: "outage",
    weight: 3,
    subject: "통합공시시스템 접속이 되지 않습니다",
    body: "오늘 오전부터 통합공시시스템 페이지가 열리지 않습니다. 복구 예정 시각을 알려 주세요.",
  },
  { category: "outage", weight: 2, subject: "전문인력조회 서비스 오류", body: "전문인력조회에서 검색 버튼을 누르면 오류 화면이 나옵니다." },
  {
    category: "general",
    weight: 7,
    subject: "자격시험 접수 확인서 재발급 문의",
    body: "작년에 응시한 자격시험 접수 확인서를 다시 받을 수 있는지 궁금합니다. 우편으로 받을 수 있을까요?",
  },
  {
    category: "general",
    weight: 6,
    subject: "광고심의 결과 통지 일정 문의",
    body: "지난주에 제출한 광고 심의 결과를 언제쯤 받을 수 있는지 알고 싶습니다.",
  },
  {
    category: "general",
    weight: 5,
    subject: "협회 교육과정 수강료 환불 문의",
    body: "신청한 온라인 교육을 듣지 못하게 되었습니다. 수강료 환불 기준과 절차를 알려 주세요.",
  },
  {
    category: "general",
    weight: 3,
    kind: "complaint",
    subject: "상담 직원의 설명이 부족했습니다",
    body: "전화로 문의했는데 설명 없이 홈페이지를 보라고만 하고 끊었습니다. 정확한 안내를 다시 받고 싶습니다.",
  },
  {
    category: "general",
    weight: 2,
    kind: "suggestion",
    subject: "홈페이지 공시 검색에 날짜 필터를 넣어 주세요",
    body: "공시 자료를 찾을 때 날짜로 걸러 볼 수 있으면 좋겠습니다. 지금은 목록을 한참 넘겨야 합니다.",
  },
  {
    category: "general",
    weight: 2,
    kind: "praise",
    subject: "친절하게 안내해 주셔서 감사합니다",
    body: "인증서 문제로 여러 번 전화드렸는데 끝까지 차근차근 도와주셨습니다. 담당 직원분을 칭찬하고 싶습니다.",
  },
];

const SURNAMES = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];
const GIVEN = [
  "민준",
  "서연",
  "도현",
  "하은",
  "지호",
  "수아",
  "예준",
  "지우",
  "현우",
  "서윤",
  "건우",
  "민서",
  "우진",
  "채원",
  "선영",
  "영호",
  "정숙",
  "상철",
  "미경",
  "동훈",
];

export type PlannedContact = {
  /** Position in the story (0, 1, …): seeds the contact's own generator. */
  index: number;
  channel: Channel;
  receivedAt: number;
  sample: Sample;
  customer: { name: string; email?: string; phone?: string; preferredContact: "email" | "sms" | "phone" | "mail" };
};

/** An instant on `date` (KST, via the calendar) at `minute` past midnight. */
const at = (calendar: WorkingCalendar, date: string, minute: number) => calendar.startOfDay(date) + Math.round(minute) * 60_000;

/** When a contact of this channel arrives on that day: counters and phones in office hours, online any time (mostly by day). */
function arrivalMinute(random: Random, channel: Channel, working: boolean): number {
  switch (channel) {
    case "phone":
      // 09:00–18:00 without the lunch hour, busiest in the morning.
      return (
        weighted(random, [
          [9 * 60, 3],
          [10 * 60, 4],
          [11 * 60, 3],
          [13 * 60, 3],
          [14 * 60, 3],
          [15 * 60, 2],
          [16 * 60, 2],
          [17 * 60, 1],
        ] as const) +
        random() * 59
      );
    case "visit":
      return (
        weighted(random, [
          [9.5 * 60, 2],
          [10.5 * 60, 3],
          [13.5 * 60, 3],
          [15 * 60, 2],
          [16.5 * 60, 1],
        ] as const) +
        random() * 55
      );
    case "mail":
    case "fax":
      return 9 * 60 + random() * 8 * 60;
    default: {
      // Online: daytime and evening, a few at night; on a closed day spread more evenly.
      const hour = working
        ? weighted(random, [
            [7, 1],
            [9, 4],
            [11, 4],
            [13, 4],
            [15, 4],
            [17, 3],
            [19, 3],
            [21, 2],
            [23, 1],
          ] as const)
        : weighted(random, [
            [8, 1],
            [10, 2],
            [13, 3],
            [16, 3],
            [19, 3],
            [21, 2],
          ] as const);
      return hour * 60 + random() * 119;
    }
  }
}

/**
 * The contacts that arrive from `fromDate` to `toMs` (exclusive), in arrival order. Deterministic
 * for the same dates and calendar.
 */
export function planContacts(calendar: WorkingCalendar, fromDate: string, toMs: number, seed = 20261206): PlannedContact[] {
  const random = prng(seed);
  const contacts: Omit<PlannedContact, "index">[] = [];
  let customerNo = 0;
  for (let date = fromDate; calendar.startOfDay(date) < toMs; date = addDays(date, 1)) {
    const working = calendar.isWorkingDay(date);
    const factor = working ? WEEKDAY_FACTOR[isoWeekdayOf(date)] : 1;
    for (const [channel, mean] of Object.entries(working ? WORKING_DAY_VOLUME : CLOSED_DAY_VOLUME) as Array<[Channel, number]>) {
      const n = mean > 0 ? poisson(random, mean * factor) : 0;
      for (let i = 0; i < n; i++) {
        const receivedAt = at(calendar, date, arrivalMinute(random, channel, working));
        const sample = weighted(
          random,
          SAMPLES.filter((s) => channel !== "fax" || !s.kind).map((s) => [s, s.weight] as const),
        );
        const name = pick(random, SURNAMES) + pick(random, GIVEN);
        customerNo++;
        const phone = `010-${String(2000 + ((customerNo * 37) % 7000)).padStart(4, "0")}-${String(1000 + ((customerNo * 53) % 9000)).padStart(4, "0")}`;
        const email = `customer${customerNo}@example.com`;
        const customer: PlannedContact["customer"] =
          channel === "email" || channel === "web"
            ? { name, email, phone: random() < 0.6 ? phone : undefined, preferredContact: "email" }
            : channel === "sms" || channel === "phone"
              ? { name, phone, preferredContact: channel === "sms" ? "sms" : random() < 0.5 ? "sms" : "phone" }
              : channel === "mail"
                ? { name, phone: random() < 0.5 ? phone : undefined, preferredContact: "mail" }
                : random() < 0.5
                  ? { name, phone, email, preferredContact: "email" }
                  : { name, phone, preferredContact: "sms" };
        if (receivedAt < toMs) contacts.push({ channel, receivedAt, sample, customer });
      }
    }
  }
  contacts.sort((a, b) => a.receivedAt - b.receivedAt);
  return contacts.map((c, index) => ({ ...c, index }));
}
