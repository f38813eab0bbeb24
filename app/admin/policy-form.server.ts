// Reading the policy form back: every submitted value is kept (to re-render the form with what
// was typed), the values become policyInputSchema input, and each zod issue is put beside the
// field it is about, in the person's language.
import type { z } from "zod";
import type { SlaMetric } from "~/db/schema";
import { type Lang } from "~/i18n/i18n";
import { policyInputSchema, type PolicyInput } from "~/sla/policy-admin.server";
import { translateMessage } from "~/ui/form-errors.server";
import { amountLimit, DATE_BASED_METRICS, DATE_KIND, f, first, KNOWN_CATEGORIES, METRICS, type PolicyFormValues } from "./policy-form";

export function formValues(form: FormData): PolicyFormValues {
  // No prototype: a field named "__proto__" or "toString" is just a field.
  const values: PolicyFormValues = Object.create(null);
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    (values[name] ??= []).push(value.slice(0, 5_000));
  }
  return values;
}

/** A number typed in a form: "" and anything that is not a plain decimal number become NaN. */
function numberOf(text: string): number {
  const trimmed = text.trim().replace(/,/g, "");
  return /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** "75%" is read as 0.75; a plain number as it is. */
function ratioOf(text: string): number {
  const trimmed = text.trim();
  return trimmed.endsWith("%") ? numberOf(trimmed.slice(0, -1)) / 100 : numberOf(trimmed);
}

/** Free category keys: separated by commas, spaces or new lines. */
function splitKeys(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);
}

export type PolicyFormResult = { ok: true; input: PolicyInput } | { ok: false; errors: Record<string, string>; values: PolicyFormValues };

/** The form as the schema's input (before validation). */
export function policyInputOf(values: PolicyFormValues): Record<string, unknown> {
  const all = (name: string) => values[name] ?? [];
  const checked = (name: string) => first(values, name) === "on";
  const known = new Set<string>(KNOWN_CATEGORIES);
  const categories = [...new Set([...all(f.categories).filter((c) => known.has(c)), ...splitKeys(first(values, f.categoriesOther))])];
  const targets: Record<string, unknown> = {};
  for (const metric of METRICS) {
    if (!checked(f.enabled(metric))) continue;
    const kind = first(values, f.kind(metric));
    const period =
      kind === DATE_KIND ? null : kind === "immediately" ? { kind } : { kind, amount: numberOf(first(values, f.amount(metric))) };
    const channels = [...new Set(all(f.metricChannels(metric)))];
    targets[metric] = {
      period,
      ...(channels.length ? { channels } : {}),
      warnRatio: ratioOf(first(values, f.warnRatio(metric))),
      warnBeforeMinutes: numberOf(first(values, f.warnBefore(metric))),
    };
  }
  return {
    name: first(values, f.name),
    description: first(values, f.description),
    channels: [...new Set(all(f.channels))],
    categories,
    priority: numberOf(first(values, f.priority)),
    active: checked(f.active),
    targets,
  };
}

/** Field name and message (a key) of one issue. */
function placeIssue(issue: z.core.$ZodIssue, input: Record<string, unknown>): { field: string; key: string } {
  const path = issue.path.map(String);
  const message = issue.message;
  const own = message.startsWith("error.") ? message : null;
  const [head, metricName, part, sub] = path;
  if (head === "targets" && metricName) {
    const metric = metricName as SlaMetric;
    if (part === "period") {
      if (sub === "amount") {
        const kind = ((input.targets as Record<string, { period?: { kind?: string } }>)[metric]?.period?.kind ?? "") as string;
        const max = amountLimit(kind);
        if (issue.code === "too_big" && max !== undefined) return { field: f.amount(metric), key: `admin.error.amountMax?max=${max}` };
        if (issue.code === "too_small") return { field: f.amount(metric), key: "admin.error.amountPositive" };
        return { field: f.amount(metric), key: "admin.error.wholeNumber" };
      }
      if (own === "error.required") return { field: f.kind(metric), key: "admin.error.periodRequired" };
      if (own) return { field: f.kind(metric), key: own };
      return { field: f.kind(metric), key: "error.invalidChoice" };
    }
    if (part === "warnRatio") return { field: f.warnRatio(metric), key: "error.warnRatio" };
    if (part === "warnBeforeMinutes") return { field: f.warnBefore(metric), key: "error.warnBefore" };
    if (part === "channels") return { field: f.metricChannels(metric), key: "error.invalidChoice" };
    return { field: f.kind(metric), key: own ?? "error.invalid" };
  }
  switch (head) {
    case "name":
    case "description":
      return { field: head, key: own ?? "error.invalid" };
    case "priority":
      return { field: f.priority, key: "admin.error.priority" };
    case "channels":
      return { field: f.channels, key: "error.invalidChoice" };
    case "categories":
      // The checkboxes offer only valid keys: a bad one was typed in the free field.
      return { field: f.categoriesOther, key: "admin.error.categoryKey" };
    default:
      return { field: "_", key: own ?? "error.invalid" };
  }
}

/** Translates a message key that may carry parameters ("admin.error.amountMax?max=366"). */
export const message = translateMessage;

// Control characters other than tab/newline/CR (NUL above all: PostgreSQL cannot store it).
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function parsePolicyForm(values: PolicyFormValues, lang: Lang): PolicyFormResult {
  const input = policyInputOf(values);
  const errors: Record<string, string> = {};
  for (const name of [f.name, f.description]) {
    if (CONTROL_CHARS.test(first(values, name))) errors[name] = message(lang, "error.controlChars");
  }
  const result = policyInputSchema.safeParse(input);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, input: result.data };
  if (result.success) return { ok: false, errors, values };
  // The schema checks date-based metrics only once everything else is valid: say it at once.
  for (const metric of METRICS) {
    if (first(values, f.enabled(metric)) !== "on") continue;
    const dateKind = first(values, f.kind(metric)) === DATE_KIND;
    if (DATE_BASED_METRICS.includes(metric) && !dateKind) errors[f.kind(metric)] = message(lang, "error.dateBasedMetric");
    if (!DATE_BASED_METRICS.includes(metric) && dateKind) errors[f.kind(metric)] = message(lang, "admin.error.periodRequired");
  }
  for (const issue of result.error.issues) {
    const { field, key } = placeIssue(issue, input);
    errors[field] ??= message(lang, key);
  }
  return { ok: false, errors, values };
}
