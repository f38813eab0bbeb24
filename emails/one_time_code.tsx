// 인증번호: the 6-digit code that lets a customer open their ticket's page after looking it up
// by reference and email or phone. It expires in 10 minutes; the desk never asks for it by phone.
import { Section, Text } from "@react-email/components";
import { EmailLayout, muted, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";

export type OneTimeCodeProps = {
  locale: Locale;
  reference: string;
  code: string;
  /** When the code stops working (ISO instant). */
  expiresAt: string;
  /** Minutes the code is valid. */
  minutes: number;
  customerName?: string;
};

const copy = {
  ko: {
    subject: (p: OneTimeCodeProps) => `[고객만족센터] 인증번호 ${p.code} (접수번호 ${p.reference})`,
    title: "처리 상황 확인 인증번호",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: (p: OneTimeCodeProps) => `접수번호 ${p.reference}의 처리 상황을 보시려면 아래 인증번호를 입력해 주세요.`,
    codeLabel: "인증번호",
    expires: (p: OneTimeCodeProps) => `${p.minutes}분 안에 입력해 주세요. (${formatInstant(p.expiresAt, "ko")}까지 유효)`,
    notYou: "직접 요청하지 않으셨다면 이 메일은 무시하셔도 됩니다. 저희는 전화나 문자로 인증번호를 묻지 않습니다.",
  },
  en: {
    subject: (p: OneTimeCodeProps) => `Your code ${p.code} (reference ${p.reference})`,
    title: "Your code to check the progress",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: (p: OneTimeCodeProps) => `To see the progress of reference ${p.reference}, enter this code.`,
    codeLabel: "Code",
    expires: (p: OneTimeCodeProps) => `Please enter it within ${p.minutes} minutes (valid until ${formatInstant(p.expiresAt, "en")}).`,
    notYou: "If you did not ask for it, you can ignore this message. We never ask for this code by phone or text.",
  },
};

/** The text-message version: the code first, so it shows in the notification. */
export function smsParts(props: OneTimeCodeProps): { head: string; body?: string; tail?: string } {
  return props.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 인증번호 ${props.code}`,
        body: `접수번호 ${props.reference} 확인용, ${props.minutes}분 안에 입력하세요. 타인에게 알려 주지 마세요.`,
      }
    : {
        head: `[${BRAND.en}] Code ${props.code}`,
        body: `For reference ${props.reference}; enter it within ${props.minutes} min. Do not share it.`,
      };
}

export function subject(props: OneTimeCodeProps): string {
  return copy[props.locale].subject(props);
}

const codeStyle = { ...text, fontSize: 32, fontWeight: 700, letterSpacing: "0.3em", fontFamily: "monospace", margin: "4px 0 0" };

export default function OneTimeCode(props: OneTimeCodeProps) {
  const c = copy[props.locale];
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={`${c.codeLabel} ${props.code}`}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro(props)}</Text>
      <Section style={{ margin: "0 0 16px" }}>
        <Text style={muted}>{c.codeLabel}</Text>
        <Text style={codeStyle}>{props.code}</Text>
      </Section>
      <Text style={text}>{c.expires(props)}</Text>
      <Text style={muted}>{c.notYou}</Text>
    </EmailLayout>
  );
}

OneTimeCode.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  code: "482913",
  expiresAt: "2026-04-30T06:22:00Z",
  minutes: 10,
  customerName: "홍길동",
} satisfies OneTimeCodeProps;
