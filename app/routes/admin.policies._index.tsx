// /admin/policies — the SLA policies in force (SERVICE-STANDARDS §6), their targets in words.
import type { MetaFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { dayShapeOf, type DayShape } from "~/sla/period-text";
import { categoriesText, channelsText, TargetList } from "~/admin/policy-fields";
import { requireStaff } from "~/auth/session.server";
import { useT } from "~/i18n/use-t";
import { currentCalendar } from "~/sla/calendar.server";
import { currentPolicies } from "~/sla/policies.server";
import { pageTitle } from "~/ui/page-title";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "title.adminPolicies");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "manager");
  const [policies, calendar] = await Promise.all([currentPolicies(), currentCalendar()]);
  return {
    canEdit: user.role === "admin",
    shape: dayShapeOf(calendar.calendar.periodMinutes) satisfies DayShape,
    policies: policies
      .map((p) => ({
        key: p.key,
        version: p.version,
        name: p.name,
        description: p.description,
        channels: p.channels,
        categories: p.categories,
        priority: p.priority,
        active: p.active,
        targets: p.targets,
        createdBy: p.createdBy,
        createdAt: p.createdAt.toISOString(),
      }))
      .sort((a, b) => Number(b.active) - Number(a.active) || b.priority - a.priority || a.key.localeCompare(b.key)),
  };
}

export default function PoliciesPage() {
  const t = useT();
  const data = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="policies-title">
      <div className="title-row">
        <h1 id="policies-title">{t("admin.policies.title")}</h1>
        {data.canEdit ? (
          <Link to="/admin/policies/new" className="button primary">
            {t("admin.policies.new")}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t("admin.policies.lead")}</p>
      <div className="table-wrap">
        <table data-testid="policies">
          <caption>{t("admin.policies.caption", { count: data.policies.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.policy.col.name")}</th>
              <th scope="col">{t("admin.policy.col.version")}</th>
              <th scope="col">{t("admin.policy.col.channels")}</th>
              <th scope="col">{t("admin.policy.col.categories")}</th>
              <th scope="col">{t("admin.policy.col.priority")}</th>
              <th scope="col">{t("admin.policy.col.active")}</th>
              <th scope="col">{t("admin.policy.col.targets")}</th>
            </tr>
          </thead>
          <tbody>
            {data.policies.map((p) => (
              <tr key={p.key}>
                <th scope="row">
                  <Link to={`/admin/policies/${p.key}`}>{p.name}</Link>
                  <br />
                  <code className="muted">{p.key}</code>
                </th>
                <td>{p.version}</td>
                <td>{channelsText(t, p.channels)}</td>
                <td>{categoriesText(t, p.categories)}</td>
                <td>{p.priority}</td>
                <td>
                  <span className={`badge${p.active ? " met" : " inactive"}`}>
                    {p.active ? t("admin.policy.active") : t("admin.policy.inactive")}
                  </span>
                </td>
                <td>
                  <TargetList targets={p.targets} shape={data.shape} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
