// docs/PERFORMANCE.md, regenerated from the newest result of every bench (bench/results/*.json).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fmt, fmtValue, type BenchReport, type Environment } from "./results";

// Only a run on the full data set is for the record: a smaller one (--tickets=N, for trying
// changes out) writes its results and its PERFORMANCE.md under .data/bench-trial instead.
const trial = process.argv.some((a) => a.startsWith("--tickets=") && a !== "--tickets=1000000");
export const RESULTS_DIR = trial ? path.resolve(".data", "bench-trial", "results") : path.resolve("bench", "results");
export const PERFORMANCE_MD = trial ? path.resolve(".data", "bench-trial", "PERFORMANCE.md") : path.resolve("docs", "PERFORMANCE.md");

/** What was changed in the code under test, and why (kept by hand beside the benches). */
export const CHANGES: string[] = [
  "**Escalation candidates piled up** (sweep, app/sla/sweep.server.ts): a breached clock whose ticket was no longer open when its escalation moment came kept its `escalate_at` for ever, so every sweep (each minute, and each per-timer job) re-read all of them — 18,000 rows and 217 ms per sweep at 200,000 tickets, growing with the years. `escalateBatch` now clears `escalate_at` of those (they can never escalate: the rule is checked at that moment) in one statement before the claim; the first sweep after the change clears the backlog once.",
  "**Guarantee cases one ticket at a time** (sweep, app/sla/guarantee.server.ts): the breach batch called `openOrJoinCase` per ticket — about eight statements each (case upsert, event, ticket, calendar, policies, fact-check timer, its jobs, its event). `openOrJoinCases` does the same for a whole batch in five set-based statements (`openOrJoinCase` is kept, as a batch of one). The claim now locks the due timers and updates each once (state, breach and `escalate_at` together) instead of updating them twice.",
  "**Multi-row inserts built by the query builder** (sweep, recomputation: app/sla/*.server.ts, app/notify/queue.server.ts, app/tickets/events.server.ts): building VALUES lists of thousands of rows with drizzle took most of the sweep's Node CPU (4.5 of 6 s for 10,000 breaches). Events (`appendEvents`), notifications and fact-check timers of a batch are now inserted from one JSON parameter (`jsonb_to_recordset`), in the same transaction as before.",
  "**Jobs for deadlines that did not move** (recomputation, app/sla/calendar-admin.server.ts): every examined timer got two new pg-boss jobs, also when its deadline stayed put; only moved moments got new jobs — and since ADR 0005 none do (below).",
  "**The day's reference counter held for the whole intake** (intake, app/tickets/reference.server.ts): `nextReference` incremented `reference_counters` inside the intake transaction, so its row lock serialised every intake of the day (1.4–3.2 s of lock wait per request at 50 connections). The number is now taken by a statement of its own that commits at once, on a small pool of its own (a second connection from the main pool could exhaust it); a rolled-back intake leaves a gap in the day's sequence.",
  "**A ticket's guarantee cases without an index** (intake, db/schema.ts): every API answer reads the ticket's cases by `ticket_id`; only a partial index (open cases) existed, so each answer scanned the table (33 ms at 200,000 tickets). Added `guarantee_cases_ticket_idx` on `(ticket_id)` (migration 0009).",
  "**A write per API request to the token's row** (intake, app/auth/tokens.server.ts): `last_used_at` was updated on every request, and all requests of one integration queued on that row; it is now written at most once a minute per token.",
  "**One hot row per API token and per day, each held through a disk flush** (intake, app/security/rate-limit.server.ts, app/tickets/reference.server.ts, app/lib/counter-batch.ts): every request incremented its token's rate-limit window and every intake the day's reference counter, one statement each, and each statement kept the row locked until its commit had been flushed to disk (2.36 and 2.29 ms of server time per call at 50 connections). The concurrent increments of one counter in a process now go in one statement (each caller still gets a value of its own; the row still orders the statements of every process — the rate-limit test proves it with three processes), and that statement commits with synchronous_commit off for itself alone: for references safe, since the ticket's own commit flushes the WAL past the counter's; for rate limits a PostgreSQL crash can forget the hits of its last fraction of a second. The every-hundredth-hit sweep of old windows no longer holds up the request.",
  "**Five statements for one intake, seven for its answer** (intake, app/tickets/tickets.server.ts, app/api/ticket-json.server.ts): customer lookup, customer insert or update, ticket, message and event were separate statements in the transaction; they are one now (data-modifying CTEs; the ticket's and message's ids are made in Node). The API's answer read the ticket's messages and attachments, which it does not send, and its events apart; ticket, customer, assignee, team and events are one statement now, beside the SLA engine's three. The token is read with plain SQL (building the query cost more CPU than running it), and requests that find the once-a-minute `last_used_at` write in progress skip it instead of waiting on the row.",
  "**One pg-boss job per clock moment and per notification** (sweep, recomputation, intake, breach latency; ADR 0005, jobs/poll-loop.ts, jobs/sla-queues.ts, app/notify/deliver.server.ts): job rows outnumbered the desk's own rows in a 10,000-breach sweep and in a recomputation, every intake wrote two or three, and delivery sent one message per poll. Every worker now runs a deadline watch (a min() probe over the due, warning and escalation indexes each second; the set-based sweep when something is due) and an outbox loop (batches claimed with a lease; retries and dead letters as columns of the notification). The sweep's breach batch is one statement (claim, update, events, the tickets the alerts need), openOrJoinCases one more; the recomputation reads the touched timers without locks, computes in Node and writes 5,000-row chunks that lock, update and record their moved deadlines in one statement each.",
  "**Random ids scattered new rows over every index** (sweep, recomputation, intake; ADR 0006, migration 0012, app/lib/uuid-v7.ts): ids were random (version 4) UUIDs, and most indexes lead with a ticket id, so each new event, timer, case or notification landed on a random, often cold page of big indexes (a full-page image in the WAL the first time after each checkpoint). The busy tables' ids are now time-ordered (UUID version 7, made by `uuid_v7()` in PostgreSQL or in Node); the seed gives each row the id of its own creation time. At 200,000 tickets the same 10,000 breaches went from 1.4–1.5× slower in the seeded database than in an empty one to 1.02–1.1×.",
  "**One breach alert per clock** (sweep, app/sla/sweep.server.ts, emails/staff_breach_alert.tsx): a ticket whose two clocks broke together sent the assignee and the team lead two alerts each. One alert per ticket and recipient now names every clock that broke in the pass (as the customer's apology already did): 15,000 notifications instead of 25,000 for the bench's 10,000 breaches.",
  "**Statements parsed and planned on every call** (every bench; db/connection.ts): drizzle runs each query as an unnamed statement, which postgres.js sends in two round trips (Parse + Describe, then Bind + Execute) and PostgreSQL parses and plans anew each time — at intake planning took 4.2 s beside 4.7 s of execution. Statement texts that recur are now prepared (at most 400 per process): at 200,000 tickets intake went from 77 to 118 tickets/s and its server CPU per ticket from 20 to 12.6 ms. The bench now shows planning time beside execution (pg_stat_statements.track_planning).",
  "**Speculative inserts and IN lists in the sweep** (app/sla/guarantee.server.ts, app/notify/queue.server.ts): a new case's fact-check clock was inserted with ON CONFLICT DO NOTHING, which checks every unique index of sla_timers first (66 ms instead of 32 ms per 1,000 rows, EXPLAIN ANALYZE); it is a plain insert guarded by NOT EXISTS now (the case upsert already serialises the openers of one ticket's case). The addresses of a batch's notifications are read with one array parameter instead of `in ($1, …, $1000)`.",
  "**Intake planned every statement anew** (intake; db/connection.ts allowGenericPlans, app/tickets/tickets.server.ts, app/notify/queue.server.ts): with plan_cache_mode = force_custom_plan (above) each of intake's prepared statements was still planned per call — 5.2 of PostgreSQL's 15.4 CPU seconds in a 200,000-ticket trial, the ticket's read-back alone 0.63 ms a call. Intake's transaction now sets plan_cache_mode = auto for itself (SET LOCAL, so the pool keeps per-call plans everywhere else) and looks its one recipient up by equality rather than `= any(array)`: CPU per ticket 13.5 → 10.0 ms, 109–115 → 152 tickets/s in the same trial.",
  "**One statement and commit per delivered notification** (intake, app/notify/deliver.server.ts, app/lib/batcher.ts): each delivery outcome was written by an UPDATE and commit of its own as its send finished — at intake the statement with the most server time (1,940 calls, 0.61 ms each with planning, and a WAL flush each, in a 200,000-ticket trial). Outcomes that arrive while a write is on its way now go together in the next one, fenced by the round's claim as before: 274 statements for 2,484 outcomes in the next trial, statements per ticket 15.2 → 14.2, PostgreSQL CPU per ticket 6.0 → 4.7 ms.",
  "**Fourteen statements per intake** (intake; ADR 0020, migration 0040, app/tickets/tickets.server.ts, app/routes/api.v1.tickets.ts, app/sla/intake-context.server.ts): an API intake ran BEGIN, a plan-mode setting, the customer/ticket/message/event statement, the calendar, the policies, the clocks, the acknowledgment's address and insert, four reads of what it had just written for the answer, COMMIT and the audit entry in a transaction of its own — each a round trip, most built by drizzle. The whole intake is now one autocommitted call of `desk_intake(jsonb)`, a plpgsql function that writes customer, ticket, message, events, clocks, acknowledgment, Idempotency-Key record and audit entry (plans kept in the session); Node makes every id, time, deadline, route and the API's answer (no read-back), keeps the calendar and policies in the process, and the function checks them (calendar version, policy fingerprint) and the returning customer's row, writing nothing and saying so when they changed. Left outside the call on purpose: the token lookup and the per-token rate-limit counter (a hot row that would be held to the intake's commit again). Not yet measured for the record: on 2026-12-06 the shared machine ran at a load average of 25–30 on its 2 cores, so the before and after trials (1,000 tickets, same time) answered even the trivial route at 3–8 req/s, with timeouts; the intake figures above are still main's of 2026-12-04.",
  "**The intake bench measured the roll-up's catch-up** (bench/intake.ts): the benches before it change hundreds of thousands of clocks, and the roll-up's per-minute refresh caught up with them inside the timed intake run (16 of PostgreSQL's 25 CPU seconds in the previous record run). The bench now brings the roll-up up to date and vacuums the churned tables before it starts the server; the reports bench likewise vacuums and checkpoints after its full build, and samples pg_stat_activity while it times the queries.",
  "**A team's drill over every outcome** (reports, migration 0013): the first page of a team's clocks sorted all of the team's clocks of the period (the team index leads with the outcome): 246 ms p95 at 200,000 tickets; an index on (team, due, timer) reads the page in order.",
  "**Dashboard queries re-reading the roll-up's dirty tickets per row** (reports, app/reports/*.server.ts, migration 0011): the planner estimated the changed tickets at millions of rows, so `not in (…)` re-ran per fact row (drill-downs 8 s to minutes). The dirty list is now read once, in the report's own REPEATABLE READ snapshot, and passed as a constant array; long periods read monthly and weekly roll-ups; satisfaction has a roll-up of its own; guarantee and at-risk sections read one page of cases or timers through partial indexes.",
  "**A recomputation rewrote every timer it examined, and found its chunk's rows by scanning the table** (recomputation, app/sla/calendar-admin.server.ts; ADR 0016): each touched timer was written (at least its calendar version), whether or not its deadline moved; and the chunk statement's row lock joined the 5,000 ids to `sla_timers`, which the planner answered with a hash join over a sequential scan of the whole table (EXPLAIN ANALYZE: 260 of 870 ms per chunk at 100,000 tickets, growing with the table). Now the timers whose deadline and warning both stay put are not written at all (they keep their calendar version; one read of their row versions afterwards checks that none changed meanwhile), the moved ones are locked through the id array (an index lookup each: 20 ms per chunk) and compared with the version read after the lock, and the recomputation counts on the newest calendar (so an older version's run resumed after a newer change cannot pull a deadline back). It returns and records rewritten and unmoved apart; the bench shows both. Trial at 100,000 tickets (100,000 running timers), same database, same-run floor (a bare UPDATE of the same rows): before 23,793 timers at 2,322/s against a floor of 4,656/s (0.50×, chunk statement 294 µs per row); after 20,195 timers at 7,813/s against 12,382/s (0.63×, 170 µs per row; CPU Node 0.3 s, PostgreSQL 1.6 s). On a working-day holiday every touched timer's warning moves (it sits at 75 % of the working time between start and deadline, and the day removes working time), so although only 10,498 of the 20,195 deadlines moved, none could be left unwritten there: the unmoved share is zero for working-day holidays and whole for changes that leave the working time untouched (a holiday on a weekend — the test). What remains is PostgreSQL's per-row cost of a non-HOT update (due_at and warn_at are indexed, so each row gets a new entry in all ten indexes of sla_timers), the foreign-key checks (calendar version, the event's ticket) and the event rows; the 50,000/s target is above the floor of rewriting those rows at all on this machine.",
  "**A late breach written twice, and every ticket scanned to learn whether one was open** (sweep, app/sla/sweep.server.ts, app/sla/breach.server.ts; ADR 0016): a clock breached after its escalation moment (the bench's due set is 15–17 days overdue) was breached by one statement and then claimed again — a sort of every due escalation per 1,000-row batch, 7.0 of the sweep's 17.0 s of statement time — and written a second time by the escalation batch; the clean-up of escalations whose ticket is no longer open hash-joined every ticket on each sweep (242 ms at 100,000 tickets, EXPLAIN ANALYZE). The breach write now escalates such a clock itself when its ticket is open (same event, same managers' alerts with the same dedupe keys, queued in the batch's one notification insert) and clears its escalation moment when it is not; both ticket checks are one index lookup per timer. Trial at 100,000 tickets on a shared, loaded machine (load average 6–8 on 2 cores, so wall times were dominated by waiting for CPU and compared here by CPU time and by the same-run baseline): before, 10,000 breaches took 9.75 s of CPU (Node 3.0 s, PostgreSQL 6.8 s) and ran 3.29× slower among 110,000 open timers than among 10,000 (229 vs 753 breaches/s); after, 7.20 s of CPU (Node 2.9 s, PostgreSQL 4.3 s) and 1.00× (365 vs 365 breaches/s) — with two idle cores at most 2,779 breaches/s (was 2,050). The escalation claim no longer appears among the statements; what remains is the notification insert (35,000 rows: alerts, apologies and 20,000 managers' alerts; five indexes, three foreign keys, a speculative insert on the dedupe key), the breach write and the case upsert, each per-row cost of PostgreSQL. The 5,000/s target is not met.",
  "**The recomputation read everything before writing anything** (recomputation, app/sla/calendar-admin.server.ts; ADR 0024): the read of every touched timer (a parallel scan of `sla_timers`: 1.8–2.9 s of the 18.9 s record run at 1,000,000 running timers) finished before the first chunk was written. The read is now one statement streamed through a cursor in batches of 10,000 on a connection of its own; each batch is computed in Node and every full chunk of moved timers goes to one of two writing lanes at once, while the next batch is read. What is written, and every check (row version, SKIP LOCKED, newest calendar, one event per moved deadline, unmoved timers not written), is ADR 0016's. Timers whose warning moves although their deadline does not (date-based deadlines) are still written: the deadline watch finds warnings through `warn_at`. **Open work for one team counted by a lookup per running clock** (reports, app/reports/dashboard.server.ts; ADR 0024): the dashboard's running-deadlines-by-time-left section found a team's clocks by looking up each running clock's ticket — 1,000,000 probes of tickets_pkey at 1,000,000 tickets (EXPLAIN ANALYZE on the loaded machine: 33.4 s); the team's tickets are now joined once (10.3 s in the same conditions, 4.5 M → 0.55 M buffers). It still counts every running clock on each page view (5.5 s for the whole desk there), which is what keeps the whole page above 100 ms; the fix by design — a count kept by the writes for the unbounded “later” bucket — is not done. The reports bench now also times the dashboard's four newer sections (staff voice, per-standard trend, open work by time left, guarantee funnel) and holds the whole page to ≤ 100 ms.",
  "**A clock due just after the deadline watch's probe waited a whole second** (breach latency, sweep; ADR 0021, app/sla/sweep.server.ts, jobs/sla-queues.ts, jobs/poll-loop.ts): the watch probed once a second and slept a whole second when nothing was due, so that wait alone was up to 1 s of every breach's latency (p99 0.997 s with 1,000 clocks), and every sweep ran three transactions (breach, warning, escalation) although the probe had just read which kinds were due. The probe now returns the earliest due, warning and escalation moments (the same three index descents). When nothing is due, the watch sleeps until the earliest one (at most its 1 s interval), and a sweep runs only the batch kinds whose moment has come. The breach-latency bench is now the issue's burst: 10,000 clocks due within one minute, target p99 ≤ 1 s. Trial on 20,000 tickets, one after the other on the same machine, load average 28–30 on 2 cores (8 sessions benchmarking at once), the same 10,000-clock burst: before, p50 4.32 s, p99 9.48 s, max 10.1 s; after, p50 1.87 s, p99 5.52 s, max 6.12 s (the every-minute sweep alone: p99 39.9 s). Under that load the sweep itself barely kept up with 167 clocks/s, so the 1 s target was not shown; a record run on a quiet machine is still to be done.",
  "**Node work repeated per alert in the breach batch** (sweep, app/notify/clock-labels.server.ts, app/sla/sweep.server.ts, app/notify/queue.server.ts, app/privacy/mask.ts): every alert built its clock labels anew in both languages (translator and label per clock), every escalated clock built its managers' payload once per manager, and every notification payload was masked string by string, although a batch repeats the same keys, labels and subjects thousands of times. Labels are now made once per (language, metric, period) per process, and one payload serves all of a clock's managers. A batch's payloads are masked through a cache, so each distinct string is masked once; what is stored is unchanged. Rendering was already lazy: the outbox keeps template name and payload, and the delivery loop renders them. Not measured on its own: the 1,000,000-ticket database of this session went into crash recovery after its bench was stopped, and the recovery would not finish in time. The last same-machine run before the change (load average about 30) spent Node 6.5–7.5 s and PostgreSQL 11.8–15.2 s of CPU per 10,000-breach sweep (35,000 notifications: 20,000 of them managers' alerts of late breaches). The 5,000/s target is still missed.",
  "**Every foreign-key check planned anew** (sweep, recomputation; ADR 0025, app/sla/sweep.server.ts, app/sla/calendar-admin.server.ts, db/connection.ts PLANNED_PER_CALL): the pool's plan_cache_mode = force_custom_plan, set for the desk's own value-dependent statements, also reached the cached queries PostgreSQL runs for every foreign key of every written row and the PL/pgSQL finished-timer trigger. A CPU profile of the server processes during a 10,000-breach sweep (perf record, cpu-clock) put 57 % of PostgreSQL's time in RI_FKey_check, 42 % of it planning (GetCachedPlan → BuildCachedPlan). The sweep's batches and the recomputation's chunks now allow generic plans for themselves (SET LOCAL), and the recomputation's chunk statement, whose generic plan was many times slower, is sent unprepared so that it is still planned for its arrays. Same trial on a loaded machine: server CPU per 10,000-breach sweep 8.0 → 3.2 s; recomputation 2,621 → 7,361 timers/s at 1,000,000 tickets (967/s while the chunk itself had a generic plan).",
  "**One manager alert per escalated clock** (sweep, app/sla/sweep.server.ts, emails/manager_alert.tsx): a late breach escalates in the breach write, and each of a ticket's escalated clocks sent every manager an alert of its own — 20,000 of the 35,000 notifications of a 10,000-breach sweep. A manager now gets one alert per ticket naming every clock that escalated together, as assignees and leads do for breaches; each clock keeps its own escalation event.",
  "**The dashboard counted every running clock on every view** (reports, app/reports/dashboard.server.ts, migrations 0041 and 0042): the open-work chart counted all running clocks by the time left (seconds at 1,000,000 running clocks), and the guarantee funnel joined every ticket of a team to find its cases. Clocks due after the day the at-risk horizon ends now come from the SLA roll-up by KST day (exact between refreshes) less the paused ones (a partial index); a case carries its ticket's team, kept by PostgreSQL triggers, with covering indexes on the opening time.",
  "**The report summary's catch-up searched a list per row** (intake's steady state, reports; app/reports/rollup.server.ts): a refresh found its changed tickets with `= any(array(subquery))`, which PostgreSQL searches element by element for every fact row; after the recomputation left 190,000 tickets changed, the catch-up before the intake bench ran for more than 25 minutes (one INSERT using a core). The changed tickets now go into a temporary table the statements join: the same catch-up took 174 s.",
  "**Intakes committed one at a time behind PostgreSQL's NOTIFY lock** (intake; ADR 0027, migration 0044, app/core/announce.server.ts): the history's and outbox's triggers sent NOTIFY inside each intake, and a transaction that sent NOTIFY holds one cluster-wide lock from its commit until the commit is on disk, so intakes queued behind each other's disk flushes (3.8 sessions on average waited in `Lock: object` inside desk_intake() at 50 connections). An autocommitted intake now tells the triggers it will announce itself, and Node sends the same notices after the commit, batched, with an asynchronous commit of their own. The sweep's lane batches in a burst do the same.",
  "**The whole dashboard counted on every view** (reports; ADR 0026, migration 0043, app/reports/dashboard-snapshot.server.ts): fifteen sections at 1,000,000 tickets add up to about 500 ms of database time, 148–303 ms p95 for the page on two cores. The page is now served from a snapshot per period and team at most 60 s old (shown with its time, and a refresh button), computed by one process at a time and kept fresh each minute by a job for the pages viewed in the last 15 minutes; the reports API and drill-downs stay live.",
  "**Background work inside the timed runs** (intake, sweep; bench/seed.ts, bench/reports.ts): the workers walked the seeded 24,000,000 rows to mask stored text (a one-time job after a masking-rule change) all through the intake runs, and the dashboard job kept counting the reports bench's pages during the benches after it. The seed now records the masking walk as done after a sample of every masked column is found unchanged by the masking, and the reports bench drops its pages when it ends.",
  "**The steady load was a burst a second** (intake; bench/intake.ts): autocannon's overallRate gives each of the 50 connections its own once-a-second timer, all started together, so \"50 requests a second\" sent 50 at once each second and measured the burst's queue (trivial route p99 104 ms there, 9 ms at 4 connections). The steady load is now paced one request every 20 ms, each latency counted from its scheduled moment.",
  "**The load kept every COPY row for a trigger** (seed; bench/seed.ts): the statement triggers of the history and the outbox kept each COPY's rows in a transition table to announce them at its end. Every loaded table's own triggers are now dropped before the data and made again after it, as a restore makes them after its data; first they were only disabled, which PostgreSQL does not count for transition tables: it kept every row all the same, found in the seed of 2026-12-07 by sampling the COPY sessions' wait events (temporary-file writes).",
  "**Every manager got an email per escalated ticket in a burst** (sweep; ADR 0028, app/sla/sweep.server.ts, emails/manager_digest.tsx): the bench's 10,000 late breaches escalate in the breach write, and each of the 5,000 tickets sent each of the 2 managers an alert — 10,000 of the sweep's 25,000 notifications, 5,000 emails per manager within seconds. A batch that escalates more than 5 tickets now sends each manager one summary (count, the first 20 tickets, a link to the overdue queue); up to 5 still come one by one, and each clock keeps its escalation entry. Same database (1,000,000 running timers), same session, one after the other: 3,097 breaches/s with the per-ticket alerts; 4,911/s with no managers' alerts at all (the bound); 4,772/s and 5,160/s in two runs with the summaries (15,010 notifications); CPU per sweep (median) 5.02 → 3.25 s. The record figures above were not replaced: on 2026-12-06 the shared machine ran the same work 25–60 % slower than on the day of the record (the seed's generator used 157–191 s of CPU for what took 118 s then), and the sweep's runs that day ranged from 3,845 to 5,160 breaches/s.",
  "**The server numbered 13.6 million history entries during the load** (seed; bench/seed.ts, bench/lib/generator.ts): `ticket_events.id` is a bigserial, so the COPY evaluated nextval() for every row, on three streams at once. The generator now numbers the entries itself, in generation order (as a restore's data carries them), and the load sets the sequence past them. Same day, same machine: the COPY's server CPU 131 → 120 s, the generator's wait for the history streams 49 → 35 s; the day's machine was too uneven for the wall time to show it (222 and 242 s against the record's 183 s).",
  "**Every assignee and lead got an email per breached ticket in a burst** (sweep; ADR 0029, app/sla/breach.server.ts, emails/staff_breach_summary.tsx): with the managers summarised, the staff breach alerts were 10,000 of the burst's 15,010 notifications — one per ticket to its assignee, and the team leads heard of every ticket. A person with more than 5 breached tickets in one batch now gets one summary (count, the first 20 by deadline, every ticket named in its data, a link to the overdue queue); up to 5 still come one by one, and every breach keeps its event, case and apology. Same database (1,000,000 running timers), one run after the other on 2026-12-06 (a slow day: the machine ran the seed 20–25 % slower than on the record's day): notifications per sweep 15,010 → about 6,000; CPU per 10,000-breach sweep (median, Node + PostgreSQL) 4.23 → 3.39 s; 2,828 → 3,309 breaches/s (median of 3).",
  "**Every history row went to one of three COPY streams** (seed; bench/lib/copy.ts `streamOf`): the load split the history and the outbox over several streams by the first character of the ticket's id — but ids are time-ordered (version 7), and their first digit is the same for every ticket of decades, so one stream took all 13.6 million history rows while the other two stayed empty. The stream now comes from the id's last two (random) digits, with a property test over generated times. 100,000 tickets the same hour: generation 14.3 → 12.0 s, PostgreSQL's COPY CPU 12.0 → 9.0 s.",
  "**Parallel workers on two cores** (seed; bench/lib/load-schema.ts): the two sessions that rebuild keys and indexes after the load each started parallel workers, six processes on two cores, and parallel sorts write each worker's run to temporary files. The rebuild now uses workers only from cores the two sessions leave idle (none here), each sort in memory. One 1,000,000-ticket rebuild, alternating: 34–36 s (53–63 s CPU) without workers, 38–42 s (69–76 s CPU) with them. A COPY stream also fills its written buffers again instead of a new megabyte per chunk (generator CPU −6 to −16 % at 100,000 tickets), and ANALYZE runs on two sessions.",
  "**Every stored string walked character by character for personal numbers** (sweep, intake; app/core/mask.ts): the masking of notification payloads took 150–180 ms of the sweep's Node CPU per 10,000 breaches — each id, date and reference normalised one character at a time (NFKC and three Unicode tests per character) before seven patterns ran. Text with fewer than ten number characters, or without a chain of ten digits joined by single separators once normalised, cannot hold a masked number and is now returned as it is, and ASCII text is normalised without the walk (tests/unit/mask-fast-path.test.ts holds the premises over all code points and generated text). A sweep-like mix of 6,000 payloads: 425–466 ms → 128–150 ms, identical output.",
  "**The recomputation's floor paid the recomputation's page images** (recomputation; ADR 0033, bench/recompute.ts, migration 0045): the bare rewrite the recomputation is compared with ran first, so it wrote the first-touch images of the touched timers' pages in the WAL (after a checkpoint, every page's first change is logged whole) and the recomputation then found them logged — it showed 98 % of its floor. The floor, a second floor with only the primary key of sla_timers, and the recomputation now each start right after a CHECKPOINT, and each shows its WAL and page images: on the same database the recomputation reaches 64 % of its floor, and wrote 150,561 page images against the floor's 67,257 — about one more per moved deadline, from its history entry's index leaf and the key-share lock its foreign key takes on the ticket row. Without its secondary indexes the bare rewrite runs 3.2× faster. The finished-timer guard (a PL/pgSQL row trigger) is now called only for finished timers (a WHEN clause): for running ones it returned at once, yet each call cost about 2.4 µs per written timer (12 ms of a 5,000-timer chunk).",
  "**What the history entries alone cost** (recomputation; ADR 0034, bench/recompute.ts): the bench now appends the recomputation's own `sla.deadline_moved` entries once more, right after a checkpoint and rolled back, and shows the rate they alone would allow beside the read of the touched timers. In the record run they take 4.5 s and the read 1.7 s: 150 % of the time the 50,000/s target allows, so no design that keeps a history entry per moved deadline can meet it here. A one-off simulation of the working-time-position redesign (heap-only updates for the working-time clocks, at fillfactor 80) ran no faster than the bare rewrite: the history entries and the date-based clocks' warnings stay.",
];

