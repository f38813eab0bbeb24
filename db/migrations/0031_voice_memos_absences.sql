-- Voicemail recordings linked to their phone ticket (the audio stays at Twilio; only staff see
-- the address), and staff absences with a deputy who takes new assignments and memos meanwhile.
CREATE TABLE "call_recordings" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id"),
	"call_sid" text NOT NULL,
	"recording_sid" text NOT NULL UNIQUE,
	"url" text NOT NULL,
	"duration_seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "call_recordings_ticket_idx" ON "call_recordings" USING btree ("ticket_id","created_at");
--> statement-breakpoint
CREATE TABLE "staff_absences" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"staff_id" uuid NOT NULL REFERENCES "staff"("id"),
	"deputy_id" uuid NOT NULL REFERENCES "staff"("id"),
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" text,
	CONSTRAINT "staff_absences_period_check" CHECK ("ends_at" > "starts_at"),
	CONSTRAINT "staff_absences_deputy_check" CHECK ("deputy_id" <> "staff_id")
);
--> statement-breakpoint
CREATE INDEX "staff_absences_staff_idx" ON "staff_absences" USING btree ("staff_id","ends_at");
