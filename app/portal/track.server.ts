// The customer's track page (/track/:reference) on the server: who may open it (the tracking
// link, checked and dropped from the address, or the signed cookie a code or an earlier visit
// left) and what its forms do. The route calls these two and renders app/portal/track-page.tsx.
import { data, redirect } from "@remix-run/node";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { FILE_FIELD } from "~/intake/options";
import { readUploadedFiles } from "~/tickets/attachments.server";
import { parseForm, textValues } from "~/ui/form-data.server";
import { domainError, formErrorsOf, notFoundResponse as notFound, translateMessage as message } from "~/ui/form-errors.server";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { dueWords } from "~/i18n/date-words";
import { clientAddress } from "~/security/client-ip.server";
import { ClaimTooEarly, loadPortalView, portalClaim, portalConfirmGuarantee, portalRate, portalReply } from "./portal.server";
import { hit, PORTAL_LIMITS } from "./rate-limit.server";
import { portalClaimSchema, portalRateSchema, portalReplySchema, REFERENCE_FORMAT } from "./schemas";
import { grantAccess, hasAccess, revokeAccess } from "./session.server";
import { ticketForTrackingToken } from "~/tickets/tracking.server";
import { checkSignedTrackingToken, isSignedTrackingToken } from "~/core/tracking-link.server";
import { DONE, INTENTS, type Done, type Intent, type TrackActionData } from "./track-parts";
/** `why`: the page's session ended, or an email link was too old (expired) or not valid (invalid). */
const lookupUrl = (reference: string, why?: "session" | "expired" | "invalid") =>
  `/lookup?${new URLSearchParams({
    ...(REFERENCE_FORMAT.test(reference) ? { reference } : {}),
    ...(why === "session" ? { expired: "1" } : why ? { link: why } : {}),
  })}`;

/**
 * The page's data for a reference: a tracking link (?t=) is checked, rate-limited per client
 * and redirected away; otherwise the signed cookie must be there (else /lookup). Unknown and
 * wrong alike are 404. The cookie is renewed on every view.
 */
export async function openTrackPage(request: Request, reference: string, context: unknown) {
  const url = new URL(request.url);
  const token = url.searchParams.get("t");
  if (token !== null) {
    const ip = clientAddress(request, context);
    const limit = ip ? await hit(PORTAL_LIMITS.trackingLinkPerIp, ip) : null;
    if (limit && !limit.allowed)
      throw new Response("Too many requests", { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
    if (isSignedTrackingToken(token)) {
      // A link from an email: a valid one opens the ticket; an old or altered one says so on the
      // code page (no database read, so it tells nothing about whether the reference exists).
      const checked = checkSignedTrackingToken(reference, token.slice(0, 200));
      if (checked !== "ok") throw redirect(lookupUrl(reference, checked));
      throw redirect(`/track/${encodeURIComponent(reference)}`, {
        status: 303,
        headers: { "Set-Cookie": await grantAccess(request, reference) },
      });
    }
    const found = await ticketForTrackingToken(reference, token.slice(0, 200));
    if (!found) throw notFound();
    // The token leaves the address bar (and the history) at once.
    throw redirect(`/track/${encodeURIComponent(found.reference)}`, {
      status: 303,
      headers: { "Set-Cookie": await grantAccess(request, found.reference) },
    });
  }
  if (!REFERENCE_FORMAT.test(reference)) throw notFound();
  if (!(await hasAccess(request, reference))) throw redirect(lookupUrl(reference));
  const view = await loadPortalView(reference);
  if (!view) throw notFound();
  const done = url.searchParams.get("done");
  return data(
    { view, done: (DONE as readonly string[]).includes(done ?? "") ? (done as Done) : null },
    { headers: { "Set-Cookie": await grantAccess(request, reference) } },
  );
}

/** The page's forms: reply (with files), rate, claim a guarantee, confirm it, leave. */
export async function trackAction(request: Request, reference: string) {
  const lang = await getLang(request);
  if (!REFERENCE_FORMAT.test(reference)) throw notFound();
  if (!(await hasAccess(request, reference))) throw redirect(lookupUrl(reference, "session"), { status: 303 });

  const upload = await readFormWithFiles(request, FILE_FIELD);
  if (!upload.ok) {
    const result: TrackActionData = { intent: "reply", errors: {}, values: {}, formError: message(lang, upload.error), filesDropped: true };
    return data(result, { status: upload.status });
  }
  const form = upload.form;
  const raw = form.get("intent");
  const intent = (INTENTS as readonly unknown[]).includes(raw) ? (raw as Intent) : null;
  const fail = (status: number, result: Omit<TrackActionData, "intent">) => data<TrackActionData>({ intent, ...result }, { status });
  const done = (what: Done) => redirect(`/track/${encodeURIComponent(reference)}?done=${what}#done`, { status: 303 });

  try {
    switch (intent) {
      case "reply": {
        const parsed = parseForm(portalReplySchema, form, lang);
        const files = upload.fileError ? { files: [], error: upload.fileError } : await readUploadedFiles(form.getAll(FILE_FIELD));
        const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
        if (files.error) errors[FILE_FIELD] = message(lang, files.error);
        if (parsed.ok && !parsed.data.body && files.files.length === 0 && !files.error) errors.body = message(lang, "error.bodyOrFiles");
        if (Object.keys(errors).length || !parsed.ok) {
          return fail(422, { errors, values: textValues(form), filesDropped: upload.hadFiles });
        }
        const { resumed } = await portalReply(reference, parsed.data, files.files);
        return done(resumed ? "resumed" : "reply");
      }
      case "rate": {
        const parsed = parseForm(portalRateSchema, form, lang);
        if (!parsed.ok) return fail(422, { errors: parsed.errors, values: parsed.values });
        const { reopened } = await portalRate(reference, parsed.data);
        return done(reopened ? "reopened" : "rated");
      }
      case "claim": {
        const parsed = parseForm(portalClaimSchema, form, lang);
        if (!parsed.ok) return fail(422, { errors: parsed.errors, values: parsed.values });
        const { inserted } = await portalClaim(reference, parsed.data);
        return done(inserted ? "claim" : "claimJoined");
      }
      case "confirm":
        await portalConfirmGuarantee(reference);
        return done("confirmed");
      case "leave":
        return redirect("/lookup", { status: 303, headers: { "Set-Cookie": await revokeAccess(request, reference) } });
      default:
        return fail(400, { errors: {}, values: {}, formError: message(lang, "portal.error.badState") });
    }
  } catch (error) {
    const failed = domainError(error);
    if (failed instanceof ClaimTooEarly) {
      const formError = failed.firstDueAt
        ? translate(lang, "track.claimTooEarly", { date: dueWords(failed.firstDueAt, lang) })
        : translate(lang, "track.claimTooEarlyNoDate");
      return fail(409, { errors: {}, values: textValues(form), formError });
    }
    const badState = failed.status === 409 && failed.messageKey === "error.badTransition";
    return fail(failed.status, {
      ...formErrorsOf(failed, lang, { formKey: badState ? "portal.error.badState" : undefined }),
      values: intent === "reply" || intent === "rate" || intent === "claim" ? textValues(form) : {},
      filesDropped: intent === "reply" && upload.hadFiles,
    });
  }
}
