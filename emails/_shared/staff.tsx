// The body the three staff alerts share: which ticket, which deadline, a link to the ticket.
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, text } from "./layout";
import { clockName, formatInstant, listOf, type ClockLabels, type Locale } from "./format";

export type StaffAlertProps = {
  locale: Locale;
  reference: string;
  deskUrl: string;
  metric: string;
  dueAt: string;
  subject?: string;
  staffName?: string;
  /** The clocks' labels from their policies (see ClockLabels). */
  clockLabels?: ClockLabels;
};

const labels = {
  ko: {
    reference: "접수번호",
    topic: "제목",
    metric: "기한 종류",
    due: "기한",
    open: "문의 열기",
    hello: (n?: string) => (n ? `${n}님,` : ""),
  },
  en: {
    reference: "Reference",
    topic: "Subject",
    metric: "Deadline",
    due: "Due",
    open: "Open the ticket",
    hello: (n?: string) => (n ? `${n},` : ""),
  },
};

/** An alert naming several clocks of one ticket (`metrics`); `metric` alone when there is one. */
export type ClocksAlertProps = StaffAlertProps & { metrics?: string[] };

export const metricsOf = (p: ClocksAlertProps) => (p.metrics?.length ? p.metrics : [p.metric]);

/** The clocks' names as one list in the reader's language ("A, B 및 C"). */
export const labelsOf = (p: ClocksAlertProps, locale: Locale) =>
  listOf(
    metricsOf(p).map((m) => clockName(m, locale, p.clockLabels)),
    locale,
  );

export function StaffAlert(props: StaffAlertProps & { title: string; lines: string[] }) {
  const l = labels[props.locale];
  const rows: Array<[string, string]> = [[l.reference, props.reference]];
  if (props.subject) rows.push([l.topic, props.subject]);
  rows.push([l.metric, clockName(props.metric, props.locale, props.clockLabels)], [l.due, formatInstant(props.dueAt, props.locale)]);
  const hello = l.hello(props.staffName);
  return (
    <EmailLayout
      locale={props.locale}
      audience="staff"
      title={props.title}
      preview={`${props.reference} — ${props.lines[0] ?? props.title}`}
    >
      {hello ? <Text style={text}>{hello}</Text> : null}
      {props.lines.map((line, i) => (
        <Text key={i} style={text}>
          {line}
        </Text>
      ))}
      <Facts rows={rows} />
      <ActionLink href={props.deskUrl} label={l.open} />
    </EmailLayout>
  );
}

export const staffPreview = {
  locale: "ko",
  reference: "260430-0042",
  deskUrl: "http://localhost:3000/desk/tickets/260430-0042",
  metric: "first_reply",
  dueAt: "2026-05-01T09:00:00Z",
  subject: "자동이체 부당 인출 문의",
  staffName: "김하늘",
} satisfies StaffAlertProps;
