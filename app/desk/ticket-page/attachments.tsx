import { formatBytes } from "~/desk/history";
import type { TicketView } from "~/desk/ticket-view.server";
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

export function Attachments({ view, t }: { view: TicketView; t: Translate }) {
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
