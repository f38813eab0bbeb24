// Choices the intake forms offer. Browser-safe lists; `satisfies` keeps them in step with the
// shared schema at compile time.
import type { CONTACT_PREFERENCES, STAFF_LOGGED_CHANNELS } from "~/tickets/schemas";

/** The categories of app/i18n/messages/tickets.ts ("category.<key>"), most common first. */
export const INTAKE_CATEGORIES = ["general", "kyc", "certificate", "auto_debit", "seller_kyc", "outage"] as const;

export const CONTACT_OPTIONS = ["email", "sms", "phone", "mail"] as const satisfies typeof CONTACT_PREFERENCES;

export const STAFF_CHANNEL_OPTIONS = ["phone", "email", "mail", "fax", "visit", "sms"] as const satisfies typeof STAFF_LOGGED_CHANNELS;
export type StaffChannel = (typeof STAFF_CHANNEL_OPTIONS)[number];

/** Which staff-logged channels allow the two handling checkboxes (same rule as the schema). */
export const CALLBACK_CHANNELS: readonly StaffChannel[] = ["phone"];
export const ON_SPOT_CHANNELS: readonly StaffChannel[] = ["phone", "visit"];

/** What the file input offers; the server decides by the file's content, not by this list. */
export const FILE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff";

/** The limits of app/tickets/attachments.server.ts, for checks in the browser (a unit test keeps them equal). */
export const FILE_MAX_BYTES = 10 * 1024 * 1024;
export const FILE_MAX_COUNT = 5;
export const FILE_FIELD = "files";

/** Field order on the page, so that the error summary lists problems from top to bottom. */
export const INQUIRY_FIELD_ORDER = [
  "name",
  "email",
  "phone",
  "preferredContact",
  "postalAddress",
  "category",
  "subject",
  "body",
  "requestedReplyBy",
  FILE_FIELD,
  "privacyConsent",
];
export const LOG_CONTACT_FIELD_ORDER = [
  "channel",
  "receivedAt",
  ...INQUIRY_FIELD_ORDER,
  "kind",
  "staffName",
  "callbackRequested",
  "resolvedOnContact",
];
