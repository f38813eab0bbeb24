// Canned replies (상용구) per team: team leads keep their team's, administrators every team's and
// the shared ones (team null); everyone uses those of their team, of the ticket's team and the
// shared ones. Each change is a settings change in the audit log, like other desk settings.
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { cannedReplies, teams } from "~/db/schema";
import { executor } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import type { Lang } from "~/i18n/i18n";
import type { MaskedText } from "~/core/masked-text";
import { auditSettingsChange } from "~/security/audit.server";
import { DeskError } from "~/core/errors";
import { errorKey } from "~/core/validation";
import { dueInWords, renderMacro, unknownVariables, type MacroValues } from "./render";

export type MacroRow = typeof cannedReplies.$inferSelect;
export type MacroListItem = {
  id: string;
  teamId: string | null;
  teamName: string | null;
  title: string;
  body: string;
  updatedAt: string;
  manageable: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Leads keep their own team's macros; administrators every team's and the shared ones. */
export function mayManageMacros(user: Pick<StaffUser, "role" | "teamId">, teamId: string | null): boolean {
  if (user.role === "admin") return true;
  return user.role === "lead" && user.teamId !== null && teamId === user.teamId;
}

/** Whether the person may keep any macros at all (the desk page's forms). */
export function keepsMacros(user: Pick<StaffUser, "role" | "teamId">): boolean {
  return user.role === "admin" || (user.role === "lead" && user.teamId !== null);
}

/** The macros this person sees on the macros page: shared ones and their team's (all, for administrators and managers). */
export async function listMacros(user: StaffUser): Promise<MacroListItem[]> {
  const seesAll = user.role === "admin" || user.role === "manager";
  const rows = await executor()
    .select({ macro: cannedReplies, teamName: teams.name })
    .from(cannedReplies)
    .leftJoin(teams, eq(teams.id, cannedReplies.teamId))
    .where(
      seesAll
        ? undefined
        : user.teamId
          ? or(isNull(cannedReplies.teamId), eq(cannedReplies.teamId, user.teamId))
          : isNull(cannedReplies.teamId),
    )
    .orderBy(sql`${cannedReplies.teamId} is not null`, asc(teams.name), asc(cannedReplies.title));
  return rows.map(({ macro, teamName }) => ({
    id: macro.id,
    teamId: macro.teamId,
    teamName,
    title: macro.title,
    body: macro.body,
    updatedAt: macro.updatedAt.toISOString(),
    manageable: mayManageMacros(user, macro.teamId),
  }));
}

export type RenderedMacro = { id: string; title: string; teamName: string | null; text: string };

/** What a ticket's reply form offers: shared macros, the person's team's and the ticket's team's, rendered for this ticket. */
export async function macrosForTicket(user: StaffUser, ticketTeamId: string | null, values: MacroValues): Promise<RenderedMacro[]> {
  const teamIds = [user.teamId, ticketTeamId].filter((v): v is string => v !== null);
  const rows = await executor()
    .select({ macro: cannedReplies, teamName: teams.name })
    .from(cannedReplies)
    .leftJoin(teams, eq(teams.id, cannedReplies.teamId))
    .where(teamIds.length ? or(isNull(cannedReplies.teamId), inArray(cannedReplies.teamId, teamIds)) : isNull(cannedReplies.teamId))
    .orderBy(sql`${cannedReplies.teamId} is not null`, asc(cannedReplies.title));
  return rows.map(({ macro, teamName }) => ({ id: macro.id, title: macro.title, teamName, text: renderMacro(macro.body, values) }));
}

/** The variables' values for a ticket: its customer, reference, next deadline in words, and the person replying. */
export function macroValues(input: {
  customerName: string;
  reference: string;
  dueAt: string | null;
  staffName: string;
  lang: Lang;
  noDue: string;
}): MacroValues {
  return {
    customerName: input.customerName,
    reference: input.reference,
    dueDate: input.dueAt ? dueInWords(input.dueAt, input.lang) : input.noDue,
    staffName: input.staffName,
  };
}

export type MacroInput = { id?: string; teamId: string | null; title: MaskedText; body: MaskedText };

function checkBody(body: string) {
  const unknown = unknownVariables(body);
  if (unknown.length)
    throw new DeskError(422, "error.macro.unknownVariable", {
      body: errorKey("error.macro.unknownVariable", { names: unknown.map((n) => `{${n}}`).join(", ") }),
    });
}

async function existing(id: string): Promise<MacroRow> {
  if (!UUID.test(id)) throw new DeskError(404, "common.notFound");
  const [row] = await executor().select().from(cannedReplies).where(eq(cannedReplies.id, id)).limit(1);
  if (!row) throw new DeskError(404, "common.notFound");
  return row;
}

/** Creates (no id) or changes a macro; refused outside the person's teams, for unknown variables and for a title the team already has (checked here: see the schema). */
export async function saveMacro(request: Request, user: StaffUser, input: MacroInput): Promise<MacroRow> {
  checkBody(input.body);
  if (input.teamId !== null) {
    if (!UUID.test(input.teamId)) throw new DeskError(422, "error.invalidChoice", { team: "error.invalidChoice" });
    const [team] = await executor().select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId)).limit(1);
    if (!team) throw new DeskError(422, "error.invalidChoice", { team: "error.invalidChoice" });
  }
  if (!mayManageMacros(user, input.teamId)) throw new DeskError(403, "error.macro.notAllowed");
  if (input.id) {
    const before = await existing(input.id);
    if (!mayManageMacros(user, before.teamId)) throw new DeskError(403, "error.macro.notAllowed");
  }
  const sameTitle = and(
    input.teamId === null ? isNull(cannedReplies.teamId) : eq(cannedReplies.teamId, input.teamId),
    eq(cannedReplies.title, input.title),
  );
  const [clash] = await executor().select({ id: cannedReplies.id }).from(cannedReplies).where(sameTitle).limit(1);
  if (clash && clash.id !== input.id) throw new DeskError(409, "error.macro.duplicateTitle", { title: "error.macro.duplicateTitle" });
  const who = `staff:${user.email}`;
  const [row] = input.id
    ? await executor()
        .update(cannedReplies)
        .set({ teamId: input.teamId, title: input.title, body: input.body, updatedBy: who, updatedAt: new Date() })
        .where(eq(cannedReplies.id, input.id))
        .returning()
    : await executor()
        .insert(cannedReplies)
        .values({ teamId: input.teamId, title: input.title, body: input.body, createdBy: who, updatedBy: who })
        .returning();
  if (!row) throw new DeskError(404, "common.notFound");
  await auditSettingsChange(request, user, `macro:${row.id}`, {
    change: input.id ? "macro.saved" : "macro.created",
    teamId: row.teamId,
    title: row.title,
  });
  return row;
}

