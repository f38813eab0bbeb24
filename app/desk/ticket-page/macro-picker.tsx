// "상용구 넣기" in the reply form: the macros come rendered for this ticket by the server. With
// JavaScript the chosen text goes into the reply at the cursor; without it the GET form reloads
// the page with ?macro=… and the reply box starts with the text.
import { Form, Link } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import type { RenderedMacro } from "~/desk/macros/macros.server";
import { useT } from "~/i18n/use-t";
import { fieldId, SelectField } from "~/ui/form";

/** The id of the reply form's text box (IntentTextArea form="reply" name="body"). */
export const REPLY_BODY_ID = fieldId("reply-body");

/** Puts `text` into the box at the cursor (replacing a selection), as if typed, and leaves the cursor after it. */
export function insertAtCursor(box: HTMLTextAreaElement, text: string) {
  const start = box.selectionStart ?? box.value.length;
  const end = box.selectionEnd ?? start;
  box.setRangeText(text, start, end, "end");
  box.dispatchEvent(new Event("input", { bubbles: true }));
  box.focus();
}

export function MacroPicker({ macros, chosen, canManage }: { macros: RenderedMacro[]; chosen: RenderedMacro | null; canManage: boolean }) {
  const t = useT();
  const select = useRef<HTMLSelectElement>(null);
  const [inserted, setInserted] = useState<string | null>(chosen ? chosen.title : null);
  if (macros.length === 0 && !canManage) return null;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const macro = macros.find((m) => m.id === select.current?.value);
    const box = document.getElementById(REPLY_BODY_ID);
    if (!macro || !(box instanceof HTMLTextAreaElement)) return;
    event.preventDefault();
    insertAtCursor(box, macro.text);
    setInserted(macro.title);
  };
  return (
    <details className="macro-picker" open={chosen ? true : undefined}>
      <summary>{t("workspace.macros.picker")}</summary>
      {macros.length ? (
        <Form method="get" className="form inline-form" onSubmit={onSubmit} aria-label={t("workspace.macros.picker")}>
          <SelectField
            name="macro"
            label={t("workspace.macros.pickerLabel")}
            layout="inline"
            selectRef={select}
            options={macros.map((m) => ({ value: m.id, label: m.teamName ? `${m.title} · ${m.teamName}` : m.title }))}
            defaultValue={chosen?.id ?? macros[0]!.id}
          />{" "}
          <button type="submit" className="secondary">
            {t("workspace.macros.insert")}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("workspace.macros.none")}</p>
      )}
      <p role="status" className="muted">
        {inserted ? t("workspace.macros.inserted", { title: inserted }) : null}
      </p>
      {canManage ? (
        <p>
          <Link to="/desk/macros">{t("workspace.macros.manage")}</Link>
        </p>
      ) : null}
    </details>
  );
}
