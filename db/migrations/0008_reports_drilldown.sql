CREATE TABLE "sla_report_weekly" (
	"week" date NOT NULL,
	"dimension" text NOT NULL,
	"team" text NOT NULL,
	"key" text NOT NULL,
	"met" integer DEFAULT 0 NOT NULL,
	"breached" integer DEFAULT 0 NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sla_report_weekly_week_dimension_team_key_pk" PRIMARY KEY("week","dimension","team","key")
);
--> statement-breakpoint
ALTER TABLE "sla_report_facts" ADD COLUMN "open" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "sla_report_facts_outcome_idx" ON "sla_report_facts" USING btree ("outcome","due_at","timer_id");--> statement-breakpoint
CREATE INDEX "sla_report_facts_assignee_idx" ON "sla_report_facts" USING btree ("assignee_id","outcome","due_at","timer_id");--> statement-breakpoint
CREATE INDEX "sla_report_facts_team_idx" ON "sla_report_facts" USING btree ("team_id","outcome","due_at","timer_id");--> statement-breakpoint
CREATE INDEX "sla_report_facts_open_breached_idx" ON "sla_report_facts" USING btree ("team_id","due_at") WHERE "sla_report_facts"."outcome" = 'breached' and "sla_report_facts"."open";--> statement-breakpoint
-- Facts built before this migration have no "open" flag and no weekly sums: forget the build, so that
-- readers use the timers themselves until the next refresh rebuilds everything (a refresh without state does).
DELETE FROM "sla_report_state";
