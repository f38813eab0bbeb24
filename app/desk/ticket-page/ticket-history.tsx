import { actorName, describeEvent, type staffNames } from "~/desk/history";
import type { TicketView } from "~/desk/ticket-view.server";
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

/** The ticket's append-only history, oldest first. */
export function History({ view, names, t }: { view: TicketView; names: ReturnType<typeof staffNames>; t: Translate }) {
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
