// /admin/policies/:key — one SLA policy: its targets, the edit form (an edit is a new version),
// re-applying the current version to open tickets, and the version history.
// /admin/policies/new is the "new policy" form (so no policy may be keyed "new").
import type { MetaFunction, ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorText } from "~/admin/fields";
import { warnInWords } from "~/sla/period-text";
import { categoriesText, channelsText, PolicyForm, TargetList, TargetTable } from "~/admin/policy-fields";
import { handlePolicyAction, loadPolicyPage, type PolicyActionResult } from "~/admin/policy.server";
import { requireStaff } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { CheckboxField, ErrorSummary } from "~/ui/form";
import { pageTitle } from "~/ui/page-title";

/** The policy's name (never its key), or "new policy". */
export const meta: MetaFunction = ({ data, matches }) => {
  const page = data as { mode?: string; policy?: { name?: string } | null } | undefined;
  if (page?.mode === "new") return pageTitle(matches, "admin.policy.newTitle");
  return page?.policy?.name
    ? pageTitle(matches, "title.adminPolicy", { name: page.policy.name })
    : pageTitle(matches, "title.adminPolicies");
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manager");
  return loadPolicyPage(request, user, params.key ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireStaff(request, "admin");
  return handlePolicyAction(request, user, await getLang(request), params.key ?? "");
}

type PageData = Awaited<ReturnType<typeof loadPolicyPage>>;

export default function PolicyPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>() as unknown as PageData;
  const result = useActionData<typeof action>() as PolicyActionResult | undefined;
  const saveResult = result?.intent === "save" ? result : undefined;
  const reapplyResult = result?.intent === "reapply" ? result : undefined;
  const generalError = result && result.intent === null ? result.formError : undefined;
  const policy = data.policy;
  const title = data.mode === "new" ? t("admin.policy.newTitle") : (policy?.name ?? "");
  const action = data.mode === "new" ? "/admin/policies/new" : `/admin/policies/${data.key}`;

  return (
    <article aria-labelledby="policy-title">
      <nav aria-label={t("admin.policy.breadcrumb")} className="breadcrumb">
        <Link to="/admin/policies">{t("admin.policies.title")}</Link> <span aria-hidden="true">›</span> <span>{title}</span>
      </nav>
      <h1 id="policy-title">{title}</h1>
      {policy ? (
        <p className="lead">
          <code>{policy.key}</code> · {t("admin.policy.versionLine", { version: policy.version })} ·{" "}
          {policy.active ? t("admin.policy.active") : t("admin.policy.inactive")}
        </p>
      ) : null}

      {data.saved ? (
        <p className="notice" role="status">
          {t("admin.policy.saved", { version: data.saved })}
        </p>
      ) : null}
      {data.reapplied ? (
        <p className="notice" role="status" data-testid="reapply-result">
          {t("admin.policy.reapplied", { examined: data.reapplied.examined, moved: data.reapplied.moved })}
        </p>
      ) : null}
      {generalError ? (
        <p className="error-summary" role="alert">
          {generalError}
        </p>
      ) : null}

      {policy ? <Summary policy={policy} shape={data.shape} /> : null}

      {data.canEdit ? (
        <section aria-labelledby="policy-form-title">
          <h2 id="policy-form-title">{data.mode === "new" ? t("admin.policy.newFormTitle") : t("admin.policy.editTitle")}</h2>
          <p className="muted">{data.mode === "new" ? t("admin.policy.newLead") : t("admin.policy.editLead")}</p>
          <PolicyForm
            mode={data.mode}
            action={action}
            values={saveResult?.values ?? data.values}
            errors={saveResult?.errors}
            formError={saveResult?.formError}
            categories={data.categories}
            resetKey={`${policy?.version ?? 0}`}
          />
        </section>
      ) : data.mode === "new" ? (
        <p className="warning">{t("admin.readOnly")}</p>
      ) : null}

      {data.canEdit && policy ? <Reapply policy={policy} result={reapplyResult} action={action} /> : null}

      {data.history.length ? <History history={data.history} shape={data.shape} /> : null}
    </article>
  );
}

