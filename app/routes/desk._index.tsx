// /desk — the queues: my work, my team's unassigned, everything active, waiting on the customer.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import { CHANNEL_OPTIONS, STATUS_OPTIONS } from "~/desk/constants";
import { QUEUE_TABS, queueHref } from "~/desk/queue";
import { loadQueue } from "~/desk/queue.server";
import { useT } from "~/i18n/use-t";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  return loadQueue(new URL(request.url), user);
}

export default function Queues() {
  const t = useT();
  const { query, ignored, rows, nextCursor, teamless } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "loading";
  const searching = query.q !== "";
  const tabLabel = t(`desk.queue.tab.${query.tab}`);
  const caption = searching ? t("desk.queue.searchCaption", { q: query.q }) : tabLabel;
  const keep = { channel: query.channel, status: query.status };

  return (
    <section aria-labelledby="queue-title">
      <div className="desk-title-row">
        <h1 id="queue-title">{t("desk.queue.title")}</h1>
        <Link to="/desk/log-contact" className="button secondary">
          {t("desk.queue.logContact")}
        </Link>
      </div>

      <nav aria-label={t("desk.queue.tabsLabel")}>
        <ul className="tabs">
          {QUEUE_TABS.map((tab) => (
            <li key={tab}>
              <Link to={queueHref({ tab, ...keep })} aria-current={!searching && query.tab === tab ? "page" : undefined}>
                {t(`desk.queue.tab.${tab}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p className="muted" id="queue-tab-hint">
        {searching ? t("desk.queue.searchHint") : t(`desk.queue.tabHint.${query.tab}`)}
        {!searching && query.tab === "team" && teamless ? ` ${t("desk.queue.teamlessHint")}` : null}
      </p>

      <Form method="get" className="filters" role="search" aria-label={t("desk.queue.filtersLabel")}>
        <input type="hidden" name="tab" value={query.tab} />
        <div className="field">
          <label htmlFor="queue-q">{t("desk.queue.search")}</label>
          <span className="hint" id="queue-q-hint">
            {t("desk.queue.searchFieldHint")}
          </span>
          <input id="queue-q" name="q" type="search" defaultValue={query.q} maxLength={100} aria-describedby="queue-q-hint" />
        </div>
        <div className="field">
          <label htmlFor="queue-channel">{t("desk.field.channel")}</label>
          <select id="queue-channel" name="channel" defaultValue={query.channel}>
            <option value="">{t("desk.queue.anyChannel")}</option>
            {CHANNEL_OPTIONS.map((c) => (
              <option key={c} value={c}>
                {t(`channel.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-status">{t("desk.field.status")}</label>
          <select id="queue-status" name="status" defaultValue={query.status} disabled={query.tab === "waiting" && !searching}>
            <option value="">{t("desk.queue.anyStatus")}</option>
            {STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-buttons">
          <button type="submit" className="primary">
            {t("desk.queue.apply")}
          </button>{" "}
          {searching || query.channel || query.status ? (
            <Link to={queueHref({ tab: query.tab })} className="button secondary">
              {t("desk.queue.clear")}
            </Link>
          ) : null}
        </div>
      </Form>

      {ignored.length ? (
        <p className="warning" role="status">
          {t("desk.queue.ignored", { params: ignored.map((p) => t(`desk.queue.param.${p}`)).join(", ") })}
        </p>
      ) : null}

      <p role="status" className="visually-hidden">
        {busy ? t("desk.loading") : `${caption}: ${t("desk.queue.count", { count: rows.length })}`}
      </p>
      <div className="table-wrap" aria-busy={busy}>
        <table>
          <caption>
            {caption}
            <span className="muted"> — {t("desk.queue.count", { count: rows.length })}</span>
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("desk.field.reference")}</th>
              <th scope="col">{t("desk.field.subject")}</th>
              <th scope="col">{t("desk.field.customer")}</th>
              <th scope="col">{t("desk.field.channel")}</th>
              <th scope="col">{t("desk.field.status")}</th>
              <th scope="col">{t("desk.field.receivedKst")}</th>
              <th scope="col">{t("desk.field.assignee")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={7}>{t("desk.queue.empty")}</td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.reference}>
                  <td>
                    <Link to={`/desk/tickets/${row.reference}`} className="ref-link">
                      {row.reference}
                    </Link>
                  </td>
                  <td>{row.subject}</td>
                  <td>{row.customerName}</td>
                  <td>{t(`channel.${row.channel}`)}</td>
                  <td>
                    <span className={`badge status-${row.status}`}>{t(`status.${row.status}`)}</span>
                  </td>
                  <td>
                    <time dateTime={row.receivedIso}>{row.receivedAt}</time>
                  </td>
                  <td>{row.assigneeName ?? <span className="muted">{t("desk.unassigned")}</span>}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>

      {nextCursor || query.cursor ? (
        <nav aria-label={t("desk.queue.pagination")} className="pagination">
          {query.cursor ? (
            <Link to={queueHref({ ...query, cursor: "" })} className="button secondary">
              {t("desk.queue.firstPage")}
            </Link>
          ) : null}{" "}
          {nextCursor ? (
            <Link to={queueHref({ ...query, cursor: nextCursor })} className="button secondary" rel="next">
              {t("desk.queue.nextPage")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
