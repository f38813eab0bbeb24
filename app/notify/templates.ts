// Every message the desk sends: its name, who it is for, the payload it needs (checked when it is
// rendered), the email (react-email, in /emails) and the text-message version.
import type { ComponentType } from "react";
import { z } from "zod";
import Acknowledgment, * as acknowledgment from "~/emails/acknowledgment";
import BreachApology, * as breachApology from "~/emails/breach_apology";
import GuaranteeResult, * as guaranteeResult from "~/emails/guarantee_result";
import InterimNotice, * as interimNotice from "~/emails/interim_notice";
import InfoRequest, * as infoRequest from "~/emails/info_request";
import DisclosureExtended, * as disclosureExtended from "~/emails/disclosure_extended";
import RemoteSession, * as remoteSession from "~/emails/remote_session";
import ManagerAlert, * as managerAlert from "~/emails/manager_alert";
import ManagerDigest, * as managerDigest from "~/emails/manager_digest";
import OneTimeCode, * as oneTimeCode from "~/emails/one_time_code";
import CustomerDissatisfied, * as customerDissatisfied from "~/emails/customer_dissatisfied";
import StaffMemo, * as staffMemo from "~/emails/staff_memo";
import StaffHandover, * as staffHandover from "~/emails/staff_handover";
import VisitConfirmation, * as visitConfirmation from "~/emails/visit_confirmation";
import VisitNotice, * as visitNotice from "~/emails/visit_notice";
import RenegotiationSms, * as renegotiationSms from "~/emails/renegotiation_sms";
import Reply, * as reply from "~/emails/reply";
import StaffBreachAlert, * as staffBreachAlert from "~/emails/staff_breach_alert";
import StaffBreachSummary, * as staffBreachSummary from "~/emails/staff_breach_summary";
import StaffWarning, * as staffWarning from "~/emails/staff_warning";
import ComplianceReport, * as complianceReport from "~/emails/compliance_report";
import MaintenanceNotice, * as maintenanceNotice from "~/emails/maintenance_notice";
import OutageAlert, * as outageAlert from "~/emails/outage_alert";
import OutageNotice, * as outageNotice from "~/emails/outage_notice";
import SurveyInvitation, * as surveyInvitation from "~/emails/survey_invitation";
import StatusConfirm, * as statusConfirm from "~/emails/status_confirm";
import type { ComplianceReportData } from "~/db/json-types";
import type { Locale } from "~/emails/_shared/format";

export const TEMPLATE_NAMES = [
  "acknowledgment",
  "reply",
  "interim_notice",
  "info_request",
  "disclosure_extended",
  "remote_session",
  "renegotiation_sms",
  "breach_apology",
  "guarantee_result",
  "staff_warning",
  "staff_breach_alert",
  "staff_breach_summary",
  "manager_alert",
  "manager_digest",
  "one_time_code",
  "customer_dissatisfied",
  "staff_memo",
  "staff_handover",
  "visit_confirmation",
  "visit_notice",
  // operations (outages, maintenance, compliance review, surveys)
  "outage_notice",
  "maintenance_notice",
  "outage_alert",
  "compliance_report",
  "survey_invitation",
  "status_confirm",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === "string" && (TEMPLATE_NAMES as readonly string[]).includes(value);
}

const text = z.string().trim().min(1);
const isoInstant = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "not an instant");
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A light shape check of a compliance report (the stored report data, app/reviews) carried as a payload. */
function isReportData(value: unknown): value is ComplianceReportData {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<ComplianceReportData>;
  return (
    typeof v.version === "number" &&
    !!v.period &&
    typeof v.period.start === "string" &&
    typeof v.period.end === "string" &&
    !!v.sla &&
    !!v.sla.total &&
    Array.isArray(v.sla.byMetric) &&
    Array.isArray(v.sla.byChannel) &&
    !!v.breaches &&
    !!v.guarantee &&
    !!v.satisfaction &&
    !!v.outages &&
    !!v.maintenance &&
    !!v.surveys
  );
}

/** What every customer message may carry; the links are filled in when rendering if absent. */
const customerBase = {
  reference: text,
  trackingUrl: z.string().url().optional(),
  customerName: z.string().optional(),
  subject: z.string().optional(),
};
const staffBase = {
  reference: text,
  deskUrl: z.string().url().optional(),
  staffName: z.string().optional(),
  subject: z.string().optional(),
  metric: text,
  dueAt: isoInstant,
  /** Labels of the clocks named, from their policies (emails/_shared/format.ts ClockLabels). */
  clockLabels: z
    .object({ ko: z.record(z.string(), z.string()), en: z.record(z.string(), z.string()) })
    .partial()
    .optional(),
};

