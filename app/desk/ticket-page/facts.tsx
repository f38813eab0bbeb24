import { Fragment, type ReactNode } from "react";
import { tOr } from "~/desk/history";
import type { TicketView } from "~/desk/ticket-view.server";
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

/** The ticket's facts, its customer and who handles it. */
export function Facts({ view, t }: { view: TicketView; t: Translate }) {
  const { ticket, customer } = view;
  const none = <span className="muted">{t("common.none")}</span>;
  const rows: Array<[string, ReactNode]> = [
    [
      t("desk.field.reference"),
      <span key="r" className="ref-text">
        {ticket.reference}
      </span>,
    ],
    [t("desk.field.status"), t(`status.${ticket.status}`)],
    [t("desk.field.channel"), t(`channel.${ticket.channel}`)],
    [t("desk.field.category"), tOr(t, `category.${ticket.category}`, ticket.category)],
    [
      t("desk.field.receivedKst"),
      <time key="at" dateTime={ticket.receivedAt}>
        {formatKst(ticket.receivedAt)}
      </time>,
    ],
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
    [
      t("desk.field.postalAddress"),
      customer.postalAddress ? (
        <span key="addr" className="pre">
          {customer.postalAddress}
        </span>
      ) : (
        none
      ),
    ],
  ];
  if (customer.privacyConsent) {
    customerRows.push([
      t("desk.field.privacyConsent"),
      t("desk.field.privacyConsentValue", {
        version: customer.privacyConsent.version,
        at: customer.privacyConsent.at ? formatKst(customer.privacyConsent.at) : "",
      }),
    ]);
  }
  const handling: Array<[string, ReactNode]> = [
    [
      t("desk.field.assignee"),
      view.assignee ? `${view.assignee.name} (${view.assignee.email})` : <span className="muted">{t("desk.unassigned")}</span>,
    ],
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
