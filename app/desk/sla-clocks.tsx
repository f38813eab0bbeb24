// The SLA clocks on the ticket page (and a guarantee case's fact-check clock). Every state is said
// in words with an icon as well as a colour; the explanation of a deadline opens on demand.
// The texts come from the loader (app/desk/sla-clocks.server.ts), already in the page language.
import { useT } from "~/i18n/use-t";
import type { ClockStatus, SlaClock } from "~/sla/sla-clocks.server";
import slaClocksStylesheet from "./sla-clocks.css";

export { slaClocksStylesheet };

const ICON: Record<ClockStatus, string> = {
  on_track: "◷",
  at_risk: "⚠",
  overdue: "✖",
  breached: "✖",
  paused: "‖",
  met: "✓",
  cancelled: "–",
};

const BADGE: Record<ClockStatus, string> = {
  on_track: "",
  at_risk: "at-risk",
  overdue: "breached",
  breached: "breached",
  paused: "",
  met: "met",
  cancelled: "",
};

export function ClockBadge({ clock }: { clock: Pick<SlaClock, "status" | "statusLabel"> }) {
  return (
    <span className={`badge clock-badge ${BADGE[clock.status]}`} data-status={clock.status}>
      <span aria-hidden="true">{ICON[clock.status]}</span> {clock.statusLabel}
    </span>
  );
}

/** One clock: metric, state, due time, time left, policy and calendar, and the explanation on demand. */
export function SlaClockItem({ clock, headingLevel = 3 }: { clock: SlaClock; headingLevel?: 3 | 4 }) {
  const t = useT();
  const Heading = headingLevel === 3 ? "h3" : "h4";
  const titleId = `clock-${clock.id}-title`;
  return (
    <article
      className={`sla-clock sla-clock-${clock.status}`}
      aria-labelledby={titleId}
      data-metric={clock.metric}
      data-status={clock.status}
    >
      <Heading id={titleId} className="sla-clock-title">
        {clock.metricLabel} <ClockBadge clock={clock} />
      </Heading>
      <dl className="facts sla-clock-facts">
        <dt>{t("clock.due")}</dt>
        <dd>
          <time dateTime={clock.dueAt}>{clock.dueText}</time> KST
        </dd>
        {clock.remainingText ? (
          <>
            <dt>{t("clock.remainingLabel")}</dt>
            <dd className="sla-clock-remaining">{clock.remainingText}</dd>
          </>
        ) : null}
      </dl>
      {clock.stateText ? (
        <p className="sla-clock-state">{clock.stateAt ? <time dateTime={clock.stateAt}>{clock.stateText}</time> : clock.stateText}</p>
      ) : null}
      {clock.warnText && clock.status !== "overdue" ? (
        <p className="muted sla-clock-meta">{t("clock.warnAt", { at: clock.warnText })}</p>
      ) : null}
      <p className="muted sla-clock-meta">
        {t("clock.startedAt", { at: clock.startedText })} · {clock.policyText} · {clock.calendarText}
      </p>
      <details className="sla-clock-explain">
        <summary>{t("clock.explain")}</summary>
        {clock.explanation.length ? (
          <ol>
            {clock.explanation.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        ) : (
          <p className="muted">{t("clock.explainNone")}</p>
        )}
      </details>
    </article>
  );
}

/** The ticket page's SLA panel (in place of the generic timers table). */
export function SlaClocks({ clocks }: { clocks: SlaClock[] }) {
  const t = useT();
  return (
    <section aria-labelledby="sla-title" className="panel desk-panel sla-clocks" id="sla">
      <h2 id="sla-title">{t("clock.title")}</h2>
      <p className="muted sla-clock-intro">{t("clock.intro")}</p>
      {clocks.length === 0 ? (
        <p className="muted">{t("clock.empty")}</p>
      ) : (
        <ul className="plain-list sla-clock-list">
          {clocks.map((clock) => (
            <li key={clock.id}>
              <SlaClockItem clock={clock} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
