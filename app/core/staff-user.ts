import type { StaffRole } from "~/db/schema";

/** A signed-in staff member as the session knows them (auth/session.server.ts reads it; the audit log records it). */
export type StaffUser = {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  teamId: string | null;
  locale: string;
  /** An administrator set this password (new account, reset): every page but the change-password page waits. */
  mustChangePassword?: boolean;
};
