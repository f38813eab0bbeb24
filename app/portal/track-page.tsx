// The customer's track page (/track/:reference): the inquiry's facts, where it stands, the
// conversation and the forms (reply, rate, guarantee claim, leave); the smaller pieces are in
// track-parts.tsx. Data from track.server.ts through the route.
import { Form, Link } from "@remix-run/react";
import { useLang, useT } from "~/i18n/use-t";
import { FILE_ACCEPT, FILE_FIELD } from "~/intake/options";
import { Field } from "~/ui/form";
import { dateTimeWords, sizeWords } from "~/i18n/date-words";
import type { PortalView } from "./portal.server";
import {
  DoneNotice,
  Documents,
  documentHref,
  DueLine,
  GuaranteeSection,
  PortalForm,
  Progress,
  RequestedDate,
  ScoreField,
  type Done,
  type Intent,
  type TrackActionData,
} from "./track-parts";

const MESSAGE_KINDS = ["message", "reply", "interim_notice", "info_request", "final_answer"];

export function TrackPage({ view, done, result }: { view: PortalView; done: Done | null; result: TrackActionData | undefined }) {
  const t = useT();
  const lang = useLang();
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
                {t(`track.from.${m.from}`)} · {t.dynamic(`track.msgKind.${MESSAGE_KINDS.includes(m.kind) ? m.kind : "message"}`)}{" "}
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
          <PortalForm
            intent="reply"
            titleId="reply-title"
            state={stateFor("reply")}
            resetKey={resetKey}
            multipart
            submit={t("track.replySubmit")}
            labels={{ body: t("track.replyBody"), [FILE_FIELD]: t("track.replyFiles") }}
          >
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
            <PortalForm
              intent="rate"
              titleId="rate-title"
              state={stateFor("rate")}
              resetKey={resetKey}
              submit={t("track.rateSubmit")}
              labels={{ score: t("track.rateLegend"), comment: t("track.rateComment") }}
            >
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

/** A wrong, expired or unknown link (404, one page for all), too many tries (429) or anything else. */
export function TrackError({ status }: { status: number }) {
  const t = useT();
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
