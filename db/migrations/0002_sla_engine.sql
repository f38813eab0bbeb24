CREATE TABLE "calendar_recomputations" (
	"version" integer PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"candidates" integer DEFAULT 0 NOT NULL,
	"examined" integer DEFAULT 0 NOT NULL,
	"moved" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "calendar_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"spec" jsonb NOT NULL,
	"change" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"targets" jsonb NOT NULL,
	"current" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_timers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"period" jsonb,
	"basis_date" date,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"warn_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"met_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"breach_detected_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"policy_id" integer,
	"calendar_version" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calendar_recomputations" ADD CONSTRAINT "calendar_recomputations_version_calendar_versions_version_fk" FOREIGN KEY ("version") REFERENCES "public"."calendar_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_timers" ADD CONSTRAINT "sla_timers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_timers" ADD CONSTRAINT "sla_timers_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_timers" ADD CONSTRAINT "sla_timers_calendar_version_calendar_versions_version_fk" FOREIGN KEY ("calendar_version") REFERENCES "public"."calendar_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_key_version_key" ON "sla_policies" USING btree ("key","version");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_current_key" ON "sla_policies" USING btree ("key") WHERE "sla_policies"."current";--> statement-breakpoint
CREATE INDEX "sla_timers_ticket_idx" ON "sla_timers" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "sla_timers_running_due_idx" ON "sla_timers" USING btree ("due_at") WHERE "sla_timers"."state" = 'running';--> statement-breakpoint
CREATE INDEX "sla_timers_warn_idx" ON "sla_timers" USING btree ("warn_at") WHERE "sla_timers"."state" = 'running' and "sla_timers"."warned_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_timers_live_metric_key" ON "sla_timers" USING btree ("ticket_id","metric") WHERE "sla_timers"."state" in ('running', 'paused');--> statement-breakpoint
CREATE INDEX "sla_timers_breached_idx" ON "sla_timers" USING btree ("ticket_id") WHERE "sla_timers"."breached_at" is not null;