// /track/:reference — the customer's page for one inquiry. Opened by the tracking link
// (?t=<token>, checked against the stored hash, then dropped from the URL) or after a one-time
// code (/lookup); either leaves a short-lived signed cookie for this reference. A wrong or
// unknown link gets the same 404 as an unknown reference; no link and no cookie leads to /lookup.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction, type MetaFunction,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { translate, type Lang } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useLang, useT } from "~/i18n/use-t";
import { FILE_ACCEPT, FILE_FIELD } from "~/intake/options";
import { clientAddress } from "~/portal/client.server";
import { dateTimeWords, dueWords, sizeWords } from "~/portal/format";
import portalStyles from "~/portal/portal.css";
import { ClaimTooEarly, loadPortalView, portalClaim, portalConfirmGuarantee, portalRate, portalReply, type PortalView } from "~/portal/portal.server";
import {
  DONE,
  DoneNotice,
  Documents,
  documentHref,
  DueLine,
  GuaranteeSection,
  INTENTS,
  PortalForm,
  Progress,
  RequestedDate,
  ScoreField,
  type Done,
  type Intent,
  type TrackActionData,
} from "~/portal/track-parts";
import { hit, PORTAL_LIMITS } from "~/portal/rate-limit.server";
import { portalClaimSchema, portalRateSchema, portalReplySchema, REFERENCE_FORMAT } from "~/portal/schemas";
import { grantAccess, hasAccess, revokeAccess } from "~/portal/session.server";
import { checkSignedTrackingToken, isSignedTrackingToken, ticketForTrackingToken } from "~/portal/tokens.server";
import { readUploadedFiles } from "~/tickets/attachments.server";
import { DeskError } from "~/tickets/errors";
import { Field } from "~/ui/form";
import { readFormWithFiles } from "~/uploads/read-form.server";
import { parseForm, textValues } from "~/ui/form-data.server";
import { translateError } from "~/ui/validation";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

/** Its own title in the tab and history (issue 21), Korean first. */
export const meta: MetaFunction = () => [{ title: `${translate("ko", "track.title")} / ${translate("en", "track.title")}` }, { name: "robots", content: "noindex" }];

/** A customer's page: never cached, never sent on as a referrer. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" });


const MESSAGE_KINDS = ["message", "reply", "interim_notice", "info_request", "final_answer"];

const notFound = () => new Response("Not found", { status: 404 });
/** `why`: the page's session ended, or an email link was too old (expired) or not valid (invalid). */
const lookupUrl = (reference: string, why?: "session" | "expired" | "invalid") =>
  `/lookup?${new URLSearchParams({
    ...(REFERENCE_FORMAT.test(reference) ? { reference } : {}),
    ...(why === "session" ? { expired: "1" } : why ? { link: why } : {}),
  })}`;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const reference = params.reference ?? "";
  const url = new URL(request.url);
  const token = url.searchParams.get("t");
  if (token !== null) {
    const ip = clientAddress(request, context);
    const limit = ip ? await hit(PORTAL_LIMITS.trackingLinkPerIp, ip) : null;
    if (limit && !limit.allowed) throw new Response("Too many requests", { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } });
    if (isSignedTrackingToken(token)) {
      // A link from an email: a valid one opens the ticket; an old or altered one says so on the
      // code page (no database read, so it tells nothing about whether the reference exists).
      const checked = checkSignedTrackingToken(reference, token.slice(0, 200));
      if (checked !== "ok") throw redirect(lookupUrl(reference, checked));
      throw redirect(`/track/${encodeURIComponent(reference)}`, { status: 303, headers: { "Set-Cookie": await grantAccess(request, reference) } });
    }
    const found = await ticketForTrackingToken(reference, token.slice(0, 200));
    if (!found) throw notFound();
    // The token leaves the address bar (and the history) at once.
    throw redirect(`/track/${encodeURIComponent(found.reference)}`, { status: 303, headers: { "Set-Cookie": await grantAccess(request, found.reference) } });
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

export type { TrackActionData } from "~/portal/track-parts";

function message(lang: Lang, key: string) {
  return key.startsWith("error.") ? translateError(lang, key) : translate(lang, key);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const reference = params.reference ?? "";
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
    if (!(error instanceof DeskError)) throw error;
    if (error.status === 404) throw notFound();
    if (error instanceof ClaimTooEarly) {
      const formError = error.firstDueAt
        ? translate(lang, "track.claimTooEarly", { date: dueWords(error.firstDueAt, lang) })
        : translate(lang, "track.claimTooEarlyNoDate");
      return fail(409, { errors: {}, values: textValues(form), formError });
    }
    const errors: Record<string, string> = {};
    for (const [field, key] of Object.entries(error.fieldErrors ?? {})) errors[field] = message(lang, key);
    const key = error.status === 409 && error.messageKey === "error.badTransition" ? "portal.error.badState" : error.messageKey;
    return fail(error.status, {
      errors,
      values: intent === "reply" || intent === "rate" || intent === "claim" ? textValues(form) : {},
      formError: Object.keys(errors).length ? undefined : message(lang, key),
      filesDropped: intent === "reply" && upload.hadFiles,
    });
  }
}

// ------------------------------------------------------------------------------- page

