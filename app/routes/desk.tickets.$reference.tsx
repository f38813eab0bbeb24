// /desk/tickets/:reference — one ticket: facts, conversation, attachments, history, SLA, actions.
// The page's parts live in app/desk/ticket-page/; this route loads, acts and lays them out.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useState } from "react";
import { requireStaff } from "~/auth/session.server";
import { isIntent } from "~/tickets/constants";
import { customerOtherTickets } from "~/desk/customer-tickets.server";
import { staffNames } from "~/desk/history";
import { ticketMacros } from "~/desk/macros/macros.server";
import { KeyboardShortcuts } from "~/desk/shortcuts/shortcuts";
import { SlaClocks, slaClocksStylesheet } from "~/desk/sla-clocks";
import { loadSlaClocks } from "~/sla/sla-clocks.server";
import type { TicketActionResult } from "~/desk/ticket-action.server";
import { handleTicketAction } from "~/desk/ticket-action.server";
import { Attachments } from "~/desk/ticket-page/attachments";
import { Confirmation } from "~/desk/ticket-page/confirmation";
import { Conversation } from "~/desk/ticket-page/conversation";
import { CustomerTicketsPanel } from "~/desk/ticket-page/customer-tickets";
import { TicketErrorBoundary } from "~/desk/ticket-page/error-boundary";
import { Facts } from "~/desk/ticket-page/facts";
import { TicketNotices } from "~/desk/ticket-page/notices";
import { TicketActions } from "~/desk/ticket-page/ticket-actions";
import { History } from "~/desk/ticket-page/ticket-history";
import type { TicketPageData } from "~/desk/ticket-page/types";
import { requireVisibleTicket } from "~/desk/ticket-page/access.server";
import { loadTicketView } from "~/desk/ticket-view.server";
import { loadTicketGuarantee } from "~/guarantee-desk/guarantee-desk.server";
import { guaranteeStylesheet, TicketGuaranteeSection } from "~/guarantee-desk/ui";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { useDeskUser } from "./desk";
import { VoiceSection } from "~/portal/voice-section";
import { accessSubject } from "~/security/access.server";
import { auditTicketView } from "~/security/audit.server";
import { voicePanel } from "~/portal/voice.server";
import { recordingsOf } from "~/inbound/voice.server";
import { RecordingsSection } from "~/inbound/recordings-section";
import { listAssignees } from "~/staff/assignees.server";
import { pageTitle } from "~/ui/page-title";
import { LiveUpdates } from "~/live/live-updates";
import { notFoundResponse } from "~/ui/form-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageTitle(matches, "title.ticket", { reference: data.ticket.reference, subject: data.ticket.subject })
    : pageTitle(matches, "desk.ticket.notFoundTitle");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: slaClocksStylesheet },
  { rel: "stylesheet", href: guaranteeStylesheet },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const reference = params.reference ?? "";
  await requireVisibleTicket(request, user, reference);
  const view = await loadTicketView(reference);
  if (!view) throw notFoundResponse();
  await auditTicketView(request, user, reference);
  const url = new URL(request.url);
  const done = url.searchParams.get("done");
  const voice = await voicePanel(params.reference ?? "");
  const lang = await getLang(request);
  const [clocks, guarantee, recordings, assignees, customerTickets] = await Promise.all([
    loadSlaClocks(view.ticket.id, lang),
    loadTicketGuarantee(view.ticket.id, lang),
    recordingsOf(view.ticket.id),
    listAssignees(),
    customerOtherTickets(view.ticket.id, accessSubject(user)),
  ]);
  const macroTicket = { reference, teamId: view.team?.id ?? null, customerName: view.customer.name, clocks };
  const macros = await ticketMacros(user, macroTicket, lang, translate(lang, "workspace.macros.noDue"), url.searchParams.get("macro"));
  return {
    ...view,
    done: isIntent(done) || done === "logged" ? done : null,
    voice,
    clocks,
    guarantee,
    recordings,
    assignees,
    customerTickets,
    macros,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  await requireVisibleTicket(request, user, params.reference ?? "");
  const lang = await getLang(request);
  return handleTicketAction(request, params.reference ?? "", user, lang);
}

export default function TicketPage() {
  const t = useT();
  const view = useLoaderData<typeof loader>() as unknown as TicketPageData;
  const result = useActionData<typeof action>() as TicketActionResult | undefined;
  const me = useDeskUser();
  const { ticket } = view;
  const names = useMemo(() => staffNames(view.staff), [view.staff]);
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

      <LiveUpdates reference={ticket.reference} />
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

          <TicketActions view={view} result={result} me={me} resetKey={resetKey} />

          <History view={view} names={names} t={t} />
        </div>

        <div>
          <Facts view={view} t={t} />
          <CustomerTicketsPanel customerName={view.customer.name} tickets={view.customerTickets} />
          <Attachments view={view} t={t} />
          <SlaClocks clocks={view.clocks} />
          <TicketGuaranteeSection reference={ticket.reference} cases={view.guarantee} />
          <TicketNotices notifications={view.notifications} />
          <VoiceSection reference={ticket.reference} voice={view.voice} staff={view.staff} role={me?.role ?? "agent"} />
          <section id="remote" aria-labelledby="remote-title" className="panel desk-panel">
            <h2 id="remote-title">{t("remote.title")}</h2>
            <p>
              <Link to={`/desk/tickets/${encodeURIComponent(ticket.reference)}/remote`}>{t("remote.link")}</Link>
            </p>
          </section>
        </div>
      </div>
      <KeyboardShortcuts page="ticket" />
    </article>
  );
}

export { TicketErrorBoundary as ErrorBoundary };
