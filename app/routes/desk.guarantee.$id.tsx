// /desk/guarantee/:id — one service-guarantee case: its triggers, the fact_check clock, what was
// recorded, and the next step: the fact-check result (sent to the customer), the apology by the
// staff member concerned when the desk was at fault, and the customer's confirmation that closes it.
import type { MetaFunction, ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { Fragment, useEffect, useState, type ReactNode } from "react";
import { requireStaff } from "~/auth/session.server";
import { SlaClockItem, slaClocksStylesheet } from "~/desk/sla-clocks";
import { handleCaseAction, loadCaseView, type CaseView, type GuaranteeFormResult } from "~/guarantee-desk/guarantee-desk.server";
import { CaseStatusBadge, guaranteeStylesheet, TriggerList } from "~/guarantee-desk/ui";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { DoneNotice } from "~/ui/done-notice";
import { IntentCheckbox, IntentForm, IntentRadioGroup, IntentTextArea } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";
import { notFoundResponse } from "~/ui/form-errors.server";
import { ErrorPage, errorStatus } from "~/ui/error-page";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.guaranteeCase");

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: slaClocksStylesheet },
  { rel: "stylesheet", href: guaranteeStylesheet },
];

const DONE = ["factCheck", "factCheckClosed", "apology", "confirm", "opened", "joined"] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const view = await loadCaseView(request, params.id ?? "", user, lang);
  if (!view) throw notFoundResponse();
  const done = new URL(request.url).searchParams.get("done");
  return { ...view, done: (DONE as readonly string[]).includes(done ?? "") ? done : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  return handleCaseAction(request, params.id ?? "", user, lang);
}