/** A summary of several tickets' clocks (emails/_shared/summary.tsx). */
const summary = z.object({
  count: z.number().int().positive(),
  clocks: z.number().int().positive(),
  earliestDueAt: isoInstant,
  tickets: z
    .array(
      z.object({
        reference: text,
        subject: z.string().optional(),
        dueAt: isoInstant,
        metrics: z.array(text).min(1),
        clockLabels: staffBase.clockLabels,
      }),
    )
    .min(1),
  staffName: z.string().optional(),
});

const schemas = {
  acknowledgment: z.object({ ...customerBase, receivedAt: isoInstant.optional() }),
  reply: z.object({ ...customerBase, body: text, final: z.boolean().optional(), staffName: z.string().optional() }),
  interim_notice: z.object({ ...customerBase, reason: text, expectedBy: calendarDate }),
  info_request: z.object({ ...customerBase, request: text }),
  disclosure_extended: z.object({ ...customerBase, reason: text, decideBy: isoInstant }),
  remote_session: z.object({ ...customerBase, at: isoInstant, join: text, expertName: z.string().optional() }),
  renegotiation_sms: z.object({ reference: text, expectedBy: calendarDate, reason: z.string().optional() }),
  breach_apology: z.object({ ...customerBase, metrics: z.array(text).min(1), dueAt: isoInstant.optional() }),
  guarantee_result: z.object({ ...customerBase, result: text, deskAtFault: z.boolean(), apology: z.string().optional() }),
  staff_warning: z.object(staffBase),
  staff_breach_alert: z.object({ ...staffBase, metrics: z.array(text).min(1).optional() }),
  manager_alert: z.object({ ...staffBase, metrics: z.array(text).min(1).optional() }),
  manager_digest: summary,
  staff_breach_summary: summary.extend({
    covered: z.array(z.object({ ticketId: z.string().uuid(), metrics: z.array(text).min(1) })).optional(),
  }),
  customer_dissatisfied: z.object({ ...staffBase, score: z.number().int().min(1).max(5).optional(), comment: z.string().optional() }),
  staff_memo: z.object({ ...staffBase, forName: text, deputy: z.boolean().optional(), channel: text, takenBy: z.string().optional() }),
  staff_handover: z.object({ ...staffBase, forName: text, absentUntil: isoInstant, lead: z.boolean().optional() }),
  visit_confirmation: z.object({
    ...customerBase,
    at: isoInstant,
    help: z.array(text).min(1),
    helpOther: z.string().optional(),
    visiting: z.string().optional(),
    deskPhone: z.string().optional(),
  }),
  visit_notice: z.object({
    reference: text,
    deskUrl: z.string().url().optional(),
    staffName: z.string().optional(),
    at: isoInstant,
    help: z.array(text).min(1),
    helpOther: z.string().optional(),
    visitorName: text,
    visiting: z.string().optional(),
    deputy: z.boolean().optional(),
  }),
  one_time_code: z.object({
    reference: text,
    code: z.string().regex(/^\d{6}$/),
    expiresAt: isoInstant,
    minutes: z.number().int().positive(),
    customerName: z.string().optional(),
  }),
  status_confirm: z.object({ confirmUrl: z.string().url(), expiresAt: isoInstant, statusUrl: z.string().url() }),
  outage_notice: z.object({
    kind: z.enum(["eta", "update", "resolved"]),
    service: text,
    description: z.string().optional(),
    startedAt: isoInstant,
    expectedRecoveryAt: isoInstant.optional(),
    resolvedAt: isoInstant.optional(),
    message: z.string().optional(),
    statusUrl: z.string().url(),
    unsubscribeUrl: z.string().url().optional(),
  }),
  maintenance_notice: z.object({
    kind: z.enum(["scheduled", "cancelled"]),
    service: text,
    description: z.string().optional(),
    startsAt: isoInstant,
    endsAt: isoInstant,
    statusUrl: z.string().url(),
    unsubscribeUrl: z.string().url().optional(),
  }),
  outage_alert: z.object({
    metric: z.enum(["eta_notice", "recovery"]),
    service: text,
    startedAt: isoInstant,
    dueAt: isoInstant,
    outageUrl: z.string().url(),
    staffName: z.string().optional(),
  }),
  compliance_report: z.object({
    reportUrl: z.string().url(),
    data: z.custom<ComplianceReportData>(isReportData, "not a compliance report"),
    staffName: z.string().optional(),
  }),
  survey_invitation: z.object({
    surveyUrl: z.string().url(),
    campaignName: text,
    closesAt: isoInstant,
    customerName: z.string().optional(),
  }),
} satisfies Record<TemplateName, z.ZodType>;

type Parts = { head: string; body?: string; tail?: string };

