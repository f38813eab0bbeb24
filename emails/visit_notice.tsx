// 방문 예정 알림: reception (and the staff member visited) hear at once that a customer who needs
// help will come, when, and what to have ready.
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { helpWords } from "./_shared/visit";

export type VisitNoticeProps = {
  locale: Locale;
  reference: string;
  deskUrl: string;
  at: string;
  help: string[];
  helpOther?: string;
  visitorName: string;
  visiting?: string;
  /** Set when the person visited is away and this reaches their deputy. */
  deputy?: boolean;
  staffName?: string;
};

const copy = {
  ko: {
    subject: (p: VisitNoticeProps) => `[방문 예정] ${formatInstant(p.at, "ko")} — ${helpWords(p.help, p.helpOther, "ko")}`,
    title: "도움이 필요한 고객이 방문합니다",
    hello: (n?: string) => (n ? `${n}님,` : ""),
    line: "아래 시각에 고객이 방문합니다. 도착 전에 도움을 준비해 주세요.",
    deputy: "방문 대상 직원이 부재 중이어서 대리인인 회원님께 알려 드립니다.",
    when: "방문 일시",
    help: "필요한 도움",
    visitor: "방문 고객",
    visiting: "방문 대상",
    reference: "접수번호",
    open: "방문 건 열기",
  },
  en: {
    subject: (p: VisitNoticeProps) => `[Visit] ${formatInstant(p.at, "en")} — ${helpWords(p.help, p.helpOther, "en")}`,
    title: "A customer who needs help is coming",
    hello: (n?: string) => (n ? `${n},` : ""),
    line: "A customer will visit at the time below. Please have the help ready before they arrive.",
    deputy: "The person they visit is away, so this comes to you as their deputy.",
    when: "When",
    help: "Help needed",
    visitor: "Visitor",
    visiting: "Visiting",
    reference: "Reference",
    open: "Open the visit",
  },
};

export function smsParts(p: VisitNoticeProps) {
  return { head: `[${BRAND[p.locale]}] ${copy[p.locale].subject(p)}` };
}

export function subject(props: VisitNoticeProps): string {
  return copy[props.locale].subject(props);
}

export default function VisitNotice(props: VisitNoticeProps) {
  const c = copy[props.locale];
  const rows: Array<[string, string]> = [
    [c.when, formatInstant(props.at, props.locale)],
    [c.help, helpWords(props.help, props.helpOther, props.locale)],
    [c.visitor, props.visitorName],
  ];
  if (props.visiting) rows.push([c.visiting, props.visiting]);
  rows.push([c.reference, props.reference]);
  const hello = c.hello(props.staffName);
  return (
    <EmailLayout locale={props.locale} audience="staff" title={c.title} preview={`${props.reference} — ${c.line}`}>
      {hello ? <Text style={text}>{hello}</Text> : null}
      <Text style={text}>{c.line}</Text>
      {props.deputy ? <Text style={text}>{c.deputy}</Text> : null}
      <Facts rows={rows} />
      <ActionLink href={props.deskUrl} label={c.open} />
    </EmailLayout>
  );
}

VisitNotice.PreviewProps = {
  locale: "ko",
  reference: "261207-0003",
  deskUrl: "http://localhost:3000/desk/tickets/261207-0003",
  at: "2026-12-08T01:30:00.000Z",
  help: ["wheelchair", "other"],
  helpOther: "보청기 사용",
  visitorName: "홍길동",
  visiting: "김하늘",
} satisfies VisitNoticeProps;
