// 정기 점검 안내: to customers subscribed on /status — a scheduled maintenance window, or its cancellation.
import { Link, Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { formatShortInstant } from "./_shared/operations";

export type MaintenanceNoticeProps = {
  locale: Locale;
  kind: "scheduled" | "cancelled";
  service: string;
  description?: string;
  startsAt: string;
  endsAt: string;
  statusUrl: string;
  unsubscribeUrl?: string;
};

const copy = {
  ko: {
    subject: (p: MaintenanceNoticeProps) =>
      p.kind === "cancelled" ? `[고객만족센터] ${p.service} 정기 점검 취소 안내` : `[고객만족센터] ${p.service} 정기 점검 안내`,
    title: (p: MaintenanceNoticeProps) => (p.kind === "cancelled" ? "예정된 정기 점검이 취소되었습니다" : "정기 점검을 알려 드립니다"),
    intro: (p: MaintenanceNoticeProps) =>
      p.kind === "cancelled"
        ? `안내드린 ${p.service} 정기 점검이 취소되었습니다. 해당 시간에도 서비스를 그대로 이용하실 수 있습니다.`
        : `아래 시간 동안 ${p.service} 서비스 점검으로 이용이 제한됩니다. 이용에 참고해 주세요.`,
    service: "서비스",
    window: "점검 시간",
    details: "점검 내용",
    status: "서비스 상태 페이지 보기",
    unsubscribe: "이 안내를 그만 받으려면 여기를 눌러 주세요.",
  },
  en: {
    subject: (p: MaintenanceNoticeProps) =>
      p.kind === "cancelled" ? `Maintenance of ${p.service} cancelled` : `Scheduled maintenance of ${p.service}`,
    title: (p: MaintenanceNoticeProps) => (p.kind === "cancelled" ? "Scheduled maintenance has been cancelled" : "Scheduled maintenance"),
    intro: (p: MaintenanceNoticeProps) =>
      p.kind === "cancelled"
        ? `The maintenance of ${p.service} we announced has been cancelled. The service stays available during that time.`
        : `${p.service} will be unavailable or limited during the maintenance below.`,
    service: "Service",
    window: "When",
    details: "What is done",
    status: "See the service status page",
    unsubscribe: "To stop receiving these notices, follow this link.",
  },
};

export function subject(p: MaintenanceNoticeProps): string {
  return copy[p.locale].subject(p);
}

export function smsParts(p: MaintenanceNoticeProps): { head: string; body?: string; tail?: string } {
  const range = `${formatShortInstant(p.startsAt, p.locale)} ~ ${formatShortInstant(p.endsAt, p.locale)}`;
  if (p.locale === "ko") {
    return { head: `[${BRAND.ko}] ${p.service} 정기 점검${p.kind === "cancelled" ? " 취소" : ""}`, body: range, tail: p.statusUrl };
  }
  return { head: `[${BRAND.en}] ${p.service} maintenance${p.kind === "cancelled" ? " cancelled" : ""}`, body: range, tail: p.statusUrl };
}

export default function MaintenanceNotice(p: MaintenanceNoticeProps) {
  const c = copy[p.locale];
  const rows: Array<[string, string]> = [
    [c.service, p.service],
    [c.window, `${formatInstant(p.startsAt, p.locale)} ~ ${formatInstant(p.endsAt, p.locale)}`],
  ];
  return (
    <EmailLayout locale={p.locale} audience="customer" title={c.title(p)} preview={c.intro(p)}>
      <Text style={text}>{c.intro(p)}</Text>
      <Facts rows={rows} />
      {p.description && p.kind === "scheduled" ? (
        <>
          <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.details}</Text>
          <Section style={quote}>
            <PlainText value={p.description} />
          </Section>
        </>
      ) : null}
      <ActionLink href={p.statusUrl} label={c.status} />
      {p.unsubscribeUrl ? (
        <Text style={muted}>
          <Link href={p.unsubscribeUrl}>{c.unsubscribe}</Link>
        </Text>
      ) : null}
    </EmailLayout>
  );
}

MaintenanceNotice.PreviewProps = {
  locale: "ko",
  kind: "scheduled",
  service: "인터넷 자격시험 접수",
  description: "서버 보안 업데이트",
  startsAt: "2026-05-10T15:00:00Z",
  endsAt: "2026-05-10T18:00:00Z",
  statusUrl: "http://localhost:3000/status",
} satisfies MaintenanceNoticeProps;
