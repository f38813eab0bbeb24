-- ADR 0027: a transaction that sends NOTIFY takes PostgreSQL's one NOTIFY lock when it commits and
-- holds it until its commit is on disk, so every committing intake waited for the one before it.
-- A transaction that says it will announce itself after its commit (desk.announce = 'after-commit',
-- set for the transaction only) now sends no NOTIFY from these triggers; desk_intake() sets it when
-- Node autocommits the call and then sends the same notices itself (app/core/announce.server.ts).
CREATE OR REPLACE FUNCTION desk_notify_ticket_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer;
  r record;
BEGIN
  IF current_setting('desk.announce', true) = 'after-commit' THEN
    RETURN NULL;
  END IF;
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
CREATE OR REPLACE FUNCTION desk_notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('desk.announce', true) = 'after-commit' THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows WHERE status = 'queued' AND lease_token IS NULL AND next_attempt_at <= now()) THEN
    PERFORM pg_notify('desk_outbox', '');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION desk_intake(p jsonb) RETURNS jsonb
LANGUAGE plpgsql
SET plan_cache_mode = auto
AS $$
DECLARE
  c jsonb := p->'customer';
  want jsonb := p->'expect';
  t jsonb := p->'ticket';
  m record;
  matched boolean := false;
  r_name text;
  r_email text;
  r_phone text;
  r_preferred text;
  cust_id uuid;
  stored record;
