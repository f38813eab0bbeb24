-- The finished-timer guard (migration 0014) runs its PL/pgSQL function only for a timer that is
-- already finished: for a running or paused one the function returned at once, but calling it cost
-- about 2.4 µs per written row (EXPLAIN ANALYZE of a 5,000-timer recomputation chunk: 12 ms), paid
-- by every sweep, recomputation and intake. The WHEN clause is evaluated without the call.
DROP TRIGGER IF EXISTS sla_timers_finished_immutable ON sla_timers;
--> statement-breakpoint
CREATE TRIGGER sla_timers_finished_immutable
  BEFORE UPDATE OR DELETE ON sla_timers
  FOR EACH ROW
  WHEN (OLD.state IN ('met', 'breached', 'cancelled'))
  EXECUTE FUNCTION refuse_finished_timer_change();
