// The policy page's server side: one policy with its versions, saving an edit as a new version
// (or creating a policy), and re-applying the current version to open tickets.
import { data, redirect } from "@remix-run/node";
import { staffActor, type StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import { currentCalendar } from "~/sla/calendar.server";
import { currentPolicies, type PolicyRow } from "~/sla/policies.server";
import { policyHistory, reapplyPolicy, savePolicy } from "~/sla/policy-admin.server";
import { auditSettingsChange } from "~/security/audit.server";
import { DeskError } from "~/core/errors";
import { dayShapeOf } from "~/sla/period-text";
import { formErrorsOf, notFoundResponse } from "~/ui/form-errors.server";
import {
  first,
  KNOWN_CATEGORIES,
  POLICY_KEY_PATTERN,
  RESERVED_POLICY_KEYS,
  f,
  policyFormValues,
  type PolicyFormValues,
} from "./policy-form";
import { formValues, message, parsePolicyForm } from "./policy-form.server";

export const NEW_POLICY = "new";

function serialize(p: PolicyRow) {
  return {
    id: p.id,
    key: p.key,
    version: p.version,
    name: p.name,
    description: p.description,
    channels: p.channels,
    categories: p.categories,
    priority: p.priority,
    active: p.active,
    current: p.current,
    targets: p.targets,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
  };
}

function intParam(url: URL, name: string): number | null {
  const text = url.searchParams.get(name);
  return text && /^\d{1,9}$/.test(text) ? Number(text) : null;
}

export async function loadPolicyPage(request: Request, user: StaffUser, key: string) {
  const url = new URL(request.url);
  const isNew = key === NEW_POLICY;
  if (!isNew && !POLICY_KEY_PATTERN.test(key)) throw notFoundResponse();
  // currentPolicies() first: on a fresh database it puts the default policies in place.
  const [all, calendar] = await Promise.all([currentPolicies(), currentCalendar()]);
  const history = isNew ? [] : await policyHistory(key);
  if (!isNew && history.length === 0) throw notFoundResponse();
  const current = history.find((p) => p.current) ?? history[0] ?? null;
  // The category checkboxes: the known ones, then any other key a policy uses.
  const categories = [...KNOWN_CATEGORIES] as string[];
  for (const c of all.flatMap((p) => p.categories)) if (!categories.includes(c)) categories.push(c);
  const reapplied =
    url.searchParams.get("reapplied") === "1" ? { examined: intParam(url, "examined") ?? 0, moved: intParam(url, "moved") ?? 0 } : null;
  return {
    mode: isNew ? ("new" as const) : ("edit" as const),
    canEdit: user.role === "admin",
    key: isNew ? null : key,
    policy: current ? serialize(current) : null,
    values: policyFormValues(current),
    history: history.map(serialize),
    categories,
    shape: dayShapeOf(calendar.calendar.periodMinutes),
    saved: intParam(url, "saved"),
    reapplied,
  };
}

export type PolicyActionResult = {
  intent: "save" | "reapply" | null;
  errors: Record<string, string>;
  values: PolicyFormValues;
  formError?: string;
};

const fail = (status: number, result: PolicyActionResult) => data(result, { status });

export async function handlePolicyAction(request: Request, user: StaffUser, lang: Lang, routeKey: string) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "admin.error.badRequest") });
  }
  const actor = staffActor(user);
  const intent = form.get("intent");
  await currentPolicies(); // a fresh database gets its default policies before any key is looked up
  const isNew = routeKey === NEW_POLICY;
  if (!isNew && !POLICY_KEY_PATTERN.test(routeKey)) throw notFoundResponse();

  if (intent === "save") {
    const values = formValues(form);
    const errors: Record<string, string> = {};
    let formError: string | undefined;
    let key = routeKey;
    if (isNew) {
      key = first(values, f.key).trim();
      if (!key) errors[f.key] = message(lang, "error.required");
      else if (!POLICY_KEY_PATTERN.test(key)) errors[f.key] = message(lang, "admin.error.policyKey");
      else if (RESERVED_POLICY_KEYS.includes(key)) errors[f.key] = message(lang, "admin.error.policyKeyReserved");
      else if ((await policyHistory(key)).length > 0) errors[f.key] = message(lang, "admin.error.policyKeyTaken");
    } else {
      const history = await policyHistory(key);
      const current = history.find((p) => p.current);
      if (!current) throw notFoundResponse();
      // Someone saved a newer version since this form was loaded: say so, keep what was typed,
      // and let a second save (now based on the newest version) go through.
      if (first(values, f.baseVersion) !== String(current.version)) {
        formError = message(lang, `admin.policy.stale?version=${current.version}`);
        values[f.baseVersion] = [String(current.version)];
      }
    }
    const parsed = parsePolicyForm(values, lang);
    if (!parsed.ok) Object.assign(errors, parsed.errors);
    if (!parsed.ok || Object.keys(errors).length || formError) {
      return fail(formError && parsed.ok && !Object.keys(errors).length ? 409 : 422, { intent, errors, values, formError });
    }
    try {
      const row = await savePolicy(key, parsed.input, actor);
      await auditSettingsChange(request, user, `policy:${key}`, {
        change: isNew ? "policy.created" : "policy.saved",
        version: row.version,
      });
      return redirect(`/admin/policies/${encodeURIComponent(key)}?saved=${row.version}`, { status: 303 });
    } catch (error) {
      if (error instanceof DeskError) return fail(error.status, { intent, values, ...formErrorsOf(error, lang) });
      throw error;
    }
  }

  if (intent === "reapply") {
    if (isNew) return fail(400, { intent, errors: {}, values: {}, formError: message(lang, "admin.error.unknownAction") });
    const history = await policyHistory(routeKey);
    const current = history.find((p) => p.current);
    if (!current) throw notFoundResponse();
    if (form.get("confirm") !== "yes") {
      return fail(422, { intent, errors: { confirm: message(lang, "admin.policy.reapplyConfirmRequired") }, values: {} });
    }
    if (!current.active) return fail(422, { intent, errors: {}, values: {}, formError: message(lang, "admin.policy.reapplyInactive") });
    const result = await reapplyPolicy(routeKey, actor);
    await auditSettingsChange(request, user, `policy:${routeKey}`, {
      change: "policy.reapplied",
      version: current.version,
      examined: result.examined,
      moved: result.moved,
    });
    const params = new URLSearchParams({ reapplied: "1", examined: String(result.examined), moved: String(result.moved) });
    return redirect(`/admin/policies/${encodeURIComponent(routeKey)}?${params}`, { status: 303 });
  }

  return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "admin.error.unknownAction") });
}
