-- Status-page subscriptions are confirmed before anything is sent (double opt-in): a link goes to
-- the address; only a subscription whose link was followed receives outage notices. Rows made
-- before this rule were never confirmed and stay unconfirmed (subscribing again sends the link).
ALTER TABLE "status_subscriptions" ADD COLUMN "confirmed_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "status_subscriptions" ADD COLUMN "confirm_token_hash" text;
--> statement-breakpoint
ALTER TABLE "status_subscriptions" ADD COLUMN "confirm_sent_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "status_subscriptions" ADD CONSTRAINT "status_subscriptions_confirm_token_hash_unique" UNIQUE ("confirm_token_hash");
