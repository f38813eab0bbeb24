// /desk/tickets/:reference — one ticket: facts, conversation, attachments, history, SLA, actions.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useActionData, useLoaderData, useLocation, useParams, useRouteError } from "@remix-run/react";
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { requireStaff, type StaffUser } from "~/auth/session.server";
import {
  CALLBACK_OUTCOME_OPTIONS,
  defaultInterimVia,
  defaultReplyVia,
  INTERIM_VIA_OPTIONS,
  isIntent,
  REPLY_VIA_OPTIONS,
  type Intent,
} from "~/desk/constants";
import { actorName, describeEvent, formatBytes, notifyErrorText, staffNames, tOr, viaLabel } from "~/desk/history";
import { NotificationsList } from "~/desk/sla-panels";
import { SlaClocks, slaClocksStylesheet } from "~/desk/sla-clocks";
import { loadSlaClocks, type SlaClock } from "~/desk/sla-clocks.server";
import { loadTicketGuarantee, type TicketCaseLink } from "~/guarantee-desk/guarantee-desk.server";
import { guaranteeStylesheet, TicketGuaranteeSection } from "~/guarantee-desk/ui";
import type { TicketActionResult } from "~/desk/ticket-action.server";
import { handleTicketAction } from "~/desk/ticket-action.server";
import { loadTicketView, type TicketView } from "~/desk/ticket-view.server";
import type { Translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import {
  IntentCheckbox,
  IntentFileInput,
  IntentForm,
  IntentRadioGroup,
  IntentSelect,
  IntentTextArea,
  IntentTextInput,
  type FormState,
} from "~/ui/form";
import { useDeskUser } from "./desk";
import { VoiceSection, type VoicePanelData } from "~/portal/voice-section";
import { requireTicketAccess } from "~/security/access.server";
import { auditTicketView } from "~/security/audit.server";
import { ticketAccessFacts } from "~/tickets/tickets.server";
import { voicePanel } from "~/portal/voice.server";
import { recordingsOf, type LinkedRecording } from "~/inbound/voice.server";
import { RecordingsSection } from "~/inbound/recordings-section";
import { assigneeGroups, type Assignee } from "~/staff/assignees";
import { listAssignees } from "~/staff/assignees.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? pageTitle(matches, "title.ticket", { reference: data.ticket.reference, subject: data.ticket.subject }) : pageTitle(matches, "desk.ticket.notFoundTitle");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: slaClocksStylesheet },
  { rel: "stylesheet", href: guaranteeStylesheet },
];

/** The ticket's access facts when this staff member may see it: 404 unknown, audited 403 otherwise. */
async function requireVisibleTicket(request: Request, user: StaffUser, reference: string) {
  const facts = await ticketAccessFacts(reference);
  if (!facts) throw new Response("Not found", { status: 404 });
  return requireTicketAccess(request, user, facts, reference);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const reference = params.reference ?? "";
  await requireVisibleTicket(request, user, reference);
  const view = await loadTicketView(reference);
  if (!view) throw new Response("Not found", { status: 404 });
  await auditTicketView(request, user, reference);
  const done = new URL(request.url).searchParams.get("done");
  const voice = await voicePanel(params.reference ?? "");
  const lang = await getLang(request);
  const [clocks, guarantee, recordings, assignees] = await Promise.all([
    loadSlaClocks(view.ticket.id, lang),
    loadTicketGuarantee(view.ticket.id, lang),
    recordingsOf(view.ticket.id),
    listAssignees(),
  ]);
  return { ...view, done: isIntent(done) || done === "logged" ? done : null, voice, clocks, guarantee, recordings, assignees };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  await requireVisibleTicket(request, user, params.reference ?? "");
  const lang = await getLang(request);
  return handleTicketAction(request, params.reference ?? "", user, lang);
}

const ACCEPT_FILES = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff";

