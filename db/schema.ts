// The desk's data model. Instants are timestamptz (stored UTC, shown KST); calendar
// dates a customer or an official calendar talks about are `date` (KST calendar dates).
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { CalendarSpec, Period } from "./json-types";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const STAFF_ROLES = ["agent", "lead", "manager", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** What an API token may be: a staff role, or `metrics` (reads GET /metrics and nothing else). */
export const TOKEN_ROLES = [...STAFF_ROLES, "metrics"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export const CHANNELS = ["web", "email", "phone", "sms", "mail", "fax", "visit"] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ["new", "open", "waiting", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const CONTACT_PREFERENCES = ["email", "sms", "phone", "mail"] as const;
export type ContactPreferenceValue = (typeof CONTACT_PREFERENCES)[number];

/** What the customer filed: an inquiry, a complaint, a suggestion (고객 의견) or an unkindness report (불친절). */
// `visit`: a visit announced by a customer who needs help at the counter (app/visits), never filed as an inquiry.
export const TICKET_KINDS = ["inquiry", "complaint", "suggestion", "unkindness", "praise", "disclosure", "visit"] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
  /** A deactivated team keeps its tickets and reports but is offered no more for people. */
  active: boolean("active").notNull().default(true),
  /** The team's lead (팀장): an active member, set on /admin/teams. */
  leadId: uuid("lead_id").references((): AnyPgColumn => staff.id),
});

export const staff = pgTable(
  "staff",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role", { enum: STAFF_ROLES }).notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    passwordHash: text("password_hash"),
    /** Set by an administrator (new account, reset): the owner must choose a new password at the next login. */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    active: boolean("active").notNull().default(true),
    locale: text("locale").notNull().default("ko"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("staff_email_lower_key").on(sql`lower(${t.email})`)],
);

// Server-side sessions: the cookie holds only an opaque id, so a session can be revoked.
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id, { onDelete: "cascade" }),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastSeenAt: instant("last_seen_at").notNull().defaultNow(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("sessions_staff_idx").on(t.staffId)],
);

// Bearer tokens for staff and integrations: only a SHA-256 hash of the token is kept.
export const apiTokens = pgTable("api_tokens", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  role: text("role", { enum: TOKEN_ROLES }).notNull(),
  staffId: uuid("staff_id").references(() => staff.id),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: instant("created_at").notNull().defaultNow(),
  lastUsedAt: instant("last_used_at"),
  revokedAt: instant("revoked_at"),
  /** After this the token no longer authenticates; null: until revoked. */
  expiresAt: instant("expires_at"),
});

export const customers = pgTable(
  "customers",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    preferredContact: text("preferred_contact", { enum: CONTACT_PREFERENCES }),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("customers_email_idx").on(sql`lower(${t.email})`), index("customers_phone_idx").on(t.phone)],
);

