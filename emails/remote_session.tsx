// 원격지원 예약 안내: when the expert will connect and how to join.
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";

export type RemoteSessionProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  /** The booked instant. */
  at: string;
  join: string;
  expertName?: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: RemoteSessionProps) => `[고객만족센터] 원격지원 예약 안내 (접수번호 ${p.reference})`,
    title: "원격지원 일정을 안내드립니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "전화나 온라인 상담으로 해결되지 않은 문제를 전문가가 원격지원으로 도와드립니다.",
    when: "예약 일시",
    expert: "담당 전문가",
    reference: "접수번호",
    join: "접속 방법",
    track: "처리 상황 확인하기",
    more: "시간이 맞지 않으시면 접수번호를 알려 주시고 고객센터로 연락해 주세요.",
  },
  en: {
    subject: (p: RemoteSessionProps) => `Your remote support session (reference ${p.reference})`,
    title: "Your remote support session is booked",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "An expert will help you by remote support with the problem that phone or online help could not solve.",
    when: "When",
    expert: "Expert",
    reference: "Reference",
    join: "How to join",
    track: "Check the progress",
    more: "If the time does not suit you, please contact us and quote your reference number.",
  },
};

/** The text-message version: the join instructions are cut if needed; the time always stays. */
export function smsParts(props: RemoteSessionProps): { head: string; body?: string; tail?: string } {
  const at = formatInstant(props.at, props.locale);
  return props.locale === "ko"
    ? { head: `[${BRAND.ko}] 접수번호 ${props.reference} 원격지원 예약: ${at}`, body: `접속: ${props.join}` }
    : { head: `[${BRAND.en}] Ref ${props.reference}: remote support at ${at}`, body: `Join: ${props.join}` };
}

export function subject(props: RemoteSessionProps): string {
  return copy[props.locale].subject(props);
}

export default function RemoteSession(props: RemoteSessionProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [
    [c.when, formatInstant(props.at, props.locale)],
    [c.reference, props.reference],
  ];
  if (props.expertName) rows.push([c.expert, props.expertName]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Facts rows={rows} />
      <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.join}</Text>
      <Section style={quote}>
        <PlainText value={props.join} />
      </Section>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

RemoteSession.PreviewProps = {
  locale: "ko",
  reference: "261201-0011",
  trackingUrl: "http://localhost:3000/track/261201-0011",
  at: "2026-12-07T05:00:00.000Z",
  join: "예약 시각에 전문가가 전화드려 원격지원 프로그램 접속 번호를 알려 드립니다.",
  expertName: "김전문",
  customerName: "홍길동",
} satisfies RemoteSessionProps;
