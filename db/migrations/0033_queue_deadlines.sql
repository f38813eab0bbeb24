-- The desk's queue sorts tickets by their next deadline: the earliest due time among a ticket's
-- clocks that still run (running, or breached and not yet met). Per ticket this partial index
-- answers min(due_at) from its first entry, and the "overdue" tab and count from the same entry.
CREATE INDEX IF NOT EXISTS "sla_timers_open_due_idx" ON "sla_timers" USING btree ("ticket_id", "due_at") WHERE "state" = 'running' OR ("state" = 'breached' AND "met_at" IS NULL);