// Per-day counters behind the human reference (e.g. 260430-0042).
export const referenceCounters = pgTable("reference_counters", {
  day: date("day").primaryKey(),
  last: integer("last").notNull(),
});

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    reference: text("reference").notNull().unique(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    category: text("category").notNull().default("general"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    assigneeId: uuid("assignee_id").references(() => staff.id),
    teamId: uuid("team_id").references(() => teams.id),
    receivedAt: instant("received_at").notNull(),
    requestedReplyBy: date("requested_reply_by", { mode: "string" }),
    callbackRequested: boolean("callback_requested").notNull().default(false),
    resolvedOnContact: boolean("resolved_on_contact").notNull().default(false),
    loggedById: uuid("logged_by_id").references(() => staff.id),
    kind: text("kind", { enum: TICKET_KINDS }).notNull().default("inquiry"),
    /** SHA-256 of the customer's tracking token (the token itself is only ever in the link). */
    trackingTokenHash: text("tracking_token_hash").unique(),
    /** Unkindness reports name the staff member concerned. */
    reportedStaffId: uuid("reported_staff_id").references(() => staff.id),
    /** Suggestions: adopted as excellent, and marked for a reward (포상). */
    suggestionAdoptedAt: instant("suggestion_adopted_at"),
    suggestionRewardedAt: instant("suggestion_rewarded_at"),
    /** Where a postal answer goes (우편 chosen on a form); emptied by the retention job. */
    postalAddress: text("postal_address"),
    /** 개인정보 수집·이용 동의 on a public form: the wording version agreed to, and when. */
    privacyConsentVersion: text("privacy_consent_version"),
    privacyConsentedAt: instant("privacy_consented_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    resolvedAt: instant("resolved_at"),
    closedAt: instant("closed_at"),
  },
  (t) => [
    index("tickets_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("tickets_status_idx").on(t.status, t.createdAt.desc()),
    index("tickets_assignee_idx").on(t.assigneeId, t.status),
    index("tickets_team_idx").on(t.teamId, t.status),
    index("tickets_customer_idx").on(t.customerId),
  ],
);

export const MESSAGE_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export const MESSAGE_VIAS = ["web", "email", "phone", "sms", "mail", "fax", "visit", "portal", "note"] as const;

export const messages = pgTable(
  "messages",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    via: text("via", { enum: MESSAGE_VIAS }).notNull(),
    kind: text("kind").notNull().default("message"), // message | reply | interim_notice | final_answer | note
    body: text("body").notNull(),
    authorStaffId: uuid("author_staff_id").references(() => staff.id),
    /** The sender's id for it (email Message-ID, Twilio MessageSid/CallSid): a retry is taken once. */
    externalId: text("external_id").unique(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("messages_ticket_idx").on(t.ticketId, t.createdAt)],
);

// message/rfc822: an inbound email's original, kept when quoted history was trimmed from what staff read.
export const ATTACHMENT_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/tiff", "message/rfc822"] as const;

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    messageId: uuid("message_id").references(() => messages.id),
    filename: text("filename").notNull(),
    contentType: text("content_type", { enum: ATTACHMENT_TYPES }).notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    data: bytea("data").notNull(),
    uploadedById: uuid("uploaded_by_id").references(() => staff.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("attachments_ticket_idx").on(t.ticketId)],
);

// Append-only: a trigger (migration 0000) refuses UPDATE and DELETE.
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    type: text("type").notNull(),
    at: instant("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.id)],
);

// Who has a ticket open now, across web processes (migration 0037, ADR 0015): one row per open
// page, refreshed every 15 s and counted while seen in the last 45 s. Unlogged, no foreign keys.
export const ticketViewers = pgTable(
  "ticket_viewers",
  {
    viewerId: uuid("viewer_id").primaryKey(),
    ticketId: uuid("ticket_id").notNull(),
    staffId: uuid("staff_id").notNull(),
    seenAt: instant("seen_at").notNull().defaultNow(),
  },
  (t) => [index("ticket_viewers_ticket_idx").on(t.ticketId)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(), // token id: keys are per client
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status"),
    response: jsonb("response"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

// ------------------------------------------------------------------------------ SLA

export const SLA_METRICS = [
  "handoff",
  "first_reply",
  "resolution",
  "callback",
  "requested_reply",
  "promised_date",
  "happy_call",
  "correction",
  "fact_check",
  "apology",
  /** 정보공개 청구: the decision on an information-disclosure request. */
  "disclosure_decision",
  /** 원격지원: an expert contacts the customer and books the session. */
  "remote_contact",
  /** 원격지원: the booked session is held on its day. */
  "remote_session",
] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Metrics whose deadline comes from a date (requested, promised, booked), never a period. */
export const DATE_BASED_METRICS: readonly SlaMetric[] = ["requested_reply", "promised_date", "remote_session"];

export const TIMER_STATES = ["running", "paused", "met", "breached", "cancelled"] as const;
export type TimerState = (typeof TIMER_STATES)[number];

/** What changed from one calendar version to the next, in words an administrator chose. */
export type CalendarChange = {
  action: "add" | "remove";
  kind: "holiday" | "closure" | "extra_working_day";
  date: string;
  name: string;
};

/** Every calendar the desk has counted with; the newest version is in force. Never updated. */
export const calendarVersions = pgTable("calendar_versions", {
  version: integer("version").primaryKey(),
  spec: jsonb("spec").$type<CalendarSpec>().notNull(),
  change: jsonb("change").$type<CalendarChange | null>(),
  createdBy: text("created_by").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
});

/** Progress of the recomputation of running deadlines after a calendar change. */
export const calendarRecomputations = pgTable("calendar_recomputations", {
  version: integer("version")
    .primaryKey()
    .references(() => calendarVersions.version),
  state: text("state", { enum: ["running", "done", "failed"] }).notNull(),
  candidates: integer("candidates").notNull().default(0),
  examined: integer("examined").notNull().default(0),
  moved: integer("moved").notNull().default(0),
  error: text("error"),
  startedAt: instant("started_at").notNull().defaultNow(),
  finishedAt: instant("finished_at"),
});

export type MetricTarget = {
  /** The period counted from the clock's start; null for date-based metrics (requested/promised date). */
  period: Period | null;
  /** The metric applies only to these channels (empty or missing = every channel the policy selects). */
  channels?: Channel[];
  /** Warn when this share of the target has elapsed (0–1)… */
  warnRatio: number;
  /** …or this many working minutes before the deadline, whichever comes first. */
  warnBeforeMinutes: number;
};

/** Policies are data and versioned: an edit adds a row with the next version of the key. */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: serial("id").primaryKey(),
    key: text("key").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** Channels the policy selects; empty = every channel. */
    channels: text("channels")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Categories the policy selects; empty = every category. */
    categories: text("categories")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Higher wins when two policies set the same metric. */
    priority: integer("priority").notNull().default(0),
    targets: jsonb("targets").$type<Partial<Record<SlaMetric, MetricTarget>>>().notNull(),
    current: boolean("current").notNull().default(true),
    active: boolean("active").notNull().default(true),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("sla_policies_key_version_key").on(t.key, t.version),
    uniqueIndex("sla_policies_current_key")
      .on(t.key)
      .where(sql`${t.current}`),
  ],
);

export type TimerPause = { from: string; to: string | null };

export const slaTimers = pgTable(
  "sla_timers",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    metric: text("metric", { enum: SLA_METRICS }).notNull(),
    state: text("state", { enum: TIMER_STATES }).notNull(),
    /** When the clock started (receipt, resolution, reopening…). */
    startedAt: instant("started_at").notNull(),
    /** The period counted from startedAt, or null for date-based metrics (basisDate). */
    period: jsonb("period").$type<Period | null>(),
    /** requested_reply / promised_date: the KST date the customer asked for or was promised. */
    basisDate: date("basis_date", { mode: "string" }),
    pauses: jsonb("pauses").$type<TimerPause[]>().notNull().default([]),
    dueAt: instant("due_at").notNull(),
    warnAt: instant("warn_at"),
    warnedAt: instant("warned_at"),
    metAt: instant("met_at"),
    breachedAt: instant("breached_at"),
    breachDetectedAt: instant("breach_detected_at"),
    /** Breached and still unresolved at this moment (1 working day later): the manager is alerted. */
    escalateAt: instant("escalate_at"),
    escalatedAt: instant("escalated_at"),
    /** fact_check timers belong to a guarantee case. */
    guaranteeCaseId: uuid("guarantee_case_id"),
    cancelledAt: instant("cancelled_at"),
    policyId: integer("policy_id").references(() => slaPolicies.id),
    calendarVersion: integer("calendar_version")
      .notNull()
      .references(() => calendarVersions.version),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("sla_timers_ticket_idx").on(t.ticketId),
    // The sweep reads only due running timers through this index.
    index("sla_timers_running_due_idx")
      .on(t.dueAt)
      .where(sql`${t.state} = 'running'`),
    index("sla_timers_warn_idx")
      .on(t.warnAt)
      .where(sql`${t.state} = 'running' and ${t.warnedAt} is null`),
    // One live clock per metric per ticket.
    uniqueIndex("sla_timers_live_metric_key")
      .on(t.ticketId, t.metric)
      .where(sql`${t.state} in ('running', 'paused')`),
    index("sla_timers_breached_idx")
      .on(t.ticketId)
      .where(sql`${t.breachedAt} is not null`),
    index("sla_timers_escalate_idx")
      .on(t.escalateAt)
      .where(sql`${t.state} = 'breached' and ${t.escalatedAt} is null`),
    // Paused clocks by deadline: the dashboard subtracts them from the roll-up's running counts.
    index("sla_timers_paused_due_idx")
      .on(t.dueAt)
      .where(sql`${t.state} = 'paused'`),
    // A guarantee case's latest fact-check clock (the dashboard reads it for every open case).
    index("sla_timers_fact_check_case_idx")
      .on(t.guaranteeCaseId, t.createdAt)
      .where(sql`${t.metric} = 'fact_check'`),
    // The queue by next deadline: clocks still running or breached and not yet met, in due order,
    // and per ticket (migration 0033).
    index("sla_timers_open_due_order_idx")
      .on(t.dueAt, t.ticketId)
      .where(sql`${t.state} = 'running' or (${t.state} = 'breached' and ${t.metAt} is null)`),
    index("sla_timers_open_due_idx")
      .on(t.ticketId, t.dueAt)
      .where(sql`${t.state} = 'running' or (${t.state} = 'breached' and ${t.metAt} is null)`),
  ],
);

// ------------------------------------------------------------------ service guarantee

export const GUARANTEE_STATUSES = ["open", "closed"] as const;

export type GuaranteeTrigger =
  | { kind: "breach"; metric: SlaMetric; timerId: string; dueAt: string; at: string }
  | { kind: "repeat_visit"; note: string; at: string; by: string }
  /** promise: which promise the customer says was broken (app/portal/schemas.ts CLAIM_PROMISES). */
  | { kind: "claim"; note: string; at: string; promise?: string };

/** 서비스 보증제: opened when a promise is broken; at most one open case per ticket. */
export const guaranteeCases = pgTable(
  "guarantee_cases",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    status: text("status", { enum: GUARANTEE_STATUSES }).notNull().default("open"),
    triggers: jsonb("triggers").$type<GuaranteeTrigger[]>().notNull(),
    openedAt: instant("opened_at").notNull().defaultNow(),
    factCheckResult: text("fact_check_result"),
    factCheckedAt: instant("fact_checked_at"),
    factCheckedById: uuid("fact_checked_by_id").references(() => staff.id),
    deskAtFault: boolean("desk_at_fault"),
    apology: text("apology"),
    apologyById: uuid("apology_by_id").references(() => staff.id),
    apologyAt: instant("apology_at"),
    customerConfirmedAt: instant("customer_confirmed_at"),
    closedAt: instant("closed_at"),
    closedBy: text("closed_by"),
    /** The ticket's team, kept by PostgreSQL (migration 0042 triggers): never written by the desk. */
    teamId: uuid("team_id"),
  },
  (t) => [
    uniqueIndex("guarantee_cases_one_open_per_ticket")
      .on(t.ticketId)
      .where(sql`${t.status} = 'open'`),
    index("guarantee_cases_status_idx").on(t.status, t.openedAt),
    // A ticket's cases, open or closed (the ticket page and the API read them on every answer).
    index("guarantee_cases_ticket_idx").on(t.ticketId),
    // The dashboard's funnel: a period's cases, for the desk or one team. Migration 0042 adds
    // INCLUDE (fact_checked_at, apology_at, customer_confirmed_at, closed_at) so that the count
    // reads the index alone (drizzle cannot express INCLUDE).
    index("guarantee_cases_opened_idx").on(t.openedAt),
    index("guarantee_cases_team_opened_idx").on(t.teamId, t.openedAt),
  ],
);

