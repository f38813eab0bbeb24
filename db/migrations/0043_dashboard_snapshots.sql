-- The manager dashboard as last computed per period and team (ADR 0026): every web process
-- serves the same snapshot, at most a minute old, and the reports.dashboard-refresh job keeps
-- the pages someone is looking at fresh. `key` is the period's dates and the team's id ('' for
-- every team); `viewed_at` says which pages are worth recomputing and when one may be dropped.
-- Its journal time is later than 0044's: drizzle applies only migrations newer than the last one
-- a database ran, and databases that ran 0044 first must still get this one.
CREATE TABLE IF NOT EXISTS "dashboard_snapshots" (
	"key" text PRIMARY KEY NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"viewed_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "dashboard_snapshots_viewed_idx" ON "dashboard_snapshots" USING btree ("viewed_at");
