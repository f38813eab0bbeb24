// 기한 초과 알림: to the assignee and the team lead when a deadline has passed.
import { StaffAlert, staffPreview, type StaffAlertProps } from "./_shared/staff";
import { BRAND, formatInstant, metricLabel } from "./_shared/format";

export type StaffBreachAlertProps = StaffAlertProps;

const GUARANTEED = ["first_reply", "resolution", "callback", "requested_reply", "promised_date"];

const copy = {
  ko: {
    subject: (p: StaffBreachAlertProps) => `[기한 초과] ${p.reference} ${metricLabel(p.metric, "ko")}`,
    title: "처리 기한을 넘겼습니다",
    lines: (p: StaffBreachAlertProps) => [
      `${metricLabel(p.metric, "ko")} 기한(${formatInstant(p.dueAt, "ko")})이 지났습니다. 기한 초과 기록은 남으며 지워지지 않습니다.`,
      ...(GUARANTEED.includes(p.metric)
        ? ["고객과의 약속을 지키지 못한 건이므로 서비스 보증 사례가 열렸습니다. 사실 확인 결과를 1일 안에 고객에게 알려야 합니다."]
        : []),
      "지금 바로 처리하고, 해결되지 않으면 1영업일 뒤 관리자에게 보고됩니다.",
    ],
  },
  en: {
    subject: (p: StaffBreachAlertProps) => `[Overdue] ${p.reference} ${metricLabel(p.metric, "en")}`,
    title: "A deadline has passed",
    lines: (p: StaffBreachAlertProps) => [
      `The deadline for ${metricLabel(p.metric, "en")} (${formatInstant(p.dueAt, "en")}) has passed. The breach stays on record.`,
      ...(GUARANTEED.includes(p.metric)
        ? ["A promise to the customer was broken, so a service guarantee case is open: the customer must hear the fact-check result within 1 working day."]
        : []),
      "Please act now; if it is still unresolved 1 working day from now, the manager is alerted.",
    ],
  },
};

export function smsParts(p: StaffBreachAlertProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: StaffBreachAlertProps): string {
  return copy[props.locale].subject(props);
}

export default function StaffBreachAlert(props: StaffBreachAlertProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

StaffBreachAlert.PreviewProps = staffPreview;
