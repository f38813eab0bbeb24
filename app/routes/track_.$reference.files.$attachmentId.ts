// GET /track/:reference/files/:attachmentId — one of the customer's own documents, as a download.
// Authorised exactly as the track page is: the signed __portal_access grant for this reference
// (given by the tracking link or the one-time code; its cookie is scoped to /track). No grant →
// the code page; a staff upload or another ticket's file → the same 404 as an unknown one.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { attachmentResponse } from "~/lib/download.server";
import { customerDocument } from "~/portal/portal.server";
import { REFERENCE_FORMAT } from "~/portal/schemas";
import { hasAccess } from "~/portal/session.server";
import { notFoundResponse } from "~/ui/form-errors.server";

const notFound = () => notFoundResponse({ plain: true });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  if (!REFERENCE_FORMAT.test(reference)) throw notFound();
  if (!(await hasAccess(request, reference))) throw redirect(`/lookup?${new URLSearchParams({ reference, expired: "1" })}`);
  const file = await customerDocument(reference, params.attachmentId ?? "");
  if (!file) throw notFound();
  return attachmentResponse(file);
}
