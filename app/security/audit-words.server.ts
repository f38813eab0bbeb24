// The audit log as a person reads it (issue 21): who by name, what in words, the target by its
// name, and the stored details as labelled lines — no actor labels, UUIDs, codes or JSON. The
// rows themselves stay as stored (the CSV export gives them raw); this only describes them.
import { desc, inArray } from "drizzle-orm";
import { ABSENCE_KINDS, apiTokens, slaPolicies, staff, teams } from "~/db/schema";
import { db } from "~/db/connection";
import { formatKst } from "~/lib/time";
import type { AuditRow } from "./audit.server";

/** A piece of text: a message key (with params) to translate, or text shown as it is. */
export type Words = { key: string; params?: Record<string, string | number> } | { text: string };
export type AuditLine = { label: string; value: Words | { from: Words; to: Words } };
export type AuditRowWords = {
  who: Words;
  /** Under the name: the email of a staff member, or the address typed at a failed login. */
  whoDetail: string | null;
  what: Words;
  /** What exactly changed, for ticket and settings changes ("답변 발송", "팀 이름 변경"). */
  change: Words | null;
  target: Words | null;
  /** A ticket reference the target links to. */
  ticket: string | null;
  lines: AuditLine[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = new Set(["agent", "lead", "manager", "admin", "metrics"]);
const ABSENCE = new Set<string>(ABSENCE_KINDS);

type Names = { staff: Map<string, string>; teams: Map<string, string>; tokens: Map<string, string>; policies: Map<string, string> };

function collectIds(value: unknown, into: Set<string>, depth = 0): void {
  if (typeof value === "string" && UUID.test(value)) into.add(value);
  else if (value && typeof value === "object" && depth < 3) for (const v of Object.values(value)) collectIds(v, into, depth + 1);
}

/** Names for every id the rows mention (staff, teams, tokens) and for the policies they name. */
async function namesFor(rows: AuditRow[]): Promise<Names> {
  const ids = new Set<string>();
  const policyKeys = new Set<string>();
  for (const r of rows) {
    if (r.targetId) {
      const id = r.targetId.startsWith("team:") ? r.targetId.slice(5) : r.targetId;
      if (UUID.test(id)) ids.add(id);
      if (r.targetId.startsWith("policy:")) policyKeys.add(r.targetId.slice(7));
    }
    collectIds(r.details, ids);
  }
  const list = [...ids];
  const [people, teamRows, tokenRows, policyRows] = await Promise.all([
    list.length ? db().select({ id: staff.id, name: staff.name }).from(staff).where(inArray(staff.id, list)) : [],
    list.length ? db().select({ id: teams.id, name: teams.name }).from(teams).where(inArray(teams.id, list)) : [],
    list.length ? db().select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, list)) : [],
    policyKeys.size
      ? db()
          .select({ key: slaPolicies.key, name: slaPolicies.name, version: slaPolicies.version })
          .from(slaPolicies)
          .where(inArray(slaPolicies.key, [...policyKeys]))
          .orderBy(desc(slaPolicies.version))
      : [],
  ]);
  const policies = new Map<string, string>();
  for (const p of policyRows) if (!policies.has(p.key)) policies.set(p.key, p.name);
  return {
    staff: new Map(people.map((p) => [p.id, p.name])),
    teams: new Map(teamRows.map((t) => [t.id, t.name])),
    tokens: new Map(tokenRows.map((t) => [t.id, t.name])),
    policies,
  };
}

const text = (value: string): Words => ({ text: value });
const key = (k: string, params?: Record<string, string | number>): Words => ({ key: k, params });

function whoOf(row: AuditRow): { who: Words; whoDetail: string | null } {
  const email = typeof row.details.email === "string" ? row.details.email : null;
  if (row.staffName) return { who: text(row.staffName), whoDetail: row.staffEmail };
  const [kind, ...rest] = row.actor.split(":");
  const name = rest.join(":");
  if (kind === "token") return { who: key("audit.who.token", { name }), whoDetail: null };
  if (kind === "system") return { who: key("audit.who.system"), whoDetail: null };
  if (kind === "customer") return { who: key("audit.who.customer"), whoDetail: null };
  if (kind === "staff") return { who: text(name), whoDetail: null };
  return { who: key("audit.who.anonymous"), whoDetail: row.action === "login.failure" ? email : null };
}

