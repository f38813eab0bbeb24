// The desk's service-guarantee pages (SERVICE-STANDARDS §4): the list of cases, one case with its
// fact-check clock and the forms that move it on, and the ticket page's link and "repeat visit"
// form. Reads and decides what to show here; every change goes through app/sla/guarantee.server.ts.
// A case is seen and worked by whoever may see its ticket (the one access rule, ~/tickets/access):
// lists leave the others out, a direct link or form post answers the audited 403.
import { data, redirect } from "@remix-run/node";
import { eq, inArray } from "drizzle-orm";
import { guaranteeCases, notifications, staff, tickets, type GuaranteeTrigger } from "~/db/schema";
import { executor, inTransaction } from "~/db/connection";
import type { StaffUser } from "~/core/staff-user";
import { staffActor } from "~/core/staff-user";
import { accessSubject, canSeeTicket, denyAccess, requireTicketAccess, ticketVisibility } from "~/security/access.server";
import { clocksOf, formatDuration, kstWithWeekday, type SlaClock } from "~/sla/sla-clocks.server";
import { translator, type Lang, type Translate } from "~/i18n/i18n";
import {
  caseDetail,
  casesOfTicket,
  confirmCustomerSatisfied,
  listCases,
  openRepeatVisitCase,
  recordApology,
  recordFactCheck,
} from "~/sla/guarantee.server";
import { actorStaffId, type Actor } from "~/core/actor";
import { ticketAccessFacts } from "~/tickets/tickets.server";
import { DeskError, forbidden, notFound } from "~/core/errors";
import { parseForm, textValues } from "~/ui/form-data.server";
import { domainError, formErrorsOf, notFoundResponse, translateMessage as message } from "~/ui/form-errors.server";
import {
  apologyFormSchema,
  confirmFormSchema,
  factCheckFormSchema,
  isGuaranteeIntent,
  repeatVisitFormSchema,
  type GuaranteeIntent,
} from "./schemas";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_FORM_BYTES = 100_000;

// ------------------------------------------------------------------------- words

export type TriggerWords = {
  kind: GuaranteeTrigger["kind"];
  text: string;
  note: string | null;
  at: string | null;
  atText: string | null;
  by: string | null;
};

/** Which promise was broken, in words ("1일 내 답변 기한을 지키지 못함 (기한 …)"). */
export function describeTrigger(trigger: GuaranteeTrigger, lang: Lang): TriggerWords {
  const t = translator(lang);
  const at = typeof trigger.at === "string" && trigger.at ? trigger.at : null;
  const atText = at ? kstWithWeekday(at, lang) : null;
  switch (trigger.kind) {
    case "breach": {
      const metric = metricName(t, trigger.metric);
      const due = trigger.dueAt ? kstWithWeekday(trigger.dueAt, lang) : "—";
      return { kind: "breach", text: t("guarantee.trigger.breach", { metric, due }), note: null, at, atText, by: null };
    }
    case "repeat_visit":
      return {
        kind: "repeat_visit",
        text: t("guarantee.trigger.repeat_visit"),
        note: trigger.note || null,
        at,
        atText,
        by: trigger.by || null,
      };
    case "claim":
      return { kind: "claim", text: t("guarantee.trigger.claim"), note: trigger.note || null, at, atText, by: null };
    default: {
      const kind = (trigger as { kind?: unknown }).kind;
      return { kind: "claim", text: String(kind ?? "—"), note: null, at, atText, by: null };
    }
  }
}

function metricName(t: Translate, metric: string): string {
  const short = t.dynamic(`desk.metric.${metric}`);
  return short === `desk.metric.${metric}` ? t.dynamic(`clock.metric.${metric}`) : short;
}

/** A staff label from the "staff:email" / "token:name" recorded on the case. */
function byLabel(by: string | null, names: Map<string, string>): string | null {
  if (!by) return null;
  const email = by.startsWith("staff:") ? by.slice(6) : null;
  return email ? (names.get(email.toLowerCase()) ?? email) : by;
}

