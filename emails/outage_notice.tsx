// 서비스 중단 안내: to customers subscribed on /status — the expected recovery, progress updates and
// the recovery itself.
import { Link, Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { formatShortInstant } from "./_shared/operations";

export type OutageNoticeProps = {
  locale: Locale;
  kind: "eta" | "update" | "resolved";
  service: string;
  description?: string;
  startedAt: string;
  expectedRecoveryAt?: string;
  resolvedAt?: string;
  message?: string;
  statusUrl: string;
  unsubscribeUrl?: string;
};

const copy = {
  ko: {
    subject: (p: OutageNoticeProps) =>
      p.kind === "resolved" ? `[고객만족센터] ${p.service} 서비스가 복구되었습니다` : `[고객만족센터] ${p.service} 서비스 중단 안내`,
    title: (p: OutageNoticeProps) =>
      p.kind === "resolved"
        ? "서비스가 복구되었습니다"
        : p.kind === "update"
          ? "서비스 중단 진행 상황을 알려 드립니다"
          : "서비스 중단과 복구 예정 시각을 알려 드립니다",
    intro: (p: OutageNoticeProps) =>
      p.kind === "resolved"
        ? `${p.service} 서비스가 정상으로 돌아왔습니다. 이용에 불편을 드려 죄송합니다.`
        : `${p.service} 서비스 이용이 중단되어 불편을 드리고 있습니다. 죄송합니다. 복구를 서두르고 있습니다.`,
    service: "서비스",
    started: "중단 시작",
    eta: "복구 예정",
    resolved: "복구 완료",
    notice: "안내 내용",
    status: "서비스 상태 페이지 보기",
    unsubscribe: "이 안내를 그만 받으려면 여기를 눌러 주세요.",
  },
  en: {
    subject: (p: OutageNoticeProps) => (p.kind === "resolved" ? `${p.service} has been restored` : `${p.service} is unavailable`),
    title: (p: OutageNoticeProps) =>
      p.kind === "resolved"
        ? "The service has been restored"
        : p.kind === "update"
          ? "An update on the service outage"
          : "A service outage and when we expect it back",
    intro: (p: OutageNoticeProps) =>
      p.kind === "resolved"
        ? `${p.service} is working normally again. We are sorry for the inconvenience.`
        : `${p.service} is currently unavailable. We are sorry for the inconvenience and are working to restore it.`,
    service: "Service",
    started: "Unavailable since",
    eta: "Expected back",
    resolved: "Restored",
    notice: "Notice",
    status: "See the service status page",
    unsubscribe: "To stop receiving these notices, follow this link.",
  },
};

export function subject(p: OutageNoticeProps): string {
  return copy[p.locale].subject(p);
}

export function smsParts(p: OutageNoticeProps): { head: string; body?: string; tail?: string } {
  const ko = p.locale === "ko";
  if (p.kind === "resolved") {
    return {
      head: ko ? `[${BRAND.ko}] ${p.service} 복구 완료` : `[${BRAND.en}] ${p.service} restored`,
      body: p.resolvedAt
        ? ko
          ? `복구: ${formatShortInstant(p.resolvedAt, "ko")}`
          : `Restored ${formatShortInstant(p.resolvedAt, "en")}`
        : undefined,
      tail: p.statusUrl,
    };
  }
  const eta = p.expectedRecoveryAt
    ? ko
      ? `복구 예정: ${formatShortInstant(p.expectedRecoveryAt, "ko")}`
      : `Expected back: ${formatShortInstant(p.expectedRecoveryAt, "en")}`
    : undefined;
  return {
    head: ko ? `[${BRAND.ko}] ${p.service} 서비스 중단 안내` : `[${BRAND.en}] ${p.service} outage`,
    body: [eta, p.message].filter(Boolean).join("\n"),
    tail: p.statusUrl,
  };
}

export default function OutageNotice(p: OutageNoticeProps) {
  const c = copy[p.locale];
  const rows: Array<[string, string]> = [
    [c.service, p.service],
    [c.started, formatInstant(p.startedAt, p.locale)],
  ];
  if (p.kind === "resolved" && p.resolvedAt) rows.push([c.resolved, formatInstant(p.resolvedAt, p.locale)]);
  else if (p.expectedRecoveryAt) rows.push([c.eta, formatInstant(p.expectedRecoveryAt, p.locale)]);
  return (
    <EmailLayout locale={p.locale} audience="customer" title={c.title(p)} preview={c.intro(p)}>
      <Text style={text}>{c.intro(p)}</Text>
      <Facts rows={rows} />
      {p.message ? (
        <>
          <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.notice}</Text>
          <Section style={quote}>
            <PlainText value={p.message} />
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

OutageNotice.PreviewProps = {
  locale: "ko",
  kind: "eta",
  service: "인터넷 자격시험 접수",
  startedAt: "2026-05-08T05:10:00Z",
  expectedRecoveryAt: "2026-05-08T09:00:00Z",
  message: "접수 서버 장애로 현재 온라인 접수가 되지 않습니다.",
  statusUrl: "http://localhost:3000/status",
  unsubscribeUrl: "http://localhost:3000/status/unsubscribe/example",
} satisfies OutageNoticeProps;
