// 부재 중 업무 인계: a ticket of someone away had a callback or a clock due soon, so it was handed to
// the recipient — the absence's deputy, or the team lead when no deputy was here.
import { StaffAlert, staffPreview, type StaffAlertProps } from "./_shared/staff";
import { BRAND, formatInstant } from "./_shared/format";

export type StaffHandoverProps = StaffAlertProps & {
  /** The absent assignee. */
  forName: string;
  /** When their absence ends. */
  absentUntil: string;
  /** Set when no deputy was here and the team lead takes it. */
  lead?: boolean;
};

const copy = {
  ko: {
    subject: (p: StaffHandoverProps) => `[업무 인계] ${p.reference} — ${p.forName}님 부재로 전달`,
    title: "부재 중인 직원의 업무가 인계되었습니다",
    lines: (p: StaffHandoverProps) => [
      `${p.forName}님이 ${formatInstant(p.absentUntil, "ko")}까지 부재 중이어서 기한이 다가온 이 문의를 ${p.lead ? "팀장인" : "대리인인"} 회원님께 배정했습니다.`,
      `${formatInstant(p.dueAt, "ko")}까지 처리해 주세요. 고객 연락처와 내용은 문의에 있습니다.`,
    ],
  },
  en: {
    subject: (p: StaffHandoverProps) => `[Handover] ${p.reference} — ${p.forName} is away`,
    title: "Work of an absent colleague was handed to you",
    lines: (p: StaffHandoverProps) => [
      `${p.forName} is away until ${formatInstant(p.absentUntil, "en")}, so this ticket with a deadline coming up was assigned to you as ${p.lead ? "the team lead" : "their deputy"}.`,
      `Please act on it by ${formatInstant(p.dueAt, "en")}. The customer's contact details and the matter are on the ticket.`,
    ],
  },
};

export function smsParts(p: StaffHandoverProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: StaffHandoverProps): string {
  return copy[props.locale].subject(props);
}

export default function StaffHandover(props: StaffHandoverProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

StaffHandover.PreviewProps = {
  ...staffPreview,
  metric: "callback",
  forName: "김하늘",
  absentUntil: "2026-05-01T09:00:00Z",
} satisfies StaffHandoverProps;
