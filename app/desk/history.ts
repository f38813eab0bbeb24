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
  const text = t(key, params);
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
      return value ? t("desk.actor.systemNamed", { name: value }) : t("desk.actor.system");
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

export type DescribedEvent = { title: string; details: string[] };

export function describeEvent(t: Translate, event: { type: string; data: Record<string, unknown> }, names: StaffNames): DescribedEvent {
  const d = event.data ?? {};
  const title = tOr(t, `desk.event.${event.type}`, event.type);
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
    case "note.added":
    case "ticket.resumed":
    case "ticket.closed":
      break;
    case "privacy.masked": {
      const table = str("table");
      details.push(t("desk.history.maskedWhere", { where: table ? tOr(t, `privacy.where.${table}`, t("desk.history.maskedUnknown")) : t("desk.history.maskedUnknown") }));
      break;
    }
    default:
      if (event.type.startsWith("sla.")) return describeSlaEvent(t, event.type, d, title);
      for (const [key, value] of Object.entries(d)) {
        if (/(^id$|Id$)/.test(key)) continue;
        details.push(`${tOr(t, `desk.data.${key}`, key)}: ${formatValue(t, value)}`);
      }
  }
  return { title, details };
}

/** "reply:email" → "답변 발송 (이메일)"; unknown reasons are shown as they are. */
export function slaReason(t: Translate, reason: string): string {
  const [head, ...rest] = reason.split(":");
  const value = rest.join(":");
  const shown = head === "reply" || head === "callback" ? tOr(t, `desk.outcome.${value}`, viaLabel(t, value)) : value;
  return tOr(t, `desk.slaReason.${head}`, reason, { value: shown });
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
