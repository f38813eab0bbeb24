// The ticket page's section for suggestions (adopt, reward) and unkindness (link the staff member,
// record the apology). Its forms post to /desk/tickets/:reference/voice, which redirects back with
// ?voice=<intent> or ?voiceError=<message key>.
import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT, useLang } from "~/i18n/use-t";
import { errorText } from "~/core/validation";
import { dateTimeWords, dueWords } from "~/i18n/date-words";
import { RadioGroup, SelectField } from "~/ui/form";

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
  // Who reported it: the customer (on their own unkindness report) or a manager; the first is checked.
  const reporters = (isUnkindness ? ["customer", "manager"] : ["manager"])
    .filter((r) => r === "customer" || atLeast("manager"))
    .map((r) => ({ value: r, label: t.dynamic(`voice.reportedBy.${r}`) }));
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
          {/^[a-zA-Z.]+$/.test(errorKey)
            ? errorKey.startsWith("error.")
              ? errorText(t, errorKey)
              : t.dynamic(errorKey)
            : t("voice.error.unknown")}
        </p>
      ) : null}

      {isSuggestion ? (
        <>
          <h3>{t("voice.suggestion")}</h3>
          <p>
            {voice.suggestionAdoptedAt
              ? t("voice.adoptedAt", { date: dateTimeWords(voice.suggestionAdoptedAt, lang) })
              : t("voice.notAdopted")}
            {voice.suggestionRewardedAt ? (
              <>
                <br />
                {t("voice.rewardedAt", { date: dateTimeWords(voice.suggestionRewardedAt, lang) })}
              </>
            ) : null}
          </p>
          {!voice.suggestionAdoptedAt && atLeast("lead") ? <VoiceButton action={action} intent="adopt" label={t("voice.adopt")} /> : null}
          {voice.suggestionAdoptedAt && !voice.suggestionRewardedAt && atLeast("manager") ? (
            <VoiceButton action={action} intent="reward" label={t("voice.reward")} />
          ) : null}
        </>
      ) : null}

      {isPraise && voice.praise ? (
        <>
          <h3>{t("voice.praise")}</h3>
          {voice.praise.staff && voice.praise.confirmedAt ? (
            <p>
              {t("voice.praised", {
                name: `${voice.praise.staff.name} (${voice.praise.staff.email})`,
                date: dateTimeWords(voice.praise.confirmedAt, lang),
              })}
              <br />
              {t("voice.praiseCount", { count: voice.praise.inWindow })}
            </p>
          ) : (
            <StaffForm
              action={action}
              intent="praise"
              title={t("voice.praiseConfirm")}
              label={t("voice.praiseStaff")}
              hint={t("voice.praiseStaffHint")}
              staff={staff}
            />
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
              {!voice.report.apologyAt ? <VoiceButton action={action} intent="apology" label={t("voice.apology")} /> : null}
            </>
          ) : isUnkindness && (voice.apologyDueAt || voice.apologyMadeAt) ? (
            // Not yet attributed: the apology is due from the report's arrival all the same.
            <>
              <p>
                {voice.apologyMadeAt
                  ? t("voice.apologyAt", { date: dateTimeWords(voice.apologyMadeAt, lang) })
                  : t("voice.apologyDue", { date: dueWords(voice.apologyDueAt!, lang) })}
              </p>
              {voice.apologyDueAt ? <VoiceButton action={action} intent="apology" label={t("voice.apology")} /> : null}
            </>
          ) : null}
          {canReport ? (
            <StaffForm
              action={action}
              intent="report"
              title={t("voice.report")}
              label={t("voice.staff")}
              hint={t("voice.staffHint")}
              staff={staff}
            >
              <RadioGroup
                name="reportedBy"
                scope="voice-report"
                legend={t("voice.reportedBy")}
                options={reporters}
                value={reporters[0]?.value}
                required
              />
            </StaffForm>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** A form of one button that posts `intent` (adopt, reward, apology). */
function VoiceButton({ action, intent, label }: { action: string; intent: VoiceIntent; label: string }) {
  return (
    <Form method="post" action={action} reloadDocument>
      <input type="hidden" name="voiceIntent" value={intent} />
      <button type="submit" className="secondary">
        {label}
      </button>
    </Form>
  );
}

/** Names a staff member for `intent` (who was praised, who was reported), with what else the form needs. */
function StaffForm({
  action,
  intent,
  title,
  label,
  hint,
  staff,
  children,
}: {
  action: string;
  intent: "praise" | "report";
  title: string;
  label: string;
  hint: string;
  staff: StaffOption[];
  children?: ReactNode;
}) {
  const scope = `voice-${intent}`;
  return (
    <Form method="post" action={action} reloadDocument className="form" aria-labelledby={`${scope}-title`}>
      <h4 id={`${scope}-title`} className="visually-hidden">
        {title}
      </h4>
      <input type="hidden" name="voiceIntent" value={intent} />
      <SelectField
        name="staff"
        scope={scope}
        label={label}
        hint={hint}
        required
        placeholder="—"
        placeholderDisabled
        options={staff.map((s) => ({ value: s.id, label: `${s.name} (${s.email})${s.teamName ? ` · ${s.teamName}` : ""}` }))}
      />
      {children}
      <div>
        <button type="submit" className="secondary">
          {title}
        </button>
      </div>
    </Form>
  );
}
