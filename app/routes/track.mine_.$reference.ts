// GET /track/mine/:reference — from the "나의 민원" list to one ticket's track page: the verified
// contact must have filed it; then this browser gets the page's usual grant. Otherwise the list.
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { ownsTicket, verifiedContact } from "~/portal/mine.server";
import { REFERENCE_FORMAT } from "~/portal/schemas";
import { grantAccess } from "~/portal/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const contact = await verifiedContact(request);
  if (!contact || !REFERENCE_FORMAT.test(reference) || !(await ownsTicket(contact, reference)))
    throw redirect("/track/mine", { status: 303 });
  throw redirect(`/track/${encodeURIComponent(reference)}`, {
    status: 303,
    headers: { "Set-Cookie": await grantAccess(request, reference) },
  });
}
