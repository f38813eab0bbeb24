// /status — public: current service disruptions with their expected recovery, and announced
// maintenance windows (SERVICE-STANDARDS §5). The records are kept by the operations area
// (app/outages); this page only shows what has been published.
import type { HeadersFunction, LinksFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLang, useT } from "~/i18n/use-t";
import { publicStatus } from "~/outages/outages.server";
import { dateTimeWords } from "~/i18n/date-words";
import portalStyles from "~/portal/portal.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: portalStyles }];

/** Fresh on every visit; a minute of caching by a proxy is fine. */
export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=60" });

export async function loader() {
  const now = new Date();
  const status = await publicStatus(now);
  return { ...status, now: now.toISOString() };
}

export default function Status() {
  const t = useT();
  const lang = useLang();
  const { outages, maintenance, now } = useLoaderData<typeof loader>();
  const open = outages.filter((o) => o.status === "open");
  const nothing = open.length === 0 && maintenance.length === 0;
  return (
    <article aria-labelledby="status-title" className="portal">
      <h1 id="status-title">{t("statusPage.title")}</h1>
      <p>{t("statusPage.intro")}</p>
      <p className="muted">{t("statusPage.asOf", { date: dateTimeWords(now, lang) })}</p>

      {nothing ? (
        <p className="notice" role="status">
          {t("statusPage.none")}
        </p>
      ) : null}

      {outages.length ? (
        <section aria-labelledby="outages-title">
          <h2 id="outages-title">{t("statusPage.outagesTitle")}</h2>
          <ul className="status-list">
            {outages.map((o) => (
              <li key={o.id} aria-labelledby={`outage-${o.id}`}>
                <h3 id={`outage-${o.id}`}>
                  {o.service}{" "}
                  <span className={`badge ${o.status === "open" ? "open" : "ok"}`}>
                    {o.status === "open" ? t("statusPage.outageOpen") : t("statusPage.outageResolved")}
                  </span>
                </h3>
                <p className="pre">{o.description}</p>
                <dl className="facts">
                  <dt>{t("statusPage.startedAt")}</dt>
                  <dd>{dateTimeWords(o.startedAt, lang)}</dd>
                  {o.status === "open" ? (
                    <>
                      <dt>{t("statusPage.expectedRecovery")}</dt>
                      <dd>{o.expectedRecoveryAt ? dateTimeWords(o.expectedRecoveryAt, lang) : t("statusPage.etaPending")}</dd>
                    </>
                  ) : (
                    <>
                      <dt>{t("statusPage.resolvedAt")}</dt>
                      <dd>{o.resolvedAt ? dateTimeWords(o.resolvedAt, lang) : ""}</dd>
                    </>
                  )}
                </dl>
                {o.updates.length ? (
                  <>
                    <h4>{t("statusPage.updates")}</h4>
                    <ul>
                      {o.updates.map((u) => (
                        <li key={u.id}>
                          <time dateTime={u.createdAt}>{dateTimeWords(u.createdAt, lang)}</time>
                          {u.message ? <span className="pre"> — {u.message}</span> : null}
                          {u.expectedRecoveryAt ? (
                            <span>
                              {" "}
                              ({t("statusPage.expectedRecovery")}: {dateTimeWords(u.expectedRecoveryAt, lang)})
                            </span>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {maintenance.length ? (
        <section aria-labelledby="maintenance-title">
          <h2 id="maintenance-title">{t("statusPage.maintenanceTitle")}</h2>
          <ul className="status-list">
            {maintenance.map((w) => {
              const inProgress = Date.parse(w.startsAt) <= Date.parse(now);
              return (
                <li key={w.id} aria-labelledby={`maintenance-${w.id}`}>
                  <h3 id={`maintenance-${w.id}`}>
                    {w.service}{" "}
                    <span className={`badge ${inProgress ? "warn" : ""}`}>
                      {inProgress ? t("statusPage.maintenanceNow") : t("statusPage.maintenanceUpcoming")}
                    </span>
                  </h3>
                  <p className="pre">{w.description}</p>
                  <dl className="facts">
                    <dt>{t("statusPage.window")}</dt>
                    <dd>
                      <time dateTime={w.startsAt}>{dateTimeWords(w.startsAt, lang)}</time> ~{" "}
                      <time dateTime={w.endsAt}>{dateTimeWords(w.endsAt, lang)}</time>
                    </dd>
                  </dl>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}

      <p>
        <Link to="/status/subscribe">{t("statusPage.subscribe")}</Link>
      </p>
    </article>
  );
}