// ------------------------------------------------------------------------- the list

export const CASE_TABS = ["open", "closed", "all"] as const;
export type CaseTab = (typeof CASE_TABS)[number];

export type FactCheckSummary = {
  state: "on_track" | "overdue" | "paused" | "met" | "late" | "cancelled" | "none";
  label: string;
  dueAt: string | null;
  dueText: string | null;
  /** "3시간 10분 초과" while the result is overdue. */
  overdueText: string | null;
};

export type CaseListRow = {
  id: string;
  reference: string;
  subject: string;
  status: "open" | "closed";
  statusLabel: string;
  triggers: TriggerWords[];
  openedAt: string;
  openedText: string;
  assigneeName: string | null;
  factCheck: FactCheckSummary;
};

function factCheckSummary(
  t: Translate,
  lang: Lang,
  now: Date,
  timer: { dueAt: Date | null; state: string | null },
  factCheckedAt: Date | null,
): FactCheckSummary {
  if (!timer.dueAt || !timer.state) {
    return {
      state: factCheckedAt ? "met" : "none",
      label: t(factCheckedAt ? "guarantee.factCheckState.met" : "guarantee.factCheckState.none"),
      dueAt: null,
      dueText: null,
      overdueText: null,
    };
  }
  const dueMs = timer.dueAt.getTime();
  let state: FactCheckSummary["state"];
  let overdueText: string | null = null;
  if (timer.state === "met") state = "met";
  else if (timer.state === "cancelled") state = factCheckedAt ? "met" : "cancelled";
  else if (timer.state === "breached") state = factCheckedAt ? "late" : "overdue";
  else if (timer.state === "paused") state = "paused";
  else state = now.getTime() > dueMs ? "overdue" : "on_track";
  if (state === "overdue") overdueText = t("clock.overdue", { duration: formatDuration(now.getTime() - dueMs, t, "wall") });
  const label = state === "paused" || state === "cancelled" ? t(`clock.status.${state}`) : t(`guarantee.factCheckState.${state}`);
  return { state, label, dueAt: timer.dueAt.toISOString(), dueText: kstWithWeekday(timer.dueAt, lang), overdueText };
}

/**
 * /desk/guarantee: the cases of the tickets this staff member may see (managers: every case),
 * open or closed or both, newest first with open ones on top.
 */
export async function loadCaseList(url: URL, user: StaffUser, lang: Lang, now: Date = new Date()) {
  const t = translator(lang);
  const ignored: string[] = [];
  const raw = url.searchParams.get("status");
  let tab: CaseTab = "open";
  if (raw !== null && raw !== "") {
    if ((CASE_TABS as readonly string[]).includes(raw)) tab = raw as CaseTab;
    else ignored.push("status");
  }
  const rows = await listCases({ status: tab === "all" ? undefined : tab, limit: 500, visible: ticketVisibility(accessSubject(user)) });
  const emails = new Set<string>();
  for (const r of rows)
    for (const tr of r.gcase.triggers)
      if (tr.kind === "repeat_visit" && tr.by?.startsWith("staff:")) emails.add(tr.by.slice(6).toLowerCase());
  const names = await staffNamesByEmail([...emails]);
  const cases: CaseListRow[] = rows.map((r) => ({
    id: r.gcase.id,
    reference: r.reference,
    subject: r.subject,
    status: r.gcase.status,
    statusLabel: t(`guarantee.status.${r.gcase.status}`),
    triggers: r.gcase.triggers.map((tr) => {
      const words = describeTrigger(tr, lang);
      return { ...words, by: byLabel(words.by, names) };
    }),
    openedAt: r.gcase.openedAt.toISOString(),
    openedText: kstWithWeekday(r.gcase.openedAt, lang),
    assigneeName: r.assigneeName,
    factCheck: factCheckSummary(t, lang, now, { dueAt: r.factCheckDueAt, state: r.factCheckState }, r.gcase.factCheckedAt),
  }));
  return { tab, ignored, cases, limited: rows.length >= 500 };
}

