import { notifyErrorText, tOr, viaLabel } from "~/desk/history";
import type { TicketView } from "~/desk/ticket-view.server";
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

function messageLabel(t: Translate, m: TicketView["messages"][number]): string {
  if (m.direction === "internal") return t("desk.message.internal");
  if (m.direction === "inbound") return t("desk.message.inbound");
  return tOr(t, `desk.message.kind.${m.kind}`, t("desk.message.outbound"));
}

export function Conversation({ view, t }: { view: TicketView; t: Translate }) {
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
                  <p className="muted">{t("desk.ticket.attachedHere", { files: attached.map((a) => a.filename).join(", ") })}</p>
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
