// Progressive enhancement for the intake forms. Without JavaScript the browser's own checks
// (required, type=email, max) and the server do the work. With it, the form is checked before
// it is sent with the same zod schema the server uses, plus the file limits, and the errors
// appear beside the fields exactly as the server would show them.
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { z } from "zod";
import type { Translate } from "~/i18n/format";
import { useLang, useT } from "~/i18n/use-t";
import { errorKey, errorText, fieldErrorsIn } from "~/core/validation";
import type { IntakeActionData } from "./intake-action.server";
import { FILE_FIELD, FILE_MAX_BYTES, FILE_MAX_COUNT } from "./options";

const NO_ERRORS: Record<string, string> = {};

/** The first text value per field, as the server reads them. */
function textEntries(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string" && !(key in values)) values[key] = value;
  return values;
}

/** Count, emptiness and size; the type is judged by the server from the file's content. */
export function checkFilesInBrowser(entries: FormDataEntryValue[], t: Translate): string | undefined {
  const files = entries.filter((v): v is File => typeof v !== "string" && (v.size > 0 || v.name !== ""));
  if (files.length > FILE_MAX_COUNT) return errorText(t, errorKey("error.fileCount", { max: FILE_MAX_COUNT }));
  if (files.some((f) => f.size === 0)) return errorText(t, "error.fileEmpty");
  if (files.some((f) => f.size > FILE_MAX_BYTES)) return errorText(t, "error.fileSize");
  return undefined;
}

/** The same errors, listed in the order the fields appear (whole-form messages first). */
function inFieldOrder(errors: Record<string, string>, order: readonly string[]): Record<string, string> {
  const rank = (name: string) => (name === "_" ? -1 : order.includes(name) ? order.indexOf(name) : order.length);
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

export function useIntakeForm(schema: z.ZodType, server: IntakeActionData | undefined, fieldOrder: readonly string[]) {
  const lang = useLang();
  const t = useT();
  const [clientErrors, setClientErrors] = useState<Record<string, string> | null>(null);
  const [hydrated, setHydrated] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  useEffect(() => setHydrated(true), []);
  // Messages are translated when made: after a language switch, old ones go.
  useEffect(() => setClientErrors(null), [lang]);
  // The server did not keep the files: empty the input so that it matches the message.
  useEffect(() => {
    setClientErrors(null);
    if (server?.filesDropped && fileRef.current) fileRef.current.value = "";
  }, [server]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const result = schema.safeParse(textEntries(form));
    const errors = result.success ? {} : fieldErrorsIn(result.error, t);
    const fileError = checkFilesInBrowser(form.getAll(FILE_FIELD), t);
    if (fileError) errors[FILE_FIELD] = fileError;
    if (Object.keys(errors).length) {
      event.preventDefault();
      setClientErrors(errors);
    } else {
      setClientErrors(null);
    }
  }

  // Memoised: the error summary takes focus whenever this object changes.
  const source = clientErrors ?? server?.errors ?? NO_ERRORS;
  const errors = useMemo(() => inFieldOrder(source, fieldOrder), [source, fieldOrder]);

  return {
    errors,
    values: server?.values ?? {},
    filesDropped: !clientErrors && Boolean(server?.filesDropped),
    onSubmit,
    /** Once hydrated, the errors beside the fields replace the browser's own bubbles. */
    noValidate: hydrated,
    fileRef,
  };
}
