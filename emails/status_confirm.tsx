// 알림 신청 확인: sent when someone asks for outage notices on /status/subscribe. Nothing else goes
// to the address until its link is followed, so nobody can sign up someone else's address.
import { Text } from "@react-email/components";
import { ActionLink, EmailLayout, muted, text } from "./_shared/layout";
import { BRAND, formatInstant, type Locale } from "./_shared/format";

export type StatusConfirmProps = {
  locale: Locale;
  confirmUrl: string;
  /** When the link stops working (ISO instant). */
  expiresAt: string;
  statusUrl: string;
};

const copy = {
  ko: {
    subject: "[고객만족센터] 서비스 상태 알림 신청을 확인해 주세요",
    title: "서비스 상태 알림 신청 확인",
    intro: "이 주소로 서비스 중단·정기 점검 안내를 받겠다는 신청이 접수되었습니다. 직접 신청하셨다면 아래 버튼을 눌러 확인해 주세요.",
    confirm: "알림 신청 확인하기",
    expires: (p: StatusConfirmProps) => `확인 링크는 ${formatInstant(p.expiresAt, "ko")}까지 유효합니다.`,
    notYou: "직접 신청하지 않으셨다면 이 메일은 무시해 주세요. 확인하지 않으면 아무 안내도 보내지 않습니다.",
  },
  en: {
    subject: "Please confirm your service status notifications",
    title: "Confirm your status notifications",
    intro: "Someone asked for outage and maintenance notices to be sent to this address. If it was you, confirm with the button below.",
    confirm: "Confirm the notifications",
    expires: (p: StatusConfirmProps) => `The link works until ${formatInstant(p.expiresAt, "en")}.`,
    notYou: "If you did not ask for this, ignore this message: without confirmation we send you nothing.",
  },
};

export function subject(p: StatusConfirmProps): string {
  return copy[p.locale].subject;
}

/** The text-message version: what it is, then the link. */
export function smsParts(p: StatusConfirmProps): { head: string; body?: string; tail?: string } {
  return p.locale === "ko"
    ? {
        head: `[${BRAND.ko}] 서비스 상태 알림 신청 확인`,
        body: "직접 신청하셨다면 링크를 열어 확인해 주세요. 아니면 무시하세요.",
        tail: p.confirmUrl,
      }
    : {
        head: `[${BRAND.en}] Confirm status notifications`,
        body: "If you asked for them, open the link to confirm; otherwise ignore this.",
        tail: p.confirmUrl,
      };
}

export default function StatusConfirm(p: StatusConfirmProps) {
  const c = copy[p.locale];
  return (
    <EmailLayout locale={p.locale} audience="customer" title={c.title} preview={c.intro}>
      <Text style={text}>{c.intro}</Text>
      <ActionLink href={p.confirmUrl} label={c.confirm} />
      <Text style={muted}>{c.expires(p)}</Text>
      <Text style={muted}>{c.notYou}</Text>
    </EmailLayout>
  );
}

StatusConfirm.PreviewProps = {
  locale: "ko",
  confirmUrl: "http://localhost:3000/status/confirm/example",
  expiresAt: "2026-05-09T05:10:00Z",
  statusUrl: "http://localhost:3000/status",
} satisfies StatusConfirmProps;
