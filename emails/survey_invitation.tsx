// 고객 만족도 조사: the yearly survey invitation, with the customer's own one-time link.
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, muted, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";
import { formatShortInstant } from "./_shared/operations";

export type SurveyInvitationProps = {
  locale: Locale;
  surveyUrl: string;
  campaignName: string;
  closesAt: string;
  customerName?: string;
};

const copy = {
  ko: {
    subject: () => "[고객만족센터] 고객 만족도 조사에 참여해 주세요",
    title: "고객 만족도 조사에 참여해 주세요",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro:
      "지난 1년 동안 고객만족센터를 이용해 주셔서 감사합니다. 더 나은 서비스를 위해 만족도를 1점부터 5점까지로 알려 주세요. 1분이면 충분합니다.",
    survey: "조사",
    closes: "참여 기한",
    answer: "만족도 조사 참여하기",
    once: "이 링크는 고객님만을 위한 것이며 한 번만 응답하실 수 있습니다.",
  },
  en: {
    subject: () => "Please tell us how satisfied you are",
    title: "How satisfied are you with our service?",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro:
      "Thank you for contacting us during the past year. Please rate our service from 1 to 5 so that we can improve it. It takes about a minute.",
    survey: "Survey",
    closes: "Open until",
    answer: "Answer the survey",
    once: "This link is for you only and takes one answer.",
  },
};

export function subject(p: SurveyInvitationProps): string {
  return copy[p.locale].subject();
}

export function smsParts(p: SurveyInvitationProps): { head: string; body?: string; tail?: string } {
  return p.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 만족도 조사에 참여해 주세요 (~${formatShortInstant(p.closesAt, "ko").replace(/ \d\d:\d\d$/, "")})`,
        tail: p.surveyUrl,
      }
    : { head: `[${BRAND.en}] Please rate our service`, tail: p.surveyUrl };
}

export default function SurveyInvitation(p: SurveyInvitationProps) {
  const c = copy[p.locale];
  return (
    <EmailLayout locale={p.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.greeting(p.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Facts
        rows={[
          [c.survey, p.campaignName],
          [c.closes, formatInstant(p.closesAt, p.locale)],
        ]}
      />
      <ActionLink href={p.surveyUrl} label={c.answer} />
      <Text style={muted}>{c.once}</Text>
    </EmailLayout>
  );
}

SurveyInvitation.PreviewProps = {
  locale: "ko",
  surveyUrl: "http://localhost:3000/survey/example-token-example-token",
  campaignName: "2026년 고객 만족도 조사",
  closesAt: "2026-06-30T14:59:59Z",
  customerName: "홍길동",
} satisfies SurveyInvitationProps;
