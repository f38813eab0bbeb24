// Small pieces shared by the operations pages.
import type { ReactNode } from "react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import type { DeadlineState } from "./rules";

/** A deadline's state in words (never colour alone) with the due time. */
export function DeadlineBadge({ state }: { state: DeadlineState }) {
  const t = useT();
  const cls = state === "met" ? "badge met" : state === "breached" ? "badge breached" : "badge";
  return <span className={cls}>{t(`ops.deadline.${state}`)}</span>;
}

/** A KST time with a machine-readable <time>. */
export function Kst({ at }: { at: string | Date | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const iso = typeof at === "string" ? at : at.toISOString();
  return <time dateTime={iso}>{formatKst(iso)}</time>;
}

/** A whole-form message (aria-live) after an action failed for a reason not tied to a field. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="error-summary" role="alert">
      {message}
    </p>
  );
}

/** The green confirmation after a successful action (announced politely). */
export function Done({ children }: { children?: ReactNode }) {
  return (
    <div role="status" aria-live="polite">
      {children ? <p className="notice">{children}</p> : null}
    </div>
  );
}

export function minutesText(t: (k: string, p?: Record<string, string | number>) => string, minutes: number | null): string {
  if (minutes === null) return "—";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? t("ops.duration.hm", { h, m }) : t("ops.duration.m", { m });
}
