// 방문 예약 확인: a customer who needs help at the counter announced their visit; we confirm the
// time and the help we will have ready, and ask for a call 10 minutes before they arrive.
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, muted, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { helpWords } from "./_shared/visit";

export type VisitConfirmationProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  /** The announced visit. */
  at: string;
  help: string[];
  helpOther?: string;
  /** Whom or which department they visit. */
  visiting?: string;
  deskPhone?: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: VisitConfirmationProps) => `[고객만족센터] 방문 예약 확인 (접수번호 ${p.reference})`,
    title: "방문 예약을 확인했습니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "불편함이 없도록 아래 도움을 준비해 두겠습니다.",
    when: "방문 일시",
    help: "준비할 도움",
    visiting: "방문하실 곳",
    reference: "접수번호",
    call: (phone?: string) => `도착 10분 전에 ${phone ? `${phone} 번호로 ` : ""}연락 주시면 입구에서 맞이하겠습니다.`,
    track: "예약 확인하기",
  },
  en: {
    subject: (p: VisitConfirmationProps) => `Your visit is booked (reference ${p.reference})`,
    title: "We have your visit",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "So that nothing is difficult, we will have the help below ready for you.",
    when: "When",
    help: "Help we will have ready",
    visiting: "Visiting",
    reference: "Reference",
    call: (phone?: string) =>
      `Please call us${phone ? ` on ${phone}` : ""} 10 minutes before you arrive and we will meet you at the entrance.`,
    track: "See your booking",
  },
};

export function smsParts(p: VisitConfirmationProps): { head: string; body?: string; tail?: string } {
  const at = formatInstant(p.at, p.locale);
  const help = helpWords(p.help, p.helpOther, p.locale);
  return p.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 접수번호 ${p.reference} 방문 예약: ${at}, ${help} 준비`,
        tail: `도착 10분 전 연락 주세요${p.deskPhone ? ` ${p.deskPhone}` : ""}`,
      }
    : {
        head: `[${BRAND.en}] Ref ${p.reference}: visit at ${at}, ${help} ready`,
        tail: `Please call 10 min before you arrive${p.deskPhone ? ` ${p.deskPhone}` : ""}`,
      };
}

export function subject(props: VisitConfirmationProps): string {
  return copy[props.locale].subject(props);
}

export default function VisitConfirmation(props: VisitConfirmationProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [
    [c.when, formatInstant(props.at, props.locale)],
    [c.help, helpWords(props.help, props.helpOther, props.locale)],
  ];
  if (props.visiting) rows.push([c.visiting, props.visiting]);
  rows.push([c.reference, props.reference]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Facts rows={rows} />
      <Text style={text}>{c.call(props.deskPhone)}</Text>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{BRAND[props.locale]}</Text>
    </EmailLayout>
  );
}

VisitConfirmation.PreviewProps = {
  locale: "ko",
  reference: "261207-0003",
  trackingUrl: "http://localhost:3000/track/261207-0003",
  at: "2026-12-08T01:30:00.000Z",
  help: ["wheelchair", "parking"],
  visiting: "민원1팀",
  customerName: "홍길동",
} satisfies VisitConfirmationProps;