type Definition<P> = {
  audience: "customer" | "staff";
  /** Only ever sent as a text message. */
  smsOnly?: boolean;
  schema: z.ZodType<Omit<P, "locale" | "trackingUrl" | "deskUrl"> & { trackingUrl?: string; deskUrl?: string }>;
  Email: ComponentType<P>;
  subject: (props: P) => string;
  smsParts: (props: P) => Parts;
  /**
   * The link the message carries: the customer's tracking page, the ticket on the desk, or (a
   * list of tickets) each ticket and the desk's overdue queue.
   */
  link: "tracking" | "desk" | "desk-list" | "none";
};

function define<P>(d: Definition<P>): Definition<P> {
  return d;
}

export const templates = {
  acknowledgment: define<acknowledgment.AcknowledgmentProps>({
    audience: "customer",
    schema: schemas.acknowledgment,
    Email: Acknowledgment,
    subject: acknowledgment.subject,
    smsParts: acknowledgment.smsParts,
    link: "tracking",
  }),
  reply: define<reply.ReplyProps>({
    audience: "customer",
    schema: schemas.reply,
    Email: Reply,
    subject: reply.subject,
    smsParts: reply.smsParts,
    link: "tracking",
  }),
  interim_notice: define<interimNotice.InterimNoticeProps>({
    audience: "customer",
    schema: schemas.interim_notice,
    Email: InterimNotice,
    subject: interimNotice.subject,
    smsParts: interimNotice.smsParts,
    link: "tracking",
  }),
  info_request: define<infoRequest.InfoRequestProps>({
    audience: "customer",
    schema: schemas.info_request,
    Email: InfoRequest,
    subject: infoRequest.subject,
    smsParts: infoRequest.smsParts,
    link: "tracking",
  }),
  disclosure_extended: define<disclosureExtended.DisclosureExtendedProps>({
    audience: "customer",
    schema: schemas.disclosure_extended,
    Email: DisclosureExtended,
    subject: disclosureExtended.subject,
    smsParts: disclosureExtended.smsParts,
    link: "tracking",
  }),
  remote_session: define<remoteSession.RemoteSessionProps>({
    audience: "customer",
    schema: schemas.remote_session,
    Email: RemoteSession,
    subject: remoteSession.subject,
    smsParts: remoteSession.smsParts,
    link: "tracking",
  }),
  renegotiation_sms: define<renegotiationSms.RenegotiationSmsProps>({
    audience: "customer",
    smsOnly: true,
    schema: schemas.renegotiation_sms,
    Email: RenegotiationSms,
    subject: renegotiationSms.subject,
    smsParts: renegotiationSms.smsParts,
    link: "none",
  }),
  breach_apology: define<breachApology.BreachApologyProps>({
    audience: "customer",
    schema: schemas.breach_apology,
    Email: BreachApology,
    subject: breachApology.subject,
    smsParts: breachApology.smsParts,
    link: "tracking",
  }),
  guarantee_result: define<guaranteeResult.GuaranteeResultProps>({
    audience: "customer",
    schema: schemas.guarantee_result,
    Email: GuaranteeResult,
    subject: guaranteeResult.subject,
    smsParts: guaranteeResult.smsParts,
    link: "tracking",
  }),
  staff_warning: define<staffWarning.StaffWarningProps>({
    audience: "staff",
    schema: schemas.staff_warning,
    Email: StaffWarning,
    subject: staffWarning.subject,
    smsParts: staffWarning.smsParts,
    link: "desk",
  }),
  staff_breach_alert: define<staffBreachAlert.StaffBreachAlertProps>({
    audience: "staff",
    schema: schemas.staff_breach_alert,
    Email: StaffBreachAlert,
    subject: staffBreachAlert.subject,
    smsParts: staffBreachAlert.smsParts,
    link: "desk",
  }),
  manager_alert: define<managerAlert.ManagerAlertProps>({
    audience: "staff",
    schema: schemas.manager_alert,
    Email: ManagerAlert,
    subject: managerAlert.subject,
    smsParts: managerAlert.smsParts,
    link: "desk",
  }),
  staff_breach_summary: define<staffBreachSummary.StaffBreachSummaryProps>({
    audience: "staff",
    schema: schemas.staff_breach_summary,
    Email: StaffBreachSummary,
    subject: staffBreachSummary.subject,
    smsParts: staffBreachSummary.smsParts,
    link: "desk-list",
  }),
  manager_digest: define<managerDigest.ManagerDigestProps>({
    audience: "staff",
    schema: schemas.manager_digest,
    Email: ManagerDigest,
    subject: managerDigest.subject,
    smsParts: managerDigest.smsParts,
    link: "desk-list",
  }),
  one_time_code: define<oneTimeCode.OneTimeCodeProps>({
    audience: "customer",
    schema: schemas.one_time_code,
    Email: OneTimeCode,
    subject: oneTimeCode.subject,
    smsParts: oneTimeCode.smsParts,
    link: "none",
  }),
  customer_dissatisfied: define<customerDissatisfied.CustomerDissatisfiedProps>({
    audience: "staff",
    schema: schemas.customer_dissatisfied,
    Email: CustomerDissatisfied,
    subject: customerDissatisfied.subject,
    smsParts: customerDissatisfied.smsParts,
    link: "desk",
  }),
  staff_memo: define<staffMemo.StaffMemoProps>({
    audience: "staff",
    schema: schemas.staff_memo,
    Email: StaffMemo,
    subject: staffMemo.subject,
    smsParts: staffMemo.smsParts,
    link: "desk",
  }),
  staff_handover: define<staffHandover.StaffHandoverProps>({
    audience: "staff",
    schema: schemas.staff_handover,
    Email: StaffHandover,
    subject: staffHandover.subject,
    smsParts: staffHandover.smsParts,
    link: "desk",
  }),
  visit_confirmation: define<visitConfirmation.VisitConfirmationProps>({
    audience: "customer",
    schema: schemas.visit_confirmation,
    Email: VisitConfirmation,
    subject: visitConfirmation.subject,
    smsParts: visitConfirmation.smsParts,
    link: "tracking",
  }),
  visit_notice: define<visitNotice.VisitNoticeProps>({
    audience: "staff",
    schema: schemas.visit_notice,
    Email: VisitNotice,
    subject: visitNotice.subject,
    smsParts: visitNotice.smsParts,
    link: "desk",
  }),
  status_confirm: define<statusConfirm.StatusConfirmProps>({
    audience: "customer",
    schema: schemas.status_confirm,
    Email: StatusConfirm,
    subject: statusConfirm.subject,
    smsParts: statusConfirm.smsParts,
    link: "none",
  }),
  outage_notice: define<outageNotice.OutageNoticeProps>({
    audience: "customer",
    schema: schemas.outage_notice,
    Email: OutageNotice,
    subject: outageNotice.subject,
    smsParts: outageNotice.smsParts,
    link: "none",
  }),
  maintenance_notice: define<maintenanceNotice.MaintenanceNoticeProps>({
    audience: "customer",
    schema: schemas.maintenance_notice,
    Email: MaintenanceNotice,
    subject: maintenanceNotice.subject,
    smsParts: maintenanceNotice.smsParts,
    link: "none",
  }),
  outage_alert: define<outageAlert.OutageAlertProps>({
    audience: "staff",
    schema: schemas.outage_alert,
    Email: OutageAlert,
    subject: outageAlert.subject,
    smsParts: outageAlert.smsParts,
    link: "none",
  }),
  compliance_report: define<complianceReport.ComplianceReportProps>({
    audience: "staff",
    schema: schemas.compliance_report,
    Email: ComplianceReport,
    subject: complianceReport.subject,
    smsParts: complianceReport.smsParts,
    link: "none",
  }),
  survey_invitation: define<surveyInvitation.SurveyInvitationProps>({
    audience: "customer",
    schema: schemas.survey_invitation,
    Email: SurveyInvitation,
    subject: surveyInvitation.subject,
    smsParts: surveyInvitation.smsParts,
    link: "none",
  }),
} satisfies Record<TemplateName, Definition<any>>;

