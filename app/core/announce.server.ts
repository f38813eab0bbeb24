// Notices a transaction sends after its commit instead of with it (ADR 0027). A NOTIFY sent inside
// a transaction takes PostgreSQL's single NOTIFY lock at commit and holds it until the commit is on
// disk, so busy writers that notify queue behind each other's disk flushes. A caller that set
// desk.announce = 'after-commit' for its transaction (the triggers then stay quiet) hands the same
// notices here once it has committed; concurrent callers share one statement, committed without
// waiting for the disk (a notice is a wake-up, not data: a lost one is caught by the listeners'
// fallback polls and resyncs).
import { logError } from "~/core/log.server";
import { sqlClient } from "~/db/connection";
import { Batcher } from "~/lib/batcher";

/** A ticket's new history entries (migration 0037), heard by the live-update hubs. */
export const TICKET_CHANNEL = "desk_ticket_events";
/** A notification deliverable now (migration 0039), heard by the delivery loops. */
export const OUTBOX_CHANNEL = "desk_outbox";

export type Notice = { channel: string; payload: string };

const batcher = new Batcher<Notice[], void>(async (batches) => {
  const notices = batches.flat();
  if (notices.length > 0) {
    await sqlClient()`
      select pg_notify(x.channel, x.payload)
      from (select set_config('synchronous_commit', 'off', true)) as async_commit,
           unnest(${notices.map((n) => n.channel)}::text[], ${notices.map((n) => n.payload)}::text[]) as x(channel, payload)`;
  }
  return batches.map(() => undefined);
});

/** Sends `notices` after the caller's commit; never throws (a failure is logged). */
export function announceAfterCommit(notices: Notice[]): Promise<void> {
  if (notices.length === 0) return Promise.resolve();
  return batcher.take(notices).catch((error: unknown) => logError("announce: notices not sent", error));
}
