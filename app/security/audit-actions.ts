// What the audit log records (shared by the server and the viewer's filters in the browser).
export const AUDIT_ACTIONS = [
  "ticket.read",
  "ticket.change",
  "login.success",
  "login.failure",
  "logout",
  "logout.everywhere",
  "permission.denied",
  "settings.change",
  "token.create",
  "token.revoke",
  "staff.create",
  "staff.change",
  "password.reset",
  "password.change",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_TYPES = ["ticket", "staff", "route", "token", "settings", "session"] as const;
