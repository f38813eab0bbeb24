CREATE TABLE "satisfaction_report_daily" (
	"day" date NOT NULL,
	"team" text NOT NULL,
	"source" text NOT NULL,
	"score" integer NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "satisfaction_report_daily_day_team_source_score_pk" PRIMARY KEY("day","team","source","score")
);
--> statement-breakpoint
CREATE TABLE "satisfaction_report_facts" (
	"rating_id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"day" date NOT NULL,
	"team_id" uuid,
	"source" text NOT NULL,
	"score" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "satisfaction_report_monthly" (
	"month" date NOT NULL,
	"team" text NOT NULL,
	"source" text NOT NULL,
	"score" integer NOT NULL,
	"ratings" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "satisfaction_report_monthly_month_team_source_score_pk" PRIMARY KEY("month","team","source","score")
);
--> statement-breakpoint
CREATE TABLE "sla_report_monthly" (
	"month" date NOT NULL,
	"dimension" text NOT NULL,
	"team" text NOT NULL,
	"key" text NOT NULL,
	"met" integer DEFAULT 0 NOT NULL,
	"breached" integer DEFAULT 0 NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sla_report_monthly_month_dimension_team_key_pk" PRIMARY KEY("month","dimension","team","key")
);
--> statement-breakpoint
CREATE INDEX "satisfaction_report_facts_ticket_idx" ON "satisfaction_report_facts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "satisfaction_ratings_unticketed_idx" ON "satisfaction_ratings" USING btree ("created_at") WHERE "satisfaction_ratings"."ticket_id" is null;--> statement-breakpoint
CREATE INDEX "sla_timers_fact_check_case_idx" ON "sla_timers" USING btree ("guarantee_case_id","created_at") WHERE "sla_timers"."metric" = 'fact_check';--> statement-breakpoint
-- A roll-up already built gets its new parts here (the same sums a full build makes), so reports
-- keep reading it without waiting for a rebuild: the monthly SLA sums from the daily ones, and the
-- satisfaction facts and counts from the ratings given on tickets (tickets changed since the last
-- refresh are corrected by the readers, as for the SLA facts).
INSERT INTO "sla_report_monthly" ("month", "dimension", "team", "key", "met", "breached", "running")
SELECT date_trunc('month', "day"::timestamp)::date, "dimension", "team", "key", sum("met"), sum("breached"), sum("running")
FROM "sla_report_daily" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "satisfaction_report_facts" ("rating_id", "ticket_id", "day", "team_id", "source", "score")
SELECT r."id", r."ticket_id", (r."created_at" AT TIME ZONE 'Asia/Seoul')::date, t."team_id", r."source", r."score"
FROM "satisfaction_ratings" r JOIN "tickets" t ON t."id" = r."ticket_id"
WHERE EXISTS (SELECT 1 FROM "sla_report_state");
--> statement-breakpoint
INSERT INTO "satisfaction_report_daily" ("day", "team", "source", "score", "ratings")
SELECT "day", coalesce("team_id"::text, ''), "source", "score", count(*) FROM "satisfaction_report_facts" GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
INSERT INTO "satisfaction_report_monthly" ("month", "team", "source", "score", "ratings")
SELECT date_trunc('month', "day"::timestamp)::date, "team", "source", "score", sum("ratings") FROM "satisfaction_report_daily" GROUP BY 1, 2, 3, 4;
