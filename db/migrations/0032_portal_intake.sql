-- Issue 21 (customer portal): where a postal answer goes (우편 chosen on a form), and the
-- 개인정보 수집·이용 동의 a public form's customer gave — the wording version and when. The postal
-- address is personal data: the retention job empties it with the rest (app/privacy).
ALTER TABLE "tickets" ADD COLUMN "postal_address" text;
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "privacy_consent_version" text;
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "privacy_consented_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "status_subscriptions" ADD COLUMN "privacy_consent_version" text;
--> statement-breakpoint
ALTER TABLE "status_subscriptions" ADD COLUMN "privacy_consented_at" timestamp with time zone;
