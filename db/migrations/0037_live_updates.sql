-- Issue 20: live updates of the desk (ADR 0015). Every history entry, whichever code appended it
-- (the services, the sweep's set-based inserts, retention, recomputation), tells the web processes
-- which ticket changed: one NOTIFY per ticket per statement, sent by PostgreSQL at commit (never for
-- a rolled-back change). A statement touching many tickets (a sweep batch, a restore) sends one
-- "bulk" notice instead, so that the notification queue and the listeners stay small.
CREATE OR REPLACE FUNCTION desk_notify_ticket_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
  r record;
BEGIN
  SELECT count(DISTINCT ticket_id) INTO changed FROM new_events;
  IF changed = 0 THEN
    RETURN NULL;
  END IF;
  IF changed > 20 THEN
    PERFORM pg_notify('desk_ticket_events', json_build_object('bulk', changed)::text);
    RETURN NULL;
  END IF;
  -- Per ticket: its first entry of the statement (what the action was), and the ticket's team and
  -- assignee after it (who may see it). Payloads stay far below the 8000-byte limit.
  FOR r IN
    SELECT DISTINCT ON (e.ticket_id) e.ticket_id, e.type, e.actor, t.reference, t.team_id, t.assignee_id
    FROM new_events e JOIN tickets t ON t.id = e.ticket_id
    ORDER BY e.ticket_id, e.id
  LOOP
    PERFORM pg_notify('desk_ticket_events', json_build_object(
      'ticketId', r.ticket_id, 'reference', r.reference, 'teamId', r.team_id, 'assigneeId', r.assignee_id,
      'kind', r.type, 'actor', left(r.actor, 300))::text);
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS ticket_events_notify ON ticket_events;
--> statement-breakpoint
CREATE TRIGGER ticket_events_notify AFTER INSERT ON ticket_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION desk_notify_ticket_events();
--> statement-breakpoint
-- Who has a ticket open right now, across all web processes: one row per open page (viewer), kept
-- fresh by its process every 15 s and counted only while seen in the last 45 s, so that a process
-- that died leaves no ghost. Unlogged: after a crash it starts empty, and the processes still
-- serving pages write their viewers back at their next beat. No foreign keys: a viewer's row must
-- never wait for the lock an action holds on its ticket.
CREATE UNLOGGED TABLE IF NOT EXISTS "ticket_viewers" (
  "viewer_id" uuid PRIMARY KEY,
  "ticket_id" uuid NOT NULL,
  "staff_id" uuid NOT NULL,
  "seen_at" timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "ticket_viewers_ticket_idx" ON "ticket_viewers" ("ticket_id");
