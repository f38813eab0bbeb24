// 관리자 보고: still unresolved 1 working day after a breach — one alert per ticket and sweep,
// naming every clock of it that escalated together (`metrics`; `metric` and `dueAt` the earliest).
import { labelsOf, metricsOf, StaffAlert, staffPreview, type ClocksAlertProps } from "./_shared/staff";
import { BRAND, clockName, formatInstant } from "./_shared/format";

export type ManagerAlertProps = ClocksAlertProps;

const copy = {
  ko: {
    subject: (p: ManagerAlertProps) => `[관리자 보고] ${p.reference} 기한 초과 후 1영업일 경과, 미해결`,
    title: "기한을 넘긴 문의가 아직 해결되지 않았습니다",
    lines: (p: ManagerAlertProps) => [
      metricsOf(p).length > 1
        ? `${labelsOf(p, "ko")} 기한(가장 이른 기한 ${formatInstant(p.dueAt, "ko")})을 넘긴 뒤 1영업일이 지났지만 문의가 아직 해결되지 않았습니다.`
        : `${clockName(p.metric, "ko", p.clockLabels)} 기한(${formatInstant(p.dueAt, "ko")})을 넘긴 뒤 1영업일이 지났지만 문의가 아직 해결되지 않았습니다.`,
      "담당자 재배정이나 지원이 필요한지 확인해 주세요.",
    ],
  },
  en: {
    subject: (p: ManagerAlertProps) => `[Manager alert] ${p.reference} unresolved 1 working day after its deadline`,
    title: "An overdue ticket is still unresolved",
    lines: (p: ManagerAlertProps) => [
      metricsOf(p).length > 1
        ? `The deadlines for ${labelsOf(p, "en")} (the earliest ${formatInstant(p.dueAt, "en")}) passed more than 1 working day ago and the ticket is still unresolved.`
        : `The deadline for ${clockName(p.metric, "en", p.clockLabels)} (${formatInstant(p.dueAt, "en")}) passed more than 1 working day ago and the ticket is still unresolved.`,
      "Please check whether it needs another assignee or support.",
    ],
  },
};

export function smsParts(p: ManagerAlertProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: ManagerAlertProps): string {
  return copy[props.locale].subject(props);
}

export default function ManagerAlert(props: ManagerAlertProps) {
  const c = copy[props.locale];
  return <StaffAlert {...props} title={c.title} lines={c.lines(props)} />;
}

ManagerAlert.PreviewProps = { ...staffPreview, metric: "resolution", staffName: "박관리" };
