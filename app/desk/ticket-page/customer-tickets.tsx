import { Link } from "@remix-run/react";
import type { CustomerTickets } from "~/desk/customer-tickets.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";

/** The same customer's other tickets (those this staff member may see), newest first. */
export function CustomerTicketsPanel({ customerName, tickets }: { customerName: string; tickets: CustomerTickets }) {
  const t = useT();
  return (
    <section aria-labelledby="customer-tickets-title" className="panel desk-panel" id="customer-tickets">
      <h2 id="customer-tickets-title">{t("workspace.customerTickets.title")}</h2>
      {tickets.items.length === 0 ? (
        <p className="muted">{t("workspace.customerTickets.none", { name: customerName })}</p>
      ) : (
        <>
          <p className="muted">{t("workspace.customerTickets.intro", { name: customerName })}</p>
          <ul className="plain-list customer-tickets">
            {tickets.items.map((o) => (
              <li key={o.reference}>
                <Link to={`/desk/tickets/${encodeURIComponent(o.reference)}`}>
                  <span className="ref-text">{o.reference}</span> {o.subject}
                </Link>
                <br />
                <span className={`badge status-${o.status}`}>{t(`status.${o.status}`)}</span>{" "}
                <span className="muted">
                  {t(`channel.${o.channel}`)}
                  {o.resolvedOnContact ? <> · {t("workspace.customerTickets.onContact")}</> : null} ·{" "}
                  {t("desk.ticket.receivedShort", { at: formatKst(o.receivedAt) })}
                </span>
              </li>
            ))}
          </ul>
          {tickets.more > 0 ? <p className="muted">{t("workspace.customerTickets.more", { count: tickets.more })}</p> : null}
        </>
      )}
    </section>
  );
}
