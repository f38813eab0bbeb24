-- Masking what is already stored (issue 17, ADR 0013). `npm run desk -- privacy:mask-stored` and a
-- one-off background job walk every free-text column in primary-key batches and record here how
-- far each (mask version, table) got, so an interrupted walk resumes where it stopped and a
-- finished one is not walked again until the masking rules change (a new version).
CREATE TABLE "privacy_mask_progress" (
	"mask_version" integer NOT NULL,
	"target" text NOT NULL,
	"last_key" jsonb,
	"rows_seen" bigint DEFAULT 0 NOT NULL,
	"rows_changed" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "privacy_mask_progress_pk" PRIMARY KEY ("mask_version", "target")
);
--> statement-breakpoint
-- The append-only history and audit log refuse every UPDATE, DELETE and TRUNCATE, with one
-- deliberate exception: inside a transaction that has set `desk.masking_stored` to 'on'
-- (set_config(..., true): that transaction only), an UPDATE may change the free-text column and
-- nothing else — ticket_events.data; audit_log.details and audit_log.target_id. Deleting and
-- truncating stay refused whoever asks. Only the stored-data masking sets this (ADR 0013).
CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  allowed text[];
BEGIN
  IF TG_OP = 'UPDATE' AND coalesce(current_setting('desk.masking_stored', true), '') = 'on' THEN
    allowed := CASE TG_TABLE_NAME
      WHEN 'ticket_events' THEN ARRAY['data']
      WHEN 'audit_log' THEN ARRAY['details', 'target_id']
      ELSE ARRAY[]::text[]
    END;
    IF cardinality(allowed) > 0 AND (to_jsonb(NEW) - allowed) = (to_jsonb(OLD) - allowed) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'ticket history is append-only: % refused on %', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
