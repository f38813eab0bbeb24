import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** The message after a successful action: announced politely and given focus (again on each new visit). */
export function DoneNotice({ text, id }: { text: string | null; id: string }) {
  const location = useLocation();
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text, location.key]);
  return (
    <div aria-live="polite" role="status" className="desk-live">
      {text ? (
        <p className="notice" tabIndex={-1} ref={ref} id={id}>
          {text}
        </p>
      ) : null}
    </div>
  );
}