export async function deleteMacro(request: Request, user: StaffUser, id: string): Promise<void> {
  const row = await existing(id);
  if (!mayManageMacros(user, row.teamId)) throw new DeskError(403, "error.macro.notAllowed");
  await executor().delete(cannedReplies).where(eq(cannedReplies.id, id));
  await auditSettingsChange(request, user, `macro:${id}`, { change: "macro.deleted", teamId: row.teamId, title: row.title });
}

/** Teams a macro may belong to, for an administrator's choice. */
export async function macroTeams(): Promise<Array<{ id: string; name: string }>> {
  return executor().select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name));
}

/** The nearest deadline among the ticket's clocks still counting (running, or breached and not yet met). */
export function nearestDue(clocks: Array<{ state: string; status: string; dueAt: string }>): string | null {
  const open = clocks.filter((c) => c.state === "running" || (c.state === "breached" && c.status !== "met")).map((c) => c.dueAt);
  return open.sort((a, b) => Date.parse(a) - Date.parse(b))[0] ?? null;
}

export type TicketMacros = { macros: RenderedMacro[]; chosen: RenderedMacro | null; canManage: boolean };

/** The ticket page's picker: its macros rendered for this ticket and person, and the one asked for with ?macro= (the no-JavaScript way in). */
export async function ticketMacros(
  user: StaffUser,
  ticket: {
    reference: string;
    teamId: string | null;
    customerName: string;
    clocks: Array<{ state: string; status: string; dueAt: string }>;
  },
  lang: Lang,
  noDue: string,
  chosenId: string | null,
): Promise<TicketMacros> {
  const values = macroValues({
    customerName: ticket.customerName,
    reference: ticket.reference,
    dueAt: nearestDue(ticket.clocks),
    staffName: user.name,
    lang,
    noDue,
  });
  const macros = await macrosForTicket(user, ticket.teamId, values);
  return { macros, chosen: macros.find((m) => m.id === chosenId) ?? null, canManage: keepsMacros(user) };
}
