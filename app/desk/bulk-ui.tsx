// Bulk assign / close on a list of tickets (the queue, the guarantee cases, the
// dashboard's drill-down): a labelled checkbox per row and a "select all" for the list, the form
// (one set of fields and confirmation; the server code is bulk.server.ts), and the outcome
// — a success message that takes focus (DoneNotice) and, ticket by ticket, what could not be done.
import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { BulkResult } from "~/desk/bulk.server";
import { useT } from "~/i18n/use-t";
import { DoneNotice } from "~/ui/done-notice";
import { CheckboxField, confirmBeforeSubmit, FormError, NeedMark, RadioGroup, SelectField } from "~/ui/form";
import { assigneeGroups, type Assignee } from "~/staff/assignees";

/** The value of the form's `intent` field that routes a POST to the bulk action. */
export const BULK_INTENT = "bulk";

/** A key that changes after each bulk run: rows keyed with it start unselected again. */
export function bulkResetKey(bulk: BulkResult | undefined): string {
  return bulk?.done ? `${bulk.done.summary}|${bulk.done.succeeded.join(",")}|${bulk.done.failed.length}` : "";
}

/** One row's checkbox, named by the ticket it selects. */
export function BulkRowCheckbox({ formId, reference, checked }: { formId: string; reference: string; checked: boolean }) {
  const t = useT();
  return (
    <input
      type="checkbox"
      name="tickets"
      value={reference}
      form={formId}
      defaultChecked={checked}
      aria-label={t("queue.selectTicket", { reference })}
    />
  );
}

/**
 * The header cell's "select all": ticks or clears every row checkbox of the form. Only with
 * JavaScript (without it the rows are ticked one by one), so it is rendered after hydration.
 */
export function BulkSelectAll({ formId }: { formId: string }) {
  const t = useT();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return <span className="visually-hidden">{t("queue.col.select")}</span>;
  return (
    <input
      type="checkbox"
      aria-label={t("bulk.selectAll")}
      onChange={(event) => {
        const on = event.currentTarget.checked;
        for (const box of document.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="tickets"][form="${formId}"]`))
          box.checked = on;
      }}
    />
  );
}

/** After a run: the success message (focused, announced) and the tickets that could not be changed. */
export function BulkOutcome({ bulk, id }: { bulk: BulkResult | undefined; id: string }) {
  const t = useT();
  const done = bulk?.done;
  return (
    <>
      <DoneNotice text={done && done.succeeded.length ? done.summary : null} id={id} />
      {done && (done.failed.length || !done.succeeded.length) ? (
        <div className="warning" role="alert" id={`${id}-failed`}>
          {done.succeeded.length ? null : <p>{done.summary}</p>}
          <p>{t("queue.bulk.failed", { count: done.failed.length })}</p>
          <ul>
            {done.failed.map((f) => (
              <li key={f.reference}>{t("queue.bulk.failedItem", { reference: f.reference, reason: f.reason })}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** The bulk form: action, assignee, the confirmation a close needs, submit. */
export function BulkPanel({
  formId,
  bulk,
  assignees,
  hint,
}: {
  formId: string;
  bulk: BulkResult | undefined;
  assignees: Assignee[];
  hint: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <section aria-labelledby={`${formId}-title`} className="panel bulk-panel">
      <h2 id={`${formId}-title`}>{t("queue.bulk.title")}</h2>
      <p className="muted">{hint}</p>
      <Form
        method="post"
        id={formId}
        noValidate
        onSubmit={(event) => {
          // With JavaScript, closing without the box ticked asks in a dialog (and ticks it on yes).
          const chosen = event.currentTarget.elements.namedItem("action");
          if (chosen instanceof RadioNodeList && chosen.value === "close") confirmBeforeSubmit(event, t("confirm.dialogBulkClose"));
        }}
      >
        <input type="hidden" name="intent" value={BULK_INTENT} />
        {bulk?.errors.tickets ? <FormError message={bulk.errors.tickets} id={`${formId}-tickets-error`} /> : null}
        <RadioGroup
          name="action"
          scope={formId}
          legend={t("queue.bulk.action")}
          options={(["assign", "close"] as const).map((a) => ({ value: a, label: t(`queue.bulk.${a}`) }))}
          value={bulk?.values.action}
          error={bulk?.errors.action}
          required
          nativeRequired={false}
        />
        <SelectField
          name="assignee"
          scope={formId}
          label={t("queue.bulk.assignee")}
          mark={<NeedMark text={t("forms.neededToAssign")} />}
          error={bulk?.errors.assignee}
          placeholder={t("desk.field.chooseStaff")}
          groups={assigneeGroups(assignees, t)}
          defaultValue={bulk?.values.assignee}
        />
        <CheckboxField
          name="confirm"
          scope={formId}
          label={t("confirm.label")}
          error={bulk?.errors.confirm}
          hint={t("confirm.bulkCloseHint")}
        />
        <button type="submit" className="primary" disabled={navigation.state === "submitting"}>
          {t("queue.bulk.submit")}
        </button>
      </Form>
    </section>
  );
}