/** A payload as a template's props: checked, with the locale and the link filled in. */
export type TemplateProps = Record<string, unknown> & { locale: Locale };

export class TemplatePayloadError extends Error {
  constructor(template: string, detail: string) {
    super(`template_payload: ${template}: ${detail}`);
  }
}

export function templateProps(
  name: TemplateName,
  payload: Record<string, unknown>,
  locale: Locale,
  links: { trackingUrl: (reference: string) => string; deskUrl: (reference: string) => string; overdueQueueUrl: () => string },
): TemplateProps {
  const def = templates[name] as unknown as Definition<TemplateProps>;
  const parsed = def.schema.safeParse(payload);
  if (!parsed.success) {
    throw new TemplatePayloadError(name, parsed.error.issues.map((i) => `${i.path.join(".") || "(payload)"} ${i.message}`).join("; "));
  }
  const data = parsed.data as Record<string, unknown> & { reference: string };
  const props: TemplateProps = { ...data, locale };
  if (def.link === "tracking") props.trackingUrl = (data.trackingUrl as string | undefined) ?? links.trackingUrl(data.reference);
  if (def.link === "desk") props.deskUrl = (data.deskUrl as string | undefined) ?? links.deskUrl(data.reference);
  if (def.link === "desk-list") {
    props.queueUrl = links.overdueQueueUrl();
    props.tickets = (data.tickets as Array<{ reference: string }>).map((t) => ({ ...t, deskUrl: links.deskUrl(t.reference) }));
  }
  return props;
}
