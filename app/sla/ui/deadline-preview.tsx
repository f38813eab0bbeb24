// Live due times on the staff "log a contact" form: as the arrival time, channel or options
// change, the desk counts the deadlines the contact would get and says how.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";

type Preview = { timers: Array<{ metric: string; dueAt: string; explanation: string[] }>; error?: string };

const FIELDS = ["channel", "category", "receivedAt", "requestedReplyBy", "callbackRequested", "resolvedOnContact"];

export function DeadlinePreview({ formId }: { formId: string }) {
  const t = useT();
  const fetcher = useFetcher<Preview>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const load = fetcher.load;

  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    const refresh = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        const data = new FormData(form);
        const query = new URLSearchParams();
        for (const name of FIELDS) {
          const value = data.get(name);
          if (typeof value === "string" && value !== "") query.set(name, value);
        }
        if (query.get("channel")) load(`/desk/sla-preview?${query.toString()}`);
      }, 250);
    };
    refresh();
    form.addEventListener("input", refresh);
    form.addEventListener("change", refresh);
    return () => {
      form.removeEventListener("input", refresh);
      form.removeEventListener("change", refresh);
      clearTimeout(timer.current);
    };
  }, [formId, load]);

  const timers = fetcher.data?.timers ?? [];
  return (
    <section className="panel" aria-labelledby="deadline-preview-title">
      <h2 id="deadline-preview-title">{t("sla.preview.title")}</h2>
      <p className="hint muted">{t("sla.preview.hint")}</p>
      <div aria-live="polite" aria-busy={fetcher.state !== "idle"}>
        {fetcher.data?.error === "receivedAt" ? <p>{t("sla.preview.badTime")}</p> : null}
        {timers.length === 0 && !fetcher.data?.error ? <p className="muted">{t("sla.preview.none")}</p> : null}
        {timers.length > 0 ? (
          <ul>
            {timers.map((timer) => (
              <li key={timer.metric}>
                <strong>{t.dynamic(`desk.metric.${timer.metric}`)}</strong>: {formatKst(timer.dueAt)}
                <details>
                  <summary>{t("sla.preview.how")}</summary>
                  <ul>
                    {timer.explanation.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
