// 부재 중 메모: a caller or visitor asked for a staff member who was away. The memo goes to them
// (or to their deputy while they are absent) with the callback deadline (30 working minutes).
import { StaffAlert, staffPreview, type StaffAlertProps } from "./_shared/staff";
import { BRAND, formatInstant } from "./_shared/format";

export type StaffMemoProps = StaffAlertProps & {
  /** Whom the caller or visitor asked for. */
  forName: string;
  /** Set when the memo reached a deputy: the absent person's name is forName. */
  deputy?: boolean;
  /** "phone" or "visit". */
  channel: string;
  /** Who took the memo. */
  takenBy?: string;
};

const copy = {
  ko: {
    subject: (p: StaffMemoProps) => `[부재 중 메모] ${p.reference} — ${p.forName} 앞 회신 요청`,
    title: "부재 중에 메모가 남겨졌습니다",
    lines: (p: StaffMemoProps) => [
      `${p.channel === "visit" ? "방문하신 고객" : "전화하신 고객"}께서 ${p.forName}님을 찾으셨습니다${p.takenBy ? ` (메모: ${p.takenBy})` : ""}.`,
      ...(p.deputy ? [`${p.forName}님이 부재 중이어서 대리인인 회원님께 전달되었습니다.`] : []),
      `고객에게 ${formatInstant(p.dueAt, "ko")}까지 전화해 주세요(업무 시간 기준 30분). 연락처와 내용은 문의에 있습니다.`,
    ],
  },
  en: {
    subject: (p: StaffMemoProps) => `[Memo] ${p.reference} — call back for ${p.forName}`,
    title: "A memo was left while you were away",
    lines: (p: StaffMemoProps) => [
      `A ${p.channel === "visit" ? "visitor" : "caller"} asked for ${p.forName}${p.takenBy ? ` (memo taken by ${p.takenBy})` : ""}.`,
      ...(p.deputy ? [`${p.forName} is away, so it comes to you as their deputy.`] : []),
      `Please call the customer back by ${formatInstant(p.dueAt, "en")} (30 working minutes). Their contact details and the matter are on the ticket.`,
    ],
  },
};

export function smsParts(p: StaffMemoProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: StaffMemoProps): string {
  return copy[props.locale].subject(props);
}

export default function StaffMemo(props: StaffMemoProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

StaffMemo.PreviewProps = {
  ...staffPreview,
  metric: "callback",
  forName: "김하늘",
  channel: "visit",
  takenBy: "이도윤",
} satisfies StaffMemoProps;
