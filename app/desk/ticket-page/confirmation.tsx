import { useT } from "~/i18n/use-t";
import { DoneNotice } from "~/ui/done-notice";
import type { DoneKey } from "./types";

/** The "done" message after a successful action on the ticket page. */
export function Confirmation({ done }: { done: DoneKey | null }) {
  const t = useT();
  return <DoneNotice id="action-done" text={done ? t(`desk.done.${done}`) : null} />;
}