export default function TicketPage() {
  const t = useT();
  const view = useLoaderData<typeof loader>() as unknown as TicketView & {
    done: DoneKey | null;
    voice: VoicePanelData | null;
    clocks: SlaClock[];
    guarantee: TicketCaseLink[];
    recordings: LinkedRecording[];
    assignees: Assignee[];
  };
  const result = useActionData<typeof action>() as TicketActionResult | undefined;
  const me = useDeskUser();
  const { ticket, customer } = view;
  const names = useMemo(() => staffNames(view.staff), [view.staff]);
  const stateFor = (intent: Intent): FormState | undefined => (result && result.intent === intent ? result : undefined);
  const allowed = new Set(view.allowed);
  const customerNotices = view.notifications.filter((n) => n.audience === "customer");
  const staffAlerts = view.notifications.filter((n) => n.audience !== "customer");
  // A new history entry means an action went through: the forms start empty again.
  const resetKey = `${view.events.length}-${view.messages.length}-${view.attachments.length}`;
  // Marks the page as interactive (forms then submit without a full page load); tests wait for it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);

  return (
    <article aria-labelledby="ticket-title" className="ticket-page" data-hydrated={hydrated ? "" : undefined}>
      <nav aria-label={t("desk.ticket.breadcrumb")} className="breadcrumb">
        <Link to="/desk">{t("desk.queue.title")}</Link> <span aria-hidden="true">›</span> <span>{ticket.reference}</span>
      </nav>
      <h1 id="ticket-title">
        <span className="reference">{ticket.reference}</span> <span className="ticket-subject">{ticket.subject}</span>
      </h1>
      <p>
        <span className={`badge status-${ticket.status}`}>{t(`status.${ticket.status}`)}</span>{" "}
        <span className="muted">
          {t(`channel.${ticket.channel}`)} · {t("desk.ticket.receivedShort", { at: formatKst(ticket.receivedAt) })}
        </span>
      </p>

      <Confirmation done={result ? null : view.done} />
      {result && result.intent === null && result.formError ? (
        <p className="error-summary" role="alert">
          {result.formError}
        </p>
      ) : null}

      <div className="grid-2">
        <div>
          <Conversation view={view} t={t} />
          <RecordingsSection recordings={view.recordings} />

          <section aria-labelledby="actions-title" className="desk-actions">
            <h2 id="actions-title">{t("desk.actions.title")}</h2>
            {allowed.has("reply") ? (
              <ActionSection id="reply" title={t("desk.action.reply")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="reply"
                  titleId="action-reply-title"
                  state={stateFor("reply")}
                  submitLabel={t("desk.action.replySubmit")}
                  labels={{ body: t("desk.field.replyBody"), via: t("desk.field.via") }}
                >
                  <IntentTextArea form="reply" name="body" label={t("desk.field.replyBody")} required state={stateFor("reply")} rows={6} />
                  <IntentRadioGroup
                    form="reply"
                    name="via"
                    label={t("desk.field.via")}
                    required
                    state={stateFor("reply")}
                    defaultValue={defaultReplyVia(customer)}
                    options={REPLY_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
                  />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("note") ? (
              <ActionSection id="note" title={t("desk.action.note")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="note"
                  titleId="action-note-title"
                  state={stateFor("note")}
                  submitLabel={t("desk.action.noteSubmit")}
                  labels={{ body: t("desk.field.noteBody") }}
                >
                  <IntentTextArea
                    form="note"
                    name="body"
                    label={t("desk.field.noteBody")}
                    hint={t("desk.field.noteHint")}
                    required
                    state={stateFor("note")}
                    rows={3}
                  />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("assign") ? (
              <ActionSection id="assign" title={t("desk.action.assign")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="assign"
                  titleId="action-assign-title"
                  state={stateFor("assign")}
                  submitLabel={t("desk.action.assignSubmit")}
                  labels={{ assignee: t("desk.field.assignee") }}
                >
                  <IntentSelect
                    form="assign"
                    name="assignee"
                    label={t("desk.field.assignee")}
                    required
                    state={stateFor("assign")}
                    placeholder={t("desk.field.chooseStaff")}
                    defaultValue={view.assignee?.id ?? ""}
                    groups={assigneeGroups(view.assignees, t)}
                  />
                </IntentForm>
                {me && view.assignee?.id !== me.id ? (
                  <IntentForm
                    key={`me-${resetKey}`}
                    className="desk-action-form"
                    intent="assign"
                    titleId="action-assign-title"
                    submitLabel={t("desk.action.assignMe")}
                    hidden={{ assignee: me.id }}
                  />
                ) : null}
              </ActionSection>
            ) : null}

            {allowed.has("resume") ? (
              <ActionSection id="resume" title={t("desk.action.resume")} hint={t("desk.action.resumeHint")}>
                <IntentForm key={resetKey} className="desk-action-form" intent="resume" titleId="action-resume-title" state={stateFor("resume")} submitLabel={t("desk.action.resumeSubmit")} />
              </ActionSection>
            ) : null}

            {allowed.has("close") ? (
              <ActionSection id="close" title={t("desk.action.close")} hint={t("desk.action.closeHint")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="close"
                  titleId="action-close-title"
                  state={stateFor("close")}
                  submitLabel={t("desk.action.closeSubmit")}
                  labels={{ confirm: t("confirm.label") }}
                  confirmMessage={t("confirm.dialogClose")}
                >
                  <IntentCheckbox form="close" name="confirm" label={t("confirm.label")} hint={t("confirm.closeHint")} state={stateFor("close")} />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("interim") ? (
              <ActionSection id="interim" title={t("desk.action.interim")} collapsible resetKey={resetKey} open={!!stateFor("interim")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="interim"
                  titleId="action-interim-title"
                  state={stateFor("interim")}
                  submitLabel={t("desk.action.interimSubmit")}
                  labels={{ reason: t("desk.field.interimReason"), expectedBy: t("desk.field.expectedBy"), via: t("desk.field.interimVia") }}
                >
                  <IntentTextArea form="interim" name="reason" label={t("desk.field.interimReason")} required state={stateFor("interim")} rows={3} />
                  <IntentTextInput
                    form="interim"
                    name="expectedBy"
                    type="date"
                    label={t("desk.field.expectedBy")}
                    hint={t("desk.field.dateHint")}
                    required
                    state={stateFor("interim")}
                  />
                  <IntentRadioGroup
                    form="interim"
                    name="via"
                    label={t("desk.field.interimVia")}
                    required
                    state={stateFor("interim")}
                    defaultValue={defaultInterimVia(customer)}
                    options={INTERIM_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
                    hint={ticket.requestedReplyBy ? t("desk.field.interimViaHint", { date: ticket.requestedReplyBy }) : undefined}
                  />
                  {me && (me.role === "manager" || me.role === "admin") ? (
                    <IntentCheckbox form="interim" name="managerApproval" label={t("desk.field.managerApproval")} state={stateFor("interim")} />
                  ) : null}
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("callback") ? (
              <ActionSection id="callback" title={t("desk.action.callback")} collapsible resetKey={resetKey} open={!!stateFor("callback") || (ticket.callbackRequested && !view.events.some((e) => e.type === "callback.logged"))}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="callback"
                  titleId="action-callback-title"
                  state={stateFor("callback")}
                  submitLabel={t("desk.action.callbackSubmit")}
                  labels={{ outcome: t("desk.field.outcome"), note: t("desk.field.callbackNote") }}
                >
                  <IntentRadioGroup
                    form="callback"
                    name="outcome"
                    label={t("desk.field.outcome")}
                    required
                    state={stateFor("callback")}
                    options={CALLBACK_OUTCOME_OPTIONS.map((o) => ({ value: o, label: t(`desk.outcome.${o}`) }))}
                  />
                  <IntentTextArea form="callback" name="note" label={t("desk.field.callbackNote")} state={stateFor("callback")} rows={3} />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("pause") ? (
              <ActionSection id="pause" title={t("desk.action.pause")} collapsible resetKey={resetKey} open={!!stateFor("pause")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="pause"
                  titleId="action-pause-title"
                  state={stateFor("pause")}
                  submitLabel={t("desk.action.pauseSubmit")}
                  labels={{ reason: t("desk.field.pauseReason") }}
                >
                  <IntentTextArea
                    form="pause"
                    name="reason"
                    label={t("desk.field.pauseReason")}
                    hint={t("desk.field.pauseHint")}
                    required
                    state={stateFor("pause")}
                    rows={3}
                  />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("resolve") ? (
              <ActionSection id="resolve" title={t("desk.action.resolve")} collapsible resetKey={resetKey} open={!!stateFor("resolve")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="resolve"
                  titleId="action-resolve-title"
                  state={stateFor("resolve")}
                  submitLabel={t("desk.action.resolveSubmit")}
                  labels={{ answer: t("desk.field.answer"), via: t("desk.field.via"), confirm: t("confirm.label") }}
                  confirmMessage={t("confirm.dialogResolve")}
                >
                  <IntentTextArea form="resolve" name="answer" label={t("desk.field.answer")} required state={stateFor("resolve")} rows={6} />
                  <IntentRadioGroup
                    form="resolve"
                    name="via"
                    label={t("desk.field.via")}
                    required
                    state={stateFor("resolve")}
                    defaultValue={defaultReplyVia(customer)}
                    options={REPLY_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
                  />
                  <IntentCheckbox form="resolve" name="confirm" label={t("confirm.label")} hint={t("confirm.resolveHint")} state={stateFor("resolve")} />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("reopen") ? (
              <ActionSection id="reopen" title={t("desk.action.reopen")} collapsible resetKey={resetKey} open={!!stateFor("reopen")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="reopen"
                  titleId="action-reopen-title"
                  state={stateFor("reopen")}
                  submitLabel={t("desk.action.reopenSubmit")}
                  labels={{ reason: t("desk.field.reopenReason") }}
                >
                  <IntentTextArea form="reopen" name="reason" label={t("desk.field.reopenReason")} required state={stateFor("reopen")} rows={3} />
                  <IntentCheckbox form="reopen" name="dissatisfied" label={t("desk.field.dissatisfied")} state={stateFor("reopen")} />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("happycall") ? (
              <ActionSection id="happycall" title={t("desk.action.happycall")} hint={t("desk.action.happycallHint")} collapsible resetKey={resetKey} open={!!stateFor("happycall")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="happycall"
                  titleId="action-happycall-title"
                  state={stateFor("happycall")}
                  submitLabel={t("desk.action.happycallSubmit")}
                  labels={{ satisfied: t("desk.field.satisfied"), score: t("desk.field.score"), comment: t("desk.field.satisfactionComment") }}
                >
                  <IntentRadioGroup
                    form="happycall"
                    name="satisfied"
                    label={t("desk.field.satisfied")}
                    required
                    state={stateFor("happycall")}
                    options={[
                      { value: "yes", label: t("desk.field.satisfiedYes") },
                      { value: "no", label: t("desk.field.satisfiedNo") },
                    ]}
                  />
                  <IntentRadioGroup
                    form="happycall"
                    name="score"
                    label={t("desk.field.score")}
                    state={stateFor("happycall")}
                    options={["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }))}
                  />
                  <IntentTextArea form="happycall" name="comment" label={t("desk.field.satisfactionComment")} state={stateFor("happycall")} rows={3} />
                </IntentForm>
              </ActionSection>
            ) : null}

            {allowed.has("upload") ? (
              <ActionSection id="upload" title={t("desk.action.upload")} collapsible resetKey={resetKey} open={!!stateFor("upload")}>
                <IntentForm
                  key={resetKey}
                  className="desk-action-form"
                  intent="upload"
                  titleId="action-upload-title"
                  state={stateFor("upload")}
                  submitLabel={t("desk.action.uploadSubmit")}
                  labels={{ files: t("desk.field.files") }}
                  multipart
                >
                  <IntentFileInput
                    form="upload"
                    name="files"
                    label={t("desk.field.files")}
                    hint={t("desk.field.filesHint")}
                    required
                    accept={ACCEPT_FILES}
                    state={stateFor("upload")}
                  />
                </IntentForm>
              </ActionSection>
            ) : null}
          </section>

          <History view={view} names={names} t={t} />
        </div>

        <div>
          <Facts view={view} t={t} />
          <Attachments view={view} t={t} />
          <SlaClocks clocks={view.clocks} />
          <TicketGuaranteeSection reference={ticket.reference} cases={view.guarantee} />
          {customerNotices.length ? (
            <section aria-labelledby="notifications-title" className="panel desk-panel">
              <h2 id="notifications-title">{t("words.notices.customerTitle")}</h2>
              <NotificationsList notifications={customerNotices} />
            </section>
          ) : null}
          {staffAlerts.length ? (
            <section aria-labelledby="staff-alerts-title" className="panel desk-panel">
              <h2 id="staff-alerts-title">{t("words.notices.staffTitle")}</h2>
              <NotificationsList notifications={staffAlerts} />
            </section>
          ) : null}
          <VoiceSection reference={ticket.reference} voice={view.voice} staff={view.staff} role={me?.role ?? "agent"} />
          <section id="remote" aria-labelledby="remote-title" className="panel desk-panel">
            <h2 id="remote-title">{t("remote.title")}</h2>
            <p>
              <Link to={`/desk/tickets/${encodeURIComponent(ticket.reference)}/remote`}>{t("remote.link")}</Link>
            </p>
          </section>
        </div>
      </div>
    </article>
  );
}

/** What just succeeded: an action of this page, or the contact logged at /desk/log-contact. */
type DoneKey = Intent | "logged";

/** The "done" message after a successful action: announced politely and given focus. */
function Confirmation({ done }: { done: DoneKey | null }) {
  const t = useT();
  const location = useLocation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) ref.current?.focus();
  }, [done, location.key]);
  return (
    <div aria-live="polite" role="status" className="desk-live">
      {done ? (
        <p className="notice" tabIndex={-1} ref={ref} id="action-done">
          {t(`desk.done.${done}`)}
        </p>
      ) : null}
    </div>
  );
}

function ActionSection({
  id,
  title,
  hint,
  collapsible,
  open,
  resetKey,
  children,
}: {
  id: Intent;
  resetKey?: string;
  title: string;
  hint?: string;
  collapsible?: boolean;
  open?: boolean;
  children: ReactNode;
}) {
  const heading = (
    <h3 id={`action-${id}-title`} className="action-title">
      {title}
    </h3>
  );
  const body = (
    <>
      {hint ? <p className="muted">{hint}</p> : null}
      {children}
    </>
  );
  if (collapsible) {
    // Keyed by the page's reset key: after a successful action every section starts closed again.
    return (
      <details key={resetKey} className="panel desk-action" id={`action-${id}`} open={open || undefined}>
        <summary>{heading}</summary>
        {body}
      </details>
    );
  }
  return (
    <section className="panel desk-action" id={`action-${id}`} aria-labelledby={`action-${id}-title`}>
      {heading}
      {body}
    </section>
  );
}

function Facts({ view, t }: { view: TicketView; t: Translate }) {
  const { ticket, customer } = view;
  const none = <span className="muted">{t("common.none")}</span>;
  const rows: Array<[string, ReactNode]> = [
    [t("desk.field.reference"), <span key="r" className="ref-text">{ticket.reference}</span>],
    [t("desk.field.status"), t(`status.${ticket.status}`)],
    [t("desk.field.channel"), t(`channel.${ticket.channel}`)],
    [t("desk.field.category"), tOr(t, `category.${ticket.category}`, ticket.category)],
    [t("desk.field.receivedKst"), <time key="at" dateTime={ticket.receivedAt}>{formatKst(ticket.receivedAt)}</time>],
    [t("desk.field.requestedReplyBy"), ticket.requestedReplyBy ?? none],
    [t("desk.field.callbackRequested"), ticket.callbackRequested ? t("common.yes") : t("common.no")],
  ];
  if (ticket.resolvedOnContact) rows.push([t("desk.field.resolvedOnContact"), t("common.yes")]);
  if (ticket.resolvedAt) rows.push([t("desk.field.resolvedAt"), formatKst(ticket.resolvedAt)]);
  if (ticket.closedAt) rows.push([t("desk.field.closedAt"), formatKst(ticket.closedAt)]);
  const customerRows: Array<[string, ReactNode]> = [
    [t("desk.field.customerName"), customer.name],
    [t("desk.field.email"), customer.email ?? none],
    [t("desk.field.phone"), customer.phone ?? none],
    [t("desk.field.preferredContact"), customer.preferredContact ? t(`contact.${customer.preferredContact}`) : none],
    [t("desk.field.postalAddress"), customer.postalAddress ? <span key="addr" className="pre">{customer.postalAddress}</span> : none],
  ];
  if (customer.privacyConsent) {
    customerRows.push([
      t("desk.field.privacyConsent"),
      t("desk.field.privacyConsentValue", { version: customer.privacyConsent.version, at: customer.privacyConsent.at ? formatKst(customer.privacyConsent.at) : "" }),
    ]);
  }
  const handling: Array<[string, ReactNode]> = [
    [t("desk.field.assignee"), view.assignee ? `${view.assignee.name} (${view.assignee.email})` : <span className="muted">{t("desk.unassigned")}</span>],
    [t("desk.field.team"), view.team?.name ?? none],
  ];
  const list = (items: Array<[string, ReactNode]>) => (
    <dl className="facts">
      {items.map(([label, value]) => (
        <Fragment key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
  return (
    <section aria-labelledby="facts-title" className="panel desk-panel">
      <h2 id="facts-title">{t("desk.ticket.facts")}</h2>
      {list(rows)}
      <h3>{t("desk.ticket.customer")}</h3>
      {list(customerRows)}
      <h3>{t("desk.ticket.handling")}</h3>
      {list(handling)}
    </section>
  );
}

function messageLabel(t: Translate, m: TicketView["messages"][number]): string {
  if (m.direction === "internal") return t("desk.message.internal");
  if (m.direction === "inbound") return t("desk.message.inbound");
  return tOr(t, `desk.message.kind.${m.kind}`, t("desk.message.outbound"));
}

function Conversation({ view, t }: { view: TicketView; t: Translate }) {
  return (
    <section aria-labelledby="conversation-title">
      <h2 id="conversation-title">{t("desk.ticket.conversation")}</h2>
      <ol className="conversation">
        {view.messages.map((m) => {
          const label = messageLabel(t, m);
          const author = m.direction === "inbound" ? view.customer.name : (m.authorName ?? t("desk.actor.system"));
          const attached = view.attachments.filter((a) => a.messageId === m.id);
          return (
            <li key={m.id}>
              <article className={`message ${m.direction}`} aria-labelledby={`msg-${m.id}`} data-kind={m.kind}>
                <h3 id={`msg-${m.id}`} className="message-title">
                  {m.direction === "internal" ? <span className="badge internal-badge">{label}</span> : <span>{label}</span>}{" "}
                  <span className="muted message-meta">
                    {author} · {viaLabel(t, m.via)} · <time dateTime={m.createdAt}>{formatKst(m.createdAt)}</time>
                  </span>
                </h3>
                <div className="pre">{m.body}</div>
                {m.delivery ? <DeliveryState delivery={m.delivery} t={t} /> : null}
                {attached.length ? (
                  <p className="muted">
                    {t("desk.ticket.attachedHere", { files: attached.map((a) => a.filename).join(", ") })}
                  </p>
                ) : null}
              </article>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Whether the customer got this message, right under it: 발송됨 / 발송 대기 / 발송 실패 and what to do. */
function DeliveryState({ delivery, t }: { delivery: NonNullable<TicketView["messages"][number]["delivery"]>; t: Translate }) {
  const failed = delivery.status === "failed" || delivery.status === "unsent";
  const badge = delivery.status === "sent" ? "met" : failed ? "breached" : "at-risk";
  return (
    <p className="delivery-state" data-delivery={delivery.status}>
      <span className="visually-hidden">{t("words.delivery.label")}: </span>
      <span className={`badge ${badge}`}>{t(`words.delivery.${delivery.status}`)}</span>{" "}
      <span className="muted">
        {t("words.delivery.channel", { channel: t(`notify.channel.${delivery.channel}`) })}
        {delivery.sentAt ? <> · {t("words.delivery.sentAt", { at: formatKst(delivery.sentAt) })}</> : null}
      </span>
      {failed ? (
        <>
          <br />
          <span role="note">{notifyErrorText(t, delivery.errorKind ?? "unknown")}</span>{" "}
          <span className="muted">{t("words.delivery.retryHint")}</span>
        </>
      ) : null}
    </p>
  );
}

function Attachments({ view, t }: { view: TicketView; t: Translate }) {
  return (
    <section aria-labelledby="attachments-title" className="panel desk-panel">
      <h2 id="attachments-title">{t("desk.ticket.attachments")}</h2>
      {view.attachments.length === 0 ? (
        <p className="muted">{t("desk.ticket.noAttachments")}</p>
      ) : (
        <ul className="plain-list">
          {view.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/desk/tickets/${view.ticket.reference}/attachments/${a.id}`} download={a.filename}>
                {a.filename}
              </a>{" "}
              <span className="muted">
                ({a.contentType.replace(/^.*\//, "").toUpperCase()}, {formatBytes(a.size)}, {formatKst(a.createdAt)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function History({ view, names, t }: { view: TicketView; names: ReturnType<typeof staffNames>; t: Translate }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("desk.ticket.history")}</h2>
      <ol className="timeline">
        {view.events.map((e) => {
          const { title, details } = describeEvent(t, e, names);
          return (
            <li key={e.id} data-event={e.type}>
              <strong>{title}</strong>
              <div className="muted">
                {actorName(t, e.actor, names)} · <time dateTime={e.at}>{formatKst(e.at)}</time> KST
              </div>
              {details.length ? (
                <ul className="event-details">
                  {details.map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const params = useParams();
  const t = useT();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <section className="error-page" aria-labelledby="ticket-error-title">
      <h1 id="ticket-error-title">{notFound ? t("desk.ticket.notFoundTitle") : t("desk.ticket.errorTitle")}</h1>
      <p role="alert">
        {notFound ? t("desk.ticket.notFound", { reference: params.reference ?? "" }) : t("common.unexpected")}
      </p>
      <p>
        <Link to="/desk">{t("desk.ticket.backToQueues")}</Link>
      </p>
    </section>
  );
}
