// The ticket page's one action: read the form (multipart for uploads), pick the intent,
// validate with the shared schema, call the ticket service, and answer with a redirect
// (success) or the errors and typed values of THAT form (failure). Never a 5xx for bad input.
import { data, redirect } from "@remix-run/node";
import type { StaffUser } from "~/core/staff-user";
import { staffActor } from "~/core/staff-user";
import { translate, type Lang } from "~/i18n/i18n";
import { hasRole } from "~/core/actor";
import { readUploadedFiles } from "~/tickets/attachments.server";
import {
  assignSchema,
  callbackSchema,
  happyCallSchema,
  interimNoticeSchema,
  noteSchema,
  pauseSchema,
  reopenSchema,
  replySchema,
} from "~/tickets/schemas";
import {
  addAttachments,
  addInternalNote,
  assignTicket,
  closeTicket,
  logCallback,
  recordHappyCall,
  pauseTicket,
  reopenTicket,
  replyToCustomer,
  resolveTicket,
  resumeTicket,
  sendInterimNotice,
} from "~/tickets/tickets.server";
import { parseForm, textValues } from "~/ui/form-data.server";
import { translateError } from "~/core/validation";
import { closeConfirmedSchema, resolveConfirmedSchema } from "~/tickets/confirm";
import { isIntent, type Intent } from "~/tickets/constants";
import { domainError, formErrorsOf } from "~/ui/form-errors.server";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { auditTicketChange } from "~/security/audit.server";

export type TicketActionResult = {
  intent: Intent | null;
  /** Field name → translated message, shown beside the field of the submitted form. */
  errors: Record<string, string>;
  /** What was typed, put back into the submitted form. */
  values: Record<string, string>;
  /** A message for the whole form (e.g. "not allowed in the current state"). */
  formError?: string;
};

/** The upload form's file input. */
const FILES_FIELD = "files";

function fail(status: number, result: TicketActionResult) {
  return data(result, { status });
}

export async function handleTicketAction(request: Request, reference: string, user: StaffUser, lang: Lang) {
  const actor = staffActor(user);
  const read = await readFormWithFiles(request, FILES_FIELD);
  if (!read.ok) {
    // Only the upload form sends multipart: a body too large for it is told beside its file field.
    const multipart = /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
    if (read.status === 413 && multipart) {
      return fail(413, { intent: "upload", errors: { [FILES_FIELD]: translateError(lang, read.error) }, values: {} });
    }
    return fail(read.status, { intent: null, errors: {}, values: {}, formError: translateError(lang, read.error) });
  }
  const form = read.form;
  const intent = form.get("intent");
  if (!isIntent(intent)) {
    return fail(400, { intent: null, errors: {}, values: {}, formError: translate(lang, "desk.error.unknownAction") });
  }

  const invalid = (errors: Record<string, string>, values: Record<string, string>) => fail(422, { intent, errors, values });
  // Every change that succeeded is one `ticket.change` row (who, address, request id, intent).
  const done = async () => {
    await auditTicketChange(request, user, reference, intent);
    return redirect(`/desk/tickets/${encodeURIComponent(reference)}?done=${intent}`, { status: 303 });
  };

  try {
    switch (intent) {
      case "reply": {
        const parsed = parseForm(replySchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await replyToCustomer(reference, parsed.data, actor);
        return await done();
      }
      case "note": {
        const parsed = parseForm(noteSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await addInternalNote(reference, parsed.data, actor);
        return await done();
      }
      case "assign": {
        const parsed = parseForm(assignSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await assignTicket(reference, parsed.data.assignee, actor);
        return await done();
      }
      case "interim": {
        const parsed = parseForm(interimNoticeSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        // Only a manager's own submission can record a manager's approval.
        const managerApproval = hasRole(actor, "manager") && parsed.data.managerApproval === true;
        await sendInterimNotice(reference, { ...parsed.data, managerApproval }, actor);
        return await done();
      }
      case "callback": {
        const parsed = parseForm(callbackSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await logCallback(reference, parsed.data, actor);
        return await done();
      }
      case "pause": {
        const parsed = parseForm(pauseSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await pauseTicket(reference, parsed.data, actor);
        return await done();
      }
      case "resume":
        await resumeTicket(reference, actor);
        return await done();
      case "resolve": {
        // Irreversible: the page's form asks for "확인했습니다" (the API's schema does not).
        const parsed = parseForm(resolveConfirmedSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await resolveTicket(reference, { answer: parsed.data.answer, via: parsed.data.via }, actor);
        return await done();
      }
      case "reopen": {
        const parsed = parseForm(reopenSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await reopenTicket(reference, parsed.data, actor);
        return await done();
      }
      case "happycall": {
        const parsed = parseForm(happyCallSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await recordHappyCall(reference, parsed.data, actor);
        return await done();
      }
      case "close": {
        const parsed = parseForm(closeConfirmedSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await closeTicket(reference, actor);
        return await done();
      }
      case "upload": {
        if (read.fileError)
          return fail(read.fileError === "error.fileSize" ? 413 : 422, {
            intent,
            errors: { files: translateError(lang, read.fileError) },
            values: {},
          });
        const { files, error } = await readUploadedFiles(form.getAll(FILES_FIELD));
        if (error) return invalid({ files: translateError(lang, error) }, {});
        if (files.length === 0) return invalid({ files: translate(lang, "desk.error.noFiles") }, {});
        await addAttachments(reference, files, actor);
        return await done();
      }
    }
  } catch (error) {
    const failed = domainError(error);
    return fail(failed.status, { intent, values: intent === "upload" ? {} : textValues(form), ...formErrorsOf(failed, lang) });
  }
}
