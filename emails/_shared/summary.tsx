// The body the summaries share (managers' escalations, a person's breaches): what the copy says,
// the first tickets by deadline with links, how many more, and the desk's overdue queue.
import { Link, Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, factBox, text } from "./layout";
import { clockName, formatInstant, listOf, type ClockLabels, type Locale } from "./format";

export type SummaryTicket = {
  reference: string;
  subject?: string;
  dueAt: string;
  metrics: string[];
  clockLabels?: ClockLabels;
  /** The ticket on the desk (filled in when rendering). */
  deskUrl?: string;
};

export type SummaryProps = {
  locale: Locale;
  /** Tickets summarised, and their clocks. */
  count: number;
  clocks: number;
  earliestDueAt: string;
  /** The first of them, earliest deadline first. */
  tickets: SummaryTicket[];
  /** The desk's overdue queue (filled in when rendering). */
  queueUrl?: string;
  staffName?: string;
};

/** What one kind of summary says, per language. */
export type SummaryCopy<P extends SummaryProps> = {
  subject: (p: P) => string;
  title: string;
  lines: (p: P) => string[];
  sms: (p: P) => string;
};

const common = {
  ko: {
    hello: (n?: string) => (n ? `${n}님,` : ""),
    due: "기한",
    more: (n: number) => `외 ${n}건은 데스크의 기한 초과 목록에서 볼 수 있습니다.`,
    open: "기한 초과 목록 열기",
  },
  en: {
    hello: (n?: string) => (n ? `${n},` : ""),
    due: "due",
    more: (n: number) => `${n} more are in the desk's overdue queue.`,
    open: "Open the overdue queue",
  },
};

export function SummaryEmail<P extends SummaryProps>({ props, copy }: { props: P; copy: SummaryCopy<P> }) {
  const c = common[props.locale];
  const hello = c.hello(props.staffName);
  const rest = props.count - props.tickets.length;
  const lines = copy.lines(props);
  return (
    <EmailLayout locale={props.locale} audience="staff" title={copy.title} preview={lines[0]}>
      {hello ? <Text style={text}>{hello}</Text> : null}
      {lines.map((line, i) => (
        <Text key={i} style={text}>
          {line}
        </Text>
      ))}
      <Section style={factBox}>
        {props.tickets.map((t) => (
          <Text key={t.reference} style={{ ...text, margin: "0 0 6px" }}>
            {t.deskUrl ? <Link href={t.deskUrl}>{t.reference}</Link> : t.reference}
            {t.subject ? ` ${t.subject}` : ""} —{" "}
            {listOf(
              t.metrics.map((m) => clockName(m, props.locale, t.clockLabels)),
              props.locale,
            )}
            , {c.due} {formatInstant(t.dueAt, props.locale)}
          </Text>
        ))}
      </Section>
      {rest > 0 ? <Text style={text}>{c.more(rest)}</Text> : null}
      {props.queueUrl ? <ActionLink href={props.queueUrl} label={c.open} /> : null}
    </EmailLayout>
  );
}
