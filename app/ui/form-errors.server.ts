// The server half of the form toolkit: a domain error (DeskError) as what a form shows — each
// field's message beside it, or one message for the whole form — in the reader's language, and
// the one "not found" every page and action throws (the root error boundary shows it in words).
import { translateDynamic, type Lang } from "~/i18n/i18n";
import { DeskError } from "~/core/errors";
import { translateError } from "~/core/validation";

/** The 404 a loader or action throws; `plain` for file downloads, which no error page renders. */
export function notFoundResponse(options: { plain?: boolean } = {}): Response {
  return new Response("Not found", { status: 404, ...(options.plain ? { headers: { "Content-Type": "text/plain; charset=utf-8" } } : {}) });
}

/** A message key of any area translated, with the parameters it may carry ("error.tooLong?max=200"). */
export function translateMessage(lang: Lang, key: string): string {
  if (key.startsWith("error.")) return translateError(lang, key);
  const [name, query] = key.split("?", 2);
  return translateDynamic(lang, name, query ? Object.fromEntries(new URLSearchParams(query)) : undefined);
}

/**
 * The domain error a form's action caught: anything else is thrown on, and "not found" becomes the
 * 404 page. What is left is the form's to show (see `formErrorsOf`).
 */
export function domainError(error: unknown): DeskError {
  if (!(error instanceof DeskError)) throw error;
  if (error.status === 404) throw notFoundResponse();
  return error;
}

export type DomainFormErrors = { errors: Record<string, string>; formError?: string };

/**
 * A domain error's field errors translated, by field name (`rename` maps a domain path to the
 * form's field name); without any, its message as the form's error (`formKey` to say it another
 * way, e.g. a state error in the words of the step the person tried).
 */
export function formErrorsOf(
  error: DeskError,
  lang: Lang,
  options: { rename?: (field: string) => string; formKey?: string } = {},
): DomainFormErrors {
  const errors: Record<string, string> = {};
  for (const [field, key] of Object.entries(error.fieldErrors ?? {}))
    errors[options.rename ? options.rename(field) : field] = translateMessage(lang, key);
  return Object.keys(errors).length ? { errors } : { errors, formError: translateMessage(lang, options.formKey ?? error.messageKey) };
}

/** The same, for forms that show the whole-form message as the error of the field "_". */
export function errorsByField(
  error: DeskError,
  lang: Lang,
  options: { rename?: (field: string) => string; formKey?: string } = {},
): Record<string, string> {
  const { errors, formError } = formErrorsOf(error, lang, options);
  return formError === undefined ? errors : { ...errors, _: formError };
}
