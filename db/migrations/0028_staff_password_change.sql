-- A password set by an administrator (a new account, a reset) must be replaced by its owner at
-- the next login; the desk refuses every other page until then.
ALTER TABLE "staff" ADD COLUMN "must_change_password" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- An API token may be given an end date; after it the token no longer authenticates.
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;
