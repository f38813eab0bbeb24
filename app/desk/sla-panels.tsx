// The SLA engine's records on the ticket page, rendered generically from whatever fields they
// carry (the engine's shapes are still growing): timers, guarantee cases, notifications.
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { notifyErrorText, templateLabel, tOr } from "./history";

function When({ value }: { value: unknown }) {
  const t = useT();
  if (typeof value !== "string" || !value) return <span className="muted">{t("common.none")}</span>;
  return <time dateTime={value}>{formatKst(value)}</time>;
}

type Notice = {
  id: string;
  audience: string;
  channel: string;
  template: string;
  status: string;
  errorKind: string | null;
  createdAt: string;
  sentAt: string | null;
};

/** Notifications by their names for people, with their delivery state and, when not sent, what to do. */
export function NotificationsList({ notifications }: { notifications: Notice[] }) {
  const t = useT();
  return (
    <ul className="plain-list">
      {notifications.map((n) => (
        <li key={n.id}>
          {templateLabel(t, n.template)} · {tOr(t, `notify.channel.${n.channel}`, "")} ·{" "}
          <span className={`badge ${n.status === "sent" ? "met" : n.status === "queued" ? "" : "breached"}`}>
            {tOr(t, `words.delivery.${n.status}`, t("common.none"))}
          </span>{" "}
          <When value={n.sentAt ?? n.createdAt} />
          {n.errorKind ? <div className="muted">{notifyErrorText(t, n.errorKind)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
