// One button of an admin table row (revoke a token, reset a password): a small form that the
// browser asks about first, since the action cannot be undone.
import { Form } from "@remix-run/react";

export function ConfirmedRowAction(props: {
  intent: string;
  id: string;
  /** The question the browser asks before sending, in the page's language. */
  question: string;
  label: string;
  /** Names the row for screen readers ("김상담 비밀번호 초기화"). */
  accessibleLabel: string;
  className: "danger" | "secondary";
  busy: boolean;
}) {
  return (
    <Form
      method="post"
      className="inline-form"
      onSubmit={(event) => {
        if (!window.confirm(props.question)) event.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="id" value={props.id} />
      <button type="submit" className={props.className} disabled={props.busy} aria-label={props.accessibleLabel}>
        {props.label}
      </button>
    </Form>
  );
}
