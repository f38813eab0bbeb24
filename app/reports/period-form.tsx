// The dashboard's period and team form, with the scope in words and the preset periods.
import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, Field, SelectField } from "~/ui/form";
import type { DashboardPageData } from "./dashboard-page.server";
import { dashboardHref } from "./links";

export function PeriodForm({ loaded }: { loaded: DashboardPageData }) {
  const t = useT();
  const errors = loaded.ok ? undefined : loaded.errors;
  const values = loaded.ok ? { from: loaded.params.from, to: loaded.params.to, team: loaded.params.team ?? "" } : loaded.values;
  const keepTeam = values.team ? { team: values.team } : {};
  const presetHref = (p: { from: string; to: string }) => dashboardHref("/dashboard", { ...p, ...keepTeam });
  const labels = { from: t("dashboard.from"), to: t("dashboard.to"), team: t("dashboard.team") };
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="get" className="period-form" aria-label={t("dashboard.periodForm")}>
        <Field name="from" label={labels.from} error={errors?.from} layout="filter" alsoDescribedBy="period-hint">
          {(p) => <input {...p} type="date" defaultValue={values.from} />}
        </Field>
        <Field name="to" label={labels.to} error={errors?.to} layout="filter" alsoDescribedBy="period-hint">
          {(p) => <input {...p} type="date" defaultValue={values.to} />}
        </Field>
        {loaded.canPickTeam ? (
          <SelectField
            name="team"
            label={labels.team}
            error={errors?.team}
            layout="filter"
            placeholder={t("dashboard.allTeams")}
            options={loaded.teams.map((team) => ({ value: team.key, label: team.name }))}
            defaultValue={values.team}
          />
        ) : null}
        <div>
          <button type="submit" className="primary">
            {t("dashboard.show")}
          </button>
        </div>
      </Form>
      <p className="muted" id="period-hint">
        {t("dashboard.periodHint")}
      </p>
      <nav aria-label={t("dashboard.presets")}>
        <ul className="period-presets">
          <li>
            <Link to={presetHref(loaded.presets.thisMonth)}>{t("dashboard.preset.thisMonth")}</Link>
          </li>
          <li>
            <Link to={presetHref(loaded.presets.lastMonth)}>{t("dashboard.preset.lastMonth")}</Link>
          </li>
          <li>
            <Link to={presetHref(loaded.presets.last12Months)}>{t("dashboard.preset.last12Months")}</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}
