// The SLA engine's records on the ticket page, rendered generically from whatever fields they
// carry (the engine's shapes are still growing): timers, guarantee cases, notifications.
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { formatValue, tOr } from "./history";

type Row = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" ? v : v == null ? "" : String(v));

function When({ value }: { value: unknown }) {
  const t = useT();
  if (typeof value !== "string" || !value) return <span className="muted">{t("common.none")}</span>;
  return <time dateTime={value}>{formatKst(value)}</time>;
}


export function NotificationsList({ notifications }: { notifications: Row[] }) {
  const t = useT();
  return (
    <ul className="plain-list">
      {notifications.map((n, i) => {
        const at = n.sentAt ?? n.createdAt ?? n.at;
        return (
          <li key={text(n.id) || i}>
            {tOr(t, `desk.notifyChannel.${text(n.channel)}`, formatValue(t, n.channel))} · {text(n.template) || "—"} ·{" "}
            <span className="badge">{tOr(t, `desk.notifyStatus.${text(n.status)}`, text(n.status) || "—")}</span>
            {typeof at === "string" ? (
              <>
                {" "}
                <When value={at} />
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
