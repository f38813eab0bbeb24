import type { ReactNode } from "react";
import type { Intent } from "~/tickets/constants";

/** One action of the ticket page: a plain panel, or a collapsed one for the rarer actions. */
export function ActionSection({
  id,
  title,
  hint,
  collapsible,
  open,
  resetKey,
  children,
}: {
  id: Intent;
  resetKey?: string;
  title: string;
  hint?: string;
  collapsible?: boolean;
  open?: boolean;
  children: ReactNode;
}) {
  const heading = (
    <h3 id={`action-${id}-title`} className="action-title">
      {title}
    </h3>
  );
  const body = (
    <>
      {hint ? <p className="muted">{hint}</p> : null}
      {children}
    </>
  );
  if (collapsible) {
    // Keyed by the page's reset key: after a successful action every section starts closed again.
    return (
      <details key={resetKey} className="panel desk-action" id={`action-${id}`} open={open || undefined}>
        <summary>{heading}</summary>
        {body}
      </details>
    );
  }
  return (
    <section className="panel desk-action" id={`action-${id}`} aria-labelledby={`action-${id}-title`}>
      {heading}
      {body}
    </section>
  );
}
