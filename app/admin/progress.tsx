// The progress of a calendar recomputation: polled every second from the JSON route while it
// runs (with JavaScript), or as of the page load with a reload link (without).
import { Form, Link, useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import type { ProgressView } from "./calendar.server";

export const progressUrl = (version: number) => `/admin/calendar/progress/${version}`;

/** The latest known progress of `version`: the loader's, then each polled answer. */
export function useRecomputeProgress(initial: ProgressView, options: { poll?: boolean } = {}): ProgressView {
  const poll = options.poll ?? true;
  const fetcher = useFetcher<ProgressView>({ key: `recompute-${initial.version}` });
  const polled = fetcher.data && "version" in fetcher.data && fetcher.data.version === initial.version ? fetcher.data : null;
  // The newer of the two: a fresh loader answer (after a resume) wins over an older poll.
  const latest = polled && polled.asOf >= initial.asOf ? polled : initial;
  const running = poll && latest.state === "running";
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  useEffect(() => {
    if (!running) return;
    const id = window.setInterval(() => {
      if (fetcherRef.current.state === "idle") fetcherRef.current.load(progressUrl(initial.version));
    }, 1000);
    return () => window.clearInterval(id);
  }, [running, initial.version]);
  return latest;
}

export function stateLabel(t: Translate, p: ProgressView): string {
  if (p.state === "running" && p.local === "queued") return t("admin.recompute.state.queued");
  return t(`admin.recompute.state.${p.state}`);
}

/** One sentence with everything: read out by screen readers when it changes. */
export function progressSentence(t: Translate, p: ProgressView): string {
  const params = { version: p.version, state: stateLabel(t, p), candidates: p.candidates, examined: p.examined, moved: p.moved };
  if (p.state === "failed") return t("admin.recompute.sentenceFailed", { ...params, error: p.error ?? "" });
  return t(p.state === "done" ? "admin.recompute.sentenceDone" : "admin.recompute.sentence", params);
}

/** The panel that follows one recomputation, with its aria-live region. */
export function RecomputeProgressPanel({ progress, canEdit, year }: { progress: ProgressView; canEdit: boolean; year: number }) {
  const t = useT();
  const location = useLocation();
  const p = useRecomputeProgress(progress);
  const running = p.state === "running";
  return (
    <section aria-labelledby="recompute-title" className="panel progress-panel" id="recompute">
      <h2 id="recompute-title">{t("admin.recompute.title", { version: p.version })}</h2>
      <p className="muted">{t("admin.recompute.explain")}</p>
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="recompute-status" data-state={p.state}>
        <p>
          <strong>{stateLabel(t, p)}</strong> — {progressSentence(t, p)}
        </p>
      </div>
      <progress
        max={Math.max(p.candidates, 1)}
        value={running && p.candidates === 0 ? undefined : p.state === "done" ? Math.max(p.candidates, 1) : p.examined}
        aria-label={t("admin.recompute.progressLabel", { version: p.version })}
      />
      <dl className="facts">
        <dt>{t("admin.recompute.candidates")}</dt>
        <dd>{p.candidates}</dd>
        <dt>{t("admin.recompute.examined")}</dt>
        <dd>{p.examined}</dd>
        <dt>{t("admin.recompute.moved")}</dt>
        <dd>{p.moved}</dd>
      </dl>
      {running ? (
        <p className="muted">
          {t("admin.recompute.reloadHint")} <Link to={location.pathname + location.search}>{t("admin.recompute.reload")}</Link>
        </p>
      ) : null}
      {canEdit && (p.state === "failed" || (running && p.local === null)) ? (
        <ResumeForm version={p.version} year={year} failed={p.state === "failed"} />
      ) : null}
    </section>
  );
}

/** Resume a failed (or, in another process, interrupted) recomputation: it is idempotent. */
export function ResumeForm({ version, year, failed }: { version: number; year: number; failed: boolean }) {
  const t = useT();
  return (
    <Form method="post" action={`/admin/calendar?year=${year}`}>
      <input type="hidden" name="intent" value="resume" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="year" value={year} />
      <p className="muted">{failed ? t("admin.recompute.resumeFailedHint") : t("admin.recompute.resumeStaleHint")}</p>
      <button type="submit" className="secondary">
        {t("admin.recompute.resume", { version })}
      </button>
    </Form>
  );
}
