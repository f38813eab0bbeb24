// 서비스 보증 사실 확인 결과: what the fact check found, and what follows from it.
import { Section, Text } from "@react-email/components";
import { ActionLink, EmailLayout, Facts, PlainText, muted, quote, text } from "./_shared/layout";
import { BRAND, type Locale } from "./_shared/format";

export type GuaranteeResultProps = {
  locale: Locale;
  reference: string;
  trackingUrl: string;
  result: string;
  deskAtFault: boolean;
  apology?: string;
  customerName?: string;
  subject?: string;
};

const copy = {
  ko: {
    subject: (p: GuaranteeResultProps) => `[고객만족센터] 서비스 보증 사실 확인 결과 안내 (접수번호 ${p.reference})`,
    title: "서비스 보증 사실 확인 결과를 알려 드립니다",
    greeting: (name?: string) => (name ? `${name} 고객님, 안녕하세요.` : "고객님, 안녕하세요."),
    intro: "약속드린 기한을 지키지 못한 일에 대해 사실을 확인한 결과입니다.",
    result: "확인 결과",
    atFault:
      "확인 결과 저희의 잘못이었습니다. 다시 한번 사과드립니다. 담당 직원이 직접 사과드리고, 고객님께서 만족하실 때까지 조치하겠습니다. 조치에 만족하시는지 고객센터로 알려 주세요.",
    notAtFault:
      "확인 결과 이번 지연은 저희 책임이 아닌 사유로 확인되었습니다. 결과에 동의하지 않으시면 접수번호를 알려 주시고 고객센터로 연락해 주세요.",
    apology: "담당 직원의 사과",
    reference: "접수번호",
    verdict: "판단",
    faultYes: "센터 귀책",
    faultNo: "센터 귀책 아님",
    track: "처리 상황 확인하기",
  },
  en: {
    subject: (p: GuaranteeResultProps) => `The result of our service guarantee fact check (reference ${p.reference})`,
    title: "The result of our fact check",
    greeting: (name?: string) => (name ? `Dear ${name},` : "Dear customer,"),
    intro: "We have checked the facts of the promise we did not keep. Here is what we found.",
    result: "What we found",
    atFault:
      "We were at fault, and we apologise again. The staff member concerned will apologise to you, and we will put it right until you are satisfied. Please let us know whether you are satisfied with what we do.",
    notAtFault:
      "The delay was caused by something outside our responsibility. If you disagree with this result, please contact us and quote your reference number.",
    apology: "Apology from the staff member concerned",
    reference: "Reference",
    verdict: "Finding",
    faultYes: "our fault",
    faultNo: "not our fault",
    track: "Check the progress",
  },
};

export function smsParts(props: GuaranteeResultProps): { head: string; body?: string; tail?: string } {
  const c = copy[props.locale];
  return props.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 접수번호 ${props.reference} 서비스 보증 확인 결과(${props.deskAtFault ? c.faultYes : c.faultNo})`,
        body: props.result,
      }
    : { head: `[${BRAND.en}] Ref ${props.reference} guarantee check: ${props.deskAtFault ? c.faultYes : c.faultNo}`, body: props.result };
}

export function subject(props: GuaranteeResultProps): string {
  return copy[props.locale].subject(props);
}

export default function GuaranteeResult(props: GuaranteeResultProps) {
  const c = copy[props.locale];
  return (
    <EmailLayout locale={props.locale} audience="customer" title={c.title} preview={props.deskAtFault ? c.atFault : c.notAtFault}>
      <Text style={text}>{c.greeting(props.customerName)}</Text>
      <Text style={text}>{c.intro}</Text>
      <Facts
        rows={[
          [c.reference, props.reference],
          [c.verdict, props.deskAtFault ? c.faultYes : c.faultNo],
        ]}
      />
      <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.result}</Text>
      <Section style={quote}>
        <PlainText value={props.result} />
      </Section>
      {props.apology ? (
        <>
          <Text style={{ ...text, fontWeight: 700, margin: "0 0 6px" }}>{c.apology}</Text>
          <Section style={quote}>
            <PlainText value={props.apology} />
          </Section>
        </>
      ) : null}
      <Text style={text}>{props.deskAtFault ? c.atFault : c.notAtFault}</Text>
      <ActionLink href={props.trackingUrl} label={c.track} />
      <Text style={muted}>{props.reference}</Text>
    </EmailLayout>
  );
}

GuaranteeResult.PreviewProps = {
  locale: "ko",
  reference: "260430-0042",
  trackingUrl: "http://localhost:3000/track/260430-0042",
  customerName: "홍길동",
  result: "담당자 배정이 늦어져 1일 내 답변 기한을 넘겼습니다. 배정 절차를 고쳐 같은 일이 없도록 하겠습니다.",
  deskAtFault: true,
} satisfies GuaranteeResultProps;
