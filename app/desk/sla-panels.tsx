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

const STATE_BADGE: Record<string, string> = { breached: "breached", met: "met", paused: "", running: "", cancelled: "" };

export function TimersTable({ timers }: { timers: Row[] }) {
  const t = useT();
  return (
    <table>
      <caption>{t("desk.sla.timersCaption")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("desk.sla.metric")}</th>
          <th scope="col">{t("desk.sla.state")}</th>
          <th scope="col">{t("desk.sla.dueAt")}</th>
        </tr>
      </thead>
      <tbody>
        {timers.map((timer, i) => {
          const metric = text(timer.metric);
          const state = text(timer.state);
          const done = timer.metAt ?? timer.breachedAt;
          return (
            <tr key={text(timer.id) || `${metric}-${i}`}>
              <th scope="row">{tOr(t, `desk.metric.${metric}`, metric || "—")}</th>
              <td>
                <span className={`badge ${STATE_BADGE[state] ?? ""}`}>{tOr(t, `desk.timerState.${state}`, state || "—")}</span>
                {typeof done === "string" && done ? (
                  <div className="muted">
                    <When value={done} />
                  </div>
                ) : null}
              </td>
              <td>
                <When value={timer.dueAt} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function GuaranteeCases({ cases }: { cases: Row[] }) {
  const t = useT();
  return (
    <ul className="plain-list">
      {cases.map((c, i) => {
        const triggers = Array.isArray(c.triggers) ? c.triggers.map((m) => tOr(t, `desk.metric.${text(m)}`, text(m))) : [];
        return (
          <li key={text(c.id) || i}>
            <span className="badge">{tOr(t, `desk.caseStatus.${text(c.status)}`, text(c.status) || "—")}</span>{" "}
            {triggers.length ? t("desk.sla.triggers", { triggers: triggers.join(", ") }) : null}
            {typeof c.openedAt === "string" ? (
              <div className="muted">
                {t("desk.sla.openedAt")} <When value={c.openedAt} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
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
