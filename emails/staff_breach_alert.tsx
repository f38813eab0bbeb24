// 기한 초과 알림: to the assignee and the team lead when a deadline has passed — one alert per
// ticket per sweep, naming every clock of the ticket that broke at once (`metrics`; `metric` and
// `dueAt` are the earliest of them).
import { labelsOf, metricsOf, StaffAlert, staffPreview, type ClocksAlertProps } from "./_shared/staff";
import { BRAND, clockName, formatInstant } from "./_shared/format";

export type StaffBreachAlertProps = ClocksAlertProps;

const GUARANTEED = ["first_reply", "resolution", "callback", "requested_reply", "promised_date"];

const copy = {
  ko: {
    subject: (p: StaffBreachAlertProps) => `[기한 초과] ${p.reference} ${labelsOf(p, "ko")}`,
    title: "처리 기한을 넘겼습니다",
    lines: (p: StaffBreachAlertProps) => [
      metricsOf(p).length > 1
        ? `${labelsOf(p, "ko")} 기한이 지났습니다(가장 이른 기한 ${formatInstant(p.dueAt, "ko")}). 기한 초과 기록은 남으며 지워지지 않습니다.`
        : `${clockName(p.metric, "ko", p.clockLabels)} 기한(${formatInstant(p.dueAt, "ko")})이 지났습니다. 기한 초과 기록은 남으며 지워지지 않습니다.`,
      ...(metricsOf(p).some((m) => GUARANTEED.includes(m))
        ? ["고객과의 약속을 지키지 못한 건이므로 서비스 보증 사례가 열렸습니다. 사실 확인 결과를 1일 안에 고객에게 알려야 합니다."]
        : []),
      "지금 바로 처리하고, 해결되지 않으면 1영업일 뒤 관리자에게 보고됩니다.",
    ],
  },
  en: {
    subject: (p: StaffBreachAlertProps) => `[Overdue] ${p.reference} ${labelsOf(p, "en")}`,
    title: "A deadline has passed",
    lines: (p: StaffBreachAlertProps) => [
      metricsOf(p).length > 1
        ? `The deadlines for ${labelsOf(p, "en")} have passed (the earliest ${formatInstant(p.dueAt, "en")}). The breaches stay on record.`
        : `The deadline for ${clockName(p.metric, "en", p.clockLabels)} (${formatInstant(p.dueAt, "en")}) has passed. The breach stays on record.`,
      ...(metricsOf(p).some((m) => GUARANTEED.includes(m))
        ? [
            "A promise to the customer was broken, so a service guarantee case is open: the customer must hear the fact-check result within 1 working day.",
          ]
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
