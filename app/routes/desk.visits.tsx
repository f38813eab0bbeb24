// /desk/visits — visits booked by customers who need help (방문 예약): the ones still to record
// (soonest first, past ones marked), a form for a booking taken by phone, and per visit a form to
// record whether the visitor came, whether the help was given, and notes. Bad input comes back
// with what was typed and the reason beside each field.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { VISIT_OUTCOMES } from "~/db/schema";
import { requireStaff, staffActor } from "~/auth/session.server";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { formatKst } from "~/lib/time";
import { listActiveStaff } from "~/staff/staff.server";
import { DeskError } from "~/core/errors";
import { CheckboxField, ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { parseForm, textValues } from "~/ui/form-data.server";
import { errorsByField } from "~/ui/form-errors.server";
import { helpOf, recordVisitSchema, staffVisitSchema } from "~/visits/schemas";
import { helpText, VisitFields, visitLabels } from "~/visits/ui";
import { announceVisit, listVisits, recordVisit } from "~/visits/visits.server";

const CHANNELS = ["phone", "visit", "email", "fax", "mail"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const [visits, people] = await Promise.all([listVisits(), listActiveStaff()]);
  return { ...visits, now: new Date().toISOString(), staff: people.map((s) => ({ id: s.id, name: s.name, teamName: s.teamName })) };
}

type ActionData = { intent: "announce" | "record"; reference?: string; errors: Record<string, string>; values: Record<string, string> };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireStaff(request);
  const lang = await getLang(request);
  const form = await request.formData().catch(() => new FormData());
  const intent = form.get("intent") === "record" ? "record" : "announce";
  const reference = String(form.get("reference") ?? "");
  try {
    if (intent === "record") {
      const parsed = parseForm(recordVisitSchema, form, lang);
      if (!parsed.ok) return data<ActionData>({ intent, reference, errors: parsed.errors, values: parsed.values }, { status: 422 });
      const { reference: ref, ...input } = parsed.data;
      await recordVisit(ref, input, staffActor(user));
      return redirect("/desk/visits?done=recorded", { status: 303 });
    }
    const parsed = parseForm(staffVisitSchema, form, lang);
    if (!parsed.ok) return data<ActionData>({ intent, errors: parsed.errors, values: parsed.values }, { status: 422 });
    const v = parsed.data;
    const booked = await announceVisit(
      {
        visitAt: v.visitAt,
        help: helpOf(v),
        helpOther: v.helpOther,
        name: v.name,
        email: v.email,
        phone: v.phone,
        staffId: v.staffId,
        visiting: v.department,
        channel: v.channel,
      },
      staffActor(user),
    );
    return redirect(`/desk/visits?done=logged&reference=${encodeURIComponent(booked.reference)}`, { status: 303 });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const errors = errorsByField(error, lang);
    return data<ActionData>({ intent, reference, errors, values: textValues(form) }, { status: error.status < 500 ? error.status : 422 });
  }
}

