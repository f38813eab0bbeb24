// The desk's data model. Instants are timestamptz (stored UTC, shown KST); calendar
// dates a customer or an official calendar talks about are `date` (KST calendar dates).
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => "bytea",
});

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

export const STAFF_ROLES = ["agent", "lead", "manager", "admin"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const CHANNELS = ["web", "email", "phone", "sms", "mail", "fax", "visit"] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ["new", "open", "waiting", "resolved", "closed"] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const CONTACT_PREFERENCES = ["email", "sms", "phone", "mail"] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export const teams = pgTable("teams", {
  id: uuid("id").primaryKey().defaultRandom(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  createdAt: instant("created_at").notNull().defaultNow(),
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
    staffId: uuid("staff_id").notNull().references(() => staff.id, { onDelete: "cascade" }),
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
  role: text("role", { enum: STAFF_ROLES }).notNull(),
  staffId: uuid("staff_id").references(() => staff.id),
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: instant("created_at").notNull().defaultNow(),
  lastUsedAt: instant("last_used_at"),
  revokedAt: instant("revoked_at"),
});

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    preferredContact: text("preferred_contact", { enum: CONTACT_PREFERENCES }),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("customers_email_idx").on(sql`lower(${t.email})`),
    index("customers_phone_idx").on(t.phone),
  ],
);

// Per-day counters behind the human reference (e.g. 260430-0042).
export const referenceCounters = pgTable("reference_counters", {
  day: date("day").primaryKey(),
  last: integer("last").notNull(),
});

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull().unique(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    category: text("category").notNull().default("general"),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull().default("new"),
    customerId: uuid("customer_id").notNull().references(() => customers.id),
    assigneeId: uuid("assignee_id").references(() => staff.id),
    teamId: uuid("team_id").references(() => teams.id),
    receivedAt: instant("received_at").notNull(),
    requestedReplyBy: date("requested_reply_by", { mode: "string" }),
    callbackRequested: boolean("callback_requested").notNull().default(false),
    resolvedOnContact: boolean("resolved_on_contact").notNull().default(false),
    loggedById: uuid("logged_by_id").references(() => staff.id),
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
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").notNull().references(() => tickets.id),
    direction: text("direction", { enum: MESSAGE_DIRECTIONS }).notNull(),
    via: text("via", { enum: MESSAGE_VIAS }).notNull(),
    kind: text("kind").notNull().default("message"), // message | reply | interim_notice | final_answer | note
    body: text("body").notNull(),
    authorStaffId: uuid("author_staff_id").references(() => staff.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("messages_ticket_idx").on(t.ticketId, t.createdAt)],
);

export const ATTACHMENT_TYPES = ["application/pdf", "image/png", "image/jpeg", "image/tiff"] as const;

export const attachments = pgTable(
  "attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id").notNull().references(() => tickets.id),
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
    ticketId: uuid("ticket_id").notNull().references(() => tickets.id),
    type: text("type").notNull(),
    at: instant("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("ticket_events_ticket_idx").on(t.ticketId, t.id)],
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
