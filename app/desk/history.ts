// The history timeline in words: what happened, who did it, and the event's data summarised
// ("assigned to 김하늘"). Event types the page does not know yet (the SLA engine adds its own)
// still show, with their data listed generically.
import type { Translate } from "~/i18n/i18n";
import { formatKst } from "~/lib/time";

export type StaffNames = { byId: Map<string, string>; byEmail: Map<string, string> };

export function staffNames(staff: Array<{ id: string; name: string; email: string }>): StaffNames {
  return {
    byId: new Map(staff.map((s) => [s.id, s.name])),
    byEmail: new Map(staff.map((s) => [s.email.toLowerCase(), s.name])),
  };
}

/** A translation, or the fallback when the key is unknown. */
export function tOr(t: Translate, key: string, fallback: string, params?: Record<string, string | number>): string {
  const text = t.dynamic(key, params);
  return text === key ? fallback : text;
}

export function viaLabel(t: Translate, via: string): string {
  if (via === "note") return t("desk.via.note");
  if (via === "portal") return t("desk.via.portal");
  return tOr(t, `channel.${via}`, via);
}

/** "staff:agent1@desk.example" → "김하늘 (agent1@desk.example)"; customer, system, integrations. */
export function actorName(t: Translate, actor: string, names: StaffNames): string {
  const [kind, ...rest] = actor.split(":");
  const value = rest.join(":");
  switch (kind) {
    case "staff": {
      const name = names.byEmail.get(value.toLowerCase());
      return name ? `${name} (${value})` : value;
    }
    case "customer":
      return t("desk.actor.customer");
    case "system":
      return value ? t("desk.actor.systemNamed", { name: tOr(t, `words.actor.${value}`, t("words.actor.other")) }) : t("desk.actor.system");
    case "token":
      return t("desk.actor.integration", { name: value });
    default:
      return actor;
  }
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Any value from an event's data, in words. */
export function formatValue(t: Translate, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("common.none");
  if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
  if (typeof value === "string") return ISO_INSTANT.test(value) ? `${formatKst(value)} KST` : value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map((v) => formatValue(t, v)).join(", ");
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}

function staffLabel(data: Record<string, unknown>, idKey: string, emailKey: string | null, names: StaffNames): string | null {
  const id = data[idKey];
  if (typeof id === "string" && names.byId.has(id)) return names.byId.get(id)!;
  const email = emailKey ? data[emailKey] : null;
  if (typeof email === "string") return names.byEmail.get(email.toLowerCase()) ?? email;
  return typeof id === "string" ? id : null;
}

/** What an internal code looks like: snake_case or dotted lowercase names. */
const CODE = /\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b/;

export type DescribedEvent = { title: string; details: string[] };

export function describeEvent(t: Translate, event: { type: string; data: Record<string, unknown> }, names: StaffNames): DescribedEvent {
  const d = event.data ?? {};
  const title = tOr(t, `desk.event.${event.type}`, t("words.event.other"));
  const str = (key: string) => (typeof d[key] === "string" && d[key] !== "" ? (d[key] as string) : null);
  const details: string[] = [];
  switch (event.type) {
    case "ticket.created": {
      const channel = str("channel");
      if (channel) details.push(t("desk.history.channel", { channel: viaLabel(t, channel) }));
      const category = str("category");
      if (category) details.push(t("desk.history.category", { category: tOr(t, `category.${category}`, category) }));
      const received = str("receivedAt");
      if (received) details.push(t("desk.history.receivedAt", { at: formatKst(received) }));
      const requested = str("requestedReplyBy");
      if (requested) details.push(t("desk.history.requestedReplyBy", { date: requested }));
      if (d.callbackRequested === true) details.push(t("desk.history.callbackRequested"));
      if (d.resolvedOnContact === true) details.push(t("desk.history.resolvedOnContact"));
      const consent = d.privacyConsent as { version?: unknown; at?: unknown } | undefined;
      if (consent && typeof consent.version === "string") {
        details.push(
          t("desk.history.privacyConsent", { version: consent.version, at: typeof consent.at === "string" ? formatKst(consent.at) : "" }),
        );
      }
      break;
    }
    case "ticket.assigned": {
      const to = staffLabel(d, "assigneeId", "assignee", names);
      if (to) details.push(t("desk.history.assignedTo", { name: to }));
      const previous = staffLabel(d, "previousAssigneeId", null, names);
      if (previous) details.push(t("desk.history.previousAssignee", { name: previous }));
      break;
    }
    case "reply.sent":
    case "ticket.resolved": {
      const via = str("via");
      if (via) details.push(t("desk.history.via", { via: viaLabel(t, via) }));
      if (d.onContact === true) details.push(t("desk.history.resolvedOnContact"));
      break;
    }
    case "interim_notice.sent": {
      const reason = str("reason");
      if (reason) details.push(t("desk.history.reason", { reason }));
      const expected = str("expectedBy");
      if (expected) details.push(t("desk.history.expectedBy", { date: expected }));
      const via = str("via");
      if (via) details.push(t("desk.history.via", { via: viaLabel(t, via) }));
      if (d.managerApproval === true) details.push(t("desk.history.managerApproval"));
      break;
    }
    case "satisfaction.recorded": {
      if (typeof d.satisfied === "boolean") details.push(d.satisfied ? t("desk.history.satisfied") : t("desk.history.dissatisfied"));
      if (typeof d.score === "number") details.push(t("desk.history.score", { score: d.score }));
      const comment = str("comment");
      if (comment) details.push(t("desk.history.comment", { comment }));
      break;
    }
    case "callback.logged": {
      const outcome = str("outcome");
      if (outcome) details.push(t("desk.history.outcome", { outcome: tOr(t, `desk.outcome.${outcome}`, outcome) }));
      break;
    }
    case "ticket.paused":
    case "ticket.reopened": {
      const reason = str("reason");
      if (reason) details.push(t("desk.history.reason", { reason }));
      if (d.dissatisfied === true) details.push(t("desk.history.reopenedDissatisfied"));
      break;
    }
    case "attachment.added": {
      const filename = str("filename") ?? "";
      const size = typeof d.size === "number" ? formatBytes(d.size) : "";
      details.push(t("desk.history.attachment", { filename, size }));
      break;
    }
    case "call.missed": {
      const status = str("callStatus");
      if (status) details.push(t("desk.history.callStatus", { status: tOr(t, `desk.callStatus.${status}`, status) }));
      if (typeof d.durationSeconds === "number") details.push(t("desk.history.callDuration", { seconds: d.durationSeconds }));
      break;
    }
    case "call.recording_linked": {
      if (typeof d.durationSeconds === "number") details.push(t("desk.history.recordingLength", { seconds: d.durationSeconds }));
      break;
    }
    case "memo.recorded": {
      const asked = staffLabel(d, "forStaffId", "forStaff", names);
      if (asked) details.push(t("desk.history.memoFor", { name: asked }));
      const to = staffLabel(d, "deliveredToId", null, names);
      if (to && d.deliveredToId !== d.forStaffId) details.push(t("desk.history.memoDeliveredTo", { name: to }));
      const due = str("callbackDueAt");
      if (due) details.push(t("desk.history.callbackDue", { at: formatKst(due) }));
      break;
    }
    case "assignment.redirected": {
      const absent = staffLabel(d, "absentStaffId", "absentStaff", names);
      const until = str("absentUntil");
      if (absent) details.push(t("desk.history.absentStaff", { name: absent, until: until ? formatKst(until) : "" }));
      const deputy = staffLabel(d, "deputyId", "deputy", names);
      if (deputy) details.push(t("desk.history.deputy", { name: deputy }));
      break;
    }
    case "assignment.handed_over": {
      const absent = staffLabel(d, "absentStaffId", "absentStaff", names);
      const until = str("absentUntil");
      if (absent) details.push(t("desk.history.absentStaff", { name: absent, until: until ? formatKst(until) : "" }));
      const deputy = staffLabel(d, "deputyId", "deputy", names);
      if (deputy) details.push(t(d.via === "lead" ? "visit.history.handedToLead" : "desk.history.deputy", { name: deputy }));
      const clocks = Array.isArray(d.clocks) ? (d.clocks as Array<{ metric?: string; dueAt?: string }>) : [];
      for (const c of clocks)
        if (c.metric && c.dueAt)
          details.push(t("visit.history.clock", { metric: tOr(t, `desk.metric.${c.metric}`, t("common.none")), at: formatKst(c.dueAt) }));
      break;
    }
    case "visit.announced": {
      const at = str("visitAt");
      if (at) details.push(t("visit.history.at", { at: formatKst(at) }));
      const help = Array.isArray(d.help) ? (d.help as string[]) : [];
      if (help.length)
        details.push(
          t("visit.history.help", {
            help: help
              .map((h) =>
                h === "other" && str("helpOther")
                  ? `${t("visit.help.other")} (${str("helpOther")})`
                  : tOr(t, `visit.help.${h}`, t("visit.help.other")),
              )
              .join(", "),
          }),
        );
      const alerted = staffLabel(d, "alertedStaffId", null, names);
      if (alerted) details.push(t(d.deputy ? "visit.history.alertedDeputy" : "visit.history.alerted", { name: alerted }));
      break;
    }
    case "visit.recorded": {
      const outcome = str("outcome");
      if (outcome) details.push(t("desk.history.outcome", { outcome: tOr(t, `visit.outcome.${outcome}`, t("common.none")) }));
      if (d.helpGiven === true) details.push(t("visit.history.helpGiven"));
      if (d.helpGiven === false) details.push(t("visit.history.helpNotGiven"));
      const note = str("note");
      if (note) details.push(t("visit.history.note", { note }));
      break;
    }
    case "note.added":
    case "ticket.resumed":
    case "ticket.closed":
    case "portal.code_verified":
    case "suggestion.adopted":
    case "suggestion.rewarded":
    case "guarantee.apology_recorded":
      break;
    case "message.received": {
      const via = str("via");
      if (via) details.push(t("desk.history.via", { via: viaLabel(t, via) }));
      if (typeof d.attachments === "number" && d.attachments > 0)
        details.push(t("words.history.attachmentsCount", { count: d.attachments }));
      break;
    }
    case "remote.requested": {
      const problem = str("problem");
      if (problem) details.push(t("words.history.problem", { problem }));
      const contactBy = str("contactBy");
      if (contactBy) details.push(t("words.history.contactBy", { at: formatKst(contactBy) }));
      break;
    }
    case "remote.scheduled":
    case "remote.rebooked": {
      const at = str("at");
      if (at) details.push(t("words.history.sessionAt", { at: formatKst(at) }));
      const from = str("from");
      if (from) details.push(t("words.history.previousSession", { at: formatKst(from) }));
      const expert = staffLabel(d, "expertId", null, names);
      if (expert) details.push(t("words.history.expert", { name: expert }));
      const reason = str("reason");
      if (reason) details.push(t("desk.history.reason", { reason }));
      const via = str("via");
      if (via) details.push(t("desk.history.via", { via: viaLabel(t, via) }));
      break;
    }
    case "remote.outcome": {
      const outcome = str("outcome");
      if (outcome) details.push(t("desk.history.outcome", { outcome: tOr(t, `remote.outcome.${outcome}`, t("common.none")) }));
      const note = str("note");
      if (note) details.push(t("words.history.note", { note }));
      break;
    }
    case "email.reference_not_followed":
    case "email.related_ticket_opened": {
      const reference = str("reference");
      if (reference) details.push(t("words.history.ticketReference", { reference }));
      const reason = str("reason");
      if (reason) details.push(t("desk.history.reason", { reason: tOr(t, `words.history.unmatched.${reason}`, t("common.none")) }));
      break;
    }
    case "guarantee.opened":
    case "guarantee.trigger_added": {
      const triggers = Array.isArray(d.triggers) ? d.triggers.filter((x): x is string => typeof x === "string") : [];
      if (triggers.length) details.push(t("words.history.triggers", { triggers: triggers.map((x) => triggerLabel(t, x)).join(", ") }));
      break;
    }
    case "guarantee.fact_checked":
      if (typeof d.deskAtFault === "boolean")
        details.push(t("words.history.deskAtFault", { answer: d.deskAtFault ? t("common.yes") : t("common.no") }));
      break;
    case "guarantee.closed": {
      const reason = str("reason");
      if (reason) details.push(tOr(t, `words.history.guaranteeClosed.${reason}`, t("common.none")));
      break;
    }
    case "notification.requeued":
    case "notification.resent": {
      const template = str("template");
      if (template) details.push(t("words.history.template", { template: templateLabel(t, template) }));
      const previous = str("previousStatus");
      if (previous) details.push(t("words.history.previousStatus", { status: tOr(t, `words.delivery.${previous}`, previous) }));
      const error = str("previousError");
      if (error) details.push(t("words.history.previousError", { reason: notifyErrorText(t, error) }));
      break;
    }
    case "portal.code_sent": {
      const channel = str("channel");
      if (channel) details.push(t("words.history.codeChannel", { channel: viaLabel(t, channel) }));
      break;
    }
    case "privacy.anonymised":
      details.push(
        t("words.history.anonymised", {
          messages: Number(d.messages ?? 0),
          attachments: Number(d.attachments ?? 0),
          notifications: Number(d.notifications ?? 0),
          years: Number(d.retentionYears ?? 0),
        }),
      );
      break;
    case "unkindness.attributed":
    case "unkindness.reported":
    case "praise.attributed": {
      const person = staffLabel(d, "staffId", "staff", names);
      if (person) details.push(t("words.history.staff", { name: person }));
      const by = str("reportedBy");
      if (by) details.push(tOr(t, `words.history.reportedBy.${by}`, by));
      break;
    }
    case "unkindness.apology_recorded":
      break;
    case "privacy.masked": {
      const table = str("table");
      details.push(
        t("desk.history.maskedWhere", {
          where: table ? tOr(t, `privacy.where.${table}`, t("desk.history.maskedUnknown")) : t("desk.history.maskedUnknown"),
        }),
      );
      break;
    }
    default:
      if (event.type.startsWith("sla.")) return describeSlaEvent(t, event.type, d, title);
      // Generically, but never an internal code: a key is shown by its words or when it is a plain
      // word; a value that is a code (snake_case, dotted) is left out.
      for (const [key, value] of Object.entries(d)) {
        if (/(^id$|Id$)/.test(key)) continue;
        const label = tOr(t, `desk.data.${key}`, /^[a-z]+$/.test(key) ? key : "");
        const shown = formatValue(t, value);
        if (label && !CODE.test(shown)) details.push(`${label}: ${shown}`);
      }
  }
  return { title, details };
}

/** A notification template by its name for people ("접수 확인"), never its id. */
export function templateLabel(t: Translate, template: string): string {
  return tOr(t, `notify.template.${template}`, t("words.template.other"));
}

/** Why a notification was not sent, and what to do — from the stored error's kind ("smtp_not_configured: …"). */
export function notifyErrorText(t: Translate, error: string): string {
  const code = error.split(":")[0]!.trim();
  return tOr(t, `words.notifyError.${code}`, t("words.notifyError.unknown"));
}

function triggerLabel(t: Translate, label: string): string {
  const known = tOr(t, `words.history.trigger.${label}`, "");
  if (known) return known;
  return t("words.history.trigger.breach", { metric: tOr(t, `desk.metric.${label}`, t("common.none")) });
}

/** "reply:email" → "답변 발송 (이메일)"; unknown reasons are shown as they are. */
export function slaReason(t: Translate, reason: string): string {
  const [head, ...rest] = reason.split(":");
  const value = rest.join(":");
  const shown = head === "reply" || head === "callback" ? tOr(t, `desk.outcome.${value}`, viaLabel(t, value)) : value;
  // Free text a person typed (an extension's reason) is shown as typed; an unknown code is not.
  return tOr(t, `desk.slaReason.${head}`, /^[a-z]+(_[a-z]+)*$/.test(reason) ? t("words.slaReason.other") : reason, { value: shown });
}

/** The SLA engine's events: which clock, its deadline, how it moved and why. */
function describeSlaEvent(t: Translate, type: string, d: Record<string, unknown>, title: string): DescribedEvent {
  const metric = typeof d.metric === "string" ? tOr(t, `desk.metric.${d.metric}`, d.metric) : null;
  const details: string[] = [];
  if (typeof d.from === "string" && typeof d.to === "string") {
    details.push(t("desk.history.deadlineMoved", { from: formatKst(d.from), to: formatKst(d.to) }));
  } else if (typeof d.dueAt === "string") {
    details.push(t("desk.history.dueAt", { at: formatKst(d.dueAt) }));
  }
  if (typeof d.basisDate === "string") details.push(t("desk.history.basisDate", { date: d.basisDate }));
  if (typeof d.reason === "string" && d.reason) details.push(t("desk.history.slaReason", { reason: slaReason(t, d.reason) }));
  if (typeof d.change === "string" && d.change) details.push(t("desk.history.change", { change: d.change }));
  return { title: metric ? `${title}: ${metric}` : title, details };
}
