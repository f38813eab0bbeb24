-- Visits announced ahead by customers who need help (몸이 불편하신 고객, charter: "방문 10분 전에
-- 연락주시면 불편함이 없도록"): one row per `visit` ticket, with the outcome once the visit is past.
CREATE TABLE "visit_appointments" (
	"ticket_id" uuid PRIMARY KEY NOT NULL REFERENCES "tickets"("id"),
	"visit_at" timestamp with time zone NOT NULL,
	"help" text[] NOT NULL,
	"help_other" text,
	"staff_id" uuid REFERENCES "staff"("id"),
	"department" text,
	"outcome" text,
	"help_given" boolean,
	"outcome_note" text,
	"outcome_at" timestamp with time zone,
	"outcome_by_id" uuid REFERENCES "staff"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_appointments_help_check" CHECK (cardinality("help") > 0 AND "help" <@ ARRAY['wheelchair', 'guide', 'sign_language', 'parking', 'other']::text[]),
	CONSTRAINT "visit_appointments_outcome_check" CHECK ("outcome" IS NULL OR "outcome" IN ('arrived', 'no_show')),
	-- An outcome is recorded whole, once.
	CONSTRAINT "visit_appointments_outcome_at_check" CHECK (("outcome" IS NULL) = ("outcome_at" IS NULL))
);
--> statement-breakpoint
CREATE INDEX "visit_appointments_visit_idx" ON "visit_appointments" USING btree ("visit_at");
