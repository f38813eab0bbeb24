// The policy form (new policy and edit) and the read-only views of a policy's targets.
import { Form, useNavigation } from "@remix-run/react";
import type { MetricTarget, SlaMetric } from "~/db/schema";
import type { Translate } from "~/i18n/i18n";
import { useT } from "~/i18n/use-t";
import { CheckboxField, CheckboxGroup, ErrorSummary, Field } from "~/ui/form";
import { targetInWords, warnInWords, type DayShape } from "~/sla/period-text";
import {
  amountLimit,
  CHANNEL_CHOICES,
  DATE_BASED_METRICS,
  DATE_KIND,
  f,
  first,
  METRICS,
  PERIOD_KINDS,
  type PolicyFormValues,
} from "./policy-form";

/** A translated label, or the key itself when there is no translation (a free category key). */
export function labelOr(t: Translate, key: string, fallback: string): string {
  const text = t.dynamic(key);
  return text === key ? fallback : text;
}

export const metricLabel = (t: Translate, metric: string) => labelOr(t, `admin.metric.${metric}`, metric);
export const categoryLabel = (t: Translate, category: string) => labelOr(t, `category.${category}`, category);

export function channelsText(t: Translate, channels: readonly string[]): string {
  return channels.length ? channels.map((c) => labelOr(t, `channel.${c}`, c)).join(", ") : t("admin.policy.allChannels");
}

export function categoriesText(t: Translate, categories: readonly string[]): string {
  return categories.length ? categories.map((c) => categoryLabel(t, c)).join(", ") : t("admin.policy.allCategories");
}

type Targets = Partial<Record<SlaMetric, MetricTarget>>;

/** "1일 내 답변: 1일(근무 8시간)" per metric the policy sets, as a list. */
export function TargetList({ targets, shape }: { targets: Targets; shape: DayShape }) {
  const t = useT();
  const set = METRICS.filter((m) => targets[m]);
  if (!set.length) return <span className="muted">{t("admin.policy.noTargets")}</span>;
  return (
    <ul className="target-list">
      {set.map((m) => (
        <li key={m}>
          {metricLabel(t, m)}: {targetInWords(t, targets[m]!, shape)}
        </li>
      ))}
    </ul>
  );
}