// ------------------------------------------------------------------ notifications

export const NOTIFICATION_STATUSES = ["queued", "sent", "failed", "unsent"] as const;
export const NOTIFICATION_CHANNELS = ["email", "sms"] as const;

/**
 * Every message the desk sends, customer or staff. `dedupeKey` makes queueing idempotent
 * (a breach alert is queued once however often the breach is processed). `unsent`: the
 * transport is not configured — it waits in the outbox, never dropped. Delivery (ADR 0005) claims
 * `queued` rows whose `nextAttemptAt` has come: the claim sets `leaseToken` and moves
 * `nextAttemptAt` to the end of the lease, so a claim whose process died is taken again then.
 * `failed` is the dead letter: a refusal, a broken payload, or the last of the retries.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    dedupeKey: text("dedupe_key").notNull().unique(),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    guaranteeCaseId: uuid("guarantee_case_id").references(() => guaranteeCases.id),
    audience: text("audience", { enum: ["customer", "staff"] }).notNull(),
    recipientStaffId: uuid("recipient_staff_id").references(() => staff.id),
    channel: text("channel", { enum: NOTIFICATION_CHANNELS }).notNull(),
    toAddress: text("to_address"),
    template: text("template").notNull(),
    locale: text("locale").notNull().default("ko"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: NOTIFICATION_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    /** `attempts` when the row was last queued (an admin's retry starts a new budget of tries). */
    attemptsBase: integer("attempts_base").notNull().default(0),
    /** Queued: when it may next be tried (after a backoff); claimed: when the claim's lease ends. */
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    /** The claim of the delivery round sending it now (null when unclaimed): outcomes are fenced by it. */
    leaseToken: uuid("lease_token"),
    error: text("error"),
    providerId: text("provider_id"),
    createdAt: instant("created_at").notNull().defaultNow(),
    sentAt: instant("sent_at"),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("notifications_ticket_idx").on(t.ticketId, t.createdAt),
    index("notifications_status_idx").on(t.status, t.createdAt),
    // The delivery loops' claim: queued rows whose next attempt (or lease end) has come.
    index("notifications_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'queued'`),
  ],
);

