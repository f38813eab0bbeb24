-- Text-message consent (STOP / 수신거부 and START / 수신동의): one row per keyword received, never
-- changed; a number's standing is its latest row. Outgoing SMS to an opted-out number is refused.
CREATE TABLE "sms_consent" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"phone" text NOT NULL,
	"opted_out" boolean NOT NULL,
	"keyword" text NOT NULL,
	"external_id" text UNIQUE,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sms_consent_phone_idx" ON "sms_consent" USING btree ("phone","at","id");
