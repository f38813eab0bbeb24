// /admin/outbox — every notification the desk sends, by status; why one waits (unsent) or failed;
// and, for administrators, sending it again once the cause is fixed. Managers may look.
import { type MetaFunction, data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff, staffActor } from "~/auth/session.server";
import type { Translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { notifyErrorText, templateLabel } from "~/desk/history";
import { errorCode } from "~/notify/address.server";
import {
  isNotificationStatus,
  listOutbox,
  newResendNonce,
  outboxCounts,
  requeueAll,
  requeueNotification,
  resendNotification,
  transportStatus,
  type NotificationStatus,
} from "~/notify/outbox.server";
import { SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminOutbox");

const STATUSES: NotificationStatus[] = ["unsent", "failed", "queued", "sent"];
/** Existing badge styles (app.css): red for failed, amber for waiting on a fix, green for sent. */
const BADGE: Record<NotificationStatus, string> = { failed: "breached", unsent: "at-risk", sent: "met", queued: "" };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manager");
  const url = new URL(request.url);
  const statusParam = url.searchParams.get("status") ?? "";
  const channelParam = url.searchParams.get("channel") ?? "";
  const status = isNotificationStatus(statusParam) ? statusParam : undefined;
  const channel = channelParam === "email" || channelParam === "sms" ? channelParam : undefined;
  const cursor = url.searchParams.get("cursor")?.slice(0, 200) || undefined;
  const [page, counts] = await Promise.all([listOutbox({ status, channel, cursor }), outboxCounts()]);
  return {
    filter: { status: status ?? "", channel: channel ?? "", cursor: cursor ?? "" },
    counts,
    transports: transportStatus(),
    canRetry: user.role === "admin",
    // One per page view: a resend form submitted twice sends once.
    nonce: newResendNonce(),
    nextCursor: page.nextCursor,
    items: page.items.map((n) => ({
      id: n.id,
      status: n.status,
      channel: n.channel,
      audience: n.audience,
      template: n.template,
      toAddress: n.toAddress,
      staffName: n.staffName,
      reference: n.reference,
      attempts: n.attempts,
      sending: n.status === "queued" && n.sending === true,
      /** A queued notification waiting for its next try after a failed one. */
      nextAttempt: n.status === "queued" && n.attempts > 0 && n.sending !== true ? formatKst(n.nextAttemptAt) : null,
      error: n.error,
      errorCode: errorCode(n.error),
      routing: n.routing,
      createdIso: n.createdAt.toISOString(),
      created: formatKst(n.createdAt),
      sentAt: n.sentAt ? formatKst(n.sentAt) : null,
    })),
  };
}

type ActionResult = { ok: boolean; key: string; params?: Record<string, string | number> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  const actor = staffActor(user);
  const invalid = () => data<ActionResult>({ ok: false, key: "notify.result.invalid" }, { status: 400 });
  const form = await request.formData().catch(() => null); // a body that is not a form
  if (!form) return invalid();
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");

  if (intent === "retry-all") {
    const which = String(form.get("which") ?? "");
    if (which !== "unsent" && which !== "failed") return invalid();
    const r = await requeueAll([which], actor);
    return { ok: true, key: "notify.result.requeuedAll", params: { count: r.requeued, skipped: r.skipped } } satisfies ActionResult;
  }
  if (!UUID.test(id)) return invalid();
  if (intent === "retry") {
    const r = await requeueNotification(id, actor);
    if (r.requeued) return { ok: true, key: "notify.result.requeued" } satisfies ActionResult;
    return resultFor(r.reason);
  }
  if (intent === "resend") {
    const r = await resendNotification(id, String(form.get("nonce") ?? ""), actor);
    if (r.requeued) return { ok: true, key: "notify.result.requeued" } satisfies ActionResult;
    return resultFor(r.reason);
  }
  return invalid();
}

function resultFor(reason: string | undefined) {
  if (reason === "not_found") return data<ActionResult>({ ok: false, key: "notify.result.not_found" }, { status: 404 });
  if (reason === "not_retryable" || reason === "not_resendable")
    return data<ActionResult>({ ok: false, key: `notify.result.${reason}` }, { status: 409 });
  // Routed again and still no address: say why.
  const code = errorCode(reason) ?? "no_address";
  return data<ActionResult>(
    { ok: false, key: "notify.result.stillNoAddress", params: { reason: `notify.error.${code}` } },
    { status: 422 },
  );
}

/** A translation, or the fallback when the key is unknown (a template another area added). */
function tOr(t: Translate, key: string, fallback: string): string {
  const text = t.dynamic(key);
  return text === key ? fallback : text;
}

function outboxHref(filter: { status?: string; channel?: string; cursor?: string }): string {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.channel) params.set("channel", filter.channel);
  if (filter.cursor) params.set("cursor", filter.cursor);
  const q = params.toString();
  return q ? `/admin/outbox?${q}` : "/admin/outbox";
}

