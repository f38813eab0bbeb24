-- Guarantee cases carry their ticket's team, kept by PostgreSQL itself, so that the dashboard's
-- funnel counts a team's cases of a period from one index instead of joining every ticket of
-- the team: a case takes its ticket's team when written, and follows the ticket to another team.
ALTER TABLE "guarantee_cases" ADD COLUMN IF NOT EXISTS "team_id" uuid;
--> statement-breakpoint
UPDATE "guarantee_cases" g SET "team_id" = t."team_id" FROM "tickets" t WHERE t."id" = g."ticket_id" AND g."team_id" IS DISTINCT FROM t."team_id";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION desk_case_team() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = auto AS $$
BEGIN
  NEW.team_id := (SELECT t.team_id FROM tickets t WHERE t.id = NEW.ticket_id);
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS guarantee_cases_team ON guarantee_cases;
--> statement-breakpoint
CREATE TRIGGER guarantee_cases_team BEFORE INSERT OR UPDATE OF ticket_id, team_id ON guarantee_cases
  FOR EACH ROW EXECUTE FUNCTION desk_case_team();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION desk_ticket_team_to_cases() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = auto AS $$
BEGIN
  UPDATE guarantee_cases SET team_id = NEW.team_id WHERE ticket_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS tickets_team_to_cases ON tickets;
--> statement-breakpoint
CREATE TRIGGER tickets_team_to_cases AFTER UPDATE OF team_id ON tickets
  FOR EACH ROW WHEN (OLD.team_id IS DISTINCT FROM NEW.team_id) EXECUTE FUNCTION desk_ticket_team_to_cases();
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "guarantee_cases_opened_idx" ON "guarantee_cases" USING btree ("opened_at") INCLUDE ("fact_checked_at", "apology_at", "customer_confirmed_at", "closed_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "guarantee_cases_team_opened_idx" ON "guarantee_cases" USING btree ("team_id", "opened_at") INCLUDE ("fact_checked_at", "apology_at", "customer_confirmed_at", "closed_at");
