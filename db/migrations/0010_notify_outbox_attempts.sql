ALTER TABLE "notifications" ADD COLUMN "attempts_base" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("next_attempt_at") WHERE "notifications"."status" = 'queued';--> statement-breakpoint
-- Delivery moved from one pg-boss job per notification to the outbox loops (ADR 0005): the rows
-- are the queue now, so the retired queues' jobs and the notify.sweep schedule go. Queued rows
-- keep their place (next_attempt_at defaults to now) and are delivered by the loops.
DO $$
BEGIN
  IF to_regclass('pgboss.job') IS NOT NULL THEN
    DELETE FROM pgboss.job WHERE name IN ('notify.deliver', 'notify.sweep');
  END IF;
  IF to_regclass('pgboss.schedule') IS NOT NULL THEN
    DELETE FROM pgboss.schedule WHERE name = 'notify.sweep';
  END IF;
END $$;
