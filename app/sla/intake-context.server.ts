// What intake counts its clocks on — the newest calendar and the policies in force — kept in the
// process instead of read by every intake (two statements a ticket). The intake call checks them
// (desk_intake(), migration 0040: the calendar's version and a fingerprint of the current policy
// rows) and writes nothing when either changed meanwhile; intake then reloads them here and
// calls again (ADR 0020). So a change made by any process takes effect at the next intake, as when
// they were read in the intake's own transaction.
import { sql } from "drizzle-orm";
import { connect, executor } from "~/db/connection";
import { currentCalendar, type VersionedCalendar } from "./calendar.server";
import { activePolicies, type PolicyRow } from "./policies.server";

export type IntakeContext = { cal: VersionedCalendar; policies: PolicyRow[]; fingerprint: string };

const holder = globalThis as unknown as { __deskIntakeContext?: { url: string; context: Promise<IntakeContext> } };

async function fingerprint(): Promise<string> {
  const rows = await executor().execute<{ fp: string }>(sql`select desk_policy_fingerprint() as fp`);
  return rows[0].fp;
}

async function load(): Promise<IntakeContext> {
  for (;;) {
    const before = await fingerprint();
    const [cal, policies] = await Promise.all([currentCalendar(executor()), activePolicies(executor())]);
    // The same fingerprint after the read: the policies read are the ones it stands for.
    if ((await fingerprint()) === before) return { cal, policies, fingerprint: before };
  }
}

/** The calendar and policies intake counts on; `reload` after the intake call found them changed. */
export function intakeContext(reload = false): Promise<IntakeContext> {
  const url = connect().url;
  const cached = holder.__deskIntakeContext;
  if (!reload && cached?.url === url) return cached.context;
  const context = load();
  holder.__deskIntakeContext = { url, context };
  // A failed load is not kept.
  context.catch(() => {
    if (holder.__deskIntakeContext?.context === context) holder.__deskIntakeContext = undefined;
  });
  return context;
}
