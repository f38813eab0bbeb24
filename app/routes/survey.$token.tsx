// /survey/<token> — the customer's answer to the satisfaction survey: a score from 1 to 5 and an
// optional comment, once. An unknown or expired link shows one neutral page; a second answer is
// refused politely.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, type LinksFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { translate } from "~/i18n/i18n";
import { getLang } from "~/i18n/lang.server";
import { useT } from "~/i18n/use-t";
import { readSmallForm } from "~/outages/form.server";
import { COMMENT_MAX, surveyAnswerSchema } from "~/outages/schemas";
import { Kst } from "~/outages/ui";
import { answerSurvey, invitationState } from "~/surveys/surveys.server";
import { ErrorSummary, Field, RadioGroup } from "~/ui/form";
import { parseForm } from "~/ui/form-data.server";
import opsStyles from "~/outages/operations.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: opsStyles }];

export const meta: MetaFunction = () => [{ title: "고객 만족도 조사 / Satisfaction survey" }, { name: "robots", content: "noindex" }];

type ActionData = { errors: Record<string, string>; values: Record<string, string> };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const state = await invitationState(params.token ?? "");
  const thanks = url.searchParams.get("thanks") === "1";
  if (state.state === "open")
    return { state: "open" as const, campaignName: state.campaignName, closesAt: state.closesAt.toISOString(), thanks: false };
  return { state: state.state, campaignName: null, closesAt: null, thanks: thanks && state.state === "answered" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const lang = await getLang(request);
  const form = await readSmallForm(request);
  const token = params.token ?? "";
  if (!form) return data<ActionData>({ errors: { _: translate(lang, "ops.error.badRequest") }, values: {} }, { status: 400 });
  const parsed = parseForm(surveyAnswerSchema, form, lang);
  if (!parsed.ok) {
    const state = await invitationState(token);
    if (state.state !== "open") return redirect(`/survey/${encodeURIComponent(token)}`, { status: 303 });
    return data<ActionData>({ errors: parsed.errors, values: parsed.values }, { status: 422 });
  }
  const outcome = await answerSurvey(token, parsed.data);
  if (outcome === "recorded") return redirect(`/survey/${encodeURIComponent(token)}?thanks=1`, { status: 303 });
  // Already answered or not valid: the page says so.
  return redirect(`/survey/${encodeURIComponent(token)}`, { status: 303 });
}

const SCORES = [5, 4, 3, 2, 1] as const;

export default function SurveyPage() {
  const t = useT();
  const page = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const busy = useNavigation().state === "submitting";
  if (page.state === "invalid") {
    return (
      <section aria-labelledby="survey-title" className="survey">
        <h1 id="survey-title">{t("ops.survey.title")}</h1>
        <p role="status">{t("ops.survey.invalid")}</p>
      </section>
    );
  }
  if (page.state === "answered") {
    return (
      <section aria-labelledby="survey-title" className="survey">
        <h1 id="survey-title">{page.thanks ? t("ops.survey.thanksTitle") : t("ops.survey.title")}</h1>
        <p role="status" className="notice">
          {page.thanks ? t("ops.survey.thanks") : t("ops.survey.already")}
        </p>
      </section>
    );
  }
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <section aria-labelledby="survey-title" className="survey">
      <h1 id="survey-title">{t("ops.survey.title")}</h1>
      <p>{t("ops.survey.intro", { name: page.campaignName ?? "" })}</p>
      <p className="muted">
        {t("ops.survey.closes")} <Kst at={page.closesAt} />
      </p>
      <ErrorSummary errors={errors} labels={{ score: t("ops.survey.score"), comment: t("ops.survey.comment") }} />
      <Form method="post" className="form" noValidate aria-labelledby="survey-title">
        <RadioGroup
          name="score"
          legend={t("ops.survey.score")}
          options={SCORES.map((s) => ({ value: String(s), label: t(`ops.survey.score${s}`) }))}
          value={values.score}
          error={errors.score}
          required
          nativeRequired={false}
        />
        <Field name="comment" label={t("ops.survey.comment")} error={errors.comment} hint={t("ops.survey.commentHint")}>
          {(p) => <textarea {...p} maxLength={COMMENT_MAX} defaultValue={values.comment ?? ""} />}
        </Field>
        <div>
          <button type="submit" className="primary" disabled={busy}>
            {t("ops.survey.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
