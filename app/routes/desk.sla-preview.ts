// GET /desk/sla-preview?channel=&receivedAt=&category=&requestedReplyBy=&callbackRequested=&resolvedOnContact=
// The due times a contact being logged would get, for the live preview on the staff form.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CHANNELS } from "~/db/schema";
import { requireStaff } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { isCalendarDate, parseInstant } from "~/lib/time";
import { previewTimers } from "~/sla/preview.server";

const querySchema = z.object({
  channel: z.enum(CHANNELS),
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
    .optional()
    .catch(undefined),
  receivedAt: z.string().max(40).optional(),
  requestedReplyBy: z.string().refine(isCalendarDate).optional().catch(undefined),
  callbackRequested: z.string().optional(),
  resolvedOnContact: z.string().optional(),
});

const ON = new Set(["on", "true", "1"]);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const lang = await getLang(request);
  const url = new URL(request.url);
  const parsed = querySchema.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) return Response.json({ timers: [], error: "invalid" }, { status: 200 });
  const q = parsed.data;
  const receivedAt = q.receivedAt ? parseInstant(q.receivedAt) : new Date();
  if (!receivedAt || receivedAt.getTime() > Date.now() + 120_000) return Response.json({ timers: [], error: "receivedAt" });
  const timers = await previewTimers(
    {
      channel: q.channel,
      category: q.category ?? "general",
      receivedAt,
      requestedReplyBy: q.requestedReplyBy,
      callbackRequested: ON.has(q.callbackRequested ?? ""),
      resolvedOnContact: ON.has(q.resolvedOnContact ?? ""),
    },
    lang,
  );
  return Response.json({ timers }, { headers: { "Cache-Control": "no-store" } });
}
