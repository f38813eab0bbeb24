// The one action flow of both intake forms: read the multipart body → validate text with the
// shared schema and files by content → create the ticket → the caller redirects. On failure the
// form data comes back with translated errors per field and everything that was typed.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { type Lang } from "~/i18n/i18n";
import { readUploadedFiles, type CheckedAttachment } from "~/tickets/attachments.server";
import { DeskError } from "~/core/errors";
import { flatFieldName } from "~/tickets/schemas";
import { parseForm, textValues } from "~/ui/form-data.server";
import { errorsByField, translateMessage as message } from "~/ui/form-errors.server";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { FILE_FIELD } from "./options";

export type IntakeActionData = {
  /** Field name (or "_" for the whole form) → translated message. */
  errors: Record<string, string>;
  /** What was typed, to put back into the form. */
  values: Record<string, string>;
  /** Files were sent but not kept: the person has to choose them again. */
  filesDropped: boolean;
};

export async function handleIntake<S extends z.ZodType>(
  request: Request,
  schema: S,
  lang: Lang,
  create: (intake: z.output<S>, attachments: CheckedAttachment[]) => Promise<Response>,
) {
  const upload = await readFormWithFiles(request, FILE_FIELD);
  if (!upload.ok) {
    const where = upload.status === 413 ? FILE_FIELD : "_";
    const failure: IntakeActionData = { errors: { [where]: message(lang, upload.error) }, values: {}, filesDropped: true };
    return data(failure, { status: upload.status });
  }
  const { form } = upload;
  const parsed = parseForm(schema, form, lang);
  const files = upload.fileError ? { files: [], error: upload.fileError } : await readUploadedFiles(form.getAll(FILE_FIELD));
  if (!parsed.ok || files.error) {
    const errors = parsed.ok ? {} : { ...parsed.errors };
    if (files.error) errors[FILE_FIELD] = message(lang, files.error);
    const failure: IntakeActionData = { errors, values: parsed.ok ? textValues(form) : parsed.values, filesDropped: upload.hadFiles };
    return data(failure, { status: 422 });
  }
  try {
    return await create(parsed.data, files.files);
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const failure: IntakeActionData = {
      errors: errorsByField(error, lang, { rename: flatFieldName }),
      values: textValues(form),
      filesDropped: upload.hadFiles,
    };
    return data(failure, { status: error.status });
  }
}
