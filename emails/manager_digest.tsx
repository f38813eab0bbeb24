// 관리자 보고 (요약): one sweep batch escalated more than a handful of tickets (ADR 0028) — one
// summary per manager listing the earliest of them, with a link to the desk's overdue queue,
// instead of an email per ticket.
import { BRAND, formatInstant } from "./_shared/format";
import { SummaryEmail, type SummaryCopy, type SummaryProps } from "./_shared/summary";

export type ManagerDigestProps = SummaryProps;

const copy: Record<ManagerDigestProps["locale"], SummaryCopy<ManagerDigestProps>> = {
  ko: {
    subject: (p) => `[관리자 보고] 기한 초과 후 1영업일 지나도록 미해결인 문의 ${p.count}건`,
    title: "기한을 넘긴 문의 여러 건이 아직 해결되지 않았습니다",
    lines: (p) => [
      `문의 ${p.count}건(기한 ${p.clocks}개)이 기한을 넘긴 뒤 1영업일이 지나도록 해결되지 않았습니다. 가장 이른 기한은 ${formatInstant(p.earliestDueAt, "ko")}입니다.`,
      "한꺼번에 확인된 건이라 한 통으로 묶어 보내 드립니다. 담당자 재배정이나 지원이 필요한지 확인해 주세요.",
    ],
    sms: (p) => `[관리자 보고] 기한 초과 후 1영업일 지나도록 미해결인 문의 ${p.count}건. 데스크의 기한 초과 목록을 확인해 주세요.`,
  },
  en: {
    subject: (p) => `[Manager alert] ${p.count} tickets unresolved 1 working day after their deadlines`,
    title: "Several overdue tickets are still unresolved",
    lines: (p) => [
      `${p.count} tickets (${p.clocks} deadlines) passed their deadlines more than 1 working day ago and are still unresolved. The earliest deadline was ${formatInstant(p.earliestDueAt, "en")}.`,
      "They were found together, so they come in one message. Please check whether they need other assignees or support.",
    ],
    sms: (p) => `[Manager alert] ${p.count} tickets unresolved 1 working day after their deadlines. Please check the desk's overdue queue.`,
  },
};

export function smsParts(p: ManagerDigestProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].sms(p)}` };
}

export function subject(props: ManagerDigestProps): string {
  return copy[props.locale].subject(props);
}

export default function ManagerDigest(props: ManagerDigestProps) {
  return <SummaryEmail props={props} copy={copy[props.locale]} />;
}

ManagerDigest.PreviewProps = {
  locale: "ko",
  count: 23,
  clocks: 31,
  earliestDueAt: "2026-05-01T00:00:00Z",
  tickets: [
    { reference: "260430-0042", subject: "자동이체 부당 인출 문의", dueAt: "2026-05-01T00:00:00Z", metrics: ["first_reply"] },
    { reference: "260430-0057", subject: "카드 결제 취소 지연", dueAt: "2026-05-01T02:30:00Z", metrics: ["first_reply", "resolution"] },
  ],
  queueUrl: "http://localhost:3000/desk?tab=overdue",
  staffName: "박관리",
} satisfies ManagerDigestProps;
