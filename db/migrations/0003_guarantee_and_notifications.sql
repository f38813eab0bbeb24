CREATE TABLE "guarantee_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"triggers" jsonb NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"fact_check_result" text,
	"fact_checked_at" timestamp with time zone,
	"fact_checked_by_id" uuid,
	"desk_at_fault" boolean,
	"apology" text,
	"apology_by_id" uuid,
	"apology_at" timestamp with time zone,
	"customer_confirmed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"ticket_id" uuid,
	"guarantee_case_id" uuid,
	"audience" text NOT NULL,
	"recipient_staff_id" uuid,
	"channel" text NOT NULL,
	"to_address" text,
	"template" text NOT NULL,
	"locale" text DEFAULT 'ko' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"provider_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "sla_timers" ADD COLUMN "escalate_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sla_timers" ADD COLUMN "guarantee_case_id" uuid;--> statement-breakpoint
ALTER TABLE "guarantee_cases" ADD CONSTRAINT "guarantee_cases_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_cases" ADD CONSTRAINT "guarantee_cases_fact_checked_by_id_staff_id_fk" FOREIGN KEY ("fact_checked_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guarantee_cases" ADD CONSTRAINT "guarantee_cases_apology_by_id_staff_id_fk" FOREIGN KEY ("apology_by_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_guarantee_case_id_guarantee_cases_id_fk" FOREIGN KEY ("guarantee_case_id") REFERENCES "public"."guarantee_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_staff_id_staff_id_fk" FOREIGN KEY ("recipient_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "guarantee_cases_one_open_per_ticket" ON "guarantee_cases" USING btree ("ticket_id") WHERE "guarantee_cases"."status" = 'open';--> statement-breakpoint
CREATE INDEX "guarantee_cases_status_idx" ON "guarantee_cases" USING btree ("status","opened_at");--> statement-breakpoint
CREATE INDEX "notifications_ticket_idx" ON "notifications" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_status_idx" ON "notifications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "sla_timers_escalate_idx" ON "sla_timers" USING btree ("escalate_at") WHERE "sla_timers"."state" = 'breached' and "sla_timers"."escalated_at" is null;