// ------------------------------------------------------------------ customers' voice

/** Satisfaction after resolution (portal rating, happy call) and in yearly surveys: 1–5. */
export const satisfactionRatings = pgTable(
  "satisfaction_ratings",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    surveyInvitationId: uuid("survey_invitation_id"),
    source: text("source", { enum: ["portal", "happy_call", "survey"] }).notNull(),
    score: integer("score").notNull(),
    comment: text("comment"),
    recordedBy: text("recorded_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("satisfaction_ratings_created_idx").on(t.createdAt),
    index("satisfaction_ratings_ticket_idx").on(t.ticketId),
    // Survey answers (no ticket) by time: the dashboard reads them beside the satisfaction roll-up.
    index("satisfaction_ratings_unticketed_idx")
      .on(t.createdAt)
      .where(sql`${t.ticketId} is null`),
  ],
);

/** 불친절 reports against a staff member; 3+ in 12 months flags them for service training. */
export const unkindnessReports = pgTable(
  "unkindness_reports",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    reportedBy: text("reported_by", { enum: ["customer", "manager"] }).notNull(),
    reportedAt: instant("reported_at").notNull().defaultNow(),
    apologyAt: instant("apology_at"),
  },
  (t) => [index("unkindness_reports_staff_idx").on(t.staffId, t.reportedAt)],
);