export default function Outbox() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const { filter, counts, transports } = page;
  const statusLabel = filter.status ? t.dynamic(`notify.status.${filter.status}`) : t("notify.outbox.all");
  const total = counts.queued + counts.sent + counts.failed + counts.unsent;
  const resultText = result
    ? t.dynamic(
        result.key,
        result.params
          ? Object.fromEntries(
              Object.entries(result.params).map(([k, v]) => [k, typeof v === "string" && v.startsWith("notify.") ? t.dynamic(v) : v]),
            )
          : undefined,
      )
    : "";

  return (
    <section aria-labelledby="outbox-title">
      <h1 id="outbox-title">{t("notify.outbox.title")}</h1>
      <p className="lead">{t("notify.outbox.lead")}</p>

      <div aria-live="polite" role="status">
        {result ? <p className={result.ok ? "notice" : "warning"}>{resultText}</p> : null}
      </div>

      <section aria-labelledby="outbox-transports" className="panel">
        <h2 id="outbox-transports">{t("notify.outbox.transports")}</h2>
        <ul>
          <li>
            {t("notify.outbox.transport.email")}:{" "}
            {transports.email ? t("notify.outbox.transport.on") : t("notify.outbox.transport.off", { vars: transports.smtpMissing ?? "" })}
          </li>
          <li>
            {t("notify.outbox.transport.sms")}:{" "}
            {transports.sms ? t("notify.outbox.transport.on") : t("notify.outbox.transport.off", { vars: transports.twilioMissing ?? "" })}
          </li>
        </ul>
        <p className="muted">{t("notify.outbox.transportHint")}</p>
        {page.canRetry ? (
          <div className="section-actions">
            {counts.unsent > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="retry-all" />
                <input type="hidden" name="which" value="unsent" />
                <button type="submit" className="primary" disabled={busy}>
                  {t("notify.outbox.retryAll", { count: counts.unsent })}
                </button>
              </Form>
            ) : null}
            {counts.failed > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="retry-all" />
                <input type="hidden" name="which" value="failed" />
                <button type="submit" className="secondary" disabled={busy}>
                  {t("notify.outbox.retryAllFailed", { count: counts.failed })}
                </button>
              </Form>
            ) : null}
          </div>
        ) : (
          <p className="notice">{t("notify.outbox.readOnly")}</p>
        )}
      </section>

      <section aria-labelledby="outbox-statuses" className="panel">
        <h2 id="outbox-statuses">{t("outbox.statuses.title")}</h2>
        <dl className="status-help">
          {(["unsent", "failed", "queued", "sent"] as const).map((s) => (
            <div key={s}>
              <dt>
                <span className={`badge ${BADGE[s]}`}>{t(`notify.status.${s}`)}</span>
              </dt>
              <dd>
                <p>{t(`outbox.statuses.${s}.what`)}</p>
                {s === "unsent" || s === "failed" ? (
                  <p>
                    <strong>{t("outbox.statuses.todo")}</strong> {t(`outbox.statuses.${s}.todo`)}
                  </p>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </section>

      <nav aria-label={t("notify.outbox.statusTabs")}>
        <ul className="tabs">
          <li>
            <Link to={outboxHref({ channel: filter.channel })} aria-current={filter.status === "" ? "page" : undefined}>
              {t("notify.outbox.all")} ({total})
            </Link>
          </li>
          {STATUSES.map((s) => (
            <li key={s}>
              <Link to={outboxHref({ status: s, channel: filter.channel })} aria-current={filter.status === s ? "page" : undefined}>
                {t(`notify.status.${s}`)} ({counts[s]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="filters" aria-label={t("notify.outbox.filtersLabel")}>
        {filter.status ? <input type="hidden" name="status" value={filter.status} /> : null}
        <SelectField
          name="channel"
          label={t("notify.outbox.channel")}
          layout="filter"
          placeholder={t("notify.outbox.anyChannel")}
          options={[
            { value: "email", label: t("notify.channel.email") },
            { value: "sms", label: t("notify.channel.sms") },
          ]}
          defaultValue={filter.channel}
        />
        <div className="filter-buttons">
          <button type="submit" className="secondary">
            {t("notify.outbox.apply")}
          </button>
        </div>
      </Form>

      <div className="table-wrap" aria-busy={busy}>
        <table>
          <caption>
            {t("notify.outbox.caption", { status: statusLabel })}
            <span className="muted"> — {t("notify.outbox.count", { count: page.items.length })}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("notify.col.created")}</th>
              <th scope="col">{t("notify.col.status")}</th>
              <th scope="col">{t("notify.col.template")}</th>
              <th scope="col">{t("notify.col.recipient")}</th>
              <th scope="col">{t("notify.col.ticket")}</th>
              <th scope="col">{t("notify.col.attempts")}</th>
              <th scope="col">{t("notify.col.reason")}</th>
              {page.canRetry ? (
                <th scope="col" className="actions">
                  {t("notify.col.actions")}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {page.items.length === 0 ? (
              <tr>
                <td colSpan={page.canRetry ? 8 : 7}>{t("notify.outbox.empty")}</td>
              </tr>
            ) : (
              page.items.map((n) => {
                const template = templateLabel(t, n.template);
                return (
                  <tr key={n.id}>
                    <td>
                      <time dateTime={n.createdIso}>{n.created}</time>
                    </td>
                    <td>
                      <span className={`badge ${BADGE[n.status]}`}>
                        {t(n.sending ? "notify.status.sending" : `notify.status.${n.status}`)}
                      </span>
                      {n.nextAttempt ? (
                        <div className="muted">
                          {t("notify.col.nextAttempt")} {n.nextAttempt}
                        </div>
                      ) : null}
                      {n.sentAt ? (
                        <div className="muted">
                          {t("notify.col.sentAt")} {n.sentAt}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      {template}
                      <div className="muted">
                        {t(`notify.audience.${n.audience}`)} · {t(`notify.channel.${n.channel}`)}
                      </div>
                    </td>
                    <td>
                      {n.staffName ? <div>{n.staffName}</div> : null}
                      {n.toAddress ? <div className="muted">{n.toAddress}</div> : n.staffName ? null : <span className="muted">—</span>}
                    </td>
                    <td>
                      {n.reference ? <Link to={`/desk/tickets/${n.reference}`}>{n.reference}</Link> : <span className="muted">—</span>}
                    </td>
                    <td>{n.attempts}</td>
                    <td>
                      {n.error ? (
                        <>
                          {n.errorCode ? <div>{t(`notify.error.${n.errorCode}`)}</div> : null}
                          <div className="muted">{notifyErrorText(t, n.error)}</div>
                          {page.canRetry ? (
                            <details className="tech-detail">
                              <summary>{t("words.notifyError.detail")}</summary>
                              <code>{n.error}</code>
                            </details>
                          ) : null}
                        </>
                      ) : n.routing ? (
                        <span className="muted">{tOr(t, `notify.routing.${n.routing}`, "")}</span>
                      ) : null}
                    </td>
                    {page.canRetry ? (
                      <td className="actions">
                        {n.status === "failed" || n.status === "unsent" ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="retry" />
                            <input type="hidden" name="id" value={n.id} />
                            <button
                              type="submit"
                              className="secondary"
                              disabled={busy}
                              aria-label={t("notify.action.retryLabel", { template, created: n.created })}
                            >
                              {t("notify.action.retry")}
                            </button>
                          </Form>
                        ) : n.status === "sent" ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="resend" />
                            <input type="hidden" name="id" value={n.id} />
                            <input type="hidden" name="nonce" value={page.nonce} />
                            <button
                              type="submit"
                              className="secondary"
                              disabled={busy}
                              aria-label={t("notify.action.resendLabel", { template, created: n.created })}
                            >
                              {t("notify.action.resend")}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>

      {page.nextCursor || filter.cursor ? (
        <nav aria-label={t("notify.outbox.pagination")} className="pagination">
          {filter.cursor ? (
            <Link to={outboxHref({ status: filter.status, channel: filter.channel })}>{t("notify.outbox.first")}</Link>
          ) : null}{" "}
          {page.nextCursor ? (
            <Link to={outboxHref({ status: filter.status, channel: filter.channel, cursor: page.nextCursor })}>
              {t("notify.outbox.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
