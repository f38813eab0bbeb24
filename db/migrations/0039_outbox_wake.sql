-- Issue 20 / ADR 0022: the delivery loops are woken by PostgreSQL itself when a notification
-- becomes deliverable, instead of a watcher polling pg_xact_status every 15 ms. A statement that
-- inserts a queued row, or makes a queued row due now again (a resend), sends one NOTIFY on
-- desk_outbox; PostgreSQL delivers it at commit only (never for a rolled-back change) and folds
-- identical notices of one transaction into one. Claims and outcomes (a lease, a backoff, sent,
-- failed) make no row due now, so the loops' own writes never wake them.
CREATE OR REPLACE FUNCTION desk_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'queued' AND lease_token IS NULL AND next_attempt_at <= now()) THEN
    PERFORM pg_notify('desk_outbox', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS notifications_wake_insert ON notifications;
--> statement-breakpoint
CREATE TRIGGER notifications_wake_insert AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_notify_outbox();
--> statement-breakpoint
DROP TRIGGER IF EXISTS notifications_wake_update ON notifications;
--> statement-breakpoint
CREATE TRIGGER notifications_wake_update AFTER UPDATE ON notifications
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION desk_notify_outbox();
