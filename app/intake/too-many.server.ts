// The intake's answer when the per-client limit (security/limits.server.ts) refuses a post.
import { data } from "@remix-run/node";
import type { Lang } from "~/i18n/i18n";
import { tooManyMessage } from "~/security/limits.server";
import { textValues } from "~/ui/form-data.server";
import { readFormWithFiles } from "~/uploads/read-form.server";
import type { IntakeActionData } from "./intake-action.server";
import { FILE_FIELD } from "./options";

/**
 * The answer to an /inquiry post over the limit: the form again with the message and what was
 * typed (files are not kept), status 429 with Retry-After. Same shape as the intake's own errors.
 */
export async function tooManyInquiries(request: Request, lang: Lang, retryAfterSeconds: number) {
  const upload = await readFormWithFiles(request, FILE_FIELD);
  const failure: IntakeActionData = {
    errors: { _: tooManyMessage(lang, retryAfterSeconds) },
    values: upload.ok ? textValues(upload.form) : {},
    filesDropped: upload.ok ? upload.hadFiles : true,
  };
  return data(failure, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}
