// The dashboard's period and team form, with the scope in words and the preset periods.
import { Form, Link } from "@remix-run/react";
import { useT } from "~/i18n/use-t";
import { ErrorSummary, fieldId } from "~/ui/form";
import type { DashboardPageData } from "./dashboard-page.server";
import { dashboardHref } from "./links";

export function PeriodForm({ loaded }: { loaded: DashboardPageData }) {
  const t = useT();
  const errors = loaded.ok ? undefined : loaded.errors;
  const values = loaded.ok ? { from: loaded.params.from, to: loaded.params.to, team: loaded.params.team ?? "" } : loaded.values;
  const keepTeam = values.team ? { team: values.team } : {};
  const presetHref = (p: { from: string; to: string }) => dashboardHref("/dashboard", { ...p, ...keepTeam });
  const labels = { from: t("dashboard.from"), to: t("dashboard.to"), team: t("dashboard.team") };
  const describe = (name: string, hint?: string) => [hint, errors?.[name] ? `${fieldId(name)}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="get" className="period-form" aria-label={t("dashboard.periodForm")}>
        <div className="field" data-invalid={errors?.from ? "" : undefined}>
          <label htmlFor={fieldId("from")}>{labels.from}</label>
          <input
            id={fieldId("from")}
            name="from"
            type="date"
            defaultValue={values.from}
            aria-invalid={errors?.from ? true : undefined}
            aria-describedby={describe("from", "period-hint")}
          />
          {errors?.from ? (
            <span className="error" id={`${fieldId("from")}-error`}>
              {errors.from}
            </span>
          ) : null}
        </div>
        <div className="field" data-invalid={errors?.to ? "" : undefined}>
          <label htmlFor={fieldId("to")}>{labels.to}</label>
          <input
            id={fieldId("to")}
            name="to"
            type="date"
            defaultValue={values.to}
            aria-invalid={errors?.to ? true : undefined}
            aria-describedby={describe("to", "period-hint")}
          />
          {errors?.to ? (
            <span className="error" id={`${fieldId("to")}-error`}>
              {errors.to}
            </span>
          ) : null}
        </div>
        {loaded.canPickTeam ? (
          <div className="field" data-invalid={errors?.team ? "" : undefined}>
            <label htmlFor={fieldId("team")}>{labels.team}</label>
            <select
              id={fieldId("team")}
              name="team"
              defaultValue={values.team}
              aria-invalid={errors?.team ? true : undefined}
              aria-describedby={describe("team")}
            >
              <option value="">{t("dashboard.allTeams")}</option>
              {loaded.teams.map((team) => (
                <option key={team.id} value={team.key}>
                  {team.name}
                </option>
              ))}
            </select>
            {errors?.team ? (
              <span className="error" id={`${fieldId("team")}-error`}>
                {errors.team}
              </span>
            ) : null}
          </div>
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