/**
 * Praise for a staff member (칭찬): a `praise` ticket names someone as the customer knows them;
 * staff confirm who it is. One per ticket.
 */
export const staffPraises = pgTable(
  "staff_praises",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    /** When the praise arrived (the ticket's receipt): the period it counts in. */
    praisedAt: instant("praised_at").notNull(),
    confirmedById: uuid("confirmed_by_id").references(() => staff.id),
    confirmedAt: instant("confirmed_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("staff_praises_ticket_idx").on(t.ticketId), index("staff_praises_staff_idx").on(t.staffId, t.praisedAt)],
);

export const DISCLOSURE_DECISIONS = ["disclosed", "partial", "refused"] as const;
export type DisclosureDecision = (typeof DISCLOSURE_DECISIONS)[number];

/**
 * An information-disclosure request (정보공개 청구, a `disclosure` ticket): its one extension and
 * its decision (공개 / 부분공개 / 비공개 with the reason and, for a refusal, how to object).
 */
export const disclosureRequests = pgTable("disclosure_requests", {
  ticketId: uuid("ticket_id")
    .primaryKey()
    .references(() => tickets.id),
  extendedAt: instant("extended_at"),
  extensionReason: text("extension_reason"),
  decision: text("decision", { enum: DISCLOSURE_DECISIONS }),
  decisionReason: text("decision_reason"),
  objectionGuide: text("objection_guide"),
  decidedAt: instant("decided_at"),
  decidedById: uuid("decided_by_id").references(() => staff.id),
});

export const VISIT_HELP = ["wheelchair", "guide", "sign_language", "parking", "other"] as const;
export type VisitHelp = (typeof VISIT_HELP)[number];
export const VISIT_OUTCOMES = ["arrived", "no_show"] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

/**
 * A visit announced ahead by a customer who needs help (몸이 불편하신 고객, a `visit` ticket): when,
 * what help, whom they visit; and, once it is past, whether they came, whether the help was given
 * and how it went. Its history is the ticket's events.
 */
export const visitAppointments = pgTable(
  "visit_appointments",
  {
    ticketId: uuid("ticket_id")
      .primaryKey()
      .references(() => tickets.id),
    visitAt: instant("visit_at").notNull(),
    help: text("help").array().$type<VisitHelp[]>().notNull(),
    helpOther: text("help_other"),
    staffId: uuid("staff_id").references(() => staff.id),
    department: text("department"),
    outcome: text("outcome", { enum: VISIT_OUTCOMES }),
    helpGiven: boolean("help_given"),
    outcomeNote: text("outcome_note"),
    outcomeAt: instant("outcome_at"),
    outcomeById: uuid("outcome_by_id").references(() => staff.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("visit_appointments_visit_idx").on(t.visitAt)],
);

export const REMOTE_OUTCOMES = ["held", "customer_absent"] as const;
export type RemoteOutcome = (typeof REMOTE_OUTCOMES)[number];

/**
 * Remote expert support (원격지원) asked for from a ticket: the expert books a session within the
 * policy's period, the customer is told when and how to join, and the outcome is recorded.
 */
export const remoteSessions = pgTable(
  "remote_sessions",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    problem: text("problem").notNull(),
    requestedById: uuid("requested_by_id").references(() => staff.id),
    requestedAt: instant("requested_at").notNull().defaultNow(),
    expertId: uuid("expert_id").references(() => staff.id),
    scheduledAt: instant("scheduled_at"),
    joinInfo: text("join_info"),
    outcome: text("outcome", { enum: REMOTE_OUTCOMES }),
    outcomeNote: text("outcome_note"),
    outcomeAt: instant("outcome_at"),
  },
  (t) => [index("remote_sessions_ticket_idx").on(t.ticketId, t.requestedAt)],
);

/** One-time codes for looking a ticket up by reference + email/phone (only hashes kept). */
export const oneTimeCodes = pgTable(
  "one_time_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    /** Hash of reference + contact as typed, so a guessed pair leaves no trace of existence. */
    lookupHash: text("lookup_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    expiresAt: instant("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    consumedAt: instant("consumed_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("one_time_codes_lookup_idx").on(t.lookupHash, t.createdAt)],
);

/** Fixed-window counters for rate limits, shared by every process through the database. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: instant("window_start").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

// ------------------------------------------------------------------ outages and maintenance

/** 서비스 중단: the expected recovery is announced within 3 calendar hours, service restored within 48. */
export const outages = pgTable(
  "outages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    service: text("service").notNull(),
    description: text("description").notNull(),
    startedAt: instant("started_at").notNull(),
    status: text("status", { enum: ["open", "resolved"] })
      .notNull()
      .default("open"),
    expectedRecoveryAt: instant("expected_recovery_at"),
    etaNoticeDueAt: instant("eta_notice_due_at").notNull(),
    etaPublishedAt: instant("eta_published_at"),
    recoveryDueAt: instant("recovery_due_at").notNull(),
    resolvedAt: instant("resolved_at"),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("outages_started_idx").on(t.startedAt)],
);

export const outageUpdates = pgTable("outage_updates", {
  id: uuid("id").primaryKey().defaultRandom(),
  outageId: uuid("outage_id")
    .notNull()
    .references(() => outages.id),
  message: text("message").notNull(),
  expectedRecoveryAt: instant("expected_recovery_at"),
  createdBy: text("created_by").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
});

/** Customers who asked to hear about outages (by email or SMS). */
export const statusSubscriptions = pgTable("status_subscriptions", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email"),
  phone: text("phone"),
  locale: text("locale").notNull().default("ko"),
  unsubscribeTokenHash: text("unsubscribe_token_hash").notNull().unique(),
  createdAt: instant("created_at").notNull().defaultNow(),
  cancelledAt: instant("cancelled_at"),
  /** When the confirmation link was followed; nothing is sent to the address before. */
  confirmedAt: instant("confirmed_at"),
  /** SHA-256 of the latest confirmation link's token (the token itself is only in the message). */
  confirmTokenHash: text("confirm_token_hash").unique(),
  confirmSentAt: instant("confirm_sent_at"),
  /** 개인정보 수집·이용 동의 given on /status/subscribe: the wording version (app/portal/consent.ts), and when. */
  privacyConsentVersion: text("privacy_consent_version"),
  privacyConsentedAt: instant("privacy_consented_at"),
});

/** 정기 점검: announced at least 72 hours before it starts; less notice is recorded as a violation. */
export const maintenanceWindows = pgTable("maintenance_windows", {
  id: uuid("id").primaryKey().defaultRandom(),
  service: text("service").notNull(),
  description: text("description").notNull(),
  startsAt: instant("starts_at").notNull(),
  endsAt: instant("ends_at").notNull(),
  announcedAt: instant("announced_at").notNull().defaultNow(),
  noticeViolation: boolean("notice_violation").notNull(),
  cancelledAt: instant("cancelled_at"),
  createdBy: text("created_by").notNull(),
});

// ------------------------------------------------------------------ reviews and surveys

/** 이행표준 점검: the periodic standards report, kept readable in the desk. */
export const complianceReports = pgTable(
  "compliance_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
    sentAt: instant("sent_at"),
  },
  (t) => [uniqueIndex("compliance_reports_period_key").on(t.periodStart, t.periodEnd)],
);

