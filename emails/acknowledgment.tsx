// 접수 확인: the customer's reference number and where to follow the ticket.
import { Text } from "@react-email/components";
import { EmailLayout, Facts, ActionLink, text, muted } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";

export type AcknowledgmentProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  customerName?: string;
  subject?: string;
  receivedAt?: string;
};

const copy = {
  ko: {
    subject: (p: AcknowledgmentProps) => `[고객만족센터] 문의가 접수되었습니다 (접수번호 ${p.reference})`,
    title: "문의가 접수되었습니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "보내 주신 문의를 잘 받았습니다. 담당자가 내용을 확인한 뒤 답변드리겠습니다.",
    reference: "접수번호",
    topic: "문의 제목",
    receivedAt: "접수 일시",
    track: "처리 상황 확인하기",
    keep: "접수번호는 처리 상황을 확인하거나 추가로 문의하실 때 필요하니 보관해 주세요.",
  },
  en: {
    subject: (p: AcknowledgmentProps) => `We have received your inquiry (reference ${p.reference})`,
    title: "We have received your inquiry",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "Thank you for contacting us. The person responsible will review your inquiry and reply.",
    reference: "Reference",
    topic: "Subject",
    receivedAt: "Received",
    track: "Check the progress",
    keep: "Please keep your reference number: you need it to check the progress or to ask about this inquiry.",
  },
};

/** The text-message version: the reference and the tracking link. */
export function smsParts(props: AcknowledgmentProps): { head: string; body?: string; tail?: string } {
  return props.locale === "ko"
    ? { head: `[${BRAND.ko}] 문의가 접수되었습니다.`, body: `접수번호 ${props.reference}`, tail: `진행 확인: ${props.trackingUrl}` }
    : {
        head: `[${BRAND.en}] We have received your inquiry.`,
        body: `Reference ${props.reference}`,
        tail: `Progress: ${props.trackingUrl}`,
      };
}

export function subject(props: AcknowledgmentProps): string {
  return copy[props.locale].subject(props);
}

export default function Acknowledgment(props: AcknowledgmentProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  if (props.receivedAt) rows.push([c.receivedAt, formatInstant(props.receivedAt, props.locale)]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={`${c.reference} ${props.reference}`}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Facts rows={rows} />
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.keep}</Text>
    </EmailLayout>
  );
}

Acknowledgment.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  subject: "자격시험 접수 확인서 재발급 문의",
  receivedAt: "2026-04-30T06:12:00Z",
} satisfies AcknowledgmentProps;
