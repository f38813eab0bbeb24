// 기한 임박 경고: to the assignee (or the team lead of an unassigned ticket) before a deadline.
import { StaffAlert, staffPreview, type StaffAlertProps } from "./_shared/staff";
import { BRAND, clockName, formatInstant } from "./_shared/format";

export type StaffWarningProps = StaffAlertProps;

const copy = {
  ko: {
    subject: (p: StaffWarningProps) =>
      `[기한 임박] ${p.reference} ${clockName(p.metric, "ko", p.clockLabels)} — ${formatInstant(p.dueAt, "ko")}까지`,
    title: "처리 기한이 다가옵니다",
    lines: (p: StaffWarningProps) => [
      `${clockName(p.metric, "ko", p.clockLabels)} 기한이 ${formatInstant(p.dueAt, "ko")}입니다.`,
      "기한 안에 답변하거나, 늦어질 경우 고객에게 사유와 처리 예정일을 먼저 알려 주세요(중간 안내).",
    ],
  },
  en: {
    subject: (p: StaffWarningProps) =>
      `[Due soon] ${p.reference} ${clockName(p.metric, "en", p.clockLabels)} — by ${formatInstant(p.dueAt, "en")}`,
    title: "A deadline is approaching",
    lines: (p: StaffWarningProps) => [
      `The deadline for ${clockName(p.metric, "en", p.clockLabels)} is ${formatInstant(p.dueAt, "en")}.`,
      "Answer before then, or if it will be late, tell the customer the reason and the expected date first (interim notice).",
    ],
  },
};

export function smsParts(p: StaffWarningProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: StaffWarningProps): string {
  return copy[props.locale].subject(props);
}

export default function StaffWarning(props: StaffWarningProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

StaffWarning.PreviewProps = staffPreview;
