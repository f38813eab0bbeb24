// 정보공개 결정 기간 연장: the decision takes one more period; the reason and the new date are sent
// before the first period ends.
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";

export type DisclosureExtendedProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  reason: string;
  /** The new deadline of the decision (an instant). */
  decideBy: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: DisclosureExtendedProps) => `[고객만족센터] 정보공개 결정 기간 연장 안내 (접수번호 ${p.reference})`,
    title: "정보공개 결정 기간을 연장합니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "청구하신 정보의 공개 여부를 정하는 데 시간이 더 필요하여, 아래 사유로 결정 기간을 한 번 연장합니다.",
    reason: "연장 사유",
    reference: "접수번호",
    topic: "청구 내용",
    decideBy: "결정 기한",
    track: "처리 상황 확인하기",
    more: "결정이 나면 바로 알려 드리겠습니다.",
  },
  en: {
    subject: (p: DisclosureExtendedProps) => `Your disclosure request: decision period extended (reference ${p.reference})`,
    title: "We need more time to decide on your request",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro:
      "Deciding whether to disclose the information you asked for needs more time, so we extend the decision period once, for the reason below.",
    reason: "Reason",
    reference: "Reference",
    topic: "Request",
    decideBy: "Decision by",
    track: "Check the progress",
    more: "We will tell you as soon as the decision is made.",
  },
};

/** The text-message version: the reason is cut if needed; the new date always stays. */
export function smsParts(props: DisclosureExtendedProps): { head: string; body?: string; tail?: string } {
  const by = formatInstant(props.decideBy, props.locale);
  return props.locale === "ko"
    ? { head: `[${BRAND.ko}] 접수번호 ${props.reference} 정보공개 결정 기간 연장`, body: `사유: ${props.reason}`, tail: `결정 기한: ${by}` }
    : {
        head: `[${BRAND.en}] Ref ${props.reference}: disclosure decision extended`,
        body: `Reason: ${props.reason}`,
        tail: `Decision by ${by}`,
      };
}

export function subject(props: DisclosureExtendedProps): string {
  return copy[props.locale].subject(props);
}

export default function DisclosureExtended(props: DisclosureExtendedProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  rows.push([c.decideBy, formatInstant(props.decideBy, props.locale)]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.reason}</Text>
      <Section style={quote}>
        <PlainText value={props.reason} />
      </Section>
      <Facts rows={rows} />
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

DisclosureExtended.PreviewProps = {
  locale: "ko",
  reference: "261201-0007",
  trackingUrl: "http://localhost:3000/track/261201-0007",
  customerName: "홍길동",
  subject: "2025년 회원사 분담금 산정 기준 공개 청구",
  reason: "청구하신 자료에 제3자의 정보가 포함되어 있어 그 의견을 듣고 있습니다.",
  decideBy: "2026-12-21T14:59:59.999Z",
} satisfies DisclosureExtendedProps;