BEGIN
  -- Autocommitted intakes announce themselves after their commit (ADR 0027): the triggers below stay
  -- quiet for this transaction, so that its commit does not wait for PostgreSQL's NOTIFY lock.
  IF (p->>'announceAfterCommit')::boolean THEN
    PERFORM set_config('desk.announce', 'after-commit', true);
  END IF;

  -- What Node counted the clocks on.
  IF (SELECT version FROM calendar_versions ORDER BY version DESC LIMIT 1) IS DISTINCT FROM (p->>'calendarVersion')::int
     OR desk_policy_fingerprint() IS DISTINCT FROM p->>'policies' THEN
    RETURN jsonb_build_object('outcome', 'stale');
  END IF;

  -- The customer: the first with this email (else this phone) is reused when the name matches too,
  -- filling in what was given now and never overwriting what was there; otherwise a new one.
  IF c->>'emailLower' IS NOT NULL THEN
    SELECT id, name, email, phone, preferred_contact INTO m FROM customers WHERE lower(email) = c->>'emailLower' LIMIT 1;
    matched := FOUND;
  ELSIF c->>'phone' IS NOT NULL THEN
    SELECT id, name, email, phone, preferred_contact INTO m FROM customers WHERE phone = c->>'phone' LIMIT 1;
    matched := FOUND;
  END IF;
  IF matched THEN
    matched := m.name = c->>'name';
  END IF;
  IF matched THEN
    r_name := m.name;
    r_email := coalesce(m.email, c->>'email');
    r_phone := coalesce(m.phone, c->>'phone');
    r_preferred := coalesce(c->>'preferred', m.preferred_contact);
  ELSE
    r_name := c->>'name';
    r_email := c->>'email';
    r_phone := c->>'phone';
    r_preferred := c->>'preferred';
  END IF;
  IF r_name IS DISTINCT FROM want->>'name' OR r_email IS DISTINCT FROM want->>'email'
     OR r_phone IS DISTINCT FROM want->>'phone' OR r_preferred IS DISTINCT FROM want->>'preferred' THEN
    RETURN jsonb_build_object('outcome', 'customer',
      'customer', jsonb_build_object('name', r_name, 'email', r_email, 'phone', r_phone, 'preferred', r_preferred));
  END IF;

  -- The Idempotency-Key: claimed with the answer it will replay (a concurrent request with the
  -- same key waits here for this one's commit, then replays it).
  IF p->'idempotency' IS NOT NULL AND jsonb_typeof(p->'idempotency') = 'object' THEN
    INSERT INTO idempotency_keys (scope, key, request_hash, status, response)
    VALUES (p->'idempotency'->>'scope', p->'idempotency'->>'key', p->'idempotency'->>'hash',
            (p->'idempotency'->>'status')::int, to_jsonb(p->'idempotency'->>'text'))
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      SELECT request_hash, status, response #>> '{}' AS text INTO stored
        FROM idempotency_keys WHERE scope = p->'idempotency'->>'scope' AND key = p->'idempotency'->>'key';
      RETURN jsonb_build_object('outcome', 'replay', 'requestHash', stored.request_hash, 'status', stored.status, 'text', stored.text);
    END IF;
  END IF;

  IF matched THEN
    UPDATE customers SET
      phone = coalesce(customers.phone, c->>'phone'),
      email = coalesce(customers.email, c->>'email'),
      preferred_contact = coalesce(c->>'preferred', customers.preferred_contact)
    WHERE id = m.id
    RETURNING id, name, email, phone, preferred_contact INTO cust_id, r_name, r_email, r_phone, r_preferred;
    -- Changed by another intake between the read and the lock: what Node built is not what is stored.
    IF cust_id IS NULL OR r_name IS DISTINCT FROM want->>'name' OR r_email IS DISTINCT FROM want->>'email'
       OR r_phone IS DISTINCT FROM want->>'phone' OR r_preferred IS DISTINCT FROM want->>'preferred' THEN
      RAISE EXCEPTION 'intake: the customer changed meanwhile' USING ERRCODE = '40001';
    END IF;
  ELSE
    INSERT INTO customers (id, name, email, phone, preferred_contact)
    VALUES ((c->>'newId')::uuid, c->>'name', c->>'email', c->>'phone', c->>'preferred')
    RETURNING id INTO cust_id;
  END IF;

  INSERT INTO tickets SELECT * FROM jsonb_populate_record(NULL::tickets, t || jsonb_build_object('customer_id', cust_id));
  INSERT INTO messages SELECT * FROM jsonb_populate_record(NULL::messages, p->'message');
  IF jsonb_array_length(p->'timers') > 0 THEN
    INSERT INTO sla_timers SELECT * FROM jsonb_populate_recordset(NULL::sla_timers, p->'timers');
  END IF;
  -- In the order given: the history is read by id.
  INSERT INTO ticket_events (ticket_id, type, actor, at, data)
  SELECT (e.x->>'ticket_id')::uuid, e.x->>'type', e.x->>'actor', (e.x->>'at')::timestamptz, coalesce(e.x->'data', '{}'::jsonb)
  FROM jsonb_array_elements(p->'events') WITH ORDINALITY AS e(x, n)
  ORDER BY e.n;
  IF p->'notification' IS NOT NULL AND jsonb_typeof(p->'notification') = 'object' THEN
    INSERT INTO notifications (id, dedupe_key, ticket_id, audience, channel, to_address, template, locale, payload, status, error, created_at, updated_at)
    SELECT x.id, x.dedupe_key, x.ticket_id, x.audience, x.channel, x.to_address, x.template, x.locale, x.payload, x.status, x.error, x.created_at, x.created_at
    FROM jsonb_to_record(p->'notification') AS x(id uuid, dedupe_key text, ticket_id uuid, audience text, channel text, to_address text,
      template text, locale text, payload jsonb, status text, error text, created_at timestamptz)
    ON CONFLICT (dedupe_key) DO NOTHING;
  END IF;
  IF p->'audit' IS NOT NULL AND jsonb_typeof(p->'audit') = 'object' THEN
    INSERT INTO audit_log (actor, staff_id, action, target_type, target_id, ip, details)
    SELECT x.actor, x.staff_id, x.action, x.target_type, x.target_id, x.ip, x.details
    FROM jsonb_to_record(p->'audit') AS x(actor text, staff_id uuid, action text, target_type text, target_id text, ip text, details jsonb);
  END IF;
  RETURN jsonb_build_object('outcome', 'created', 'customerId', cust_id);
END
$$;
