// /promises — the service standards in force, when they last changed, and every change since they
// were published (policy versions and calendar changes), for anyone to read.
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { categoryLabel, channelsText, metricLabel } from "~/admin/policy-fields";
import { targetInWords } from "~/sla/period-text";
import type { Translate } from "~/i18n/i18n";
import { useLang, useT } from "~/i18n/use-t";
import { kstDate } from "~/lib/time";
import { dateWords } from "~/i18n/date-words";
import { publicStandards, type StandardsChange } from "~/portal/promises.server";

export async function loader() {
  return json(await publicStandards());
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ChangeLines({ change, t, shape }: { change: StandardsChange; t: Translate; shape: Data["shape"] }) {
  if (change.kind === "calendar") {
    const c = change.change;
    return <>{t(`admin.calendar.changeText.${c.action}`, { kind: t(`admin.calendar.kind.${c.kind}`), date: c.date, name: c.name })}</>;
  }
  const title = change.first
    ? t("promises.history.published", { name: change.name, version: change.version })
    : t("promises.history.changed", { name: change.name, version: change.version });
  const lines: string[] = change.targets.map((c) =>
    c.before && c.after
      ? t("promises.history.target", {
          metric: metricLabel(t, c.metric),
          before: targetInWords(t, c.before, shape),
          after: targetInWords(t, c.after, shape),
        })
      : c.after
        ? t("promises.history.added", { metric: metricLabel(t, c.metric), after: targetInWords(t, c.after, shape) })
        : t("promises.history.removed", { metric: metricLabel(t, c.metric) }),
  );
  if (change.scopeChanged) lines.push(t("promises.history.scope"));
  if (change.activeChanged) lines.push(t(change.active ? "promises.history.reactivated" : "promises.history.withdrawn"));
  return (
    <>
      {title}
      {lines.length ? (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export default function Promises() {
  const t = useT();
  const lang = useLang();
  const data = useLoaderData<typeof loader>();
  // Always with the year: a history spans years.
  const day = (iso: string) => dateWords(kstDate(new Date(iso)), lang, new Date(0));
  return (
    <div className="promises">
      <h1>{t("promises.title")}</h1>
      <p className="home-lead">{t("promises.lead")}</p>
      {data.lastChangedAt ? <p>{t("promises.lastChanged", { date: day(data.lastChangedAt) })}</p> : null}

      {data.inForce.map((p) => (
        <section key={p.key} aria-labelledby={`policy-${p.key}`} className="panel">
          <h2 id={`policy-${p.key}`}>{p.name}</h2>
          {p.description ? <p>{p.description}</p> : null}
          <p className="muted">
            {t("promises.appliesTo", {
              channels: channelsText(t, p.channels),
              categories: p.categories.length ? p.categories.map((c) => categoryLabel(t, c)).join(", ") : t("admin.policy.allCategories"),
            })}{" "}
            · {t("promises.since", { date: day(p.since), version: p.version })}
          </p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t("promises.tableCaption", { name: p.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("promises.col.promise")}</th>
                  <th scope="col">{t("promises.col.deadline")}</th>
                </tr>
              </thead>
              <tbody>
                {p.targets.map(({ metric, target }) => (
                  <tr key={metric}>
                    <th scope="row">{metricLabel(t, metric)}</th>
                    <td>{targetInWords(t, target, data.shape)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <p className="muted">{t("home.workingDays")}</p>

      <section aria-labelledby="history-title" className="panel">
        <h2 id="history-title">{t("promises.historyTitle")}</h2>
        <p className="muted">{t("promises.historyIntro")}</p>
        {data.history.length === 0 ? (
          <p>{t("promises.history.none")}</p>
        ) : (
          <ol className="promises-history">
            {data.history.map((c) => (
              <li key={`${c.kind}-${c.kind === "policy" ? c.name : ""}-${c.version}`}>
                <strong>{day(c.at)}</strong> — <ChangeLines change={c} t={t} shape={data.shape} />
              </li>
            ))}
          </ol>
        )}
      </section>
      <p>
        <Link to="/">{t("promises.back")}</Link>
      </p>
    </div>
  );
}
