// 기한 초과 알림 (요약): one batch broke deadlines on more than a handful of one person's tickets
// (ADR 0029) — one summary to them listing the earliest, with a link to the desk's overdue queue,
// instead of an email per ticket. Each ticket's breach stays on its own history.
import { BRAND, formatInstant } from "./_shared/format";
import { SummaryEmail, type SummaryCopy, type SummaryProps } from "./_shared/summary";

export type StaffBreachSummaryProps = SummaryProps & {
  /** Every ticket the summary covers, with its clocks that broke (listed or not). */
  covered?: Array<{ ticketId: string; metrics: string[] }>;
};

const GUARANTEED = ["first_reply", "resolution", "callback", "requested_reply", "promised_date"];

const promiseBroken = (p: StaffBreachSummaryProps) => (p.covered ?? p.tickets).some((t) => t.metrics.some((m) => GUARANTEED.includes(m)));

const copy: Record<StaffBreachSummaryProps["locale"], SummaryCopy<StaffBreachSummaryProps>> = {
  ko: {
    subject: (p) => `[기한 초과] 문의 ${p.count}건의 처리 기한이 지났습니다`,
    title: "여러 문의의 처리 기한을 넘겼습니다",
    lines: (p) => [
      `맡은 문의 ${p.count}건(기한 ${p.clocks}개)의 기한이 지났습니다. 가장 이른 기한은 ${formatInstant(p.earliestDueAt, "ko")}입니다. 기한 초과 기록은 남으며 지워지지 않습니다.`,
      ...(promiseBroken(p)
        ? ["고객과의 약속을 지키지 못한 건에는 서비스 보증 사례가 열렸습니다. 사실 확인 결과를 1일 안에 고객에게 알려야 합니다."]
        : []),
      "한꺼번에 확인된 건이라 한 통으로 묶어 보내 드립니다. 기한이 이른 것부터 처리해 주세요. 해결되지 않으면 1영업일 뒤 관리자에게 보고됩니다.",
    ],
    sms: (p) => `[기한 초과] 맡은 문의 ${p.count}건의 처리 기한이 지났습니다. 데스크의 기한 초과 목록을 확인해 주세요.`,
  },
  en: {
    subject: (p) => `[Overdue] ${p.count} tickets have passed their deadlines`,
    title: "Several tickets have passed their deadlines",
    lines: (p) => [
      `${p.count} of your tickets (${p.clocks} deadlines) have passed their deadlines, the earliest ${formatInstant(p.earliestDueAt, "en")}. The breaches stay on record.`,
      ...(promiseBroken(p)
        ? [
            "Where a promise to the customer was broken, a service guarantee case is open: the customer must hear the fact-check result within 1 working day.",
          ]
        : []),
      "They were found together, so they come in one message. Please work them earliest deadline first; any still unresolved 1 working day from now are reported to the manager.",
    ],
    sms: (p) => `[Overdue] ${p.count} of your tickets have passed their deadlines. Please check the desk's overdue queue.`,
  },
};

export function smsParts(p: StaffBreachSummaryProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].sms(p)}` };
}

export function subject(props: StaffBreachSummaryProps): string {
  return copy[props.locale].subject(props);
}

export default function StaffBreachSummary(props: StaffBreachSummaryProps) {
  return <SummaryEmail props={props} copy={copy[props.locale]} />;
}

StaffBreachSummary.PreviewProps = {
  locale: "ko",
  count: 12,
  clocks: 14,
  earliestDueAt: "2026-05-01T00:00:00Z",
  tickets: [
    { reference: "260430-0042", subject: "자동이체 부당 인출 문의", dueAt: "2026-05-01T00:00:00Z", metrics: ["first_reply"] },
    { reference: "260430-0057", subject: "카드 결제 취소 지연", dueAt: "2026-05-01T02:30:00Z", metrics: ["first_reply", "resolution"] },
  ],
  queueUrl: "http://localhost:3000/desk?tab=overdue",
  staffName: "김상담",
} satisfies StaffBreachSummaryProps;