/** The targets of one version as a table: metric, target, channels, warning. */
export function TargetTable({ targets, shape, caption }: { targets: Targets; shape: DayShape; caption: string }) {
  const t = useT();
  const set = METRICS.filter((m) => targets[m]);
  return (
    <div className="table-wrap">
      <table data-testid="policy-targets">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("admin.policy.col.metric")}</th>
            <th scope="col">{t("admin.policy.col.target")}</th>
            <th scope="col">{t("admin.policy.col.metricChannels")}</th>
            <th scope="col">{t("admin.policy.col.warn")}</th>
          </tr>
        </thead>
        <tbody>
          {set.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                {t("admin.policy.noTargets")}
              </td>
            </tr>
          ) : (
            set.map((m) => {
              const target = targets[m]!;
              return (
                <tr key={m}>
                  <th scope="row">{metricLabel(t, m)}</th>
                  <td>{targetInWords(t, { ...target, channels: undefined }, shape)}</td>
                  <td>{target.channels?.length ? channelsText(t, target.channels) : t("admin.policy.policyChannels")}</td>
                  <td>{warnInWords(t, target)}</td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}

/** The targets grouped as the charter talks about them; every metric is in exactly one section. */
export const POLICY_SECTIONS: ReadonlyArray<{ id: string; metrics: readonly SlaMetric[] }> = [
  { id: "reply", metrics: ["handoff", "first_reply", "requested_reply", "promised_date"] },
  { id: "resolution", metrics: ["resolution", "correction", "fact_check"] },
  { id: "callback", metrics: ["callback", "happy_call"] },
  { id: "guarantee", metrics: ["apology"] },
  { id: "special", metrics: ["disclosure_decision", "remote_contact", "remote_session"] },
];

export type PolicyFormProps = {
  mode: "new" | "edit";
  action: string;
  values: PolicyFormValues;
  errors?: Record<string, string>;
  formError?: string;
  categories: readonly string[];
  resetKey: string | number;
};

export function PolicyForm({ mode, action, values, errors, formError, categories, resetKey }: PolicyFormProps) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const labels: Record<string, string> = {
    [f.key]: t("admin.policy.field.key"),
    [f.name]: t("admin.policy.field.name"),
    [f.description]: t("admin.policy.field.description"),
    [f.channels]: t("admin.policy.field.channels"),
    [f.categories]: t("admin.policy.field.categories"),
    [f.categoriesOther]: t("admin.policy.field.categoriesOther"),
    [f.priority]: t("admin.policy.field.priority"),
    [f.active]: t("admin.policy.field.active"),
  };
  for (const m of METRICS) {
    const name = metricLabel(t, m);
    labels[f.kind(m)] = `${name} — ${t("admin.policy.field.kind")}`;
    labels[f.amount(m)] = `${name} — ${t("admin.policy.field.amount")}`;
    labels[f.metricChannels(m)] = `${name} — ${t("admin.policy.field.metricChannels")}`;
    labels[f.warnRatio(m)] = `${name} — ${t("admin.policy.field.warnRatio")}`;
    labels[f.warnBefore(m)] = `${name} — ${t("admin.policy.field.warnBefore")}`;
  }
  const text = (name: string) => first(values, name);
  return (
    <Form method="post" action={action} className="form policy-form" noValidate key={resetKey} aria-labelledby="policy-form-title">
      <input type="hidden" name="intent" value="save" />
      {mode === "edit" ? <input type="hidden" name={f.baseVersion} value={text(f.baseVersion)} /> : null}
      {formError ? (
        <p className="error-summary" role="alert">
          {formError}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />

      <fieldset>
        <legend>{t("admin.policy.basics")}</legend>
        {mode === "new" ? (
          <Field name={f.key} label={labels[f.key]} error={errors?.[f.key]} hint={t("admin.policy.field.keyHint")} required>
            {(props) => <input {...props} type="text" defaultValue={text(f.key)} maxLength={60} autoComplete="off" spellCheck={false} />}
          </Field>
        ) : null}
        <Field name={f.name} label={labels[f.name]} error={errors?.[f.name]} required>
          {(props) => <input {...props} type="text" defaultValue={text(f.name)} maxLength={200} />}
        </Field>
        <Field name={f.description} label={labels[f.description]} error={errors?.[f.description]}>
          {(props) => <textarea {...props} defaultValue={text(f.description)} rows={3} maxLength={2000} />}
        </Field>
        <div className="inline-fields">
          <Field
            name={f.priority}
            label={labels[f.priority]}
            error={errors?.[f.priority]}
            hint={t("admin.policy.field.priorityHint")}
            required
          >
            {(props) => (
              <input {...props} type="number" inputMode="numeric" step={1} min={-1000} max={1000} defaultValue={text(f.priority)} />
            )}
          </Field>
        </div>
        <CheckboxField
          name={f.active}
          label={labels[f.active]}
          error={errors?.[f.active]}
          defaultChecked={text(f.active) === "on"}
          hint={t("admin.policy.field.activeHint")}
        />
      </fieldset>

      <fieldset>
        <legend>{t("admin.policy.selects")}</legend>
        <CheckboxGroup
          name={f.channels}
          legend={labels[f.channels]}
          hint={t("admin.policy.field.channelsHint")}
          error={errors?.[f.channels]}
          selected={values[f.channels] ?? []}
          options={CHANNEL_CHOICES.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
        <CheckboxGroup
          name={f.categories}
          legend={labels[f.categories]}
          hint={t("admin.policy.field.categoriesHint")}
          error={errors?.[f.categories]}
          selected={values[f.categories] ?? []}
          options={categories.map((c) => ({ value: c, label: categoryLabel(t, c) }))}
        />
        <Field
          name={f.categoriesOther}
          label={labels[f.categoriesOther]}
          error={errors?.[f.categoriesOther]}
          hint={t("admin.policy.field.categoriesOtherHint")}
        >
          {(props) => <input {...props} type="text" defaultValue={text(f.categoriesOther)} autoComplete="off" spellCheck={false} />}
        </Field>
      </fieldset>

      <section aria-labelledby="targets-title">
        <h3 id="targets-title">{t("admin.policy.targetsTitle")}</h3>
        <p className="muted">{t("admin.policy.targetsLead")}</p>
        {POLICY_SECTIONS.map((section) => {
          const metrics = section.metrics.filter((m) => METRICS.includes(m));
          // Closed unless something in it is switched on or needs fixing: the form stays short,
          // and a closed section's fields are still sent (and kept) with the form.
          const open = metrics.some(
            (m) =>
              first(values, f.enabled(m)) === "on" || Object.keys(errors ?? {}).some((k) => k.includes(`.${m}.`) || k.endsWith(`.${m}`)),
          );
          return (
            <details key={section.id} className="policy-section" open={open} data-testid={`policy-section-${section.id}`}>
              <summary>
                <span className="policy-section-title">{t.dynamic(`policySection.${section.id}.title`)}</span>{" "}
                <span className="muted">
                  {t("policySection.count", {
                    on: metrics.filter((m) => first(values, f.enabled(m)) === "on").length,
                    all: metrics.length,
                  })}
                </span>
              </summary>
              <p className="hint">{t.dynamic(`policySection.${section.id}.help`)}</p>
              {metrics.map((m) => (
                <MetricFields key={m} metric={m} values={values} errors={errors} />
              ))}
            </details>
          );
        })}
      </section>

      <div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("admin.working") : mode === "new" ? t("admin.policy.create") : t("admin.policy.save")}
        </button>
      </div>
    </Form>
  );
}

function MetricFields({ metric, values, errors }: { metric: SlaMetric; values: PolicyFormValues; errors?: Record<string, string> }) {
  const t = useT();
  const enabled = first(values, f.enabled(metric)) === "on";
  const dateBased = DATE_BASED_METRICS.includes(metric);
  const kind = first(values, f.kind(metric));
  const legendId = `metric-${metric}-legend`;
  const max = amountLimit(kind);
  return (
    <fieldset className="metric" data-enabled={enabled} aria-labelledby={legendId} data-testid={`metric-${metric}`}>
      <legend id={legendId}>{metricLabel(t, metric)}</legend>
      <CheckboxField
        name={f.enabled(metric)}
        label={t("admin.policy.field.enabled")}
        error={errors?.[f.enabled(metric)]}
        defaultChecked={enabled}
      />
      <div className="metric-body">
        <div className="inline-fields">
          <Field
            name={f.kind(metric)}
            label={t("admin.policy.field.kind")}
            error={errors?.[f.kind(metric)]}
            hint={dateBased ? t("admin.policy.field.kindHintDate") : undefined}
            required
          >
            {(props) => (
              <select {...props} defaultValue={kind || (dateBased ? DATE_KIND : "days")}>
                {[...PERIOD_KINDS, DATE_KIND].map((k) => (
                  <option key={k} value={k}>
                    {t.dynamic(`admin.kind.${k}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name={f.amount(metric)}
            label={t("admin.policy.field.amount")}
            error={errors?.[f.amount(metric)]}
            hint={t("admin.policy.field.amountHint")}
          >
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                step={1}
                min={1}
                max={max}
                defaultValue={first(values, f.amount(metric))}
              />
            )}
          </Field>
          <Field
            name={f.warnRatio(metric)}
            label={t("admin.policy.field.warnRatio")}
            error={errors?.[f.warnRatio(metric)]}
            hint={t("admin.policy.field.warnRatioHint")}
            required
          >
            {(props) => <input {...props} type="text" inputMode="decimal" defaultValue={first(values, f.warnRatio(metric))} size={6} />}
          </Field>
          <Field
            name={f.warnBefore(metric)}
            label={t("admin.policy.field.warnBefore")}
            error={errors?.[f.warnBefore(metric)]}
            hint={t("admin.policy.field.warnBeforeHint")}
            required
          >
            {(props) => (
              <input {...props} type="number" inputMode="numeric" step={1} min={0} defaultValue={first(values, f.warnBefore(metric))} />
            )}
          </Field>
        </div>
        <CheckboxGroup
          name={f.metricChannels(metric)}
          legend={t("admin.policy.field.metricChannels")}
          hint={t("admin.policy.field.metricChannelsHint")}
          error={errors?.[f.metricChannels(metric)]}
          selected={values[f.metricChannels(metric)] ?? []}
          options={CHANNEL_CHOICES.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
        />
      </div>
    </fieldset>
  );
}
