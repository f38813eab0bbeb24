-- The dashboard counts running clocks by the time left from the SLA roll-up, which counts paused
-- clocks as running; the paused ones (few: tickets waiting on the customer) are subtracted through
-- this index instead of a scan of every timer.
CREATE INDEX IF NOT EXISTS "sla_timers_paused_due_idx" ON "sla_timers" USING btree ("due_at") WHERE "state" = 'paused';
