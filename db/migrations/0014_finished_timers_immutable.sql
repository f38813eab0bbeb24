-- A finished clock never changes (ADR 0007): once a timer is met, breached or cancelled, its
-- state, deadline and finishing instants are fixed, whoever asks. A breached timer may still
-- receive its late completion once (met_at from null) and its escalation bookkeeping.
CREATE OR REPLACE FUNCTION refuse_finished_timer_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.state NOT IN ('met', 'breached', 'cancelled') THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'a finished SLA timer is permanent: DELETE refused on timer %', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.state IS DISTINCT FROM OLD.state
     OR NEW.ticket_id IS DISTINCT FROM OLD.ticket_id
     OR NEW.metric IS DISTINCT FROM OLD.metric
     OR NEW.started_at IS DISTINCT FROM OLD.started_at
     OR NEW.period IS DISTINCT FROM OLD.period
     OR NEW.basis_date IS DISTINCT FROM OLD.basis_date
     OR NEW.pauses IS DISTINCT FROM OLD.pauses
     OR NEW.due_at IS DISTINCT FROM OLD.due_at
     OR NEW.breached_at IS DISTINCT FROM OLD.breached_at
     OR NEW.breach_detected_at IS DISTINCT FROM OLD.breach_detected_at
     OR NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at
     OR NEW.calendar_version IS DISTINCT FROM OLD.calendar_version
     OR NEW.guarantee_case_id IS DISTINCT FROM OLD.guarantee_case_id
     OR (NEW.met_at IS DISTINCT FROM OLD.met_at AND NOT (OLD.state = 'breached' AND OLD.met_at IS NULL))
  THEN
    RAISE EXCEPTION 'a finished SLA timer is permanent: % timer % may not change', OLD.state, OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sla_timers_finished_immutable
  BEFORE UPDATE OR DELETE ON sla_timers
  FOR EACH ROW EXECUTE FUNCTION refuse_finished_timer_change();
--> statement-breakpoint
CREATE TRIGGER sla_timers_no_truncate
  BEFORE TRUNCATE ON sla_timers
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