export default function Track() {
  const t = useT();
  const lang = useLang();
  const { view, done } = useLoaderData<typeof loader>() as unknown as { view: PortalView; done: Done | null };
  const result = useActionData<typeof action>() as TrackActionData | undefined;
  const stateFor = (intent: Intent) => (result?.intent === intent ? result : undefined);
  const resetKey = `${view.messages.length}-${view.status}-${view.guaranteeCases.length}-${view.rating ? 1 : 0}`;

  return (
    <article aria-labelledby="track-title" className="portal">
      <h1 id="track-title">{t("track.title")}</h1>
      <dl className="facts">
        <dt>{t("track.reference")}</dt>
        <dd className="reference-inline">{view.reference}</dd>
        <dt>{t("track.subject")}</dt>
        <dd>{view.subject}</dd>
        <dt>{t("track.kind")}</dt>
        <dd>{t(`portal.kind.${view.kind}`)}</dd>
        <dt>{t("track.receivedAt")}</dt>
        <dd>{dateTimeWords(view.receivedAt, lang)}</dd>
      </dl>

      <DoneNotice done={done} view={view} />
      {result && result.intent === null && result.formError ? (
        <p className="error-summary" role="alert">
          {result.formError}
        </p>
      ) : null}

      <section aria-labelledby="state-title">
        <h2 id="state-title">{t("track.statusTitle")}</h2>
        <Progress view={view} />
        <p className="status-words">{t(`track.status.${view.status}`)}</p>
        <DueLine view={view} t={t} lang={lang} />
        <RequestedDate view={view} />
      </section>

      <Documents view={view} />

      <section aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t("track.conversationTitle")}</h2>
        <ol className="conversation">
          {view.messages.map((m) => (
            <li key={m.id} className={`message ${m.from === "customer" ? "inbound" : "outbound"}`}>
              <p className="message-meta">
                {t(`track.from.${m.from}`)} · {t(`track.msgKind.${MESSAGE_KINDS.includes(m.kind) ? m.kind : "message"}`)}{" "}
                <span className="muted">
                  · <time dateTime={m.createdAt}>{dateTimeWords(m.createdAt, lang)}</time>
                </span>
              </p>
              <p className="pre">{m.body}</p>
              {m.files.length ? (
                <ul className="files" aria-label={t("track.filesOf")}>
                  {m.files.map((f) => (
                    <li key={f.id}>
                      <a href={documentHref(view.reference, f.id)} download={f.filename}>
                        {f.filename}
                      </a>{" "}
                      <span className="muted">({sizeWords(f.size)})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ol>
      </section>

      {view.canReply ? (
        <section aria-labelledby="reply-title">
          <h2 id="reply-title">{t("track.replyTitle")}</h2>
          <p>{t("track.replyIntro")}</p>
          <PortalForm intent="reply" titleId="reply-title" state={stateFor("reply")} resetKey={resetKey} multipart submit={t("track.replySubmit")}
            labels={{ body: t("track.replyBody"), [FILE_FIELD]: t("track.replyFiles") }}>
            <Field name="body" label={t("track.replyBody")} hint={t("track.replyBodyHint")} error={stateFor("reply")?.errors.body}>
              {(p) => <textarea {...p} rows={6} maxLength={20_000} defaultValue={stateFor("reply")?.values.body ?? ""} />}
            </Field>
            <Field
              name={FILE_FIELD}
              label={t("track.replyFiles")}
              hint={
                <>
                  {t("intake.filesHint")}
                  {stateFor("reply")?.filesDropped ? <strong className="files-again"> {t("intake.filesAgain")}</strong> : null}
                </>
              }
              error={stateFor("reply")?.errors[FILE_FIELD]}
            >
              {(p) => <input {...p} type="file" multiple accept={FILE_ACCEPT} />}
            </Field>
          </PortalForm>
        </section>
      ) : null}

      {view.canRate || view.rating ? (
        <section aria-labelledby="rate-title" id="rate">
          <h2 id="rate-title">{t("track.rateTitle")}</h2>
          {view.rating ? (
            <p>{t("track.rated", { score: view.rating.score, date: dateTimeWords(view.rating.createdAt, lang) })}</p>
          ) : (
            <PortalForm intent="rate" titleId="rate-title" state={stateFor("rate")} resetKey={resetKey} submit={t("track.rateSubmit")}
              labels={{ score: t("track.rateLegend"), comment: t("track.rateComment") }}>
              <ScoreField state={stateFor("rate")} t={t} />
              <Field name="comment" label={t("track.rateComment")} error={stateFor("rate")?.errors.comment}>
                {(p) => <textarea {...p} rows={3} maxLength={2_000} defaultValue={stateFor("rate")?.values.comment ?? ""} />}
              </Field>
            </PortalForm>
          )}
        </section>
      ) : null}

      <GuaranteeSection view={view} state={stateFor("claim")} resetKey={resetKey} />

      <section aria-labelledby="leave-title">
        <h2 id="leave-title" className="visually-hidden">
          {t("track.leave")}
        </h2>
        <Form method="post" className="actions-row" aria-labelledby="leave-title">
          <input type="hidden" name="intent" value="leave" />
          <button type="submit" className="link-button">
            {t("track.leave")}
          </button>
          <span className="muted">{t("track.leaveHint")}</span>
        </Form>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (status !== 404) {
    return (
      <section className="portal" aria-labelledby="track-error-title">
        <h1 id="track-error-title">{t("track.title")}</h1>
        <p role="alert">{status === 429 ? t("portal.error.tooMany") : t("common.unexpected")}</p>
        <p>
          <Link to="/lookup">{t("track.lookupLink")}</Link>
        </p>
      </section>
    );
  }
  // One page for a wrong link, an expired link and an unknown reference alike.
  return (
    <section className="portal" aria-labelledby="track-error-title">
      <h1 id="track-error-title">{t("track.notFoundTitle")}</h1>
      <p role="alert">{t("track.notFound")}</p>
      <p>
        <Link to="/lookup">{t("track.lookupLink")}</Link>
      </p>
    </section>
  );
}
