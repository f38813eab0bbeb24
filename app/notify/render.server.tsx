// Turns a notification row into what is sent: subject + HTML + plain text for email (react-email),
// or the text of an SMS kept within 2 segments.
import { render } from "@react-email/render";
import { publicUrl } from "~/config/env.server";
import { signedTrackingUrl } from "~/core/tracking-link.server";
import type { Locale } from "~/emails/_shared/format";
import { composeSms, type ComposedSms } from "./sms";
import { templateProps, templates, type TemplateName, type TemplateProps } from "./templates";

export type RenderedEmail = { subject: string; html: string; text: string };

const LINKS = {
  // Signed at sending time, so a reply or final answer opens the ticket without a code (issue 21).
  trackingUrl: (reference: string) => signedTrackingUrl(reference),
  deskUrl: (reference: string) => `${publicUrl()}/desk/tickets/${encodeURIComponent(reference)}`,
  overdueQueueUrl: () => `${publicUrl()}/desk?tab=overdue`,
};

export function asLocale(value: unknown): Locale {
  return value === "en" ? "en" : "ko";
}

export function propsFor(template: TemplateName, payload: Record<string, unknown>, locale: Locale): TemplateProps {
  return templateProps(template, payload, locale, LINKS);
}

export async function renderEmail(template: TemplateName, payload: Record<string, unknown>, locale: Locale): Promise<RenderedEmail> {
  const props = propsFor(template, payload, locale);
  const def = templates[template] as unknown as { Email: (p: TemplateProps) => JSX.Element; subject: (p: TemplateProps) => string };
  const element = <def.Email {...props} />;
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: def.subject(props), html, text };
}

/** The note that replaces what had to be cut from an SMS. */
export function callNote(locale: Locale, deskPhone?: string): string {
  if (locale === "ko") return deskPhone ? `전체 내용은 고객센터(${deskPhone})로 문의해 주세요.` : "전체 내용은 고객센터로 전화해 주세요.";
  return deskPhone ? `For the full text please call us on ${deskPhone}.` : "For the full text please call us.";
}

export function renderSms(template: TemplateName, payload: Record<string, unknown>, locale: Locale, deskPhone?: string): ComposedSms {
  const props = propsFor(template, payload, locale);
  const def = templates[template] as unknown as { smsParts: (p: TemplateProps) => { head: string; body?: string; tail?: string } };
  return composeSms({ ...def.smsParts(props), callNote: callNote(locale, deskPhone) });
}

/** True when the whole SMS (nothing cut) fits; false when it would be shortened. */
export function smsFitsWhole(template: TemplateName, payload: Record<string, unknown>, locale: Locale): boolean {
  return !renderSms(template, payload, locale).shortened;
}
