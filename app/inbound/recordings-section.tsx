// The ticket page's voicemail recordings: for staff only (the customer's pages never carry the
// address). The audio stays at Twilio; the link opens it there (a Twilio login may be asked).
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import type { LinkedRecording } from "./voice.server";

export function RecordingsSection({ recordings }: { recordings: LinkedRecording[] }) {
  const t = useT();
  if (!recordings.length) return null;
  return (
    <section id="recordings" aria-labelledby="recordings-title" className="panel desk-panel">
      <h2 id="recordings-title">{t("voiceDesk.recordings.title")}</h2>
      <p className="muted">{t("voiceDesk.recordings.hint")}</p>
      <ul>
        {recordings.map((r) => (
          <li key={r.id}>
            <a href={r.url} target="_blank" rel="noreferrer noopener">
              {t("voiceDesk.recordings.item", { at: formatKst(r.createdAt), seconds: r.durationSeconds })}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