function Summary({ policy, shape }: { policy: NonNullable<PageData["policy"]>; shape: PageData["shape"] }) {
  const t = useT();
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">{t("admin.policy.summaryTitle")}</h2>
      {policy.description ? <p className="pre">{policy.description}</p> : null}
      <dl className="facts">
        <dt>{t("admin.policy.col.channels")}</dt>
        <dd>{channelsText(t, policy.channels)}</dd>
        <dt>{t("admin.policy.col.categories")}</dt>
        <dd>{categoriesText(t, policy.categories)}</dd>
        <dt>{t("admin.policy.col.priority")}</dt>
        <dd>{policy.priority}</dd>
        <dt>{t("admin.policy.col.active")}</dt>
        <dd>{policy.active ? t("admin.policy.active") : t("admin.policy.inactive")}</dd>
      </dl>
      <TargetTable targets={policy.targets} shape={shape} caption={t("admin.policy.targetsCaption", { version: policy.version })} />
    </section>
  );
}

function Reapply({ policy, result, action }: { policy: NonNullable<PageData["policy"]>; result?: PolicyActionResult; action: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "reapply";
  const error = result?.errors.confirm;
  const confirmLabel = t("admin.policy.reapplyConfirm", { version: policy.version });
  return (
    <section aria-labelledby="reapply-title">
      <h2 id="reapply-title">{t("admin.policy.reapplyTitle")}</h2>
      <p>{t("admin.policy.reapplyLead", { version: policy.version })}</p>
      {result?.formError ? (
        <p className="error-summary" role="alert">
          {result.formError}
        </p>
      ) : null}
      {policy.active ? (
        <Form method="post" action={action} className="form" noValidate aria-labelledby="reapply-title">
          <input type="hidden" name="intent" value="reapply" />
          <ErrorSummary errors={{ confirm: error }} labels={{ confirm: confirmLabel }} />
          <CheckboxField name="confirm" value="yes" label={confirmLabel} error={error} />
          <div>
            <button type="submit" className="danger" disabled={busy}>
              {busy ? t("admin.working") : t("admin.policy.reapplySubmit")}
            </button>
          </div>
        </Form>
      ) : (
        <p className="warning">{t("admin.policy.reapplyInactive")}</p>
      )}
    </section>
  );
}

function History({ history, shape }: { history: PageData["history"]; shape: PageData["shape"] }) {
  const t = useT();
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">{t("admin.policy.historyTitle")}</h2>
      <div className="table-wrap">
        <table data-testid="policy-history">
          <caption>{t("admin.policy.historyCaption", { count: history.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.policy.col.version")}</th>
              <th scope="col">{t("admin.policy.col.name")}</th>
              <th scope="col">{t("admin.policy.col.active")}</th>
              <th scope="col">{t("admin.policy.col.targets")}</th>
              <th scope="col">{t("admin.policy.col.warn")}</th>
              <th scope="col">{t("admin.policy.col.by")}</th>
              <th scope="col">{t("admin.policy.col.at")}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr key={v.version}>
                <th scope="row">
                  {v.version}
                  {v.current ? <span className="badge met"> {t("admin.policy.current")}</span> : null}
                </th>
                <td>{v.name}</td>
                <td>{v.active ? t("admin.policy.active") : t("admin.policy.inactive")}</td>
                <td>
                  <TargetList targets={v.targets} shape={shape} />
                </td>
                <td>{warnSummary(t, v.targets)}</td>
                <td>{actorText(t.dynamic, v.createdBy)}</td>
                <td>
                  <time dateTime={v.createdAt}>{formatKst(v.createdAt)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The warning rule when all targets share one (the usual case), else "per metric". */
function warnSummary(t: ReturnType<typeof useT>, targets: PageData["history"][number]["targets"]): string {
  const rules = new Set(Object.values(targets).map((x) => (x ? warnInWords(t, x) : "")));
  rules.delete("");
  if (rules.size === 0) return "—";
  return rules.size === 1 ? [...rules][0] : t("admin.policy.warnPerMetric");
}
