-- Praise for staff (칭찬, charter): a customer's praise ticket is linked to the staff member it
-- names once staff confirm who it is; counted per staff member beside unkindness reports.
CREATE TABLE "staff_praises" (
	"id" uuid PRIMARY KEY DEFAULT uuid_v7() NOT NULL,
	"ticket_id" uuid NOT NULL REFERENCES "tickets"("id"),
	"staff_id" uuid NOT NULL REFERENCES "staff"("id"),
	"praised_at" timestamp with time zone NOT NULL,
	"confirmed_by_id" uuid REFERENCES "staff"("id"),
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "staff_praises_ticket_idx" ON "staff_praises" USING btree ("ticket_id");
--> statement-breakpoint
CREATE INDEX "staff_praises_staff_idx" ON "staff_praises" USING btree ("staff_id","praised_at");
