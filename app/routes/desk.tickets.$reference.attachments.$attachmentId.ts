// GET /desk/tickets/:reference/attachments/:attachmentId — the stored bytes, as a download (staff only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { attachmentResponse } from "~/lib/download.server";
import { requireTicketAccess } from "~/security/access.server";
import { auditTicketRead } from "~/security/audit.server";
import { getAttachment, ticketAccessFacts } from "~/tickets/tickets.server";
import { notFoundResponse } from "~/ui/form-errors.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const reference = params.reference ?? "";
  const facts = await ticketAccessFacts(reference);
  if (facts) await requireTicketAccess(request, user, facts, reference);
  const file = await getAttachment(reference, params.attachmentId ?? "");
  if (!file) throw notFoundResponse({ plain: true });
  await auditTicketRead(request, user, reference, { attachmentId: file.id });
  return attachmentResponse(file);
}
