// 답변: what staff wrote to the customer (a reply or the final answer).
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, type Locale } from "./_shared/format";

export type ReplyProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  body: string;
  final?: boolean;
  customerName?: string;
  subject?: string;
  staffName?: string;
};

const copy = {
  ko: {
    subject: (p: ReplyProps) => `[고객만족센터] ${p.final ? "문의에 대한 최종 답변" : "문의에 대한 답변"} (접수번호 ${p.reference})`,
    title: (final?: boolean) => (final ? "문의에 대한 최종 답변입니다" : "문의에 답변드립니다"),
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    reference: "접수번호",
    topic: "문의 제목",
    from: (name: string) => `담당자 ${name} 드림`,
    track: "처리 상황 확인하기",
    rateIntro: "이번 답변에 만족하셨는지 알려 주세요. 1분이면 됩니다. 만족스럽지 않으셨다면 다시 확인해 바로 답변드립니다.",
    rate: "만족도 평가하기",
    more: "답변에 대해 더 궁금하신 점이 있으면 접수번호를 알려 주시고 고객센터로 연락해 주세요.",
  },
  en: {
    subject: (p: ReplyProps) => `${p.final ? "Our final answer" : "Our reply"} to your inquiry (reference ${p.reference})`,
    title: (final?: boolean) => (final ? "Our final answer to your inquiry" : "Our reply to your inquiry"),
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    reference: "Reference",
    topic: "Subject",
    from: (name: string) => `${name}, on behalf of the team`,
    track: "Check the progress",
    rateIntro: "Please tell us whether this answer satisfied you; it takes a minute. If it did not, we look at it again straight away.",
    rate: "Rate our answer",
    more: "If anything is unclear, please contact us and quote your reference number.",
  },
};

/** The text-message version: the reply itself is what gets cut when it is too long. */
/** When the agent already greets the customer, the email does not greet them a second time. */
export function startsWithGreeting(body: string): boolean {
  const first = body.trimStart().split("\n", 1)[0] ?? "";
  return /안녕하(세요|십니까)|고객님께?[,.\s]|^(dear|hello|hi)\b/i.test(first);
}

export function smsParts(props: ReplyProps): { head: string; body?: string; tail?: string } {
  return props.locale === "ko"
    ? { head: `[${BRAND.ko}] 접수번호 ${props.reference} ${props.final ? "최종 답변" : "답변"}`, body: props.body }
    : { head: `[${BRAND.en}] ${props.final ? "Final answer" : "Reply"}, ref ${props.reference}`, body: props.body };
}

/**
 * The satisfaction link of the final answer (issue 21): the customer's signed tracking link, opened
 * at the page's rating form. The rating is kept per answer as a satisfaction rating (source
 * "portal"), the same table the yearly survey's answers go to; the survey's own invitation tokens
 * (app/surveys) belong to a campaign and a customer, not to one answer, so they are not used here.
 */
export function satisfactionUrl(trackingUrl: string): string {
  return `${trackingUrl.split("#")[0]}#rate`;
}

export function subject(props: ReplyProps): string {
  return copy[props.locale].subject(props);
}

export default function Reply(props: ReplyProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title(props.final)} preview={props.body.slice(0, 90)}>
      {startsWithGreeting(props.body) ? null : <Text style={text}>{c.greeting(props.customerName)}</Text>}
      <Facts rows={rows} />
      <Section style={quote}>
        <PlainText value={props.body} />
      </Section>
      {props.staffName ? <Text style={text}>{c.from(props.staffName)}</Text> : null}
      <ActionLink href={props.trackingUrl} label={c.track} />
      {props.final ? (
        <>
          <Text style={text}>{c.rateIntro}</Text>
          <ActionLink href={satisfactionUrl(props.trackingUrl)} label={c.rate} />
        </>
      ) : null}
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

Reply.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  subject: "자격시험 접수 확인서 재발급 문의",
  staffName: "김하늘",
  body: "문의하신 접수 확인서는 홈페이지 [마이페이지 > 접수 내역]에서 다시 출력하실 수 있습니다.\n출력이 되지 않으면 이 번호로 회신 주시면 우편으로 보내 드리겠습니다.\n\n감사합니다.",
} satisfies ReplyProps;
