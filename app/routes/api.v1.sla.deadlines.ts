// GET /api/v1/sla/deadlines: the timers a contact would get, with how each was counted —
// nothing is created.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { CHANNELS } from "~/db/schema";
import { handleApi, json, methodNotAllowed, requireApiActor, validate } from "~/api/api.server";
import { previewTimers } from "~/sla/preview.server";
import { isCalendarDate, parseInstant } from "~/lib/time";

const querySchema = z.object({
  channel: z.enum(CHANNELS, { error: "Use one of: web, email, phone, sms, mail, fax, visit." }),
  category: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A category key: lowercase letters, digits, - and _.")
    .optional(),
  receivedAt: z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const parsed = parseInstant(v);
      if (!parsed) ctx.addIssue({ code: "custom", message: "An ISO 8601 instant with an offset, e.g. 2026-04-30T15:00:00+09:00." });
      return parsed ?? new Date(NaN);
    })
    .refine(
      (d) => !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2099,
      "The instant must lie between 2000 and 2099.",
    )
    .optional(),
  requestedReplyBy: z.string().refine(isCalendarDate, "A date written YYYY-MM-DD.").optional(),
  callbackRequested: z.enum(["true", "false"], { error: "true or false." }).optional(),
  resolvedOnContact: z.enum(["true", "false"], { error: "true or false." }).optional(),
  lang: z.enum(["ko", "en"], { error: "ko or en." }).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  return handleApi(async () => {
    await requireApiActor(request);
    const url = new URL(request.url);
    const raw = Object.fromEntries([...url.searchParams.entries()].filter(([k, v]) => k in querySchema.shape && v !== ""));
    const q = validate(querySchema, raw);
    const timers = await previewTimers(
      {
        channel: q.channel,
        category: q.category ?? "general",
        receivedAt: q.receivedAt ?? new Date(),
        requestedReplyBy: q.requestedReplyBy,
        callbackRequested: q.callbackRequested === "true",
        resolvedOnContact: q.resolvedOnContact === "true",
      },
      q.lang ?? (request.headers.get("Accept-Language")?.toLowerCase().startsWith("ko") ? "ko" : "en"),
    );
    return json({ timers });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  return methodNotAllowed(request, ["GET"]);
}
