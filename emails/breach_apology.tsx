// 약속 불이행 사과 (서비스 보증제): which promise was broken, and what the guarantee means now.
import { Section, Text } from "@react-email/components";
import { withParticle } from "../app/i18n/particles";
import { ActionLink, EmailLayout, Facts, muted, text, factBox } from "./_shared/layout";
import { BRAND, formatInstant, listOf, metricLabel, type Locale } from "./_shared/format";

export type BreachApologyProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  /** The promises (SLA metrics) that were broken, e.g. ["first_reply"]. */
  metrics: string[];
  customerName?: string;
  subject?: string;
  dueAt?: string;
};

const copy = {
  ko: {
    subject: (p: BreachApologyProps) => `[고객만족센터] 약속드린 기한을 지키지 못해 사과드립니다 (접수번호 ${p.reference})`,
    title: "약속드린 기한을 지키지 못했습니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    broken: (what: string) => `고객님께 약속드린 ${promiseObject(what)} 지키지 못했습니다. 불편을 드려 진심으로 사과드립니다.`,
    guaranteeTitle: "서비스 보증제에 따라 이렇게 하겠습니다",
    steps: [
      "이 문의를 서비스 보증 사례로 등록했습니다.",
      "지연 경위를 사실대로 확인하여 1영업일 안에 결과를 알려 드리겠습니다.",
      "저희 잘못으로 확인되면 담당 직원이 직접 사과드리고, 고객님께서 만족하실 때까지 조치하겠습니다.",
    ],
    reference: "접수번호",
    topic: "문의 제목",
    promise: "지키지 못한 약속",
    due: "약속 기한",
    track: "처리 상황 확인하기",
    more: "문의하신 내용의 처리도 계속 진행하고 있습니다.",
  },
  en: {
    subject: (p: BreachApologyProps) => `We did not keep our promise — our apologies (reference ${p.reference})`,
    title: "We did not keep the date we promised",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    broken: (what: string) => `We did not meet our promise of ${what}. We sincerely apologise for the inconvenience.`,
    guaranteeTitle: "What our service guarantee means now",
    steps: [
      "Your inquiry is now registered as a service guarantee case.",
      "We will check the facts of the delay and tell you the result within 1 working day (8 working hours).",
      "If we were at fault, the staff member concerned will apologise to you, and we will put it right until you are satisfied.",
    ],
    reference: "Reference",
    topic: "Subject",
    promise: "Promise not kept",
    due: "Promised by",
    track: "Check the progress",
    more: "We are continuing to work on your inquiry in the meantime.",
  },
};

function promises(props: BreachApologyProps): string {
  const labels = [...new Set(props.metrics)].map((m) => metricLabel(m, props.locale));
  return listOf(labels, props.locale);
}

/** "처리 기한 (최대 7영업일)을", "첫 답변 기한을": 기한 said once, with the particle that fits. */
export function promiseObject(what: string): string {
  return what.includes("기한") ? withParticle(what, "을") : `${what} 기한을`;
}

export function smsParts(props: BreachApologyProps): { head: string; body?: string; tail?: string } {
  return props.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 접수번호 ${props.reference}`,
        body: `약속드린 ${promiseObject(promises(props))} 지키지 못해 사과드립니다. 서비스 보증제에 따라 사실을 확인해 1영업일 안에 결과를 알려 드리겠습니다.`,
      }
    : {
        head: `[${BRAND.en}] Ref ${props.reference}`,
        body: `We did not meet our promise of ${promises(props)} and apologise. Under our service guarantee we will check the facts and tell you the result within 1 working day.`,
      };
}

export function subject(props: BreachApologyProps): string {
  return copy[props.locale].subject(props);
}

export default function BreachApology(props: BreachApologyProps) {
  const c = copy[props.locale];
  const what = promises(props);
  const rows: Array<[string, string]> = [[c.reference, props.reference]];
  if (props.subject) rows.push([c.topic, props.subject]);
  rows.push([c.promise, what]);
  if (props.dueAt) rows.push([c.due, formatInstant(props.dueAt, props.locale)]);
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={c.broken(what)}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.broken(what)}</Text>
      <Facts rows={rows} />
      <Section style={factBox}>
        <Text style={{ ...text, fontWeight: 700 }}>{c.guaranteeTitle}</Text>
        {c.steps.map((step, i) => (
          <Text key={i} style={{ ...text, margin: "0 0 6px" }}>
            {i + 1}. {step}
          </Text>
        ))}
      </Section>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{c.more}</Text>
    </EmailLayout>
  );
}

BreachApology.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  subject: "자동이체 부당 인출 문의",
  metrics: ["first_reply"],
  dueAt: "2026-05-01T09:00:00Z",
} satisfies BreachApologyProps;
