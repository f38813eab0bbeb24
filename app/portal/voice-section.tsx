// The ticket page's section for suggestions (adopt, reward) and unkindness (link the staff member,
// record the apology). Its forms post to /desk/tickets/:reference/voice, which redirects back with
// ?voice=<intent> or ?voiceError=<message key>.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useT, useLang } from "~/i18n/use-t";
import { errorText } from "~/core/validation";
import { dateTimeWords, dueWords } from "~/i18n/date-words";
import { Field } from "~/ui/form";

export const VOICE_INTENTS = ["adopt", "reward", "report", "apology", "praise"] as const;
export type VoiceIntent = (typeof VOICE_INTENTS)[number];

export type VoicePanelData = {
  kind: string;
  suggestionAdoptedAt: string | null;
  suggestionRewardedAt: string | null;
  reportedStaff: { id: string; name: string; email: string } | null;
  report: { reportedBy: string; reportedAt: string; apologyAt: string | null } | null;
  apologyDueAt: string | null;
  apologyMadeAt: string | null;
  praise: { staff: { id: string; name: string; email: string } | null; confirmedAt: string | null; inWindow: number } | null;
  reportsInWindow: number;
  flagged: boolean;
};

type StaffOption = { id: string; name: string; email: string; teamName?: string | null };

const RANK: Record<string, number> = { agent: 1, lead: 2, manager: 3, admin: 4 };

