// Live updates on a desk page (ADR 0015): listens to /desk/live (server-sent events), reloads the
// page's data (debounced) when a ticket it shows changes, announces it politely, and on a ticket
// page says who else has it open or has just acted on it. Mounted with one line:
// <LiveUpdates /> on the queue, <LiveUpdates reference={…} /> on a ticket page.
import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { Translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";

type LiveActor = { kind: "staff"; name: string } | { kind: "integration"; name: string } | { kind: "customer" } | { kind: "system" };
type TicketChange = { type: "ticket"; reference: string; kind: string; by: LiveActor; self: boolean };

/** Changes arriving within this long are one reload and one announcement. */
const DEBOUNCE_MS = 400;
/** "…님이 방금 답변을 보냈습니다" stays this long. */
const RECENT_MS = 2 * 60_000;

const NAMED_KINDS = new Set([
  "reply.sent",
  "note.added",
  "ticket.assigned",
  "interim_notice.sent",
  "ticket.resolved",
  "ticket.paused",
  "ticket.resumed",
  "ticket.reopened",
  "ticket.closed",
  "callback.logged",
  "message.received",
  "attachment.added",
]);
const actionKey = (kind: string) => (NAMED_KINDS.has(kind) ? kind : "other");

/**
 * Whether someone is typing in a form of the page: reloading could then re-create the form (the
 * ticket page starts its forms afresh when the history grows) and lose it, so we ask instead.
 */
function typing(): boolean {
  const fields = document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    'form[method="post"] textarea, form[method="post"] input',
  );
  for (const f of fields) {
    if (f instanceof HTMLInputElement) {
      if (f.type === "hidden" || f.type === "file" || f.type === "submit") continue;
      if (f.type === "checkbox" || f.type === "radio") {
        if (f.checked !== f.defaultChecked) return true;
        continue;
      }
    }
    if (f.value !== f.defaultValue) return true;
  }
  return false;
}

/** The short announcement of a change on the ticket page. */
function changeText(t: Translate, change: TicketChange): string {
  const action = t.dynamic(`live.done.${actionKey(change.kind)}`);
  if (change.by.kind === "staff" || change.by.kind === "integration") return t("live.changedBy", { name: change.by.name, action });
  if (change.by.kind === "customer") return t("live.changedByCustomer", { action });
  return t("live.changed");
}

export function LiveUpdates({ reference }: { reference?: string }) {
  const t = useT();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [announcement, setAnnouncement] = useState("");
  const [viewers, setViewers] = useState<string[]>([]);
  const [recent, setRecent] = useState<{ name: string; kind: string; at: number } | null>(null);
  const [stale, setStale] = useState(false);
  // A page restored from the back/forward cache had its stream closed on leaving: open a new one.
  const [opened, setOpened] = useState(0);
  useEffect(() => {
    const restored = (e: PageTransitionEvent) => {
      if (!e.persisted) return;
      setOpened((n) => n + 1);
      revalidate.current();
    };
    window.addEventListener("pageshow", restored);
    return () => window.removeEventListener("pageshow", restored);
  }, []);

  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource(reference ? `/desk/live?ticket=${encodeURIComponent(reference)}` : "/desk/live");
    let timer: ReturnType<typeof setTimeout> | undefined;
    let batch: { created: number; change: TicketChange | null; reload: boolean } = { created: 0, change: null, reload: false };
    const flush = () => {
      const { created, change, reload } = batch;
      batch = { created: 0, change: null, reload: false };
      if (!reload) return;
      if (reference && change) setAnnouncement(changeText(t, change));
      else if (!reference && created > 0) setAnnouncement(t("live.newTickets", { n: created }));
      if (typing()) setStale(true);
      else revalidate.current();
    };
    const schedule = () => {
      batch.reload = true;
      clearTimeout(timer);
      timer = setTimeout(flush, DEBOUNCE_MS);
    };
    const onTicket = (e: MessageEvent<string>) => {
      const change = JSON.parse(e.data) as TicketChange;
      // One's own action already reloaded the page that made it.
      if (change.self) return;
      if (change.kind === "ticket.created") batch.created++;
      // The first change by a person names the batch; the clocks' own entries follow quietly.
      if (change.by.kind !== "system" && !batch.change) batch.change = change;
      if (reference && change.by.kind === "staff") setRecent({ name: change.by.name, kind: change.kind, at: Date.now() });
      schedule();
    };
    const onPresence = (e: MessageEvent<string>) => {
      const { viewers } = JSON.parse(e.data) as { viewers: Array<{ name: string }> };
      setViewers([...new Set(viewers.map((v) => v.name))]);
    };
    source.addEventListener("ticket", onTicket);
    source.addEventListener("bulk", schedule);
    source.addEventListener("resync", schedule);
    source.addEventListener("presence", onPresence);
    // Leaving the page ends the stream at once (a page kept for "back" must not count as a viewer).
    const leave = () => source.close();
    window.addEventListener("pagehide", leave);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("pagehide", leave);
      source.close();
    };
    // t changes with the language only; a new reference is a new stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reference, opened]);

  // "…님이 방금 …" fades after RECENT_MS.
  useEffect(() => {
    if (!recent) return;
    const id = setTimeout(() => setRecent(null), Math.max(0, recent.at + RECENT_MS - Date.now()));
    return () => clearTimeout(id);
  }, [recent]);

  const reload = () => {
    setStale(false);
    revalidate.current();
  };

  return (
    <div className="live-updates">
      <p role="status" aria-live="polite" className="live-announcement">
        {announcement}
      </p>
      {reference ? (
        <div role="status" aria-live="polite" className="live-presence">
          {viewers.length > 0 ? <p className="warning">{t("live.viewing", { names: viewers.join(", ") })}</p> : null}
          {recent ? (
            <p className="warning">{t("live.justActed", { name: recent.name, action: t.dynamic(`live.did.${actionKey(recent.kind)}`) })}</p>
          ) : null}
        </div>
      ) : null}
      {stale ? (
        <p className="warning live-stale">
          {t("live.stale")}{" "}
          <button type="button" className="link-button" onClick={reload}>
            {t("live.reload")}
          </button>
        </p>
      ) : null}
    </div>
  );
}