/** A value of a detail in words: a person's, team's or token's name for an id, a role, a date. */
function valueWords(field: string, value: unknown, names: Names): Words {
  if (value === null || value === undefined || value === "") return key("audit.value.none");
  if (typeof value === "boolean" && field === "active") return key(value ? "people.active" : "people.inactive");
  if (typeof value === "boolean") return key(value ? "audit.value.yes" : "audit.value.no");
  if (typeof value === "number") return text(value.toLocaleString("ko-KR"));
  if (typeof value === "string") {
    if (UUID.test(value)) {
      const name = names.staff.get(value) ?? names.teams.get(value) ?? names.tokens.get(value);
      return name ? text(name) : key("audit.value.removed");
    }
    if (field === "role" && ROLES.has(value)) return key(`role.${value}`);
    if (field === "kind") return key(ABSENCE.has(value) ? `absence.kind.${value}` : `admin.calendar.kind.${value}`);
    if (field === "reason") return key(`audit.reason.${value}`);
    if (field === "method") return key(value === "GET" ? "audit.method.get" : "audit.method.change");
    if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return text(formatKst(new Date(value)));
    return text(value);
  }
  return key("audit.value.other");
}

// Detail fields shown, in this order, each with its label; everything else is one "more" line.
const FIELDS = [
  "name",
  "email",
  "role",
  "teamId",
  "active",
  "forStaffId",
  "staffId",
  "deputyId",
  "kind",
  "date",
  "startsAt",
  "endsAt",
  "expiresAt",
  "version",
  "examined",
  "moved",
  "to",
  "from",
  "leadName",
  "leadOfTeamEnded",
  "attachmentId",
  "reason",
  "failures",
  "locked",
  "retryAfterSeconds",
  "otherSessionsEnded",
  "sessionsEnded",
  "bulk",
  "method",
  "path",
  "requestId",
] as const;
const HIDDEN = new Set(["change", "truncated", "excerpt"]);

function linesOf(row: AuditRow, names: Names): AuditLine[] {
  const d = row.details ?? {};
  const lines: AuditLine[] = [];
  for (const field of FIELDS) {
    if (!(field in d)) continue;
    const value = d[field];
    // The who/what columns already say it.
    if (field === "email" && row.action !== "login.failure" && row.action !== "staff.create") continue;
    if ((field === "from" || field === "to") && row.targetId?.startsWith("team:") && d.change === "team.lead") {
      lines.push({ label: `audit.field.lead.${field}`, value: valueWords(field, value, names) });
      continue;
    }
    if (value && typeof value === "object" && "from" in value && "to" in value) {
      // A change of one field: "역할: 상담원 → 팀장".
      const o = value as { from: unknown; to: unknown };
      lines.push({ label: `audit.field.${field}`, value: { from: valueWords(field, o.from, names), to: valueWords(field, o.to, names) } });
      continue;
    }
    lines.push({ label: `audit.field.${field}`, value: valueWords(field, value, names) });
  }
  if (d.truncated) lines.push({ label: "audit.field.more", value: key("audit.value.truncated") });
  const unknown = Object.keys(d).filter((k) => !HIDDEN.has(k) && !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) lines.push({ label: "audit.field.more", value: key("audit.value.moreInCsv", { count: unknown.length }) });
  return lines;
}

function changeOf(row: AuditRow): Words | null {
  const change = typeof row.details.change === "string" ? row.details.change : null;
  if (!change) return null;
  return key(`audit.change.${change}`);
}

function targetOf(row: AuditRow, names: Names): { target: Words | null; ticket: string | null } {
  const id = row.targetId;
  if (!id) return { target: null, ticket: null };
  switch (row.targetType) {
    case "ticket":
      return { target: key("audit.target.ticket", { reference: id }), ticket: id };
    case "staff":
    case "staff_absence": {
      const person = names.staff.get(id) ?? (typeof row.details.staffId === "string" ? names.staff.get(row.details.staffId) : undefined);
      if (row.targetType === "staff_absence")
        return { target: person ? key("audit.target.absenceOf", { name: person }) : key("audit.target.absence"), ticket: null };
      return { target: person ? text(person) : key("audit.value.removed"), ticket: null };
    }
    case "token":
      return {
        target: key("audit.target.token", {
          name: names.tokens.get(id) ?? (typeof row.details.name === "string" ? row.details.name : "—"),
        }),
        ticket: null,
      };
    case "settings": {
      if (id === "calendar") return { target: key("audit.target.calendar"), ticket: null };
      if (id.startsWith("policy:"))
        return { target: key("audit.target.policy", { name: names.policies.get(id.slice(7)) ?? id.slice(7) }), ticket: null };
      if (id.startsWith("team:")) return { target: key("audit.target.team", { name: names.teams.get(id.slice(5)) ?? "—" }), ticket: null };
      return { target: key("audit.target.settings"), ticket: null };
    }
    case "route":
      return { target: key("audit.target.page", { path: id }), ticket: null };
    default:
      return { target: key("audit.target.other"), ticket: null };
  }
}

/** Words for each row, with the names of everyone and everything they mention looked up once. */
export async function describeAuditRows(rows: AuditRow[]): Promise<AuditRowWords[]> {
  const names = await namesFor(rows);
  return rows.map((row) => ({
    ...whoOf(row),
    what: key(`audit.action.${row.action}`),
    change: changeOf(row),
    ...targetOf(row, names),
    lines: linesOf(row, names),
  }));
}