export function saveResult(report: BenchReport) {
  writeFileSync(path.join(RESULTS_DIR, `${report.name}.json`), JSON.stringify(report, null, 2) + "\n");
}

export function loadResults(order: string[]): BenchReport[] {
  if (!existsSync(RESULTS_DIR)) return [];
  const all = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(path.join(RESULTS_DIR, f), "utf8")) as BenchReport);
  return all.sort((a, b) => rank(order, a.name) - rank(order, b.name));
}

function rank(order: string[], name: string) {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function verdict(pass: boolean | null | undefined) {
  return pass === true ? "**pass**" : pass === false ? "**FAIL**" : "—";
}

function envLine(e: Environment) {
  return `${e.cores} × ${e.cpus}, ${fmt(e.memoryGiB, 1)} GiB, ${e.os}; Node ${e.node}; ${e.postgres}; load average at start ${e.loadAverage.map((l) => l.toFixed(2)).join(" / ")}; commit ${e.commit}`;
}

export function renderMarkdown(reports: BenchReport[]): string {
  const lines: string[] = [];
  lines.push("# Performance");
  lines.push("");
  lines.push(
    "How the desk's cost grows with its work, measured by `npm run bench` (all benches) or `npm run bench -- <name>` (one of " +
      "`seed`, `deadlines`, `reports`, `sweep`, `recompute`, `breach-latency`, `intake`). This file is written by the runner " +
      "(bench/run.ts) from the newest result of each bench (bench/results/*.json); do not edit it by hand.",
  );
  lines.push("");
  lines.push(
    "Every figure stands beside a baseline measured in the same run on the same machine, because the machines these run on are " +
      "shared and noisy (the load average at the start of each bench is recorded). The benches run against a dedicated database — " +
      "an embedded PostgreSQL under `.data/bench/<pid>` that is removed afterwards unless `--keep`, or `BENCH_DATABASE_URL` — " +
      "migrated with the desk's own migrations and loaded with 1,000,000 tickets by the seed bench. Benchmarks never run in `npm test`.",
  );
  lines.push("");

  // Summary
  lines.push("## Summary");
  lines.push("");
  lines.push("| bench | figure | value | baseline (same run) | target | result |");
  lines.push("|---|---|---:|---|---|---|");
  for (const r of reports) {
    if (r.unavailable) {
      lines.push(`| ${r.name} | ${cell(r.unavailable)} | — | — | — | not available |`);
      continue;
    }
    if (r.error && r.figures.length === 0) {
      lines.push(`| ${r.name} | did not complete: ${cell(r.error.split("\n")[0])} | — | — | — | error |`);
      continue;
    }
    for (const f of r.figures.filter((f) => f.target)) {
      const base = f.baseline ? `${cell(f.baseline.label)}: ${fmtValue(f.baseline.value, f.baseline.unit)}` : "—";
      lines.push(`| ${r.name} | ${cell(f.label)} | ${fmtValue(f.value, f.unit)} | ${base} | ${cell(f.target!)} | ${verdict(f.pass)} |`);
    }
  }
  lines.push("");

  for (const r of reports) {
    lines.push(`## ${r.title}`);
    lines.push("");
    lines.push(
      `Run ${r.startedAt.replace("T", " ").slice(0, 19)} UTC, ${fmt(r.durationMs / 1000, 0)} s.${r.environment ? ` Machine: ${envLine(r.environment)}.` : ""}`,
    );
    lines.push("");
    if (r.unavailable) {
      lines.push(`**Not available yet:** ${r.unavailable}`);
      lines.push("");
    }
    if (r.method.length) {
      lines.push("**Method.**");
      lines.push("");
      for (const m of r.method) lines.push(`- ${m}`);
      lines.push("");
    }
    if (r.figures.length) {
      lines.push("| figure | value | baseline (same run) | target | result | note |");
      lines.push("|---|---:|---|---|---|---|");
      for (const f of r.figures) {
        const base = f.baseline ? `${cell(f.baseline.label)}: ${fmtValue(f.baseline.value, f.baseline.unit)}` : "—";
        lines.push(
          `| ${cell(f.label)} | ${fmtValue(f.value, f.unit)} | ${base} | ${f.target ? cell(f.target) : "—"} | ${verdict(f.pass)} | ${f.note ? cell(f.note) : ""} |`,
        );
      }
      lines.push("");
    }
    if (r.notes.length) {
      lines.push("**Findings.**");
      lines.push("");
      for (const n of r.notes) lines.push(`- ${n}`);
      lines.push("");
    }
    for (const d of r.details ?? []) {
      lines.push(`<details><summary>${d.title}</summary>`);
      lines.push("");
      lines.push("```");
      lines.push(d.text);
      lines.push("```");
      lines.push("");
      lines.push("</details>");
      lines.push("");
    }
    if (r.error) {
      lines.push("**The bench stopped with an error:**");
      lines.push("");
      lines.push("```");
      lines.push(r.error.split("\n").slice(0, 8).join("\n"));
      lines.push("```");
      lines.push("");
    }
  }
  lines.push("## Changes made to the desk for these figures");
  lines.push("");
  lines.push(
    "Where a target was missed because of the desk's own code, the code was changed (the smallest change that removed the cause; the SLA, guarantee, notification and ticket tests pass):",
  );
  lines.push("");
  for (const c of CHANGES) lines.push(`- ${c}`);
  lines.push("");
  const envs = reports.map((r) => r.environment).filter((e): e is Environment => !!e);
  const last = envs[envs.length - 1];
  if (last) {
    lines.push("## Database");
    lines.push("");
    lines.push(
      `${last.database}.${
        Object.keys(last.settings).length
          ? ` Settings changed from PostgreSQL's defaults for the run: ${Object.entries(last.settings)
              .map(([k, v]) => `\`${k} = ${v}\``)
              .join(", ")} (memory and checkpoint spacing only; fsync and synchronous_commit as shipped).`
          : ""
      }`,
    );
    lines.push("");
  }
  return lines.join("\n");
}

export function writeMarkdown(order: string[]) {
  writeFileSync(PERFORMANCE_MD, renderMarkdown(loadResults(order)));
}