export default function GuaranteeCasePage() {
  const t = useT();
  const view = useLoaderData<typeof loader>() as unknown as CaseView & { done: string | null };
  const result = useActionData<typeof action>() as GuaranteeFormResult | undefined;
  const stateFor = (intent: string) => (result && result.intent === intent ? result : undefined);
  // A form is shown while its step is due, and also right after a refused attempt (to say why).
  const shows = (intent: "factCheck" | "apology" | "confirm") => view.allowed.includes(intent) || !!stateFor(intent);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const resetKey = `${view.status}-${view.factCheck?.at.at ?? ""}-${view.apology?.at.at ?? ""}`;

  const steps: Array<{ label: string; state: "done" | "pending" | "notNeeded"; at?: { at: string; text: string } | null }> = [
    { label: t("guarantee.step.factCheck"), state: view.factCheck ? "done" : "pending", at: view.factCheck?.at },
    {
      label: t("guarantee.step.apology"),
      state: view.apology ? "done" : view.factCheck && !view.factCheck.deskAtFault ? "notNeeded" : "pending",
      at: view.apology?.at,
    },
    {
      label: t("guarantee.step.confirm"),
      state: view.confirmed || view.status === "closed" ? "done" : "pending",
      at: view.confirmed ?? view.closed,
    },
  ];

  return (
    <article aria-labelledby="case-title" className="guarantee-case" data-hydrated={hydrated ? "" : undefined} data-status={view.status}>
      <nav aria-label={t("guarantee.detail.breadcrumb")} className="breadcrumb">
        <Link to="/desk/guarantee">{t("guarantee.list.title")}</Link> <span aria-hidden="true">›</span> <span>{view.ticket.reference}</span>
      </nav>
      <h1 id="case-title">{t("guarantee.detail.title", { reference: view.ticket.reference })}</h1>
      <p>
        <CaseStatusBadge status={view.status} label={view.statusLabel} />{" "}
        <span className="muted">
          <time dateTime={view.opened.at}>{t("guarantee.detail.openedAt", { at: view.opened.text })}</time>
          {view.closed ? (
            <>
              {" · "}
              <time dateTime={view.closed.at}>{t("guarantee.detail.closedAt", { at: view.closed.text })}</time>
            </>
          ) : null}
        </span>
      </p>
      <p>
        <Link to={`/desk/tickets/${view.ticket.reference}`}>{t("guarantee.detail.ticketLink", { reference: view.ticket.reference })}</Link>{" "}
        <span className="muted">— {view.ticket.subject}</span>
      </p>

      <Done done={result ? null : view.done} />

      <div className="grid-2">
        <div>
          <section aria-labelledby="triggers-title" className="panel desk-panel">
            <h2 id="triggers-title">{t("guarantee.detail.triggersTitle")}</h2>
            <TriggerList triggers={view.triggers} />
          </section>

          <section aria-labelledby="actions-title" className="guarantee-actions">
            <h2 id="actions-title">{t("guarantee.actionsTitle")}</h2>
            {!shows("factCheck") && !shows("apology") && !shows("confirm") ? <p className="muted">{t("guarantee.noActions")}</p> : null}

            {shows("factCheck") ? (
              <section className="panel" aria-labelledby="factCheck-title" id="fact-check">
                <h3 id="factCheck-title">{t("guarantee.factCheck.title")}</h3>
                <p className="muted">{t("guarantee.factCheck.hint")}</p>
                <div key={resetKey}>
                  <IntentForm
                    className="guarantee-form"
                    intent="factCheck"
                    titleId="factCheck-title"
                    state={stateFor("factCheck")}
                    submitLabel={t("guarantee.factCheck.submit")}
                    labels={{ result: t("guarantee.field.result"), deskAtFault: t("guarantee.field.deskAtFault") }}
                  >
                    <IntentTextArea
                      form="factCheck"
                      name="result"
                      label={t("guarantee.field.result")}
                      hint={t("guarantee.field.resultHint")}
                      required
                      state={stateFor("factCheck")}
                      rows={6}
                    />
                    <IntentRadioGroup
                      form="factCheck"
                      name="deskAtFault"
                      label={t("guarantee.field.deskAtFault")}
                      required
                      state={stateFor("factCheck")}
                      options={[
                        { value: "yes", label: t("guarantee.field.faultYes") },
                        { value: "no", label: t("guarantee.field.faultNo") },
                      ]}
                    />
                  </IntentForm>
                </div>
              </section>
            ) : null}

            {shows("apology") ? (
              <section className="panel" aria-labelledby="apology-title" id="apology">
                <h3 id="apology-title">{t("guarantee.apology.title")}</h3>
                <p className="muted">
                  {view.concerned ? t("guarantee.apology.concerned", { name: view.concerned.name }) : t("guarantee.apology.anyone")}
                </p>
                {view.mayApologise || stateFor("apology") ? (
                  <div key={resetKey}>
                    <IntentForm
                      className="guarantee-form"
                      intent="apology"
                      titleId="apology-title"
                      state={stateFor("apology")}
                      submitLabel={t("guarantee.apology.submit")}
                      labels={{ apology: t("guarantee.field.apology") }}
                    >
                      <IntentTextArea
                        form="apology"
                        name="apology"
                        label={t("guarantee.field.apology")}
                        hint={t("guarantee.field.apologyHint")}
                        required
                        state={stateFor("apology")}
                        rows={4}
                      />
                    </IntentForm>
                  </div>
                ) : (
                  <p className="warning">{t("guarantee.apology.notYou", { name: view.concerned?.name ?? "—" })}</p>
                )}
              </section>
            ) : null}

            {shows("confirm") ? (
              <section className="panel" aria-labelledby="confirm-title" id="confirm">
                <h3 id="confirm-title">{t("guarantee.confirm.title")}</h3>
                <p className="muted">{t("guarantee.confirm.hint")}</p>
                <div key={resetKey}>
                  <IntentForm
                    className="guarantee-form"
                    intent="confirm"
                    titleId="confirm-title"
                    state={stateFor("confirm")}
                    submitLabel={t("guarantee.confirm.submit")}
                    labels={{ confirmed: t("guarantee.field.confirmed") }}
                  >
                    <IntentCheckbox form="confirm" name="confirmed" label={t("guarantee.field.confirmed")} state={stateFor("confirm")} />
                  </IntentForm>
                </div>
              </section>
            ) : null}
          </section>
        </div>

        <div>
          <section aria-labelledby="clock-title" className="panel desk-panel">
            <h2 id="clock-title">{t("guarantee.detail.clockTitle")}</h2>
            {view.clock ? <SlaClockItem clock={view.clock} /> : <p className="muted">{t("guarantee.detail.noClock")}</p>}
          </section>

          <section aria-labelledby="progress-title" className="panel desk-panel">
            <h2 id="progress-title">{t("guarantee.detail.progressTitle")}</h2>
            <ol className="guarantee-steps">
              {steps.map((s) => (
                <li key={s.label} data-step-state={s.state}>
                  <span>{s.label}</span>
                  <span className={`badge ${s.state === "done" ? "met" : ""}`}>
                    <span aria-hidden="true">{s.state === "done" ? "✓" : s.state === "notNeeded" ? "–" : "…"}</span>{" "}
                    {t(`guarantee.step.${s.state}`)}
                  </span>
                  {s.at && s.state === "done" ? (
                    <time className="muted" dateTime={s.at.at}>
                      {s.at.text}
                    </time>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>

          <Record view={view} />
        </div>
      </div>
    </article>
  );
}

function Record({ view }: { view: CaseView }) {
  const t = useT();
  const rows: Array<[string, ReactNode]> = [];
  if (view.factCheck) {
    rows.push([
      t("guarantee.record.result"),
      <>
        <div className="pre">{view.factCheck.result}</div>
        <div className="muted">{t("guarantee.record.factCheckedBy", { name: view.factCheck.by ?? "—", at: view.factCheck.at.text })}</div>
      </>,
    ]);
    rows.push([t("guarantee.record.fault"), view.factCheck.deskAtFault ? t("guarantee.record.faultYes") : t("guarantee.record.faultNo")]);
    rows.push([
      t("guarantee.record.notification"),
      view.notification ? (
        <span data-notification={view.notification.status}>
          {t(`desk.notifyChannel.${view.notification.channel}`)} · {view.notification.label} ·{" "}
          <time dateTime={view.notification.at.at}>{view.notification.at.text}</time>
          {view.notification.error ? <div className="muted">{view.notification.error}</div> : null}
        </span>
      ) : (
        <span className="muted">{t("guarantee.record.notificationNone")}</span>
      ),
    ]);
  }
  if (view.apology) {
    rows.push([
      t("guarantee.record.apology"),
      <>
        <div className="pre">{view.apology.text}</div>
        <div className="muted">{t("guarantee.record.apologyBy", { name: view.apology.by ?? "—", at: view.apology.at.text })}</div>
      </>,
    ]);
  }
  if (view.confirmed)
    rows.push([
      t("guarantee.record.confirmedAt"),
      <time key="c" dateTime={view.confirmed.at}>
        {view.confirmed.text}
      </time>,
    ]);
  if (view.closed && view.closedBy) rows.push([t("guarantee.record.closedBy"), view.closedBy]);
  if (rows.length === 0) return null;
  return (
    <section aria-labelledby="record-title" className="panel desk-panel">
      <h2 id="record-title">{t("guarantee.detail.recordTitle")}</h2>
      <dl className="facts guarantee-record">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

/** The message after a successful step. */
function Done({ done }: { done: string | null }) {
  const t = useT();
  return <DoneNotice id="case-done" text={done ? t.dynamic(`guarantee.done.${done}`) : null} />;
}

export function ErrorBoundary() {
  const t = useT();
  const status = errorStatus(useRouteError());
  return (
    <ErrorPage
      status={status}
      title={status === 404 ? t("guarantee.list.title") : t("desk.ticket.errorTitle")}
      back={{ to: "/desk/guarantee", label: t("guarantee.list.title") }}
    />
  );
}
