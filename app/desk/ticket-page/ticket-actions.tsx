// The ticket page's action forms (reply, note, assign, … upload), each shown only when allowed.
import {
  CALLBACK_OUTCOME_OPTIONS,
  defaultInterimVia,
  defaultReplyVia,
  INTERIM_VIA_OPTIONS,
  REPLY_VIA_OPTIONS,
  type Intent,
} from "~/tickets/constants";
import type { TicketActionResult } from "~/desk/ticket-action.server";
import { useT } from "~/i18n/use-t";
import type { StaffUser } from "~/core/staff-user";
import { assigneeGroups } from "~/staff/assignees";
import {
  IntentCheckbox,
  IntentFileInput,
  IntentForm,
  IntentRadioGroup,
  IntentSelect,
  IntentTextArea,
  IntentTextInput,
  type FormState,
} from "~/ui/form";
import { ActionSection } from "./action-section";
import { MacroPicker } from "./macro-picker";
import type { TicketPageData } from "./types";

const ACCEPT_FILES = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff";

export function TicketActions({
  view,
  result,
  me,
  resetKey,
}: {
  view: TicketPageData;
  result: TicketActionResult | undefined;
  me: Pick<StaffUser, "id" | "name" | "email" | "role" | "teamId"> | undefined;
  /** Changes when an action went through, so the forms start empty again. */
  resetKey: string;
}) {
  const t = useT();
  const { ticket, customer } = view;
  const stateFor = (intent: Intent): FormState | undefined => (result && result.intent === intent ? result : undefined);
  const allowed = new Set(view.allowed);
  return (
    <section aria-labelledby="actions-title" className="desk-actions">
      <h2 id="actions-title">{t("desk.actions.title")}</h2>
      {allowed.has("reply") ? (
        <ActionSection id="reply" title={t("desk.action.reply")}>
          <MacroPicker macros={view.macros.macros} chosen={view.macros.chosen} canManage={view.macros.canManage} />
          <IntentForm
            key={`${resetKey}-${view.macros.chosen?.id ?? ""}`}
            className="desk-action-form"
            intent="reply"
            titleId="action-reply-title"
            state={stateFor("reply")}
            submitLabel={t("desk.action.replySubmit")}
            labels={{ body: t("desk.field.replyBody"), via: t("desk.field.via") }}
          >
            <IntentTextArea
              form="reply"
              name="body"
              label={t("desk.field.replyBody")}
              required
              state={stateFor("reply")}
              rows={6}
              defaultValue={view.macros.chosen?.text}
            />
            <IntentRadioGroup
              form="reply"
              name="via"
              label={t("desk.field.via")}
              required
              state={stateFor("reply")}
              defaultValue={defaultReplyVia(customer)}
              options={REPLY_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("note") ? (
        <ActionSection id="note" title={t("desk.action.note")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="note"
            titleId="action-note-title"
            state={stateFor("note")}
            submitLabel={t("desk.action.noteSubmit")}
            labels={{ body: t("desk.field.noteBody") }}
          >
            <IntentTextArea
              form="note"
              name="body"
              label={t("desk.field.noteBody")}
              hint={t("desk.field.noteHint")}
              required
              state={stateFor("note")}
              rows={3}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("assign") ? (
        <ActionSection id="assign" title={t("desk.action.assign")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="assign"
            titleId="action-assign-title"
            state={stateFor("assign")}
            submitLabel={t("desk.action.assignSubmit")}
            labels={{ assignee: t("desk.field.assignee") }}
          >
            <IntentSelect
              form="assign"
              name="assignee"
              label={t("desk.field.assignee")}
              required
              state={stateFor("assign")}
              placeholder={t("desk.field.chooseStaff")}
              defaultValue={view.assignee?.id ?? ""}
              groups={assigneeGroups(view.assignees, t)}
            />
          </IntentForm>
          {me && view.assignee?.id !== me.id ? (
            <IntentForm
              key={`me-${resetKey}`}
              className="desk-action-form"
              intent="assign"
              titleId="action-assign-title"
              submitLabel={t("desk.action.assignMe")}
              hidden={{ assignee: me.id }}
            />
          ) : null}
        </ActionSection>
      ) : null}

      {allowed.has("resume") ? (
        <ActionSection id="resume" title={t("desk.action.resume")} hint={t("desk.action.resumeHint")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="resume"
            titleId="action-resume-title"
            state={stateFor("resume")}
            submitLabel={t("desk.action.resumeSubmit")}
          />
        </ActionSection>
      ) : null}

      {allowed.has("close") ? (
        <ActionSection id="close" title={t("desk.action.close")} hint={t("desk.action.closeHint")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="close"
            titleId="action-close-title"
            state={stateFor("close")}
            submitLabel={t("desk.action.closeSubmit")}
            labels={{ confirm: t("confirm.label") }}
            confirmMessage={t("confirm.dialogClose")}
          >
            <IntentCheckbox
              form="close"
              name="confirm"
              label={t("confirm.label")}
              hint={t("confirm.closeHint")}
              state={stateFor("close")}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("interim") ? (
        <ActionSection id="interim" title={t("desk.action.interim")} collapsible resetKey={resetKey} open={!!stateFor("interim")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="interim"
            titleId="action-interim-title"
            state={stateFor("interim")}
            submitLabel={t("desk.action.interimSubmit")}
            labels={{ reason: t("desk.field.interimReason"), expectedBy: t("desk.field.expectedBy"), via: t("desk.field.interimVia") }}
          >
            <IntentTextArea
              form="interim"
              name="reason"
              label={t("desk.field.interimReason")}
              required
              state={stateFor("interim")}
              rows={3}
            />
            <IntentTextInput
              form="interim"
              name="expectedBy"
              type="date"
              label={t("desk.field.expectedBy")}
              hint={t("desk.field.dateHint")}
              required
              state={stateFor("interim")}
            />
            <IntentRadioGroup
              form="interim"
              name="via"
              label={t("desk.field.interimVia")}
              required
              state={stateFor("interim")}
              defaultValue={defaultInterimVia(customer)}
              options={INTERIM_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
              hint={ticket.requestedReplyBy ? t("desk.field.interimViaHint", { date: ticket.requestedReplyBy }) : undefined}
            />
            {me && (me.role === "manager" || me.role === "admin") ? (
              <IntentCheckbox form="interim" name="managerApproval" label={t("desk.field.managerApproval")} state={stateFor("interim")} />
            ) : null}
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("callback") ? (
        <ActionSection
          id="callback"
          title={t("desk.action.callback")}
          collapsible
          resetKey={resetKey}
          open={!!stateFor("callback") || (ticket.callbackRequested && !view.events.some((e) => e.type === "callback.logged"))}
        >
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="callback"
            titleId="action-callback-title"
            state={stateFor("callback")}
            submitLabel={t("desk.action.callbackSubmit")}
            labels={{ outcome: t("desk.field.outcome"), note: t("desk.field.callbackNote") }}
          >
            <IntentRadioGroup
              form="callback"
              name="outcome"
              label={t("desk.field.outcome")}
              required
              state={stateFor("callback")}
              options={CALLBACK_OUTCOME_OPTIONS.map((o) => ({ value: o, label: t(`desk.outcome.${o}`) }))}
            />
            <IntentTextArea form="callback" name="note" label={t("desk.field.callbackNote")} state={stateFor("callback")} rows={3} />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("pause") ? (
        <ActionSection id="pause" title={t("desk.action.pause")} collapsible resetKey={resetKey} open={!!stateFor("pause")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="pause"
            titleId="action-pause-title"
            state={stateFor("pause")}
            submitLabel={t("desk.action.pauseSubmit")}
            labels={{ reason: t("desk.field.pauseReason") }}
          >
            <IntentTextArea
              form="pause"
              name="reason"
              label={t("desk.field.pauseReason")}
              hint={t("desk.field.pauseHint")}
              required
              state={stateFor("pause")}
              rows={3}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("resolve") ? (
        <ActionSection id="resolve" title={t("desk.action.resolve")} collapsible resetKey={resetKey} open={!!stateFor("resolve")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="resolve"
            titleId="action-resolve-title"
            state={stateFor("resolve")}
            submitLabel={t("desk.action.resolveSubmit")}
            labels={{ answer: t("desk.field.answer"), via: t("desk.field.via"), confirm: t("confirm.label") }}
            confirmMessage={t("confirm.dialogResolve")}
          >
            <IntentTextArea form="resolve" name="answer" label={t("desk.field.answer")} required state={stateFor("resolve")} rows={6} />
            <IntentRadioGroup
              form="resolve"
              name="via"
              label={t("desk.field.via")}
              required
              state={stateFor("resolve")}
              defaultValue={defaultReplyVia(customer)}
              options={REPLY_VIA_OPTIONS.map((v) => ({ value: v, label: t(`contact.${v}`) }))}
            />
            <IntentCheckbox
              form="resolve"
              name="confirm"
              label={t("confirm.label")}
              hint={t("confirm.resolveHint")}
              state={stateFor("resolve")}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("reopen") ? (
        <ActionSection id="reopen" title={t("desk.action.reopen")} collapsible resetKey={resetKey} open={!!stateFor("reopen")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="reopen"
            titleId="action-reopen-title"
            state={stateFor("reopen")}
            submitLabel={t("desk.action.reopenSubmit")}
            labels={{ reason: t("desk.field.reopenReason") }}
          >
            <IntentTextArea form="reopen" name="reason" label={t("desk.field.reopenReason")} required state={stateFor("reopen")} rows={3} />
            <IntentCheckbox form="reopen" name="dissatisfied" label={t("desk.field.dissatisfied")} state={stateFor("reopen")} />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("happycall") ? (
        <ActionSection
          id="happycall"
          title={t("desk.action.happycall")}
          hint={t("desk.action.happycallHint")}
          collapsible
          resetKey={resetKey}
          open={!!stateFor("happycall")}
        >
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="happycall"
            titleId="action-happycall-title"
            state={stateFor("happycall")}
            submitLabel={t("desk.action.happycallSubmit")}
            labels={{ satisfied: t("desk.field.satisfied"), score: t("desk.field.score"), comment: t("desk.field.satisfactionComment") }}
          >
            <IntentRadioGroup
              form="happycall"
              name="satisfied"
              label={t("desk.field.satisfied")}
              required
              state={stateFor("happycall")}
              options={[
                { value: "yes", label: t("desk.field.satisfiedYes") },
                { value: "no", label: t("desk.field.satisfiedNo") },
              ]}
            />
            <IntentRadioGroup
              form="happycall"
              name="score"
              label={t("desk.field.score")}
              state={stateFor("happycall")}
              options={["1", "2", "3", "4", "5"].map((v) => ({ value: v, label: v }))}
            />
            <IntentTextArea
              form="happycall"
              name="comment"
              label={t("desk.field.satisfactionComment")}
              state={stateFor("happycall")}
              rows={3}
            />
          </IntentForm>
        </ActionSection>
      ) : null}

      {allowed.has("upload") ? (
        <ActionSection id="upload" title={t("desk.action.upload")} collapsible resetKey={resetKey} open={!!stateFor("upload")}>
          <IntentForm
            key={resetKey}
            className="desk-action-form"
            intent="upload"
            titleId="action-upload-title"
            state={stateFor("upload")}
            submitLabel={t("desk.action.uploadSubmit")}
            labels={{ files: t("desk.field.files") }}
            multipart
          >
            <IntentFileInput
              form="upload"
              name="files"
              label={t("desk.field.files")}
              hint={t("desk.field.filesHint")}
              required
              accept={ACCEPT_FILES}
              state={stateFor("upload")}
            />
          </IntentForm>
        </ActionSection>
      ) : null}
    </section>
  );
}