export function VoiceSection({
  reference,
  voice,
  staff,
  role,
}: {
  reference: string;
  voice: VoicePanelData | null;
  staff: StaffOption[];
  role: string;
}) {
  const t = useT();
  const lang = useLang();
  const [params] = useSearchParams();
  if (!voice) return null;
  const done = params.get("voice");
  const errorKey = params.get("voiceError");
  const atLeast = (r: string) => (RANK[role] ?? 0) >= (RANK[r] ?? 9);
  const action = `/desk/tickets/${encodeURIComponent(reference)}/voice`;
  const isSuggestion = voice.kind === "suggestion";
  const isUnkindness = voice.kind === "unkindness";
  // Customers' reports are linked by any staff member; a manager may report on any ticket.
  const canReport = !voice.report && (isUnkindness || atLeast("manager"));
  const showUnkindness = isUnkindness || voice.report !== null || atLeast("manager");
  if (voice.kind === "disclosure") {
    // An information-disclosure request is decided (or extended) on its own page.
    return (
      <section id="disclosure" aria-labelledby="disclosure-title" className="panel">
        <h2 id="disclosure-title">{t("portal.kind.disclosure")}</h2>
        <p>
          <Link to={`/desk/tickets/${encodeURIComponent(reference)}/disclosure`}>{t("disclosure.link")}</Link>
        </p>
      </section>
    );
  }
  const isPraise = voice.kind === "praise";
  if (!isSuggestion && !showUnkindness && !isPraise) return null;

  return (
    <section id="voice" aria-labelledby="voice-title" className="panel">
      <h2 id="voice-title">{t("voice.title")}</h2>
      {done && (VOICE_INTENTS as readonly string[]).includes(done) ? (
        <p className="notice" role="status">
          {t.dynamic(`voice.done.${done}`)}
        </p>
      ) : null}
      {errorKey ? (
        <p className="error-summary" role="alert">
          {/^[a-zA-Z.]+$/.test(errorKey) ? (errorKey.startsWith("error.") ? errorText(t, errorKey) : t.dynamic(errorKey)) : t("voice.error.unknown")}
        </p>
      ) : null}

      {isSuggestion ? (
        <>
          <h3>{t("voice.suggestion")}</h3>
          <p>
            {voice.suggestionAdoptedAt ? t("voice.adoptedAt", { date: dateTimeWords(voice.suggestionAdoptedAt, lang) }) : t("voice.notAdopted")}
            {voice.suggestionRewardedAt ? (
              <>
                <br />
                {t("voice.rewardedAt", { date: dateTimeWords(voice.suggestionRewardedAt, lang) })}
              </>
            ) : null}
          </p>
          {!voice.suggestionAdoptedAt && atLeast("lead") ? (
            <Form method="post" action={action} reloadDocument>
              <input type="hidden" name="voiceIntent" value="adopt" />
              <button type="submit" className="secondary">
                {t("voice.adopt")}
              </button>
            </Form>
          ) : null}
          {voice.suggestionAdoptedAt && !voice.suggestionRewardedAt && atLeast("manager") ? (
            <Form method="post" action={action} reloadDocument>
              <input type="hidden" name="voiceIntent" value="reward" />
              <button type="submit" className="secondary">
                {t("voice.reward")}
              </button>
            </Form>
          ) : null}
        </>
      ) : null}

      {isPraise && voice.praise ? (
        <>
          <h3>{t("voice.praise")}</h3>
          {voice.praise.staff && voice.praise.confirmedAt ? (
            <p>
              {t("voice.praised", { name: `${voice.praise.staff.name} (${voice.praise.staff.email})`, date: dateTimeWords(voice.praise.confirmedAt, lang) })}
              <br />
              {t("voice.praiseCount", { count: voice.praise.inWindow })}
            </p>
          ) : (
            <Form method="post" action={action} reloadDocument className="form" aria-labelledby="voice-praise-title">
              <h4 id="voice-praise-title" className="visually-hidden">
                {t("voice.praiseConfirm")}
              </h4>
              <input type="hidden" name="voiceIntent" value="praise" />
              <Field name="staff" scope="voice-praise" label={t("voice.praiseStaff")} hint={t("voice.praiseStaffHint")} required>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="" disabled>
                      —
                    </option>
                    {staff.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({s.email}){s.teamName ? ` · ${s.teamName}` : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <div>
                <button type="submit" className="secondary">
                  {t("voice.praiseConfirm")}
                </button>
              </div>
            </Form>
          )}
        </>
      ) : null}

      {showUnkindness ? (
        <>
          <h3>{t("voice.unkindness")}</h3>
          {voice.report && voice.reportedStaff ? (
            <>
              <p>
                {t("voice.reported", {
                  name: `${voice.reportedStaff.name} (${voice.reportedStaff.email})`,
                  date: dateTimeWords(voice.report.reportedAt, lang),
                  by: t.dynamic(`voice.reportedBy.${voice.report.reportedBy}`),
                })}
              </p>
              <p>
                {voice.report.apologyAt
                  ? t("voice.apologyAt", { date: dateTimeWords(voice.report.apologyAt, lang) })
                  : voice.apologyDueAt
                    ? t("voice.apologyDue", { date: dueWords(voice.apologyDueAt, lang) })
                    : null}
              </p>
              <p>
                {t("voice.count", { count: voice.reportsInWindow })}
                {voice.flagged ? (
                  <>
                    {" "}
                    <strong className="badge breached">{t("voice.flagged")}</strong>
                  </>
                ) : null}
              </p>
              {!voice.report.apologyAt ? (
                <Form method="post" action={action} reloadDocument>
                  <input type="hidden" name="voiceIntent" value="apology" />
                  <button type="submit" className="secondary">
                    {t("voice.apology")}
                  </button>
                </Form>
              ) : null}
            </>
          ) : isUnkindness && (voice.apologyDueAt || voice.apologyMadeAt) ? (
            // Not yet attributed: the apology is due from the report's arrival all the same.
            <>
              <p>
                {voice.apologyMadeAt
                  ? t("voice.apologyAt", { date: dateTimeWords(voice.apologyMadeAt, lang) })
                  : t("voice.apologyDue", { date: dueWords(voice.apologyDueAt!, lang) })}
              </p>
              {voice.apologyDueAt ? (
                <Form method="post" action={action} reloadDocument>
                  <input type="hidden" name="voiceIntent" value="apology" />
                  <button type="submit" className="secondary">
                    {t("voice.apology")}
                  </button>
                </Form>
              ) : null}
            </>
          ) : null}
          {canReport ? (
            <Form method="post" action={action} reloadDocument className="form" aria-labelledby="voice-report-title">
              <h4 id="voice-report-title" className="visually-hidden">
                {t("voice.report")}
              </h4>
              <input type="hidden" name="voiceIntent" value="report" />
              <Field name="staff" scope="voice-report" label={t("voice.staff")} hint={t("voice.staffHint")} required>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="" disabled>
                      —
                    </option>
                    {staff.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name} ({s.email}){s.teamName ? ` · ${s.teamName}` : ""}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <fieldset className="field">
                <legend>{t("voice.reportedBy")}</legend>
                <div className="radio-row">
                  {(isUnkindness ? ["customer", "manager"] : ["manager"]).filter((r) => r === "customer" || atLeast("manager")).map((r, i) => (
                    <div className="checkbox" key={r}>
                      <input type="radio" id={`voice-by-${r}`} name="reportedBy" value={r} defaultChecked={i === 0} />
                      <label htmlFor={`voice-by-${r}`}>{t.dynamic(`voice.reportedBy.${r}`)}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <div>
                <button type="submit" className="secondary">
                  {t("voice.report")}
                </button>
              </div>
            </Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
