// Bulk assign and bulk close from the queue: every selected ticket goes through the same service
// call as the single action on its page (access check, state rules, its own transaction and
// history event), one after the other; the answer says in words how many went through and,
// ticket by ticket, why the others did not.
import { z } from "zod";
import { staffActor, type StaffUser } from "~/core/staff-user";
import { translate, translateDynamic, type Lang } from "~/i18n/i18n";
import { auditPermissionDenied, auditTicketChange } from "~/security/audit.server";
import { DeskError } from "~/core/errors";
import { REFERENCE_PATTERN } from "~/core/reference.server";
import { assignSchema } from "~/tickets/schemas";
import { assignTicket, closeTicket, findStaff } from "~/tickets/tickets.server";
import { executor } from "~/db/connection";
import { textValues } from "~/ui/form-data.server";
import { translateError } from "~/core/validation";
import { confirmed, CONFIRM_FIELD } from "~/tickets/confirm";

export const BULK_MAX = 50;
export const BULK_ACTIONS = ["assign", "close"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export type BulkResult = {
  /** Field errors of the bulk form (nothing was done). */
  errors: Record<string, string>;
  /** What was chosen, put back into the form after an error. */
  values: { action: string; assignee: string; tickets: string[] };
  /** After a run: the summary lines, and each failed ticket with its reason. */
  done?: { succeeded: string[]; summary: string; failed: Array<{ reference: string; reason: string }> };
};

const ticketsSchema = z.array(z.string().regex(REFERENCE_PATTERN)).min(1, "queue.bulk.noneSelected").max(BULK_MAX);

function reasonOf(error: unknown, lang: Lang): string {
  if (error instanceof DeskError) {
    if (error.status === 404) return translate(lang, "queue.bulk.notFound");
    if (error.status === 403) return translate(lang, "queue.bulk.forbidden");
    const key = Object.values(error.fieldErrors ?? {})[0] ?? error.messageKey;
    return key.startsWith("error.") ? translateError(lang, key) : translateDynamic(lang, key);
  }
  throw error;
}

/** Reads the queue's bulk form and runs it; never throws for bad input or a refused ticket. */
export async function runBulk(
  request: Request,
  form: FormData,
  user: StaffUser,
  lang: Lang,
): Promise<{ status: number; result: BulkResult }> {
  const typed = textValues(form);
  const refs = form.getAll("tickets").filter((v): v is string => typeof v === "string");
  const values = { action: typed.action ?? "", assignee: typed.assignee ?? "", tickets: refs.slice(0, BULK_MAX) };
  const errors: Record<string, string> = {};

  const tickets = ticketsSchema.safeParse([...new Set(refs)]);
  if (!tickets.success) {
    const tooMany = refs.length > BULK_MAX;
    errors.tickets = tooMany ? translate(lang, "queue.bulk.tooMany", { max: BULK_MAX }) : translate(lang, "queue.bulk.noneSelected");
  }
  const action = z.enum(BULK_ACTIONS).safeParse(typed.action);
  if (!action.success) errors.action = translate(lang, "queue.bulk.chooseAction");
  let assigneeName = "";
  let assigneeId = "";
  if (action.success && action.data === "assign") {
    // The single assign's schema first: no control characters (NUL) ever reach the database.
    const chosen = assignSchema.safeParse({ assignee: typed.assignee });
    const person = chosen.success ? await findStaff(executor(), chosen.data.assignee) : null;
    if (!person) errors.assignee = translate(lang, "queue.bulk.chooseAssignee");
    else {
      assigneeName = person.name;
      assigneeId = person.id;
    }
  }
  if (action.success && action.data === "close" && !confirmed.safeParse(typed[CONFIRM_FIELD]).success) {
    errors[CONFIRM_FIELD] = translateError(lang, "error.mustConfirm");
  }
  if (Object.keys(errors).length || !tickets.success || !action.success) return { status: 422, result: { errors, values } };

  const actor = staffActor(user);
  const succeeded: string[] = [];
  const failed: Array<{ reference: string; reason: string }> = [];
  for (const reference of tickets.data) {
    try {
      if (action.data === "assign") await assignTicket(reference, assigneeId, actor);
      else await closeTicket(reference, actor);
      succeeded.push(reference);
      await auditTicketChange(request, user, reference, action.data, { bulk: true });
    } catch (error) {
      // A ticket out of this person's scope is refused and audited, as on its own page.
      if (error instanceof DeskError && error.status === 403) {
        await auditPermissionDenied(request, user, { type: "ticket", id: reference }, { reason: "not_in_scope", bulk: action.data });
      }
      failed.push({ reference, reason: reasonOf(error, lang) });
    }
  }
  const summary = succeeded.length
    ? action.data === "assign"
      ? translate(lang, "queue.bulk.assigned", { count: succeeded.length, name: assigneeName })
      : translate(lang, "queue.bulk.closed", { count: succeeded.length })
    : translate(lang, "queue.bulk.noneDone");
  return {
    status: failed.length && !succeeded.length ? 409 : 200,
    result: { errors: {}, values: { action: action.data, assignee: "", tickets: [] }, done: { succeeded, summary, failed } },
  };
}

/**
 * A bulk run from a page that has other forms too (the guarantee cases, the dashboard's drill-down):
 * the POST is the bulk form's when its `intent` is `bulk`; otherwise null, with the request's body
 * left unread for the page's own action.
 */
export async function runBulkIfIntended(
  request: Request,
  user: StaffUser,
  lang: Lang,
): Promise<{ status: number; result: BulkResult } | null> {
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return null;
  }
  if (form.get("intent") !== "bulk") return null;
  return runBulk(request, form, user, lang);
}
