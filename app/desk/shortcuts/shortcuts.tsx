// The keyboard shortcuts of the queue and the ticket page, with their help dialog on "?" (a modal
// <dialog>: focus stays inside, Escape closes it, focus returns to where it was). The decisions
// are in ./keys.ts; this only reads the page and acts.
import { useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from "react";
import { QUEUE_SEARCH_ID } from "~/desk/queue";
import { REPLY_BODY_ID } from "~/desk/ticket-page/macro-picker";
import { useT } from "~/i18n/use-t";
import { moveRow, resolveShortcut, SEQUENCE_MS, SHORTCUTS, type ShortcutAction, type ShortcutPage } from "./keys";

const ROW_LINKS = "table a.ref-link";

export function KeyboardShortcuts({ page }: { page: ShortcutPage }) {
  const t = useT();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const pending = useRef<number | null>(null);
  const current = useRef(-1);
  const [message, setMessage] = useState("");
  // Marks the shortcuts as listening (after hydration); tests wait for it.
  const [ready, setReady] = useState(false);

  const openHelp = () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.showModal();
  };

  useEffect(() => {
    const run = (action: ShortcutAction) => {
      setMessage("");
      if (action === "help") return openHelp();
      if (action === "goQueue") return navigate("/desk");
      if (action === "search") {
        const box = document.getElementById(QUEUE_SEARCH_ID);
        if (box instanceof HTMLInputElement) {
          box.focus();
          box.select();
        }
        return;
      }
      if (action === "next" || action === "prev" || action === "open") {
        const links = Array.from(document.querySelectorAll<HTMLAnchorElement>(ROW_LINKS));
        const focused = links.indexOf(document.activeElement as HTMLAnchorElement);
        const at = focused >= 0 ? focused : current.current;
        if (action === "open") {
          links[at >= 0 ? at : 0]?.click();
          return;
        }
        current.current = moveRow(at, action === "next" ? 1 : -1, links.length);
        links[current.current]?.focus();
        return;
      }
      if (action === "reply") {
        const box = document.getElementById(REPLY_BODY_ID);
        if (box instanceof HTMLTextAreaElement) {
          box.scrollIntoView({ block: "center" });
          box.focus();
        } else setMessage(t("workspace.keys.unavailable.reply"));
        return;
      }
      // "Assign to me" is the assign form whose assignee is fixed (a hidden field), not chosen.
      const mine = document.querySelector<HTMLInputElement>('form[data-intent="assign"] input[type="hidden"][name="assignee"]');
      if (mine?.form) mine.form.requestSubmit();
      else setMessage(t("workspace.keys.unavailable.assignMe"));
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || dialog.current?.open) return;
      const waiting = pending.current !== null && Date.now() - pending.current < SEQUENCE_MS ? "g" : null;
      const el = event.target instanceof HTMLElement ? event.target : null;
      const target = el && {
        tagName: el.tagName,
        type: el instanceof HTMLInputElement ? el.type : undefined,
        isContentEditable: el.isContentEditable,
        role: el.getAttribute("role"),
      };
      const { action, pending: next } = resolveShortcut(
        { key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, target },
        page,
        waiting,
      );
      pending.current = next ? Date.now() : null;
      if (!action) return;
      event.preventDefault();
      run(action);
    };
    document.addEventListener("keydown", onKey);
    setReady(true);
    return () => document.removeEventListener("keydown", onKey);
  }, [page, navigate, t]);

  // Tab and Shift+Tab go round the dialog's own controls.
  const keepFocusInside = (event: ReactKeyboardEvent<HTMLDialogElement>) => {
    if (event.key !== "Tab" || !dialog.current) return;
    const focusable = Array.from(dialog.current.querySelectorAll<HTMLElement>("button, [href], [tabindex]:not([tabindex='-1'])"));
    if (!focusable.length) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="shortcuts" data-ready={ready ? "" : undefined}>
      <button type="button" className="secondary shortcuts-open" onClick={openHelp} aria-keyshortcuts="?">
        {t("workspace.keys.open")}
      </button>
      <p role="status" className="muted">
        {message}
      </p>
      <dialog
        ref={dialog}
        className="shortcuts-dialog"
        aria-labelledby="shortcuts-title"
        onClose={() => opener.current?.focus()}
        onKeyDown={keepFocusInside}
      >
        <h2 id="shortcuts-title">{t("workspace.keys.title")}</h2>
        <p>{t("workspace.keys.intro")}</p>
        <dl className="shortcut-list">
          {SHORTCUTS[page].map((s) => (
            <div key={s.action}>
              <dt>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? <span className="muted"> {t("workspace.keys.then")} </span> : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </dt>
              <dd>{t(`workspace.keys.action.${s.action}`)}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog">
          <button type="submit" className="primary" autoFocus>
            {t("workspace.keys.close")}
          </button>
        </form>
      </dialog>
    </div>
  );
}
