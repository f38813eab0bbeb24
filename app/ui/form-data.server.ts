// Reading forms on the server: text values to echo back (so nothing typed is lost) and
// validation with the same zod schema the browser uses.
import type { z } from "zod";
import type { Lang } from "~/i18n/i18n";
import { fieldErrors, type FieldErrors } from "~/core/validation";

/** The text values of a form, to put back into the fields after a failed submission. */
export function textValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !(key in values)) values[key] = value.slice(0, 25_000);
  }
  return values;
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
  lang: Lang,
  rename?: (path: string) => string,
): FormResult<z.output<S>> {
  const values = textValues(form);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors = fieldErrors(result.error, lang);
  const renamed: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) renamed[rename ? rename(k) : k] ??= v;
  return { ok: false, errors: renamed, values };
}
