// /desk/absences — staff absences with a deputy (부재와 대리인). Anyone records their own; a lead
// their team's; a manager or admin anyone's. While someone is away, new assignments and memos for
// them go to the deputy. Bad input comes back with what was typed and the reason, in words.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ABSENCE_KINDS } from "~/db/schema";
import { requireStaff } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { cancelAbsence, mayManageAbsence, recordAbsence, upcomingAbsences } from "~/staff/absence.server";
import { listActiveStaff } from "~/staff/staff.server";
import { clientIp } from "~/security/client-ip.server";
import { DeskError } from "~/core/errors";
import { errorsByField } from "~/ui/form-errors.server";
import { formatKst, parseInstant } from "~/lib/time";
import { ErrorSummary, Field } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { choice, requiredText } from "~/core/validation";

const instantField = requiredText(40).transform((v, ctx) => {
  const parsed = parseInstant(v);
  if (!parsed) {
    ctx.addIssue({ code: "custom", message: "error.instant" });
    return z.NEVER;
  }
  return parsed;
});

const recordSchema = z.object({
  staffId: requiredText(36),
  deputyId: requiredText(36),
  kind: choice(ABSENCE_KINDS),
  startsAt: instantField,
  endsAt: instantField,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const [people, absences] = await Promise.all([listActiveStaff(), upcomingAbsences()]);
  const staff = people.map((s) => ({ id: s.id, name: s.name, teamName: s.teamName, manageable: mayManageAbsence(user, s) }));
  return {
    me: user.id,
    staff,
    absences: absences.map((a) => ({
      ...a,
      manageable: mayManageAbsence(user, { id: a.staffId, teamId: people.find((p) => p.id === a.staffId)?.teamId ?? null }),
    })),
  };
}

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const values = textValues(form);
  try {
    if (form.get("intent") === "cancel") {
      await cancelAbsence(String(form.get("id") ?? ""), user, clientIp(request));
      return redirect("/desk/absences?done=cancelled", { status: 303 });
    }
    const parsed = parseForm(recordSchema, form, lang);
    if (!parsed.ok) return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 422 });
    await recordAbsence(parsed.data, user, clientIp(request));
    return redirect("/desk/absences?done=recorded", { status: 303 });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ errors, values }, { status: error.status });
  }
}

export default function Absences() {
  const t = useT();
  const { me, staff, absences } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const [params] = useSearchParams();
  const done = params.get("done");
  const busy = useNavigation().state === "submitting";
  const labels = {
    staffId: t("absence.field.staff"),
    deputyId: t("absence.field.deputy"),
    kind: t("absence.field.kind"),
    startsAt: t("absence.field.startsAt"),
    endsAt: t("absence.field.endsAt"),
  };
  const options = (list: typeof staff) =>
    list.map((s) => (
      <option key={s.id} value={s.id}>
        {s.name}
        {s.teamName ? ` · ${s.teamName}` : ""}
      </option>
    ));
  return (
    <section aria-labelledby="absence-title">
      <h1 id="absence-title">{t("absence.title")}</h1>
      <p>{t("absence.intro")}</p>
      {done === "recorded" || done === "cancelled" ? (
        <p role="status" className="notice">
          {t(`absence.done.${done}`)}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="record" />
        <Field name="staffId" label={labels.staffId} error={errors.staffId} required>
          {(p) => (
            <select {...p} defaultValue={values.staffId ?? me}>
              {options(staff.filter((s) => s.manageable))}
            </select>
          )}
        </Field>
        <Field name="deputyId" label={labels.deputyId} error={errors.deputyId} required>
          {(p) => (
            <select {...p} defaultValue={values.deputyId ?? ""}>
              <option value="" />
              {options(staff)}
            </select>
          )}
        </Field>
        <Field name="kind" label={labels.kind} error={errors.kind} required>
          {(p) => (
            <select {...p} defaultValue={values.kind ?? "leave"}>
              {ABSENCE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`absence.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="startsAt" label={labels.startsAt} error={errors.startsAt} required>
          {(p) => <input {...p} type="datetime-local" defaultValue={values.startsAt ?? ""} />}
        </Field>
        <Field name="endsAt" label={labels.endsAt} error={errors.endsAt} required>
          {(p) => <input {...p} type="datetime-local" defaultValue={values.endsAt ?? ""} />}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("absence.submit")}
          </button>
        </div>
      </Form>
      <h2>{t("absence.list")}</h2>
      {absences.length === 0 ? (
        <p className="muted">{t("absence.none")}</p>
      ) : (
        <ul>
          {absences.map((a) => (
            <li key={a.id}>
              {t("absence.row", {
                name: a.staffName,
                kind: t(`absence.kind.${a.kind}`),
                from: formatKst(a.startsAt),
                until: formatKst(a.endsAt),
                deputy: a.deputyName,
              })}{" "}
              {a.manageable ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="id" value={a.id} />
                  <button type="submit" className="secondary" disabled={busy}>
                    {t("absence.cancel")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
