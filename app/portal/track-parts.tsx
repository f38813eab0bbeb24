// The pieces of the customer's track page (/track/:reference), split from the route module: the
// due line, the 접수 → 처리 중 → 답변 완료 progress, the customer's documents as downloads, the
// guarantee section with its claim form, the notices and the small forms.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { Lang, Translate } from "~/i18n/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { dateTimeWords, dateWords, dueWords, sizeWords } from "~/i18n/date-words";
import type { PortalView } from "./portal.server";
import { CLAIM_PROMISES, SCORES } from "./schemas";

export const DONE = ["reply", "resumed", "rated", "reopened", "claim", "claimJoined", "confirmed"] as const;
export type Done = (typeof DONE)[number];
export const INTENTS = ["reply", "rate", "claim", "confirm", "leave"] as const;
export type Intent = (typeof INTENTS)[number];

export type TrackActionData = {
  intent: Intent | null;
  errors: Record<string, string>;
  values: Record<string, string>;
  formError?: string;
  filesDropped?: boolean;
};

const STEPS = ["received", "working", "answered"] as const;

/** 접수 → 처리 중 → 답변 완료: an ordered list, the current step marked for assistive technology. */
export function Progress({ view }: { view: PortalView }) {
  const t = useT();
  const current = STEPS.indexOf(view.step);
  return (
    <ol className="progress" aria-label={t("track.progress.label")}>
      {STEPS.map((step, i) => (
        <li
          key={step}
          className={i < current ? "done" : i === current ? "current" : "todo"}
          aria-current={i === current ? "step" : undefined}
        >
          <span className="progress-name">{t(`track.progress.${step}`)}</span>
          <span className="visually-hidden">
            {" "}
            {i < current ? t("track.progress.doneMark") : i === current ? t("track.progress.currentMark") : t("track.progress.todoMark")}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** The reply date the customer asked for, when they gave one. */
export function RequestedDate({ view }: { view: PortalView }) {
  const t = useT();
  const lang = useLang();
  if (!view.requestedReplyBy) return null;
  return <p className="requested">{t("track.requestedReplyBy", { date: dateWords(view.requestedReplyBy, lang) })}</p>;
}

/** Where one of the customer's own documents downloads (the track page's access decides). */
export function documentHref(reference: string, id: string): string {
  return `/track/${encodeURIComponent(reference)}/files/${encodeURIComponent(id)}`;
}

/** The customer's own documents, each a download link. */
export function Documents({ view }: { view: PortalView }) {
  const t = useT();
  const lang = useLang();
  if (!view.documents.length) return null;
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t("track.documentsTitle")}</h2>
      <ul className="files">
        {view.documents.map((d) => (
          <li key={d.id}>
            <a href={documentHref(view.reference, d.id)} download={d.filename}>
              {d.filename}
            </a>{" "}
            <span className="muted">
              ({sizeWords(d.size)}, <time dateTime={d.createdAt}>{dateTimeWords(d.createdAt, lang)}</time>)
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * 서비스 보증제: the cases so far, and the claim form — which promise was broken (choices) and what
 * happened (required). Before any promise could have been broken it explains why a claim is not
 * taken yet instead of offering a button that would be refused.
 */
export function GuaranteeSection({ view, state, resetKey }: { view: PortalView; state?: TrackActionData; resetKey: string }) {
  const t = useT();
  const lang = useLang();
  const hasOpen = view.guaranteeCases.some((c) => c.status === "open");
  return (
    <section aria-labelledby="guarantee-title">
      <h2 id="guarantee-title">{t("track.guaranteeTitle")}</h2>
      <p>{t("track.guaranteeIntro")}</p>
      {view.guaranteeCases.map((c, i) => (
        <div className="case" key={i}>
          {c.status === "open" ? (
            <p>
              <strong>{t("track.case.open", { date: dateTimeWords(c.openedAt, lang) })}</strong>
            </p>
          ) : (
            <p>{t("track.case.closed", { date: c.closedAt ? dateTimeWords(c.closedAt, lang) : "" })}</p>
          )}
          {c.factCheckDueAt && !c.factCheckedAt ? <p>{t("track.case.factCheckDue", { date: dueWords(c.factCheckDueAt, lang) })}</p> : null}
          {c.factCheckResult ? (
            <>
              <h3>{t("track.case.result")}</h3>
              <p>{c.deskAtFault ? t("track.case.atFault") : t("track.case.notAtFault")}</p>
              <p className="pre">{c.factCheckResult}</p>
            </>
          ) : null}
          {c.apology ? (
            <>
              <h3>{t("track.case.apology")}</h3>
              <p className="pre">{c.apology}</p>
            </>
          ) : null}
          {c.canConfirm ? (
            <Form method="post" className="actions-row" aria-label={t("track.case.confirm")}>
              <input type="hidden" name="intent" value="confirm" />
              <button type="submit" className="secondary">
                {t("track.case.confirm")}
              </button>
              <span className="muted">{t("track.case.confirmHint")}</span>
            </Form>
          ) : null}
        </div>
      ))}
      {view.claim.ok ? (
        <PortalForm
          intent="claim"
          titleId="guarantee-title"
          state={state}
          resetKey={resetKey}
          submit={hasOpen ? t("track.claimMore") : t("track.claimSubmit")}
          labels={{ promise: t("track.claimPromise"), note: t("track.claimNote") }}
          secondary
        >
          <RadioGroup
            name="promise"
            legend={t("track.claimPromise")}
            value={state?.values.promise}
            error={state?.errors.promise}
            required
            options={CLAIM_PROMISES.map((p) => ({ value: p, label: t(`track.claimPromise.${p}`) }))}
          />
          <Field name="note" label={t("track.claimNote")} hint={t("track.claimNoteHint")} error={state?.errors.note} required>
            {(p) => <textarea {...p} rows={3} defaultValue={state?.values.note ?? ""} />}
          </Field>
          <p className="muted">{t("track.claimWhen")}</p>
        </PortalForm>
      ) : (
        <p className="notice claim-too-early">
          {view.claim.firstDueAt
            ? t("track.claimTooEarly", { date: dueWords(view.claim.firstDueAt, lang) })
            : t("track.claimTooEarlyNoDate")}
        </p>
      )}
    </section>
  );
}

export function DueLine({ view, t, lang }: { view: PortalView; t: Translate; lang: Lang }) {
  const due = view.due;
  switch (due.state) {
    case "due":
      if (due.overdue) return <p className="due overdue">{t("track.overdue", { date: dueWords(due.dueAt, lang) })}</p>;
      return (
        <p className="due">{t(due.metric === "correction" ? "track.dueCorrection" : "track.due", { date: dueWords(due.dueAt, lang) })}</p>
      );
    case "waiting":
      return (
        <>
          <p className="due">{t("track.waiting")}</p>
          {view.pauseReason ? (
            <div className="warning">
              <p>
                <strong>{t("track.pauseReason")}</strong>
              </p>
              <p className="pre">{view.pauseReason}</p>
            </div>
          ) : null}
        </>
      );
    case "answered":
      return <p className="due">{due.at ? t("track.answered", { date: dateTimeWords(due.at, lang) }) : t("track.answeredNoDate")}</p>;
    case "closed":
      return null;
    case "checking":
      return <p className="due">{t("track.checking")}</p>;
  }
}

export function DoneNotice({ done, view }: { done: Done | null; view: PortalView }) {
  const lang = useLang();
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) ref.current?.focus();
  }, [done]);
  if (!done) return null;
  const key: Record<Done, string> = {
    reply: "track.replyDone",
    resumed: "track.replyResumed",
    rated: "track.rateDone",
    reopened: "track.rateReopened",
    claim: "track.claimDone",
    claimJoined: "track.claimJoined",
    confirmed: "track.case.confirmDone",
  };
  // A claim: when it will be answered, as the fact-check clock says (issue 21).
  const factCheckDueAt = view.guaranteeCases.find((c) => c.status === "open")?.factCheckDueAt;
  const text =
    (done === "claim" || done === "claimJoined") && factCheckDueAt
      ? t.dynamic(`${key[done]}By`, { date: dueWords(factCheckDueAt, lang) })
      : t.dynamic(key[done]);
  return (
    <div id="done" className="notice" role="status" tabIndex={-1} ref={ref}>
      {text}
    </div>
  );
}

export function ScoreField({ state, t }: { state?: TrackActionData; t: Translate }) {
  return (
    <RadioGroup
      name="score"
      legend={t("track.rateLegend")}
      hint={t("track.rateHint")}
      options={SCORES.map((s) => ({ value: s, label: t(`track.score.${s}`) }))}
      value={state?.values.score}
      error={state?.errors.score}
      required
      rowClassName="score-row"
    />
  );
}

export function PortalForm({
  intent,
  titleId,
  state,
  resetKey,
  submit,
  labels,
  multipart,
  secondary,
  children,
}: {
  intent: Intent;
  titleId: string;
  state?: TrackActionData;
  resetKey: string;
  submit: string;
  labels: Record<string, string>;
  multipart?: boolean;
  secondary?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const errors = state ? { ...state.errors, ...(state.formError ? { _: state.formError } : {}) } : undefined;
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form
        key={resetKey}
        method="post"
        className="form"
        noValidate
        encType={multipart ? "multipart/form-data" : undefined}
        aria-labelledby={titleId}
      >
        <input type="hidden" name="intent" value={intent} />
        {children}
        <div className="actions-row">
          <button type="submit" className={secondary ? "secondary" : "primary"} disabled={busy}>
            {submit}
          </button>
          <span role="status" aria-live="polite" className="muted">
            {busy ? t("track.busy") : ""}
          </span>
        </div>
      </Form>
    </>
  );
}
