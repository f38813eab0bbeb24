// To managers: an open outage passed a charter deadline (no expected recovery announced within
// 3 hours, or service not restored within 48 hours).
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { label, STAFF_METRICS } from "./_shared/operations";

export type OutageAlertProps = {
  locale: Locale;
  metric: "eta_notice" | "recovery";
  service: string;
  startedAt: string;
  dueAt: string;
  outageUrl: string;
  staffName?: string;
};

const copy = {
  ko: {
    subject: (p: OutageAlertProps) =>
      p.metric === "eta_notice"
        ? `[관리자 보고] ${p.service} 중단: 복구 예정 시각 안내 기한 초과`
        : `[관리자 보고] ${p.service} 중단: 48시간 내 복구 기한 초과`,
    title: (p: OutageAlertProps) =>
      p.metric === "eta_notice" ? "복구 예정 시각이 아직 안내되지 않았습니다" : "서비스가 48시간 안에 복구되지 않았습니다",
    line: (p: OutageAlertProps) =>
      p.metric === "eta_notice"
        ? "중단 후 3시간 안에 복구 예정 시각을 상태 페이지와 구독 고객에게 알려야 하지만 아직 안내되지 않았습니다. 중단 기록에서 복구 예정 시각을 게시해 주세요."
        : "서비스는 중단 후 48시간 안에 복구되어야 하지만 아직 복구되지 않았습니다. 대응 상황을 확인해 주세요.",
    hello: (n?: string) => (n ? `${n}님,` : ""),
    service: "서비스",
    started: "중단 시작",
    metric: "기한 종류",
    due: "기한",
    open: "중단 기록 열기",
  },
  en: {
    subject: (p: OutageAlertProps) =>
      p.metric === "eta_notice"
        ? `[Manager alert] ${p.service} outage: recovery ETA not announced in time`
        : `[Manager alert] ${p.service} outage: not restored within 48 hours`,
    title: (p: OutageAlertProps) =>
      p.metric === "eta_notice" ? "The expected recovery has not been announced" : "The service was not restored within 48 hours",
    line: (p: OutageAlertProps) =>
      p.metric === "eta_notice"
        ? "The expected recovery must be published on the status page and sent to subscribers within 3 hours of the start; it has not been. Please publish it on the outage record."
        : "Service must be restored within 48 hours of the start; it has not been. Please check the response.",
    hello: (n?: string) => (n ? `${n},` : ""),
    service: "Service",
    started: "Unavailable since",
    metric: "Deadline",
    due: "Due",
    open: "Open the outage",
  },
};

export function subject(p: OutageAlertProps): string {
  return copy[p.locale].subject(p);
}

export function smsParts(p: OutageAlertProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}`, tail: p.outageUrl };
}

export default function OutageAlert(p: OutageAlertProps) {
  const c = copy[p.locale];
  const hello = c.hello(p.staffName);
  return (
    <EmailLayout locale={p.locale} audience="staff" title={c.title(p)} preview={c.subject(p)}>
      {hello ? <Text style={text}>{hello}</Text> : null}
      <Text style={text}>{c.line(p)}</Text>
      <Facts
        rows={[
          [c.service, p.service],
          [c.started, formatInstant(p.startedAt, p.locale)],
          [c.metric, label(STAFF_METRICS, p.metric, p.locale)],
          [c.due, formatInstant(p.dueAt, p.locale)],
        ]}
      />
      <ActionLink href={p.outageUrl} label={c.open} />
    </EmailLayout>
  );
}

OutageAlert.PreviewProps = {
  locale: "ko",
  metric: "eta_notice",
  service: "인터넷 자격시험 접수",
  startedAt: "2026-05-08T05:10:00Z",
  dueAt: "2026-05-08T08:10:00Z",
  outageUrl: "http://localhost:3000/desk/outages/00000000-0000-0000-0000-000000000000",
  staffName: "최민수",
} satisfies OutageAlertProps;