export default function DeskVisits() {
  const t = useT();
  const { open, recorded, now, staff } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const busy = useNavigation().state === "submitting";
  const announce = result?.intent === "announce" ? result : undefined;
  const labels = { ...visitLabels(t.dynamic), outcome: t("visit.field.outcome"), note: t("visit.field.note") };
  return (
    <section aria-labelledby="visits-title">
      <h1 id="visits-title">{t("visit.desk.title")}</h1>
      <p>{t("visit.desk.intro")}</p>
      {done === "logged" || done === "recorded" ? (
        <p role="status" className="notice">
          {t(`visit.done.${done}`, { reference: params.get("reference") ?? "" })}
        </p>
      ) : null}

      <h2 id="visits-open">{t("visit.desk.upcoming")}</h2>
      {open.length === 0 ? (
        <p className="muted">{t("visit.desk.none")}</p>
      ) : (
        <ul className="visit-list" aria-labelledby="visits-open">
          {open.map((v) => {
            const mine = result?.intent === "record" && result.reference === v.reference ? result : undefined;
            const errors = mine?.errors ?? {};
            const values = mine?.values ?? {};
            const past = Date.parse(v.visitAt) < Date.parse(now);
            return (
              <li key={v.reference} className="panel">
                <h3>
                  {formatKst(v.visitAt)}
                  {past ? ` (${t("visit.desk.past")})` : ""} — {v.name}
                </h3>
                <dl>
                  <dt>{t("visit.desk.col.help")}</dt>
                  <dd>{helpText(t.dynamic, v.help, v.helpOther)}</dd>
                  <dt>{t("visit.desk.col.visiting")}</dt>
                  <dd>{[v.staffName, v.department].filter(Boolean).join(" · ") || t("common.none")}</dd>
                  <dt>{t("visit.desk.col.visitor")}</dt>
                  <dd>{[v.phone, v.email].filter(Boolean).join(" · ")}</dd>
                  <dt>{t("visit.desk.col.reference")}</dt>
                  <dd>
                    <Link to={`/desk/tickets/${v.reference}`}>{v.reference}</Link>
                  </dd>
                </dl>
                <Form method="post" className="form" noValidate aria-label={t("visit.desk.recordFor", { name: v.name })}>
                  <input type="hidden" name="intent" value="record" />
                  <input type="hidden" name="reference" value={v.reference} />
                  {errors._ ? (
                    <p role="alert" className="error">
                      {errors._}
                    </p>
                  ) : null}
                  <RadioGroup
                    name="outcome"
                    scope={v.reference}
                    legend={t("visit.field.outcome")}
                    value={values.outcome ?? ""}
                    error={errors.outcome}
                    required
                    nativeRequired={false}
                    options={VISIT_OUTCOMES.map((o) => ({ value: o, label: t(`visit.outcome.${o}`) }))}
                  />
                  <CheckboxField
                    name="helpGiven"
                    scope={v.reference}
                    label={t("visit.field.helpGiven")}
                    defaultChecked={values.helpGiven === "on"}
                  />
                  <Field name="note" scope={v.reference} label={t("visit.field.note")} error={errors.note}>
                    {(p) => <textarea {...p} rows={2} maxLength={2000} defaultValue={values.note ?? ""} />}
                  </Field>
                  <div>
                    <button type="submit" className="secondary" disabled={busy}>
                      {t("visit.record")}
                    </button>
                  </div>
                </Form>
              </li>
            );
          })}
        </ul>
      )}

      <h2 id="visits-log">{t("visit.desk.logTitle")}</h2>
      <ErrorSummary errors={announce?.errors ?? {}} labels={labels} />
      <Form method="post" className="form" noValidate aria-labelledby="visits-log">
        <input type="hidden" name="intent" value="announce" />
        <VisitFields errors={announce?.errors ?? {}} values={announce?.values ?? {}} />
        <Field name="staffId" label={t("visit.field.staffId")} error={announce?.errors.staffId}>
          {(p) => (
            <select {...p} defaultValue={announce?.values.staffId ?? ""}>
              <option value="" />
              {staff.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.teamName ? ` · ${s.teamName}` : ""}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="department" label={t("visit.field.department")} error={announce?.errors.department}>
          {(p) => <input {...p} type="text" maxLength={100} defaultValue={announce?.values.department ?? ""} />}
        </Field>
        <Field name="channel" label={t("visit.field.channel")} error={announce?.errors.channel} required>
          {(p) => (
            <select {...p} defaultValue={announce?.values.channel ?? "phone"}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`visit.channel.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("visit.desk.logSubmit")}
          </button>
        </div>
      </Form>

      <h2 id="visits-recent">{t("visit.desk.recent")}</h2>
      {recorded.length === 0 ? (
        <p className="muted">{t("visit.desk.noneRecent")}</p>
      ) : (
        <table aria-labelledby="visits-recent">
          <thead>
            <tr>
              <th scope="col">{t("visit.desk.col.at")}</th>
              <th scope="col">{t("visit.desk.col.visitor")}</th>
              <th scope="col">{t("visit.desk.col.help")}</th>
              <th scope="col">{t("visit.desk.col.outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {recorded.map((v) => (
              <tr key={v.reference}>
                <td>
                  <Link to={`/desk/tickets/${v.reference}`}>{formatKst(v.visitAt)}</Link>
                </td>
                <td>{v.name}</td>
                <td>{helpText(t.dynamic, v.help, v.helpOther)}</td>
                <td>
                  {t.dynamic(`visit.outcome.${v.outcome}`)}
                  {v.outcome === "arrived" ? ` · ${t(v.helpGiven ? "visit.helpGivenYes" : "visit.helpGivenNo")}` : ""}
                  {v.outcomeNote ? ` · ${v.outcomeNote}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
