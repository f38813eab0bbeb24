// Shared by browser and server: zod issues carry message keys (see i18n/messages/errors.ts),
// optionally with parameters encoded as "error.tooLong?max=200".
import { z } from "zod";
import type { Translate } from "~/i18n/format";
import { translator, type Lang } from "~/i18n/i18n";
import { masked } from "./masked-text";

export type FieldErrors = Record<string, string>;

export function errorKey(key: string, params?: Record<string, string | number>): string {
  if (!params) return key;
  return `${key}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;
}

/** An error key ("error.tooLong?max=200") as text; anything else is returned as it is. */
export function errorText(t: Translate, message: string): string {
  const [key, query] = message.split("?", 2);
  if (!key.startsWith("error.")) return message;
  const params = query ? Object.fromEntries(new URLSearchParams(query)) : undefined;
  return t.dynamic(key, params);
}

/** errorText on the server, in a language. */
export function translateError(lang: Lang, message: string): string {
  return errorText(translator(lang), message);
}

/** First error per field path ("customer.email"), translated (in the browser: with useT()'s translator). */
export function fieldErrorsIn(error: z.ZodError, t: Translate): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join(".") || "_";
    if (!(path in out)) out[path] = errorText(t, issue.message);
  }
  return out;
}

/** First error per field path ("customer.email"), translated on the server. */
export function fieldErrors(error: z.ZodError, lang: Lang): FieldErrors {
  return fieldErrorsIn(error, translator(lang));
}

// Control characters other than tab/newline/CR (NUL above all) are refused, never stored; so is
// U+FFFD, which is what bytes that were not valid UTF-8 decode to.
const CONTROL_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const stringInput = z.string({
  error: (issue) => (issue.input === undefined || issue.input === null ? "error.required" : "error.invalid"),
});

/**
 * Over the limit: refused with the limit and the length typed (issue 21: never cut silently; the
 * person sees how much to shorten). Counted as zod's .max counts (UTF-16 units).
 */
function tooLong(v: string, max: number, ctx: z.RefinementCtx) {
  if (v.length > max) ctx.addIssue({ code: "custom", message: errorKey("error.tooLongNow", { max, length: v.length }) });
}

/** A required single- or multi-line text: trimmed, non-empty, bounded, no control characters. */
export function requiredText(max: number) {
  return stringInput
    .transform((v) => v.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, "error.required")
        .superRefine((v, ctx) => tooLong(v, max, ctx))
        .refine((v) => !CONTROL_CHARS.test(v), "error.controlChars"),
    );
}

/**
 * Free text a person typed (a body, a reason, a note, a name): `requiredText` with every personal
 * number masked as it is parsed — the one boundary (ADR 0008) — typed `MaskedText`.
 */
export function maskedText(max: number) {
  return requiredText(max).transform((v) => masked(v));
}

/** `optionalText` for free text a person typed: masked as it is parsed, typed `MaskedText`. */
export function optionalMaskedText(max: number) {
  return z
    .union([z.string(), z.null(), z.undefined()], { error: "error.invalid" })
    .transform((v) => (v == null ? "" : v.normalize("NFC").trim()))
    .pipe(
      z
        .string()
        .max(max, errorKey("error.tooLong", { max }))
        .refine((v) => !CONTROL_CHARS.test(v), "error.controlChars"),
    )
    .transform((v) => (v === "" ? undefined : masked(v)))
    .optional();
}

/** An optional text: empty or missing (also an absent key) becomes undefined. */
export function optionalText(max: number) {
  return z
    .union([z.string(), z.null(), z.undefined()], { error: "error.invalid" })
    .transform((v) => (v == null ? "" : v.normalize("NFC").trim()))
    .pipe(
      z
        .string()
        .superRefine((v, ctx) => tooLong(v, max, ctx))
        .refine((v) => !CONTROL_CHARS.test(v), "error.controlChars"),
    )
    .transform((v) => (v === "" ? undefined : v))
    .optional(); // zod 4: a key may be absent only when its schema is optional on input
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === "" ? "error.required" : "error.invalidChoice") });
}

/** HTML checkbox ("on", absent when unticked) or JSON boolean. */
export const checkbox = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.undefined(), z.null()], {
    error: "error.invalid",
  })
  .optional()
  .transform((v) => v === true || v === "on" || v === "true");
