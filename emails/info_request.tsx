// 보완 요청: the desk needs something from the customer before it can go on; the clocks wait.
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, type Locale } from "./_shared/format";

export type InfoRequestProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  request: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: InfoRequestProps) => `[고객만족센터] 추가 자료 요청 (접수번호 ${p.reference})`,
    title: "문의 처리를 위해 추가 자료가 필요합니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "문의를 처리하려면 아래 내용이 더 필요합니다. 보내 주시는 대로 바로 이어서 처리하겠습니다.",
    request: "요청 내용",
    reference: "접수번호",
    topic: "문의 제목",
    paused: "자료를 기다리는 동안에는 처리 기한이 멈추며, 자료를 받은 때부터 남은 기한이 다시 흐릅니다.",
    track: "답장하고 자료 보내기",
    more: "이 메일에 답장하시거나 위 링크에서 보내 주셔도 됩니다.",
  },
  en: {
    subject: (p: InfoRequestProps) => `We need more information (reference ${p.reference})`,
    title: "We need a little more from you",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "To handle your inquiry we need the following. We will continue as soon as we receive it.",
    request: "What we need",
    reference: "Reference",
    topic: "Subject",
    paused: "While we wait for it, the deadline is paused; the time left runs again from when we receive it.",
    track: "Reply and send documents",
    more: "You may reply to this email or use the link above.",
  },
};

/** The text-message version: the request is cut if needed; the reference always stays. */
export function smsParts(props: InfoRequestProps): { head: string; body?: string; tail?: string } {
  return props.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 접수번호 ${props.reference} 추가 자료 요청`,
        body: `요청: ${props.request}`,
        tail: "자료를 받으면 바로 이어서 처리합니다.",
      }
    : {
        head: `[${BRAND.en}] Ref ${props.reference}: more information needed`,
        body: `Needed: ${props.request}`,
        tail: "We continue as soon as we receive it.",
      };
}

export function subject(props: InfoRequestProps): string {
  return copy[props.locale].subject(props);
}

export default function InfoRequest(props: InfoRequestProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.request}</Text>
      <Section style={quote}>
        <PlainText value={props.request} />
      </Section>
      <Facts rows={rows} />
      <Text style={text}>{c.paused}</Text>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

InfoRequest.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  subject: "자동이체 부당 인출 문의",
  request: "출금 내역이 보이는 통장 사본(최근 3개월)을 보내 주세요.",
} satisfies InfoRequestProps;
