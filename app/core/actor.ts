import type { StaffRole } from "~/db/schema";

/** Who did something: recorded on every event of a ticket's history. */
export type Actor =
  | { kind: "staff"; staffId: string; email: string; name: string; role: StaffRole; teamId: string | null }
  | { kind: "integration"; tokenId: string; name: string; role: StaffRole; staffId: string | null; teamId?: string | null }
  | { kind: "customer"; customerId?: string }
  | { kind: "system"; name?: string };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "staff":
      return `staff:${actor.email}`;
    case "integration":
      return `token:${actor.name}`;
    case "customer":
      return "customer";
    case "system":
      return actor.name ? `system:${actor.name}` : "system";
  }
}

export function actorStaffId(actor: Actor): string | null {
  return actor.kind === "staff" ? actor.staffId : actor.kind === "integration" ? actor.staffId : null;
}

export function actorRole(actor: Actor): StaffRole | null {
  return actor.kind === "staff" || actor.kind === "integration" ? actor.role : null;
}

const RANK: Record<StaffRole, number> = { agent: 1, lead: 2, manager: 3, admin: 4 };

export function hasRole(actor: Actor, atLeast: StaffRole): boolean {
  const role = actorRole(actor);
  return role !== null && RANK[role] >= RANK[atLeast];
}
