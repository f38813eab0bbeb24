// GET /desk/tickets/:reference/attachments/:attachmentId — the stored bytes, as a download (staff only).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { attachmentResponse } from "~/desk/download.server";
import { getAttachment } from "~/tickets/tickets.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const file = await getAttachment(params.reference ?? "", params.attachmentId ?? "");
  if (!file) throw new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return attachmentResponse(file);
}