export const surveyCampaigns = pgTable(
  "survey_campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    launchedAt: instant("launched_at").notNull().defaultNow(),
    launchedBy: text("launched_by").notNull(),
    closesAt: instant("closes_at").notNull(),
    /**
     * The KST calendar year of the launch: one campaign per year (unique). Null only on campaigns
     * of a year that already had one, launched before migration 0034 (a NOT VALID check requires
     * it on every new row).
     */
    period: smallint("period"),
  },
  (t) => [uniqueIndex("survey_campaigns_period_key").on(t.period), uniqueIndex("survey_campaigns_id_period_key").on(t.id, t.period)],
);

export const surveyInvitations = pgTable(
  "survey_invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => surveyCampaigns.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    tokenHash: text("token_hash").notNull().unique(),
    channel: text("channel", { enum: ["email", "sms"] }).notNull(),
    answeredAt: instant("answered_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
    /** The campaign's period (kept equal by a composite foreign key): one invitation per customer and year. */
    period: smallint("period"),
  },
  (t) => [
    uniqueIndex("survey_invitations_once_key").on(t.campaignId, t.customerId),
    uniqueIndex("survey_invitations_customer_period_key").on(t.customerId, t.period),
    foreignKey({
      name: "survey_invitations_campaign_period_fk",
      columns: [t.campaignId, t.period],
      foreignColumns: [surveyCampaigns.id, surveyCampaigns.period],
    }),
  ],
);

// ------------------------------------------------------------------ reports (SLA compliance)
// Kept by the job `reports.sla-refresh` (app/reports/rollup.server.ts); docs/REPORTS.md explains
// why and how the reports stay exact between two refreshes.

export const REPORT_OUTCOMES = ["met", "breached", "running"] as const;
export const REPORT_DIMENSIONS = ["metric", "channel", "category", "assignee", "total"] as const;

/**
 * One row per non-cancelled SLA timer with the dimensions of its ticket, as of the last refresh.
 * `outcome` ignores the clock (a running timer past its deadline is still `running` here; the
 * report queries reclassify those at read time). A derived copy: no foreign keys.
 */
