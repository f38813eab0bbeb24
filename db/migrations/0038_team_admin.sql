-- Issue 21: teams managed on the admin pages. A team may be deactivated (kept for its tickets and
-- reports, offered no more for new people) and may have a lead: an active member of the team.
ALTER TABLE "teams" ADD COLUMN IF NOT EXISTS "active" boolean NOT NULL DEFAULT true;
--> statement-breakpoint
-- Deferrable: staff.team_id and teams.lead_id point at each other, and a restore loads both tables
-- before the keys are checked (at commit).
ALTER TABLE "teams" ADD COLUMN IF NOT EXISTS "lead_id" uuid REFERENCES "staff"("id") DEFERRABLE INITIALLY IMMEDIATE;
