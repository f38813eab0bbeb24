// The default policy set that ships: the charter's standards (SERVICE-STANDARDS §3) and two
// category rules from the other seeds (§6). Administrators edit them as data.
import type { MetricTarget, SlaMetric } from "~/db/schema";
import type { Period } from "./counting";

export type PolicyDefinition = {
  key: string;
  name: string;
  description: string;
  channels: string[];
  categories: string[];
  priority: number;
  targets: Partial<Record<SlaMetric, MetricTarget>>;
};

/** The warning rule of SERVICE-STANDARDS §3: at 75 % of the target, or one working hour before. */
export const DEFAULT_WARNING = { warnRatio: 0.75, warnBeforeMinutes: 60 } as const;
const WARN = DEFAULT_WARNING;

/** A clock's target when its policy no longer names its metric: its own period, the default warning. */
export function fallbackTargetOf(period: Period | null): MetricTarget {
  return { period, ...DEFAULT_WARNING };
}

export const DEFAULT_POLICIES: PolicyDefinition[] = [
  {
    key: "charter",
    name: "서비스 이행표준 (기본)",
    description:
      "온라인 문의 1일 내 답변, 최대 7영업일 내 처리, 30분 내 회신 전화, 접수 즉시 담당자 전달, 약속한 날짜 준수, 처리 후 만족도 확인, 불만족 시 즉시 시정.",
    channels: [],
    categories: [],
    priority: 0,
    targets: {
      handoff: { period: { kind: "immediately" }, channels: ["email", "mail", "fax", "visit"], ...WARN },
      first_reply: { period: { kind: "days", amount: 1 }, channels: ["web", "email", "mail", "fax", "sms", "visit"], ...WARN },
      resolution: { period: { kind: "days", amount: 7 }, ...WARN },
      callback: { period: { kind: "working_minutes", amount: 30 }, channels: ["phone"], ...WARN },
      requested_reply: { period: null, ...WARN },
      promised_date: { period: null, ...WARN },
      happy_call: { period: { kind: "days", amount: 2 }, ...WARN },
      correction: { period: { kind: "immediately" }, ...WARN },
      fact_check: { period: { kind: "days", amount: 1 }, ...WARN },
      apology: { period: { kind: "immediately" }, ...WARN },
    },
  },
  {
    key: "cms-unauthorized-withdrawal",
    name: "자동이체(CMS) 부당인출 민원",
    description: "부당인출 민원에는 14일 이내에 보상 조치를 민원인에게 알려야 합니다.",
    channels: [],
    categories: ["auto_debit"],
    priority: 10,
    targets: { resolution: { period: { kind: "days", amount: 14 }, ...WARN } },
  },
  {
    key: "seller-kyc-review",
    name: "판매자 고객확인(KYC) 심사",
    description: "판매자 고객확인 심사 결과는 2일(16 근무시간) 안에 알립니다.",
    channels: [],
    categories: ["seller_kyc"],
    priority: 10,
    targets: { resolution: { period: { kind: "days", amount: 2 }, ...WARN } },
  },
  {
    key: "information-disclosure",
    name: "정보공개 청구",
    description:
      "정보공개 청구는 받은 날부터 10일 안에 공개 여부를 결정하고, 부득이한 경우 한 번 10일을 연장하며 그 사유를 기한 전에 알립니다.",
    channels: [],
    categories: [],
    priority: 0,
    // One extension of the same length is allowed (app/disclosure): 10 days, then 10 more.
    targets: { disclosure_decision: { period: { kind: "calendar_days", amount: 10 }, ...WARN } },
  },
  {
    key: "remote-support",
    name: "원격지원",
    description: "전화나 온라인 상담으로 해결되지 않는 문제는 전문가가 1영업일 안에 연락해 원격지원 일정을 잡고, 약속한 날에 지원합니다.",
    channels: [],
    categories: [],
    priority: 0,
    targets: { remote_contact: { period: { kind: "days", amount: 1 }, ...WARN }, remote_session: { period: null, ...WARN } },
  },
];