export const slaReportFacts = pgTable(
  "sla_report_facts",
  {
    timerId: uuid("timer_id").primaryKey(),
    ticketId: uuid("ticket_id").notNull(),
    dueAt: instant("due_at").notNull(),
    /** The KST calendar date of dueAt: the day the timer counts in. */
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    assigneeId: uuid("assignee_id"),
    metric: text("metric", { enum: SLA_METRICS }).notNull(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    category: text("category").notNull(),
    outcome: text("outcome", { enum: REPORT_OUTCOMES }).notNull(),
    /** The ticket is still open (new, open, waiting): for "breached and still open". */
    open: boolean("open").notNull().default(false),
  },
  (t) => [
    index("sla_report_facts_ticket_idx").on(t.ticketId),
    index("sla_report_facts_due_idx").on(t.dueAt, t.timerId),
    // Drill-down lists, in deadline order, by outcome alone or with a staff member or a team.
    index("sla_report_facts_outcome_idx").on(t.outcome, t.dueAt, t.timerId),
    index("sla_report_facts_assignee_idx").on(t.assigneeId, t.outcome, t.dueAt, t.timerId),
    index("sla_report_facts_team_idx").on(t.teamId, t.outcome, t.dueAt, t.timerId),
    // A team's drill over every outcome, in due order: without it the first page sorted all of
    // the team's clocks of the period.
    index("sla_report_facts_team_due_idx").on(t.teamId, t.dueAt, t.timerId),
    // "Breached and still open": a small partial index, by team.
    index("sla_report_facts_open_breached_idx")
      .on(t.teamId, t.dueAt)
      .where(sql`${t.outcome} = 'breached' and ${t.open}`),
  ],
);

/**
 * Daily roll-up of sla_report_facts: per KST day and team, the counts per metric, channel,
 * category and assignee, and the day's total (dimension `total`, key ''). `team` is the team's
 * id, or '' for tickets without a team; `key` of an assignee is the staff id, '' when unassigned.
 */
export const slaReportDaily = pgTable(
  "sla_report_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    dimension: text("dimension", { enum: REPORT_DIMENSIONS }).notNull(),
    team: text("team").notNull(),
    key: text("key").notNull(),
    met: integer("met").notNull().default(0),
    breached: integer("breached").notNull().default(0),
    running: integer("running").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.dimension, t.team, t.key] })],
);

/** sla_report_daily summed per ISO week (`week` = the Monday): long periods read whole weeks here. */
export const slaReportWeekly = pgTable(
  "sla_report_weekly",
  {
    week: date("week", { mode: "string" }).notNull(),
    dimension: text("dimension", { enum: REPORT_DIMENSIONS }).notNull(),
    team: text("team").notNull(),
    key: text("key").notNull(),
    met: integer("met").notNull().default(0),
    breached: integer("breached").notNull().default(0),
    running: integer("running").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.week, t.dimension, t.team, t.key] })],
);

/** sla_report_daily summed per calendar month (`month` = the 1st): a year reads its whole months here. */
export const slaReportMonthly = pgTable(
  "sla_report_monthly",
  {
    month: date("month", { mode: "string" }).notNull(),
    dimension: text("dimension", { enum: REPORT_DIMENSIONS }).notNull(),
    team: text("team").notNull(),
    key: text("key").notNull(),
    met: integer("met").notNull().default(0),
    breached: integer("breached").notNull().default(0),
    running: integer("running").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.dimension, t.team, t.key] })],
);

/**
 * One row per satisfaction rating given on a ticket, with the KST day it was recorded and the
 * ticket's team, as of the last refresh of the SLA roll-up (same watermark, same dirty tickets).
 * Ratings without a ticket (yearly survey answers) are not here: reports read them directly.
 */
export const satisfactionReportFacts = pgTable(
  "satisfaction_report_facts",
  {
    ratingId: uuid("rating_id").primaryKey(),
    ticketId: uuid("ticket_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    teamId: uuid("team_id"),
    source: text("source").notNull(),
    score: integer("score").notNull(),
  },
  (t) => [index("satisfaction_report_facts_ticket_idx").on(t.ticketId)],
);

/** satisfaction_report_facts counted per KST day, team ('' for none), source and score. */
export const satisfactionReportDaily = pgTable(
  "satisfaction_report_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    team: text("team").notNull(),
    source: text("source").notNull(),
    score: integer("score").notNull(),
    ratings: integer("ratings").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.team, t.source, t.score] })],
);

/** satisfaction_report_daily summed per calendar month (`month` = the 1st). */
export const satisfactionReportMonthly = pgTable(
  "satisfaction_report_monthly",
  {
    month: date("month", { mode: "string" }).notNull(),
    team: text("team").notNull(),
    source: text("source").notNull(),
    score: integer("score").notNull(),
    ratings: integer("ratings").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.month, t.team, t.source, t.score] })],
);

