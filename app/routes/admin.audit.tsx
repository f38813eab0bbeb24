// /admin/audit — the audit log (administrators only): filters by person, action, target and date
// range, newest first with keyset pagination, and a CSV export of the same selection.
import { type MetaFunction, data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { requireStaff } from "~/auth/session.server";
import type { Translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "~/security/audit-actions";
import { listAudit } from "~/security/audit.server";
import { describeAuditRows, type AuditRowWords, type Words } from "~/security/audit-words.server";
import { AUDIT_EXPORT_MAX, auditSearch, readAuditQuery } from "~/security/audit-query.server";
import securityStyles from "~/security/security.css";
import { ErrorSummary, Field, SelectField } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminAudit");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: securityStyles }];

const PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, "admin");
  const { body, invalid } = await auditPage(request);
  return data(body, { status: invalid ? 422 : 200 });
}

type AuditPage = Awaited<ReturnType<typeof auditPage>>["body"];

async function auditPage(request: Request) {
  const query = readAuditQuery(new URL(request.url));
  const invalid = Object.keys(query.errors).length > 0;
  // A filter that cannot be read lists nothing (rather than a wider selection than asked) and says why.
  const page = invalid ? { items: [], nextCursor: null } : await listAudit(query.filter, { cursor: query.cursor, limit: PAGE });
  const words = await describeAuditRows(page.items);
  const body = {
    values: query.values,
    errors: query.errors,
    paged: query.cursor !== undefined,
    exportMax: AUDIT_EXPORT_MAX,
    search: auditSearch(query.values),
    nextSearch: page.nextCursor === null ? null : auditSearch(query.values, { cursor: String(page.nextCursor) }),
    // The stored codes travel along for filters and tests; the page shows only the words.
    items: page.items.map((r, i) => ({
      id: r.id,
      at: formatKst(r.at),
      atIso: r.at.toISOString(),
      ip: r.ip,
      actor: r.actor,
      action: r.action,
      targetId: r.targetId,
      ...words[i],
    })),
  };
  return { body, invalid };
}

function label(t: Translate, prefix: string, value: string | null): string {
  if (!value) return "";
  const key = `${prefix}.${value}`;
  const text = t.dynamic(key);
  return text === key ? value : text;
}

/** Words as the page shows them: a translated key (a code nobody translated reads "other"), or text. */
function say(t: Translate, words: Words, fallback = "audit.value.other"): string {
  if ("text" in words) return words.text;
  const text = t.dynamic(words.key, words.params);
  return text === words.key ? t.dynamic(fallback) : text;
}

function DetailLines({ lines }: { lines: AuditRowWords["lines"] }) {
  const t = useT();
  if (lines.length === 0) return null;
  return (
    <dl className="audit-details">
      {lines.map((line, i) => (
        <div key={i}>
          <dt>{say(t, { key: line.label })}</dt>
          <dd>
            {"from" in line.value
              ? t("audit.value.fromTo", { from: say(t, line.value.from), to: say(t, line.value.to) })
              : say(t, line.value)}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export default function AuditLog() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as unknown as AuditPage;
  const busy = useNavigation().state === "loading";
  const errors = Object.fromEntries(Object.entries(data.errors).map(([k, v]) => [k, t.dynamic(v)]));
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t("audit.title")}</h1>
      <p className="lead">{t("audit.lead")}</p>
      <ErrorSummary errors={errors} labels={{ from: t("audit.from"), to: t("audit.to") }} />
      <Form method="get" className="filters audit-filters" aria-label={t("audit.filters")}>
        <Field name="actor" label={t("audit.actor")} layout="filter">
          {(p) => <input {...p} type="search" defaultValue={data.values.actor} maxLength={100} />}
        </Field>
        <SelectField
          name="action"
          label={t("audit.action")}
          layout="filter"
          placeholder={t("audit.anyAction")}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: label(t, "audit.action", a) }))}
          defaultValue={data.values.action}
        />
        <SelectField
          name="targetType"
          label={t("audit.targetType")}
          layout="filter"
          placeholder={t("audit.anyTarget")}
          options={AUDIT_TARGET_TYPES.map((a) => ({ value: a, label: label(t, "audit.targetType", a) }))}
          defaultValue={data.values.targetType}
        />
        <Field name="targetId" label={t("audit.targetId")} layout="filter">
          {(p) => <input {...p} type="text" defaultValue={data.values.targetId} maxLength={300} />}
        </Field>
        <Field name="from" label={t("audit.from")} error={errors.from} layout="filter">
          {(p) => <input {...p} type="date" defaultValue={data.values.from} />}
        </Field>
        <Field name="to" label={t("audit.to")} error={errors.to} layout="filter">
          {(p) => <input {...p} type="date" defaultValue={data.values.to} />}
        </Field>
        <div>
          <button type="submit" className="primary">
            {t("audit.search")}
          </button>{" "}
          <Link to="/admin/audit">{t("audit.reset")}</Link>
        </div>
      </Form>

      <div className="audit-actions">
        <a href={`/admin/audit/export${data.search}`} download className="button secondary" aria-describedby="audit-export-hint">
          {t("audit.export")}
        </a>
        <span className="muted" id="audit-export-hint">
          {t("audit.exportHint", { max: data.exportMax.toLocaleString("ko-KR") })}
        </span>
      </div>

      <h2 id="audit-results">{t("audit.results")}</h2>
      <div aria-live="polite" aria-busy={busy}>
        {data.items.length === 0 ? (
          <p>{t("audit.none")}</p>
        ) : (
          <div className="audit-table-wrap">
            <table className="audit-table" aria-labelledby="audit-results">
              <thead>
                <tr>
                  <th scope="col">{t("audit.at")}</th>
                  <th scope="col">{t("audit.who")}</th>
                  <th scope="col">{t("audit.what")}</th>
                  <th scope="col">{t("audit.target")}</th>
                  <th scope="col">{t("audit.ip")}</th>
                  <th scope="col">{t("audit.details")}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <time dateTime={r.atIso}>{r.at}</time>
                    </td>
                    <td>
                      {say(t, r.who)}
                      {r.whoDetail ? <div className="muted">{r.whoDetail}</div> : null}
                    </td>
                    <td>
                      {say(t, r.what)}
                      {r.change ? <div className="muted">{say(t, r.change, "audit.change.other")}</div> : null}
                    </td>
                    <td>
                      {r.ticket ? <Link to={`/desk/tickets/${r.ticket}`}>{say(t, r.target!)}</Link> : r.target ? say(t, r.target) : null}
                    </td>
                    <td>{r.ip}</td>
                    <td>
                      <DetailLines lines={r.lines} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <nav className="audit-actions" aria-label={t("audit.results")}>
        {data.paged ? <Link to={`/admin/audit${data.search}`}>{t("audit.first")}</Link> : null}
        {data.nextSearch ? <Link to={`/admin/audit${data.nextSearch}`}>{t("audit.next", { count: PAGE })}</Link> : null}
      </nav>
    </section>
  );
}