async function staffNamesByEmail(emails: string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await executor().select({ email: staff.email, name: staff.name }).from(staff).where(inArray(staff.email, emails));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r.name]));
}

// ------------------------------------------------------------------------- one case

/**
 * Who records the apology (§4 "the staff member concerned"): the ticket's assignee; when the
 * ticket has no assignee, any staff member. Null means "anyone".
 */
export function staffConcerned(ticket: { assigneeId: string | null }): string | null {
  return ticket.assigneeId;
}

/**
 * For a loader or action on one case: the case's ticket when this staff member may see it, null
 * for no such case, else the denial is audited and the 403 thrown (as for the ticket itself).
 */
export async function requireCaseAccess(request: Request, user: StaffUser, caseId: string) {
  if (!UUID.test(caseId)) return null;
  const [row] = await executor()
    .select({ ticketId: tickets.id, reference: tickets.reference, assigneeId: tickets.assigneeId, teamId: tickets.teamId })
    .from(guaranteeCases)
    .innerJoin(tickets, eq(tickets.id, guaranteeCases.ticketId))
    .where(eq(guaranteeCases.id, caseId));
  if (!row) return null;
  if (!canSeeTicket(accessSubject(user), row)) await denyCase(request, user, caseId, row.reference);
  return row;
}

function denyCase(request: Request, user: StaffUser, caseId: string, reference: string): Promise<never> {
  return denyAccess(request, user, { type: "guarantee_case", id: caseId }, { reason: "not_in_scope", ticket: reference });
}

export type CaseView = NonNullable<Awaited<ReturnType<typeof loadCaseView>>>;

/** The case page, or null for no such case; a case of a ticket this staff member may not see: audited 403. */
export async function loadCaseView(request: Request, caseId: string, user: StaffUser, lang: Lang, now: Date = new Date()) {
  const detail = await caseDetail(caseId);
  if (!detail) return null;
  if (!canSeeTicket(accessSubject(user), detail.ticket)) await denyCase(request, user, caseId, detail.ticket.reference);
  const t = translator(lang);
  const { gcase, ticket, factCheckTimer } = detail;
  const ids = [ticket.assigneeId, gcase.factCheckedById, gcase.apologyById].filter((id): id is string => !!id);
  const people = ids.length
    ? await executor().select({ id: staff.id, name: staff.name, email: staff.email }).from(staff).where(inArray(staff.id, ids))
    : [];
  const nameOf = (id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? null) : null);
  const emails = new Set<string>();
  for (const tr of gcase.triggers) if (tr.kind === "repeat_visit" && tr.by?.startsWith("staff:")) emails.add(tr.by.slice(6).toLowerCase());
  if (gcase.closedBy?.startsWith("staff:")) emails.add(gcase.closedBy.slice(6).toLowerCase());
  const names = await staffNamesByEmail([...emails]);

  const [notification] = await executor()
    .select({
      status: notifications.status,
      channel: notifications.channel,
      error: notifications.error,
      createdAt: notifications.createdAt,
      sentAt: notifications.sentAt,
    })
    .from(notifications)
    .where(eq(notifications.dedupeKey, `guarantee-result:${gcase.id}`))
    .limit(1);

  const clocks: SlaClock[] = await clocksOf(factCheckTimer ? [factCheckTimer] : [], lang, now);
  const concernedId = staffConcerned(ticket);
  const open = gcase.status === "open";
  const allowed: GuaranteeIntent[] = [];
  if (open && !gcase.factCheckedAt) allowed.push("factCheck");
  if (open && gcase.deskAtFault === true && !gcase.apologyAt) allowed.push("apology");
  if (open && gcase.factCheckedAt && (gcase.deskAtFault !== true || gcase.apologyAt)) allowed.push("confirm");
  const when = (d: Date | null) => (d ? { at: d.toISOString(), text: kstWithWeekday(d, lang) } : null);

  return {
    id: gcase.id,
    status: gcase.status,
    statusLabel: t(`guarantee.status.${gcase.status}`),
    opened: when(gcase.openedAt)!,
    closed: when(gcase.closedAt),
    closedBy: byLabel(gcase.closedBy, names),
    ticket: { reference: ticket.reference, subject: ticket.subject, status: ticket.status, assigneeName: nameOf(ticket.assigneeId) },
    triggers: gcase.triggers.map((tr) => {
      const words = describeTrigger(tr, lang);
      return { ...words, by: byLabel(words.by, names) };
    }),
    clock: clocks[0] ?? null,
    factCheck: gcase.factCheckedAt
      ? {
          result: gcase.factCheckResult ?? "",
          deskAtFault: gcase.deskAtFault === true,
          by: nameOf(gcase.factCheckedById),
          at: when(gcase.factCheckedAt)!,
        }
      : null,
    notification: notification
      ? {
          status: notification.status,
          label: t(`guarantee.notify.${notification.status}`),
          channel: notification.channel,
          error: notification.error,
          at: when(notification.sentAt ?? notification.createdAt)!,
        }
      : null,
    apology: gcase.apologyAt ? { text: gcase.apology ?? "", by: nameOf(gcase.apologyById), at: when(gcase.apologyAt)! } : null,
    confirmed: when(gcase.customerConfirmedAt),
    concerned: concernedId ? { id: concernedId, name: nameOf(concernedId) ?? "—" } : null,
    /** May the signed-in staff member record the apology? */
    mayApologise: concernedId === null || concernedId === user.id,
    allowed,
  };
}

