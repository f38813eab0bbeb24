CREATE TABLE "sla_report_daily" (
	"day" date NOT NULL,
	"dimension" text NOT NULL,
	"team" text NOT NULL,
	"key" text NOT NULL,
	"met" integer DEFAULT 0 NOT NULL,
	"breached" integer DEFAULT 0 NOT NULL,
	"running" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "sla_report_daily_day_dimension_team_key_pk" PRIMARY KEY("day","dimension","team","key")
);
--> statement-breakpoint
CREATE TABLE "sla_report_facts" (
	"timer_id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"metric" text NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"outcome" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_report_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"watermark" bigint NOT NULL,
	"safe_watermark" bigint NOT NULL,
	"full_built_at" timestamp with time zone NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sla_report_facts_ticket_idx" ON "sla_report_facts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "sla_report_facts_due_idx" ON "sla_report_facts" USING btree ("due_at","timer_id");