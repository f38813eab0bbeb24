// 회신일 재안내 (SMS only): the reply date the customer asked for cannot be kept; the date on
// which a reply is possible. Always sent as a text message — this file only previews that text.
import { Text } from "@react-email/components";
import { EmailLayout, muted, text } from "./_shared/layout";
import { BRAND, formatShortDate, type Locale } from "./_shared/format";

export type RenegotiationSmsProps = {
  locale: Locale;
  reference: string;
  expectedBy: string;
  reason?: string;
};

const copy = {
  ko: {
    head: (p: RenegotiationSmsProps) =>
      `[${BRAND.ko}] 접수번호 ${p.reference}\n요청하신 회신일까지 답변이 어려워 ${formatShortDate(p.expectedBy, "ko")}까지 답변드리겠습니다.`,
    reason: (r: string) => `사유: ${r}`,
    previewTitle: "회신일 재안내 문자 (SMS 전용)",
    previewNote: "이 안내는 항상 문자 메시지로 보냅니다. 아래는 보내는 문자 내용입니다.",
  },
  en: {
    head: (p: RenegotiationSmsProps) =>
      `[${BRAND.en}] Ref ${p.reference}: we cannot reply by the date you asked; you will have our reply by ${formatShortDate(p.expectedBy, "en")}.`,
    reason: (r: string) => `Reason: ${r}`,
    previewTitle: "Reply-date renegotiation (SMS only)",
    previewNote: "This notice is always sent as a text message. Below is the text that is sent.",
  },
};

/** The parts of the text message (the reason is what gets cut if it is too long). */
export function smsParts(props: RenegotiationSmsProps): { head: string; body?: string } {
  const c = copy[props.locale];
  return { head: c.head(props), body: props.reason ? c.reason(props.reason) : undefined };
}

export function subject(props: RenegotiationSmsProps): string {
  return copy[props.locale].previewTitle + ` (${props.reference})`;
}

export default function RenegotiationSms(props: RenegotiationSmsProps) {
  const c = copy[props.locale];
  const parts = smsParts(props);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.previewTitle} preview={parts.head}>
      <Text style={muted}>{c.previewNote}</Text>
      <Text style={{ ...text, whiteSpace: "pre-wrap", fontFamily: "monospace", border: "1px dashed #9ca3af", padding: 12 }}>
        {[parts.head, parts.body].filter(Boolean).join("\n")}
      </Text>
    </EmailLayout>
  );
}

RenegotiationSms.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  expectedBy: "2026-05-08",
  reason: "은행 거래 내역 회신 대기",
} satisfies RenegotiationSmsProps;
