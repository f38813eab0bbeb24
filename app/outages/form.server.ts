// The operations pages' actions: read a small urlencoded form safely, validate it with the shared
// schema, call the service, and turn a DeskError into errors beside fields (never a 5xx).
import { data } from "@remix-run/node";
import type { z } from "zod";
import { translate, type Lang } from "~/i18n/i18n";
import { DeskError } from "~/core/errors";
import { parseForm, textValues } from "~/ui/form-data.server";
import { domainError, formErrorsOf, notFoundResponse } from "~/ui/form-errors.server";

export type OpsActionData = {
  /** Which form on the page was submitted. */
  intent: string | null;
  errors: Record<string, string>;
  values: Record<string, string>;
  formError?: string;
};

const MAX_BODY = 64 * 1024;

export async function readSmallForm(request: Request): Promise<FormData | null> {
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_BODY) return null;
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

export function failure(status: number, result: OpsActionData) {
  return data(result, { status });
}

export function badRequest(lang: Lang) {
  return failure(400, { intent: null, errors: {}, values: {}, formError: translate(lang, "ops.error.badRequest") });
}

/**
 * Validates `form` with `schema` and runs `run`; failures come back as the submitted form's
 * errors and typed values (422, or the DeskError's status). 404s are thrown as responses.
 */
export async function runForm<S extends z.ZodType, R>(
  intent: string | null,
  schema: S,
  form: FormData,
  lang: Lang,
  run: (input: z.output<S>) => Promise<R>,
): Promise<R | ReturnType<typeof failure>> {
  const parsed = parseForm(schema, form, lang);
  if (!parsed.ok) return failure(422, { intent, errors: parsed.errors, values: parsed.values });
  try {
    return await run(parsed.data);
  } catch (error) {
    return deskFailure(error, intent, textValues(form), lang);
  }
}

export function deskFailure(error: unknown, intent: string | null, values: Record<string, string>, lang: Lang) {
  const failed = domainError(error);
  return failure(failed.status, { intent, values, ...formErrorsOf(failed, lang) });
}

/**
 * For pages with several forms: each form's fields are named `<intent>-<field>` (unique ids on
 * the page); the prefix is taken off for the schema and put back on the errors and values.
 */
export async function runPrefixedForm<S extends z.ZodType, R>(
  intent: string,
  schema: S,
  form: FormData,
  lang: Lang,
  run: (input: z.output<S>) => Promise<R>,
) {
  const prefix = `${intent}-`;
  const inner = new FormData();
  for (const [key, value] of form.entries()) if (key.startsWith(prefix)) inner.append(key.slice(prefix.length), value);
  const result = await runForm(intent, schema, inner, lang, run);
  if (isFailure(result)) {
    const d = result.data;
    const add = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k === "_" ? k : `${prefix}${k}`, v]));
    return failure(result.init?.status ?? 422, { ...d, errors: add(d.errors), values: add(d.values) });
  }
  return result;
}

function isFailure(value: unknown): value is ReturnType<typeof failure> {
  return !!value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit";
}

/** A service's "not found" as the 404 page; other errors pass through. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof DeskError && error.status === 404) throw notFoundResponse();
    throw error;
  }
}
