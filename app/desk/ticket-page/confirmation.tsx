import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useT } from "~/i18n/use-t";
import type { DoneKey } from "./types";

/** The "done" message after a successful action: announced politely and given focus. */
export function Confirmation({ done }: { done: DoneKey | null }) {
  const t = useT();
  const location = useLocation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) ref.current?.focus();
  }, [done, location.key]);
  return (
    <div aria-live="polite" role="status" className="desk-live">
      {done ? (
        <p className="notice" tabIndex={-1} ref={ref} id="action-done">
          {t(`desk.done.${done}`)}
        </p>
      ) : null}
    </div>
  );
}
