// 중간 안내 (시정: 사유와 처리시기를 사전에 알림): why it takes longer and when the answer comes.
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, formatDate, formatShortDate, type Locale } from "./_shared/format";

export type InterimNoticeProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  reason: string;
  expectedBy: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: InterimNoticeProps) => `[고객만족센터] 처리 일정 안내 (접수번호 ${p.reference})`,
    title: "문의 처리 일정을 안내드립니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "문의하신 내용을 확인하고 있으나, 아래 사유로 답변에 시간이 더 필요합니다. 기다리게 해 드려 죄송합니다.",
    reason: "지연 사유",
    reference: "접수번호",
    topic: "문의 제목",
    expected: "답변 예정일",
    promise: (date: string) => `${date}까지 답변드리겠습니다. 그 전에 처리가 끝나면 바로 알려 드리겠습니다.`,
    track: "처리 상황 확인하기",
    more: "일정이 맞지 않으시면 접수번호를 알려 주시고 고객센터로 연락해 주세요.",
  },
  en: {
    subject: (p: InterimNoticeProps) => `When you will hear from us (reference ${p.reference})`,
    title: "An update on your inquiry",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "We are working on your inquiry, but we need more time for the reason below. We are sorry for the wait.",
    reason: "Reason",
    reference: "Reference",
    topic: "Subject",
    expected: "Expected answer by",
    promise: (date: string) => `You will have our answer by ${date}. If we finish sooner, we will tell you at once.`,
    track: "Check the progress",
    more: "If this date does not work for you, please contact us and quote your reference number.",
  },
};

/** The text-message version: the reason is cut if needed; the date always stays. */
export function smsParts(props: InterimNoticeProps): { head: string; body?: string; tail?: string } {
  const date = formatShortDate(props.expectedBy, props.locale);
  return props.locale === "ko"
    ? { head: `[${BRAND.ko}] 접수번호 ${props.reference} 처리 일정 안내`, body: `사유: ${props.reason}`, tail: `답변 예정일: ${date}` }
    : { head: `[${BRAND.en}] Update on ref ${props.reference}`, body: `Reason: ${props.reason}`, tail: `Expected answer by ${date}` };
}

export function subject(props: InterimNoticeProps): string {
  return copy[props.locale].subject(props);
}

export default function InterimNotice(props: InterimNoticeProps) {
  const c = copy[props.locale];
  const date = formatDate(props.expectedBy, props.locale);
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  rows.push([c.expected, date]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={`${c.expected}: ${date}`}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.reason}</Text>
      <Section style={quote}>
        <PlainText value={props.reason} />
      </Section>
      <Facts rows={rows} />
      <Text style={text}>{c.promise(date)}</Text>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

InterimNotice.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  subject: "자동이체 부당 인출 문의",
  reason: "출금 기관(은행)에 거래 내역 확인을 요청했으며, 회신을 기다리고 있습니다.",
  expectedBy: "2026-05-08",
} satisfies InterimNoticeProps;
