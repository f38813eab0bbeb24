// The frame every desk email shares: brand line, title, body, and a footer saying where to ask.
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import { BRAND, paragraphs, type Locale } from "./format";

const body: CSSProperties = {
  backgroundColor: "#f4f5f7",
  fontFamily: "'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans KR', Arial, sans-serif",
  margin: 0,
  padding: "24px 0",
};
const container: CSSProperties = {
  backgroundColor: "#ffffff",
  border: "1px solid #d9dce1",
  borderRadius: 8,
  maxWidth: 600,
  padding: "24px 32px",
};
const brand: CSSProperties = { color: "#1f4e8c", fontSize: 14, fontWeight: 700, margin: "0 0 8px" };
const h1: CSSProperties = { color: "#111827", fontSize: 22, lineHeight: "30px", margin: "0 0 16px" };
export const text: CSSProperties = { color: "#111827", fontSize: 16, lineHeight: "26px", margin: "0 0 14px" };
export const muted: CSSProperties = { color: "#4b5563", fontSize: 14, lineHeight: "22px", margin: "0 0 12px" };
export const factBox: CSSProperties = {
  backgroundColor: "#f1f5fb",
  border: "1px solid #c7d5ea",
  borderRadius: 6,
  padding: "12px 16px",
  margin: "0 0 16px",
};
export const quote: CSSProperties = { borderLeft: "4px solid #1f4e8c", padding: "4px 0 4px 14px", margin: "0 0 16px" };
export const button: CSSProperties = {
  backgroundColor: "#1f4e8c",
  borderRadius: 6,
  color: "#ffffff",
  display: "inline-block",
  fontSize: 16,
  fontWeight: 700,
  padding: "12px 20px",
  textDecoration: "none",
};
const footer: CSSProperties = { color: "#6b7280", fontSize: 12, lineHeight: "18px", margin: 0 };

const FOOTER: Record<Locale, { customer: string; staff: string }> = {
  ko: {
    customer: "이 메일은 발신 전용입니다. 추가로 문의하실 내용은 접수번호를 알려 주시고 고객센터로 연락해 주세요.",
    staff: "서비스 데스크가 자동으로 보낸 업무 알림입니다.",
  },
  en: {
    customer: "This mailbox does not receive replies. For anything further, please contact us and quote your reference number.",
    staff: "An automatic work notice from the service desk.",
  },
};

export function EmailLayout(props: {
  locale: Locale;
  preview: string;
  title: string;
  audience: "customer" | "staff";
  children: ReactNode;
}) {
  const { locale } = props;
  return (
    <Html lang={locale} dir="ltr">
      <Head>
        <meta name="color-scheme" content="light" />
      </Head>
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Text style={brand}>{BRAND[locale]}</Text>
          <Heading as="h1" style={h1}>
            {props.title}
          </Heading>
          {props.children}
          <Hr style={{ borderColor: "#d9dce1", margin: "24px 0 12px" }} />
          <Text style={footer}>{FOOTER[locale][props.audience]}</Text>
        </Container>
      </Body>
    </Html>
  );
}

/** Label/value pairs (reference, dates) in a tinted box. */
export function Facts(props: { rows: Array<[string, string]> }) {
  return (
    <Section style={factBox}>
      {props.rows.map(([label, value]) => (
        <Text key={label} style={{ ...text, margin: "0 0 4px" }}>
          <strong>{label}</strong>: {value}
        </Text>
      ))}
    </Section>
  );
}

/** Plain text typed by a person, shown as text (React escapes it), paragraphs and line breaks kept. */
export function PlainText(props: { value: string; style?: CSSProperties }) {
  return (
    <>
      {paragraphs(props.value).map((lines, i) => (
        <Text key={i} style={{ ...text, ...props.style }}>
          {lines.map((line, j) => (
            <span key={j}>
              {j > 0 ? <br /> : null}
              {line}
            </span>
          ))}
        </Text>
      ))}
    </>
  );
}

export function ActionLink(props: { href: string; label: string }) {
  return (
    <Section style={{ margin: "8px 0 16px" }}>
      <Link href={props.href} style={button}>
        {props.label}
      </Link>
      {/* The address spelled out for mail clients that hide buttons (the plain-text part has it already). */}
      <Text style={{ ...muted, marginTop: 10 }} data-skip-in-text="true">
        {props.href}
      </Text>
    </Section>
  );
}
