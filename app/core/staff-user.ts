import type { StaffRole } from "~/db/schema";
import type { Actor } from "./actor";

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

/** The actor a signed-in staff member acts as. */
export function staffActor(user: StaffUser): Actor {
  return { kind: "staff", staffId: user.id, email: user.email, name: user.name, role: user.role, teamId: user.teamId };
}