// ------------------------------------------------------------------------- actions

export type GuaranteeFormResult = {
  intent: GuaranteeIntent | "repeatVisit" | null;
  /** Field name → translated message, shown beside the field. */
  errors: Record<string, string>;
  /** What was typed, put back into the form. */
  values: Record<string, string>;
  /** A message for the whole form (a 409 state error, a refusal). */
  formError?: string;
};

function fail(status: number, result: GuaranteeFormResult) {
  return data(result, { status });
}

async function readForm(request: Request): Promise<FormData | null> {
  if (Number(request.headers.get("Content-Length") ?? "0") > MAX_FORM_BYTES) return null;
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** A 409 from the guarantee service, said for the step that was tried. */
const STATE_ERROR: Record<GuaranteeIntent, string> = {
  factCheck: "error.guaranteeFactCheckState",
  apology: "error.guaranteeApologyState",
  confirm: "error.guaranteeConfirmState",
};

/**
 * The apology, recorded only by the staff member concerned (see staffConcerned). The check and
 * the write share one transaction, and the case row is locked first, as the service locks it.
 */
export function recordApologyAsConcerned(caseId: string, input: { apology: string }, actor: Actor) {
  return inTransaction(async (tx) => {
    if (!UUID.test(caseId)) throw notFound();
    const [row] = await tx
      .select({ ticketId: guaranteeCases.ticketId })
      .from(guaranteeCases)
      .where(eq(guaranteeCases.id, caseId))
      .for("update");
    if (!row) throw notFound();
    const [ticket] = await tx.select({ assigneeId: tickets.assigneeId }).from(tickets).where(eq(tickets.id, row.ticketId)).for("share");
    const staffId = actorStaffId(actor);
    if (!staffId) throw forbidden();
    const concerned = staffConcerned(ticket);
    if (concerned !== null && concerned !== staffId) throw new DeskError(403, "error.guaranteeNotConcerned");
    await recordApology(caseId, input, actor);
  });
}

/** POST /desk/guarantee/:id — fact check, apology or confirmation; redirect on success. */
export async function handleCaseAction(request: Request, caseId: string, user: StaffUser, lang: Lang) {
  if (!(await requireCaseAccess(request, user, caseId))) throw notFoundResponse();
  const form = await readForm(request);
  if (!form) return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "error.guaranteeBadRequest") });
  const intent = form.get("intent");
  if (!isGuaranteeIntent(intent))
    return fail(400, { intent: null, errors: {}, values: {}, formError: message(lang, "error.guaranteeUnknownAction") });
  const actor = staffActor(user);
  const done = (key: string) => redirect(`/desk/guarantee/${caseId}?done=${key}`, { status: 303 });
  const invalid = (errors: Record<string, string>, values: Record<string, string>) => fail(422, { intent, errors, values });

  try {
    switch (intent) {
      case "factCheck": {
        const parsed = parseForm(factCheckFormSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await recordFactCheck(caseId, parsed.data, actor);
        return done(parsed.data.deskAtFault ? "factCheck" : "factCheckClosed");
      }
      case "apology": {
        const parsed = parseForm(apologyFormSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await recordApologyAsConcerned(caseId, parsed.data, actor);
        return done("apology");
      }
      case "confirm": {
        const parsed = parseForm(confirmFormSchema, form, lang);
        if (!parsed.ok) return invalid(parsed.errors, parsed.values);
        await confirmCustomerSatisfied(caseId, actor);
        return done("confirm");
      }
    }
  } catch (error) {
    const failed = domainError(error);
    return fail(failed.status, {
      intent,
      values: textValues(form),
      ...formErrorsOf(failed, lang, { formKey: failed.status === 409 ? STATE_ERROR[intent] : undefined }),
    });
  }
}

/**
 * POST /desk/guarantee — "고객이 직원 착오로 2회 이상 방문함" for a ticket: opens its case (or adds
 * the trigger to the open one) and goes to the case.
 */
export async function handleRepeatVisit(request: Request, user: StaffUser, lang: Lang) {
  const form = await readForm(request);
  if (!form) return fail(400, { intent: "repeatVisit", errors: {}, values: {}, formError: message(lang, "error.guaranteeBadRequest") });
  if (form.get("intent") !== "repeatVisit") {
    return fail(400, { intent: null, errors: {}, values: textValues(form), formError: message(lang, "error.guaranteeUnknownAction") });
  }
  const parsed = parseForm(repeatVisitFormSchema, form, lang);
  if (!parsed.ok) return fail(422, { intent: "repeatVisit", errors: parsed.errors, values: parsed.values });
  // Only on a ticket this staff member may see (an unknown reference is answered below, as 404).
  const facts = await ticketAccessFacts(parsed.data.reference);
  if (facts) await requireTicketAccess(request, user, facts, parsed.data.reference);
  try {
    const opened = await openRepeatVisitCase(parsed.data.reference, { note: parsed.data.note }, staffActor(user));
    return redirect(`/desk/guarantee/${opened.id}?done=${opened.inserted ? "opened" : "joined"}`, { status: 303 });
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    const values = textValues(form);
    if (error.status === 404)
      return fail(404, { intent: "repeatVisit", errors: { reference: message(lang, "error.guaranteeNoTicket") }, values });
    return fail(error.status, { intent: "repeatVisit", errors: {}, values, formError: message(lang, error.messageKey) });
  }
}

// ------------------------------------------------------------------------- the ticket page

export type TicketCaseLink = {
  id: string;
  status: "open" | "closed";
  statusLabel: string;
  openedAt: string;
  openedText: string;
  triggers: TriggerWords[];
};

/** The ticket's guarantee cases, newest first, for the link(s) on the ticket page. */
export async function loadTicketGuarantee(ticketId: string, lang: Lang): Promise<TicketCaseLink[]> {
  const t = translator(lang);
  const cases = await casesOfTicket(ticketId);
  return cases.map((c) => ({
    id: c.id,
    status: c.status,
    statusLabel: t(`guarantee.status.${c.status}`),
    openedAt: c.openedAt.toISOString(),
    openedText: kstWithWeekday(c.openedAt, lang),
    triggers: c.triggers.map((tr) => describeTrigger(tr, lang)),
  }));
}
