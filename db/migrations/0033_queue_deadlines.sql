-- The desk's queue lists tickets by their next deadline: the earliest due time among a ticket's
-- clocks that still count (running, or breached and not yet met).
-- By deadline: the queue walks these clocks in due order and stops after one page
-- (sla_timers_open_due_order_idx); per ticket, its earliest such clock — the one that stands for
-- the ticket in that walk, the deadline shown in the "newest" order, and the overdue test — is
-- the first entry of sla_timers_open_due_idx.
CREATE INDEX IF NOT EXISTS "sla_timers_open_due_order_idx" ON "sla_timers" USING btree ("due_at", "ticket_id") WHERE "state" = 'running' OR ("state" = 'breached' AND "met_at" IS NULL);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sla_timers_open_due_idx" ON "sla_timers" USING btree ("ticket_id", "due_at") WHERE "state" = 'running' OR ("state" = 'breached' AND "met_at" IS NULL);
