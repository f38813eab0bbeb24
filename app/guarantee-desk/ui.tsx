// Pieces of the guarantee pages: the trigger list, the case status badge, and the ticket page's
// guarantee section with the "repeat visit" form (built on the intent forms of ~/ui/form, so its
// ids never clash with the ticket page's own forms).
import { Form, Link, useFetcher } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { IntentForm, IntentTextArea, IntentTextInput, type FormState } from "~/ui/form";
import type { GuaranteeFormResult, TicketCaseLink, TriggerWords } from "./guarantee-desk.server";
import guaranteeStylesheet from "./guarantee.css";

export { guaranteeStylesheet };

/** The broken promises of a case, with when and any note (customer/staff text shown as text). */
export function TriggerList({ triggers, compact }: { triggers: TriggerWords[]; compact?: boolean }) {
  const t = useT();
  return (
    <ul className={compact ? "trigger-list compact" : "trigger-list"}>
      {triggers.map((tr, i) => (
        <li key={i} data-trigger={tr.kind}>
          {tr.text}
          {!compact && (tr.atText || tr.by) ? (
            <span className="muted">
              {" "}
              ({tr.atText ? <time dateTime={tr.at ?? undefined}>{t("guarantee.trigger.at", { at: tr.atText })}</time> : null}
              {tr.atText && tr.by ? ", " : null}
              {tr.by ? t("guarantee.trigger.by", { by: tr.by }) : null})
            </span>
          ) : null}
          {tr.note ? (
            <div className={compact ? "muted trigger-note" : "trigger-note pre"}>{t("guarantee.trigger.note", { note: tr.note })}</div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function CaseStatusBadge({ status, label }: { status: "open" | "closed"; label: string }) {
  return (
    <span className={`badge case-status case-${status}`} data-status={status}>
      <span aria-hidden="true">{status === "open" ? "●" : "✓"}</span> {label}
    </span>
  );
}

/** "고객이 직원 착오로 2회 이상 방문함": posts to /desk/guarantee (which opens the case and goes to it). */
export function RepeatVisitForm({
  reference,
  state,
  withReference,
  useFetcherForm,
}: {
  reference?: string;
  state?: FormState;
  withReference?: boolean;
  useFetcherForm?: boolean;
}) {
  const t = useT();
  const fetcher = useFetcher<GuaranteeFormResult>({ key: `repeat-visit-${reference ?? "any"}` });
  const own = useFetcherForm && fetcher.data && fetcher.data.intent === "repeatVisit" ? fetcher.data : undefined;
  const current = own ?? state;
  const labels: Record<string, string> = { note: t("guarantee.field.note") };
  if (withReference) labels.reference = t("guarantee.field.reference");
  return (
    <IntentForm
      intent="repeatVisit"
      titleId="repeat-visit-title"
      className="guarantee-form"
      state={current}
      submitLabel={t("guarantee.repeat.submit")}
      labels={labels}
      action="/desk/guarantee?index"
      hidden={withReference || !reference ? undefined : { reference }}
      busy={useFetcherForm ? fetcher.state !== "idle" : undefined}
      FormComponent={useFetcherForm ? (fetcher.Form as unknown as typeof Form) : Form}
    >
      {withReference ? (
        <IntentTextInput
          form="repeatVisit"
          name="reference"
          label={t("guarantee.field.reference")}
          hint={t("guarantee.field.referenceHint")}
          required
          state={current}
          defaultValue={reference}
        />
      ) : null}
      <IntentTextArea
        form="repeatVisit"
        name="note"
        label={t("guarantee.field.note")}
        hint={t("guarantee.field.noteHint")}
        required
        state={current}
        rows={3}
      />
    </IntentForm>
  );
}

/** The ticket page's guarantee panel: links to its case(s) and the "repeat visit" form. */
export function TicketGuaranteeSection({ reference, cases }: { reference: string; cases: TicketCaseLink[] }) {
  const t = useT();
  // With JavaScript the form's errors come back here through its fetcher; without it, the form
  // posts as a page to /desk/guarantee, which shows the same form with the errors.
  const fetcher = useFetcher<GuaranteeFormResult>({ key: `repeat-visit-${reference}` });
  const hasErrors = !!(fetcher.data && fetcher.data.intent === "repeatVisit");
  return (
    <section aria-labelledby="guarantee-title" className="panel desk-panel" id="guarantee">
      <h2 id="guarantee-title">{t("guarantee.ticket.title")}</h2>
      {cases.length === 0 ? (
        <p className="muted">{t("guarantee.ticket.none")}</p>
      ) : (
        <ul className="plain-list">
          {cases.map((c) => (
            <li key={c.id} data-case={c.id}>
              <Link to={`/desk/guarantee/${c.id}`}>{t("guarantee.ticket.caseLink", { status: c.statusLabel, at: c.openedText })}</Link>{" "}
              <CaseStatusBadge status={c.status} label={c.statusLabel} />
              <TriggerList triggers={c.triggers} compact />
            </li>
          ))}
        </ul>
      )}
      <details className="repeat-visit" open={hasErrors || undefined}>
        <summary>
          <h3 id="repeat-visit-title" className="action-title">
            {t("guarantee.repeat.title")}
          </h3>
        </summary>
        <p className="muted">{t("guarantee.repeat.hint")}</p>
        <RepeatVisitForm reference={reference} useFetcherForm />
      </details>
    </section>
  );
}
