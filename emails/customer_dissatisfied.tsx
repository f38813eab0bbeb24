// 고객 불만족 알림: to the assignee when the customer rated the answer 1–2 on the portal. The
// ticket is open again with an immediate `correction` clock.
import { StaffAlert, staffPreview, type StaffAlertProps } from "./_shared/staff";
import { BRAND, formatInstant } from "./_shared/format";

export type CustomerDissatisfiedProps = StaffAlertProps & { score?: number; comment?: string };

const copy = {
  ko: {
    subject: (p: CustomerDissatisfiedProps) => `[고객 불만족] ${p.reference} 다시 열림 — 즉시 시정`,
    title: "고객이 답변에 만족하지 않았습니다",
    lines: (p: CustomerDissatisfiedProps) => [
      p.score
        ? `고객이 처리 결과에 만족도 ${p.score}점(5점 만점)을 주어 문의가 다시 열렸습니다.`
        : "고객이 처리 결과에 만족하지 않아 문의가 다시 열렸습니다.",
      ...(p.comment ? [`고객 의견: ${p.comment}`] : []),
      `바로 시정한 답변을 보내 주세요(즉시 시정, 기한 ${formatInstant(p.dueAt, "ko")}).`,
    ],
  },
  en: {
    subject: (p: CustomerDissatisfiedProps) => `[Dissatisfied] ${p.reference} reopened — correct it now`,
    title: "The customer is not satisfied with the answer",
    lines: (p: CustomerDissatisfiedProps) => [
      p.score
        ? `The customer rated the result ${p.score} out of 5, so the ticket is open again.`
        : "The customer is not satisfied with the result, so the ticket is open again.",
      ...(p.comment ? [`The customer's comment: ${p.comment}`] : []),
      `Please send a corrected answer now (immediate correction, due ${formatInstant(p.dueAt, "en")}).`,
    ],
  },
};

export function smsParts(p: CustomerDissatisfiedProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: CustomerDissatisfiedProps): string {
  return copy[props.locale].subject(props);
}

export default function CustomerDissatisfied(props: CustomerDissatisfiedProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

CustomerDissatisfied.PreviewProps = {
  ...staffPreview,
  metric: "correction",
  score: 2,
  comment: "안내받은 방법으로 해도 여전히 등록이 안 됩니다.",
} satisfies CustomerDissatisfiedProps;