/** How far the facts are built: every ticket_events row up to `safeWatermark` is reflected in them. */
export const slaReportState = pgTable("sla_report_state", {
  id: integer("id").primaryKey(),
  /** ticket_events ids up to here were allocated before the last refresh began. */
  watermark: bigint("watermark", { mode: "number" }).notNull(),
  /** The previous refresh's watermark: readers treat tickets with newer events as changed. */
  safeWatermark: bigint("safe_watermark", { mode: "number" }).notNull(),
  fullBuiltAt: instant("full_built_at").notNull(),
  refreshedAt: instant("refreshed_at").notNull(),
});

/**
 * The manager dashboard as last computed per period and team (ADR 0026, migration 0043): `key` is
 * the period's dates and the team's id ('' for every team); kept by app/reports/dashboard-snapshot.server.ts.
 */
export const dashboardSnapshots = pgTable(
  "dashboard_snapshots",
  {
    key: text("key").primaryKey(),
    computedAt: instant("computed_at").notNull(),
    /** The last view (bumped at most every few seconds): what the refresh job keeps fresh or drops. */
    viewedAt: instant("viewed_at").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index("dashboard_snapshots_viewed_idx").on(t.viewedAt)],
);

// ------------------------------------------------------------------ audit

/**
 * Who read or changed what: staff reads and changes of tickets, logins (success and failure),
 * permission denials, settings changes. Append-only (a trigger refuses UPDATE and DELETE).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: instant("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    staffId: uuid("staff_id").references(() => staff.id),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    ip: text("ip"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_staff_idx").on(t.staffId, t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
  ],
);

/** STOP / 수신거부 and START / 수신동의 as received: append-only; a number's standing is its latest row. */
export const smsConsent = pgTable(
  "sms_consent",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    /** E.164, as outgoing SMS is addressed. */
    phone: text("phone").notNull(),
    optedOut: boolean("opted_out").notNull(),
    keyword: text("keyword").notNull(),
    /** The MessageSid that carried the keyword (a retried webhook records nothing more). */
    externalId: text("external_id").unique(),
    at: instant("at").notNull().defaultNow(),
  },
  (t) => [index("sms_consent_phone_idx").on(t.phone, t.at, t.id)],
);

// A voicemail's recording, linked to the call's phone ticket (once per RecordingSid). The audio
// stays at Twilio; the address is shown to staff on the ticket, never on the customer's pages.
export const callRecordings = pgTable(
  "call_recordings",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    callSid: text("call_sid").notNull(),
    recordingSid: text("recording_sid").notNull().unique(),
    url: text("url").notNull(),
    durationSeconds: integer("duration_seconds").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("call_recordings_ticket_idx").on(t.ticketId, t.createdAt)],
);

export const ABSENCE_KINDS = ["leave", "half_day", "training", "field_work"] as const;
export type AbsenceKind = (typeof ABSENCE_KINDS)[number];

// A staff member away for a period, and the deputy who takes their new assignments and memos.
// Cancelled, never deleted.
export const staffAbsences = pgTable(
  "staff_absences",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    deputyId: uuid("deputy_id")
      .notNull()
      .references(() => staff.id),
    kind: text("kind", { enum: ABSENCE_KINDS }).notNull(),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    cancelledAt: instant("cancelled_at"),
    cancelledBy: text("cancelled_by"),
  },
  (t) => [index("staff_absences_staff_idx").on(t.staffId, t.endsAt)],
);

/**
 * How far the masking of already-stored text got (ADR 0013): one row per masking version and
 * table walked, the last primary key done, and when the walk finished.
 */
export const privacyMaskProgress = pgTable(
  "privacy_mask_progress",
  {
    maskVersion: integer("mask_version").notNull(),
    target: text("target").notNull(),
    lastKey: jsonb("last_key").$type<string[] | null>(),
    rowsSeen: bigint("rows_seen", { mode: "number" }).notNull().default(0),
    rowsChanged: bigint("rows_changed", { mode: "number" }).notNull().default(0),
    startedAt: instant("started_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
    doneAt: instant("done_at"),
  },
  (t) => [primaryKey({ name: "privacy_mask_progress_pk", columns: [t.maskVersion, t.target] })],
);

/** Canned replies (상용구) of a team, or shared by every team when `teamId` is null (issue 20). */
export const cannedReplies = pgTable(
  "canned_replies",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    teamId: uuid("team_id").references(() => teams.id),
    title: text("title").notNull(),
    /** The text with variables such as {고객명} (app/desk/macros/render.ts). */
    body: text("body").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  // One title per team is checked when saving (app/desk/macros/macros.server.ts), not by an index:
  // the masking walk of stored text may give several rows the same masked title.
  (t) => [index("canned_replies_team_idx").on(t.teamId, t.title)],
);

/** A staff member's saved queue views: a name and the queue's filters and sort as a query string. */
export const savedQueueViews = pgTable(
  "saved_queue_views",
  {
    id: uuid("id")
      .primaryKey()
      .default(sql`uuid_v7()`),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staff.id),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_queue_views_staff_name_key").on(t.staffId, t.name)],
);
