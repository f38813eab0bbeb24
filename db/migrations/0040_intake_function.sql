-- Issue 23 (ADR 0020): a ticket's whole intake in one call. Node makes every id, time, deadline,
-- event, notification route and the API's answer; this function checks that what Node counted on
-- is still so (the calendar version, the policies in force, the customer row an upsert would
-- leave) and then writes all of it — customer, ticket, message, events, clocks, the
-- acknowledgment, the Idempotency-Key record and the audit entry — in one round trip.
--
-- Outcomes (jsonb):
--   {"outcome":"stale"}                        calendar or policies changed: Node reloads, calls again (nothing written)
--   {"outcome":"customer","customer":{…}}      the customer row would end up otherwise than Node assumed (nothing written)
--   {"outcome":"replay","requestHash":…,"status":…,"text":…}  the Idempotency-Key was used already (nothing written)
--   {"outcome":"created","customerId":…}       written; customerId: the customer row used or made
--
-- plan_cache_mode = auto: the statements below find rows by key, so their cached (generic) plans
-- serve every call; the pool's default (force_custom_plan, db/connection.ts) would plan each anew.
CREATE OR REPLACE FUNCTION desk_policy_fingerprint() RETURNS text
LANGUAGE sql STABLE
AS $$
  SELECT md5(coalesce(string_agg(p::text, '|' ORDER BY p.id), '')) FROM sla_policies p WHERE p.current
$$;
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
